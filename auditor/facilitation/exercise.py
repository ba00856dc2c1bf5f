""""What if this happened?" exercises, built from the group's own assessment.

Each scenario (scenarios/*.yaml) is instantiated on every tool it fits. For each
tool it says, from the Assessment's records only: what would be exposed (data
kinds in words), about whom (callers, responders: roles), since when (the
retention, in words), how many in the group can see it, and which plan items
would shrink it (the plan items on that tool that fix a finding about one of
the records the scenario reaches: ``Assessment.fixed_by`` / ``Finding.exposure``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from auditor.audits.model import effective_answers, tool_category
from auditor.content.model import UNKNOWN
from auditor.engine.assessment import Assessment, PlanItem
from auditor.engine.records import RECORDS, Record
from auditor.facilitation.scenarios import Scenario, answer_fits
from auditor.i18n import N_, _, current, ngettext

# Record.holder (plain words) -> the holder classes a scenario's `held_by` names.
HOLDER_CLASS = {
    N_("the provider"): "provider",
    N_("the backup provider (Google or Apple)"): "provider",
    N_("the phone company or hotline service"): "carrier",
    N_("callers' own phone companies"): "carrier",
    N_("members' devices"): "devices",
    N_("members' phones and computers"): "devices",
    N_("the group"): "group",
    N_("the people who heard it"): "people",
    N_("wherever copies went"): "copies",
    N_("unknown"): "unknown",
}

SINCE = {
    "not_kept": N_("only while a response is going on (nothing is kept after)"),
    "days": N_("about the last few days"),
    "week": N_("about the last week"),
    "month": N_("about the last month"),
    "year": N_("about the last year"),
    "years": N_("several years back"),
    "until_deleted": N_("everything since the tool was first used, unless someone deleted it by hand"),
    "until deleted": N_("everything since the tool was first used, unless someone deleted it by hand"),
    "while they remember": N_("as long as people remember it"),
    "per the provider": N_("as long as the provider keeps its logs (its policy, not yours)"),
    "per the carrier": N_("as long as the phone company keeps its logs (its policy, not yours)"),
    "per each carrier": N_("as long as each caller's phone company keeps its logs"),
    UNKNOWN: N_("unknown: nobody has said how long it stays"),
}

ABOUT = {"callers": N_("callers (people who reach out to you)"), "responders": N_("your responders")}

# Short names for a printed page; RECORDS has the full description.
LABELS = {
    "content": N_("What is typed, written or recorded"),
    "recordings": N_("Recordings and voicemail"),
    "backup": N_("Cloud backups"),
    "version_history": N_("Earlier versions and deleted items"),
    "copies": N_("Forwards, screenshots and exports"),
    "provider_metadata": N_("The provider's logs (who, when, where)"),
    "carrier_log": N_("The phone company's call log"),
    "callers_carrier_log": N_("Callers' own phone companies' logs"),
    "memory": N_("What was said aloud (lives in people)"),
    "membership": N_("Who is in it"),
    "devices": N_("Copies on members' phones and computers"),
    "accounts": N_("Logins and recovery details"),
    "location": N_("Where people were"),
}


def label(kind: str) -> str:
    return _(LABELS[kind]) if kind in LABELS else RECORDS.get(kind, kind)


@dataclass(frozen=True)
class Exposed:
    record: Record
    what: str  # the data kinds, in words
    holder: str
    about: str
    since: str
    people: str  # how many in the group can see it


@dataclass
class Instance:
    tool: str
    tool_name: str
    title: str
    exposed: list[Exposed]
    plan: list[PlanItem]
    uncertain: list[str] = field(default_factory=list)  # "don't know" answers the fit rests on
    residual: list[str] = field(default_factory=list)  # records no change the group controls removes


@dataclass
class Exercise:
    scenario: Scenario
    instances: list[Instance]


def _kinds_in_words(rec: Record, a: Assessment) -> str:
    if not rec.kinds:
        if rec.kind in ("carrier_log", "callers_carrier_log"):
            return _("who called whom, when and for how long")
        return RECORDS.get(rec.kind, rec.kind)
    if UNKNOWN in rec.kinds:
        return _("unknown: nobody has said what goes in")
    q = a.content.questions.get("provider_metadata" if rec.kind == "provider_metadata" else "data_kinds")
    words = []
    for k in rec.kinds:
        choice = q.choice(k) if q else None
        words.append(choice.label if choice else str(k))
    return "; ".join(words)


def _people(rec: Record) -> str:
    if rec.people == UNKNOWN or rec.people is None:
        return _("unknown")
    return ngettext("{n} person", "{n} people", rec.people).format(n=rec.people)


def _held(rec: Record, reach_held: tuple[str, ...] | None) -> bool:
    return reach_held is None or HOLDER_CLASS.get(rec.holder, "unknown") in reach_held


def instantiate(scenario: Scenario, a: Assessment) -> Exercise:
    by_tool: dict[str | None, list[Record]] = {}
    for rec in a.records:
        by_tool.setdefault(rec.tool, []).append(rec)
    plan_by_key = {item.key: item for item in a.plan}
    reached = set(scenario.records)
    instances = []
    for tool in a.audit.tools:
        category = tool_category(tool, a.content)
        if scenario.categories is not None and category not in scenario.categories:
            continue
        answers = effective_answers(tool, a.content)
        uncertain = []
        fits = True
        for test in scenario.answers:
            ok = answer_fits(test, answers, category, a.content)
            if ok is False:
                fits = False
                break
            if ok is None:
                uncertain.append(a.content.questions[test["question"]].prompt)
        if not fits:
            continue
        exposed = []
        for reach in scenario.reaches:
            for rec in by_tool.get(tool.id, ()):
                if rec.kind == reach.record and _held(rec, reach.held_by):
                    exposed.append(Exposed(
                        record=rec,
                        what=_kinds_in_words(rec, a),
                        holder=_("unknown: nobody has said where it is kept") if rec.holder == UNKNOWN else _(rec.holder) if rec.holder in HOLDER_CLASS else rec.holder,
                        about=", ".join(_(ABOUT[x]) if x in ABOUT else x for x in rec.about),
                        since=_(SINCE[rec.kept_for]) if rec.kept_for in SINCE else str(rec.kept_for),
                        people=_people(rec),
                    ))
        if not exposed:
            continue
        mandated = answers.get("mandated_with_access", UNKNOWN)
        if a.content.questions.get("mandated_with_access") and isinstance(mandated, int) and not isinstance(mandated, bool) and mandated > 0:
            exposed = [
                Exposed(x.record, x.what, x.holder, x.about, x.since, _("{people} ({n} of them mandated reporters)").format(people=x.people, n=mandated))
                if x.record.people not in (UNKNOWN, None) else x
                for x in exposed
            ]
        keys: list[str] = []
        for f in a.findings:
            if f.tool == tool.id and f.exposure in reached:
                for key in a.fixed_by.get((f.rule, f.tool), ()):
                    if key not in keys:
                        keys.append(key)
        plan = sorted((plan_by_key[k] for k in keys if k in plan_by_key), key=lambda item: item.rank)
        residual = [label(e.record.kind).lower() for e in exposed if e.record.residual]
        instances.append(Instance(tool.id, tool.name, scenario.title_for(tool.name), exposed, plan, uncertain, residual))
    return Exercise(scenario, instances)


def build(a: Assessment, scenarios: list[Scenario]) -> list[Exercise]:
    return [instantiate(s, a) for s in scenarios]


# -- text --------------------------------------------------------------------

def _generic_title(s: Scenario) -> str:
    return s.title.replace("{tool}", _("one of your tools"))


def render_text(exercises: list[Exercise]) -> str:
    lines: list[str] = []
    for n, ex in enumerate(exercises, 1):
        s = ex.scenario
        lines += [_("Exercise {n}. {title}").format(n=n, title=_generic_title(s)), "=" * 60, s.prompt, ""]
        if not ex.instances:
            lines += [_("None of your tools fits this scenario, from your answers."), ""]
        for inst in ex.instances:
            lines += [f"-- {inst.title}", ""]
            if inst.uncertain:
                lines.append("   " + _("(It may not apply: you answered \"don't know\" to: {questions})").format(questions="; ".join(inst.uncertain)))
            lines.append("   " + _("What would be exposed:"))
            for e in inst.exposed:
                lines.append("   * " + _("{record} (held by {holder})").format(record=label(e.record.kind), holder=e.holder))
                lines.append("       " + _("what: {what}").format(what=e.what))
                lines.append("       " + _("about: {about}").format(about=e.about))
                lines.append("       " + _("since when: {since}").format(since=e.since))
                if e.record.kind in ("content", "devices", "memory"):
                    lines.append("       " + _("people in the group who can see it: {people}").format(people=e.people))
            if inst.plan:
                lines.append("   " + _("What would shrink it (from your plan):"))
                for item in inst.plan:
                    lines.append(f"   {item.rank:>3}. {item.proposal.title}")
            else:
                lines.append("   " + _("No item in your plan shrinks this."))
            if inst.residual:
                lines.append("   " + _("What stays whatever you change: {records}.").format(records="; ".join(dict.fromkeys(inst.residual))))
            lines.append("")
        lines.append("   " + _("Talk about it:"))
        lines += [f"   - {q}" for q in s.questions]
        if s.sources:
            lines.append("   " + _("From the BCCR report (2022-2023), section: {sections}").format(sections="; ".join(f'"{x}"' for x in s.sources)))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- HTML: one printed page per scenario ----------------------------------------

PRINTED_PLAN_ITEMS = 3  # per tool on the printed page; the rest are named by rank

CSS = """
@page { size: auto; margin: 11mm 11mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.6pt; line-height: 1.3; color: #000; margin: 0; }
section.scenario { break-after: page; page-break-after: always; break-before: page; }
section.scenario:first-of-type { break-before: auto; }
ul { margin: 0.5mm 0 1mm; padding-left: 5mm; }
p { margin: 1mm 0; }
section.scenario:last-of-type { break-after: auto; page-break-after: auto; }
h1 { font-size: 13pt; margin: 0 0 1.5mm; }
h2 { font-size: 10pt; margin: 2mm 0 0.8mm; border-bottom: 1pt solid #000; }
table, h2 { break-inside: avoid; }
.prompt { font-size: 9.5pt; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 0.6pt solid #555; padding: 0.5mm 1mm; text-align: left; vertical-align: top; font-size: 7.6pt; }
th:nth-child(2), td:nth-child(2) { width: 46%; }
.note { font-style: italic; }
.talk li { margin: 0 0 2.5mm; }
.src { font-size: 8pt; color: #333; }
"""


def render_html(exercises: list[Exercise], title: str = "", audit_id: str | None = None) -> str:
    """One printed page per scenario; ``audit_id`` stamps the page as reports are (``auditor.reports.stamp``),
    so `auditor forget` knows whose it is."""
    from auditor.reports import stamp

    e = escape
    out = [
        "<!DOCTYPE html>", f'<html lang="{e(current())}"><head><meta charset="utf-8">', *stamp.html_tag(audit_id).splitlines(),
        "<title>" + e(_("What if this happened?")) + f" {e(title)}</title>", f"<style>{CSS}</style></head><body>",
    ]
    for n, ex in enumerate(exercises, 1):
        s = ex.scenario
        out.append(f'<section class="scenario" data-scenario="{e(s.id)}">')
        out.append("<h1>" + e(_("Exercise {n}. {title}").format(n=n, title=_generic_title(s))) + f"</h1><p class=\"prompt\">{e(s.prompt)}</p>")
        if not ex.instances:
            out.append('<p class="note">' + e(_("None of your tools fits this scenario, from your answers.")) + "</p>")
        for inst in ex.instances:
            out.append(f"<h2>{e(inst.title)}</h2>")
            if inst.uncertain:
                out.append('<p class="note">' + e(_("It may not apply: you answered “don’t know” to: {questions}").format(questions="; ".join(inst.uncertain))) + "</p>")
            heads = (_("What would be exposed, and who holds it"), _("What is in it"), _("About whom"), _("Since when"))
            out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
            previous = None
            for x in inst.exposed:
                what = _("the same details as above") if x.what == previous else x.what
                previous = x.what
                out.append(
                    f"<tr><td><strong>{e(label(x.record.kind))}</strong><br>{e(x.holder)}</td><td>{e(what)}</td>"
                    f"<td>{e(x.about)}</td><td>{e(x.since)}</td></tr>"
                )
            out.append("</tbody></table>")
            if inst.plan:
                shown = inst.plan[:PRINTED_PLAN_ITEMS]
                items = "".join(f"<li>{e(item.proposal.title)} <span class=\"src\">" + e(_("(plan item {n})").format(n=item.rank)) + "</span></li>" for item in shown)
                more = len(inst.plan) - len(shown)
                if more:
                    rest = ", ".join(str(i.rank) for i in inst.plan[len(shown):])
                    items += '<li class="note">' + e(_("and {n} more in your plan (plan items {ranks})").format(n=more, ranks=rest)) + "</li>"
                out.append("<p><strong>" + e(_("What would shrink it:")) + f"</strong></p><ul>{items}</ul>")
            else:
                out.append('<p class="note">' + e(_("No item in your plan shrinks this.")) + "</p>")
            if inst.residual:
                out.append('<p class="note">' + e(_("What stays whatever you change: {records}.").format(records="; ".join(dict.fromkeys(inst.residual)))) + "</p>")
        talk = "".join(f"<li>{e(q)}</li>" for q in s.questions)
        out.append("<h2>" + e(_("Talk about it")) + f'</h2><ul class="talk">{talk}</ul>')
        if s.sources:
            out.append('<p class="src">' + e(_("From the BCCR report (2022-2023), section: {sections}").format(sections="; ".join(s.sources))) + "</p>")
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
