"""`auditor report` as a user runs it: where files go, their mode, never overwriting, exit codes."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.content.loader import examples_dir, load_content
from auditor.audits.model import load_audit
from auditor.reports import write
from auditor.engine.assessment import Assessment

EXAMPLES = sorted(examples_dir().glob("*.yaml"))
DATE = "2026-11-20"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def example() -> Path:
    return examples_dir() / "peer-network.yaml"


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
@pytest.mark.parametrize("summary", [False, True], ids=["full", "summary"])
def test_default_location_name_and_mode(fmt, summary, example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = ["report", str(example), "--format", fmt, "--date", DATE] + (["--summary"] if summary else [])
    assert main(args) == 0
    expected = tmp_path / "reports" / (f"{DATE}-summary.{fmt}" if summary else f"{DATE}-peer-network-full.{fmt}")  # a summary names no audit
    assert expected.is_file()
    assert mode(expected) == 0o600
    assert str(Path("reports") / expected.name) in capsys.readouterr().out


def test_a_second_report_gets_a_new_name_and_the_first_is_untouched(example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    first = tmp_path / "reports" / f"{DATE}-peer-network-full.md"
    first.parent.mkdir()
    first.write_text("the group's own edits")
    assert main(["report", str(example), "--format", "md", "--date", DATE]) == 0
    assert main(["report", str(example), "--format", "md", "--date", DATE]) == 0
    assert first.read_text() == "the group's own edits"
    second, third = first.with_name(f"{DATE}-peer-network-full-2.md"), first.with_name(f"{DATE}-peer-network-full-3.md")
    assert second.is_file() and third.is_file()
    assert mode(second) == 0o600 and mode(third) == 0o600


def test_an_explicit_path_that_exists_is_refused(example, tmp_path, capsys):
    target = tmp_path / "out.html"
    target.write_text("keep me")
    assert main(["report", str(example), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert str(target) in err and "never overwritten" in err
    assert target.read_text() == "keep me"


def test_an_explicit_path_is_written_privately(example, tmp_path, capsys):
    target = tmp_path / "sub" / "for-the-meeting.html"
    assert main(["report", str(example), "-o", str(target)]) == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert mode(target) == 0o600


def test_default_format_is_html_and_out_dir_is_honoured(example, tmp_path, capsys):
    assert main(["report", str(example), "--out-dir", str(tmp_path / "handouts"), "--date", DATE]) == 0
    assert (tmp_path / "handouts" / f"{DATE}-peer-network-full.html").is_file()


def test_dash_prints_to_stdout_and_writes_nothing(example, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(example), "--format", "json", "-o", "-", "--date", DATE]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["report_format"] == 3 and doc["date"] == DATE
    assert not (tmp_path / "reports").exists()


def test_missing_audit_file_exits_2_on_stderr(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.yaml")]) == 2
    captured = capsys.readouterr()
    assert "nope.yaml" in captured.err and captured.out == ""
    assert not (tmp_path / "reports").exists()


def test_broken_audit_exits_2_with_file_and_line(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("kind: audit\nformat: 1\nprofile: {}\ntools:\n  - id: x\n    name: X\n    answers: {retention: forever}\n")
    assert main(["report", str(bad), "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:7" in err and "retention" in err


def test_bad_format_and_bad_date_are_usage_errors(example, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", str(example), "--format", "pdf"])
    assert exc.value.code == 2
    assert main(["report", str(example), "--date", "20th of November", "-o", "-"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_output_folder_that_is_a_file_is_a_clear_error(example, tmp_path, capsys):
    blocker = tmp_path / "reports"
    blocker.write_text("not a folder")
    assert main(["report", str(example), "--out-dir", str(blocker / "sub")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["report", str(example), "-o", str(blocker / "x.html")]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_in_every_format(example, tmp_path, capsys):
    for fmt in ("md", "html", "json", "csv"):
        for summary in (False, True):
            args = ["report", str(example), "--format", fmt, "--out-dir", str(tmp_path), "--date", DATE]
            assert main(args + (["--summary"] if summary else [])) == 0, capsys.readouterr().err
    assert len(list(tmp_path.iterdir())) == 8


def test_write_api_for_the_app(example, tmp_path):
    """The TUI's export calls write(); without a source it names the file after the audit title."""
    content = load_content()
    a = Assessment.of(load_audit(example, content), content)
    path = write(a, "md", out_dir=tmp_path, date=DATE)
    assert path.name == f"{DATE}-example-small-peer-network-full.md"
    assert mode(path) == 0o600
    again = write(a, "md", out_dir=tmp_path, date=DATE)
    assert again.name == f"{DATE}-example-small-peer-network-full-2.md"
    assert path.read_text() == again.read_text()
