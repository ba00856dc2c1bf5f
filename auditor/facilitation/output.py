"""Write a facilitation document the way reports are written: private (0600), never over a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.reports import write_new


def write(data: str, name: str, path: str | Path | None = None, *, encrypt_with: str | None = None) -> Path:
    """Write ``data`` to ``path`` (refused if it exists) or to reports/<date>-<name>, adding -2, -3... if taken.
    With ``encrypt_with`` (an encrypted audit's passphrase) it is an age file ending in .age."""
    name = f"{dt.date.today().isoformat()}-{name}"
    if encrypt_with is None:
        return write_new(data, name, path)
    from auditor.audits import storage

    return write_new(
        data, name, path, suffix=storage.ENCRYPTED_SUFFIX,
        writer=lambda target, text: storage.write_encrypted(target, text, encrypt_with, new=True),
    )
