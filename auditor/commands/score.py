from pathlib import Path

from auditor.commands import load_content, rules_option
from auditor.i18n import _
from auditor.audits.examples import audit_file


def add_parser(sub) -> None:
    p = sub.add_parser("score", help=_("score an audit: per-threat scores, findings with reasons, ranked proposals"))
    p.add_argument("file", type=audit_file, help=_("audit file (YAML, or .age encrypted)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output (compact: each rule's text once, see docs/formats.md)"))
    p.add_argument("--indent", type=int, metavar="N", help=_("with --json: indent by N spaces, for reading"))
    p.add_argument("--top", type=int, default=10, help=_("how many proposals to list (text output; default 10)"))
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.audits.model import open_audit
    from auditor.engine.assessment import Assessment, assessment_dict
    from auditor.textout import score_text

    import sys

    from auditor.audits import storage
    from auditor.errors import shown

    content = load_content(args)
    audit = open_audit(args.file, content)
    if storage.uses_encryption(args.file) and not sys.stdout.isatty():
        # Scores are what the user asked to see; but a pipe or redirect may be a plaintext file.
        print(_("auditor: warning: {file} is encrypted; its scores and findings go unencrypted to where standard output leads").format(file=shown(args.file)), file=sys.stderr)
    assessment = Assessment.of(audit, content)
    if args.json:
        from auditor.reports import jsondoc

        jsondoc.write(assessment_dict(assessment, source=str(args.file)), sys.stdout, indent=args.indent)
    else:
        print(score_text(assessment, source=str(args.file), top=args.top))
    return 0
