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


def run(args) -> int:
    from auditor.commands.interview import wants_plain

    # No screen to draw the app on: the same interview in plain lines (a presentation needs its screen).
    if not getattr(args, "present", False) and wants_plain():
        from auditor.interview.plain import run_plain
        from auditor.tui import paths

        folder = paths.data_dir()
        path = getattr(args, "file", None) or paths.read_last(folder) or paths.default_audit_path(folder)
        return run_plain(path, sys.stdin, sys.stdout, copies=folder)
    from auditor.tui.app import run as run_app

    # `auditor present` runs through here too: this is the one command module that reaches the app.
    return run_app(
        getattr(args, "file", None), present=getattr(args, "present", False), extra_rules=tuple(getattr(args, "rules", None) or ()),
        scenario_dirs=tuple(getattr(args, "scenarios", None) or ()),
    )
