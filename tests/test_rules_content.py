"""Rule tests for the shipped content, in the style of semgrep's rule tests.

Fixtures live in rulesets/fixtures/ as YAML data (shipped: `auditor validate` runs them too): a safe baseline (baseline.yaml) and, per ruleset, cases
that change a few answers and say which rules must fire and which must stay quiet. Everything is scored
with the core (auditor.engine.scoring.score, auditor.engine.proposals.propose); nothing here re-implements scoring.

Checked here:
- the baseline fires nothing, for every tool category;
- every case's expectations hold (a "fires" is a definite finding, not one caused by "don't know");
- every rule has at least one case where it fires and one where it does not;
- every proposal lowers at least one threat's points on some case, and no proposal raises any threat;
- no two rules are duplicates, by condition or by behaviour over all cases;
- the catalog, threats and examples meet the content bar (sources, counts, sensible example scores).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from auditor.content import yamlio
from auditor.audits.model import load_audit, parse_audit
from auditor.content import fixtures
from auditor.content.loader import REPORT_SECTIONS, examples_dir, fixtures_dir, load_content
from auditor.content.model import UNKNOWN
from auditor.engine.proposals import propose
from auditor.engine.scoring import FINDING, score

FIXTURES = fixtures_dir()
CONTENT = load_content()
BASELINE = fixtures.shipped_baseline(FIXTURES)
TOOL_ID = fixtures.TOOL_ID


def _cases() -> list[dict]:
    cases = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        for i, case in enumerate(fixtures.load(path).cases):
            cases.append({**case, "file": path.name, "index": i})
    return cases


CASES = _cases()


def build(case: dict):
    """The audit a case describes (the core's fixture runner builds it, as `auditor validate` does)."""
    return fixtures.build(case, BASELINE, CONTENT, f"{case.get('file', 'fixture')}#{case.get('index', 0)}")


def entity(rule_id: str):
    return None if CONTENT.rule(rule_id).scope == "group" else TOOL_ID


def outcomes(audit) -> dict[str, bool]:
    return fixtures.outcomes(audit, CONTENT)


# Residual exposure every group has, whatever it answers: whoever responds knows something and carries a
# phone. These rules cannot stay quiet, by design.
ALWAYS = {"SUB-016", "MET-015"}


# -- the fixtures themselves ---------------------------------------------------------


def test_fixtures_name_only_real_rules():
    ids = {r.id for r in CONTENT.rules}
    assert CASES, "no rule fixtures found"
    for case in CASES:
        named = set(case.get("fires", [])) | set(case.get("quiet", [])) | set(case.get("amplified", []))
        assert named <= ids, (case["name"], named - ids)
        assert not set(case.get("fires", [])) & set(case.get("quiet", [])), case["name"]


@pytest.mark.parametrize("category", sorted(CONTENT.categories))
def test_the_safe_baseline_fires_only_what_no_change_removes(category):
    audit = build({"name": "baseline", "tool": {"category": category}})
    result = score(audit, CONTENT)
    others = [(f.rule, f.tool) for f in result.findings if not f.residual]
    assert others == [], others
    # What remains is a handful of residual findings, each worth little.
    assert len(result.findings) <= 8 and all(f.total <= 2 for f in result.findings)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['file']}:{c['name']}")
def test_case(case):
    audit = build(case)
    result = score(audit, CONTENT)
    for rule_id in case.get("fires", []):
        where = entity(rule_id)
        assert result.outcome(rule_id, where) == FINDING, f"{rule_id} should fire"
        mine = [f for f in result.findings if f.rule == rule_id and f.tool == where]
        assert mine and not any(f.uncertain for f in mine), f"{rule_id} fired only because of 'don't know'"
        if not _categories(CONTENT.rule(rule_id).when):  # a rule about a kind of tool fires on the kind alone
            assert mine[0].triggers, f"{rule_id} fired with no triggering answers"
    for rule_id in case.get("quiet", []):
        assert result.outcome(rule_id, entity(rule_id)) != FINDING, f"{rule_id} should stay quiet"
    for rule_id in case.get("amplified", []):
        rule = CONTENT.rule(rule_id)
        mine = [f for f in result.findings if f.rule == rule_id and f.tool == entity(rule_id)]
        assert mine and all(max(f.weight.values()) > rule.points and f.amplified_by for f in mine), f"{rule_id} should weigh more"


def test_every_rule_fires_on_some_fixture_and_stays_quiet_on_another():
    fired = {r: [] for r in (rule.id for rule in CONTENT.rules)}
    quiet = {r: [] for r in fired}
    for case in CASES:
        got = outcomes(build(case))
        for rule_id, hit in got.items():
            (fired if hit else quiet)[rule_id].append(case["name"])
        for rule_id in case.get("fires", []):
            assert got[rule_id], (case["name"], rule_id)
    never_fires = [r for r, names in fired.items() if not names]
    never_quiet = [r for r, names in quiet.items() if not names and r not in ALWAYS]
    assert not never_fires, f"rules with no fixture where they fire: {never_fires}"
    assert not never_quiet, f"rules with no fixture where they stay quiet: {never_quiet}"
    # ...and each rule's own fixtures say so explicitly, not by accident.
    listed_fires = {r for c in CASES for r in c.get("fires", [])}
    listed_quiet = {r for c in CASES for r in c.get("quiet", [])}
    ids = {r.id for r in CONTENT.rules}
    assert ids - listed_fires == set(), f"no explicit 'fires' fixture: {sorted(ids - listed_fires)}"
    assert ids - listed_quiet - ALWAYS == set(), f"no explicit 'quiet' fixture: {sorted(ids - listed_quiet - ALWAYS)}"


# -- proposals -----------------------------------------------------------------------


def test_every_proposal_lowers_a_score_on_some_fixture_and_never_raises_one():
    defined = {p.id for rule in CONTENT.rules for p in rule.proposals}
    lowered: set[str] = set()
    for case in CASES:
        audit = build(case)
        for p in propose(audit, CONTENT):
            assert p.total == 0 if p.advice else p.total > 0  # advice: collect less, lowers no score yet
            if p.kind != "switch_tool":  # a new tool brings its own records; only its total must fall
                assert all(v >= 0 for v in p.reduction.values()), (case["name"], p.key, p.reduction)
            if p.total > 0:
                lowered.add(p.id)
                lowered.update(p.also)  # folded in: carried out by the item that covers it
    assert defined - lowered == set(), f"proposals that never lowered a score: {sorted(defined - lowered)}"


def test_proposal_kinds_follow_the_principles():
    for rule in CONTENT.rules:
        if rule.residual:
            assert not rule.proposals, f"{rule.id}: residual exposure is what no change removes"
            continue
        assert rule.proposals, f"{rule.id} has no proposal"
        for p in rule.proposals:
            switches = [c for c in p.changes if c.switch_to]
            if switches:
                assert p.kind == "switch_tool" and p.effort == "high", (rule.id, p.id)
                # A switch is only offered where the target fits: a category test in offered_when.
                cats = {node.categories for node in _categories(p.offered_when)} if p.offered_when is not None else set()
                assert cats, f"{rule.id}: a switch needs an offered_when category"
                assert all(set(c) <= {"messaging", "team_chat"} for c in cats), (rule.id, cats)
                assert CONTENT.catalog[switches[0].switch_to].category == "messaging", rule.id
        # Collect-less, keep-less, fewer-people or analog options come first where a rule offers a switch.
        kinds = [p.kind for p in rule.proposals]
        if "switch_tool" in kinds and len(kinds) > 1:
            assert kinds[-1] == "switch_tool", rule.id


def _categories(cond):
    from auditor.engine.conditions import Category, leaves

    return [node for node, _ in leaves(cond) if isinstance(node, Category)]


# -- duplicates ----------------------------------------------------------------------


def test_no_two_rules_share_a_condition():
    seen = {}
    for rule in CONTENT.rules:
        for threat in rule.threats:
            key = (rule.scope, rule.applies, rule.when, rule.exposure, threat)
            assert key not in seen, f"{rule.id} duplicates {seen[key]}"
            seen[key] = rule.id


def test_no_two_rules_describe_the_same_exposure_the_same_way():
    """Rules about the same (record, threat) must behave differently on some fixture; others may coincide."""
    table = [outcomes(build(case)) for case in CASES]
    same = []
    for a, b in combinations([r for r in CONTENT.rules], 2):
        if a.scope != b.scope or a.exposure != b.exposure or not set(a.threats) & set(b.threats):
            continue
        if all(row[a.id] == row[b.id] for row in table):
            same.append((a.id, b.id))
    assert not same, f"rules no fixture tells apart (duplicates, or a missing fixture): {same}"


# -- content bar ---------------------------------------------------------------------


def test_rule_counts_and_sources():
    assert len(CONTENT.rules) >= 48
    for threat in CONTENT.threats:
        count = sum(1 for r in CONTENT.rules if threat in r.threats)
        assert count >= 12, (threat, count)
    for rule in CONTENT.rules:
        assert rule.reason.strip() and rule.sources, rule.id
        for ref in rule.sources:
            if ref.kind == "report":
                assert ref.value in REPORT_SECTIONS
            else:
                assert ref.value in CONTENT.sources


def test_catalog_facts_are_sourced_or_unknown_with_a_note():
    assert len(CONTENT.catalog) >= 25
    for tool in CONTENT.catalog.values():
        assert tool.summary and tool.category in CONTENT.categories
        for qid, fact in tool.facts.items():
            assert fact.as_of, (tool.id, qid)
            if fact.value == UNKNOWN:
                assert fact.note, (tool.id, qid)
            else:
                assert fact.sources and all(s in CONTENT.sources for s in fact.sources), (tool.id, qid)
            q = CONTENT.questions[qid]
            assert q.asked_for(tool.category), f"{tool.id}: {qid} is not asked for {tool.category} tools"


def test_catalog_covers_the_tools_groups_use():
    wanted = {
        "signal", "whatsapp", "telegram_cloud", "telegram_secret", "imessage", "sms", "facebook_messenger",
        "wire", "element", "carrier_line", "google_voice", "twilio", "prepaid_phone", "google_sheets",
        "google_docs", "google_forms", "microsoft_365", "airtable", "jotform", "slack", "discord", "zoom",
        "gmail", "proton_mail", "paper_notes", "face_to_face",
    }
    assert wanted <= set(CONTENT.catalog)
    assert CONTENT.catalog["telegram_cloud"].facts["e2ee"].value == "no"
    assert CONTENT.catalog["telegram_secret"].facts["e2ee"].value == "always"
    assert CONTENT.catalog["paper_notes"].analog and CONTENT.catalog["face_to_face"].analog


def _example(name: str):
    return score(load_audit(examples_dir() / name, CONTENT), CONTENT)


def test_examples_land_in_sensible_ranges():
    model = _example("report-model.yaml")
    peer = _example("peer-network.yaml")
    mutual = _example("mutual-aid.yaml")
    pss = _example("politicized-social-service.yaml")
    # The report's own model is low everywhere, and never zero: what remains is residual. A careful peer
    # network is low to moderate (its phone and notebook hold names for a month); a mutual aid group with a
    # 40-person WhatsApp group and an open spreadsheet is high; a social service with licensed staff, state
    # money and recorded calls is high on mandated reporting and subpoena.
    assert all(0 < s < 25 for s in model.scores.values()), model.scores
    assert all(s < 50 for s in peer.scores.values()), peer.scores
    assert mutual.scores["subpoena"] >= 50 and mutual.scores["gossip"] >= 50, mutual.scores
    assert mutual.scores["mandated_reporters"] >= 50, mutual.scores
    assert pss.scores["mandated_reporters"] >= 75 and pss.scores["subpoena"] >= 50, pss.scores
    for threat in CONTENT.threats:
        assert model.scores[threat] <= peer.scores[threat] < mutual.scores[threat], threat


def test_examples_fire_the_findings_that_describe_them():
    mutual = _example("mutual-aid.yaml")
    hits = {(f.rule, f.tool) for f in mutual.findings}
    assert {("GOS-003", "neighbours-chat"), ("GOS-009", "requests-sheet"), ("MET-001", "neighbours-chat"), ("MAN-005", "requests-sheet")} <= hits
    pss = _example("politicized-social-service.yaml")
    hits = {(f.rule, f.tool) for f in pss.findings}
    assert {("SUB-003", "hotline"), ("MAN-001", "case-notes"), ("MAN-008", None), ("SUB-012", "hotline")} <= hits
    assert any(f.rule == "MAN-001" and f.amplified_by for f in pss.findings)
    peer = _example("peer-network.yaml")
    # The face-to-face debrief is the report's model: nothing counts against it.
    assert not any(f.tool == "debriefs" and f.total > 0 and not f.residual for f in peer.findings)


def test_every_proposal_says_how_to_carry_it_out():
    """A title alone ("Turn off link sharing") leaves a group to guess; paper prints each item's how-to."""
    content = load_content()
    assert not [pid for pid, t in content.proposals.items() if not t.detail.strip()]


def test_every_change_whose_how_to_deletes_says_to_delete_nothing_under_legal_process_and_is_marked():
    """Clearing a phone, shredding notes or removing screenshots is deleting: once legal process is known or
    expected it can be destruction of evidence, so the how-to says so and the report's legal-hold line applies."""
    import re

    content = load_content()
    for pid, t in content.proposals.items():
        text = t.detail.lower()
        if re.search(r"\b(delete|clear|clearing|shred|wipe)\b(?! nothing)|remove screenshots", text):
            assert "delete nothing it touches" in text or "call your lawyer" in text, pid
            from auditor.engine.proposals import DELETING_ANSWERS

            deleting = t.deletes or t.kind == "keep_less" or any(c.answer in DELETING_ANSWERS for c in t.changes)
            assert deleting, pid
