"""One module per subcommand. Each exposes ``add_parser(subparsers)`` which
registers the command and sets ``func`` to a handler returning an exit code.

To add a command, write a module here and list it in MODULES: nothing else
changes, and modules are imported only when the parser is built.
"""

from auditor.i18n import _

MODULES = (
    "open",
    "score",
    "report",
    "validate",
    "rules",
    "catalog",
    "encrypt",
    "forget",
    "cycle",
    "diff",
    "history",
    "action",
    "worksheet",
    "exercise",
    "interview",
    "present",
)


def rules_option(parser) -> None:
    parser.add_argument(
        "--rules", action="append", metavar="FILE", help=_("an extra rule file (your group's own rules); repeatable")
    )


def load_content(args):
    from auditor.content.loader import load_content as _load

    return _load(extra_rules=getattr(args, "rules", None) or ())
