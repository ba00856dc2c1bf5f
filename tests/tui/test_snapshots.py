"""Snapshots of the main screens at 80x24 and 120x40 (Textual is pinned exactly in pyproject.toml).

Update after a deliberate visual change: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from auditor.tui.app import make_app

from .conftest import example_app_builder, goto

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def example_app(home, content):
    return example_app_builder(home, content)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start(snap_compare, home, content, size):
    assert snap_compare(make_app(content=content, data_dir=home / ".local/share/auditor/audits"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "screen,keys",
    [
        ("profile", ()),
        ("tools", ()),
        ("findings", ()),
        ("plan", ("space",)),
        ("progress", ()),
        (None, ("f1",)),
    ],
    ids=["profile", "tools", "findings", "plan-whatif", "progress", "threat-explainer"],
)
def test_screen(snap_compare, example_app, size, screen, keys):
    assert snap_compare(example_app(), terminal_size=size, run_before=goto(screen or "tools", *keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_tool_questions(snap_compare, example_app, size):
    async def run_before(pilot):
        await pilot.pause()
        pilot.app.open_tool("signal-group", "retention")  # a catalog default with its source
        await pilot.pause()

    assert snap_compare(example_app(), terminal_size=size, run_before=run_before)
