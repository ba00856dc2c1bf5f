"""What a presentation shows, in which order, as plain data: no Textual here.

A facilitator steps a room through one ``Assessment``: each threat (with its example
from practice and the questions to ask), each finding in plain words, then each plan
item (the change, what it removes, what remains). Rule ids and points are kept apart in
``details`` (one key away on screen); the group's own notes in ``notes`` (off unless
asked). Nothing here names a file: a step is built only from the assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.engine.assessment import RESIDUAL_WHY, UNKNOWN_WHY, Assessment, PlanItem
from auditor.engine.scoring import Finding
from auditor.i18n import N_, _

THREAT, FINDING, PLAN = "threat", "finding", "plan"
PART_TITLES = {
    THREAT: N_("What each threat means"),
    FINDING: N_("What we found"),
    PLAN: N_("What we could change"),
}


@dataclass(frozen=True)
class Step:
    kind: str  # THREAT, FINDING or PLAN
    heading: str
    lines: tuple[str, ...]  # plain words for the room, one paragraph each
    questions: tuple[str, ...] = ()  # a threat's questions to ask the group
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (title, items): what a plan item removes, what remains
    details: tuple[str, ...] = ()  # rule ids, points, scores: shown only on request
    notes: tuple[str, ...] = ()  # the group's own notes: shown only on request

    @property
    def part(self) -> str:
        return _(PART_TITLES[self.kind])


def steps(a: Assessment) -> list[Step]:
    """Every step of a presentation, in order: threats, findings, plan items."""
    return [threat_step(a, t) for t in a.threats] + [finding_step(a, f) for f in a.findings] + [plan_step(a, item) for item in a.plan]


def _threat_titles(a: Assessment, threats) -> str:
    return ", ".join(a.content.threats[t].title for t in threats if t in a.content.threats)


def _notes(a: Assessment, tool_id: str | None) -> tuple[str, ...]:
    if tool_id is None:
        text = a.audit.profile_notes
    else:
        tool = next((t for t in a.audit.tools if t.id == tool_id), None)
        text = tool.notes if tool is not None else ""
    return (text,) if text.strip() else ()


def threat_step(a: Assessment, threat_id: str) -> Step:
    threat = a.content.threats[threat_id]
    lines = [threat.summary]
    if threat.room_example.strip():
        lines.append(_("An example from practice: {example}").format(example=threat.room_example.strip()))
    elif threat.explainer.strip():
        lines.append(threat.explainer.strip())
    s = a.scores[threat_id]
    details = (
        _("Your audit now: {score}/100 ({level}); after the whole plan: {after}/100.").format(score=s.score, level=s.level, after=s.after_plan),
        *(_("Source: {source}").format(source=a.content.cite(src)) for src in threat.sources),
    )
    return Step(THREAT, threat.title, tuple(lines), questions=tuple(threat.room_questions), details=details)


def finding_step(a: Assessment, f: Finding) -> Step:
    rule = a.content.rule(f.rule)
    raised = [t for t, p in f.points.items() if p > 0] or list(f.weight)
    lines = [
        _("Where: {tool}").format(tool=a.tool_name(f.tool)),
        rule.reason.strip(),
        _("It adds to: {threats}").format(threats=_threat_titles(a, raised)),
    ]
    if f.uncertain:
        lines.append(_("This rests on a \"don't know\": finding out may make it go away."))
    if f.residual:
        lines.append(_("No change the group controls removes this one."))
    elif a.fixed_by.get((f.rule, f.tool)):
        lines.append(_("The plan has a change for this."))
    else:
        lines.append(_("No change in the plan removes this yet."))
    points = ", ".join(f"{a.content.threats[t].title} +{p:g}" for t, p in f.points.items() if t in a.content.threats)
    details = (_("Rule {rule} · severity {severity} · points: {points}").format(rule=f.rule, severity=rule.severity, points=points or "0"),)
    return Step(FINDING, rule.title, tuple(lines), details=details, notes=_notes(a, f.tool))


def _why(why: str) -> str:
    if why == RESIDUAL_WHY:
        return _("no change the group controls removes it")
    if why == UNKNOWN_WHY:
        return _("it rests on a \"don't know\"")
    return _("no change in the plan removes it")


def plan_step(a: Assessment, item: PlanItem) -> Step:
    p = item.proposal
    lines = [_("Where: {tool}").format(tool=item.tool_name)]
    if item.detail.strip():
        lines.append(_("The change: {detail}").format(detail=item.detail.strip()))
    lists = []
    removes = tuple(dict.fromkeys(a.content.rule(r).title for r in p.rules))
    if removes:
        lists.append((_("What it removes"), removes))
    remains = tuple(dict.fromkeys(f"{a.content.rule(x.finding.rule).title} ({_why(x.why)})" for x in a.remaining if x.finding.tool == p.tool))
    if remains:
        lists.append((_("What remains here after the whole plan"), remains))
    else:
        lines.append(_("What remains: nothing found here stays after the whole plan, but records outside the group's "
                       "reach (callers' phone companies, phones that can be seized, people who can be made to testify) still exist."))
    drops = ", ".join(f"{a.content.threats[t].title} -{d}" for t, d in item.score_drop.items() if d and t in a.content.threats)
    details = (
        _("Plan item {rank} · {key} · effort {effort} · score drop: {drops}").format(rank=item.rank, key=p.key, effort=p.effort, drops=drops or "0"),
    )
    return Step(PLAN, p.title, tuple(lines), lists=tuple(lists), details=details, notes=_notes(a, p.tool))
