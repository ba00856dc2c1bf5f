"""Two writers on one audit (the app and `auditor action`, two windows, a synced copy): a save never
replaces a file someone else wrote since it was read; the CLI says so and exits 2, writing nothing."""

from __future__ import annotations

import os
import shutil

import pytest

from auditor.audits import conflicts, storage
from auditor.audits.model import load_audit, save_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content

KEY = "signal-group:minimal-dispatch"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def audit_file(tmp_path):
    path = tmp_path / "spring.yaml"
    shutil.copy(examples_dir() / "peer-network.yaml", path)
    return path


def test_a_save_after_auditor_action_is_refused_and_the_action_stays(audit_file, content, capsys):
    open_in_app = load_audit(audit_file, content)
    assert main(["action", str(audit_file), KEY, "--status", "agreed"]) == 0
    open_in_app.title = "typed in the app"
    with pytest.raises(conflicts.FileChanged):
        save_audit(open_in_app, audit_file)
    on_disk = load_audit(audit_file, content)
    assert on_disk.actions[KEY]["status"] == "agreed" and on_disk.title != "typed in the app"


def _another_writer_saves_during(module, name, audit_file, content, monkeypatch):
    """While the command runs ``module.name``, another writer (the app) saves the same file."""
    real = getattr(module, name)

    def meanwhile_the_app_saves(audit, *args, **kwargs):
        other = load_audit(audit_file, content)
        other.title = "saved by the app meanwhile"
        save_audit(other, audit_file)
        return real(audit, *args, **kwargs)

    monkeypatch.setattr(module, name, meanwhile_the_app_saves)


def test_the_cli_writer_exits_2_naming_the_file_and_writes_nothing(audit_file, content, monkeypatch, capsys):
    from auditor.audits import actions

    _another_writer_saves_during(actions, "set_action", audit_file, content, monkeypatch)
    assert main(["action", str(audit_file), KEY, "--status", "done"]) == 2
    err = capsys.readouterr().err
    assert str(audit_file) in err and "nothing was written" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    on_disk = load_audit(audit_file, content)
    assert on_disk.title == "saved by the app meanwhile" and KEY not in on_disk.actions
    assert storage.temp_files(audit_file) == []


def test_saves_by_the_same_writer_keep_working(audit_file, content):
    audit = load_audit(audit_file, content)
    for n in range(3):
        audit.title = f"save {n}"
        save_audit(audit, audit_file)
    assert load_audit(audit_file, content).title == "save 2"


def test_a_touched_file_with_the_same_bytes_is_not_a_change(audit_file, content):
    audit = load_audit(audit_file, content)
    os.utime(audit_file, ns=(1, 10**18))  # a sync tool rewrote it, same bytes, another mtime
    audit.title = "fine"
    save_audit(audit, audit_file)
    assert load_audit(audit_file, content).title == "fine"


def test_same_size_and_mtime_but_other_bytes_is_a_change(audit_file, content):
    audit = load_audit(audit_file, content)
    info = audit_file.stat()
    text = audit_file.read_text()
    audit_file.write_text(text.replace("title: ", "title: X", 1)[:-1])  # same length, other bytes
    os.utime(audit_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert audit_file.stat().st_size == info.st_size
    with pytest.raises(conflicts.FileChanged):
        save_audit(audit, audit_file)


def test_a_deleted_file_is_not_silently_recreated(audit_file, content):
    audit = load_audit(audit_file, content)
    audit_file.unlink()  # `auditor forget` in another window
    with pytest.raises(conflicts.FileChanged) as caught:
        save_audit(audit, audit_file)
    assert caught.value.gone and not audit_file.exists()


def test_saving_elsewhere_is_never_refused(audit_file, content, tmp_path):
    audit = load_audit(audit_file, content)
    audit_file.write_text(audit_file.read_text() + "\n")
    save_audit(audit, tmp_path / "copy.yaml")
    assert (tmp_path / "copy.yaml").is_file()


def test_encrypted_audits_too_and_the_key_file_is_left_alone(tmp_path, content, monkeypatch):
    monkeypatch.setattr(storage, "_UNLOCKED", {})
    path = tmp_path / "a.yaml.age"
    save_audit(load_audit(examples_dir() / "peer-network.yaml", content), path, passphrase="pw")
    mine = load_audit(path, content, "pw")
    theirs = load_audit(path, content, "pw")
    theirs.title = "theirs"
    save_audit(theirs, path, passphrase="pw")
    key = storage.key_file_for(path).read_bytes()
    mine.title = "mine"
    with pytest.raises(conflicts.FileChanged):
        save_audit(mine, path, passphrase="pw")
    assert storage.key_file_for(path).read_bytes() == key
    assert load_audit(path, content, "pw").title == "theirs"


def test_keep_both_names_a_free_file_next_to_it(tmp_path):
    audit = tmp_path / "spring.yaml.age"
    assert conflicts.keep_both_path(audit, "app-version") == tmp_path / "spring-app-version.yaml.age"
    (tmp_path / "spring-app-version.yaml.age").write_text("x")
    assert conflicts.keep_both_path(audit, "app-version") == tmp_path / "spring-app-version-2.yaml.age"


def test_cycle_forget_leaves_a_file_someone_else_wrote_since(audit_file, content, monkeypatch, capsys):
    from auditor.audits import cycles

    _another_writer_saves_during(cycles, "reduce_to_summary", audit_file, content, monkeypatch)
    assert main(["cycle", "forget", str(audit_file), "--yes"]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert load_audit(audit_file, content).title == "saved by the app meanwhile"
    assert sorted(p.name for p in audit_file.parent.iterdir()) == [audit_file.name]
