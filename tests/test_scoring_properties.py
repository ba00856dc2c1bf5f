"""Properties of scoring over the shipped rules: deterministic, bounded, monotonic.

"Monotonic" means: making any one answer riskier (a higher-exposure choice, a
bigger count, more things collected, "don't know" instead of an answer), or
adding a tool, never lowers any threat's points or score.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.audits.model import Audit, Tool, effective_answers
from auditor.engine.conditions import Category, leaves
from auditor.content.loader import load_content
from auditor.content.model import UNKNOWN
from auditor.engine.proposals import apply_plan, propose
from auditor.engine.scoring import score

CONTENT = load_content()
PROFILE_QS = CONTENT.profile_questions
TOOL_QS = CONTENT.tool_questions
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answer(q):
    if q.type == "count":
        return st.one_of(st.integers(0, 60), st.just(UNKNOWN))
    if q.type == "multi":
        return st.one_of(st.lists(st.sampled_from(q.choice_ids), unique=True, max_size=6), st.just(UNKNOWN))
    return st.sampled_from(list(q.choice_ids) + [UNKNOWN])


def answers(questions):
    return st.fixed_dictionaries({}, optional={q.id: answer(q) for q in questions})


@st.composite
def tools(draw, index):
    catalog = draw(st.one_of(st.none(), st.sampled_from(sorted(CONTENT.catalog))))
    category = None if catalog else draw(st.sampled_from(sorted(CONTENT.categories)))
    return Tool(id=f"t{index}", name=f"Tool {index}", catalog=catalog, category=category, answers=draw(answers(TOOL_QS)))


@st.composite
def audits(draw):
    n = draw(st.integers(1, 3))
    return Audit(profile=draw(answers(PROFILE_QS)), tools=[draw(tools(i)) for i in range(n)])


def riskier(draw, q, current):
    """A value at least as exposed as ``current`` for question ``q``."""
    if current == UNKNOWN:
        return UNKNOWN
    if q.type == "count":
        return draw(st.one_of(st.integers(current, current + 50), st.just(UNKNOWN)))
    if q.type == "multi":
        extra = draw(st.lists(st.sampled_from(q.choice_ids), unique=True, max_size=4))
        return draw(st.one_of(st.just(sorted(set(current) | set(extra))), st.just(UNKNOWN)))
    options = [c for c in list(q.choice_ids) + [UNKNOWN] if q.rank(c) >= q.rank(current)]
    return draw(st.sampled_from(options))


@st.composite
def audit_and_riskier(draw):
    audit = draw(audits())
    worse = audit.copy()
    mutation = draw(st.sampled_from(["profile", "tool", "add_tool"]))
    if mutation == "add_tool":
        worse.tools.append(draw(tools(len(worse.tools))))
    elif mutation == "profile":
        q = draw(st.sampled_from(PROFILE_QS))
        worse.profile[q.id] = riskier(draw, q, audit.profile.get(q.id, UNKNOWN))
    else:
        tool = draw(st.sampled_from(worse.tools))
        q = draw(st.sampled_from(TOOL_QS))
        tool.answers[q.id] = riskier(draw, q, effective_answers(tool, CONTENT).get(q.id, UNKNOWN))
    return audit, worse, mutation


@SETTINGS
@given(audit_and_riskier())
def test_riskier_answers_never_lower_a_score(case):
    audit, worse, mutation = case
    before, after = score(audit, CONTENT), score(worse, CONTENT)
    for threat in before.threats:
        assert after.points[threat] >= before.points[threat] - 1e-9, (threat, mutation, worse)
        assert after.scores[threat] >= before.scores[threat]


@SETTINGS
@given(audits())
def test_scores_are_bounded_deterministic_and_explained(audit):
    first, second = score(audit, CONTENT), score(audit, CONTENT)
    assert first.points == second.points and first.findings == second.findings
    for threat in first.threats:
        assert 0 <= first.scores[threat] <= 100
        # Every point traces to a finding with a rule and a reason.
        total = sum(f.points for f in first.findings if f.threat == threat)
        assert abs(total - first.points[threat]) < 1e-6
    for f in first.findings:
        rule = CONTENT.rule(f.rule)
        assert rule.reason and f.threat in rule.threats
        tests = [node for node, _ in leaves(rule.when)]
        if not any(isinstance(node, Category) for node in tests):
            assert f.triggers, f"{f.rule} fired on {f.tool} with no triggering answers"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(audits())
def test_proposals_only_lower_exposure_and_their_value_is_measured(audit):
    result = score(audit, CONTENT)
    for p in propose(audit, CONTENT, result):
        assert p.total > 0
        for change in p.changes:
            if change.question == "catalog":
                assert p.kind == "switch_tool"
                continue
            q = CONTENT.questions[change.question]
            if q.type == "multi":
                assert set(change.after) < set(change.before)
            else:
                assert q.rank(change.after) < q.rank(change.before)
        # The measured reduction equals re-scoring the whole audit with the change made.
        after = score(apply_plan(audit, [p.key], CONTENT), CONTENT)
        for threat in result.threats:
            assert abs((result.points[threat] - after.points[threat]) - p.reduction[threat]) < 1e-6, p.key
