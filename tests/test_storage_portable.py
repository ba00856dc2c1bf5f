"""Storage on an OS without the POSIX-only calls (Windows with Python 3.11/3.12 has no os.fchmod,
and os.kill(pid, 0) there sends Ctrl+C): every save path still writes and reads back.

The calls are removed with monkeypatch, so the Windows branches run on this machine."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from auditor.audits import portable, storage
from auditor.audits.model import load_audit, save_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content

EXAMPLE = examples_dir() / "peer-network.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def no_posix_calls(monkeypatch):
    """What Windows lacks or must not call: fchmod, fchown, kill (and fcntl's full fsync)."""
    for name in ("fchmod", "fchown", "kill"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(portable, "fcntl", None)
    monkeypatch.setattr(storage, "_UNLOCKED", {})


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_report_writes_with_fchmod_removed(no_posix_calls, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(EXAMPLE), "--format", "md", "--date", "2026-11-20"]) == 0
    written = tmp_path / "reports" / "2026-11-20-peer-network-full.md"
    assert "Start here" in written.read_text() or written.stat().st_size > 1000
    assert "internal error" not in capsys.readouterr().err


def test_audit_save_and_autosave_write_and_read_back(no_posix_calls, tmp_path, content):
    from auditor.interview.session import Session

    path = tmp_path / "a.yaml"
    save_audit(load_audit(EXAMPLE, content), path)
    session = Session(load_audit(path, content), path, content)
    tool = session.audit.tools[0]
    assert session.answer(tool.id, "people_with_access", 7) is None
    assert load_audit(path, content).tool(tool.id).answers["people_with_access"] == 7


def test_encrypted_audit_and_report_write_and_read_back(no_posix_calls, tmp_path, content):
    path = tmp_path / "a.yaml.age"
    audit = load_audit(EXAMPLE, content)
    save_audit(audit, path, passphrase="pw")
    storage._UNLOCKED.clear()
    assert load_audit(path, content, "pw").tools[0].name == audit.tools[0].name
    report = storage.write_encrypted(tmp_path / "r.md.age", "report text", "pw", new=True)
    assert storage.read_encrypted(report, "pw") == b"report text"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_files_are_still_created_0600_without_fchmod(no_posix_calls, tmp_path):
    old = os.umask(0)  # a permissive umask: the mode must come from the create call itself
    try:
        path = storage.write_private(tmp_path / "x.yaml", "x")
    finally:
        os.umask(old)
    assert mode(path) == 0o600


def test_stale_temp_files_are_cleaned_without_os_kill(no_posix_calls, tmp_path, monkeypatch):
    target = tmp_path / "a.yaml"
    mine = tmp_path / f".a.yaml.{os.getpid()}.abcd1234.tmp"
    mine.write_text("a save in progress")
    # Without a way to ask, an unknown process counts as alive: its temp file stays.
    other = tmp_path / ".a.yaml.999999.abcd1234.tmp"
    other.write_text("x")
    monkeypatch.setattr(portable, "_windows_alive", None)
    storage.write_private(target, "saved")
    assert mine.exists() and other.exists()
    assert target.read_text() == "saved"


def test_the_probe_never_signals(monkeypatch):
    sent = []
    monkeypatch.setattr(os, "kill", lambda pid, sig: sent.append((pid, sig)))
    monkeypatch.setattr(portable, "WINDOWS", True)
    monkeypatch.setattr(portable, "_windows_alive", lambda pid: False)
    assert portable.process_alive(12345) is False
    assert sent == []  # on Windows os.kill(pid, 0) would have sent Ctrl+C


def test_full_fsync_is_used_where_it_exists(monkeypatch, tmp_path):
    calls = []

    class FakeFcntl:
        F_FULLFSYNC = 51

        @staticmethod
        def fcntl(fd, op):
            calls.append(op)
            return 0

    monkeypatch.setattr(portable, "fcntl", FakeFcntl)
    storage.write_private(tmp_path / "x", "x")
    assert FakeFcntl.F_FULLFSYNC in calls


def test_data_folder_on_linux_is_the_old_one(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(portable.sys, "platform", "linux")
    assert portable.data_dir() == tmp_path / ".local" / "share" / "auditor"


def test_mac_keeps_reading_the_old_folder_until_the_new_one_exists(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(portable.sys, "platform", "darwin")
    new = tmp_path / "Library" / "Application Support" / "auditor"
    assert portable.data_dir() == new
    old = tmp_path / ".local" / "share" / "auditor"
    old.mkdir(parents=True)
    assert portable.data_dir() == old
    new.mkdir(parents=True)
    assert portable.data_dir() == new
