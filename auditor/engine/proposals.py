"""Data-minimization proposals: computed, not asserted.

A proposal is a change to answers (stop recording; keep 7 days instead of
forever; 5 people instead of 40). Its value is measured: apply the change to a
copy of the audit, re-score, and subtract. Changes only ever lower exposure:
``set`` lowers an answer to at most the given level and ``remove`` drops items
from what is collected, so a proposal can never add data collection.

Ranking: points removed per unit of effort, then collect-less kinds before
switching tools (BRIEF principle 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from auditor.audits.model import Audit, Tool, effective_answers
from auditor.content.model import EFFORT_COST, KIND_ORDER, UNKNOWN, Change, Content, ProposalTemplate
from auditor.engine.scoring import ScoreResult, score, score_from_points

GROUP = "group"


@dataclass(frozen=True)
class AnswerChange:
    question: str
    before: Any
    after: Any
    tool: str | None  # None: a profile answer


@dataclass(frozen=True)
class Proposal:
    key: str  # "<tool id or 'group'>:<proposal id>", stable across re-scoring; saved in the plan
    id: str
    tool: str | None
    title: str
    detail: str
    kind: str
    effort: str
    rules: tuple[str, ...]
    changes: tuple[AnswerChange, ...]
    reduction: dict[str, float]  # points removed per threat (measured)

    @property
    def total(self) -> float:
        return round(sum(self.reduction.values()), 6)

    @property
    def value(self) -> float:
        return self.total / EFFORT_COST[self.effort]


def _lowered(q, current: Any, target: Any) -> Any:
    """``current`` lowered to at most ``target``; never raised."""
    if current == UNKNOWN or current is None:
        return target
    return target if q.rank(target) < q.rank(current) else current


def _apply_one(audit: Audit, tool: Tool | None, change: Change, content: Content) -> list[AnswerChange]:
    """Apply one change in place; return what actually changed."""
    if change.switch_to:
        assert tool is not None
        if tool.catalog == change.switch_to:
            return []
        before = tool.catalog or tool.name
        tool.catalog = change.switch_to
        tool.category = None
        # Overrides of catalog facts described the old tool; practices stay.
        tool.answers = {k: v for k, v in tool.answers.items() if not content.questions[k].catalog_fact}
        return [AnswerChange("catalog", before, change.switch_to, tool.id)]
    q = content.questions[change.answer]
    if q.scope == "profile":
        answers, current, tool_id = audit.profile, audit.profile.get(q.id, UNKNOWN), None
    else:
        assert tool is not None
        answers, current, tool_id = tool.answers, effective_answers(tool, content).get(q.id, UNKNOWN), tool.id
    if change.remove:
        if not isinstance(current, list):
            return []  # "don't know" minus something is still "don't know"
        new = [v for v in current if v not in change.remove]
    else:
        new = _lowered(q, current, change.set)
    if new == current:
        return []
    answers[q.id] = new
    return [AnswerChange(q.id, current, new, tool_id)]


def apply(audit: Audit, template: ProposalTemplate, tool_id: str | None, content: Content) -> tuple[Audit, list[AnswerChange]]:
    """A copy of ``audit`` with the proposal's changes applied, and the changes made."""
    new = audit.copy()
    tool = new.tool(tool_id) if tool_id else None
    made: list[AnswerChange] = []
    for change in template.changes:
        made += _apply_one(new, tool, change, content)
    return new, made


def _scope_audit(audit: Audit, tool_id: str | None) -> Audit:
    """The smallest audit that scores the same for what a proposal touches.

    Tool rules see only their tool and the profile, so a tool-level change can
    be measured on that tool alone; profile changes need the whole audit.
    """
    if tool_id is None:
        return audit
    return Audit(profile=audit.profile, tools=[audit.tool(tool_id)])


def _measure(before: ScoreResult, after: ScoreResult) -> dict[str, float]:
    return {t: round(before.points[t] - after.points[t], 6) for t in before.threats}


def propose(audit: Audit, content: Content, result: ScoreResult | None = None) -> list[Proposal]:
    """Every proposal attached to a finding, measured and ranked best first."""
    result = result or score(audit, content)
    # (tool or None, proposal id) -> rules it answers, in rule order
    candidates: dict[tuple[str | None, str], list[str]] = {}
    for rule, tool_id in result.firing():
        for p in rule.proposals:
            rules = candidates.setdefault((tool_id, p.id), [])
            if rule.id not in rules:
                rules.append(rule.id)
    baseline: dict[str | None, ScoreResult] = {}
    out: list[Proposal] = []
    for (tool_id, pid), rules in candidates.items():
        template = content.proposals[pid]
        scoped = _scope_audit(audit, tool_id)
        changed, made = apply(scoped, template, tool_id, content)
        if not made:
            continue
        profile_change = any(c.tool is None for c in made)
        if profile_change and tool_id is not None:
            # A tool's proposal that changes group answers affects every tool.
            changed, made = apply(audit, template, tool_id, content)
            base_key, scoped = None, audit
        else:
            base_key = tool_id
        if base_key not in baseline:
            baseline[base_key] = score(scoped, content)
        reduction = _measure(baseline[base_key], score(changed, content))
        if sum(reduction.values()) <= 0:
            continue
        key = f"{tool_id or GROUP}:{pid}"
        out.append(Proposal(key, pid, tool_id, template.title, template.detail, template.kind, template.effort, tuple(rules), tuple(made), reduction))
    return rank(out)


def rank(proposals: list[Proposal]) -> list[Proposal]:
    return sorted(proposals, key=lambda p: (-round(p.value, 6), KIND_ORDER.index(p.kind), -p.total, p.key))


def apply_plan(audit: Audit, keys: Iterable[str], content: Content) -> Audit:
    """The audit as it would be with the given proposals carried out (in order)."""
    new = audit.copy()
    for key in keys:
        scope, _, pid = key.partition(":")
        tool_id = None if scope == GROUP else scope
        if tool_id is not None and tool_id not in {t.id for t in new.tools}:
            continue
        template = content.proposals.get(pid)
        if template is None:
            continue
        new, _ = apply(new, template, tool_id, content)
    return new


def projected_scores(audit: Audit, keys: Iterable[str], content: Content) -> dict[str, int]:
    return score(apply_plan(audit, keys, content), content).scores


def score_change(result: ScoreResult, reduction: dict[str, float]) -> dict[str, int]:
    """How much each threat's 0-100 score would drop for a given points reduction."""
    return {
        t: result.scores[t] - score_from_points(max(result.points[t] - reduction.get(t, 0.0), 0.0), result.scales[t])
        for t in result.threats
    }
