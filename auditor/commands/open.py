import sys
from pathlib import Path

from auditor.commands import scenarios_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser("open", help=_("open an audit file in the app"))
    p.add_argument("file", type=audit_file)
    scenarios_option(p)  # for the exercises (F11), as `auditor exercise --scenarios DIR`
    p.set_defaults(func=run)


def run_plain_remembered(path: Path) -> int:
    """Plain mode on ``path``, remembered as the last audit (as the app does) so the next bare
    ``auditor`` offers to resume it."""
    from auditor.interview.plain import run_plain
    from auditor.tui import paths

    # A shipped example is worked on as a private copy in the audits folder.
    code = run_plain(path, sys.stdin, sys.stdout, copies=paths.data_dir())
    if Path(path).is_file():
        paths.remember_last(paths.data_dir(), Path(path))
    return code


def run(args) -> int:
    from auditor.commands.interview import wants_plain

    # No screen to draw the app on: the same interview in plain lines (a presentation needs its screen).
    if not getattr(args, "present", False) and wants_plain():
        from auditor.interview.plain import choose_audit
        from auditor.tui import paths

        folder = paths.data_dir()
        path = getattr(args, "file", None) or choose_audit(paths.read_last(folder), paths.default_audit_path(folder), sys.stdin, sys.stdout)
        if path is None:
            return 0
        return run_plain_remembered(path)
    from auditor.tui.app import run as run_app

    # `auditor present` runs through here too: this is the one command module that reaches the app.
    return run_app(
        getattr(args, "file", None), present=getattr(args, "present", False), extra_rules=tuple(getattr(args, "rules", None) or ()),
        scenario_dirs=tuple(getattr(args, "scenarios", None) or ()),
    )
