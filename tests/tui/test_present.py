"""Presentation mode: one step at a time, plain words, nothing the room should not see, driven by keys."""

from __future__ import annotations

import re

import pytest

from auditor.audits.model import load_audit
from auditor.cli import main
from auditor.content.loader import examples_dir
from auditor.engine.assessment import Assessment
from auditor.facilitation.presentation import SECTIONS, deck, steps
from auditor.tui import paths
from auditor.tui.app import HIGH_CONTRAST, make_app
from auditor.tui.screens.present import STATE_KEY, PresentScreen
from .conftest import run_async, screen_text

RULE_ID = re.compile(r"\b[A-Z]{3}-\d{3}\b")
SECRET = "NOTE-FOR-US-ONLY"


def noted_audit(content):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.progress = {}
    audit.profile_notes = SECRET
    for tool in audit.tools:
        tool.notes = SECRET
    return audit


def app_for(home, content, audit, **kw):
    return make_app(home / "group-audit.yaml", content=content, audit=audit, data_dir=home / "data", **kw)


@run_async
async def test_stepping_through_every_step_shows_no_path_no_notes_and_counts(home, content):
    audit = noted_audit(content)
    expected = deck(Assessment.of(audit, content)).main
    app = app_for(home, content, audit)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PresentScreen)
        seen = []
        for i, step in enumerate(expected):
            text = screen_text(app)
            assert f"{i + 1} / {len(expected)}" in text
            assert "group-audit" not in text and str(home) not in text and "/" + "home" not in text
            assert SECRET not in text
            assert not RULE_ID.search(text)
            seen.append(screen.screen_text())
            await pilot.press("right" if i % 2 else "space")
        assert f"{len(expected)} / {len(expected)}" in screen_text(app)  # the last step stays put
        shown = "\n".join(seen)
        assert all(step.heading in shown for step in expected)
        await pilot.press("left", "backspace")
        await pilot.pause()
        assert f"{len(expected) - 2} / {len(expected)}" in screen_text(app)


@run_async
async def test_details_and_notes_are_one_key_away_and_off_again_on_the_next_visit(home, content):
    audit = noted_audit(content)
    app = app_for(home, content, audit)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_present()
        await pilot.pause()
        await pilot.press("4")  # to the first finding
        await pilot.press("i", "n")
        await pilot.pause()
        text = app.screen.screen_text()
        assert RULE_ID.search(text) and "points" in text
        assert SECRET in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PresentScreen)
        app.action_present()
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        text = app.screen.screen_text()
        assert SECRET not in text and not RULE_ID.search(text)


@run_async
async def test_high_contrast_by_default_remembered_and_the_app_theme_restored(home, content):
    app = app_for(home, content, noted_audit(content))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.theme
        assert before != HIGH_CONTRAST.name
        await pilot.press("f10")
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST.name
        await pilot.press("c")
        await pilot.pause()
        assert app.theme != HIGH_CONTRAST.name
        assert paths.read_state(home / "data")[STATE_KEY] is False
        await pilot.press("escape")
        await pilot.pause()
        assert app.theme == before
        await pilot.press("f10")
        await pilot.pause()
        assert app.theme != HIGH_CONTRAST.name  # remembered: the group chose the normal theme
    state = home / "data" / paths.STATE_FILE
    assert state.stat().st_mode & 0o777 == 0o600


@run_async
async def test_present_only_shows_the_presentation_then_quits_without_writing(home, content):
    source = home / "group-audit.yaml"
    audit = noted_audit(content)
    app = app_for(home, content, audit, present=True)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        assert app.screen.query_one("#present-counter-big").value == f"1/{len(app.screen.steps)}" and app.screen.counter() == f"1 / {len(app.screen.steps)}"
        await pilot.press("ctrl+o", "f1", "f2")  # the audit's other screens are not reachable from here
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0
    assert not source.exists()


def test_present_command_reports_bad_input_without_a_traceback(tmp_path, capsys):
    assert main(["present", str(tmp_path / "missing.yaml")]) == 2
    assert main(["present", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(tmp_path) in err


PRESENT_SIZES = [(80, 24), (200, 50)]


@pytest.mark.parametrize("size", PRESENT_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", ["2", "4"], ids=["threat", "finding"])
def test_presentation_snapshot(snap_compare, home, content, size, key):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    app = make_app(home / "audit.yaml", content=content, audit=audit, data_dir=home / "data", present=True)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


EXAMPLES = sorted(examples_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_examples_scores_slide_at_80x24_snapshot(snap_compare, home, content, path):
    """The slide a room looks at longest, for every shipped example, in the smallest terminal."""
    app = make_app(home / "audit.yaml", content=content, audit=load_audit(path, content), data_dir=home / "data", present=True)

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@run_async
async def test_every_slide_of_every_example_fits_80x24_and_the_jump_keys_and_more_work(home, content, path):
    audit = load_audit(path, content)
    d = deck(Assessment.of(audit, content))
    app = make_app(home / "audit.yaml", content=content, audit=audit, data_dir=home / "data", present=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        body = screen.query_one("#present-body")

        async def walk(count):
            for i in range(count):
                await pilot.pause()
                assert body.max_scroll_y == 0, f"{screen.counter()}: {screen.steps[screen.index].heading}"
                await pilot.press("right")

        await walk(len(d.main))
        for n, kind in enumerate(SECTIONS, 1):
            await pilot.press(str(n))
            await pilot.pause()
            if d.start_of(kind) is not None:  # an audit with no plan has no changes to jump to
                assert screen.steps[screen.index].kind == kind and not screen.in_more
        await pilot.press("m")
        await pilot.pause()
        if d.more:
            assert screen.in_more and screen.counter() == f"more 1 / {len(d.more)}"
            await walk(len(d.more))
            await pilot.press("m")
            await pilot.pause()
        assert not screen.in_more and screen.steps[screen.index].kind == SECTIONS[-1]


@run_async
async def test_threat_explainers_show_an_example_and_questions_for_a_room_left_right_in_the_footer(home, content):
    app = app_for(home, content, noted_audit(content))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "Next threat" in text and "Prev threat" in text
        threats = list(content.threats.values())
        for threat in threats:
            body = str(app.screen.query_one("#threat-text").render())
            assert threat.title in body
            assert " ".join(threat.room_example.split()[:8]) in " ".join(body.split())
            assert all(q in body for q in threat.room_questions)
            await pilot.press("right")
            await pilot.pause()
