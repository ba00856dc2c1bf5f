"""Errors that are the user's to fix, reported as file:line: field: message.

Anything raised as an ``InputError`` reaches the user as a plain message and
exit code 2; it never becomes a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# C0 and C1 control characters except tab and newline: a file name like $'\e]0;x\a.yaml'
# printed raw would drive the terminal it is shown in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text) -> str:
    """``text`` (a file name, a name) for a terminal: control characters escaped as \\xNN."""
    text = str(text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if _CONTROL.search(text) else text


MAX_PROBLEMS = 20  # problems shown for one refusal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input file."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = shown(self.file) if self.line is None else f"{shown(self.file)}:{self.line}"
        what = f"{shown(self.field)}: " if self.field else ""
        return f"{where}: {what}{shown(self.message)}"


@dataclass
class InputError(Exception):
    """One or more problems with input files; the CLI prints them and exits 2."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A file with thousands of wrong entries is refused in a screenful, not thousands of lines.
        if len(self.problems) > MAX_PROBLEMS + 1:
            rest = len(self.problems) - MAX_PROBLEMS
            self.problems = self.problems[:MAX_PROBLEMS] + [Problem(self.problems[MAX_PROBLEMS].file, f"... and {rest:,} more problems (showing the first {MAX_PROBLEMS})")]

    @classmethod
    def one(cls, file: str | Path, message: str, line: int | None = None, field: str | None = None) -> "InputError":
        return cls([Problem(str(file), message, line, field)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def field_path(parts) -> str:
    """Render a JSON path like ('tools', 2, 'answers', 'retention') as tools[2].answers.retention."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class WrongPassphrase(InputError):
    """An encrypted file could not be opened with the passphrase given. Nothing was changed."""


class PassphraseNeeded(WrongPassphrase):
    """An encrypted file was opened without a passphrase (set AUDITOR_PASSPHRASE or run in a terminal)."""
