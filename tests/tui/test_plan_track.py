"""Tracking an agreed plan item in the app (t on the plan screen): saved exactly as `auditor action` saves it."""

from __future__ import annotations

import shutil

from textual.screen import ModalScreen

from auditor.audits.model import load_audit
from auditor.cli import main as cli_main
from auditor.content import yamlio
from auditor.content.loader import examples_dir
from auditor.tui.app import make_app

from .conftest import paste, run_async, screen_text

KEY = "dispatch-chat:one-holder"  # agreed last cycle, still in the plan


def example_copy(tmp_path, name):
    path = tmp_path / name
    shutil.copy(examples_dir() / "mutual-aid-cycle-2.yaml", path)
    return path


async def open_track_dialog(pilot, app):
    await pilot.pause()
    app.go("plan")
    await pilot.pause()
    plan = app.screen
    await pilot.press("end")  # the items agreed earlier are listed after the ranked plan
    for _ in range(5):
        if plan.current_key() == KEY:
            break
        await pilot.press("up")
    assert plan.current_key() == KEY
    await pilot.press("t")
    await pilot.pause()
    assert isinstance(app.screen, ModalScreen)


@run_async
async def test_track_in_the_app_saves_what_auditor_action_saves(tmp_path, home, content, capsys):
    in_app, by_cli = example_copy(tmp_path, "app.yaml"), example_copy(tmp_path, "cli.yaml")
    app = make_app(in_app, content=content, data_dir=home / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_track_dialog(pilot, app)
        await pilot.press("down", "down", "tab")  # agreed -> in progress -> done; to the role
        await paste(pilot, "on-call coordinator")
        await pilot.press("tab")
        await paste(pilot, "2027-01-15")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)
        assert "on-call coordinator" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert cli_main(["action", str(by_cli), KEY, "--status", "done", "--role", "on-call coordinator", "--due", "2027-01-15"]) == 0
    saved_app, saved_cli = yamlio.load(in_app)[0], yamlio.load(by_cli)[0]
    assert saved_app["plan"] == saved_cli["plan"]
    assert saved_app["plan"]["actions"][KEY] == {"status": "done", "role": "on-call coordinator", "due": "2027-01-15"}
    assert KEY in load_audit(in_app, content).agreed


@run_async
async def test_track_refuses_a_bad_date_and_a_phone_number(tmp_path, home, content):
    path = example_copy(tmp_path, "a.yaml")
    before = path.read_bytes()
    app = make_app(path, content=content, data_dir=home / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_track_dialog(pilot, app)
        await pilot.press("tab", "tab")
        await paste(pilot, "2027-02-30")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen), "a date that does not exist is not saved"
        assert "YYYY-MM-DD" in screen_text(app)
        await pilot.press("ctrl+u")
        await paste(pilot, "2027-02-28")
        await pilot.press("shift+tab")
        await paste(pilot, "call 555 123 4567")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen), "a phone number is not a role"
        assert "contact details" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_bytes() == before, "nothing was saved"
