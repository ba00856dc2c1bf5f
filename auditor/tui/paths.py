"""Where audits live and the small state file that remembers the last one.

Kept apart from ``session`` so the first screen comes up without loading the core.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from auditor.audits import storage
from auditor.audits.names import free_path
from auditor.content import yamlio
from auditor.errors import InputError
from auditor.i18n import _

STATE_FILE = "state.yaml"


# -- where audits live ---------------------------------------------------------
def data_dir() -> Path:
    """The ``audits`` folder in auditor's own data folder (``portable.data_dir``: on Linux
    ``~/.local/share/auditor``, on macOS ``~/Library/Application Support/auditor``, on Windows
    ``%LOCALAPPDATA%\\auditor``)."""
    from auditor.audits import portable

    return portable.data_dir() / "audits"


def default_audit_path(folder: Path, today: _dt.date | None = None) -> Path:
    """``<folder>/<date>-audit.yaml``, numbered if that name is taken."""
    return free_path(folder, f"{(today or _dt.date.today()).isoformat()}-audit")


def slug(label: str) -> str:
    """A file-name-safe form of a label: ``Spring check!`` -> ``spring-check``."""
    text = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in label.lower())
    return "-".join(filter(None, text.split("-")))[:40].strip("-")


def audit_path_for(folder: Path, label: str, cycle: int | None = None, today: _dt.date | None = None) -> Path:
    """A new audit's file, named from its label (and cycle number): ``spring-check.yaml``,
    ``mutual-aid-cycle-2.yaml``. Without a usable label, ``<date>-audit.yaml``."""
    stem = slug(label) or f"{(today or _dt.date.today()).isoformat()}-audit"
    if cycle:
        stem = f"{stem}-cycle-{cycle}"
    return free_path(folder, stem)


def read_state(folder: Path) -> dict:
    """The small state file (last audit, high contrast), or {} if there is none or it is unreadable."""
    try:
        data, _ = yamlio.load(folder / STATE_FILE)
    except (InputError, OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(folder: Path, **values: object) -> str | None:
    """Update the state file (0600), keeping what else it holds. Returns an error message instead of raising."""
    state = read_state(folder)
    state.update(values)
    try:
        storage.write_private(folder / STATE_FILE, yamlio.dump(state))
    except OSError as exc:
        return _("could not write the state file: {error}").format(error=exc.strerror or exc)
    return None


def read_last(folder: Path) -> Path | None:
    """The last audit opened, if the small state file names one that still exists."""
    last = read_state(folder).get("last")
    if isinstance(last, str) and Path(last).is_file():
        return Path(last)
    return None


def remember_last(folder: Path, path: Path) -> str | None:
    """Record the last audit path (0600). Returns an error message instead of raising."""
    error = remember(folder, last=str(Path(path).resolve()))
    return error and error.replace(_("the state file"), _("the last audit"))


def audits_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".age") and p.name != STATE_FILE]
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


