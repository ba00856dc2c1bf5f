import sys
from pathlib import Path

from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "interview",
        help=_("answer an audit's questions: in the app, or --plain as plain lines (screen readers, pipes)"),
        description=_(
            "The audit's interview. --plain asks it as plain lines on stdin and stdout: no colour, no cursor "
            "movement. It is chosen by itself when TERM=dumb or the output is not a terminal."
        ),
    )
    p.add_argument("file", type=audit_file, help=_("the audit file (created if it does not exist; saved after every answer)"))
    p.add_argument("--plain", action="store_true", help=_("plain lines instead of the app"))
    p.set_defaults(func=run)


def wants_plain() -> bool:
    """No screen to draw on: a dumb terminal, or output going to a pipe or a file."""
    import os

    return os.environ.get("TERM") == "dumb" or not sys.stdout.isatty()


def run(args) -> int:
    if args.plain or wants_plain():
        from auditor.commands.open import run_plain_remembered

        return run_plain_remembered(args.file)
    from auditor.commands.open import run as open_app

    return open_app(args)
