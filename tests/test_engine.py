"""The engine on a tiny, test-owned content set (independent of the shipped rules)."""

from __future__ import annotations

import os
import stat
import textwrap

import pytest

from auditor.content import yamlio
from auditor.audits.model import Audit, Tool, load_audit, save_audit, unanswered
from auditor.content.loader import load_content
from auditor.errors import InputError
from auditor.engine.proposals import apply_plan, propose
from auditor.engine.scoring import FINDING, MITIGATED, NOT_APPLICABLE, score

CHECKLIST_GROUP = """
kind: checklist
format: 1
scope: profile
title: Group
questions:
  - {id: serves, prompt: Who?, why: Because., type: multi, choices: [{id: adults, label: Adults}, {id: under_18, label: Under 18}]}
  - {id: agreement, prompt: Agreed?, why: Because., type: yesno, risky: "no"}
"""
CHECKLIST_TOOL = """
kind: checklist
format: 1
scope: tool
title: Tool
questions:
  - {id: kept, prompt: How long?, why: Because., type: choice, catalog_fact: true,
     choices: [{id: day, label: A day}, {id: month, label: A month}, {id: forever, label: Forever}]}
  - {id: people, prompt: How many?, why: Because., type: count}
  - {id: data, prompt: What?, why: Because., type: multi, choices: [{id: names, label: Names}, {id: notes, label: Notes}]}
"""
CATALOG = """
kind: catalog
format: 1
categories: {chat: Chat, paper: Paper}
sources: {SRC: {title: A source}}
tools:
  - {id: chatapp, name: ChatApp, category: chat, summary: A chat app.,
     facts: {kept: {value: forever, sources: [SRC], as_of: "2026"}}}
"""
RULES = """
kind: ruleset
format: 1
ruleset: test
version: "7"
title: Test rules
threats:
  - {id: exposure, title: Exposure, summary: Things get out., scale: 10, order: 1}
  - {id: breach, title: Breach, summary: A provider is breached., scale: 10, order: 2}
rules:
  - id: T-001
    threats: [exposure, breach]
    title: Names kept long
    severity: high
    scope: tool
    exposure: content
    applies: {category: [chat]}
    when: {all: [{answer: kept, at_least: month}, {answer: data, contains: names}]}
    amplify: [{when: {answer: serves, contains: under_18}, factor: 2, why: Young people., threat: breach}]
    reason: Kept names can be demanded.
    sources: [{ref: SRC}]
    proposals:
      - {id: keep-day, title: Keep a day, kind: keep_less, effort: low, changes: [{answer: kept, set: day}]}
      - {id: no-names, title: No names, kind: collect_less, effort: medium, changes: [{answer: data, remove: [names]}]}
  - id: T-002
    threats: [exposure]
    title: Many people
    severity: medium
    scope: tool
    exposure: copies
    when: {answer: people, at_least: 5}
    reason: Many eyes.
    sources: [{report: Threat Assessment}]
    proposals:
      - {id: fewer, title: Fewer people, kind: fewer_people, effort: medium, changes: [{answer: people, set: 2}]}
  - id: T-003
    threats: [exposure]
    title: No agreement
    severity: low
    scope: group
    exposure: practices
    when: {not: {answer: agreement, equals: "yes"}}
    reason: Nobody agreed.
    sources: [{report: Threat Assessment}]
    proposals:
      - {id: agree, title: Agree, kind: practice, effort: low, changes: [{answer: agreement, set: "yes"}]}
"""


@pytest.fixture
def content(tmp_path):
    files = []
    for name, text in [("group.yaml", CHECKLIST_GROUP), ("tool.yaml", CHECKLIST_TOOL), ("catalog.yaml", CATALOG), ("rules.yaml", RULES)]:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        files.append(path)
    return load_content(files=files)


def audit_with(**answers) -> Audit:
    return Audit(profile={"agreement": "yes", "serves": ["adults"]}, tools=[Tool(id="c", name="Chat", catalog="chatapp", answers=answers)])


def test_any_number_of_threats_in_declared_order(content):
    assert list(content.threats) == ["exposure", "breach"]
    result = score(audit_with(data=["names"], people=1), content)
    assert result.points == {"exposure": 3.0, "breach": 3.0}
    assert result.ruleset["rulesets"] == {"test": "7"}


def test_catalog_default_triggers_and_is_named_as_such(content):
    result = score(audit_with(data=["names", "notes"], people=1), content)
    (finding,) = [f for f in result.findings if "exposure" in f.weight]
    assert finding.rule == "T-001" and finding.tool == "c" and not finding.uncertain
    triggers = {t.question: (t.value, t.origin) for t in finding.triggers}
    assert triggers == {"kept": ("forever", "catalog"), "data": (["names"], "answer")}


def test_own_answer_overrides_catalog_and_mitigates(content):
    result = score(audit_with(kept="day", data=["names"], people=1), content)
    assert result.points["exposure"] == 0
    assert result.outcome("T-001", "c") == MITIGATED


def test_not_applicable_for_other_categories(content):
    audit = Audit(profile={"agreement": "yes"}, tools=[Tool(id="p", name="Paper", category="paper", answers={"kept": "forever", "data": ["names"], "people": 1})])
    result = score(audit, content)
    assert result.outcome("T-001", "p") == NOT_APPLICABLE
    assert result.points["exposure"] == 0


def test_unknown_counts_as_exposure_and_is_flagged(content):
    result = score(audit_with(kept="unknown", data=["names"], people="unknown"), content)
    rules = {(f.rule, f.uncertain) for f in result.findings if "exposure" in f.weight}
    assert rules == {("T-001", True), ("T-002", True)}
    # Unanswered behaves exactly like "don't know".
    unanswered_result = score(Audit(profile={"agreement": "yes"}, tools=[Tool(id="c", name="Chat", category="chat")]), content)
    assert unanswered_result.outcome("T-002", "c") == FINDING


def test_group_rule_with_not_and_unknown(content):
    audit = audit_with(people=1)
    audit.profile["agreement"] = "no"
    assert score(audit, content).outcome("T-003", None) == FINDING
    del audit.profile["agreement"]
    result = score(audit, content)
    assert result.outcome("T-003", None) == FINDING
    assert [f.uncertain for f in result.findings if f.rule == "T-003"] == [True]


def test_amplifier_multiplies_and_explains(content):
    audit = audit_with(data=["names"], people=1)
    audit.profile["serves"] = ["adults", "under_18"]
    (finding,) = [f for f in score(audit, content).findings if "breach" in f.weight]
    # An amplifier weighs only the threat it names: breach doubles, exposure does not.
    assert finding.points == {"exposure": 3.0, "breach": 6.0} and finding.amplified_by == ("Young people.",)


def test_proposals_ranked_by_value_per_effort(content):
    audit = audit_with(data=["names"], people=9)
    audit.profile["agreement"] = "no"
    ranked = propose(audit, content)
    assert [p.key for p in ranked] == ["c:keep-day", "c:no-names", "c:fewer", "group:agree"]
    keep = ranked[0]
    assert keep.reduction == {"exposure": 3.0, "breach": 3.0}
    assert [(c.question, c.before, c.after) for c in keep.changes] == [("kept", "forever", "day")]
    # Carrying out the whole plan removes every finding.
    after = score(apply_plan(audit, [p.key for p in ranked], content), content)
    assert after.points == {"exposure": 0.0, "breach": 0.0}


def test_set_never_raises_an_answer(content):
    audit = audit_with(data=["names"], people=1)
    audit.tools[0].answers["kept"] = "month"
    new = apply_plan(audit, ["c:keep-day"], content)
    assert new.tools[0].answers["kept"] == "day"
    lower = audit_with(data=["names"], people=1, kept="day")
    assert apply_plan(lower, ["c:fewer"], content).tools[0].answers["people"] == 1


def test_unanswered_lists_profile_and_tool_questions(content):
    audit = Audit(profile={"serves": []}, tools=[Tool(id="c", name="Chat", catalog="chatapp", answers={"people": 2})])
    assert unanswered(audit, content) == [(None, "agreement"), ("c", "data")]


def test_save_is_private_and_round_trips(content, tmp_path):
    audit = audit_with(data=["names"], people=3, kept="unknown")
    audit.tools[0].notes = "Slack [free tier] | pipes\nsecond line"
    audit.profile["agreement"] = "no"
    path = save_audit(audit, tmp_path / "a.yaml")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = load_audit(path, content)
    assert loaded.tools[0].notes == audit.tools[0].notes
    assert loaded.profile == audit.profile and loaded.tools[0].answers == audit.tools[0].answers


def test_yaml_keeps_no_as_text_and_reports_lines(tmp_path):
    data = yamlio.parse("a: no\nb: yes\nc: true\nd: NO\n", "x.yaml")
    assert data == {"a": "no", "b": "yes", "c": True, "d": "NO"}
    text = "tools:\n  - id: a\n    answers:\n      kept: week\n"
    assert yamlio.line_of(text, ["tools", 0, "answers", "kept"]) == 4


def test_rule_on_tool_question_in_group_scope_is_refused(content, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""
        kind: ruleset
        format: 1
        ruleset: bad
        version: "1"
        title: Bad
        rules:
          - id: B-001
            threats: [exposure]
            title: Group rule reading a tool answer
            severity: low
            scope: group
            exposure: content
            when: {answer: people, at_least: 3}
            reason: x
            sources: [{report: Threat Assessment}]
    """))
    with pytest.raises(InputError) as exc:
        load_content(files=[tmp_path / n for n in ("group.yaml", "tool.yaml", "catalog.yaml", "rules.yaml")] + [bad])
    (problem,) = exc.value.problems
    assert problem.line == 14 and problem.field == "rules[0].when.answer"
    assert "group-wide rule cannot test the tool question" in problem.message


# -- "fixed by" is measured ------------------------------------------------------------------

@pytest.mark.parametrize("name", ["mutual-aid", "politicized-social-service", "peer-network"])
def test_fixed_by_names_the_plan_item_that_makes_a_finding_go_away(name):
    from pathlib import Path

    from auditor.engine.assessment import Assessment

    content = load_content()
    path = Path(__file__).resolve().parent.parent / "examples" / f"{name}.yaml"
    a = Assessment.of(load_audit(path, content), content)
    keys = [item.key for item in a.plan]

    def firing(prefix):
        return {(r.id, t) for r, t in score(apply_plan(a.audit, prefix, content), content).firing()}

    assert a.fixed_by
    for finding, (key, *_) in a.fixed_by.items():
        rank = keys.index(key) + 1
        assert finding in firing(keys[: rank - 1]) and finding not in firing(keys[:rank]), (finding, key)
    remaining = {(f.rule, f.tool) for f in a.after_plan.findings}
    assert not remaining & set(a.fixed_by)


def test_a_change_fixes_what_it_clears_even_when_another_rule_offers_it():
    from pathlib import Path

    from auditor.engine.assessment import Assessment

    content = load_content()
    a = Assessment.of(load_audit(Path(__file__).resolve().parent.parent / "examples" / "mutual-aid.yaml", content), content)
    offered_by = {item.key: set(item.proposal.rules) for item in a.plan}
    assert any(rule not in offered_by[key] for (rule, _), keys in a.fixed_by.items() for key in keys)
