"""``auditor docs``: where the documentation is (it ships inside the package and the single file)."""

from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("docs", help=_("print where the documentation is and list it"))
    p.set_defaults(func=run)


def run(args) -> int:
    from auditor.content.loader import content_root

    folder = content_root() / "docs"
    print(folder)
    for doc in sorted(folder.glob("*.md")):
        print(f"  {doc.name}")
    return 0
