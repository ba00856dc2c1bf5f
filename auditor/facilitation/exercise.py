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

# Record.holder (plain words) -> the holder classes a scenario's `held_by` names.
HOLDER_CLASS = {
    "the provider": "provider",
    "the backup provider (Google or Apple)": "provider",
    "the phone company or hotline service": "carrier",
    "callers' own phone companies": "carrier",
    "members' devices": "devices",
    "members' phones and computers": "devices",
    "the group": "group",
    "the people who heard it": "people",
    "wherever copies went": "copies",
    "unknown": "unknown",
}

SINCE = {
    "not_kept": "only while a response is going on (nothing is kept after)",
    "week": "about the last week",
    "month": "about the last month",
    "year": "about the last year",
    "years": "several years back",
    "until_deleted": "everything since the tool was first used, unless someone deleted it by hand",
    "until deleted": "everything since the tool was first used, unless someone deleted it by hand",
    "while they remember": "as long as people remember it",
    "per the provider": "as long as the provider keeps its logs (its policy, not yours)",
    "per the carrier": "as long as the phone company keeps its logs (its policy, not yours)",
    "per each carrier": "as long as each caller's phone company keeps its logs",
    UNKNOWN: "unknown: nobody has said how long it stays",
}

ABOUT = {"callers": "callers (people who reach out to you)", "responders": "your responders"}

# Short names for a printed page; RECORDS has the full description.
LABELS = {
    "content": "What is typed, written or recorded",
    "recordings": "Recordings and voicemail",
    "backup": "Cloud backups",
    "version_history": "Earlier versions and deleted items",
    "copies": "Forwards, screenshots and exports",
    "provider_metadata": "The provider's logs (who, when, where)",
    "carrier_log": "The phone company's call log",
    "callers_carrier_log": "Callers' own phone companies' logs",
    "memory": "What was said aloud (lives in people)",
    "membership": "Who is in it",
    "devices": "Copies on members' phones and computers",
    "accounts": "Logins and recovery details",
    "location": "Where people were",
}


def label(kind: str) -> str:
    return LABELS.get(kind, RECORDS.get(kind, kind))


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
            return "who called whom, when and for how long"
        return RECORDS.get(rec.kind, rec.kind)
    if UNKNOWN in rec.kinds:
        return "unknown: nobody has said what goes in"
    q = a.content.questions.get("provider_metadata" if rec.kind == "provider_metadata" else "data_kinds")
    words = []
    for k in rec.kinds:
        choice = q.choice(k) if q else None
        words.append(choice.label if choice else str(k))
    return "; ".join(words)


def _people(rec: Record) -> str:
    if rec.people == UNKNOWN or rec.people is None:
        return "unknown"
    return f"{rec.people} {'person' if rec.people == 1 else 'people'}"


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
                        holder="unknown: nobody has said where it is kept" if rec.holder == UNKNOWN else rec.holder,
                        about=", ".join(ABOUT.get(x, x) for x in rec.about),
                        since=SINCE.get(rec.kept_for, str(rec.kept_for)),
                        people=_people(rec),
                    ))
        if not exposed:
            continue
        mandated = answers.get("mandated_with_access", UNKNOWN)
        if a.content.questions.get("mandated_with_access") and isinstance(mandated, int) and not isinstance(mandated, bool) and mandated > 0:
            exposed = [
                Exposed(x.record, x.what, x.holder, x.about, x.since, f"{x.people} ({mandated} of them mandated reporters)")
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
    return s.title.replace("{tool}", "one of your tools")


def render_text(exercises: list[Exercise]) -> str:
    lines: list[str] = []
    for n, ex in enumerate(exercises, 1):
        s = ex.scenario
        lines += [f"Exercise {n}. {_generic_title(s)}", "=" * 60, s.prompt, ""]
        if not ex.instances:
            lines += ["None of your tools fits this scenario, from your answers.", ""]
        for inst in ex.instances:
            lines += [f"-- {inst.title}", ""]
            if inst.uncertain:
                lines.append("   (It may not apply: you answered \"don't know\" to: " + "; ".join(inst.uncertain) + ")")
            lines.append("   What would be exposed:")
            for e in inst.exposed:
                lines.append(f"   * {label(e.record.kind)} (held by {e.holder})")
                lines.append(f"       what: {e.what}")
                lines.append(f"       about: {e.about}")
                lines.append(f"       since when: {e.since}")
                if e.record.kind in ("content", "devices", "memory"):
                    lines.append(f"       people in the group who can see it: {e.people}")
            if inst.plan:
                lines.append("   What would shrink it (from your plan):")
                for item in inst.plan:
                    lines.append(f"   {item.rank:>3}. {item.proposal.title}")
            else:
                lines.append("   No item in your plan shrinks this.")
            if inst.residual:
                lines.append("   What stays whatever you change: " + "; ".join(dict.fromkeys(inst.residual)) + ".")
            lines.append("")
        lines.append("   Talk about it:")
        lines += [f"   - {q}" for q in s.questions]
        if s.sources:
            lines.append("   From the BCCR report (2022-2023), section: " + "; ".join(f'"{x}"' for x in s.sources))
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


def render_html(exercises: list[Exercise], title: str = "") -> str:
    e = escape
    out = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>What if this happened? {e(title)}</title>", f"<style>{CSS}</style></head><body>",
    ]
    for n, ex in enumerate(exercises, 1):
        s = ex.scenario
        out.append(f'<section class="scenario" data-scenario="{e(s.id)}">')
        out.append(f"<h1>Exercise {n}. {e(_generic_title(s))}</h1><p class=\"prompt\">{e(s.prompt)}</p>")
        if not ex.instances:
            out.append('<p class="note">None of your tools fits this scenario, from your answers.</p>')
        for inst in ex.instances:
            out.append(f"<h2>{e(inst.title)}</h2>")
            if inst.uncertain:
                out.append(f'<p class="note">It may not apply: you answered &ldquo;don&rsquo;t know&rdquo; to: {e("; ".join(inst.uncertain))}</p>')
            out.append("<table><thead><tr><th>What would be exposed, and who holds it</th><th>What is in it</th><th>About whom</th><th>Since when</th></tr></thead><tbody>")
            previous = None
            for x in inst.exposed:
                what = "the same details as above" if x.what == previous else x.what
                previous = x.what
                out.append(
                    f"<tr><td><strong>{e(label(x.record.kind))}</strong><br>{e(x.holder)}</td><td>{e(what)}</td>"
                    f"<td>{e(x.about)}</td><td>{e(x.since)}</td></tr>"
                )
            out.append("</tbody></table>")
            if inst.plan:
                shown = inst.plan[:PRINTED_PLAN_ITEMS]
                items = "".join(f"<li>{e(item.proposal.title)} <span class=\"src\">(plan item {item.rank})</span></li>" for item in shown)
                more = len(inst.plan) - len(shown)
                if more:
                    items += f"<li class=\"note\">and {more} more in your plan (plan items {e(', '.join(str(i.rank) for i in inst.plan[len(shown):]))})</li>"
                out.append(f"<p><strong>What would shrink it:</strong></p><ul>{items}</ul>")
            else:
                out.append('<p class="note">No item in your plan shrinks this.</p>')
            if inst.residual:
                out.append(f'<p class="note">What stays whatever you change: {e("; ".join(dict.fromkeys(inst.residual)))}.</p>')
        talk = "".join(f"<li>{e(q)}</li>" for q in s.questions)
        out.append(f'<h2>Talk about it</h2><ul class="talk">{talk}</ul>')
        if s.sources:
            out.append(f'<p class="src">From the BCCR report (2022-2023), section: {e("; ".join(s.sources))}</p>')
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
