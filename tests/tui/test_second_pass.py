"""Issue 13: no silent wrong answers, confirming carried-over answers, opening without writing,
a label for every audit, the right text, every key discoverable, 80x24, questions that do not apply.

Each test drives keys and checks the saved audit file (or the screen) like a user would.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from textual.screen import ModalScreen

from auditor.audits.model import Audit, Tool, load_audit
from auditor.content.loader import examples_dir
from auditor.tui.app import make_app
from auditor.tui.interview import Interview

from .conftest import paste, run_async, screen_text

CONFIRM = "ctrl+y"  # "still holds": works while a number field has focus
CONFIRM_ALL = "ctrl+t"


def saved_profile(path: Path, content) -> dict:
    return load_audit(path, content).profile if path.exists() else {}


def current_qid(app) -> str:
    interview = app.screen.query_one(Interview)
    return interview.questions[interview.index].id


async def open_at(pilot, app, screen: str, question: str | None = None, tool: str | None = None) -> None:
    await pilot.pause()
    if tool:
        app.open_tool(tool, question)
    else:
        app.go(screen, question=question)
    await pilot.pause()


# -- 1. no silent wrong answers ----------------------------------------------------


@run_async
async def test_enter_on_empty_multiple_choice_asks_none_or_dont_know(tmp_path, home, content):
    path = tmp_path / "m.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "serves")
        await pilot.press("enter")  # nothing ticked
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen), "Enter with nothing ticked must ask, not save"
        assert "serves" not in saved_profile(path, content)
        assert "don't know" in screen_text(app).lower()
        await pilot.press("escape")  # back to the question, nothing saved
        await pilot.pause()
        assert current_qid(app) == "serves"
        assert "serves" not in saved_profile(path, content)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second choice: don't know
        await pilot.pause()
    assert load_audit(path, content).profile["serves"] == "unknown"


@run_async
async def test_empty_multiple_choice_can_be_none_on_purpose(tmp_path, home, content):
    path = tmp_path / "m.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "serves")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: none of these
        await pilot.pause()
        assert current_qid(app) == "team_size"
    assert load_audit(path, content).profile["serves"] == []


@run_async
async def test_space_on_a_single_choice_does_not_answer(tmp_path, home, content):
    path = tmp_path / "s.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "formation")
        await pilot.press("space")
        await pilot.pause()
        assert current_qid(app) == "formation"
    assert not path.exists() or "formation" not in load_audit(path, content).profile


@run_async
async def test_unicode_digits_in_a_count_never_crash(tmp_path, home, content):
    path = tmp_path / "c.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "team_size")
        for text in ("²", "١٢", "３", "1_0", "+3", "-1"):
            await paste(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert app.return_code is None, f"{text!r} crashed the app"
            assert current_qid(app) == "team_size", f"{text!r} was accepted"
            await pilot.press("ctrl+u")
        await paste(pilot, "12")
        await pilot.press("enter")
        await pilot.pause()
    assert load_audit(path, content).profile["team_size"] == 12


@run_async
async def test_arrows_leave_a_count_field_and_keep_a_typed_number(tmp_path, home, content):
    path = tmp_path / "a.yaml"
    app = make_app(path, content=content, audit=Audit(profile={"team_size": 4}))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "team_size")
        await pilot.press("right")  # unchanged: just the next question
        assert current_qid(app) == "mandated_reporters"
        await pilot.press("left")  # empty field: the previous question
        assert current_qid(app) == "team_size"
        await pilot.press("ctrl+u")
        await paste(pilot, "7")
        await pilot.press("right")  # changed: saved, then on
        await pilot.pause()
        assert current_qid(app) == "mandated_reporters"
    assert load_audit(path, content).profile["team_size"] == 7


@run_async
async def test_one_number_field_serves_every_count_question_and_typing_replaces_the_shown_number(tmp_path, home, content):
    """The answer fields are reused from question to question: a number typed on the next count
    question replaces the one shown (as in a newly focused field), and an unsaved number never
    leaks into another question."""
    path = tmp_path / "r.yaml"
    app = make_app(path, content=content, audit=Audit(profile={"team_size": 4, "mandated_reporters": 1}))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "team_size")
        await pilot.press("9")  # replaces the 4 shown
        assert app.focused.value == "9"
        await pilot.press("ctrl+u", "right")  # cleared, not saved: the next question
        assert current_qid(app) == "mandated_reporters"
        assert app.focused.value == "1"
        await pilot.press("3", "enter")
        await pilot.pause()
        for _ in range(6):  # back to team size (← first leaves a selected number's selection)
            if current_qid(app) == "team_size":
                break
            await pilot.press("left")
        assert current_qid(app) == "team_size"  # its own stored number, not what was typed
        assert app.focused.value == "4"
    saved = load_audit(path, content).profile
    assert (saved["team_size"], saved["mandated_reporters"]) == (4, 3)


# -- 2. confirming carried-over answers ------------------------------------------------


def carried_audit() -> Audit:
    return Audit(
        profile={"formation": "mutual_aid", "work_mode": "mixed", "team_size": 4, "mandated_reporters": 0},
        profile_carried_over=["formation", "work_mode", "team_size", "mandated_reporters"],
        tools=[Tool(id="wa", name="WhatsApp", catalog="whatsapp", answers={"retention": "until_deleted", "people_with_access": 9},
                    carried_over=["retention", "people_with_access"])],
    )


@run_async
async def test_confirm_key_works_on_a_number_question(tmp_path, home, content):
    path = tmp_path / "n.yaml"
    app = make_app(path, content=content, audit=carried_audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "team_size")
        assert "ctrl+y" in screen_text(app).lower() or "^y" in screen_text(app).lower()
        await pilot.press("c")  # typed into the field: not a confirmation
        await pilot.press("backspace")
        await pilot.press(CONFIRM)
        await pilot.pause()
        assert current_qid(app) == "mandated_reporters"
    saved = load_audit(path, content)
    assert saved.profile["team_size"] == 4
    assert "team_size" not in saved.profile_carried_over


@run_async
async def test_confirm_key_on_a_catalog_default_stacks_no_toasts(tmp_path, home, content):
    audit = Audit(tools=[Tool(id="wa", name="WhatsApp", catalog="whatsapp")])
    app = make_app(tmp_path / "d.yaml", content=content, audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "tool", "e2ee", tool="wa")
        for _ in range(3):
            await pilot.press(CONFIRM)
            await pilot.pause()
        assert len(app._notifications) == 0


@run_async
async def test_confirm_all_in_this_section_and_in_this_tool(tmp_path, home, content):
    path = tmp_path / "all.yaml"
    app = make_app(path, content=content, audit=carried_audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "formation")
        assert "4 carried over" in screen_text(app)
        await pilot.press(CONFIRM_ALL)
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen)
        await pilot.press("enter")  # first choice: this section (formation, work mode)
        await pilot.pause()
        saved = load_audit(path, content)
        assert sorted(saved.profile_carried_over) == ["mandated_reporters", "team_size"]
        assert "2 carried over" in screen_text(app)
        assert current_qid(app) == "team_size"  # on to the next answer still to confirm
        await pilot.press(CONFIRM_ALL)
        await pilot.pause()
        await pilot.press("down", "enter")  # second choice: everything about the group
        await pilot.pause()
        saved = load_audit(path, content)
        assert saved.profile_carried_over == []
        assert saved.tools[0].carried_over == ["retention", "people_with_access"]  # other tools untouched
        assert saved.profile["team_size"] == 4


@run_async
async def test_confirm_key_after_typing_a_new_number_saves_the_new_number(tmp_path, home, content):
    path = tmp_path / "n2.yaml"
    app = make_app(path, content=content, audit=carried_audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "team_size")
        await pilot.press("ctrl+u")
        await paste(pilot, "6")
        await pilot.press(CONFIRM)  # "still holds" must not silently keep the old 4
        await pilot.pause()
    saved = load_audit(path, content)
    assert saved.profile["team_size"] == 6
    assert "team_size" not in saved.profile_carried_over


# -- 3. opening never writes -----------------------------------------------------------

HEADER = "# Our spring audit: kept on the encrypted stick.\n# Second comment line.\n"


def write_example(path: Path, content) -> bytes:
    text = (examples_dir() / "peer-network.yaml").read_text(encoding="utf-8")
    body = text[text.index("kind: audit"):]
    body = body.replace("format: 1\n", "format: 1\ncreated: '2025-01-02T03:04:05'\nupdated: '2025-02-03T04:05:06'\n", 1)
    data = (HEADER + body).encode()
    path.write_bytes(data)
    os.chmod(path, 0o640)
    return data


@run_async
async def test_opening_and_browsing_never_writes(tmp_path, home, content):
    path = tmp_path / "mine.yaml"
    original = write_example(path, content)
    before = os.stat(path)
    app = make_app(path, content=content, data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for key in ("f3", "f4", "f5", "f6", "f2", "right", "right", "f3"):
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert path.read_bytes() == original
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


@run_async
async def test_a_change_keeps_the_header_comments_and_created(tmp_path, home, content):
    path = tmp_path / "mine.yaml"
    write_example(path, content)
    app = make_app(path, content=content, data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "legal_plan")
        await pilot.press("up", "enter")  # from "no" to "yes"
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    text = path.read_text()
    assert text.startswith(HEADER)
    assert "created: '2025-01-02T03:04:05'" in text
    assert load_audit(path, content).profile["legal_plan"] == "yes"


@run_async
async def test_opening_a_shipped_example_opens_a_copy(tmp_path, home, content):
    example = examples_dir() / "peer-network.yaml"
    original = example.read_bytes()
    data = tmp_path / "data"
    app = make_app(example, content=content, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "legal_plan")
        assert app.session.path.parent == data
        assert any("copy" in n.message for n in app._notifications)
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert example.read_bytes() == original
    (copy,) = [p for p in data.glob("*.yaml") if p.name != "state.yaml"]
    assert load_audit(copy, content).profile["legal_plan"] == "yes"


# -- 4. a short label ------------------------------------------------------------------


@run_async
async def test_new_audit_asks_for_a_label_and_names_the_file_after_it(tmp_path, home, content):
    data = tmp_path / "data"
    app = make_app(content=content, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert "label" in screen_text(app).lower()
        await pilot.press("ctrl+u")
        await paste(pilot, "Spring check")
        await pilot.press("enter")
        await pilot.pause()
        assert "spring-check" in screen_text(app)
        await pilot.press("enter")  # keep the suggested file name
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"
    (saved,) = data.glob("spring-check*.yaml")
    assert load_audit(saved, content).title == "Spring check"


@run_async
async def test_next_cycle_file_is_named_from_the_label_and_number(tmp_path, home, content):
    data = tmp_path / "data"
    data.mkdir()
    prev = data / "whatever.yaml"
    prev.write_text((examples_dir() / "mutual-aid.yaml").read_text())
    app = make_app(content=content, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, str(prev))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await paste(pilot, "Mutual aid")
        await pilot.press("enter")  # the label
        await pilot.pause()
        assert "mutual-aid-cycle-2.yaml" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
    assert (data / "mutual-aid-cycle-2.yaml").exists()


# -- 5. wrong text ---------------------------------------------------------------------


@run_async
async def test_what_is_stored_names_the_real_folder(tmp_path, home, content, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    app = make_app(content=content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "~/data/auditor/audits" in text
        assert ".local/share" not in text


@run_async
async def test_catalog_source_says_as_of_once(tmp_path, home, content):
    audit = Audit(tools=[Tool(id="sig", name="Signal", catalog="signal")])
    app = make_app(tmp_path / "x.yaml", content=content, audit=audit)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_at(pilot, app, "tool", "e2ee", tool="sig")
        state = str(app.screen.query_one("#qstate").render())
        assert "Source:" in state
        assert state.count("as of 2024") == 1, state


@run_async
async def test_findings_show_answer_labels_not_ids(tmp_path, home, content):
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    app = make_app(tmp_path / "f.yaml", content=content, audit=audit)
    async with app.run_test(size=(140, 60)) as pilot:
        await open_at(pilot, app, "findings")
        box = app.screen.query_one("#findings")
        seen = 0
        for i in range(box.option_count):
            if box.get_option_at_index(i).disabled:
                continue
            box.highlighted = i
            await pilot.pause()
            detail = str(app.screen.query_one("#finding-detail").render())
            for raw in ("→ no (", "→ yes (", "→ until_deleted", "→ forever ("):
                assert raw not in detail, detail
            seen += 1
        assert seen


@run_async
async def test_plan_names_tools_not_catalog_ids(tmp_path, home, content):
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    app = make_app(tmp_path / "p.yaml", content=content, audit=audit)
    async with app.run_test(size=(140, 60)) as pilot:
        await open_at(pilot, app, "plan")
        screen = app.screen
        switches = [i for i, p in enumerate(screen.proposals) if any(c.question == "catalog" for c in p.proposal.changes)]
        assert switches, "the example offers a tool switch"
        screen.query_one("#plan").highlighted = switches[0]
        await pilot.pause()
        detail = str(screen.query_one("#plan-detail").render())
        assert "signal" not in detail and "whatsapp →" not in detail  # no catalog ids
        assert "Signal" in detail


# -- 6. keys -------------------------------------------------------------------------


def all_bindings():
    import importlib
    import pkgutil

    import auditor.tui as tui
    from textual.binding import Binding
    from textual.dom import DOMNode

    seen = []
    for mod in pkgutil.walk_packages(tui.__path__, "auditor.tui."):
        module = importlib.import_module(mod.name)
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, DOMNode) and obj.__module__ == module.__name__:
                for b in obj.__dict__.get("BINDINGS", []):
                    if isinstance(b, Binding):
                        seen.append((obj.__name__, b))
    return seen


def test_every_binding_has_an_id_and_a_tooltip():
    bindings = all_bindings()
    assert len(bindings) > 20
    for owner, b in bindings:
        assert b.id, f"{owner}: {b.key} has no id"
        assert b.tooltip, f"{owner}: {b.key} has no tooltip"


@run_async
async def test_escape_goes_back_one_step_and_closes_the_keys_panel(tmp_path, home, content):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.progress = {}
    app = make_app(tmp_path / "e.yaml", content=content, audit=audit, data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "InventoryScreen"
        await pilot.press("f9")  # the keys panel
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")
        assert type(app.screen).__name__ == "InventoryScreen"
        await pilot.press("escape")  # back to the profile, where the audit opened
        await pilot.pause()
        assert type(app.screen).__name__ == "ProfileScreen"
        await pilot.press("escape")  # out of the audit, to the start screen
        await pilot.pause()
        assert type(app.screen).__name__ == "StartScreen"
        assert app.session is None


@run_async
async def test_open_and_new_inside_an_audit(tmp_path, home, content):
    app = make_app(tmp_path / "o.yaml", content=content, audit=Audit(), data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "tools")
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "Open an audit file" in screen_text(app)


@run_async
async def test_high_contrast_is_remembered(tmp_path, home, content):
    data = tmp_path / "data"
    app = make_app(content=content, data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        assert app.theme == "auditor-high-contrast"
    again = make_app(content=content, data_dir=data)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "auditor-high-contrast"
    (state,) = [p for p in data.iterdir() if p.name.startswith("state")]
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600


# -- 7. 80x24 ------------------------------------------------------------------------


@run_async
async def test_findings_at_80x24_leave_room_for_list_and_detail(tmp_path, home, content):
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    app = make_app(tmp_path / "n.yaml", content=content, audit=audit)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_at(pilot, app, "findings")
        scores = app.screen.query_one("#scores")
        assert scores.region.height <= 1
        assert app.screen.query_one("#findings").region.height >= 7
        assert app.screen.query_one("#finding-detail-box").region.height >= 7


# -- 8. questions that do not apply ------------------------------------------------------


@run_async
async def test_questions_that_do_not_apply_are_shown_as_not_applicable(tmp_path, home, content):
    audit = Audit(tools=[Tool(id="paper", name="Notebook", catalog="paper_notes")])
    app = make_app(tmp_path / "na.yaml", content=content, audit=audit)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_at(pilot, app, "tool", tool="paper")
        asked = {q.id for q in app.screen.query_one(Interview).questions}
        assert "disappearing" not in asked and "recording" not in asked
        assert "n/a" in screen_text(app)


@run_async
async def test_confirm_all_leaves_carried_dont_knows_to_look_at_one_by_one(tmp_path, home, content):
    path = tmp_path / "dk.yaml"
    audit = carried_audit()
    audit.tools[0].answers["legal_process"] = "unknown"
    audit.tools[0].carried_over.append("legal_process")
    app = make_app(path, content=content, audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "tool", "retention", tool="wa")
        await pilot.press(CONFIRM_ALL)
        await pilot.pause()
        await pilot.press("down", "enter")  # the last choice: everything about this tool
        await pilot.pause()
    saved = load_audit(path, content)
    assert saved.tools[0].carried_over == ["legal_process"]  # a "don't know" is for the group to find out, not to wave through


# -- a shorter interview: number keys, defaults kept without a dialog --------------------------------------------
@run_async
async def test_number_keys_answer_a_choice_and_tick_a_multiple_choice(tmp_path, home, content):
    path = tmp_path / "keys.yaml"
    app = make_app(path, content=content, audit=Audit())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "profile", "formation")
        await pilot.press("2")  # the second choice, answered at once
        await pilot.pause()
        assert current_qid(app) == "work_mode"
        await open_at(pilot, app, "profile", "serves")
        await pilot.press("1", "3", "enter")
        await pilot.pause()
    saved = load_audit(path, content)
    serves = content.questions["serves"]
    assert saved.profile["formation"] == content.questions["formation"].choices[1].id
    assert saved.profile["serves"] == [serves.choices[0].id, serves.choices[2].id]


@run_async
async def test_enter_over_an_empty_catalog_default_keeps_it_without_a_dialog(tmp_path, home, content):
    path = tmp_path / "sig.yaml"
    audit = Audit(tools=[Tool(id="sig", name="Signal", catalog="signal")])
    app = make_app(path, content=content, audit=audit)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_at(pilot, app, "tool", "content_exceptions", tool="sig")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)
        assert current_qid(app) != "content_exceptions"  # on to the next question
    assert not path.exists() or "content_exceptions" not in load_audit(path, content).tools[0].answers  # still the catalog's
