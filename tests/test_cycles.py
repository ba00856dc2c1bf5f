"""Evaluation cycles: starting the next cycle, carried-over markers, history, forgetting, and the CLI."""

import datetime as dt
import io
import json
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from auditor.audits import cycles
from auditor.content import yamlio
from auditor.audits.model import Tool, load_audit, save_audit
from auditor.cli import main
from auditor.content.loader import load_content
from auditor.errors import InputError
from auditor.engine.scoring import score

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CYCLE1 = EXAMPLES / "mutual-aid-cycle-1.yaml"
CYCLE2 = EXAMPLES / "mutual-aid-cycle-2.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture
def last(content):
    return load_audit(CYCLE2, content)


def test_next_cycle_matches_last_answer_for_answer(content, last):
    new = cycles.start_next_cycle(last, content, previous_file=CYCLE2, on=dt.date(2027, 3, 1))
    assert new.profile == last.profile
    assert new.profile is not last.profile
    assert [t.id for t in new.tools] == [t.id for t in last.tools]
    for old_tool, new_tool in zip(last.tools, new.tools):
        assert (new_tool.name, new_tool.catalog, new_tool.category, new_tool.notes) == (old_tool.name, old_tool.catalog, old_tool.category, old_tool.notes)
        assert new_tool.answers == old_tool.answers
        assert new_tool.answers is not old_tool.answers
    assert score(new, content).scores == score(last, content).scores
    assert new.agreed == last.agreed  # agreed proposals stay in the plan
    assert new.whatif == []


def test_next_cycle_numbers_dates_and_review(content, last):
    new = cycles.start_next_cycle(last, content, previous_file=CYCLE2, on=dt.date(2027, 3, 1))
    assert new.cycle == {
        "number": 3,
        "started": "2027-03-01",
        "previous": "mutual-aid-cycle-2.yaml",  # the file name only, never a path
        "review_every_months": 6,
        "review_due": "2027-09-01",
    }
    assert new.extra["ruleset"]["fingerprint"] == content.fingerprint
    assert set(new.extra["ruleset"]["rules"]) == {r.id for r in content.rules}


def test_history_carries_earlier_cycles_and_summarizes_the_last(content, last):
    new = cycles.start_next_cycle(last, content, on=dt.date(2027, 3, 1))
    history = new.extra["history"]
    assert [h["cycle"] for h in history] == [1, 2]
    assert history[0] == last.extra["history"][0]  # earlier entries are kept as recorded
    entry = history[1]
    assert set(entry) == {"cycle", "date", "scores", "points", "findings", "tools", "ruleset"}
    result = score(last, content)
    assert entry["scores"] == result.scores
    assert entry["points"] == result.points
    assert entry["date"] == "2026-09-12"
    assert entry["tools"] == 3
    assert entry["findings"] == len({(f.rule, f.tool) for f in result.findings})
    assert entry["ruleset"] == content.version_record()


def test_carried_over_markers_and_confirm(content, last):
    new = cycles.start_next_cycle(last, content)
    assert new.profile_carried_over == list(last.profile)
    for tool in new.tools:
        assert tool.carried_over == list(tool.answers)
    pending = cycles.needs_confirming(new, content)
    assert len(pending) == len(last.profile) + sum(len(t.answers) for t in last.tools)
    assert pending[0][0] is None  # the group profile comes first
    assert cycles.confirm(new, "dispatch-chat", "forwarding") is True
    assert "forwarding" not in new.tool("dispatch-chat").carried_over
    assert ("dispatch-chat", "forwarding") not in cycles.needs_confirming(new)
    assert cycles.confirm(new, "dispatch-chat", "forwarding") is False  # already confirmed
    cycles.set_answer(new, None, "team_size", 9)  # changing an answer confirms it
    assert new.profile["team_size"] == 9 and "team_size" not in new.profile_carried_over
    assert len(cycles.needs_confirming(new)) == len(pending) - 2
    assert cycles.confirm_all(new) == len(pending) - 2
    assert cycles.needs_confirming(new) == []


def test_markers_survive_save_and_load(content, last, tmp_path):
    new = cycles.start_next_cycle(last, content)
    cycles.confirm(new, None, "formation")
    path = tmp_path / "next.yaml"
    save_audit(new, path)
    again = load_audit(path, content)
    assert again.profile_carried_over == new.profile_carried_over
    assert [t.carried_over for t in again.tools] == [t.carried_over for t in new.tools]
    assert again.extra["history"] == new.extra["history"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_confirm_changed_drops_markers_on_edited_answers(content, last):
    new = cycles.start_next_cycle(last, content)
    new.tool("hotline-phone").answers["retention"] = "week"  # edited by hand, marker left behind
    new.profile["legal_plan"] = "yes"
    assert cycles.confirm_changed(new, last) == 2
    assert "retention" not in new.tool("hotline-phone").carried_over
    assert "legal_plan" not in new.profile_carried_over
    assert "formation" in new.profile_carried_over


def test_first_audit_without_cycle_becomes_cycle_two(content):
    first = load_audit(CYCLE1, content)
    first.cycle = {}
    new = cycles.start_next_cycle(first, content, on=dt.date(2026, 5, 2))
    assert new.cycle == {"number": 2, "started": "2026-05-02"}  # no cadence chosen: no due date
    assert new.extra["history"][0]["cycle"] == 1


def test_set_review_and_due(content, last):
    due = cycles.set_review(last, 4)
    assert due == "2027-01-12"  # four months after the cycle started (2026-09-12)
    assert last.cycle["review_every_months"] == 4
    assert cycles.review_due_in(last, on=dt.date(2027, 1, 2)) == 10
    assert cycles.review_due_in(last, on=dt.date(2027, 1, 20)) == -8
    with pytest.raises(ValueError):
        cycles.set_review(last, 0)


def test_add_months_clamps_to_month_end():
    assert cycles.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert cycles.add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_next_cycle_path():
    assert cycles.next_cycle_path(Path("g/x-cycle-1.yaml"), 2) == Path("g/x-cycle-2.yaml")
    assert cycles.next_cycle_path(Path("spring.yaml"), 2) == Path("spring-cycle-2.yaml")
    assert cycles.next_cycle_path(Path("a_cycle3.yaml.age"), 4) == Path("a-cycle-4.yaml.age")


def test_sparkline_uses_a_fixed_scale():
    assert cycles.sparkline([0, 100, None, 50]) == "▁█ ▅"
    assert cycles.sparkline([80, 80]) == "▇▇"
    assert cycles.sparkline([]) == ""


# -- forgetting ------------------------------------------------------------------


def _tokens_absent(text: str, values) -> list:
    found = []
    for v in values:
        if re.search(rf"(?<![A-Za-z0-9_-]){re.escape(v)}(?![A-Za-z0-9_-])", text):
            found.append(v)
    return found


def _answer_strings(answers: dict) -> set:
    out = set()
    for v in answers.values():
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, str):
                out.add(item)
    return out


def test_forgotten_cycle_keeps_no_tool_names_answers_or_notes(content, tmp_path):
    audit = load_audit(CYCLE2, content)
    audit.profile_notes = "We meet at the library on Tuesdays"
    audit.tool("hotline-phone").notes = "Battery is weak, charge overnight"
    audit.tools.append(Tool(id="zine-list", name="Quarterly zine mailing list", catalog="signal", answers={"retention": "years"}))
    path = tmp_path / "old.yaml"
    save_audit(audit, path)
    summary = cycles.reduce_to_summary(audit, content, on=dt.date(2027, 4, 1))
    cycles.save_summary(summary, path)
    text = path.read_text()
    secrets = {audit.title, audit.profile_notes}
    for tool in audit.tools:
        secrets |= {tool.id, tool.name, tool.notes} - {""}
        secrets |= _answer_strings(tool.answers)
        secrets |= set(tool.answers)  # not even which questions were answered
    secrets |= _answer_strings(audit.profile)
    secrets |= set(audit.agreed)
    assert _tokens_absent(text, sorted(secrets)) == []
    for tool in audit.tools:
        assert tool.name not in text
    # "id" is the file's random id (so `forget` still finds this cycle's reports): nothing about the group.
    assert set(yamlio.parse(text, path)) == {"kind", "format", "id", "cycle", "created", "updated", "forgotten", "summary", "history"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    back = cycles.load_cycle_file(path, content)
    assert isinstance(back, cycles.CycleSummary)
    assert back.summary["scores"] == score(audit, content).scores
    assert back.summary["tools"] == 4
    assert back.cycle["number"] == 2 and back.forgotten == "2027-04-01"
    assert [h["cycle"] for h in back.history] == [1]


def test_forgotten_history_drops_unknown_keys(content):
    audit = load_audit(CYCLE2, content)
    audit.extra["history"][0]["tool_names"] = ["Secret chat"]
    summary = cycles.reduce_to_summary(audit, content)
    assert "Secret chat" not in cycles.dump_summary(summary)


def test_summary_file_is_validated_with_line_and_field(content, tmp_path):
    bad = tmp_path / "bad-summary.yaml"
    bad.write_text("kind: audit-summary\nformat: 1\nsummary:\n  scores:\n    gossip: lots\n")
    with pytest.raises(InputError) as exc:
        cycles.load_cycle_file(bad, content)
    problem = exc.value.problems[0]
    assert (problem.line, problem.field) == (5, "summary.scores.gossip")
    sneaky = tmp_path / "sneaky.yaml"
    sneaky.write_text("kind: audit-summary\nformat: 1\nsummary: {scores: {}}\ntools: [{id: a, name: Secret chat}]\n")
    with pytest.raises(InputError):
        cycles.load_cycle_file(sneaky, content)


def test_timeline_prefers_files_over_carried_history(content, tmp_path):
    c1, c2 = load_audit(CYCLE1, content), load_audit(CYCLE2, content)
    summary = cycles.reduce_to_summary(c1, content)
    rows = cycles.timeline([("c2.yaml", c2), ("c1.yaml", summary)], content)
    assert [(r["cycle"], r["source"]) for r in rows] == [(1, "c1.yaml"), (2, "c2.yaml")]
    rows = cycles.timeline([("c2.yaml", c2)], content)
    assert [(r["cycle"], r["source"]) for r in rows] == [(1, "history"), (2, "c2.yaml")]
    assert rows[1]["scores"] == score(c2, content).scores


def test_compare_records_names_changed_rules():
    old = {"fingerprint": "a", "rulesets": {"x": "1"}, "rules": {"R-1": "aa", "R-2": "bb", "R-3": "cc"}}
    new = {"fingerprint": "b", "rulesets": {"x": "2"}, "rules": {"R-1": "aa", "R-2": "zz", "R-4": "dd"}}
    cmp = cycles.compare_records(old, new)
    assert (cmp["same"], cmp["known"]) == (False, True)
    assert (cmp["added"], cmp["removed"], cmp["changed"]) == (["R-4"], ["R-3"], ["R-2"])
    assert cycles.compare_records({"fingerprint": "a"}, {"fingerprint": "b"})["known"] is False
    assert cycles.compare_records(old, old)["same"] is True


# -- the command line --------------------------------------------------------------


@pytest.fixture
def group(tmp_path):
    for src in (CYCLE1, CYCLE2):
        shutil.copy(src, tmp_path / src.name)
    return tmp_path


def test_cli_cycle_new_never_overwrites(group, capsys):
    old = group / "mutual-aid-cycle-2.yaml"
    assert main(["cycle", "new", str(old)]) == 0
    out = group / "mutual-aid-cycle-3.yaml"
    assert out.exists() and stat.S_IMODE(out.stat().st_mode) == 0o600
    before = out.read_text()
    assert main(["cycle", "new", str(old)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert out.read_text() == before
    assert main(["cycle", "new", str(old), "-o", str(out), "--force"]) == 0
    other = group / "elsewhere.yaml"
    assert main(["cycle", "new", str(old), "-o", str(other)]) == 0
    content = load_content()
    new = load_audit(other, content)
    assert new.cycle["number"] == 3 and new.cycle["previous"] == "mutual-aid-cycle-2.yaml"
    assert new.extra["ruleset"]["fingerprint"] == content.fingerprint
    assert len(cycles.needs_confirming(new)) > 0


def test_cli_cycle_confirm(group, capsys):
    path = group / "next.yaml"
    assert main(["cycle", "new", str(group / "mutual-aid-cycle-2.yaml"), "-o", str(path)]) == 0
    capsys.readouterr()
    assert main(["cycle", "confirm", str(path)]) == 0  # lists, changes nothing
    assert "dispatch-chat:forwarding" in capsys.readouterr().out
    content = load_content()
    total = len(cycles.needs_confirming(load_audit(path, content)))
    assert main(["cycle", "confirm", str(path), "--answer", "dispatch-chat:forwarding", "--answer", "profile:team_size"]) == 0
    assert len(cycles.needs_confirming(load_audit(path, content))) == total - 2
    assert main(["cycle", "confirm", str(path), "--answer", "dispatch-chat:forwarding"]) == 2  # already confirmed
    assert main(["cycle", "confirm", str(path), "--answer", "no-such-tool:retention"]) == 2
    assert main(["cycle", "confirm", str(path), "--answer", "nonsense"]) == 2
    assert main(["cycle", "confirm", str(path), "--all"]) == 0
    assert cycles.needs_confirming(load_audit(path, content)) == []


def test_cli_set_review(group, capsys):
    path = group / "mutual-aid-cycle-2.yaml"
    assert main(["cycle", "set-review", str(path), "--every", "3"]) == 0
    audit = load_audit(path, load_content())
    assert audit.cycle["review_every_months"] == 3 and audit.cycle["review_due"] == "2026-12-12"
    assert main(["cycle", "set-review", str(path), "--every", "0"]) == 2
    assert main(["cycle", "set-review", str(path), "--every", "40"]) == 2


def test_cli_forget(group, capsys, monkeypatch):
    path = group / "mutual-aid-cycle-1.yaml"
    original = path.read_text()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: --yes is required
    assert main(["cycle", "forget", str(path)]) == 2
    assert path.read_text() == original
    assert main(["cycle", "forget", str(path), "--yes"]) == 0
    text = path.read_text()
    assert "kind: audit-summary" in text and "WhatsApp dispatch group" not in text
    assert main(["cycle", "forget", str(path), "--yes"]) == 2  # already a summary
    assert main(["cycle", "new", str(path)]) == 2  # nothing left to start from
    assert main(["score", str(path)]) == 2
    capsys.readouterr()
    assert main(["history", str(path), str(group / "mutual-aid-cycle-2.yaml")]) == 0
    out = capsys.readouterr().out
    assert "mutual-aid-cycle-1.yaml (summary)" in out
    assert main(["diff", str(path), str(group / "mutual-aid-cycle-2.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary_only"] is True and data["old"]["kind"] == "audit-summary"


def test_cli_history(group, capsys):
    c2 = group / "mutual-aid-cycle-2.yaml"
    assert main(["history", str(c2), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [c["cycle"] for c in data["cycles"]] == [1, 2]
    assert main(["history", str(group / "mutual-aid-cycle-1.yaml"), str(c2)]) == 0
    out = capsys.readouterr().out
    assert "Gossip" in out and re.search(r"Gossip\s+[▁▂▃▄▅▆▇█]{2}\s", out)
    assert main(["history", str(group / "missing.yaml")]) == 2
    assert main(["history", str(Path(__file__).parent / "broken" / "audit-bad-choice.yaml")]) == 2


def test_summary_yaml_roundtrip(content):
    summary = cycles.reduce_to_summary(load_audit(CYCLE1, content), content)
    data = yamlio.parse(cycles.dump_summary(summary), "x.yaml")
    assert cycles.CycleSummary.from_dict(data) == summary


def test_cli_forget_in_place_leaves_no_temp_files(group, monkeypatch):
    path = group / "mutual-aid-cycle-1.yaml"
    assert main(["cycle", "forget", str(path), "--yes"]) == 0
    assert sorted(p.name for p in group.iterdir()) == ["mutual-aid-cycle-1.yaml", "mutual-aid-cycle-2.yaml"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    out = group / "kept.yaml"
    assert main(["cycle", "forget", str(group / "mutual-aid-cycle-2.yaml"), "--yes", "-o", str(out)]) == 0
    assert "kind: audit" in (group / "mutual-aid-cycle-2.yaml").read_text()  # -o leaves the original alone
    assert main(["cycle", "forget", str(group / "mutual-aid-cycle-2.yaml"), "--yes", "-o", str(out)]) == 2  # never overwrites


@pytest.fixture
def fake_age(monkeypatch):
    """Stand-in for age (real scrypt takes seconds per file; the security tests cover the real thing).

    Keeps the interface the cycle code relies on: storage.write_encrypted / read_encrypted,
    the passphrase from AUDITOR_PASSPHRASE, and no plaintext on disk.
    """
    import base64

    from auditor.audits import storage
    from auditor.errors import InputError

    def fake_ciphertext(data, passphrase):
        data = data.encode() if isinstance(data, str) else data
        return storage.AGE_MAGIC + passphrase.encode() + b"\n" + base64.b64encode(data) + b"\n--- end of the fake header\n"

    def write_encrypted(path, data, passphrase, *, new=False):
        return storage.write_private(path, fake_ciphertext(data, passphrase))

    def read_encrypted(path, passphrase):
        head, _, body = Path(path).read_bytes()[len(storage.AGE_MAGIC):].partition(b"\n")
        if head != passphrase.encode():
            raise InputError.one(path, "wrong passphrase")
        return base64.b64decode(body.split(b"\n--- ")[0])

    monkeypatch.setattr(storage, "write_encrypted", write_encrypted)
    monkeypatch.setattr(storage, "keyed_ciphertext", lambda path, data, passphrase: fake_ciphertext(data, passphrase))  # audits
    monkeypatch.setattr(storage, "read_encrypted", read_encrypted)
    monkeypatch.setenv("AUDITOR_PASSPHRASE", "a long test passphrase")


def test_encrypted_cycles_stay_encrypted(group, fake_age, capsys):
    content = load_content()
    old = group / "c2.yaml.age"
    save_audit(load_audit(CYCLE2, content), old, passphrase="a long test passphrase")
    assert main(["cycle", "new", str(old)]) == 0
    new = group / "c2-cycle-3.yaml.age"
    assert new.read_bytes().startswith(b"age-encryption.org")
    assert b"WhatsApp" not in new.read_bytes()
    assert main(["cycle", "confirm", str(new), "--all"]) == 0
    assert cycles.needs_confirming(cycles.load_cycle_file(new, content, "a long test passphrase")) == []
    assert main(["cycle", "forget", str(old), "--yes"]) == 0
    assert old.read_bytes().startswith(b"age-encryption.org")
    summary = cycles.load_cycle_file(old, content, "a long test passphrase")
    assert isinstance(summary, cycles.CycleSummary) and summary.cycle["number"] == 2
    capsys.readouterr()
    assert main(["history", str(old), str(new)]) == 2  # printing encrypted files needs --plaintext
    assert main(["history", str(old), str(new), "--plaintext"]) == 0
    assert "c2.yaml.age (summary)" in capsys.readouterr().out
    assert main(["diff", str(old), str(new), "--plaintext"]) == 0
    assert sorted(p.name for p in group.iterdir() if "c2" in p.name) == ["c2-cycle-3.yaml.age", "c2.yaml.age"]


def test_diff_warns_when_a_detail_left_a_tool_whose_earlier_versions_still_hold_it(content):
    """Deleting the immigration-status column of a Google Sheet leaves every earlier status in its version
    history: the next cycle's answers no longer name it, so the comparison says where it may still be."""
    from auditor.audits.diff import compare, diff_text
    from auditor.audits.model import Audit

    sheet = {"purpose": ["requests"], "data_kinds": ["caller_identity", "immigration_status", "health_details"],
             "retention": "years", "people_with_access": 4}
    old = Audit(profile={"formation": "mutual_aid"}, tools=[Tool(id="s", name="Requests sheet", catalog="google_sheets", answers=dict(sheet)),
                                                          Tool(id="n", name="Notebook", catalog="paper_notes", answers=dict(sheet))])
    later = {**sheet, "data_kinds": ["caller_identity"]}
    new = Audit(profile={"formation": "mutual_aid"}, tools=[Tool(id="s", name="Requests sheet", catalog="google_sheets", answers=dict(later)),
                                                          Tool(id="n", name="Notebook", catalog="paper_notes", answers=dict(later))])
    d = compare(old, new, content)
    held = {x["tool"]: x["kinds"] for x in d.still_in_history}
    assert held == {"s": ["immigration_status", "health_details"]}  # paper keeps no earlier versions
    assert "Requests sheet" in diff_text(d) and "immigration status" in diff_text(d)
    assert d.to_dict()["still_in_history"][0]["tool_name"] == "Requests sheet"
    # After a clean copy (no earlier versions), nothing is said.
    cleaned = Audit(profile=new.profile, tools=[Tool(id="s", name="Requests sheet", catalog="google_sheets", answers={**later, "version_history": "no"})])
    assert compare(old, cleaned, content).still_in_history == []
