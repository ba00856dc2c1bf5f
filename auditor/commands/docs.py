"""``auditor docs [NAME]``: where the documentation is (it ships inside the package and the single file),
or one document's text (the single file's folder exists only while it runs)."""

from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("docs", help=_("print where the documentation is and list it, or print one document"))
    p.add_argument("name", nargs="?", metavar="NAME", help=_("a document to print, such as formats.md"))
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from auditor.content.loader import content_root
    from auditor.errors import InputError

    folder = content_root() / "docs"
    docs = {doc.name: doc for doc in sorted(folder.glob("*.md"))}
    if args.name is None:
        print(folder)
        for name in docs:
            print(f"  {name}")
        return 0
    doc = docs.get(args.name) or docs.get(f"{args.name}.md")
    if doc is None:
        raise InputError.one(args.name, _("no such document; the documents are: {names}").format(names=", ".join(docs)))
    sys.stdout.write(doc.read_text(encoding="utf-8"))
    return 0
