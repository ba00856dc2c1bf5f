"""One typed assessment of an audit, computed once, read by every view.

The CLI, reports, the app, diff and cycles read an ``Assessment``: findings
ranked by weight, scores per threat, the records the tools create, what
remains after the plan and why (residual exposure), the ranked plan with its
running projection, and the projections after the whole plan and after the
agreed part. JSON is produced once, at the edge (``assessment_dict``), in the
shape of ``auditor score --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from auditor import __version__
from auditor.audits.model import Audit, unanswered
from auditor.content.model import KIND_LABELS, Content
from auditor.i18n import N_, _, ngettext
from auditor.engine.proposals import Proposal, apply_plan, done_keys, propose, running_projection
from auditor.engine.records import RECORDS, Record
from auditor.engine.scoring import POSSIBLY, Finding, ScoreResult, bar, level, score, score_from_points

RESIDUAL_WHY = N_("no change the group controls removes it")
UNPLANNED_WHY = N_("no change in the plan removes it")
UNKNOWN_WHY = N_("it rests on a \"don't know\": find out, and it may go away")


@dataclass(frozen=True)
class ThreatScore:
    threat: str
    title: str
    summary: str
    score: int
    level: str
    points: float
    after_plan: int  # the score once every plan item is carried out (never 0 while residual exposure remains)
    after_agreed: int  # the score once the agreed items are carried out
    residual: int  # the part of the score that no change the group controls removes


@dataclass(frozen=True)
class PlanItem:
    rank: int
    proposal: Proposal
    tool_name: str
    score_drop: dict[str, int]  # how much each 0-100 score drops for this item alone
    running: dict[str, int]  # scores once this item and every one above it is carried out
    agreed: bool
    needs: tuple[int, ...] = ()  # ranks of the items it waits for: it counts only once they are done
    waits: str = ""  # that, in words (every view shows it with the how-to)

    @property
    def key(self) -> str:
        return self.proposal.key

    @property
    def detail(self) -> str:
        """The how-to, and when it counts."""
        return " ".join(x for x in (self.proposal.detail, self.waits) if x)


@dataclass(frozen=True)
class Remaining:
    """A finding that still counts after the whole plan, and why."""

    finding: Finding
    why: str  # RESIDUAL_WHY, UNKNOWN_WHY or UNPLANNED_WHY


class Assessment:
    """An audit scored, its plan computed and measured, and what remains: computed once."""

    def __init__(self, audit: Audit, content: Content, result: ScoreResult, proposals: list[Proposal] | None = None):
        self.audit, self.content, self.result = audit, content, result
        if proposals is not None:
            self.__dict__["proposals"] = proposals
        self.threats = list(result.threats)

    @classmethod
    def of(cls, audit: Audit, content: Content) -> "Assessment":
        """Scored at once; the plan is computed the first time something reads it (the app's
        interview needs only the scores after each answer)."""
        return cls(audit, content, score(audit, content))

    @cached_property
    def proposals(self) -> list[Proposal]:
        return propose(self.audit, self.content, self.result)

    # -- findings and records ------------------------------------------------
    @property
    def findings(self) -> list[Finding]:
        """One per (rule, tool), heaviest first."""
        return self.result.findings

    @cached_property
    def records(self) -> list[Record]:
        return self.result.records()

    @cached_property
    def residual(self) -> list[Finding]:
        """Findings about exposure no change the group controls removes."""
        return [f for f in self.findings if f.residual]

    # -- the plan -------------------------------------------------------------
    @cached_property
    def _steps(self):
        return running_projection(self.audit, self.proposals, self.content, self.result)

    @cached_property
    def plan(self) -> list[PlanItem]:
        items = []
        ranks = {p.key: i + 1 for i, p in enumerate(self.proposals)}
        for i, (p, step) in enumerate(zip(self.proposals, self._steps)):
            needs = tuple(ranks[k] for k in p.needs if k in ranks)
            items.append(PlanItem(
                rank=i + 1,
                proposal=p,
                tool_name=self.tool_name(p.tool),
                score_drop={t: v for t, v in self.score_drop(p.reduction).items()},
                running=self._scores(step.points),
                agreed=p.key in self.audit.agreed,
                needs=needs,
                waits=self._waits(p, needs, i + 1),
            ))
        return items

    @cached_property
    def after_plan(self) -> ScoreResult:
        # Items to find out or check first are not counted as done: what they would remove still remains.
        return score(apply_plan(self.audit, done_keys(self.proposals), self.content), self.content)

    @cached_property
    def after_agreed(self) -> ScoreResult:
        agreed = [k for k in done_keys(self.proposals) if k in self.audit.agreed]
        return score(apply_plan(self.audit, agreed, self.content), self.content) if agreed else self.result

    @cached_property
    def remaining(self) -> list[Remaining]:
        """What still counts once every plan item is carried out, and why."""
        out = []
        for f in self.after_plan.findings:
            # What no change removes remains even where another finding counts the same exposure (a laptop that
            # can be seized, while a "don't know" about its call history weighs more).
            if f.total <= 0 and not f.residual:
                continue
            out.append(Remaining(f, _(RESIDUAL_WHY if f.residual else UNKNOWN_WHY if f.uncertain else UNPLANNED_WHY)))
        return out

    @cached_property
    def residual_points(self) -> dict[str, float]:
        pts = {t: 0.0 for t in self.threats}
        for f in self.after_plan.findings:
            if f.residual:
                for t, p in f.points.items():
                    pts[t] += p
        return {t: round(v, 6) for t, v in pts.items()}

    @cached_property
    def scores(self) -> dict[str, ThreatScore]:
        r, c = self.result, self.content
        return {
            t: ThreatScore(
                threat=t,
                title=c.threats[t].title,
                summary=c.threats[t].summary,
                score=r.scores[t],
                level=level(r.scores[t]),
                points=r.points[t],
                after_plan=self.after_plan.scores[t],
                after_agreed=self.after_agreed.scores[t],
                residual=score_from_points(self.residual_points[t], r.scales[t]),
            )
            for t in self.threats
        }

    def _waits(self, p: Proposal, needs: tuple[int, ...], rank: int) -> str:
        """When an item that waits for others counts, naming them by rank and title."""
        if not p.after_first or p.advice:
            return ""
        if not needs:
            return _("It counts only once the items above it are done.")
        names = ", ".join(_("#{rank} “{title}”").format(rank=r, title=self.proposals[r - 1].title) for r in needs)
        if max(needs) > rank:
            # Collect less leads: from today nothing new is written; the score counts it once the old is gone.
            return ngettext("Do it now: from today it is no longer written. The score counts it once {items} is done "
                            "and what is already written is gone.",
                            "Do it now: from today it is no longer written. The score counts it once {items} are done "
                            "and what is already written is gone.", len(needs)).format(items=names)
        return ngettext("It counts only once {items} is done: it comes after it in the plan.",
                        "It counts only once {items} are done: it comes after them in the plan.", len(needs)).format(items=names)

    # -- helpers for views ----------------------------------------------------
    def tool_name(self, tool_id: str | None) -> str:
        if tool_id is None:
            return _("the group as a whole")
        return self._names[tool_id]

    @cached_property
    def _names(self) -> dict[str, str]:
        return {t.id: t.name for t in self.audit.tools}

    @cached_property
    def fixed_by(self) -> dict[tuple[str, str | None], list[str]]:
        """(rule, tool) -> the plan item whose step makes that finding go away, carried out in plan order.

        Measured, like the plan: a change clears whatever it clears (logistics only also clears the identity
        rules), and a finding that needs two changes is fixed by the second. A finding no step clears is not
        "fixed by" an item that only lowers it.
        """
        out: dict[tuple[str, str | None], list[str]] = {}
        for item, step in zip(self.plan, self._steps):
            for finding in step.appeared:  # back again (a later switch of tool): not fixed after all
                out.pop(finding, None)
            for finding in step.cleared:
                out.setdefault(finding, []).append(item.key)
        return out

    def score_drop(self, reduction: dict[str, float]) -> dict[str, int]:
        """How much each threat's 0-100 score would drop for a given points reduction."""
        r = self.result
        return {t: r.scores[t] - score_from_points(max(r.points[t] - reduction.get(t, 0.0), 0.0), r.scales[t]) for t in r.threats}

    def _scores(self, points: dict[str, float]) -> dict[str, int]:
        return {t: score_from_points(points[t], self.result.scales[t]) for t in self.threats}

    def finding_count(self) -> int:
        """The one finding count every view shows: one per rule and tool."""
        return len(self.findings)


# -- JSON at the edge ---------------------------------------------------------

def _answer_label(a: Assessment, question: str, value: Any) -> str:
    if question.startswith("record:"):
        q = a.content.record_fields.get(question[len("record:"):])
    else:
        q = a.content.questions.get(question)
    return q.label_of(value) if q else str(value)


def _prompt(a: Assessment, question: str) -> str:
    if question.startswith("record:"):
        q = a.content.record_fields.get(question[len("record:"):])
        return _("{question} (worked out from your answers)").format(question=q.prompt) if q else question
    return a.content.questions[question].prompt


NOT_DOCUMENTED = N_("not documented (unknown): {choices}")
NOTHING_DOCUMENTED = N_("nothing documented")


def documented_label(q, value: list, undocumented, sep: str = ", ") -> str:
    """A catalog list its sources do not show complete, in words: what is documented, then what the rule looks
    for that is not documented (unknown); never "none" where the catalog lists something or is incomplete."""
    shown = sep.join(q.label_of([v]) for v in value) if value else _(NOTHING_DOCUMENTED)
    missing = sep.join(q.label_of([v]) for v in undocumented)
    return f"{shown}; " + _(NOT_DOCUMENTED).format(choices=missing)


def trigger_dicts(a: Assessment, f: Finding) -> list[dict]:
    """The answers behind a finding, in words: question, answer and where the answer came from."""
    return [
        {
            "question": t.question,
            "prompt": _prompt(a, t.question),
            "value": list(t.value) if isinstance(t.value, (list, tuple)) else t.value,
            "answer": documented_label(a.content.questions[t.question], list(t.value), t.undocumented) if t.undocumented
            else _answer_label(a, t.question, t.value),
            "origin": t.origin,
            "undocumented": list(t.undocumented),
        }
        for t in f.triggers
    ]


def finding_title(content: Content, findings) -> str:
    """The title of a rule's findings: said as possible when every one of them rests on a "don't know"."""
    findings = list(findings)
    title = content.rule(findings[0].rule).title
    return _(POSSIBLY).format(text=title) if all(f.uncertain for f in findings) else title


def finding_dict(a: Assessment, f: Finding) -> dict:
    rule = a.content.rule(f.rule)
    return {
        "rule": f.rule,
        "tool": f.tool,
        "tool_name": a.tool_name(f.tool),
        "threats": list(f.weight),
        "exposure": f.exposure,
        "exposure_label": RECORDS.get(f.exposure, f.exposure),
        "title": finding_title(a.content, [f]),
        "severity": rule.severity,
        "points": {t: p for t, p in f.points.items()},
        "total": f.total,
        "weight": dict(f.weight),
        "counted_in": dict(f.counted_in),
        "uncertain": f.uncertain,
        "residual": f.residual,
        "reason": rule.reason,
        "sources": [a.content.cite(s) for s in rule.sources],
        "triggers": trigger_dicts(a, f),
        "amplified_by": list(f.amplified_by),
        "fixed_by": list(a.fixed_by.get((f.rule, f.tool), [])),
    }


def proposal_dict(a: Assessment, item: PlanItem) -> dict:
    p = item.proposal

    def label(question: str, value: Any) -> Any:
        if question == "catalog":
            entry = a.content.catalog.get(value)
            return entry.name if entry else value
        return a.content.questions[question].label_of(value)

    return {
        "rank": item.rank,
        "key": p.key,
        "id": p.id,
        "also": list(p.also),
        "after_first": p.after_first,  # measured once the first part of the plan is done
        "needs": [a.plan[r - 1].key for r in item.needs],  # the items it waits for
        "advice": p.advice,  # collect less that lowers no score yet (what is already written stays)
        "deletes": p.deletes,  # carrying it out deletes something already kept (legal hold first)
        "check_first": p.check_first,  # starts from a "don't know": find out first; never counted as done
        "tool": p.tool,
        "tool_name": item.tool_name,
        "title": p.title,
        "detail": item.detail,
        "kind": p.kind,
        "kind_label": _(KIND_LABELS[p.kind]),
        "effort": p.effort,
        "rules": list(p.rules),
        "changes": [
            {
                "question": c.question, "tool": c.tool,
                "before": list(c.before) if isinstance(c.before, list) else c.before,
                "after": list(c.after) if isinstance(c.after, list) else c.after,
                "before_label": label(c.question, c.before), "after_label": label(c.question, c.after),
                "removed": [v for v in c.before if v not in c.after] if isinstance(c.before, list) and isinstance(c.after, list) else [],
            }
            for c in p.changes
        ],
        "reduction": {t: v for t, v in p.reduction.items() if v},
        "score_reduction": {t: v for t, v in item.score_drop.items() if v},
        "running": dict(item.running),
        "total": p.total,
        "agreed": item.agreed,
    }


def assessment_dict(a: Assessment, source: str = "") -> dict:
    r, c = a.result, a.content
    return {
        "auditor": __version__,
        "audit": {"file": source, "title": a.audit.title, "updated": a.audit.updated, "tools": len(a.audit.tools)},
        "ruleset": r.ruleset,
        "threats": {t: {"title": c.threats[t].title, "short": c.threats[t].short, "summary": c.threats[t].summary} for t in r.threats},
        "scores": {
            t: {"score": s.score, "level": s.level, "points": s.points, "bar": bar(s.score), "after_plan": s.after_plan,
                "after_agreed": s.after_agreed, "residual": s.residual}
            for t, s in a.scores.items()
        },
        "finding_count": a.finding_count(),
        "tools": [
            {
                "id": tool.id,
                "name": tool.name,
                "catalog": tool.catalog,
                "scores": {t: {"score": s, "points": r.tool_points[tool.id][t]} for t, s in r.tool_scores(tool.id).items()},
            }
            for tool in a.audit.tools
        ],
        "group": {"points": dict(r.group_points)},
        "findings": [finding_dict(a, f) for f in a.findings],
        "proposals": [proposal_dict(a, item) for item in a.plan],
        "projected": {
            "all_proposals": {t: s.after_plan for t, s in a.scores.items()},
            "agreed_proposals": {t: s.after_agreed for t, s in a.scores.items()},
            "residual": {t: s.residual for t, s in a.scores.items()},
        },
        "remaining": [
            {"rule": x.finding.rule, "tool": x.finding.tool, "tool_name": a.tool_name(x.finding.tool), "title": c.rule(x.finding.rule).title,
             "exposure": x.finding.exposure, "points": dict(x.finding.points), "why": x.why}
            for x in a.remaining
        ],
        "records": [
            {"kind": rec.kind, "label": RECORDS[rec.kind], "tool": rec.tool, "holder": rec.holder, "readable": rec.readable,
             "kept_for": rec.kept_for, "kinds": list(rec.kinds), "about": list(rec.about), "residual": rec.residual}
            for rec in a.records
        ],
        "unanswered": [{"tool": tool, "question": qid} for tool, qid in unanswered(a.audit, c)],
    }
