from pathlib import Path

from auditor.commands import rules_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    from auditor.commands.open import run  # the one command module that reaches the app

    p = sub.add_parser(
        "present",
        help=_("presentation mode for a shared screen: threats, findings and plan, one at a time"),
        description=_(
            "Opens an audit in presentation mode for a room or a call: each threat with an example and questions for "
            "the group, then each finding in plain words, then each plan item. Right/Space: next; Left/Backspace: back; "
            "i: rule ids and points; n: the group's notes (off by default); c: high contrast (on by default, "
            "remembered); Escape: quit. The file is only read, never changed."
        ),
    )
    p.add_argument("file", type=audit_file, help=_("audit file (YAML, or .age when encrypted)"))
    rules_option(p)
    p.set_defaults(func=run, present=True)
