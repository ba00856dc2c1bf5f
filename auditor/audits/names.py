"""Free file names: a new file never takes the name of one that exists."""

from __future__ import annotations

from pathlib import Path


def free_path(folder: Path, stem: str, suffix: str = ".yaml") -> Path:
    """``<folder>/<stem><suffix>``, numbered (``-2``, ``-3``...) if that name is taken."""
    candidate, n = folder / f"{stem}{suffix}", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}{suffix}", n + 1
    return candidate
