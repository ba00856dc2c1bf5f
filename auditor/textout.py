"""Plain-text renderings for the terminal (tabulate tables, no colour needed)."""

from __future__ import annotations

import textwrap

from tabulate import tabulate

from auditor.audits.model import unanswered
from auditor.content.model import CAPABILITIES, KIND_LABELS, Content
from auditor.engine.assessment import Assessment, finding_title, trigger_dicts
from auditor.engine.scoring import bar
from auditor.i18n import N_, _, ngettext
from auditor.reports.text import LEGAL_HOLD
from auditor.reports.vocab import effort_short
from auditor.reports.vocab import level as level_words


FIND_OUT_LINE = N_("(\"Find out first\": the change starts from a \"don't know\" answer. It is listed after every "
                   "change to a known answer and not counted in \"Scores after\" until you know.)")

def _wrap(text: str, indent: str = "      ", width: int = 100) -> str:
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=indent)


def num(value: float) -> str:
    """Points as people read them: one decimal at most."""
    return f"{round(value, 1):g}"


def signed(value: float) -> str:
    """A change in points: "-3", "+1.5" (never "--1")."""
    return f"{-round(value, 1):+g}"


def _pts(value: float) -> str:
    return _("{n} pts").format(n=num(value))


def _answer(t: dict) -> str:
    origin = {"catalog": _(" (catalog default)"), "unanswered": _(" (unanswered)"), "record": _(" (worked out from your answers)")}.get(t["origin"], "")
    return f"{t['prompt']} -> {t['answer']}{origin}"


def score_text(a: Assessment, source: str = "", top: int = 10, bars: bool = True) -> str:
    """The assessment for a terminal: what to do first, what remains, then the findings that explain it.

    ``bars=False`` leaves out the block-character bars (the plain line mode: a screen reader reads them as noise)."""
    c = a.content
    threats = a.threats
    title = lambda t: c.threats[t].title  # noqa: E731
    r = a.result
    lines = []
    head = a.audit.title or source
    lines.append(_("Audit: {title}  ({n} tools)").format(title=head, n=len(a.audit.tools)))
    versions = ", ".join(f"{k} {v}" for k, v in r.ruleset["rulesets"].items())
    lines.append(_("Rules: {versions}  [fingerprint {fingerprint}]").format(versions=versions, fingerprint=r.ruleset['fingerprint']))
    lines.append("")
    rows = [[s.title, s.score, level_words(s.level)] + ([bar(s.score)] if bars else []) + [num(s.points), s.after_plan, s.residual] for s in a.scores.values()]
    headers = [_("Threat"), _("Score"), _("Level")] + (["0-100"] if bars else []) + [_("Points"), _("After plan"), _("Remains")]
    lines.append(tabulate(rows, headers=headers, tablefmt="simple"))
    lines.append(_(
        "Scores run 0-100 per threat; a low score is not the same as safe. \"Remains\" is the part no change the group "
        "controls removes (callers' phone companies, seizable devices, testimony), so no plan reaches 0."
    ))
    lines.append("")
    rows = [[tool.name] + [num(r.tool_points[tool.id][t]) for t in threats] for tool in a.audit.tools]
    rows.append([_("The group's own practices")] + [num(r.group_points[t]) for t in threats])
    rows.append([_("Total (the Points column above)")] + [num(r.points[t]) for t in threats])
    lines.append(_("Where the points come from"))
    lines.append(tabulate(rows, headers=[_("Tool")] + [title(t) for t in threats], tablefmt="simple", disable_numparse=True))
    lines.append("")
    plan = a.plan
    lines.append(_("What to do first: top {n} of {count} changes, ranked by risk removed per effort").format(n=min(top, len(plan)), count=len(plan)))
    rows = []
    for item in plan[:top]:
        p = item.proposal
        cuts = ", ".join(f"{title(t)} {signed(v)}" for t, v in p.reduction.items() if v)
        after = " ".join(f"{item.running[t]}" for t in threats)
        change = p.title
        if item.needs:
            change = _("Counts after {ranks}: {change}").format(ranks=", ".join(f"#{r}" for r in item.needs), change=change)
        elif p.advice:
            change = _("Advice, lowers no score yet: {change}").format(change=change)
        lowers = _("{points} pts ({threats})").format(points=signed(p.total), threats=cuts)
        if p.check_first:
            lowers = _("if yes: {lowers}; not counted").format(lowers=lowers)
        rows.append([item.rank, item.tool_name, change, _(KIND_LABELS[p.kind]), effort_short(p.effort), lowers, after])
    if rows:
        lines.append(tabulate(rows, headers=["#", _("Where"), _("Change"), _("Kind"), _("Effort"), _("Lowers"), _("Scores after")],
                              tablefmt="simple", maxcolwidths=[None, 20, 38, None, None, 34, None]))
        lines.append(_("(\"Scores after\": {threats}, once this change and every one above it is made.)").format(threats=", ".join(title(t) for t in threats)))
        if any(item.proposal.check_first for item in plan[:top]):
            lines.append(_(FIND_OUT_LINE))
        if any(item.proposal.deletes for item in plan[:top]):
            lines.append(_(LEGAL_HOLD))
    lines.append("")
    remaining = a.remaining
    lines.append(_("What remains after the whole plan ({n}), and why").format(n=len(remaining)))
    for x in remaining:
        f = x.finding
        pts = ", ".join(f"{title(t)} +{num(v)}" for t, v in f.points.items() if v)
        lines.append(f"  {f.rule}  {a.tool_name(f.tool)}: {finding_title(c, [f])}" + (f"  [{pts}]" if pts else "") + f": {x.why}")
    lines.append("")
    findings = a.findings
    by_rule: dict[str, list] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    lines.append(_("Findings ({n}, under {rules} rules), heaviest first").format(n=len(findings), rules=len(by_rule)))
    for rule_id, found in by_rule.items():
        rule = c.rule(rule_id)
        total = sum(f.total for f in found)
        tools = _("the group") if found[0].tool is None else ngettext("{n} tool", "{n} tools", len(found)).format(n=len(found))
        remains = _("  (remains: no change removes it)") if rule.residual else ""
        lines.append(f"  {rule_id}  {finding_title(c, found)}  [{', '.join(title(t) for t in rule.threats)}; +{_pts(total)}; {tools}]{remains}")
        lines.append(_wrap(_("why it matters: {reason}").format(reason=rule.reason)))
        lines.append(_wrap(_("source: {sources}").format(sources='; '.join(c.cite(s) for s in rule.sources))))
        for f in found:
            notes = []
            if f.counted_in:
                notes.append(_("same exposure already counted by {rules}").format(rules=", ".join(sorted(set(f.counted_in.values())))))
            if f.uncertain:
                notes.append(_("because of \"don't know\" answers"))
            if f.amplified_by:
                notes.append(_("weighs more: {why}").format(why="; ".join(f.amplified_by)))
            because = "; ".join(_answer(t) for t in trigger_dicts(a, f))
            pts = ", ".join(f"{title(t)} +{num(v)}" for t, v in f.points.items())
            lines.append(f"      - {a.tool_name(f.tool)}: {pts}" + (_("; because: {answers}").format(answers=because) if because else "") + (f" ({'; '.join(notes)})" if notes else ""))
    left = unanswered(a.audit, c)
    if left:
        lines.append("")
        lines.append(_("Unanswered: {n} questions (counted as exposure until answered).").format(n=len(left)))
    return "\n".join(lines)


def rules_rows(content: Content) -> list[dict]:
    return [
        {
            "id": r.id,
            "threats": list(r.threats),
            "severity": r.severity,
            "scope": r.scope,
            "title": r.title,
            "reason": r.reason,
            "sources": [content.cite(s) for s in r.sources],
            "proposals": [{"id": p.id, "title": p.title, "kind": p.kind, "effort": p.effort} for p in r.proposals],
            "ruleset": r.ruleset,
            "file": r.file,
        }
        for r in content.rules
    ]


def rules_text(content: Content) -> str:
    rows = [[r["id"], ", ".join(r["threats"]), r["severity"], r["title"], "; ".join(r["sources"])] for r in rules_rows(content)]
    counts = {t: sum(1 for r in content.rules if t in r.threats) for t in content.threats}
    summary = ", ".join(f"{content.threats[t].title}: {n}" for t, n in counts.items())
    table = tabulate(rows, headers=[_("Rule"), _("Threats"), _("Severity"), _("Title"), _("Source")], tablefmt="simple", maxcolwidths=[None, 24, None, 50, 50])
    return f"{table}\n\n" + _("{n} rules ({by_threat})").format(n=len(content.rules), by_threat=summary)


def catalog_rows(content: Content) -> list[dict]:
    out = []
    for tool in content.catalog.values():
        facts = {}
        for qid, fact in tool.facts.items():
            q = content.questions[qid]
            facts[qid] = {
                "value": fact.value,
                "answer": q.label_of(fact.value),
                "as_of": fact.as_of,
                "sources": [{"id": s, "title": content.sources[s].title, "where": content.sources[s].where} for s in fact.sources],
                "note": fact.note,
            }
            if fact.complete is not None:
                facts[qid]["complete"] = fact.complete
        capabilities = {
            cid: {
                "value": cap.value,
                "label": _(CAPABILITIES[cid]),
                "as_of": cap.as_of,
                "sources": [{"id": s, "title": content.sources[s].title, "where": content.sources[s].where} for s in cap.sources],
                "note": cap.note,
            }
            for cid, cap in tool.capabilities.items()
        }
        out.append({"id": tool.id, "name": tool.name, "category": tool.category, "analog": tool.analog, "summary": tool.summary, "aliases": list(tool.aliases), "facts": facts, "capabilities": capabilities})
    return out


def catalog_text(content: Content) -> str:
    lines = []
    for tool in catalog_rows(content):
        lines.append(f"{tool['name']}  ({tool['id']}, {content.categories.get(tool['category'], tool['category'])})")
        lines.append(_wrap(tool["summary"], indent="  "))
        for qid, fact in tool["facts"].items():
            src = ", ".join(s["id"] for s in fact["sources"]) or _("no source")
            note = f" ({fact['note']})" if fact["note"] else ""
            partial = _(" (at least these; others may exist)") if fact.get("complete") is False else ""
            lines.append(f"    {qid}: {fact['answer']}{partial}  [" + _("{sources}; as of {date}").format(sources=src, date=fact['as_of']) + f"]{note}")
        for cid, cap in tool["capabilities"].items():
            src = ", ".join(s["id"] for s in cap["sources"]) or _("no source")
            note = f" ({cap['note']})" if cap["note"] else ""
            value = cap["value"]
            value = _("don't know") if value == "unknown" else {"yes": _("yes"), "no": _("no")}.get(value, value)
            lines.append(_("    can: {label}: {value}").format(label=cap['label'], value=value) + "  [" + _("{sources}; as of {date}").format(sources=src, date=cap['as_of']) + f"]{note}")
        lines.append("")
    lines.append(_("{n} tools. Sources:").format(n=len(content.catalog)))
    for sid, src in content.sources.items():
        lines.append(f"  {sid}: {src.title}" + (f" - {src.where}" if src.where else ""))
    return "\n".join(lines)
