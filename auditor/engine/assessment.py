"""Scores, findings and proposals as plain data: the shape of `auditor score --json`.

Reports and the TUI read the same structure, so every surface explains a
score the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from auditor import __version__
from auditor.audits.model import Audit, unanswered
from auditor.content.model import KIND_LABELS, Content
from auditor.engine.proposals import Proposal, projected_scores, propose, score_change
from auditor.engine.scoring import Finding, ScoreResult, bar, level, score


@dataclass
class Assessment:
    """An audit scored and with its minimization plan computed."""

    audit: Audit
    content: Content
    result: ScoreResult
    proposals: list[Proposal]

    @classmethod
    def of(cls, audit: Audit, content: Content) -> "Assessment":
        result = score(audit, content)
        return cls(audit, content, result, propose(audit, content))

    def tool_name(self, tool_id: str | None) -> str:
        if tool_id is None:
            return "the group as a whole"
        return self.audit.tool(tool_id).name


def finding_dict(a: Assessment, f: Finding) -> dict:
    rule = a.content.rule(f.rule)
    q = a.content.questions
    return {
        "rule": f.rule,
        "tool": f.tool,
        "tool_name": a.tool_name(f.tool),
        "threat": f.threat,
        "title": rule.title,
        "severity": rule.severity,
        "points": f.points,
        "uncertain": f.uncertain,
        "reason": rule.reason,
        "sources": [a.content.cite(s) for s in rule.sources],
        "triggers": [
            {
                "question": t.question,
                "prompt": q[t.question].prompt,
                "value": t.value,
                "answer": q[t.question].label_of(t.value),
                "origin": t.origin,
            }
            for t in f.triggers
        ],
        "amplified_by": list(f.amplified_by),
    }


def proposal_dict(a: Assessment, p: Proposal, rank: int) -> dict:
    q = a.content.questions

    def label(question: str, value: Any) -> Any:
        if question == "catalog":
            entry = a.content.catalog.get(value)
            return entry.name if entry else value
        return q[question].label_of(value)

    return {
        "rank": rank,
        "key": p.key,
        "id": p.id,
        "tool": p.tool,
        "tool_name": a.tool_name(p.tool),
        "title": p.title,
        "detail": p.detail,
        "kind": p.kind,
        "kind_label": KIND_LABELS[p.kind],
        "effort": p.effort,
        "rules": list(p.rules),
        "changes": [
            {"question": c.question, "tool": c.tool, "before": c.before, "after": c.after, "before_label": label(c.question, c.before), "after_label": label(c.question, c.after)}
            for c in p.changes
        ],
        "reduction": {t: v for t, v in p.reduction.items() if v},
        "score_reduction": {t: v for t, v in score_change(a.result, p.reduction).items() if v},
        "total": p.total,
        "agreed": p.key in a.audit.agreed,
    }


def assessment_dict(a: Assessment, source: str = "") -> dict:
    r, c = a.result, a.content
    plan_keys = [p.key for p in a.proposals]
    after_all = projected_scores(a.audit, plan_keys, c) if plan_keys else dict(r.scores)
    agreed = [k for k in plan_keys if k in a.audit.agreed]
    after_agreed = projected_scores(a.audit, agreed, c) if agreed else dict(r.scores)
    return {
        "auditor": __version__,
        "audit": {"file": source, "title": a.audit.title, "updated": a.audit.updated, "tools": len(a.audit.tools)},
        "ruleset": r.ruleset,
        "threats": {t: {"title": c.threats[t].title, "summary": c.threats[t].summary} for t in r.threats},
        "scores": {
            t: {"score": r.scores[t], "level": level(r.scores[t]), "points": r.points[t], "bar": bar(r.scores[t])}
            for t in r.threats
        },
        "tools": [
            {
                "id": tool.id,
                "name": tool.name,
                "catalog": tool.catalog,
                "scores": {t: {"score": s, "points": r.tool_points[tool.id][t]} for t, s in r.tool_scores(tool.id).items()},
            }
            for tool in a.audit.tools
        ],
        "findings": [finding_dict(a, f) for f in r.findings],
        "proposals": [proposal_dict(a, p, i + 1) for i, p in enumerate(a.proposals)],
        "projected": {"all_proposals": after_all, "agreed_proposals": after_agreed},
        "unanswered": [{"tool": tool, "question": qid} for tool, qid in unanswered(a.audit, c)],
    }
