from pathlib import Path

from auditor.commands import guard_plaintext_output, load_content, rules_option
from auditor.i18n import N_, _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser(
        "report",
        help=_("write a report: Markdown, printable HTML, JSON or CSV; full or a shareable summary"),
        description=(
            _("Write a report of an audit. By default it goes to reports/ in the current folder with a date-stamped "
            "name (e.g. reports/2026-11-20-spring-full.html), private (mode 0600); an existing report is never "
            "overwritten. --summary leaves out tool names, the tool-by-tool map and notes, for sharing.")
        ),
    )
    p.add_argument("file", type=audit_file, help=_("audit file (YAML)"))
    p.add_argument("--format", "-f", choices=("md", "html", "json", "csv"), default="html", help=_("report format (default: html)"))
    p.add_argument("--summary", action="store_true", help=_("a shareable summary: scores and the plan in general terms, no tool names or notes"))
    p.add_argument("-o", "--output", metavar="PATH", help=_("write here instead (refused if a file exists); '-' prints to standard output"))
    p.add_argument("--out-dir", metavar="DIR", type=Path, help=_("folder for the date-stamped report (default: reports/)"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help=_("date shown in the report and its file name (default: today)"))
    p.add_argument(
        "--plaintext", action="store_true",
        help=_("write an encrypted audit's report unencrypted, or print it with -o - (not recommended; by default it is encrypted with the audit's passphrase, and printing is refused)"),
    )
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    import datetime as dt
    import sys

    from auditor import reports
    from auditor.audits.model import open_audit
    from auditor.errors import InputError
    from auditor.engine.assessment import Assessment

    date = args.date
    if date is not None:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            raise InputError.one("--date", _("expected YYYY-MM-DD, got {date!r}").format(date=date)) from None
    from auditor.audits import storage
    from auditor.errors import shown

    content = load_content(args)
    passphrase = storage.ask_passphrase(args.file) if storage.uses_encryption(args.file) else None
    audit = open_audit(args.file, content, passphrase)
    assessment = Assessment.of(audit, content)
    if args.output == "-":
        guard_plaintext_output(args.file, passphrase is not None, args.plaintext, N_("the report"))
        sys.stdout.write(reports.render(assessment, args.format, args.summary, date=date, source=args.file))
        return 0
    wants_age = args.output is not None and storage.wants_encryption(args.output)
    if (passphrase and not args.plaintext) or wants_age:
        if passphrase is None:
            passphrase = storage.ask_passphrase(args.output, confirm=True)
        path = _write_encrypted(reports, assessment, args, date, passphrase)
        print(_("wrote {path} (encrypted with the audit's passphrase; `age -d` opens it too)").format(path=shown(path)))
        return 0
    if passphrase and args.plaintext:
        print(_("auditor: warning: {file} is encrypted but this report is not (--plaintext); delete it when done").format(file=shown(args.file)), file=sys.stderr)
    path = reports.write(
        assessment, args.format, args.summary, path=args.output, out_dir=args.out_dir, date=date, source=args.file
    )
    print(_("wrote {path}").format(path=shown(path)))
    return 0


def _write_encrypted(reports, assessment, args, date, passphrase):
    """The report as an age file (never overwriting), named like reports.write names it plus .age."""
    from auditor.audits import storage

    text = reports.render(assessment, args.format, args.summary, date=date, source=args.file)
    name = reports.default_name(assessment, args.format, args.summary, date=date, source=args.file)
    return reports.write_new(
        text, name, args.output, args.out_dir, suffix=storage.ENCRYPTED_SUFFIX,
        writer=lambda path, data: storage.write_encrypted(path, data, passphrase, new=True),
    )

