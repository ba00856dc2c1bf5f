"""The report as Markdown: readable as plain text and on a forge.

User-entered text (tool names, notes, titles, and the group's own rule text)
is flattened to one line and has Markdown's active characters escaped, so a
tool called ``Slack [free tier] | pipe`` stays literal and cannot break a table.
"""

from __future__ import annotations

import re

from tabulate import tabulate

from . import text as T
from .document import CAVEAT_BODY, CAVEAT_HEAD, cycle_label, threat_titles
from .inventory import STATUS_WORDS

_ACTIVE = re.compile(r"[\\`*\[\]<>|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md(value: object) -> str:
    """Literal inline text: one line, Markdown's active characters escaped.

    Underscores inside a word (``mandated_reporters``) cannot start emphasis, so they stay as they are.
    """
    return _ACTIVE.sub(lambda m: "\\" + m.group(0), T.flat(value))


def table(rows: list[list], headers: list[str]) -> str:
    return tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)


def render(doc: dict) -> str:
    summary = doc["report"] == "summary"
    titles = threat_titles(doc)
    out: list[str] = []
    add = out.append
    kind = "summary" if summary else "report"
    add(f"# Threat assessment {kind}: {md(doc['audit']['title'] or 'untitled audit')}")
    add("")
    meta = ["Shareable summary" if summary else "Full report", doc["date"]]
    if doc["audit"]["cycle"] is not None:
        meta.append(f"cycle {doc['audit']['cycle']}")
    meta.append(f"{doc['audit']['tools']} tools")
    add(" · ".join(meta))
    add("")
    add(f"> **{md(CAVEAT_HEAD)}** {md(CAVEAT_BODY)}")
    add("")
    if summary:
        add(md(doc["summary_note"]))
        add("")

    add("## Scores per threat")
    add("")
    rows = [[md(t["title"]), str(t["score"]), t["level"], str(t["after_agreed"]), str(t["after_plan"])] for t in doc["threats"]]
    add(table(rows, ["Threat", "Score (0-100)", "Level", "After agreed changes", "After the whole plan"]))
    add("")
    for t in doc["threats"]:
        add(f"- **{md(t['title'])}**: {md(t['summary'])}")
    add("")
    add(md(doc["scale"]))
    add("")

    if doc["history"]:
        _history(doc, titles, add)

    if summary:
        _summary_body(doc, titles, add)
    else:
        _full_body(doc, titles, add)

    add("## About this report")
    add("")
    versions = ", ".join(f"{md(k)} {md(v)}" for k, v in doc["ruleset"]["rulesets"].items())
    add(f"Scored by auditor {md(doc['auditor'])} with the rules {versions} (fingerprint {md(doc['ruleset']['fingerprint'])}).")
    add("Every point of every score comes from a finding: a rule, the answers that triggered it and a reason with its source.")
    if not summary:
        add("This full report maps the group's tools and practices: keep it private, like the audit file itself.")
    add("")
    return "\n".join(out)


def _history(doc: dict, titles: dict, add) -> None:
    h = doc["history"]
    add("## Since last cycle")
    add("")
    labels = [cycle_label(c) for c in h["cycles"]] + ["Now"]
    rows = []
    for t, change in zip(doc["threats"], h["since_last"]):
        past = [str(c["scores"].get(t["id"], "-")) for c in h["cycles"]]
        rows.append([md(t["title"])] + past + [str(h["current"]["scores"][t["id"]]), T.history_direction(change)])
    add(table(rows, ["Threat"] + [md(x) for x in labels] + ["Change since last cycle"]))
    add("")
    add("Lower is less exposed.")
    if h["rules_changed"]:
        add(T.RULES_CHANGED)
    add("")


def _summary_body(doc: dict, titles: dict, add) -> None:
    plan = doc["plan"]
    add("## What the plan proposes")
    add("")
    if plan["count"]:
        add(md(T.plan_intro(plan)) + " By kind:")
        add("")
        add(table([[md(k["label"]), T.plan_kind_text(k)] for k in plan["kinds"]], ["Kind of change", "How many"]))
        add("")
        add(md(T.after_plan(plan, titles)))
    else:
        add(T.NO_PLAN)
    add("")
    add("## What the audit found")
    add("")
    add(md(T.findings_line(doc["finding_counts"])))
    open_line = T.open_line(doc["open_counts"])
    if open_line:
        add(md(open_line))
    add("")


def _full_body(doc: dict, titles: dict, add) -> None:
    threats = [t["id"] for t in doc["threats"]]
    add("## Tools")
    add("")
    if doc["tools"]:
        rows = [
            [md(t["name"]), md(t["catalog_name"] or t["category"] or "own entry")]
            + [str(t["scores"][th]) for th in threats]
            + [str(t["findings"])]
            for t in doc["tools"]
        ]
        add(table(rows, ["Tool", "What it is"] + [md(titles[t]) for t in threats] + ["Findings"]))
        add("")
        add("Scores per tool use the same 0-100 scale, counting only that tool's findings.")
        noted = [t for t in doc["tools"] if t["notes"].strip()]
        if noted:
            add("")
            add("Notes:")
            add("")
            for t in noted:
                add(f"- **{md(t['name'])}**: {md(t['notes'])}")
    else:
        add("No tools listed yet.")
    if doc["group_notes"].strip():
        add("")
        add(f"Notes about the group: {md(doc['group_notes'])}")
    add("")

    add("## What exists to be exposed")
    add("")
    add("Data you do not hold cannot be subpoenaed, leaked or reported. This is what the group holds, where it lives, "
        "how long it stays there and how many people can see it.")
    add("")
    exp = doc["exposure"]
    rows = []
    for k in exp["kinds"]:
        for i, w in enumerate(k["tools"]):
            rows.append([md(k["label"]) if i == 0 else "", md(w["tool_name"]), md(T.answer_with_origin(w["retention"])), md(T.answer_with_origin(w["people"]))])
    if rows:
        add(table(rows, ["Kind of data", "Where it lives", "How long it stays", "Who can see it"]))
    else:
        add("No tool is recorded as holding any of the kinds of data asked about.")
    if exp["unknown_contents"]:
        add("")
        names = ", ".join(md(u["tool_name"]) for u in exp["unknown_contents"])
        add(f"Not known what goes into: {names}. Until answered, these count as holding everything.")
    add("")

    findings = doc["findings"]
    add(f"## Findings ({len(findings)})")
    add("")
    if not findings:
        add("No rule found anything. That still does not mean safe (see the note at the top).")
        add("")
    for i, f in enumerate(findings, 1):
        add(f"### {i}. {md(f['title'])} ({md(f['tool_name'])})")
        add("")
        pts = ", ".join(f"{md(titles.get(t, t))} +{p:g} points" for t, p in f["points"].items())
        add(f"- **Adds**: {pts} ({T.SEVERITY.get(f['severity'], f['severity'])}; rule {md(f['rule'])})")
        add(f"- **Why it matters**: {md(f['reason'])}")
        if f["triggers"]:
            add("- **Because of these answers**:")
            for t in f["triggers"]:
                add(f"  - {md(T.trigger_text(t))}")
        if f["uncertain"]:
            add("- **Uncertain**: this fires because of \"don't know\" answers; answering them may clear it.")
        if f["amplified_by"]:
            add("- **Weighs more because**: " + "; ".join(md(x) for x in f["amplified_by"]))
        add("- **Source**: " + "; ".join(md(s) for s in f["sources"]))
        add("")

    plan = doc["plan"]
    add("## Minimization plan")
    add("")
    if plan["proposals"]:
        add("Ranked by risk removed per effort; collecting less, keeping less and fewer people come before new tools. "
            "Score changes are measured by re-scoring with the change made.")
        add("")
        rows = [
            [
                str(p["rank"]),
                md(p["tool_name"]),
                md(p["title"] + (f": {p['detail']}" if p["detail"] else "")),
                md("; ".join(T.change_text(c) for c in p["changes"])),
                md(p["kind_label"]),
                p["effort"],
                md(T.score_change_text(p, titles)),
                "yes" if p["agreed"] else "",
            ]
            for p in plan["proposals"]
        ]
        add(table(rows, ["#", "Where", "Change", "Answer becomes", "Kind", "Effort", "Scores lower by", "Agreed"]))
        add("")
        rows = [[md(titles[t]), str(doc["threats"][i]["score"]), str(plan["after_agreed"][t]), str(plan["after_plan"][t])] for i, t in enumerate(threats)]
        add("Projected scores if the plan is carried out:")
        add("")
        add(table(rows, ["Threat", "Now", T.agreed_heading(plan["agreed"]), "After the whole plan"]))
    else:
        add("No changes are proposed: no rule found something the group could collect, keep or share less of.")
    add("")

    add("## Still open: \"don't know\" and unanswered")
    add("")
    if doc["open_questions"]:
        add("These count as exposure until answered; answering them may lower scores or clear findings.")
        add("")
        rows = [[md(o["tool_name"]), md(o["prompt"]), STATUS_WORDS[o["status"]]] for o in doc["open_questions"]]
        add(table(rows, ["Where", "Question", "Status"]))
    else:
        add("Every question has an answer.")
    add("")
