"""Encryption at rest: age format, passphrase (scrypt), interoperable with the `age` tool.

Every real encryption costs about a second of scrypt by design, so the suite
encrypts as few times as it can: one encrypted audit per module, reused.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import shutil
import stat
import time
from pathlib import Path

import pytest

from auditor.audits import storage
from auditor.audits.model import dump_audit, load_audit, open_audit, save_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content
from auditor.errors import InputError, PassphraseNeeded, WrongPassphrase

PASS = "correct horse battery staple"
EXAMPLE = examples_dir() / "peer-network.yaml"
AGE = shutil.which("age")


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def encrypted(tmp_path_factory, content):
    """An audit saved once with save_audit(..., passphrase=...), and every byte write_private was given."""
    folder = tmp_path_factory.mktemp("enc")
    audit = load_audit(EXAMPLE, content)
    audit.title = "Secret Title 7f3a"
    audit.tools[0].notes = "marker-plaintext-91c2"
    written: list[bytes] = []
    real = storage.write_private

    def recording(path, data, **kwargs):
        written.append(data if isinstance(data, bytes) else data.encode())
        return real(path, data, **kwargs)

    storage.write_private = recording
    try:
        path = save_audit(audit, folder / "group.yaml.age", passphrase=PASS)
    finally:
        storage.write_private = real
    return path, audit, written


@pytest.fixture
def no_scrypt(monkeypatch):
    """Fail if a passphrase is tried or derived: refusals must come first."""
    import pyrage

    def refuse(*args, **kwargs):
        raise AssertionError("scrypt was run")

    monkeypatch.setattr(pyrage.passphrase, "encrypt", refuse)
    monkeypatch.setattr(pyrage.passphrase, "decrypt", refuse)


@pytest.fixture
def no_tty(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.delenv(storage.PASSPHRASE_ENV, raising=False)


def test_encrypted_save_writes_only_private_ciphertext(encrypted):
    path, audit, written = encrypted
    data = path.read_bytes()
    # The audit is encrypted to its own key; the key file next to it is passphrase (scrypt) encrypted.
    assert data.startswith(b"age-encryption.org/v1\n-> X25519 ")
    key = storage.key_file_for(path)
    assert key.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    assert storage.is_encrypted(path)
    assert stat.S_IMODE(path.stat().st_mode) == stat.S_IMODE(key.stat().st_mode) == 0o600
    # What went to disk, temp files included, was ciphertext; no other file appeared.
    assert written and all(storage.looks_encrypted(w) for w in written)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name, key.name]
    assert b"AGE-SECRET-KEY" not in key.read_bytes()
    for marker in (b"marker-plaintext-91c2", b"Secret Title", b"kind: audit"):
        assert marker not in data


def test_encrypted_audit_round_trips(encrypted, content):
    path, audit, _ = encrypted
    again = load_audit(path, content, passphrase=PASS)
    assert again.to_dict() == audit.to_dict()


def test_no_passphrase_without_terminal_is_an_input_error(encrypted, content, no_tty, no_scrypt):
    path, _, _ = encrypted
    with pytest.raises(PassphraseNeeded, match="AUDITOR_PASSPHRASE"):
        open_audit(path, content)
    with pytest.raises(PassphraseNeeded):
        load_audit(path, content)


def test_damaged_file_is_refused_cleanly(encrypted, content, tmp_path):
    path, _, _ = encrypted
    broken = tmp_path / "broken.yaml.age"
    data = path.read_bytes()
    broken.write_bytes(data[: len(data) // 2] + bytes(64))
    shutil.copy(storage.key_file_for(path), storage.key_file_for(broken))
    with pytest.raises(InputError, match="damaged") as err:
        load_audit(broken, content, passphrase=PASS)
    assert err.value.problems[0].file == str(broken)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"kind: audit\n", "not an age-encrypted file"),
        (b"age-encryption.org/v1\n-> X25519 abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq\nAAAA\n--- AAAA\n", r"a key that auditor keeps in x\.yaml\.age\.key.*missing.*age -d -i"),
        (b"age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 40\nAAAA\n--- AAAA\n", "work factor 40"),
    ],
    ids=["plaintext-named-age", "key-not-passphrase", "huge-work-factor"],
)
def test_hostile_age_files_are_refused_before_any_scrypt(tmp_path, content, data, words, no_scrypt):
    path = tmp_path / "x.yaml.age"
    path.write_bytes(data)
    with pytest.raises(InputError, match=words):
        load_audit(path, content, passphrase=PASS)


def test_save_audit_refuses_ambiguous_requests(tmp_path, content):
    audit = load_audit(EXAMPLE, content)
    with pytest.raises(PassphraseNeeded):
        save_audit(audit, tmp_path / "a.yaml.age")
    with pytest.raises(ValueError, match="only files ending in .age"):
        save_audit(audit, tmp_path / "a.yaml", passphrase=PASS)
    assert list(tmp_path.iterdir()) == []


def test_cli_score_and_validate_read_encrypted_audits(encrypted, tmp_path, monkeypatch, capsys):
    path, audit, _ = encrypted
    plain = tmp_path / "group.yaml"
    plain.write_text(dump_audit(audit))
    assert main(["score", "--json", str(plain)]) == 0
    expected = json.loads(capsys.readouterr().out)
    monkeypatch.setenv(storage.PASSPHRASE_ENV, PASS)
    assert main(["score", "--json", str(path)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["audit"].pop("file") == str(path)
    expected["audit"].pop("file")
    assert got == expected


def test_cli_wrong_passphrase_exit_2_no_traceback(encrypted, monkeypatch, capsys):
    path, _, _ = encrypted
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    monkeypatch.setenv(storage.PASSPHRASE_ENV, "nope")
    assert main(["validate", str(path)]) == 2  # validate routes .age files through open_audit too
    out, err = capsys.readouterr()
    assert err.splitlines()[0] == f"auditor: {path}: wrong passphrase, or the file is damaged; nothing was changed"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_passphrase_prompt_asks_twice_when_encrypting(monkeypatch):
    monkeypatch.delenv(storage.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr("sys.stdin", type("TTY", (), {"isatty": lambda self: True})())
    answers = iter(["one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(PassphraseNeeded, match="differ"):
        storage.ask_passphrase("x.age", confirm=True)
    answers = iter(["same", "same"])
    assert storage.ask_passphrase("x.age", confirm=True) == "same"
    answers = iter([""])
    with pytest.raises(PassphraseNeeded, match="no passphrase"):
        storage.ask_passphrase("x.age")


def test_encrypt_command_replaces_plaintext_with_verified_age_file(tmp_path, monkeypatch, capsys):
    src = tmp_path / "group.yaml"
    original = EXAMPLE.read_bytes()
    src.write_bytes(original)
    (tmp_path / ".group.yaml.1.abcdefgh.tmp").write_bytes(original)  # a crashed save's leftover
    monkeypatch.setenv(storage.PASSPHRASE_ENV, PASS)
    assert main(["encrypt", str(src)]) == 0
    out, err = capsys.readouterr()
    assert "encrypted:" in out and "SSD" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["group.yaml.age"]
    dest = tmp_path / "group.yaml.age"
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert dest.read_bytes().startswith(storage.AGE_MAGIC)
    # The command read it back before deleting the plaintext; the age tool test opens it independently.
    ENCRYPTED_BY_COMMAND.append(dest)


ENCRYPTED_BY_COMMAND: list[Path] = []


def test_encrypt_command_refusals_change_nothing(encrypted, tmp_path, monkeypatch, capsys, no_tty):
    path, _, _ = encrypted
    assert main(["encrypt", str(path)]) == 2
    assert "already encrypted" in capsys.readouterr().err
    rules = tmp_path / "rules.yaml"
    rules.write_text("kind: ruleset\nformat: 1\n")
    assert main(["encrypt", str(rules)]) == 2
    assert "not an audit" in capsys.readouterr().err
    src = tmp_path / "a.yaml"
    src.write_bytes(EXAMPLE.read_bytes())
    assert main(["encrypt", str(src)]) == 2  # no terminal, no AUDITOR_PASSPHRASE
    assert "AUDITOR_PASSPHRASE" in capsys.readouterr().err
    (tmp_path / "a.yaml.age").write_bytes(b"something else")
    monkeypatch.setenv(storage.PASSPHRASE_ENV, PASS)
    assert main(["encrypt", str(src)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert src.read_bytes() == EXAMPLE.read_bytes() and (tmp_path / "a.yaml.age").read_bytes() == b"something else"


def test_write_encrypted_for_reports_never_overwrites(tmp_path, no_scrypt):
    target = tmp_path / "report.md.age"
    target.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        storage.write_encrypted(target, "# report", PASS, new=True)
    assert target.read_bytes() == b"old"


# -- interoperability with the standard `age` tool ----------------------------------


def _age(args: list[str], passphrase: str, timeout: float = 60) -> tuple[int, bytes]:
    """Run `age` with a pseudo-terminal: it reads passphrases only from a terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - child
        os.execvp(AGE, ["age", *args])
    out, sent, deadline = b"", 0, time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        prompts = sum(out.lower().count(p) for p in (b"passphrase:", b"passphrase (", b"passphrase for identity"))
        if prompts > sent:
            os.write(fd, passphrase.encode() + b"\n")
            sent += 1
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@pytest.mark.skipif(AGE is None, reason="the age tool is not installed")
def test_age_tool_opens_our_files_and_we_open_its(encrypted, tmp_path, content):
    path, audit, _ = encrypted
    plain = tmp_path / "out.yaml"
    # A keyed audit: age unlocks the passphrase-protected key file, then the audit (docs/formats.md).
    rc, out = _age(["-d", "-i", str(storage.key_file_for(path)), "-o", str(plain), str(path)], PASS)
    assert rc == 0, out
    assert plain.read_text() == dump_audit(audit)
    # Or in two steps: the key file alone is an ordinary passphrase age file.
    rc, out = _age(["-d", "-o", str(tmp_path / "key.txt"), str(storage.key_file_for(path))], PASS)
    assert rc == 0, out
    assert (tmp_path / "key.txt").read_text().count("AGE-SECRET-KEY-1") == 1
    for made in ENCRYPTED_BY_COMMAND:  # `auditor encrypt` output, when that test ran first
        rc, out = _age(["-d", "-o", str(tmp_path / "cmd.yaml"), str(made)], PASS)
        assert rc == 0, out
        assert (tmp_path / "cmd.yaml").read_bytes() == EXAMPLE.read_bytes()
    theirs = tmp_path / "theirs.yaml.age"
    rc, out = _age(["-p", "-o", str(theirs), str(plain)], PASS)
    assert rc == 0, out
    assert load_audit(theirs, content, passphrase=PASS).to_dict() == audit.to_dict()


def test_write_encrypted_writes_only_what_age_returns(tmp_path, monkeypatch):
    """The wiring for encrypted reports (the crypto itself is exercised above, for real)."""
    import pyrage

    calls = []

    def fake(data, passphrase, armored=False):
        calls.append((data, passphrase))
        return storage.AGE_MAGIC + b"-> scrypt c2FsdA 18\n" + data[::-1]

    monkeypatch.setattr(pyrage.passphrase, "encrypt", fake)
    report = tmp_path / "reports" / "2026-05-01-group-full.md.age"
    storage.write_encrypted(report, "# Report <b>x</b>", PASS, new=True)
    assert calls == [(b"# Report <b>x</b>", PASS)]
    assert report.read_bytes() == storage.AGE_MAGIC + b"-> scrypt c2FsdA 18\n" + b"# Report <b>x</b>"[::-1]
    assert stat.S_IMODE(report.stat().st_mode) == 0o600 and storage.is_encrypted(report)
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name]
    with pytest.raises(ValueError):
        storage.encrypt(b"x", "")
