from pathlib import Path

from auditor.commands import load_content
from auditor.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser(
        "worksheet",
        help=_("write a printable worksheet of the checklists, for groups that fill in an audit on paper"),
        description=(
            _("Write the checklists as a self-contained printable HTML page (no scripts, nothing fetched): every "
            "question with why we ask it, a tick box per answer, 'don't know' always, four tool columns. It has no "
            "place for names or phone numbers. By default it goes to reports/<date>-worksheet.html, private (0600); "
            "an existing file is never overwritten.")
        ),
    )
    p.add_argument("-o", "--output", metavar="PATH", type=Path, help=_("write here instead (refused if a file exists); '-' prints to standard output"))
    p.set_defaults(func=run)


def run(args) -> int:
    import sys

    from auditor.facilitation import output, worksheet

    text = worksheet.render(load_content(args))
    if str(args.output) == "-":
        sys.stdout.write(text)
        return 0
    path = output.write(text, "worksheet.html", args.output)
    print(_("wrote {path}").format(path=path))
    return 0
