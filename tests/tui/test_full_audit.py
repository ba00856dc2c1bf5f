"""A whole audit from an empty start, driven by key presses only.

The saved file must equal the expected one (timestamps aside), and the scores the
app shows must equal `auditor score --json` on that file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from textual import events

from auditor.content import yamlio
from auditor.cli import main as cli_main
from auditor.tui.app import make_app
from auditor.tui.interview import Interview
from auditor.tui.widgets import ScoresPanel

from .conftest import paste, run_async, screen_text

EXPECTED = Path(__file__).parent / "expected" / "full-audit.yaml"


CHARS = {"space": " ", "enter": "\r"}


async def press_together(pilot, *keys: str) -> None:
    """Press the keys of one answer in a row, then wait once for the app to settle.

    The same key events in the same order as ``pilot.press``, which waits for the process to
    go idle twice after every key: for the keys of one answer (all handled by the same field)
    those waits only cost time.
    """
    for key in keys:
        pilot.app.post_message(events.Key(key, CHARS.get(key, key if len(key) == 1 else None)))
    await pilot.pause()


async def answer_current(pilot, app, policy) -> None:
    """Answer the question on screen with keys chosen by its type."""
    interview = app.screen.query_one(Interview)
    q = interview.questions[interview.index]
    await press_together(pilot, *policy(q, app.session.origin(interview.tool_id, q.id)))


def profile_policy(q, origin):
    if q.id == "legal_plan":
        return ["d"]  # an explicit "don't know"
    return {
        "choice": ["down", "enter"],
        "yesno": ["enter"],
        "multi": ["space", "down", "space", "enter"],
        "count": ["3", "enter"],
    }[q.type]


def tool_policy(q, origin):
    if origin[1] == "catalog":
        return ["right"]  # keep the catalog default
    return {
        "choice": ["enter"],
        "yesno": ["down", "enter"],
        "multi": ["space", "enter"],
        "count": ["2", "enter"],
    }[q.type]


async def run_interview(pilot, app, policy, screen_type) -> None:
    for _ in range(60):
        if type(app.screen).__name__ != screen_type:
            return
        await answer_current(pilot, app, policy)
    raise AssertionError("the interview did not finish")


@run_async
async def test_complete_audit_by_keys(tmp_path, home, content, capsys):
    audit_path = tmp_path / "audits" / "spring.yaml"
    reports = tmp_path / "reports"
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:  # the smallest supported size, and the fastest to draw
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, "Spring")  # the audit's short label
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, str(audit_path))
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"

        await run_interview(pilot, app, profile_policy, "ProfileScreen")
        assert type(app.screen).__name__ == "InventoryScreen"

        # A catalog tool, found by an alias.
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "whatsapp")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ToolScreen"
        await run_interview(pilot, app, tool_policy, "ToolScreen")

        # A custom tool whose name looks like markup.
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "Slack [free tier]")
        await pilot.press("enter")  # the only option: add as a custom tool
        await pilot.pause()
        for _ in range(list(content.categories).index("team_chat")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ToolScreen"
        await run_interview(pilot, app, tool_policy, "ToolScreen")
        assert "Slack [free tier]" in screen_text(app)

        # The plan: try the best proposal, agree to it.
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("space", "a")
        await pilot.pause()
        assert "what-if" in screen_text(app)

        await pilot.press("f4", "v")
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("enter")  # Markdown
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, str(reports))
        await pilot.press("enter")
        await pilot.pause()
        assert "Report written" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        shown = dict(app.screen.query_one(ScoresPanel).scores)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert list(reports.glob("*.md")), "the report was written"

    if os.environ.get("AUDITOR_UPDATE_EXPECTED"):  # after a deliberate content change
        EXPECTED.write_text(audit_path.read_text(encoding="utf-8"), encoding="utf-8")
    saved = yamlio.load(audit_path)[0]
    expected = yamlio.load(EXPECTED)[0]
    for key in ("created", "updated", "id"):  # stamped at save; the id is random (reports record it)
        assert saved.pop(key)
        expected.pop(key, None)
    assert saved == expected

    capsys.readouterr()
    assert cli_main(["score", "--json", str(audit_path)]) == 0
    scored = json.loads(capsys.readouterr().out)
    assert shown == {t: v["score"] for t, v in scored["scores"].items()}
    assert any(v > 0 for v in shown.values())
