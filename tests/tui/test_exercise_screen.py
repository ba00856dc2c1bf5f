"""The exercise screen: the exercises `auditor exercise` builds, one scenario at a time, from an audit."""

from __future__ import annotations

import pytest

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


# -- a group's own scenarios: `auditor open FILE --scenarios DIR`, as `auditor exercise --scenarios DIR` --------

GROUP_TITLE = "Our van is stopped at a checkpoint with {tool} [b]on board[/b]"


def group_scenarios(folder, text_change=None):
    """A folder holding one scenario of the group's own: a copy of a shipped one, another id and title, first."""
    from auditor.facilitation.scenarios import shipped_dir

    folder.mkdir()
    text = (shipped_dir() / "seize-phone.yaml").read_text(encoding="utf-8")
    text = text.replace("id: seize-phone", "id: van-checkpoint").replace("order: 2", "order: 0")
    text = text.replace('title: "Police seize the phone or laptop that holds {tool}"', f'title: "{GROUP_TITLE}"')
    if text_change:
        text = text_change(text)
    (folder / "van.yaml").write_text(text, encoding="utf-8")
    return folder


@run_async
async def test_the_groups_own_scenarios_are_exercises_in_the_app(home, content):
    folder = group_scenarios(home / "our-scenarios")
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.progress = {}
    shipped = len(load_scenarios(content))
    app = make_app(home / "a.yaml", content=content, audit=audit, data_dir=home / "data", scenario_dirs=(folder,))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.go("findings")
        await pilot.pause()
        await pilot.press("f11")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen)
        head = str(app.screen.query_one("#exercise-head").render())
        # First (order 0), counted with the shipped ones, its title literal: markup-like brackets kept.
        assert head == f"Exercise 1 of {shipped + 1}: " + GROUP_TITLE.replace("{tool}", "one of your tools")
        assert "Our van is stopped at a checkpoint" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        # Loaded again at each opening: a file broken since the start is said, and the audit stays on screen.
        scenario = folder / "van.yaml"
        scenario.write_text(scenario.read_text(encoding="utf-8").replace("{record: devices}", "{record: pigeons}"), encoding="utf-8")
        await pilot.press("f11")
        await pilot.pause()
        assert not isinstance(app.screen, ExerciseScreen)
        assert any(str(scenario) in n.message and "pigeons" in n.message for n in app._notifications)


def _no_app(monkeypatch):
    """`auditor open` as from a terminal, with the app's run recorded instead of run."""
    from auditor.commands import interview
    from auditor.tui.app import AuditorApp

    started = []
    monkeypatch.setattr(interview, "wants_plain", lambda: False)
    monkeypatch.setattr(AuditorApp, "run", lambda self, *a, **k: started.append(self))
    return started


def test_open_carries_scenario_folders_to_the_app(home, monkeypatch, capsys):
    from auditor.cli import main

    started = _no_app(monkeypatch)
    ours, theirs = group_scenarios(home / "ours"), home / "theirs"
    theirs.mkdir()
    audit = home / "a.yaml"
    assert main(["open", str(audit), "--scenarios", str(ours), "--scenarios", str(theirs)]) == 0
    (app,) = started
    assert app.scenario_dirs == (ours, theirs)
    with pytest.raises(SystemExit):
        main(["open", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--scenarios DIR a folder of your own scenario files (*.yaml); repeatable" in help_text  # as `exercise` says it


def test_open_with_a_bad_scenario_file_says_which_before_the_app_starts(home, monkeypatch, capsys):
    from auditor.cli import main

    started = _no_app(monkeypatch)
    bad = group_scenarios(home / "bad", lambda text: text.replace("{record: devices}", "{record: pigeons}"))
    audit = home / "a.yaml"
    assert main(["exercise", str(examples_dir() / "peer-network.yaml"), "--scenarios", str(bad)]) == 2
    cli_err = capsys.readouterr().err
    assert main(["open", str(audit), "--scenarios", str(bad)]) == 2
    err = capsys.readouterr().err
    assert started == [] and "Traceback" not in err
    assert str(bad / "van.yaml") in err and "pigeons" in err and err == cli_err  # the command's own message
    assert main(["open", str(audit), "--scenarios", str(home / "missing")]) == 2
    err = capsys.readouterr().err
    assert started == [] and str(home / "missing") in err
