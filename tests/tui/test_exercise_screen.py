"""The exercise screen: the exercises `auditor exercise` builds, one scenario at a time, from an audit."""

from __future__ import annotations

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir
from auditor.engine.assessment import Assessment
from auditor.facilitation import exercise
from auditor.facilitation.scenarios import load_scenarios
from auditor.tui.app import make_app
from auditor.tui.screens.exercise import ExerciseScreen
from .conftest import run_async, screen_text

ODD_NAME = "Signal [free tier] [/b] {tool}"


@run_async
async def test_every_exercise_one_at_a_time_as_the_command_writes_it(home, content):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.progress = {}
    audit.tools[0].name = ODD_NAME
    expected = exercise.build(Assessment.of(audit, content), load_scenarios(content))
    assert len(expected) >= 4
    app = make_app(home / "a.yaml", content=content, audit=audit, data_dir=home / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.go("findings")
        await pilot.pause()
        # The Keys panel (F9) lists every active binding; the footer keeps its room for the screen's own keys.
        listed = {b.description for _, b, enabled, _ in app.screen.active_bindings.values() if enabled}
        assert "Exercises" in listed  # the key is there from an audit
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        for n, ex in enumerate(expected, 1):
            head = str(app.screen.query_one("#exercise-head").render())
            body = str(app.screen.query_one("#exercise-text").render())
            assert head.startswith(f"Exercise {n} of {len(expected)}")
            assert body == exercise.render_text([ex]).split("\n", 2)[2]  # no second rendering, no second computation
            for inst in ex.instances:
                assert inst.title in body  # user text literal: brackets kept, {tool} not expanded twice
            await pilot.press("right")
            await pilot.pause()
        assert str(app.screen.query_one("#exercise-head").render()).startswith(f"Exercise 1 of {len(expected)}")
        await pilot.press("left")
        await pilot.pause()
        assert str(app.screen.query_one("#exercise-head").render()).startswith(f"Exercise {len(expected)} of")
        assert any(ODD_NAME in inst.title for ex in expected for inst in ex.instances)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExerciseScreen)
