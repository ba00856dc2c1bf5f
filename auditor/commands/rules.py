import json

from auditor.commands import load_content, rules_option
from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("rules", help=_("list the rules with their reasons and sources"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    rules_option(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.textout import rules_rows, rules_text

    content = load_content(args)
    if not args.json:
        print(rules_text(content))
        return 0
    counts = {t: sum(1 for r in content.rules if t in r.threats) for t in content.threats}
    payload = {
        "rulesets": [{"id": r.id, "version": r.version, "file": r.file, "rules": r.rules} for r in content.rulesets],
        "threats": {t: {"title": th.title, "summary": th.summary, "rules": counts[t]} for t, th in content.threats.items()},
        "rules": rules_rows(content),
    }
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0
