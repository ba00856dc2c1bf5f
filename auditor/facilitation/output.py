"""Write a facilitation document the way reports are written: private (0600), never over a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.reports import write_new


def write(data: str, name: str, path: str | Path | None = None) -> Path:
    """Write ``data`` to ``path`` (refused if it exists) or to reports/<date>-<name>, adding -2, -3... if taken."""
    return write_new(data, f"{dt.date.today().isoformat()}-{name}", path)
