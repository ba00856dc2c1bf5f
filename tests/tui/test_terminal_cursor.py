"""The terminal's own cursor follows the highlighted option, so a screen reader or braille display follows it."""

from __future__ import annotations

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir
from auditor.tui.app import make_app
from textual.widgets import OptionList

from .conftest import run_async


@run_async
async def test_the_terminal_cursor_sits_on_the_highlighted_choice(home, content):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.progress = {}
    app = make_app(home / "a.yaml", content=content, audit=audit, data_dir=home / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.go("findings")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        options.focus()
        await pilot.pause()
        seen = []
        for _ in range(3):
            await pilot.press("down")
            await pilot.pause()
            await pilot.pause()
            line = options._index_to_line[options.highlighted]
            region = options.content_region
            assert app.cursor_position.y == region.y + line - int(options.scroll_offset.y)
            assert app.cursor_position.x == region.x
            seen.append(app.cursor_position.y)
        assert len(set(seen)) > 1, "the cursor moves with the highlight"
