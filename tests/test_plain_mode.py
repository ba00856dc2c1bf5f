"""The plain line mode: the app's interview as plain lines, through the same session core.

A whole audit is driven through a pipe (in process: StringIO streams), and the same answers are given in
the app with Pilot: the two saved audits hold the same answers.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import i18n
from auditor.audits.model import Tool, answer_origin, load_audit, questions_for
from auditor.cli import main
from auditor.content.loader import load_content
from auditor.content.model import UNKNOWN
from auditor.interview.plain import run_plain

# Box drawing and block elements (U+2500-U+259F), and any escape sequence: none of it in plain mode.
NOT_PLAIN = re.compile("[\u2500-\u259f\x1b]")


@pytest.fixture(scope="module")
def content():
    return load_content(lang="en")


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.choose("en")


# The answers, by question type: the same policy is typed into the app as keys and into plain mode as lines.
def profile_line(q) -> str:
    if q.id == "legal_plan":
        return "?"
    return {"choice": "2", "yesno": "1", "multi": "1 2", "count": "3"}[q.type]


def tool_line(q, origin) -> str:
    if origin == "catalog":
        return ""  # Enter keeps the catalog default
    return {"choice": "1", "yesno": "2", "multi": "1", "count": "2"}[q.type]


def plain_script(content) -> str:
    lines = ["Spring"]
    lines += [profile_line(q) for q in content.profile_questions]
    lines.append("whatsapp")  # an alias, as in the app
    whatsapp = Tool(id="w", name="WhatsApp", catalog="whatsapp")
    for q in questions_for(whatsapp, content):
        lines.append(tool_line(q, answer_origin(whatsapp, q.id, None, content)[1]))
    lines.append("Slack [free tier]")
    lines.append(str(len([e for e in content.catalog.values() if "slack [free tier]" in e.name.lower()]) + 1))  # the custom tool
    lines.append(str(list(content.categories).index("team_chat") + 1))
    slack = Tool(id="s", name="Slack [free tier]", category="team_chat")
    lines += [tool_line(q, "unanswered") for q in questions_for(slack, content)]
    lines.append("")  # every tool is in
    return "\n".join(lines) + "\n"


def answers_of(path: Path, content) -> dict:
    audit = load_audit(path, content)
    return {
        "title": audit.title,
        "profile": audit.profile,
        "tools": [(t.name, t.catalog, t.category, t.answers) for t in audit.tools],
    }


def test_whole_audit_through_a_pipe(tmp_path, content):
    path = tmp_path / "plain.yaml"
    out = io.StringIO()
    assert run_plain(path, io.StringIO(plain_script(content)), out, content=content) == 0
    text = out.getvalue()
    assert not NOT_PLAIN.search(text)
    assert "Why we ask:" in text and "Question 1 of" in text and "Don't know" in text
    assert "== Scores, findings and the plan ==" in text and "What to do first" in text
    assert f"Saved. The audit is in:\n{path.resolve()}" in text
    saved = answers_of(path, content)
    assert saved["profile"]["legal_plan"] == UNKNOWN
    assert [t[0] for t in saved["tools"]] == ["WhatsApp", "Slack [free tier]"]
    assert len(saved["profile"]) == len(content.profile_questions)


def test_the_app_saves_the_same_answers(tmp_path, content, monkeypatch):
    from auditor.tui.app import make_app
    from auditor.tui.interview import Interview

    from textual import events

    async def paste(pilot, text: str) -> None:  # as a terminal paste does (tests/tui/conftest.py)
        pilot.app.focused.post_message(events.Paste(text))
        await pilot.pause()

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    plain_path, app_path = tmp_path / "plain.yaml", tmp_path / "app.yaml"
    assert run_plain(plain_path, io.StringIO(plain_script(content)), io.StringIO(), content=content) == 0

    keys = {"choice": {"2": ["down", "enter"], "1": ["enter"]}, "yesno": {"1": ["enter"], "2": ["down", "enter"]},
            "multi": {"1 2": ["space", "down", "space", "enter"], "1": ["space", "enter"]}, "count": {"3": ["3", "enter"], "2": ["2", "enter"]}}

    async def answer(pilot, app, line_for) -> None:
        for _ in range(80):
            if type(app.screen).__name__ not in ("ProfileScreen", "ToolScreen"):
                return
            interview = app.screen.query_one(Interview)
            q = interview.questions[interview.index]
            line = line_for(q, app.session.origin(interview.tool_id, q.id)[1])
            await pilot.press(*(["right"] if line == "" else ["d"] if line == "?" else keys[q.type][line]))
        raise AssertionError("the interview did not finish")

    async def drive() -> None:
        app = make_app(content=content)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("ctrl+u")
            await paste(pilot, "Spring")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("ctrl+u")
            await paste(pilot, str(app_path))
            await pilot.press("enter")
            await pilot.pause()
            await answer(pilot, app, lambda q, origin: profile_line(q))
            await pilot.press("a")
            await pilot.pause()
            await paste(pilot, "whatsapp")
            await pilot.press("enter")
            await pilot.pause()
            await answer(pilot, app, tool_line)
            await pilot.press("a")
            await pilot.pause()
            await paste(pilot, "Slack [free tier]")
            await pilot.press("enter")
            await pilot.pause()
            for _ in range(list(content.categories).index("team_chat")):
                await pilot.press("down")
            await pilot.press("enter")
            await pilot.pause()
            await answer(pilot, app, lambda q, origin: tool_line(q, "unanswered"))
            await pilot.press("ctrl+q")
            await pilot.pause()

    import asyncio

    asyncio.run(drive())
    assert answers_of(app_path, content) == answers_of(plain_path, content)


def test_end_of_input_saves_and_says_where(tmp_path, content):
    path = tmp_path / "half.yaml"
    script = "\n".join(["Half"] + [profile_line(q) for q in content.profile_questions[:3]])  # no newline at the end: EOF mid-line
    out = io.StringIO()
    assert run_plain(path, io.StringIO(script), out, content=content) == 0
    assert f"Saved. The audit is in:\n{path.resolve()}" in out.getvalue()
    assert len(load_audit(path, content).profile) == 3


def test_wrong_answers_are_asked_again_never_saved(tmp_path, content):
    path = tmp_path / "w.yaml"
    first = content.profile_questions[0]
    out = io.StringIO()
    run_plain(path, io.StringIO(f"W\n99\nabc\n{profile_line(first)}\n"), out, content=content)
    assert out.getvalue().count("That is not one of the answers") == 2
    assert load_audit(path, content).profile == {first.id: first.choices[1].id}


def test_carried_over_answers_are_confirmed_with_enter(tmp_path, content, capsys):
    from auditor.content.loader import examples_dir

    new = tmp_path / "next.yaml"
    assert main(["cycle", "new", str(examples_dir() / "mutual-aid.yaml"), "-o", str(new)]) == 0
    before = load_audit(new, content)
    assert before.profile_carried_over
    out = io.StringIO()
    run_plain(new, io.StringIO("\n" * len(content.profile_questions)), out, content=content)
    assert "Carried over from the last cycle" in out.getvalue()
    after = load_audit(new, content)
    assert after.profile_carried_over == [] and after.profile == before.profile


def test_dumb_terminal_or_a_pipe_chooses_plain_mode(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Piped\n"))
    path = tmp_path / "auto.yaml"
    assert main(["interview", str(path)]) == 0  # stdout is not a terminal here
    assert "plain line mode" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["open", str(path)]) == 0
    assert "plain line mode" in capsys.readouterr().out


def test_plain_mode_runs_without_textual(tmp_path):
    code = (
        "import sys; from auditor.cli import main; rc = main(['interview', '--plain', sys.argv[1]]); "
        "assert 'textual' not in sys.modules, 'textual was imported'; sys.exit(rc)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p.yaml")], input="Label\n1\n", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Saved." in proc.stdout and not NOT_PLAIN.search(proc.stdout)


# -- NO_COLOR: honoured everywhere ------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["score"], ["rules"], ["catalog"], ["diff"], ["history"], ["exercise"]])
def test_cli_text_output_never_colours(argv, monkeypatch, capsys):
    from auditor.content.loader import examples_dir

    monkeypatch.setenv("NO_COLOR", "1")
    example = str(examples_dir() / "mutual-aid.yaml")
    args = argv + {"score": [example], "diff": [example, example], "history": [example], "exercise": [example, "-o", "-"]}.get(argv[0], [])
    assert main(args) == 0
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err


def test_the_app_honours_no_color(monkeypatch, content):
    """Textual reads NO_COLOR itself and turns the screen monochrome; the app adds no colour of its own."""
    from textual.filter import Monochrome, NoColor

    from auditor.tui.app import make_app

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(content=content)
    assert app.no_color and any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)
    monkeypatch.delenv("NO_COLOR")
    assert not make_app(content=content).no_color


def test_plain_mode_in_spanish(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Primavera\n?\n"))
    assert main(["--lang", "es", "interview", "--plain", str(tmp_path / "es.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Pregunta 1 de" in out and "Por qué preguntamos:" in out and "No sé" in out
    assert "Guardado. La auditoría está en" in out
    assert "Why we ask" not in out and "Question 1 of" not in out


# -- a session a screen-reader user can live in: back, help, skip, resume, 80 columns -------------------------
RULED = re.compile(r"^\s*-{3,}(\s+-{3,})+\s*$|\|")  # a tabulate rule line, or a pipe table


def fits_80_columns(text: str, path: Path) -> list[str]:
    """The lines wider than 80 columns, or ruled like a table (a file path alone on its line may be longer)."""
    return [line for line in text.splitlines() if (len(line) > 80 and line.strip() != str(path.resolve())) or RULED.search(line)]


def test_a_plain_session_goes_back_gets_help_skips_and_resumes_where_it_stopped(tmp_path, content):
    path = tmp_path / "back.yaml"
    q1, q2, q3 = content.profile_questions[:3]
    first = io.StringIO()
    run_plain(path, io.StringIO(f"Spring\n{profile_line(q1)}\nb\n1\nhelp\nskip\n{profile_line(q3)}\nq\n"), first, content=content)
    text = first.getvalue()
    assert text.count("Question 1 of") == 2  # back to the first question
    assert "b or back" in text  # help says what can be typed
    saved = load_audit(path, content)
    assert saved.profile[q1.id] == q1.choices[0].id  # the answer given after going back
    assert q2.id not in saved.profile and saved.profile[q3.id]  # skipped, then answered
    again = io.StringIO()
    run_plain(path, io.StringIO("\n"), again, content=content)  # Enter: resume
    text = again.getvalue()
    assert "Resume" in text
    asked = re.findall(r"Question (\d+) of", text)
    assert asked and asked[0] == "4"  # where it stopped, not question 1


def test_the_whole_plain_audit_fits_80_columns_without_ruled_tables(tmp_path, content):
    path = tmp_path / "plain.yaml"
    out = io.StringIO()
    assert run_plain(path, io.StringIO(plain_script(content)), out, content=content) == 0
    text = out.getvalue()
    assert fits_80_columns(text, path) == []
    assert "What to do first" in text and "What remains" in text


def test_a_bare_auditor_on_a_dumb_terminal_offers_to_resume_the_last_audit(tmp_path, monkeypatch, capsys):
    from auditor.tui import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    last = tmp_path / "last.yaml"
    monkeypatch.setattr(sys, "stdin", io.StringIO("Autumn\n"))
    assert main(["interview", str(last)]) == 0  # remembered as the last audit, as the app does
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "Resume the last audit" in out and f"Audit file:\n{last.resolve()}" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\nWinter\n"))
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "New audit" in out
    assert load_audit(last, load_content()).title == "Autumn"  # the new audit went to a new file
    assert [p for p in paths.data_dir().glob("*.yaml")]


def test_spanish_readers_go_back_and_ask_for_help_in_spanish(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Primavera\n1\natrás\nayuda\nq\n"))
    assert main(["--lang", "es", "interview", "--plain", str(tmp_path / "es.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.count("Pregunta 1 de") == 2 and "b o atrás" in out
