import json

from auditor.commands import load_content
from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("catalog", help=_("list the tool catalog with its sourced, dated facts"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.textout import catalog_rows, catalog_text

    content = load_content(args)
    if not args.json:
        print(catalog_text(content))
        return 0
    payload = {
        "categories": content.categories,
        "sources": {k: {"title": s.title, "where": s.where, "as_of": s.as_of} for k, s in content.sources.items()},
        "tools": catalog_rows(content),
    }
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0
