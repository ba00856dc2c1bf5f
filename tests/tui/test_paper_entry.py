"""Typing the paper worksheet back in: the sheet's sections in its order, answers saved as typed."""

from __future__ import annotations

import re

from auditor.audits.model import Audit, Tool, load_audit
from auditor.content.model import UNKNOWN
from auditor.facilitation import worksheet
from auditor.tui.app import make_app
from auditor.tui.paper_entry import PART_1, PART_2, PaperEntryScreen, paper_order
from .conftest import paste, run_async


def fresh_audit() -> Audit:
    audit = Audit(title="paper")
    audit.tools = [Tool(id="chat", name="Dispatch chat", category="messaging"), Tool(id="notebook", name="Notebook", category="analog")]
    return audit


def sheet_sections(content) -> list[str]:
    """The section headings of the printed sheet, in print order."""
    return [re.sub("<[^>]+>", "", h) for h in re.findall(r"<h3>(.*?)</h3>", worksheet.render(content))]


def head(app) -> str:
    return str(app.screen.query_one("#paper-head").render())


@run_async
async def test_the_sheets_sections_in_its_order_and_every_answer_saved(home, content):
    path = home / "paper.yaml"
    app = make_app(path, content=content, audit=fresh_audit(), data_dir=home / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, PaperEntryScreen)
        blocks = paper_order(app.session)
        # Same sections as the printed sheet, same order: Part 1, then Part 2 one tool column at a time.
        printed = sheet_sections(content)
        walked = list(dict.fromkeys((b.part, b.section) for b in blocks))
        assert [s for _, s in walked] == printed
        assert [b.part for b in blocks] == sorted((b.part for b in blocks), key=[PART_1, PART_2].index)
        expected: dict[tuple[str | None, str], object] = {}
        for n, block in enumerate(blocks):
            assert block.section in head(app) and f"section {n + 1} of {len(blocks)}" in head(app)
            if block.tool_id is not None:
                assert f"Tool {block.column} column" in head(app)
            for qid in block.questions:
                q = content.questions[qid]
                if n % 2:  # every other section: "don't know" throughout (in a number field, "?" says it)
                    if q.type == "count":
                        await paste(pilot, "?")
                        await pilot.press("enter")
                    else:
                        await pilot.press("d")
                    expected[(block.tool_id, qid)] = UNKNOWN
                elif q.type == "count":
                    await paste(pilot, "3")
                    await pilot.press("enter")
                    expected[(block.tool_id, qid)] = 3
                elif q.type == "multi":
                    await pilot.press("space", "enter")
                    expected[(block.tool_id, qid)] = [q.choices[0].id]
                else:
                    await pilot.press("enter")
                    expected[(block.tool_id, qid)] = "yes" if q.type == "yesno" else q.choices[0].id
                await pilot.pause()
        assert not isinstance(app.screen, PaperEntryScreen)  # past the last section: back to the audit
    saved = load_audit(path, content)
    for (tool_id, qid), value in expected.items():
        answers = saved.profile if tool_id is None else saved.tool(tool_id).answers
        assert answers.get(qid) == value, (tool_id, qid)


@run_async
async def test_sections_can_be_skipped_and_left_with_escape(home, content):
    app = make_app(home / "paper.yaml", content=content, audit=fresh_audit(), data_dir=home / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f12")
        await pilot.pause()
        blocks = paper_order(app.session)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+up")
        await pilot.pause()
        assert blocks[1].section in head(app) and "section 2 of" in head(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PaperEntryScreen)
