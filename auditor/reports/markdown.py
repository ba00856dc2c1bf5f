"""The report as Markdown: readable as plain text and on a forge.

User-entered text (tool names, notes, titles, and the group's own rule text)
is flattened to one line and has Markdown's active characters escaped, so a
tool called ``Slack [free tier] | pipe`` stays literal and cannot break a table.
"""

from __future__ import annotations

import re

from tabulate import tabulate

from . import text as T
from . import stamp, vocab
from .document import CAVEAT_BODY, CAVEAT_HEAD, card_sections, cycle_label, threat_titles
from .inventory import STATUS_WORDS, grouped_open_questions

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
    if stamp.markdown(doc):  # an HTML comment: invisible once rendered, read by `auditor forget`
        add(stamp.markdown(doc).rstrip("\n"))
    add(f"**{md(doc['confidential'])}**")
    add("")
    add(f"# Threat assessment {kind}: {md(doc['audit']['title'] or 'untitled audit')}")
    add("")
    meta = ["Shareable summary" if summary else "Full report", doc["date"]]
    if doc["audit"]["cycle"] is not None:
        meta.append(f"cycle {doc['audit']['cycle']}")
    meta.append(f"{doc['audit']['tools']} tools")
    add(" · ".join(meta))
    add("")

    _start_here(doc, titles, add, summary)

    add("## Scores per threat")
    add("")
    rows = [
        [md(t["title"]), str(t["score"]), t["level"], T.projected(t["after_agreed"]), T.projected(t["after_plan"])]
        for t in doc["threats"]
    ]
    add(table(rows, ["Threat", "Score (0-100)", "Level", "After agreed changes", "After the whole plan"]))
    add("")
    for t in doc["threats"]:
        add(f"- **{md(t['title'])}**: {md(t['summary'])}")
    add("")
    add(md(doc["scale"]) + " A projection is never a promise of zero: see what remains.")
    add("")

    if doc["history"]:
        _history(doc, titles, add)

    if summary:
        _summary_body(doc, titles, add)
    else:
        _full_body(doc, titles, add)
    _method(doc, titles, add, summary)

    add("## About this report")
    add("")
    versions = ", ".join(f"{md(k)} {md(v)}" for k, v in doc["ruleset"]["rulesets"].items())
    add(f"Scored by auditor {md(doc['auditor'])} with the rules {versions} (fingerprint {md(doc['ruleset']['fingerprint'])}).")
    add("Every point of every score comes from a finding: a rule, the answers that triggered it and a reason with its source.")
    if not summary:
        add("This full report maps the group's tools and practices: keep it private, like the audit file itself.")
    add("")
    return "\n".join(out)


def _start_here(doc: dict, titles: dict, add, summary: bool) -> None:
    sh = doc["start_here"]
    add("## Start here")
    add("")
    add(md(sh["most_exposed"]))
    add("")
    if sh["top"]:
        add(f"**Do these first** ({len(sh['top'])} of {doc['plan']['count']} changes, most risk removed for the effort):")
        add("")
        if summary:
            for line in T.top_lines(sh["top"], titles):
                add(f"- {md(line)}")
        else:
            for i, item in enumerate(sh["top"], 1):
                add(f"{i}. **{md(item['title'])}** ({md(item['tool_name'])}; plan item #{item['rank']}): "
                    f"{md('; '.join(item['change_words']))}. {vocab.effort(item['effort']).capitalize()}; "
                    f"lowers {md(T.lowers_text(item, titles))}.")
            if any(T.deletes(item) for item in sh["top"]):
                add("")
                add(f"**{md(T.LEGAL_HOLD)}**")
        add("")
        after = " · ".join(f"{md(titles[t])} {T.projected(v)}" for t, v in sh["after_top"].items())
        add(f"**After these {len(sh['top'])}:** {after} (now: " + " · ".join(f"{md(t['title'])} {t['score']}" for t in doc["threats"]) + ").")
    else:
        add(T.NO_PLAN)
    add("")
    add("**What remains:**")
    add("")
    for r in doc["residual"]["items"]:
        holder = f" ({md(r['holder'])})" if r["holder"] and not summary else ""
        add(f"- **{md(r['title'])}**{holder}: {md(r['why'])}")
    add(f"> {md(T.remains_text(doc))}")
    add("")
    add(f"> **{md(CAVEAT_HEAD)}** {md(CAVEAT_BODY)}")
    add("")
    if summary:
        add(md(doc["summary_note"]))
        add("")


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
    line = T.actions_line(doc["actions"])
    if line:
        add(line)
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
    if not doc["history"]:
        line = T.actions_line(doc["actions"])
        if line:
            add("")
            add(line)
    add("")
    add("## What the audit found")
    add("")
    add(md(T.findings_line(doc["finding_counts"])) + " " + md(T.by_threat_line(doc["finding_counts"]["by_threat"], titles)))
    open_line = T.open_line(doc["open_counts"])
    if open_line:
        add(md(open_line))
    add("")


def _full_body(doc: dict, titles: dict, add) -> None:
    threats = [t["id"] for t in doc["threats"]]
    plan = doc["plan"]
    add("## The plan")
    add("")
    if plan["proposals"]:
        add("Ranked by risk removed per effort; collecting less, keeping less and fewer people come before new tools. "
            "The threat columns show the scores once this change and every one above it are made (running projection), "
            "with what this change lowers in brackets.")
        add("")
        rows = [
            [
                str(p["rank"]),
                md(p["title"]) + f" ({md(p['tool_name'])}): " + md(p["detail"])
                + (f" ({md('; '.join(p['change_words']))})" if p["change_words"] else ""),
                vocab.effort(p["effort"]),
            ]
            + [T.running_cell(p, t) for t in threats]
            + [md(T.action_text(p["action"]))]
            for p in plan["proposals"]
        ]
        add(table(rows, ["#", "Change", "Effort"] + [md(titles[t]) for t in threats] + ["Status"]))
        add("")
        add(f"\"{T.NOT_MEASURED}\": the rules find nothing left, but what remains (carriers' logs, devices, testimony) "
            "is not measured yet; see what remains.")
    else:
        add(T.NO_PLAN)
    add("")

    cards = doc["cards"]
    add(f"## Findings ({len(cards)} rules, ranked by weight)")
    add("")
    if not cards:
        add("No rule found anything. That still does not mean safe (see the note at the top).")
        add("")
    full, minor, elsewhere = card_sections(cards)
    for c in full:
        pts = ", ".join(f"{md(titles.get(t, t))} +{vocab.points(p)}" for t, p in c["points"].items())
        fixed = ", ".join(f"#{r}" for r in c["fixed_by"]) or "no plan item yet"
        add(f"### {c['rank']}. {md(c['title'])}")
        add("")
        add(f"{vocab.severity(c['severity']).capitalize()} · adds {pts} points · rule {md(c['rule'])} · fixed by plan items {fixed}")
        add("")
        for w in c["where"]:
            unsure = " (uncertain: a \"don't know\" answer)" if w["uncertain"] else ""
            add(f"- **{md(w['tool_name'])}**{unsure}: {md('; '.join(w['because']))}")
        add(f"- **Why it matters**: {md(c['reason'])}")
        if c["amplified_by"]:
            add("- **Weighs more because**: " + "; ".join(md(x) for x in c["amplified_by"]))
        add("- **Source**: " + "; ".join(md(s) for s in c["sources"]))
        add("")
    if minor:
        add("### Smaller findings")
        add("")
        for c in minor:
            where = ", ".join(md(w["tool_name"]) for w in c["where"])
            pts = ", ".join(f"{md(titles.get(t, t))} +{vocab.points(p)}" for t, p in c["points"].items() if p)
            add(f"- {md(c['rule'])} {md(c['title'])} ({where}): {pts}. {md(c['reason'])}")
        add("")
    if elsewhere:
        names = "; ".join(f"{md(x['rule'])} {md(x['title'])}" for x in elsewhere)
        add(f"Also found, adding no points because a rule above already counts the same exposure: {names}.")
        add("")

    add("## Tools and the group's practices")
    add("")
    add("Points per threat from each tool and from the group's own practices; together they make each threat's total, "
        "and the total makes the score.")
    add("")
    rows = [
        [md(t["name"]), md(t["catalog_name"] or t["category"] or "own entry")] + [vocab.points(t['points'][th]) for th in threats] + [str(t["findings"])]
        for t in doc["tools"]
    ]
    g = doc["group_practices"]
    rows.append([md(g["name"]), "not tied to one tool"] + [vocab.points(g['points'][th]) for th in threats] + [str(g["findings"])])
    rows.append(["**Total points**", ""] + [vocab.points(t['points']) for t in doc["threats"]] + [""])
    rows.append(["**Score (0-100)**", "from the total points"] + [str(t["score"]) for t in doc["threats"]] + [""])
    add(table(rows, ["Where", "What it is"] + [md(titles[t]) for t in threats] + ["Rules"]))
    noted = [t for t in doc["tools"] if t["notes"].strip()]
    if noted:
        add("")
        add("Notes:")
        add("")
        for t in noted:
            add(f"- **{md(t['name'])}**: {md(t['notes'])}")
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
    rows = [
        [md(w["tool_name"]), md("; ".join(w["kinds"])), md(T.answer_with_origin(w["retention"])), md(T.answer_with_origin(w["people"]))]
        for w in exp["by_tool"]
    ]
    if rows:
        add(table(rows, ["Where it lives", "What it holds", "How long it stays", "Who can see it"]))
    else:
        add("No tool is recorded as holding any of the kinds of data asked about.")
    if exp["unknown_contents"]:
        add("")
        names = ", ".join(md(u["tool_name"]) for u in exp["unknown_contents"])
        add(f"Not known what goes into: {names}. Until answered, these count as holding everything.")
    add("")

    add("## Still open: \"don't know\" and unanswered")
    add("")
    if doc["open_questions"]:
        add("These count as exposure until answered; answering them may lower scores or clear findings.")
        add("")
        rows = [[md(o["prompt"]), STATUS_WORDS[o["status"]], "; ".join(md(n) for n in o["places"])]
                for o in grouped_open_questions(doc["open_questions"])]
        add(table(rows, ["Question", "Status", "Where"]))
    else:
        add("Every question has an answer.")
    add("")


def _method(doc: dict, titles: dict, add, summary: bool) -> None:
    m = doc["method"]
    add("## How to read this" if summary else "## Method")
    add("")
    scales = ", ".join(f"{md(titles.get(t, t))} {v:g}" for t, v in m["scales"].items())
    add(f"**How scores work.** {md(m['scoring'])} Scales: {scales}.")
    add("")
    add(f"**What \"don't know\" does.** {md(m['dont_know'])}")
    add("")
    if not summary:
        add(f"**How the plan is measured.** {md(m['plan'])}")
        add("")
        add(f"**What residual means.** {md(m['residual'])}")
        add("")
        add("### Rules that fired, with their sources")
        add("")
        for r in m["rules"]:
            add(f"- **{md(r['rule'])}** {md(r['title'])} ({vocab.severity(r['severity'])}). Source: " + "; ".join(md(s) for s in r["sources"]))
        add("")
        add("### Glossary")
        add("")
        for g in m["glossary"]:
            add(f"- **{md(g['term'])}**: {md(g['meaning'])}")
        add("")
