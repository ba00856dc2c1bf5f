"""The content memo only ever skips work for shipped files whose exact text already passed."""

import os
import shutil
import stat

import pytest

from auditor.content.loader import CONTENT_DIRS, content_root, load_content
from auditor.errors import InputError


@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    root = tmp_path / "content"
    for folder in CONTENT_DIRS:
        shutil.copytree(content_root() / folder, root / folder)
    monkeypatch.setenv("AUDITOR_CONTENT_DIR", str(root))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    return root


def test_memo_is_private_and_speeds_nothing_up_wrongly(content_copy, tmp_path):
    first = load_content()
    memo = tmp_path / "cache" / "auditor" / "content-memo.json"
    assert memo.exists()
    assert stat.S_IMODE(os.stat(memo).st_mode) == 0o600
    second = load_content()
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert second.fingerprint == first.fingerprint

    # Edit a shipped rule file after the memo is warm: it must be validated again.
    ruleset = sorted((content_copy / "rulesets").glob("*.yaml"))[0]
    text = ruleset.read_text()
    ruleset.write_text(text.replace("severity: high", "severity: enormous", 1))
    with pytest.raises(InputError) as exc:
        load_content()
    assert any("'enormous' is not one of" in p.message and p.line for p in exc.value.problems)


def test_memo_can_be_turned_off(content_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("AUDITOR_NO_CACHE", "1")
    load_content()
    assert not (tmp_path / "cache" / "auditor").exists()
