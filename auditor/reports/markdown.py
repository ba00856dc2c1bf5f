"""The report as Markdown: readable as plain text and on a forge.

User-entered text (tool names, notes, titles, and the group's own rule text)
is flattened to one line and has Markdown's active characters escaped, so a
tool called ``Slack [free tier] | pipe`` stays literal and cannot break a table.
"""

from __future__ import annotations

import re

from auditor.i18n import _

from . import text as T
from . import stamp, vocab
from .document import CAVEAT_BODY, CAVEAT_HEAD, card_sections, cycle_label, threat_titles
from .inventory import grouped_open_questions, status_words

_ACTIVE = re.compile(r"[\\`*\[\]<>|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md(value: object) -> str:
    """Literal inline text: one line, Markdown's active characters escaped.

    Underscores inside a word (``mandated_reporters``) cannot start emphasis, so they stay as they are.
    """
    return _ACTIVE.sub(lambda m: "\\" + m.group(0), T.flat(value))


def mu(value: object) -> str:
    """User text (a tool name, a note, the title): literal like ``md`` and isolated, so a right-to-left
    name never reorders the sentence around it."""
    return T.isolate(md(value))


def table(rows: list[list], headers: list[str]) -> str:
    """A pipe table without padding: a padded column is as wide as its longest cell, so one long plan item made
    every line of its table 1,600 characters of spaces. Cells are already escaped (``md``): no bare ``|``."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _h in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(doc: dict) -> str:
    summary = doc["report"] == "summary"
    titles = threat_titles(doc)
    out: list[str] = []
    add = out.append
    if stamp.markdown(doc):  # an HTML comment: invisible once rendered, read by `auditor forget`
        add(stamp.markdown(doc).rstrip("\n"))
    add(f"**{md(doc['confidential'])}**")
    add("")
    if summary:  # names no group: the summary is made to leave it
        add("# " + _("Threat assessment summary"))
    else:
        add("# " + _("Threat assessment report: {title}").format(title=mu(doc['audit']['title'] or _('untitled audit'))))
    add("")
    meta = [_("Shareable summary") if summary else _("Full report"), doc["date"]]
    if doc["audit"]["cycle"] is not None:
        meta.append(_("cycle {n}").format(n=doc['audit']['cycle']))
    meta.append(_("{n} tools").format(n=doc['audit']['tools']))
    add(" · ".join(meta))
    add("")

    _start_here(doc, titles, add, summary)

    add("## " + _("Scores per threat"))
    add("")
    rows = [
        [md(t["title"]), str(t["score"]), vocab.level(t["level"]), T.projected(t["after_agreed"]), T.projected(t["after_plan"])]
        for t in doc["threats"]
    ]
    add(table(rows, [_("Threat"), _("Score (0-100)"), _("Level"), _("After agreed changes"), _("After the whole plan")]))
    add("")
    for t in doc["threats"]:
        add(f"- **{md(t['title'])}**: {md(t['summary'])}")
    add("")
    add(md(doc["scale"]) + " " + _("A projection is never a promise of zero: see what remains."))
    add("")

    if doc["history"]:
        _history(doc, titles, add)

    if summary:
        _summary_body(doc, titles, add)
    else:
        _full_body(doc, titles, add)
    _method(doc, titles, add, summary)

    add("## " + _("About this report"))
    add("")
    versions = ", ".join(f"{md(k)} {md(v)}" for k, v in doc["ruleset"]["rulesets"].items())
    add(_("Scored by auditor {version} with the rules {rules} (fingerprint {fingerprint}).").format(
        version=md(doc['auditor']), rules=versions, fingerprint=md(doc['ruleset']['fingerprint'])))
    add(_("Every point of every score comes from a finding: a rule, the answers that triggered it and a reason with its source."))
    if not summary:
        add(_("This full report maps the group's tools and practices: keep it private, like the audit file itself."))
    add("")
    return "\n".join(out)


def _start_here(doc: dict, titles: dict, add, summary: bool) -> None:
    sh = doc["start_here"]
    add("## " + _("Start here"))
    add("")
    add(md(sh["most_exposed"]))
    add("")
    if sh["top"]:
        add(f"**{md(T.top_heading(doc))}:**")
        add("")
        if summary:
            for line in T.top_lines(sh["top"], titles):
                add(f"- {md(line)}")
            if T.top_deletes(doc):
                add("")
                add(f"**{md(_(T.LEGAL_HOLD))}**")
        else:
            for i, item in enumerate(sh["top"], 1):
                tool = mu(item['tool_name']) if item["copies"] <= 1 else md(T.copies_text(item))
                tracking = f" ({md(T.action_text(item['action']))})" if item["action"] else ""
                add(_("{i}. **{title}** ({tool}; plan item #{rank}): {changes}. {effort}; lowers {lowers}.").format(
                    i=i, title=md(item['title']), tool=tool, rank=item['rank'], changes=md('; '.join(item['change_words'])),
                    effort=vocab.effort(item['effort']).capitalize(), lowers=md(T.lowers_text(item, titles))) + tracking)
            if T.top_deletes(doc):
                add("")
                add(f"**{md(_(T.LEGAL_HOLD))}**")
        closed = T.closed_lines(doc)
        if closed:
            add("")
            for label, words in closed:
                add(f"- **{md(label)}:** {md(words)}")
        add("")
        after = " · ".join(f"{md(titles[t])} {T.projected(v)}" for t, v in sh["after_top"].items())
        now = " · ".join(f"{md(t['title'])} {t['score']}" for t in doc["threats"])
        add(_("**After these {n}:** {after} (now: {now}).").format(n=len(sh['top']), after=after, now=now))
    else:
        add(_(T.NO_PLAN))
    add("")
    add(_("**What remains:**"))
    add("")
    for r in doc["residual"]["items"]:
        holder = f" ({mu(r['holder'])})" if r["holder"] and not summary else ""
        add(f"- **{md(r['title'])}**{holder}: {md(r['why'])}")
    add(f"> {md(T.remains_text(doc))}")
    add("")
    add(f"> **{md(_(CAVEAT_HEAD))}** {md(_(CAVEAT_BODY))}")
    add("")
    if summary:
        add(md(doc["summary_note"]))
        add("")


def _history(doc: dict, titles: dict, add) -> None:
    h = doc["history"]
    add("## " + _("Since last cycle"))
    add("")
    labels = [cycle_label(c) for c in h["cycles"]] + [_("Now")]
    rows = []
    for t, change in zip(doc["threats"], h["since_last"]):
        past = [str(c["scores"].get(t["id"], "-")) for c in h["cycles"]]
        rows.append([md(t["title"])] + past + [str(h["current"]["scores"][t["id"]]), T.history_direction(change)])
    add(table(rows, [_("Threat")] + [md(x) for x in labels] + [_("Change since last cycle")]))
    add("")
    add(_("Lower is less exposed."))
    if h["rules_changed"]:
        add(_(T.RULES_CHANGED))
    line = T.actions_line(doc["actions"])
    if line:
        add(line)
    add("")


def _summary_body(doc: dict, titles: dict, add) -> None:
    plan = doc["plan"]
    add("## " + _("What the plan proposes"))
    add("")
    if plan["count"]:
        add(md(T.plan_intro(plan)) + " " + _("By kind:"))
        add("")
        add(table([[md(k["label"]), T.plan_kind_text(k)] for k in plan["kinds"]], [_("Kind of change"), _("How many")]))
        add("")
        add(md(T.after_plan(plan, titles)))
    else:
        add(_(T.NO_PLAN))
    if not doc["history"]:
        line = T.actions_line(doc["actions"])
        if line:
            add("")
            add(line)
    add("")
    add("## " + _("What the audit found"))
    add("")
    add(md(T.findings_line(doc["finding_counts"])) + " " + md(T.by_threat_line(doc["finding_counts"]["by_threat"], titles)))
    open_line = T.open_line(doc["open_counts"])
    if open_line:
        add(md(open_line))
    add("")


BLANK = "\\_" * 12  # a line to write on when printed (escaped: not emphasis)


def _action_plan(doc: dict, add) -> None:
    rows = doc["action_plan"]
    if not rows:
        return
    add("## " + _("Action plan"))
    add("")
    add(md(_(T.ACTION_PLAN_NOTE)))
    add("")
    body = []
    for r in rows:
        status = vocab.status(r["status"]) + (" **" + _("overdue") + "**" if r["overdue"] else "")
        if r["reason"]:
            status += f" ({mu(r['reason'])})"
        body.append([f"#{r['rank']} {md(r['title'])} ({mu(r['tool_name'])})", status,
                     mu(r["role"]) if r["role"] else BLANK, md(r["due"]) if r["due"] else BLANK])
    add(table(body, [_("Plan item"), _("Status"), _("Who (a role)"), _("By when")]))
    add("")


def _full_body(doc: dict, titles: dict, add) -> None:
    threats = [t["id"] for t in doc["threats"]]
    plan = doc["plan"]
    add("## " + _("The plan"))
    add("")
    if plan["proposals"]:
        add(_("Ranked by risk removed per effort; collecting less, keeping less and fewer people come before new tools. "
              "The threat columns show the scores once this change and every one above it are made (running projection), "
              "with what this change lowers in brackets."))
        add("")
        rows = [
            [
                str(p["rank"]),
                md(p["title"]) + f" ({mu(p['tool_name'])}): " + md(p["detail"])
                + (f" ({md('; '.join(p['change_words']))})" if p["change_words"] else ""),
                vocab.effort(p["effort"]),
            ]
            + [T.running_cell(p, t) for t in threats]
            + [md(T.action_text(p["action"]))]
            for p in plan["proposals"]
        ]
        add(table(rows, ["#", _("Change"), _("Effort")] + [md(titles[t]) for t in threats] + [_("Status")]))
        add("")
        add(_("\"{not_measured}\": the rules find nothing left, but what remains (carriers' logs, devices, testimony) "
              "is not measured yet; see what remains.").format(not_measured=_(T.NOT_MEASURED)))
    else:
        add(_(T.NO_PLAN))
    add("")

    _action_plan(doc, add)
    cards = doc["cards"]
    add("## " + _("Findings ({n} rules, ranked by weight)").format(n=len(cards)))
    add("")
    if not cards:
        add(_("No rule found anything. That still does not mean safe (see the note at the top)."))
        add("")
    full, minor, elsewhere = card_sections(cards)
    for c in full:
        pts = ", ".join(f"{md(titles.get(t, t))} +{vocab.points(p)}" for t, p in c["points"].items())
        fixed = ", ".join(f"#{r}" for r in c["fixed_by"]) or _("no plan item yet")
        if c["unfixed_why"]:
            fixed += f" ({md(c['unfixed_why'])})"
        add(f"### {c['rank']}. {md(c['title'])}")
        add("")
        add(_("{severity} · adds {points} points · rule {rule} · fixed by {fixed}").format(
            severity=vocab.severity(c['severity']).capitalize(), points=pts, rule=md(c['rule']), fixed=fixed))
        add("")
        groups = T.where_groups(c)
        for w in groups[:T.SHOWN_PLACES]:
            unsure = _(" (uncertain: a \"don't know\" answer)") if w["uncertain"] else ""
            add(f"- **{md(T.places_text(w['names']))}**{unsure}: {md(w['because'])}")
        rest = sum(len(w["names"]) for w in groups[T.SHOWN_PLACES:])
        if rest:
            add("- " + md(_("and {n} more places, for other answers (the CSV lists every one)").format(n=rest)))
        add(_("- **Why it matters**: {reason}").format(reason=md(c['reason'])))
        if c["amplified_by"]:
            add(_("- **Weighs more because**: ") + md(T.sentences(c["amplified_by"])))
        add(_("- **Source**: ") + "; ".join(md(s) for s in c["sources"]))
        add("")
    if minor:
        add("### " + _("Smaller findings"))
        add("")
        for c in minor:
            where = ", ".join(mu(w["tool_name"]) for w in c["where"])
            pts = ", ".join(f"{md(titles.get(t, t))} +{vocab.points(p)}" for t, p in c["points"].items() if p)
            add(f"- {md(c['rule'])} {md(c['title'])} ({where}): {pts}. {md(c['reason'])}")
        add("")
    if elsewhere:
        names = "; ".join(f"{md(x['rule'])} {md(x['title'])}" for x in elsewhere)
        add(_("Also found, adding no points because a rule above already counts the same exposure: {names}.").format(names=names))
        add("")

    add("## " + _("Tools and the group's practices"))
    add("")
    add(_("Points per threat from each tool and from the group's own practices; together they make each threat's total, "
          "and the total makes the score."))
    add("")
    rows = [
        [mu(t["name"]), md(t["catalog_name"] or t["category"] or _("own entry"))] + [vocab.points(t['points'][th]) for th in threats] + [str(t["findings"])]
        for t in doc["tools"]
    ]
    g = doc["group_practices"]
    rows.append([md(g["name"]), _("not tied to one tool")] + [vocab.points(g['points'][th]) for th in threats] + [str(g["findings"])])
    rows.append([_("**Total points**"), ""] + [vocab.points(t['points']) for t in doc["threats"]] + [""])
    rows.append([_("**Score (0-100)**"), _("from the total points")] + [str(t["score"]) for t in doc["threats"]] + [""])
    add(table(rows, [_("Where"), _("What it is")] + [md(titles[t]) for t in threats] + [_("Rules")]))
    noted = [t for t in doc["tools"] if t["notes"].strip()]
    if noted:
        add("")
        add(_("Notes:"))
        add("")
        for t in noted:
            add(f"- **{mu(t['name'])}**: {mu(t['notes'])}")
    if doc["group_notes"].strip():
        add("")
        add(_("Notes about the group: {notes}").format(notes=mu(doc['group_notes'])))
    add("")

    add("## " + _("What exists to be exposed"))
    add("")
    add(_("Data you do not hold cannot be subpoenaed, leaked or reported. This is what the group holds, where it lives, "
          "how long it stays there and how many people can see it."))
    add("")
    exp = doc["exposure"]
    rows = [
        [mu(w["tool_name"]), md("; ".join(w["kinds"])), md(T.answer_with_origin(w["retention"])), md(T.answer_with_origin(w["people"]))]
        for w in exp["by_tool"]
    ]
    if rows:
        add(table(rows, [_("Where it lives"), _("What it holds"), _("How long it stays"), _("Who can see it")]))
    else:
        add(_("No tool is recorded as holding any of the kinds of data asked about."))
    if exp["unknown_contents"]:
        add("")
        names = ", ".join(mu(u["tool_name"]) for u in exp["unknown_contents"])
        add(_("Not known what goes into: {names}. Until answered, these count as holding everything.").format(names=names))
    add("")

    add("## " + _("Still open: \"don't know\" and unanswered"))
    add("")
    if doc["open_questions"]:
        add(_("These count as exposure until answered; answering them may lower scores or clear findings."))
        add("")
        rows = [[md(o["prompt"]), status_words(o["status"]), "; ".join(mu(n) for n in o["places"])]
                for o in grouped_open_questions(doc["open_questions"])]
        add(table(rows, [_("Question"), _("Status"), _("Where")]))
    else:
        add(_("Every question has an answer."))
    add("")


def _method(doc: dict, titles: dict, add, summary: bool) -> None:
    m = doc["method"]
    add("## " + (_("How to read this") if summary else _("Method")))
    add("")
    scales = ", ".join(f"{md(titles.get(t, t))} {v:g}" for t, v in m["scales"].items())
    add(_("**How scores work.** {scoring} Scales: {scales}.").format(scoring=md(m['scoring']), scales=scales))
    add("")
    add(_("**What \"don't know\" does.** {text}").format(text=md(m['dont_know'])))
    add("")
    if not summary:
        add(_("**How the plan is measured.** {text}").format(text=md(m['plan'])))
        add("")
        add(_("**What residual means.** {text}").format(text=md(m['residual'])))
        add("")
        add("### " + _("Rules that fired, with their sources"))
        add("")
        for r in m["rules"]:
            add(_("- **{rule}** {title} ({severity}). Source: ").format(rule=md(r['rule']), title=md(r['title']), severity=vocab.severity(r['severity']))
                + "; ".join(md(s) for s in r["sources"]))
        add("")
        add("### " + _("Glossary"))
        add("")
        for g in m["glossary"]:
            add(f"- **{md(g['term'])}**: {md(g['meaning'])}")
        add("")
