import sys
from pathlib import Path

from auditor.commands import rules_option
from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help=_("check checklist, ruleset, catalog and audit files (default: the shipped ones and the examples)"))
    p.add_argument("paths", nargs="*", help=_("files or folders"))
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.content.validate import validate_paths

    warnings: list = []
    missing: list = []
    problems, checked = validate_paths([Path(p) for p in args.paths], extra_rules=args.rules or (), warnings=warnings, missing=missing)
    for problem in problems + warnings + missing:
        print(f"auditor: {problem}", file=sys.stderr)
    if problems:
        print(_("auditor: {problems} problem(s) in {checked} file(s)").format(problems=len(problems), checked=checked), file=sys.stderr)
        return 2
    line = _("ok: {checked} file(s) valid").format(checked=checked)
    if warnings:
        line += _("; {n} warning(s) about personal data").format(n=len(warnings))
    if missing:
        line += _("; {n} file(s) not fully translated (listed above)").format(n=len(missing))
    print(line)
    return 0
