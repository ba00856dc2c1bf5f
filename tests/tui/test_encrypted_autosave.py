"""Encrypted autosaves run off the UI thread, newest snapshot wins, and quitting flushes them."""

import threading

from auditor.audits import storage
from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.interview.session import Session


def test_encrypted_autosave_does_not_block_and_flushes(tmp_path, monkeypatch):
    content = load_content()
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    release = threading.Event()
    written = []

    def slow_write(path, data, passphrase, **kw):
        release.wait(10)  # stands in for scrypt
        written.append(data)
        return path

    monkeypatch.setattr(storage, "write_encrypted", slow_write)
    session = Session(audit, tmp_path / "a.yaml.age", content, passphrase="pw")
    tool = audit.tools[0]
    for n in (11, 12, 13):
        tool.answers["people_with_access"] = n
        assert session.changed() is None  # returned while the first write is still blocked
    assert written == []
    release.set()
    assert session.save() is None  # waits for the background writes; nothing newer to write
    assert len(written) <= 2  # the first job and, at most, the newest pending one
    assert "people_with_access: 13" in written[-1]
