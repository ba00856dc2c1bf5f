"""`auditor diff`: the example pair one cycle apart, ruleset changes, and exit codes."""

import json
import textwrap
from pathlib import Path

import pytest

from auditor.audits import cycles
from auditor.audits.model import load_audit
from auditor.cli import main
from auditor.content.loader import load_content
from auditor.audits.diff import DONE, OPEN, RESOLVED_OTHERWISE, TOOL_REMOVED, diff, diff_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CYCLE1 = EXAMPLES / "mutual-aid-cycle-1.yaml"
CYCLE2 = EXAMPLES / "mutual-aid-cycle-2.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def pair_diff(content):
    old, new = load_audit(CYCLE1, content), load_audit(CYCLE2, content)
    return diff(old, new, content, old_file=str(CYCLE1), new_file=str(CYCLE2))


def _keys(items):
    return {(f["rule"], f["tool"]) for f in items}


def test_example_pair_findings(pair_diff):
    f = pair_diff["findings"]
    # The new Signal chat keeps situation details on phones for more than a month.
    assert {("SUB-005", "on-call-chat"), ("SUB-013", "on-call-chat")} <= _keys(f["new"])
    # The group agreed on confidentiality; the dispatch chat lost its mandated reporters.
    assert {("GOS-015", None), ("MAN-001", "dispatch-chat")} <= _keys(f["resolved"])
    # The shared sheet was retired: its findings are resolved, marked as such.
    sheet = [x for x in f["resolved"] if x["tool"] == "requests-sheet"]
    assert {x["rule"] for x in sheet} >= {"GOS-001", "GOS-009", "SUB-001", "SUB-005"}
    assert all(x["tool_removed"] for x in sheet)
    # Some work is now underground: the list of who is in the WhatsApp group weighs more.
    regressed = {(x["rule"], x["tool"]): x for x in f["regressed"]}
    assert ("MET-008", "dispatch-chat") in regressed
    assert regressed[("MET-008", "dispatch-chat")]["new_points"] > regressed[("MET-008", "dispatch-chat")]["old_points"]
    # Unchanged: WhatsApp's chat backups still go to a cloud Google or Apple can read.
    assert ("SUB-004", "dispatch-chat") in _keys(f["unchanged"])
    # Every finding lands in exactly one state.
    all_keys = [k for state in f.values() for k in _keys(state)]
    assert len(all_keys) == len(set(all_keys))


def test_example_pair_scores_move_in_the_right_direction(pair_diff):
    t = pair_diff["threats"]
    assert t["gossip"]["direction"] == "better" and t["gossip"]["new"] < t["gossip"]["old"]
    assert t["mandated_reporters"]["direction"] == "better"
    for threat in t.values():
        assert threat["change"] == threat["new"] - threat["old"]
    assert pair_diff["counts"]["findings"]["new"] < pair_diff["counts"]["findings"]["old"]


def test_example_pair_plan_and_tools(pair_diff):
    plan = {p["key"]: p for p in pair_diff["plan"]}
    assert plan["group:confidentiality-agreement"]["status"] == DONE
    assert plan["dispatch-chat:one-holder"]["status"] == OPEN  # the chat shrank to 4, not to the 2 on the response
    assert plan["requests-sheet:keep-month"]["status"] == TOOL_REMOVED
    assert [p["carried_out"] for p in pair_diff["plan"]] == [True, False, False]
    assert pair_diff["tools"]["added"] == [{"id": "on-call-chat", "name": "Signal chat for the on-call pair"}]
    assert pair_diff["tools"]["removed"] == [{"id": "requests-sheet", "name": "Shared sheet of requests"}]


def test_plan_item_still_open(content):
    old = load_audit(CYCLE1, content)
    new = cycles.start_next_cycle(old, content)
    data = diff(old, new, content)
    assert {p["status"] for p in data["plan"]} == {"open"}
    assert not any(p["carried_out"] for p in data["plan"])
    assert data["findings"]["new"] == [] and data["findings"]["resolved"] == []
    assert all(t["change"] == 0 for t in data["threats"].values())


def test_text_output_names_what_changed(pair_diff):
    text = diff_text(pair_diff)
    assert "New findings (" in text and "Resolved (" in text and "Got worse" in text
    assert "Signal chat for the on-call pair" in text
    assert "Tools removed: Shared sheet of requests" in text
    assert "Scored with the current rules, for both audits" in text


EXTRA_RULES = textwrap.dedent(
    """\
    kind: ruleset
    format: 1
    ruleset: local
    version: "1"
    title: Our own rules
    rules:
      - id: LOC-001
        threats: [gossip]
        title: A big team hears about every crisis
        severity: low
        scope: group
        exposure: content
        when: {answer: team_size, at_least: 12}
        reason: In a big team details travel further.
        sources: [{report: Threat Assessment}]
    """
)


def test_different_rulesets_are_named_and_both_audits_rescored(content, tmp_path):
    rules = tmp_path / "local.yaml"
    rules.write_text(EXTRA_RULES)
    richer = load_content(extra_rules=[rules])
    old, new = load_audit(CYCLE1, content), load_audit(CYCLE2, content)
    old.extra["ruleset"] = cycles.ruleset_record(content)
    new.extra["ruleset"] = cycles.ruleset_record(richer)
    data = diff(old, new, richer)
    rs = data["ruleset"]
    assert rs["same"] is False and rs["rules_known"] is True
    assert rs["rules_added"] == ["LOC-001"] and rs["rules_removed"] == [] and rs["rules_changed"] == []
    assert rs["used"]["fingerprint"] == richer.fingerprint
    assert any("LOC-001" in n for n in rs["notes"])
    # Both sides were scored with the richer rules: the group rule fires in both, so it is unchanged, not new.
    assert ("LOC-001", None) in _keys(data["findings"]["unchanged"])


def test_records_without_rule_lists_say_so(content):
    old, new = load_audit(CYCLE1, content), load_audit(CYCLE2, content)
    old.extra["ruleset"] = {"fingerprint": "000000000000", "rulesets": {"subpoena": "2025.1"}}
    new.extra.pop("ruleset", None)
    rs = diff(old, new, content)["ruleset"]
    assert rs["same"] is False and rs["rules_known"] is False
    assert any("did not record" in n for n in rs["notes"])
    assert any("do not record which rules changed" in n for n in rs["notes"])


def test_cli_diff_exit_codes(tmp_path, capsys):
    assert main(["diff", str(CYCLE1), str(CYCLE2)]) == 0
    assert "Plan agreed last cycle: 1 of 3 carried out" in capsys.readouterr().out
    assert main(["diff", str(CYCLE1), str(CYCLE2), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["cycle"] == 1 and data["new"]["cycle"] == 2
    assert main(["diff", str(CYCLE1), str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: file not found" in capsys.readouterr().err
    bad = Path(__file__).parent / "broken" / "audit-bad-choice.yaml"
    assert main(["diff", str(bad), str(CYCLE2)]) == 2
    err = capsys.readouterr().err
    assert "audit-bad-choice.yaml:" in err and "retention" in err
    checklist = Path(__file__).resolve().parent.parent / "checklists" / "profile.yaml"
    assert main(["diff", str(checklist), str(CYCLE2)]) == 2
    assert "kind" in capsys.readouterr().err


def test_the_text_shows_points_as_people_read_them_one_decimal_at_most(capsys):
    import re

    from auditor.content.loader import examples_dir

    assert main(["diff", str(examples_dir() / "mutual-aid-cycle-1.yaml"), str(examples_dir() / "mutual-aid-cycle-2.yaml")]) == 0
    out = capsys.readouterr().out
    assert "->" in out
    # The header names the two files, whose paths may hold any number (an installed python3.11 folder).
    out = out.replace(str(examples_dir()), "EXAMPLES")
    long_number = r"(?<![\d.])\d+\.\d{2,}(?![\d.])"  # 1.6875; not a rules version such as 2026.12.1
    assert not re.search(long_number, out), re.findall(f".*{long_number}.*", out)[:3]
