"""Scores show progress at any size: the scale grows with the audit beyond five tools.

A 40-tool audit (the examples' tools replicated) scored 100 on every threat, before and after its whole plan:
no change was visible. Its scores must stay below 100 and the plan's drop must show; audits of up to five
tools (every shipped example) keep the ruleset's own scale; the scale never shrinks as tools are added.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.engine.scoring import TOOLS_AT_SCALE, score, size_factor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from example_audits import example_audit  # noqa: E402

VISIBLE = 5  # score points: a drop a reader sees on the chart and in the numbers


@pytest.fixture(scope="module")
def content():
    return load_content()


def test_a_40_tool_audit_scores_below_100_and_its_plan_shows(content):
    """The scale does not saturate at 40 tools: a plan that removes a real share of a threat's points shows it.

    How much the plan removes is the content's truth (at 40 tools much of subpoena stays with providers no change
    clears), so the test ties the drop in score to the drop in points rather than asking every threat to fall."""
    a = Assessment.of(example_audit(content, 40), content)
    now = {t: s.score for t, s in a.scores.items()}
    after = a.after_plan.scores
    assert all(v < 100 for v in now.values()), now
    points_after = a.after_plan.points
    for t, s in a.scores.items():
        share = 1 - points_after[t] / s.points
        if share >= 0.25:
            assert now[t] - after[t] >= VISIBLE, (t, now, after, share)
        elif share > 0.05:
            assert now[t] > after[t], (t, now, after, share)
    assert sum(now.values()) - sum(after.values()) >= 4 * VISIBLE, (now, after)


@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_small_audits_keep_the_rulesets_scale(content, path):
    audit = load_audit(path, content)
    assert len(audit.tools) <= TOOLS_AT_SCALE
    result = score(audit, content)
    assert result.scales == {t: content.threats[t].scale for t in result.threats}


def test_the_scale_never_shrinks_as_tools_are_added():
    factors = [size_factor(n) for n in range(0, 500)]
    assert factors[: TOOLS_AT_SCALE + 1] == [1.0] * (TOOLS_AT_SCALE + 1)
    assert all(b >= a for a, b in zip(factors, factors[1:]))
    # ...and grows slower than the audit, so more tools holding the same still read as more exposure.
    assert all(size_factor(n) < n / TOOLS_AT_SCALE for n in range(TOOLS_AT_SCALE + 1, 500))


def test_more_copies_of_the_same_tools_score_at_least_as_high(content):
    pool = sum(len(load_audit(p, content).tools) for p in examples_dir().glob("*.yaml"))
    scores = [score(example_audit(content, k * pool), content).scores for k in (1, 2, 4)]
    for smaller, bigger in zip(scores, scores[1:]):
        assert all(bigger[t] >= smaller[t] for t in smaller), (smaller, bigger)
