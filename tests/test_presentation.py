"""The presentation's steps, headless: what the room sees, in which order, and what stays one key away."""

from __future__ import annotations

import re

import pytest

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.facilitation.presentation import FINDING, PLAN, THREAT, steps

EXAMPLES = sorted(examples_dir().glob("*.yaml"))
RULE_ID = re.compile(r"\b[A-Z]{3}-\d{3}\b")
POINTS = re.compile(r"\bpts\b|\+\d|\d+(\.\d+)? points?\b|/100")  # a score or points, not the word "point" in prose


@pytest.fixture(scope="module")
def content():
    return load_content()


def shown(step) -> str:
    """What the room sees without pressing a key: the heading, the lines and the questions."""
    return "\n".join((step.heading, *step.lines, *step.questions, *(t for title, items in step.lists for t in (title, *items))))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_steps_follow_threats_then_findings_then_plan(content, path):
    a = Assessment.of(load_audit(path, content), content)
    out = steps(a)
    kinds = [s.kind for s in out]
    assert kinds == [THREAT] * len(a.threats) + [FINDING] * a.finding_count() + [PLAN] * len(a.plan)
    assert [s.heading for s in out if s.kind == PLAN] == [item.proposal.title for item in a.plan]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_plain_words_on_screen_rule_ids_and_points_one_key_away(content, path):
    a = Assessment.of(load_audit(path, content), content)
    for step in steps(a):
        text = shown(step)
        assert not RULE_ID.search(text), text
        assert not POINTS.search(text), text
        assert path.name not in text and str(path.parent) not in text
        assert step.details
    finding_steps = [s for s in steps(a) if s.kind == FINDING]
    assert [RULE_ID.search(s.details[0]).group() for s in finding_steps] == [f.rule for f in a.findings]


def test_each_threat_has_an_example_and_questions_for_a_room(content):
    a = Assessment.of(load_audit(EXAMPLES[0], content), content)
    for step in steps(a)[: len(a.threats)]:
        threat = next(t for t in content.threats.values() if t.title == step.heading)
        assert any(threat.room_example.strip() in line for line in step.lines)
        assert 3 <= len(step.questions) <= 5


def test_notes_stay_out_of_sight_unless_asked(content):
    audit = load_audit(examples_dir() / "peer-network.yaml", content)
    audit.profile_notes = "PROFILE-NOTE names a volunteer"
    for tool in audit.tools:
        tool.notes = f"TOOL-NOTE about {tool.id}"
    out = steps(Assessment.of(audit, content))
    assert not any("NOTE" in shown(s) or any("NOTE" in d for d in s.details) for s in out)
    assert any(n.startswith("TOOL-NOTE") for s in out for n in s.notes)


def test_a_plan_item_says_the_change_what_it_removes_and_what_remains(content):
    a = Assessment.of(load_audit(examples_dir() / "peer-network.yaml", content), content)
    plan = [s for s in steps(a) if s.kind == PLAN]
    assert plan
    for step in plan:
        titles = [title for title, items in step.lists if items]
        assert "What it removes" in titles
        assert "What remains here after the whole plan" in titles or any(line.startswith("What remains:") for line in step.lines)


def test_room_questions_are_three_to_five_and_a_bad_count_names_file_line_and_field(tmp_path):
    from auditor.errors import InputError

    rules = tmp_path / "extra.yaml"
    rules.write_text(
        "kind: ruleset\nformat: 1\nruleset: extra\nversion: '1'\ntitle: Extra\n"
        "threats:\n  - id: breach\n    title: Breach\n    summary: A provider is broken into.\n    scale: 10\n"
        "    room_example: A provider lost its customers' files.\n"
        "    room_questions:\n      - Only one?\n      - And two?\n"
        "rules: []\n"
    )
    with pytest.raises(InputError) as caught:
        load_content(extra_rules=[rules])
    message = str(caught.value)
    assert "extra.yaml:" in message and "room_questions" in message
    rules.write_text(rules.read_text().replace("      - And two?\n", "      - And two?\n      - And three?\n"))
    threat = load_content(extra_rules=[rules]).threats["breach"]
    assert threat.room_example.startswith("A provider") and len(threat.room_questions) == 3
