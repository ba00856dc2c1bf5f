"""The cycle screen (ctrl+d): since last cycle, the same numbers as `auditor diff --json`, from the same code."""

from __future__ import annotations

import json
import shutil

import pytest

from auditor.audits.model import load_audit
from auditor.cli import main as cli_main
from auditor.content.loader import examples_dir
from auditor.tui.app import make_app

from .conftest import run_async, screen_text

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def pair(tmp_path):
    """Both example cycles copied next to each other (the app never writes into the examples)."""
    for name in ("mutual-aid-cycle-1.yaml", "mutual-aid-cycle-2.yaml"):
        shutil.copy(examples_dir() / name, tmp_path / name)
    return tmp_path / "mutual-aid-cycle-1.yaml", tmp_path / "mutual-aid-cycle-2.yaml"


def cycle_app(path, content, home):
    audit = load_audit(path, content)
    audit.progress = {}
    return make_app(path, content=content, audit=audit, data_dir=home / "data")


def diff_json(old, new, capsys) -> dict:
    capsys.readouterr()
    assert cli_main(["diff", "--json", str(old), str(new)]) == 0
    return json.loads(capsys.readouterr().out)


@run_async
async def test_cycle_screen_counts_equal_auditor_diff(pair, home, content, capsys):
    old, new = pair
    data = diff_json(old, new, capsys)
    f = data["findings"]
    app = cycle_app(new, content, home)
    async with app.run_test(size=(200, 150)) as pilot:  # wide enough that no line wraps, tall enough for every list
        await pilot.pause()
        assert "^d Since last" in screen_text(app), "the key is shown in the footer"
        assert "cycle 2, ^d since last" in screen_text(app), "and in the status line, which no footer overflow hides"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert type(app.screen).__name__ == "CycleScreen"
        text = screen_text(app)
    c = data["counts"]["findings"]
    assert f"findings {c['old']} → {c['new']}" in text
    done = sum(p["carried_out"] for p in data["plan"])
    assert (
        f"{len(f['resolved'])} resolved · {len(f['new'])} new · {len(f['regressed'])} worse · "
        f"{len(f['reduced'])} weigh less · {len(f['unchanged'])} still open"
    ) in text
    a = data["answers"]
    assert f"{a['changed']} answers changed · {a['newly_answered']} newly answered · plan: {done} of {len(data['plan'])} carried out" in text
    for heading, state in (("Resolved", "resolved"), ("New", "new"), ("Worse (more points than before)", "regressed")):
        assert f"{heading}  ({len(f[state])})" in text
        for x in f[state]:
            assert f"{x['rule']} · {x['title']}" in text
    for t in data["threats"].values():
        signed = {v: (f"{v:+d}" if v else "0") for v in (t["change"], t["practice"], t["answered"])}
        assert (
            f"{t['title'].split()[0]:<10} {t['old']:>3} → {t['new']:>3} ({signed[t['change']]}): "
            f"changed practice {signed[t['practice']]}, newly answered {signed[t['answered']]}"
        ) in text
    for p in data["plan"]:
        assert f"{p['status_label']} · {p['title']}" in text
    assert f"Plan agreed last cycle: {done} of {len(data['plan'])} carried out" in text


@run_async
async def test_cycle_key_hidden_on_a_first_cycle(pair, home, content):
    old, _ = pair
    app = cycle_app(old, content, home)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Since last" not in screen_text(app)
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert type(app.screen).__name__ != "CycleScreen"


def test_newly_answered_is_not_counted_as_changed_practice(pair, content):
    """A question "don't know" last cycle and answered now moves the score under "newly answered" only."""
    from auditor.audits import cycles
    from auditor.audits.diff import compare

    old = load_audit(pair[0], content)
    old.profile["legal_plan"] = "unknown"
    new = cycles.start_next_cycle(old, content)
    new.profile["legal_plan"] = "yes"
    d = compare(old, new, content)
    assert d.answers == {"newly_answered": 1, "changed": 0}
    assert any(t.change for t in d.threats.values()), "answering moved a score"
    for t in d.threats.values():
        assert t.practice == 0 and t.answered == t.change
    new.profile["confidentiality_agreement"] = "yes"  # a real change of practice on top
    d = compare(old, new, content)
    assert d.answers == {"newly_answered": 1, "changed": 1}
    assert any(t.practice for t in d.threats.values())
    for t in d.threats.values():
        assert t.practice + t.answered == t.change


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cycle_screen_snapshot(snap_compare, pair, home, content, size):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()

    assert snap_compare(cycle_app(pair[1], content, home), terminal_size=size, run_before=run_before)
