import sys
from pathlib import Path

from auditor.commands import rules_option


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check checklist, ruleset, catalog and audit files (default: the shipped ones and the examples)")
    p.add_argument("paths", nargs="*", help="files or folders")
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.content.validate import validate_paths

    warnings: list = []
    problems, checked = validate_paths([Path(p) for p in args.paths], extra_rules=args.rules or (), warnings=warnings)
    for problem in problems + warnings:
        print(f"auditor: {problem}", file=sys.stderr)
    if problems:
        print(f"auditor: {len(problems)} problem(s) in {checked} file(s)", file=sys.stderr)
        return 2
    print(f"ok: {checked} file(s) valid" + (f"; {len(warnings)} warning(s) about personal data" if warnings else ""))
    return 0
