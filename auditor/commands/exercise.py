from pathlib import Path

from auditor.commands import guard_plaintext_output, load_content, rules_option, scenarios_option
from auditor.i18n import N_, _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "exercise",
        help=_("'what if this happened?' exercises built from an audit's own tools and records"),
        description=(
            _("For each scenario (a subpoena to a provider, a seized phone, a mandated reporter reading the chat, a "
            "forwarded screenshot, and any you add), say for each of the audit's tools it fits what would be exposed, "
            "about whom, since when, and which plan items would shrink it. Text goes to standard output unless -o is "
            "given; HTML (one printed page per scenario) goes to reports/<date>-<audit>-exercises.html, private "
            "(0600), never over an existing file.")
        ),
    )
    p.add_argument("file", type=audit_file, help=_("audit file (YAML)"))
    p.add_argument("--format", "-f", choices=("text", "html"), default="text", help=_("output format (default: text)"))
    p.add_argument("-o", "--output", metavar="PATH", help=_("write here instead (refused if a file exists); '-' prints to standard output"))
    p.add_argument(
        "--plaintext", action="store_true",
        help=_("an encrypted audit's exercises unencrypted: printed, or written without .age (by default they are written encrypted with its passphrase)"),
    )
    scenarios_option(p)
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import re
    import sys

    from auditor.audits.model import open_audit
    from auditor.engine.assessment import Assessment
    from auditor.facilitation import exercise, output
    from auditor.facilitation.scenarios import load_scenarios

    from auditor.audits import storage

    content = load_content(args)
    scenarios = load_scenarios(content, args.scenarios or ())
    passphrase = storage.ask_passphrase(args.file) if storage.uses_encryption(args.file) else None
    audit = open_audit(args.file, content, passphrase)
    exercises = exercise.build(Assessment.of(audit, content), scenarios)
    if args.format == "html":
        text = exercise.render_html(exercises, audit.title, audit.id)
    else:
        text = exercise.render_text(exercises)
    if args.output == "-" or (args.output is None and args.format == "text"):
        guard_plaintext_output(args.file, passphrase is not None, args.plaintext, N_("the exercises"))
        sys.stdout.write(text)
        return 0
    stem = re.sub(r"[^a-z0-9]+", "-", args.file.name.removesuffix(".age").rsplit(".", 1)[0].lower())
    name = f"{stem.strip('-')[:40] or 'audit'}-exercises.{'html' if args.format == 'html' else 'txt'}"
    if (passphrase and not args.plaintext) or (args.output and storage.wants_encryption(args.output)):
        key = passphrase or storage.ask_passphrase(args.output, confirm=True)
        path = output.write(text, name, args.output, encrypt_with=key)
    else:
        path = output.write(text, name, args.output)
    print(_("wrote {path}").format(path=path))
    return 0
