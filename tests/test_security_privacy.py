"""No personal data: free text that looks like it warns and says why; `auditor forget` removes everything."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from auditor.audits import storage
from auditor.audits.model import load_audit, save_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content
from auditor.audits.privacy import audit_warnings, personal_data_warnings

EXAMPLE = examples_dir() / "peer-network.yaml"


@pytest.mark.parametrize(
    "text, kind, snippet",
    [
        ("Call 555-123-4567 if the hotline is down", "phone number", "555-123-4567"),
        ("backup line +44 7700 900123", "phone number", "+44 7700 900123"),
        ("the old number (212) 555-0199", "phone number", "(212) 555-0199"),
        ("send notes to jo.r+crisis@example.org", "email address", "jo.r+crisis@example.org"),
        ("we meet at 123 Main Street", "street address", "123 Main Street"),
        ("safe house on Calle Mayor 12", "street address", "Calle Mayor 12"),
        ("Maria Lopez holds the phone on weekends", "person's name", "Maria Lopez"),
        ("Dr. Okafor reviews the notes", "person's name", "Dr. Okafor"),
        ("Shared with Jean-Luc Picard and others", "person's name", "Jean-Luc Picard"),
    ],
)
def test_personal_data_is_flagged_with_a_reason(text, kind, snippet):
    warnings = personal_data_warnings(text)
    assert any(kind in w and snippet in w for w in warnings), warnings
    # Each warning says why the audit should not hold it.
    assert all(any(word in w for word in ("seized", "subpoena", "locate")) for w in warnings)


@pytest.mark.parametrize(
    "text",
    [
        "Google Voice",
        "Signal group for shifts",
        "Slack [free tier]",
        "WhatsApp Business",
        "Microsoft Teams channel",
        "Google Sheets tracker, kept since 2022-2023, reviewed 2026-05-01",
        "40 people can see it; 3 dispatchers, 12 shifts a week",
        "Ask Maria before changing it",  # a first name alone is not a full name
        "The hotline rings 24/7. On Monday The Coordinator checks voicemail.",
        "[bold]Slack[/] <script>alert(1)</script>",
        "version 1.2.3 of the app; ISO 27001",
        "",
    ],
)
def test_ordinary_audit_text_is_not_flagged(text):
    assert personal_data_warnings(text) == []


def test_catalog_tool_names_are_not_names():
    content = load_content()
    names = [t.name for t in content.catalog.values()]
    flagged = {n: personal_data_warnings(n, names) for n in names}
    assert {n: w for n, w in flagged.items() if w} == {}
    # ...and the shipped examples hold no personal data.
    for example in examples_dir().glob("*.yaml"):
        assert audit_warnings(load_audit(example, content), names) == [], example


def test_validate_warns_on_stderr_and_still_exits_0(tmp_path, capsys):
    content = load_content()
    audit = load_audit(EXAMPLE, content)
    audit.tools[0].notes = "Maria Lopez has the phone: 555-123-4567"
    path = save_audit(audit, tmp_path / "a.yaml")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "1 file(s) valid; 2 warning(s) about personal data" in out
    lines = err.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"auditor: {path}: tools[0].notes: warning: looks like") for line in lines)


# -- auditor forget ----------------------------------------------------------------


def _audit_with_leftovers(folder: Path) -> dict[str, Path]:
    files = {
        "audit": folder / "group.yaml.age",
        "plain twin": folder / "group.yaml",
        "temp": folder / ".group.yaml.age.4242.abcdefgh.tmp",
        "autosave": folder / "group.yaml.autosave",
        "cycle-forget temp": folder / ".summary-group.yaml.age",
        "report": folder / "reports" / "2026-05-01-group-full.md",
        "report 2": folder / "reports" / "2026-05-01-group-summary-2.html",
        "encrypted report": folder / "reports" / "2026-05-01-group-full.md.age",
        "other audit's report": folder / "reports" / "2026-05-01-group-2-full.md",
        "unrelated report": folder / "reports" / "2026-05-01-other-full.md",
        "unrelated audit": folder / "other.yaml",
    }
    for path in files.values():
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"contents of {path.name}")
    # forget first checks that the file it is given is an audit (plain, or an age file).
    files["audit"].write_bytes(b"age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 18\nAAAA\n--- AAAA\n" + b"\0" * 40)
    files["plain twin"].write_text(f"kind: audit\nformat: 1\nid: {ID}\nprofile: {{}}\ntools: []\n")
    # Reports prove they are this audit's by the id they record (reports/stamp.py), not by name.
    files["report"].write_text(f"<!-- auditor-audit-id: {ID} -->\n# report")
    files["report 2"].write_text(f'<head><meta name="auditor-audit-id" content="{ID}"></head>')
    files["other audit's report"].write_text(f"<!-- auditor-audit-id: {'b' * 32} -->\n# report")
    return files


ID = "a" * 32


def test_forget_lists_asks_and_removes_everything_that_belongs_to_the_audit(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    files = _audit_with_leftovers(tmp_path)
    # The encrypted report cannot be opened without the passphrase: left alone, and said so.
    keep = {"other audit's report", "unrelated report", "unrelated audit", "encrypted report"}
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "")
    # Not a terminal and no --yes: refuse, delete nothing.
    assert main(["forget", str(files["audit"])]) == 2
    assert all(p.exists() for p in files.values())
    out = capsys.readouterr().out
    left, _, deleted = out.partition("will be overwritten and deleted:")
    assert "2026-05-01-group-full.md.age: encrypted, and no passphrase was given" in left
    listed = {Path(line.strip()).resolve() for line in deleted.splitlines() if line.startswith("  ")}
    assert listed == {p.resolve() for label, p in files.items() if label not in keep}
    # A terminal and "no": nothing deleted.
    monkeypatch.setattr("sys.stdin", type("TTY", (), {"isatty": lambda self: True})())
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert main(["forget", str(files["audit"])]) == 0
    assert all(p.exists() for p in files.values())
    monkeypatch.setattr("builtins.input", lambda prompt="": "y")
    assert main(["forget", str(files["audit"])]) == 0
    out = capsys.readouterr().out
    assert {label for label, p in files.items() if p.exists()} == keep
    for words in ("SSD", "Copy-on-write", "Synced folders", "Backups"):
        assert words in out


def test_forget_with_yes_and_nothing_left(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.yaml"
    path.write_text("kind: audit\n")
    assert main(["forget", "--yes", str(path)]) == 0
    assert not path.exists()
    capsys.readouterr()
    assert main(["forget", "--yes", str(path)]) == 2
    assert "nothing to forget" in capsys.readouterr().err


def test_shred_overwrites_before_unlinking(tmp_path, monkeypatch):
    path = tmp_path / "secret.yaml"
    path.write_bytes(b"secret" * 1000)
    seen = []
    real_unlink = Path.unlink

    def spy(self, *a, **k):
        seen.append(self.read_bytes())
        return real_unlink(self, *a, **k)

    monkeypatch.setattr(Path, "unlink", spy)
    storage.shred(path)
    assert not path.exists() and seen == [bytes(6000)]


def test_private_mode_everywhere(tmp_path):
    content = load_content()
    path = save_audit(load_audit(EXAMPLE, content), tmp_path / "new" / "a.yaml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
