"""Command line: `auditor` opens the app; subcommands score, validate and list content.

Exit codes: 0 success; 2 bad input or usage (the message names file, line and
field); 70 an internal error (a bug: please report it); 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from auditor import __version__
from auditor.commands import MODULES
from auditor.errors import InputError

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 2, 70, 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="auditor",
        description="What could our tools expose about the people who call us? Run with no command to open the app.",
        epilog="Exit codes: 0 ok, 2 bad input or usage, 70 internal error. Everything works offline.",
    )
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(f"auditor.commands.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
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
        print(f"auditor: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("auditor: this is a bug; nothing was changed. Re-run with AUDITOR_DEBUG=1 for details.", file=sys.stderr)
        return EXIT_INTERNAL
