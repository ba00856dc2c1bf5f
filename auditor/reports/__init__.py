"""Reports people act on: Markdown, self-contained printable HTML, JSON and CSV.

    render(assessment, fmt, summary=False) -> str
    write(assessment, fmt, summary=False, path=None, out_dir=None) -> Path

Every format renders one report document (``document.build``), which is built
from ``auditor.engine.assessment.assessment_dict``: the scores, findings and proposals
are exactly those of ``auditor score --json``. A full report maps the group's
tools; the summary (``summary=True``) is for members, partners and funders and
carries no tool names, no tool-by-tool map and no free-text notes.

Files go to ``reports/`` by default with date-stamped names
(``2026-11-20-<audit>-full.html``; a summary ``2026-11-20-summary.html``, naming no audit), are written 0600, and never replace an
existing file: a default name gets ``-2``, ``-3``...; an explicit path that
exists is refused.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from auditor.errors import InputError

if TYPE_CHECKING:
    from auditor.engine.assessment import Assessment

# Each format's module, imported when it renders: the app and `auditor score` read the vocabulary and the
# text helpers in this package without loading the engine, tabulate and every renderer.
FORMATS = {"md": "markdown", "html": "html", "json": "jsondoc", "csv": "csvdoc"}
EXTENSIONS = {"md": "md", "html": "html", "json": "json", "csv": "csv"}
DEFAULT_DIR = Path("reports")
MAX_SUFFIX = 99

__all__ = ["FORMATS", "REPORT_FORMAT", "build", "default_name", "render", "write"]


def __getattr__(name: str) -> Any:
    if name in ("REPORT_FORMAT", "build", "today"):
        from . import document

        return getattr(document, name)
    raise AttributeError(name)


def render(
    assessment: Assessment,
    fmt: str,
    summary: bool = False,
    *,
    date: str | None = None,
    source: str | Path | None = None,
) -> str:
    """The report as text. ``date`` (YYYY-MM-DD) defaults to today; pass one for reproducible output."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; one of: {', '.join(FORMATS)}")
    from .document import build

    return importlib.import_module(f"{__name__}.{FORMATS[fmt]}").render(build(assessment, summary, date=date, source=source))


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-")


def default_name(assessment: Assessment, fmt: str, summary: bool = False, *, date: str | None = None, source: str | Path | None = None) -> str:
    """``DATE-STEM-full.EXT`` from the audit's file name (or title); a summary is ``DATE-summary.EXT``: its name,
    like its content, must not say whose audit it is."""
    from .document import today

    if summary:
        return f"{date or today()}-summary.{EXTENSIONS[fmt]}"
    stem = _slug(Path(source).stem) if source else ""
    stem = stem or _slug(assessment.audit.title) or "audit"
    return f"{date or today()}-{stem}-full.{EXTENSIONS[fmt]}"


def _check_folder(folder: Path) -> None:
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise InputError.one(parent, "is a file, not a folder; reports cannot be written under it")
            return


def write(
    assessment: Assessment,
    fmt: str,
    summary: bool = False,
    path: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    date: str | None = None,
    source: str | Path | None = None,
) -> Path:
    """Write the report privately (0600) and return where it went.

    With ``path``: exactly there, or an InputError if a file is already there.
    Otherwise ``out_dir`` (default ``reports/`` in the current folder) with a
    date-stamped name; if taken, ``-2``, ``-3``... is added before the extension.
    """
    from .document import today

    date = date or today()
    data = render(assessment, fmt, summary, date=date, source=source)
    return write_new(data, default_name(assessment, fmt, summary, date=date, source=source), path, out_dir)


def write_new(
    data: str,
    name: str,
    path: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    suffix: str = "",
    writer: Callable[[Path, str], Path] | None = None,
) -> Path:
    """Write a document privately (0600), never over a file, and return where it went.

    With ``path``: exactly there, or an InputError if a file is already there.
    Otherwise ``out_dir`` (default ``reports/``) under ``name``; if taken, ``-2``, ``-3``... is added
    before the extension. ``suffix`` is added to every name (``.age``) and ``writer`` writes the file
    (an encrypting one for an encrypted audit's report; default: a private plain file). Reports, worksheets
    and exercises are all written this way.
    """
    if writer is None:
        from auditor.audits.storage import write_new_private as writer
    if path is not None:
        path = Path(path)
        if suffix and not path.name.endswith(suffix):
            path = path.with_name(path.name + suffix)
        if path.is_dir():
            raise InputError.one(path, "is a folder; give a file name, or use it as the output folder without -o")
        _check_folder(path.parent)
        try:
            return writer(path, data)
        except FileExistsError:
            raise InputError.one(path, "a file is already there; it is never overwritten. Choose another name or move the old one.") from None
        except OSError as exc:
            raise InputError.one(path, f"cannot write: {exc.strerror or exc}") from None
    folder = Path(out_dir) if out_dir is not None else DEFAULT_DIR
    _check_folder(folder)
    stem, dot, ext = name.rpartition(".")
    for n in range(1, MAX_SUFFIX + 1):
        candidate = folder / ((name if n == 1 else f"{stem}-{n}{dot}{ext}") + suffix)
        if candidate.exists():
            continue
        try:
            return writer(candidate, data)
        except FileExistsError:  # someone else took it between the check and the write
            continue
        except OSError as exc:
            raise InputError.one(candidate, f"cannot write: {exc.strerror or exc}") from None
    raise InputError.one(folder, f"already holds {MAX_SUFFIX} files named {name}; move some away first")
