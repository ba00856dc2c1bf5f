"""Write a facilitation document the way reports are written: private (0600), never over a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.audits.storage import write_new_private
from auditor.errors import InputError

DEFAULT_DIR = Path("reports")
MAX_SUFFIX = 99


def write(data: str, name: str, path: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` (refused if it exists) or to reports/<date>-<name>, adding -2, -3... if taken."""
    if path is not None:
        path = Path(path)
        if path.is_dir():
            raise InputError.one(path, "is a folder; give a file name")
        try:
            return write_new_private(path, data)
        except FileExistsError:
            raise InputError.one(path, "a file is already there; it is never overwritten. Choose another name or move the old one.") from None
        except OSError as exc:
            raise InputError.one(path, f"cannot write: {exc.strerror or exc}") from None
    folder = DEFAULT_DIR
    if folder.exists() and not folder.is_dir():
        raise InputError.one(folder, "is a file, not a folder")
    full = f"{dt.date.today().isoformat()}-{name}"
    stem, dot, ext = full.rpartition(".")
    for n in range(1, MAX_SUFFIX + 1):
        candidate = folder / (full if n == 1 else f"{stem}-{n}{dot}{ext}")
        if candidate.exists():
            continue
        try:
            return write_new_private(candidate, data)
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError.one(candidate, f"cannot write: {exc.strerror or exc}") from None
    raise InputError.one(folder, f"already holds {MAX_SUFFIX} files named {full}; move some away first")
