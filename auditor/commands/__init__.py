"""One module per subcommand. Each exposes ``add_parser(subparsers)`` which
registers the command and sets ``func`` to a handler returning an exit code.

To add a command, write a module here and list it in MODULES: nothing else
changes, and modules are imported only when the parser is built. What several
commands share (options, loading the content, the plaintext guard) lives below.
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
    "example",
    "docs",
    "completion",
)


def rules_option(parser) -> None:
    parser.add_argument(
        "--rules", action="append", metavar="FILE", help=_("an extra rule file (your group's own rules); repeatable")
    )


def scenarios_option(parser) -> None:
    """``--scenarios DIR`` (repeatable): a group's own scenario folders, besides the shipped ones
    (``auditor.facilitation.scenarios.load_scenarios``)."""
    from pathlib import Path

    parser.add_argument("--scenarios", action="append", metavar="DIR", type=Path, help=_("a folder of your own scenario files (*.yaml); repeatable"))


def load_content(args):
    from auditor.content.loader import load_content as _load

    return _load(extra_rules=getattr(args, "rules", None) or ())


def plaintext_option(parser) -> None:
    """``--plaintext`` for a command that only prints (diff, history): see ``guard_plaintext_inputs``."""
    parser.add_argument(
        "--plaintext", action="store_true",
        help=_("print even when a file is encrypted (.age): what it holds goes unencrypted to the terminal or wherever the output leads (not recommended; refused by default)"),
    )


def guard_plaintext_output(source, encrypted: bool, plaintext: bool, what: str, *, can_write: bool = True) -> None:
    """Printing what an encrypted audit holds puts it in the clear (a terminal's scrollback, a pipe,
    a redirect to a file): refused unless ``--plaintext``, and then said on stderr.

    ``what`` names the output (``N_("the report")``, translated here); ``can_write``: the command can write it
    encrypted instead (-o NAME.age), which the refusal then offers."""
    import sys

    from auditor.errors import InputError, shown

    if not encrypted:
        return
    if not plaintext:
        if can_write:
            message = _("is encrypted, so {what} is not printed unencrypted: add --plaintext to print anyway, or give -o NAME.age to write it encrypted; nothing was written")
        else:
            message = _("is encrypted, so {what} is not printed unencrypted: add --plaintext to print anyway; nothing was printed")
        raise InputError.one(source, message.format(what=_(what)))
    print(_("auditor: warning: {source} is encrypted but {what} is printed in plaintext (--plaintext)").format(source=shown(source), what=_(what)), file=sys.stderr)


def guard_plaintext_inputs(paths, plaintext: bool, what: str) -> None:
    """``guard_plaintext_output`` for each encrypted file among ``paths`` of a command that only prints,
    before any is decrypted: a refusal asks for no passphrase. A path that is not a file is left
    to the reader, whose error names it."""
    from pathlib import Path

    from auditor.audits import storage

    for path in dict.fromkeys(paths):
        encrypted = Path(path).is_file() and storage.uses_encryption(path)
        guard_plaintext_output(path, encrypted, plaintext, what, can_write=False)
