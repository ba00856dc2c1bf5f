"""Quitting mid-interview loses nothing; user text is shown literally everywhere."""

from __future__ import annotations

import os
import stat

import pytest

from auditor.content import yamlio
from auditor.audits.model import Audit, Tool, load_audit
from auditor.tui.app import make_app
from auditor.tui.interview import Interview
from auditor.tui.paths import STATE_FILE, data_dir

from .conftest import paste, run_async, screen_text, type_text

NASTY = ["Slack [free tier]", "[bold red]x[/]", "[/"]


@run_async
async def test_quit_mid_interview_and_resume(tmp_path, home, content):
    path = tmp_path / "a.yaml"
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the suggested label (month and year)
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, str(path))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # formation: second choice
        await pilot.pause()
        await pilot.press("d")  # work mode: don't know
        await pilot.pause()
        await pilot.press("ctrl+q")  # quit in the middle of the interview
        await pilot.pause()
    assert app.return_code == 0
    saved = load_audit(path, content)
    assert saved.profile == {"formation": content.questions["formation"].choice_ids[1], "work_mode": "unknown"}
    assert saved.progress == {"screen": "profile", "question": "response_scope"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    state = data_dir() / STATE_FILE
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    assert yamlio.load(state)[0] == {"last": str(path.resolve())}

    again = make_app(content=content)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Resume the last audit" in screen_text(again)
        await pilot.press("enter")  # resume is highlighted when there is something to resume
        await pilot.pause()
        interview = again.screen.query_one(Interview)
        assert interview.questions[interview.index].id == "response_scope"
        text = screen_text(again)
        assert "2/" in text and "✓?▸·" in text  # formation answered, work mode "don't know", here
        await pilot.press("enter")  # answer the next question after resuming
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    resumed = load_audit(path, content)
    assert set(resumed.profile) == {"formation", "work_mode", "response_scope"}


def nasty_audit() -> Audit:
    audit = Audit(title="[b]t[/b]", profile={"team_size": 4})
    for i, name in enumerate(NASTY):
        audit.tools.append(Tool(id=f"t{i}", name=name, catalog="whatsapp", notes=f"notes {name}"))
    audit.tools.append(Tool(id="custom", name="[/", category="documents", answers={"data_kinds": ["situation_details"]}))
    return audit


@pytest.mark.parametrize("screen", ["tools", "findings", "plan", "progress"])
@run_async
async def test_user_text_is_literal(tmp_path, home, content, screen):
    path = tmp_path / "nasty.yaml"
    app = make_app(path, content=content, audit=nasty_audit())
    async with app.run_test(size=(160, 320)) as pilot:
        await pilot.pause()
        app.go(screen)
        await pilot.pause()
        if screen == "findings":
            await pilot.press("v")  # by tool: every tool name is a heading
            await pilot.pause()
        text = screen_text(app)
        for name in NASTY:
            assert name in text, f"{name!r} not shown literally on {screen}"
        if screen == "plan":  # the detail pane names the tool too
            await pilot.press("down")
            await pilot.pause()
            assert any(name in screen_text(app) for name in NASTY)
        if screen == "tools":
            assert "notes Slack [free tier]" in text


@run_async
async def test_markup_typed_into_dialogs(tmp_path, home, content):
    path = tmp_path / "typed.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        app.go("tools")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "[/")
        await pilot.pause()
        assert "“[/”" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # first category
        await pilot.pause()
        await pilot.press("escape")  # back to the inventory
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "[bold red]x[/]")
        await pilot.press("enter")
        await pilot.pause()
        assert "[bold red]x[/]" in screen_text(app)
    saved = load_audit(path, content)
    assert [(t.name, t.notes) for t in saved.tools] == [("[/", "[bold red]x[/]")]


@run_async
async def test_personal_data_warning_under_notes(tmp_path, home, content):
    from auditor.interview.session import personal_data_warnings

    if not personal_data_warnings("call 555-123-4567"):
        pytest.skip("auditor.audits.privacy is not installed")
    app = make_app(tmp_path / "w.yaml", content=content, audit=Audit(tools=[Tool(id="x", name="Phone", catalog="whatsapp")]))
    async with app.run_test(size=(100, 30)) as pilot:
        app.go("tools")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "call 555-123-4567")
        await pilot.pause()
        assert "⚠" in screen_text(app)


@run_async
async def test_carried_over_marker_removed_by_answering(tmp_path, home, content):
    audit = Audit(profile={"formation": "mutual_aid", "work_mode": "mixed"}, profile_carried_over=["formation", "work_mode"])
    path = tmp_path / "c.yaml"
    app = make_app(path, content=content, audit=audit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go("profile", question="formation")
        await pilot.pause()
        assert "▸↻↻·" in screen_text(app)  # both carried-over answers marked in the progress strip
        assert "Carried over" in screen_text(app)
        await pilot.press("ctrl+y")  # confirm: still true
        await pilot.pause()
        await pilot.press("enter")  # work mode: answer again (keeps the highlighted current answer)
        await pilot.pause()
    saved = load_audit(path, content)
    assert saved.profile_carried_over == []
    assert saved.profile["formation"] == "mutual_aid"


@run_async
async def test_no_traceback_from_any_key(tmp_path, home, content):
    """Mash every bound key on every screen: the app must stay up."""
    keys = ["f1", "question_mark", "escape", "f2", "f3", "f4", "f5", "f6", "f7", "escape", "f8", "f8", "left", "right",
            "a", "escape", "x", "n", "e", "escape", "v", "space", "d", "c", "ctrl+y", "ctrl+t", "escape", "ctrl+r", "r", "tab", "enter", "up", "down", "ctrl+n", "escape", "f9", "f9"]
    from auditor.interview.session import Session

    app = make_app(tmp_path / "k.yaml", content=content, audit=nasty_audit(), data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        for screen in ["profile", "tools", "findings", "plan", "progress"]:
            if app.session is None:  # Escape from the first screen leaves the audit: open it again
                while len(app.screen_stack) > 2:
                    app.pop_screen()
                app.begin(Session(nasty_audit(), tmp_path / "k.yaml", content))
                await pilot.pause()
            app.go(screen)
            await pilot.pause()
            # The theme switch (f8) restyles everything and is the same on every screen: once is enough.
            for key in keys if screen == "profile" else [k for k in keys if k != "f8"]:
                await pilot.press(key)
        await pilot.pause()
        assert app.return_code is None  # still running, nothing crashed


@run_async
async def test_progress_walks_through_what_needs_confirming_and_shows_the_trend(tmp_path, home, content):
    from auditor.content.loader import examples_dir

    audit = load_audit(examples_dir() / "mutual-aid-cycle-2.yaml", content)
    tool = audit.tools[0]
    tool.carried_over = ["retention"]
    audit.profile_carried_over = ["formation"]
    path = tmp_path / "cycle.yaml"
    app = make_app(path, content=content, audit=audit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go("progress")
        await pilot.pause()
        text = screen_text(app)
        box = app.screen.query_one("#unanswered")
        # The list may scroll past the screen: the heading is an option of it.
        assert "h:confirm" in [box.get_option_at_index(i).id for i in range(box.option_count)]
        assert "Scores over 2 cycles" in text
        first = audit.extra["history"][0]["scores"]["gossip"]
        assert f"Gossip: {first} → {app.session.result.scores['gossip']}" in text
        box = app.screen.query_one("#unanswered")
        ids = [box.get_option_at_index(i).id for i in range(box.option_count)]
        assert ids[-2:] == ["c::formation", f"c:{tool.id}:retention"]
        box.highlighted = ids.index(f"c:{tool.id}:retention")
        await pilot.press("enter")
        await pilot.pause()
        interview = app.screen.query_one(Interview)
        assert interview.questions[interview.index].id == "retention"
        assert "Carried over" in screen_text(app)


@run_async
async def test_export_shareable_summary_from_the_app(tmp_path, home, content):
    audit = nasty_audit()
    reports = tmp_path / "reports"
    app = make_app(tmp_path / "s.yaml", content=content, audit=audit)
    async with app.run_test(size=(120, 40)) as pilot:
        app.go("findings")
        await pilot.pause()
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("down", "down", "down", "down", "enter")  # the HTML summary
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, str(reports))
        await pilot.press("enter")
        await pilot.pause()
        assert "Report written" in screen_text(app)
    (written,) = reports.glob("*-summary.html")
    text = written.read_text()
    # No tool map and no notes ("[/" is also part of the audit's title, which a summary keeps).
    for tool in audit.tools:
        assert not tool.notes or tool.notes not in text
        if tool.name not in audit.title:
            assert tool.name not in text
    assert "<script" not in text
