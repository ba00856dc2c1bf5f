"""The app open on an audit while `auditor action` writes the same file: the next answer in the app
does not erase the action. A dialog says the file changed and offers to keep both or reload."""

from __future__ import annotations

import shutil

import pytest

from auditor.audits.model import load_audit
from auditor.cli import main
from auditor.content.loader import examples_dir
from auditor.tui.app import make_app
from auditor.tui.dialogs import ChoiceDialog

from .conftest import run_async, screen_text

KEY = "signal-group:minimal-dispatch"


async def answer_after_action(pilot, app, path):
    await pilot.pause()
    assert main(["action", str(path), KEY, "--status", "agreed"]) == 0  # another terminal, same file
    app.go("profile", question="work_mode")
    await pilot.pause()
    await pilot.press("d")  # work mode: don't know (was "mixed")
    await pilot.pause()
    assert isinstance(app.screen, ChoiceDialog)
    assert "changed on disk" in screen_text(app)


@pytest.mark.parametrize("choice", ["both", "reload"])
@run_async
async def test_the_action_and_the_answer_are_both_kept_or_dropped_only_by_choice(choice, home, tmp_path, content):
    path = tmp_path / "spring.yaml"
    shutil.copy(examples_dir() / "peer-network.yaml", path)
    app = make_app(path, content=content, data_dir=home / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await answer_after_action(pilot, app, path)
        if choice == "both":
            await pilot.press("enter")  # first option: keep both
        else:
            await pilot.press("down", "enter")  # reload, which says the answer since is lost
        await pilot.pause()
        working_on = app.session.path
        in_app = app.session.audit
        await pilot.press("ctrl+q")
    on_disk = load_audit(path, content)
    assert on_disk.actions[KEY]["status"] == "agreed"  # the other writer's action is never erased
    if choice == "both":
        copy = tmp_path / "spring-app-version.yaml"
        assert working_on == copy
        assert load_audit(copy, content).profile["work_mode"] != "mixed"  # the app's answer, in the copy it names
        assert on_disk.profile["work_mode"] == "mixed"
    else:
        assert working_on == path and in_app.actions[KEY]["status"] == "agreed"
        assert not (tmp_path / "spring-app-version.yaml").exists()


@run_async
async def test_quitting_without_choosing_keeps_this_version_beside_the_file(home, tmp_path, content):
    path = tmp_path / "spring.yaml"
    shutil.copy(examples_dir() / "peer-network.yaml", path)
    app = make_app(path, content=content, data_dir=home / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await answer_after_action(pilot, app, path)
        await pilot.press("escape")  # decide later
        await pilot.pause()
        await pilot.press("ctrl+q")
    copy = tmp_path / "spring-app-version.yaml"
    assert load_audit(path, content).actions[KEY]["status"] == "agreed"
    assert load_audit(copy, content).profile["work_mode"] != "mixed"
    assert str(copy) in app.exit_message
