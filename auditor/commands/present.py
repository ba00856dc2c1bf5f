from pathlib import Path

from auditor.commands import rules_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    from auditor.commands.open import run  # the one command module that reaches the app

    p = sub.add_parser(
        "present",
        help=_("presentation mode for a shared screen: about 20 slides a room can follow, one at a time"),
        description=_(
            "Opens an audit in presentation mode for a room or a call: a title and the agenda, each threat with an example "
            "and questions for the group, the scores, the five heaviest findings (each once, across tools), the first five "
            "changes of the plan, what remains and the next steps; m: the other findings and changes. Right/Space: next; "
            "Left/Backspace: back; 1-7: jump to a part; i: rule ids and points; n: the group's notes (off by default); c: high contrast (on by default, "
            "remembered); Escape: quit. The file is only read, never changed."
        ),
    )
    p.add_argument("file", type=audit_file, help=_("audit file (YAML, or .age when encrypted)"))
    rules_option(p)
    p.set_defaults(func=run, present=True)
