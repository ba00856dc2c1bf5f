"""What a presentation shows, in which order, as plain data: no Textual here.

A facilitator steps a room through one ``Assessment`` in a deck a room can follow in
one sitting: a title, the agenda, what each threat means, the scores, the heaviest
findings (one slide per finding across every tool it is found on), the first changes
of the plan, what remains, and the next steps. Everything else (the other findings and
plan items) waits in ``more``, for those who ask. Rule ids and points are kept apart in
``details`` (one key away on screen); the group's own notes in ``notes`` (off unless
asked). Nothing here names a file: a step is built only from the assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from auditor.engine.assessment import Assessment, PlanItem, Remaining, finding_title
from auditor.engine.scoring import Finding, level
from auditor.reports.vocab import level as level_words
from auditor.i18n import N_, _, ngettext

TITLE, THREAT, SCORES, FINDING, PLAN, REMAINS, CLOSING = "title", "threat", "scores", "finding", "plan", "remains", "closing"
# The sections, in the order the room sees them; the agenda names them and each has a jump key (1-7).
SECTIONS = (TITLE, THREAT, SCORES, FINDING, PLAN, REMAINS, CLOSING)
PART_TITLES = {
    TITLE: N_("Welcome"),
    THREAT: N_("What each threat means"),
    SCORES: N_("Where the group stands"),
    FINDING: N_("What we found"),
    PLAN: N_("What we could change"),
    REMAINS: N_("What remains"),
    CLOSING: N_("Next steps"),
}
TOP = 5  # findings and plan items in the main deck; the rest are in "more"
LISTED = 5  # items on a list slide before "and N more"


@dataclass(frozen=True)
class Step:
    kind: str  # one of SECTIONS
    heading: str
    lines: tuple[str, ...]  # plain words for the room, one paragraph each
    questions: tuple[str, ...] = ()  # a threat's questions to ask the group
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (title, items): what a plan item removes, what remains
    details: tuple[str, ...] = ()  # rule ids, points, scores: shown only on request
    notes: tuple[str, ...] = ()  # the group's own notes: shown only on request

    @property
    def part(self) -> str:
        return _(PART_TITLES[self.kind])


@dataclass(frozen=True)
class Deck:
    main: tuple[Step, ...]  # what the room sees, about 20 slides
    more: tuple[Step, ...]  # every other finding and plan item, for those who ask

    def start_of(self, kind: str) -> int | None:
        """Where a section starts in the main deck (None when the audit has nothing for it)."""
        return next((i for i, s in enumerate(self.main) if s.kind == kind), None)


@dataclass(frozen=True)
class FindingGroup:
    """One rule found on one or more tools: the room hears it once."""

    rule: str
    findings: tuple[Finding, ...]

    @property
    def total(self) -> float:
        return round(sum(f.total for f in self.findings), 6)


def finding_groups(a: Assessment) -> list[FindingGroup]:
    """Findings by rule across tools, heaviest first (ties in the order the engine gives them)."""
    by_rule: dict[str, list[Finding]] = {}
    for f in a.findings:
        by_rule.setdefault(f.rule, []).append(f)
    groups = [FindingGroup(rule, tuple(fs)) for rule, fs in by_rule.items()]
    return sorted(groups, key=lambda g: -g.total)


def deck(a: Assessment) -> Deck:
    groups = finding_groups(a)
    findings = [finding_step(a, g) for g in groups]
    plan = [plan_step(a, item) for item in a.plan]
    main = (
        [title_step(a), agenda_step(a)]
        + [threat_step(a, t) for t in a.threats]
        + [scores_step(a)]
        + findings[:TOP]
        + plan[:TOP]
        + [remains_step(a), closing_step(a)]
    )
    return Deck(tuple(main), tuple(findings[TOP:] + plan[TOP:]))


def steps(a: Assessment) -> list[Step]:
    """Every step, the main deck first, then what is in "more"."""
    d = deck(a)
    return list(d.main + d.more)


def _threat_titles(a: Assessment, threats) -> str:
    return ", ".join(a.content.threats[t].title for t in threats if t in a.content.threats)


def _notes(a: Assessment, tool_ids) -> tuple[str, ...]:
    out = []
    for tool_id in dict.fromkeys(tool_ids):
        if tool_id is None:
            text = a.audit.profile_notes
        else:
            tool = next((t for t in a.audit.tools if t.id == tool_id), None)
            text = tool.notes if tool is not None else ""
        if text.strip():
            out.append(text)
    return tuple(out)


def _and_more(items: list[str], cap: int) -> tuple[str, ...]:
    """At most ``cap`` items and a count of the rest: a slide has no room to scroll, the report has the list."""
    more = len(items) - cap
    if more > 0:
        return (*items[:cap], ngettext("and {n} more", "and {n} more", more).format(n=more))
    return tuple(items)


# -- the frame: title, agenda, scores, what remains, next steps -------------------------------------
def title_step(a: Assessment) -> Step:
    n = len(a.audit.tools)
    lines = [
        ngettext("A look at the {n} tool the group uses for crisis response: what records it keeps, who could get them, "
                 "and what the group can change.",
                 "A look at the {n} tools the group uses for crisis response: what records they keep, who could get them, "
                 "and what the group can change.", n).format(n=n),
    ]
    if a.audit.title.strip():
        lines.append(a.audit.title.strip())
    details = (_("Rules: {rules}").format(rules=", ".join(f"{r.id} {r.version}" for r in a.content.rulesets)),)
    return Step(TITLE, _("Our tools, our records, our risks"), tuple(lines), details=details)


def agenda_step(a: Assessment) -> Step:
    items = tuple(f"{i}  {_(PART_TITLES[kind])}" for i, kind in enumerate(SECTIONS, 1))
    lines = (_("Keys 1 to 7 jump to a part; m shows the other findings and changes, for those who ask."),)
    return Step(TITLE, _("Today"), lines, lists=((_("The parts"), items),), details=(_("Right or Space: next; Left or Backspace: back."),))


def scores_step(a: Assessment) -> Step:
    rows = tuple(
        _("{threat}: {level} now, {after} after the whole plan").format(threat=s.title, level=level_words(s.level), after=level_words(level(s.after_plan)))
        for s in a.scores.values()
    )
    lines = (
        _("Each threat is scored on its own, because the group needs to know what it is exposed to, not a single grade."),
        _("No plan brings a threat to nothing: some records stay out of the group's reach."),
    )
    details = tuple(_("{threat}: {score}/100 now, {after}/100 after the whole plan, {residual}/100 out of reach").format(
        threat=s.title, score=s.score, after=s.after_plan, residual=s.residual) for s in a.scores.values())
    return Step(SCORES, _("Where the group stands"), lines, lists=((_("Threat by threat"), rows),), details=details)


def remains_step(a: Assessment) -> Step:
    titles = list(dict.fromkeys(a.content.rule(x.finding.rule).title for x in a.remaining if x.finding.residual))
    others = list(dict.fromkeys(a.content.rule(x.finding.rule).title for x in a.remaining if not x.finding.residual))
    lines = [
        _("Even after every change in the plan, some exposure stays. Saying so is part of the plan."),
        _("Out of the group's reach: callers' phone companies keep their logs, phones can be seized, "
          "and people who knew can be made to testify."),
    ]
    lists = []
    if titles:
        lists.append((_("What no change removes"), _and_more(titles, LISTED)))
    if others:
        lines.append(ngettext("{n} more finding stays because it rests on a \"don't know\" or the plan has no change for it yet.",
                              "{n} more findings stay because they rest on a \"don't know\" or the plan has no change for them yet.",
                              len(others)).format(n=len(others)))
    details = tuple(_("{threat}: {residual}/100 out of the group's reach").format(threat=s.title, residual=s.residual) for s in a.scores.values())
    return Step(REMAINS, _("What remains after the plan"), tuple(lines), lists=tuple(lists), details=details)


def closing_step(a: Assessment) -> Step:
    steps_ = (
        _("Agree on the changes to make this month, starting at the top of the plan."),
        _("Give each change to a role (not a person's name) and a date."),
        _("Tell everyone who uses the tools what changes and why."),
        _("Meet again after the next evaluation pause: open this audit, change what changed, compare."),
    )
    agreed = len([i for i in a.plan if i.agreed])
    details = (ngettext("{n} change agreed so far.", "{n} changes agreed so far.", agreed).format(n=agreed),)
    return Step(CLOSING, _("Next steps"), (), lists=((_("Before we leave"), steps_),), details=details)


# -- threats, findings, plan items ----------------------------------------------------------------------------
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


def _plan_item_names(a: Assessment, group: FindingGroup) -> list[str]:
    """The plan items that make this finding go away, wherever it is found, by rank and title."""
    by_key = {item.key: item for item in a.plan}
    keys = dict.fromkeys(k for f in group.findings for k in a.fixed_by.get((f.rule, f.tool), ()))
    items = sorted((by_key[k] for k in keys if k in by_key), key=lambda i: i.rank)
    return [_("change {rank}: {title}").format(rank=i.rank, title=i.proposal.title) for i in items]


def finding_step(a: Assessment, group: FindingGroup) -> Step:
    rule = a.content.rule(group.rule)
    fs = group.findings
    raised = list(dict.fromkeys(t for f in fs for t, p in f.points.items() if p > 0)) or list(dict.fromkeys(t for f in fs for t in f.weight))
    lines = [
        _("Where: {tools}").format(tools=", ".join(a.tool_name(f.tool) for f in fs)),
        rule.reason.strip(),
        _("It adds to: {threats}").format(threats=_threat_titles(a, raised)),
    ]
    if any(f.uncertain for f in fs):
        lines.append(_("This rests on a \"don't know\": finding out may make it go away."))
    fixes = _plan_item_names(a, group)
    if fixes:
        lines.append(_("What addresses it: {items}.").format(items="; ".join(fixes)))
    elif all(f.residual for f in fs):
        lines.append(_("No change the group controls removes this one."))
    else:
        lines.append(_("No change in the plan removes this yet."))
    details = tuple(
        _("Rule {rule} · {tool} · severity {severity} · points: {points}").format(
            rule=f.rule, tool=a.tool_name(f.tool), severity=rule.severity,
            points=", ".join(f"{a.content.threats[t].title} +{p:g}" for t, p in f.points.items() if t in a.content.threats) or "0")
        for f in fs
    )
    return Step(FINDING, finding_title(a.content, list(fs)), tuple(lines), details=details, notes=_notes(a, [f.tool for f in fs]))


def _why(x: Remaining) -> str:
    """Why a finding stays, short enough for a slide (read from the finding, whatever the language)."""
    if x.finding.residual:
        return _("no change the group controls removes it")
    if x.finding.uncertain:
        return _("it rests on a \"don't know\"")
    return _("no change in the plan removes it")


SLIDE_HOW_TO = 320  # characters of a how-to a slide shows; the whole text is in its details (i)


def _slide_length(text: str) -> tuple[str, bool]:
    """A how-to cut to whole sentences that fit a slide at 80x24, and whether anything was left out."""
    if len(text) <= SLIDE_HOW_TO:
        return text, False
    cut = text.rfind(". ", 0, SLIDE_HOW_TO)
    short = text[: cut + 1] if cut > 0 else text[:SLIDE_HOW_TO].rsplit(" ", 1)[0] + " …"
    return short + " " + _("(the whole how-to: press i)"), True


def plan_step(a: Assessment, item: PlanItem) -> Step:
    p = item.proposal
    lines = [_("Change {rank}, for {tool}").format(rank=item.rank, tool=item.tool_name)]
    how, rest = _slide_length(item.detail.strip())
    if how:
        lines.append(_("The change: {detail}").format(detail=how))
    lists = []
    removes = list(dict.fromkeys(a.content.rule(r).title for r in p.rules))
    if removes:
        lists.append((_("What it removes"), _and_more(removes, 3)))
    remains = list(dict.fromkeys(f"{finding_title(a.content, [x.finding])} ({_why(x)})" for x in a.remaining if x.finding.tool == p.tool))
    if remains:
        lists.append((_("What remains here after the whole plan"), _and_more(remains, 2)))
    else:
        lines.append(_("What remains: nothing found here stays after the whole plan, but records outside the group's "
                       "reach (callers' phone companies, phones that can be seized, people who can be made to testify) still exist."))
    drops = ", ".join(f"{a.content.threats[t].title} -{d}" for t, d in item.score_drop.items() if d and t in a.content.threats)
    if p.check_first:
        drops = _("if the answer turns out yes, {drops}; not counted until you know").format(drops=drops or "0")
    details = (
        _("Plan item {rank} · {key} · effort {effort} · score drop: {drops}").format(rank=item.rank, key=p.key, effort=p.effort, drops=drops or "0"),
        *((_("The change, whole: {detail}").format(detail=item.detail.strip()),) if rest else ()),
    )
    return Step(PLAN, p.title, tuple(lines), lists=tuple(lists), details=details, notes=_notes(a, [p.tool]))
