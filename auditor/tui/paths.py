"""Where audits live and the small state file that remembers the last one.

Kept apart from ``session`` so the first screen comes up without loading the core.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from auditor.audits import storage
from auditor.content import yamlio
from auditor.errors import InputError

STATE_FILE = "state.yaml"


# -- where audits live ---------------------------------------------------------
def data_dir(home: Path | None = None) -> Path:
    """``~/.local/share/auditor/audits`` (or under ``$XDG_DATA_HOME``)."""
    if home is None:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    else:
        base = home / ".local" / "share"
    return base / "auditor" / "audits"


def default_audit_path(folder: Path, today: _dt.date | None = None) -> Path:
    """``<folder>/<date>-audit.yaml``, numbered if that name is taken."""
    stem = f"{(today or _dt.date.today()).isoformat()}-audit"
    candidate, n = folder / f"{stem}.yaml", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.yaml", n + 1
    return candidate


def read_last(folder: Path) -> Path | None:
    """The last audit opened, if the small state file names one that still exists."""
    try:
        data, _ = yamlio.load(folder / STATE_FILE)
    except (InputError, OSError, ValueError):
        return None
    last = data.get("last") if isinstance(data, dict) else None
    if isinstance(last, str) and Path(last).is_file():
        return Path(last)
    return None


def remember_last(folder: Path, path: Path) -> str | None:
    """Record the last audit path (0600). Returns an error message instead of raising."""
    try:
        storage.write_private(folder / STATE_FILE, yamlio.dump({"last": str(Path(path).resolve())}))
    except OSError as exc:
        return f"could not remember the last audit: {exc.strerror or exc}"
    return None


def audits_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".age") and p.name != STATE_FILE]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


