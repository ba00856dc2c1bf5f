"""The presentation's steps, headless: what the room sees, in which order, and what stays one key away."""

from __future__ import annotations

import re

import pytest

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment, finding_title
from auditor.facilitation.presentation import CLOSING, FINDING, PLAN, REMAINS, SCORES, THREAT, TITLE, deck, finding_groups, steps

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
def test_a_deck_a_room_can_follow_the_frame_the_heaviest_five_and_the_rest_behind_more(content, path):
    a = Assessment.of(load_audit(path, content), content)
    d = deck(a)
    groups = finding_groups(a)
    kinds = [s.kind for s in d.main]
    top_findings, top_plan = min(5, len(groups)), min(5, len(a.plan))
    assert kinds == [TITLE, TITLE] + [THREAT] * len(a.threats) + [SCORES] + [FINDING] * top_findings + [PLAN] * top_plan + [REMAINS, CLOSING]
    assert len(d.main) <= 20  # a 4-tool audit in one sitting
    # one slide per finding across tools: every rule once, wherever it is found, the rest behind "more"
    headings = [s.heading for s in d.main + d.more if s.kind == FINDING]
    # (titled as possible where every tool's finding rests on a "don't know")
    assert sorted(headings) == sorted(finding_title(content, [f for f in a.findings if f.rule == r]) for r in {f.rule for f in a.findings})
    assert [s.heading for s in d.main + d.more if s.kind == PLAN] == [item.proposal.title for item in a.plan]
    assert len(d.main) + len(d.more) == len(steps(a))


def test_a_finding_on_several_tools_is_one_slide_naming_them_all_and_the_change_that_addresses_it(content):
    a = Assessment.of(load_audit(examples_dir() / "mutual-aid.yaml", content), content)
    group = next(g for g in finding_groups(a) if len(g.findings) > 1 and any(a.fixed_by.get((f.rule, f.tool)) for f in g.findings))
    step = next(s for s in steps(a) if s.kind == FINDING and s.heading == content.rule(group.rule).title)
    where = next(line for line in step.lines if line.startswith("Where: "))
    assert all(a.tool_name(f.tool) in where for f in group.findings)
    keys = {k for f in group.findings for k in a.fixed_by.get((f.rule, f.tool), ())}
    fixes = [item for item in a.plan if item.key in keys]
    addressed = next(line for line in step.lines if line.startswith("What addresses it:"))
    assert all(f"change {item.rank}: {item.proposal.title}" in addressed for item in fixes)


def test_the_frame_says_the_scores_what_remains_and_next_steps_in_words(content):
    a = Assessment.of(load_audit(examples_dir() / "peer-network.yaml", content), content)
    d = deck(a)
    scores = next(s for s in d.main if s.kind == SCORES)
    rows = scores.lists[0][1]
    assert [row.split(":")[0] for row in rows] == [s.title for s in a.scores.values()]
    remains = next(s for s in d.main if s.kind == REMAINS)
    assert any("phone companies" in line for line in remains.lines)
    closing = d.main[-1]
    assert closing.kind == CLOSING and closing.lists and len(closing.lists[0][1]) >= 3
    agenda = d.main[1]
    assert len(agenda.lists[0][1]) == 7 and agenda.lists[0][1][0].startswith("1")


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
    assert sorted(RULE_ID.search(d).group() for s in finding_steps for d in s.details) == sorted(f.rule for f in a.findings)


def test_each_threat_has_an_example_and_questions_for_a_room(content):
    a = Assessment.of(load_audit(EXAMPLES[0], content), content)
    for step in [s for s in steps(a) if s.kind == THREAT]:
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
