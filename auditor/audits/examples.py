"""The shipped example audits: which they are, whether a path is one, and a private copy to work on.

The examples are read by every command as ``example:NAME`` (so an installed user, or the single-file
build in an empty folder, has them without a checkout) and are never written to: an opener works on a
private copy (``private_copy``) and ``save_audit`` refuses to write over one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from auditor.audits import storage
from auditor.content import yamlio
from auditor.i18n import _

SCHEME = "example:"


def examples_folder() -> Path:
    """The examples this package ships: the installed package's copy, or the checkout's ``examples/``."""
    from auditor.content.loader import examples_dir

    return examples_dir()


def shipped() -> dict[str, Path]:
    """Each shipped example by name (its file name without ``.yaml``), sorted."""
    return {p.stem: p for p in sorted(examples_folder().glob("*.yaml"))}


def is_shipped_example(path: str | Path) -> bool:
    """The one test of "this file is a shipped example", by where it resolves: in the examples this package
    ships, or in the ``examples/`` folder of any source checkout of auditor (which the installed package
    does not know about: a non-editable install run inside a checkout, or another checkout)."""
    folder = Path(path).resolve().parent
    if folder == examples_folder().resolve():
        return True
    return folder.name == "examples" and (folder.parent / "auditor" / "content" / "loader.py").is_file()


def describe(path: Path) -> str:
    """A one-line description of an example: its title, without the "Example - " every title starts with."""
    try:
        data, _text = yamlio.load(path)
        title = str(data.get("title") or "") if isinstance(data, dict) else ""
    except Exception:  # a broken example is validate's to report; the list still shows its name
        title = ""
    return title.removeprefix("Example - ")


def unknown_example(name: str) -> str:
    return _("no shipped example named {name!r}; the examples are: {names} (list them with `auditor example`)").format(
        name=name, names=", ".join(shipped())
    )


def audit_file(arg: str) -> Path:
    """The argparse type of every audit a command reads: a path, or ``example:NAME`` for a shipped example."""
    if not arg.startswith(SCHEME):
        return Path(arg)
    name = arg[len(SCHEME):].removesuffix(".yaml")
    found = shipped().get(name)
    if found is None:
        raise argparse.ArgumentTypeError(unknown_example(name))
    return found


def private_copy(example: Path, folder: Path, stem: str | None = None) -> Path:
    """A private copy (0600 where the OS has modes) of ``example`` in ``folder``, under a free name: never
    overwrites a file."""
    from auditor.audits.names import free_path

    copy = free_path(folder, stem or example.stem)
    storage.write_new_private(copy, example.read_bytes())
    return copy
