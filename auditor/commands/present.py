from pathlib import Path

from auditor.commands import load_content, rules_option
from auditor.i18n import _


def add_parser(sub) -> None:
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
    p.add_argument("file", type=Path, help=_("audit file (YAML, or .age when encrypted)"))
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits.model import open_audit
    from auditor.errors import InputError
    from auditor.tui.app import make_app

    if args.file.is_dir():
        raise InputError.one(args.file, _("is a folder; give an audit file"))
    content = load_content(args)
    audit = open_audit(args.file, content)  # bad input: file, line, field, exit 2, before any screen
    app = make_app(args.file, content=content, audit=audit, present=True)
    app.run()
    return app.return_code or 0
