"""Writing files the way a sensitive audit deserves: atomically and privately.

Every file auditor writes goes through ``write_private``: a temp file in the
same folder (so the rename stays on one filesystem), fsync, rename over the
target, fsync the folder. A crash leaves the old file or the new one, never a
half-written one. Files are created 0600 so other users on the machine cannot
read them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600


def write_private(path: str | Path, data: bytes | str) -> Path:
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)
    return path


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_new_private(path: str | Path, data: bytes | str) -> Path:
    """Like write_private, but never replaces an existing file (for reports)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(str(path))
    return write_private(path, data)
