"""Encrypted autosave: scrypt once per session, then every answer is on disk, encrypted, before
the app acknowledges it; the `age` format stays readable (the key file opens the audit)."""

import pyrage
import pytest

from auditor.audits import storage
from auditor.audits.model import load_audit, save_audit
from auditor.content.loader import examples_dir, load_content
from auditor.interview.session import Session

from .conftest import paste, run_async


@pytest.fixture
def scrypt_calls(monkeypatch):
    """Counts scrypt derivations (encrypt and decrypt with a passphrase); each is ~1 s for real."""
    calls = []
    real_encrypt, real_decrypt = pyrage.passphrase.encrypt, pyrage.passphrase.decrypt
    monkeypatch.setattr(pyrage.passphrase, "encrypt", lambda d, p: (calls.append("enc"), real_encrypt(d, p))[1])
    monkeypatch.setattr(pyrage.passphrase, "decrypt", lambda d, p: (calls.append("dec"), real_decrypt(d, p))[1])
    monkeypatch.setattr(storage, "_UNLOCKED", {})
    return calls


def test_every_answer_is_on_disk_when_acknowledged_with_one_scrypt_per_session(tmp_path, content, scrypt_calls):
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    path = tmp_path / "a.yaml.age"
    session = Session(audit, path, content, passphrase="pw")
    tool = audit.tools[0]
    for n in (11, 12, 13):
        assert session.answer(tool.id, "people_with_access", n) is None
        # Acknowledged means on disk: a fresh reader (another process, no cache) finds this answer.
        storage._UNLOCKED.clear()
        assert load_audit(path, content, "pw").tool(tool.id).answers["people_with_access"] == n
        assert session.last_saved
    session_derivations = [c for c in scrypt_calls if c == "enc"]
    assert session_derivations == ["enc"]  # the key file, once; each save is X25519 only
    assert storage.key_file_for(path).exists()
    assert path.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")


def test_a_passphrase_only_audit_still_opens_and_becomes_keyed_at_its_next_save(tmp_path, content):
    plain = (examples_dir() / "mutual-aid.yaml").read_text()
    path = tmp_path / "old.yaml.age"
    storage.write_encrypted(path, plain, "pw")  # what `auditor encrypt` and `age -p` make
    audit = load_audit(path, content, "pw")
    assert not storage.key_file_for(path).exists()
    audit.title = "migrated"
    save_audit(audit, path, passphrase="pw")
    assert path.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")
    storage._UNLOCKED.clear()
    assert load_audit(path, content, "pw").title == "migrated"


def test_wrong_passphrase_and_missing_key_file_are_clear_errors(tmp_path, content):
    from auditor.errors import InputError, WrongPassphrase

    path = tmp_path / "a.yaml.age"
    save_audit(load_audit(examples_dir() / "mutual-aid.yaml", content), path, passphrase="pw")
    storage._UNLOCKED.clear()
    with pytest.raises(WrongPassphrase):
        load_audit(path, content, "nope")
    storage.key_file_for(path).rename(tmp_path / "elsewhere")
    with pytest.raises(InputError, match=r"a\.yaml\.age\.key.*missing"):
        load_audit(path, content, "pw")


def test_a_keyed_save_never_replaces_the_key_its_file_needs(tmp_path, content):
    """Only a file that is not keyed yet gets a new key: otherwise a save killed between
    the key and the audit would leave an audit no key opens."""
    path = tmp_path / "a.yaml.age"
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    save_audit(audit, path, passphrase="pw")
    key = storage.key_file_for(path).read_bytes()
    storage._UNLOCKED.clear()
    save_audit(audit, path, passphrase="pw")
    assert storage.key_file_for(path).read_bytes() == key


@run_async
async def test_the_app_answers_an_encrypted_audit_and_says_when_the_save_landed(tmp_path, home, content):
    from auditor.tui.app import make_app
    from auditor.tui.widgets import StatusLine

    path = tmp_path / "new.yaml.age"
    app = make_app(path, content=content, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(2):  # the passphrase, then again to be sure
            await paste(pilot, "typed passphrase")
            await pilot.press("enter")
            await pilot.pause()
        app.go("profile", question="team_size")
        await pilot.pause()
        await paste(pilot, "9")
        await pilot.press("enter")
        await pilot.pause()
        status = str(app.screen.query_one(StatusLine).render())
        assert f"every answer saved, last at {app.session.last_saved}" in status
        # Already on disk, before quitting.
        storage._UNLOCKED.clear()
        assert load_audit(path, content, "typed passphrase").profile["team_size"] == 9
