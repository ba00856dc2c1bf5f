"""Opening a shipped example never writes it, wherever it lives (issue 24, item 1): the checkout's
``examples/`` as much as the installed package's copy. The answers go to a private copy."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from auditor.audits.model import load_audit
from auditor.tui.app import make_app

from .conftest import run_async

CHECKOUT_EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "mutual-aid.yaml"


@run_async
async def test_answering_in_the_checkouts_example_leaves_it_as_it_was(tmp_path, home, content, monkeypatch):
    # As an installed package sees it: its own examples are elsewhere, the checkout's are not its folder.
    installed = tmp_path / "installed"
    shutil.copytree(CHECKOUT_EXAMPLE.parent, installed / "examples")
    monkeypatch.setenv("AUDITOR_CONTENT_DIR", str(installed))
    before = CHECKOUT_EXAMPLE.read_bytes(), stat.S_IMODE(CHECKOUT_EXAMPLE.stat().st_mode)
    data = home / "data"
    audit = load_audit(CHECKOUT_EXAMPLE, content)  # as `auditor open examples/mutual-aid.yaml` loads it
    app = make_app(CHECKOUT_EXAMPLE, content=content, audit=audit, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # one answer, to the first unanswered question (where it resumes)
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert (CHECKOUT_EXAMPLE.read_bytes(), stat.S_IMODE(CHECKOUT_EXAMPLE.stat().st_mode)) == before
    copies = sorted(data.glob("mutual-aid*.yaml"))
    assert len(copies) == 1
    saved, original = load_audit(copies[0], content), load_audit(CHECKOUT_EXAMPLE, content)
    changed = {k for k in saved.profile.keys() | original.profile.keys() if saved.profile.get(k) != original.profile.get(k)}
    assert len(changed) == 1, changed
    if os.name == "posix":
        assert stat.S_IMODE(copies[0].stat().st_mode) == 0o600
