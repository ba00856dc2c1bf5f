"""No lost update between two writers: a save replaces a file only if it is still the one that was read.

The app and `auditor action FILE`, two windows, or a synced copy may each hold an audit and
save it; the atomic rename keeps the file whole, but the last writer would silently drop
what the other wrote. So every reader remembers what it saw (``Seen``: size, mtime and a
SHA-256 of the bytes), and every save first checks the file on disk against it (``check``).
Equal size and mtime are trusted only when the mtime is well before the moment the file was
read (a write in the same clock tick can keep both); otherwise the bytes are hashed again.
A changed file raises ``FileChanged`` and nothing is written: the CLI exits 2, the app asks.

No lock file is used (a lock file beside an audit is itself a trace). The check runs just
before the rename, so only a write in those microseconds can still be lost.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError, Problem
from auditor.i18n import _

# Filesystems keep mtimes to 1 ns (ext4, APFS), 100 ns (NTFS) or 2 s (FAT); a network share's
# clock may differ. An mtime this close to the read, or after it, is not trusted alone.
_TRUST_AFTER_NS = 3 * 1_000_000_000
_READ_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Seen:
    """What one reader (or writer) saw of a file, and when."""

    path: str  # absolute
    size: int
    mtime_ns: int
    digest: str  # SHA-256 of the bytes read or written
    at_ns: int  # wall clock just before they were read or written

    @classmethod
    def of(cls, path: str | Path, data: bytes, since_ns: int) -> "Seen":
        """The file at ``path`` as it stands after ``data`` was read from it or written to it;
        ``since_ns`` is ``time.time_ns()`` taken before that read or write began."""
        try:
            info = os.stat(path)
        except OSError:  # gone again already: the next save finds a change, never a match
            return cls(_key(path), -1, 0, _digest(data), since_ns)
        return cls(_key(path), info.st_size, info.st_mtime_ns, _digest(data), since_ns)


class FileChanged(InputError):
    """The file was written by someone else since it was read; nothing was written."""

    def __init__(self, path: str | Path, gone: bool = False):
        what = _("was deleted or moved") if gone else _("was changed by another program (another window, `auditor action`, or a synced copy)")
        message = _("{what} since it was read; nothing was written. Run the command again on the file as it is now.")
        super().__init__([Problem(str(path), message.format(what=what))])
        self.path, self.gone = Path(path), gone


def now() -> int:
    return time.time_ns()


def _key(path: str | Path) -> str:
    return os.path.abspath(path)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expected(seen: Seen | None, path: str | Path) -> Seen | None:
    """What a save to ``path`` must find there: ``seen`` if it is of that file, else nothing
    (a save to a new name, a copy, a file made by this writer)."""
    return seen if seen is not None and seen.path == _key(path) else None


def check(path: str | Path, expect: Seen | None) -> None:
    """Raise FileChanged unless the file at ``path`` is still the one ``expect`` saw."""
    if expect is None:
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileChanged(path, gone=True) from None
    if info.st_size != expect.size:
        raise FileChanged(path)
    if info.st_mtime_ns == expect.mtime_ns and info.st_mtime_ns < expect.at_ns - _TRUST_AFTER_NS:
        return
    try:
        with open(path, "rb") as fh:
            data = fh.read(_READ_LIMIT)
    except OSError:
        raise FileChanged(path) from None
    if _digest(data) != expect.digest:
        raise FileChanged(path)


_DOUBLE = re.compile(r"^(?P<stem>.+?)(?P<suffix>(\.[A-Za-z0-9]{1,5}){0,2})$")


def keep_both_path(path: str | Path, label: str) -> Path:
    """A free name next to ``path`` for a second version: ``spring.yaml`` -> ``spring-LABEL.yaml``
    (``-LABEL-2`` if taken), ``spring.yaml.age`` -> ``spring-LABEL.yaml.age``."""
    path = Path(path)
    m = _DOUBLE.match(path.name)
    stem, suffix = (m.group("stem"), m.group("suffix")) if m else (path.name, "")
    candidate, n = path.with_name(f"{stem}-{label}{suffix}"), 2
    while candidate.exists():
        candidate, n = path.with_name(f"{stem}-{label}-{n}{suffix}"), n + 1
    return candidate
