"""Command line: `auditor` opens the app; subcommands score, validate and list content.

Exit codes: 0 success; 2 bad input or usage (the message names file, line and
field); 70 an internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from auditor import __version__, i18n
from auditor.commands import MODULES
from auditor.errors import InputError
from auditor.i18n import _

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 2, 70, 130


def _lang_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """``--lang`` on the parser and every subcommand under it, so it works before or after the command."""
    parser.add_argument(
        "--lang",
        metavar="CODE",
        # SUPPRESS below the top: a subcommand must not reset what was given before the command.
        default=None if top else argparse.SUPPRESS,
        help=_("language of everything shown: en or es (default: from LANGUAGE, LC_ALL, LC_MESSAGES or LANG)"),
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _lang_option(child)
                child.add_argument("--version", action="version", version=f"auditor {__version__}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditor",
        description=_("What could our tools expose about the people who call us? Run with no command to open the app."),
        epilog=_("Exit codes: 0 ok, 2 bad input or usage, 70 internal error. Everything works offline."),
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(f"auditor.commands.{name}").add_parser(sub)
    _lang_option(parser, top=True)
    return parser


def requested_lang(argv: list[str]) -> str | None:
    """The last ``--lang`` in argv (read before the parser is built, so its help is translated too)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def choose_language(argv: list[str]) -> str:
    """Pick the language once, at start-up; an unsupported ``--lang`` falls back to English, said on stderr."""
    wanted = requested_lang(argv)
    code = i18n.choose(wanted)
    if wanted and code != i18n.code_of(wanted):
        print(
            _("auditor: language {wanted!r} is not available; using English (available: {codes})").format(
                wanted=wanted, codes=", ".join(i18n.SUPPORTED)
            ),
            file=sys.stderr,
        )
    return code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    choose_language(argv)
    args = build_parser().parse_args(argv)
    if args.command is None:
        from auditor.commands.open import run as open_app

        args.func, args.file = open_app, None
    try:
        return args.func(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"auditor: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into `head` and closed early: not worth a traceback.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # a bug, not the user's fault: say so briefly
        if os.environ.get("AUDITOR_DEBUG"):
            raise
        print(_("auditor: internal error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), file=sys.stderr)
        print(_("auditor: this is a bug; nothing was changed. Re-run with AUDITOR_DEBUG=1 for details."), file=sys.stderr)
        return EXIT_INTERNAL
