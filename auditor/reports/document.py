"""The report as one plain data structure; every format renders this.

Built from ``auditor.engine.assessment.assessment_dict`` (the same scores, findings and
proposals as ``auditor score --json``), plus what the report adds: what data
exists where, the open questions, the history across cycles, and the summary
view. Its shape is documented by ``auditor/schemas/report.schema.json``;
``REPORT_FORMAT`` changes whenever that shape changes incompatibly.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.audits.model import tool_category
from auditor.content.model import KIND_LABELS, KIND_ORDER, UNKNOWN
from auditor.engine.assessment import RESIDUAL_WHY, UNKNOWN_WHY, UNPLANNED_WHY, Assessment, assessment_dict, documented_label
from auditor.audits import actions
from auditor.engine.proposals import apply_plan
from auditor.engine.scoring import LEVELS, score
from auditor.i18n import N_, _

from . import inventory, vocab

REPORT_FORMAT = 3  # 3: the JSON writes shared text once (rules, questions, answers tables) and null for empty text
SCHEMA_ID = "auditor:report"

CAVEAT_HEAD = N_("A low score is not the same as safe.")
CAVEAT_BODY = N_(
    "Scores count only the risks these rules know about, judged from "
    "the answers given; a \"don't know\" counts as exposure, but anything nobody mentioned counts as nothing. "
    "One record in the wrong hands can still hurt someone, whatever the number says."
)


def caveat() -> str:
    return f"{_(CAVEAT_HEAD)} {_(CAVEAT_BODY)}"


CONFIDENTIAL = N_("Confidential \u2014 keep it among those who need it")

SUMMARY_NOTE = N_(
    "This is the shareable summary: scores and the plan in general terms. It leaves out which tools the group "
    "uses, the details of each finding, any notes and who took on which change."
)

TOP_ACTIONS = 5  # start here lists at most this many plan items (at least 3 when there are 3)

# What remains after any plan the group controls, in general: said whenever the engine has not measured it.
RESIDUAL_GENERAL = N_(
    "No plan reaches zero. Callers' phone companies keep their own call logs; members' phones and laptops can be "
    "seized; people who took part can be asked to testify; a provider the group keeps still holds its metadata. "
    "The plan lowers what the group holds, not these."
)
RESIDUAL_NOT_MEASURED = N_("What remains after the plan is not measured yet")


def scale_text() -> str:
    """How to read a 0-100 score, from the level thresholds the scorer uses."""
    parts = []
    for i, (low, name) in enumerate(LEVELS):
        high = LEVELS[i + 1][0] - 1 if i + 1 < len(LEVELS) else 100
        name = vocab.level(name)
        parts.append(f"{name} ({low})" if low == high else f"{name} ({low}-{high})")
    return _(
        "Each threat is scored from 0 to 100: {levels}. A score measures how much exposure the rules "
        "found in the answers, not how likely harm is, and it never goes down when exposure goes up."
    ).format(levels=", ".join(parts))


def isolate(text: str) -> str:
    """User text between Unicode isolates (FSI ... PDI): a right-to-left name never reorders the sentence around it."""
    return f"\u2068{text}\u2069"


def today() -> str:
    return _dt.date.today().isoformat()


def build(a: Assessment, summary: bool = False, *, date: str | None = None, source: str | Path | None = None) -> dict:
    base = assessment_dict(a, source=str(source or ""))
    audit = a.audit
    threats = list(base["threats"])
    titles = {t: base["threats"][t]["title"] for t in threats}
    after_all = base["projected"]["all_proposals"]
    after_agreed = base["projected"]["agreed_proposals"]
    open_qs = inventory.open_questions(audit, a.content)
    exposure = inventory.exposure(audit, a.content)
    proposals = [_proposal(a, p) for p in base["proposals"]]
    _running(a, proposals, threats)
    top = _to_do_first(proposals)
    after_top = _after(a, [k for item in top for k in item["keys"]] + [p["key"] for p in proposals if p["status"] == "done"], base, threats)
    residual = _residual_in_general(base, threats, titles) if summary else _residual(base, threats, titles)

    doc: dict[str, Any] = {
        "$schema": SCHEMA_ID,
        "report_format": REPORT_FORMAT,
        "report": "summary" if summary else "full",
        "date": date or today(),
        "auditor": __version__,
        "confidential": _(CONFIDENTIAL),
        "audit": {
            # `auditor forget` matches reports on the id (every format stamps it). The summary carries none of
            # these: it is made to leave the group, so nothing in it may tell whose audit it was.
            "id": None if summary else audit.id or None,
            "title": "" if summary else audit.title,
            "updated": "" if summary else audit.updated,
            "cycle": _int_or_none(audit.cycle.get("number")),
            "tools": len(audit.tools),
        },
        "ruleset": base["ruleset"],
        "caveat": caveat(),
        "scale": scale_text(),
        "vocabulary": vocab.table(),
        "threats": [
            {
                "id": t,
                "title": base["threats"][t]["title"],
                "short": base["threats"][t]["short"],
                "summary": base["threats"][t]["summary"],
                "score": base["scores"][t]["score"],
                "level": base["scores"][t]["level"],
                "points": base["scores"][t]["points"],
                "after_agreed": after_agreed[t],
                "after_top": after_top[t],
                "after_plan": after_all[t],
            }
            for t in threats
        ],
        "start_here": {
            "most_exposed": _most_exposed(a, exposure, base, threats, with_tools=not summary),
            "top": [_top_item(item, titles, general=summary) for item in top],
            "after_top": after_top,
            "to_do": sum(1 for p in proposals if p["status"] not in CLOSED),
            "tracked": _tracked_in_general(proposals) if summary else _tracked(proposals),
        },
        "residual": residual,
        "finding_counts": {
            "total": len({(f["rule"], f["tool"]) for f in base["findings"]}),
            "rules": len({f["rule"] for f in base["findings"]}),
            "uncertain": len({(f["rule"], f["tool"]) for f in base["findings"] if f["uncertain"]}),
            "by_threat": {t: sum(1 for f in base["findings"] if t in f["points"]) for t in threats},
        },
        "open_counts": {
            status: sum(1 for o in open_qs if o["status"] == status) for status in ("dont_know", "catalog_unknown", "unanswered")
        },
        "history": _history(a, base, threats, date or today()),
        "actions": _action_counts(proposals, audit),
    }
    if summary:
        doc["audit"]["file"] = ""
        doc["summary_note"] = _(SUMMARY_NOTE)
        doc["plan"] = _plan_in_general(base)
        doc["method"] = _method(a, base, threats, with_rules=False)
        return doc

    doc["audit"]["file"] = Path(source).name if source else ""
    doc["group_notes"] = audit.profile_notes
    doc["tools"] = [
        {
            "id": tool["id"],
            "name": tool["name"],
            "catalog": tool["catalog"],
            "catalog_name": a.content.catalog[tool["catalog"]].name if tool["catalog"] in a.content.catalog else "",
            "category": _category_label(a, tool["id"]),
            "scores": {t: tool["scores"][t]["score"] for t in threats},
            "points": {t: tool["scores"][t]["points"] for t in threats},
            "findings": len({f["rule"] for f in base["findings"] if f["tool"] == tool["id"]}),
            "notes": audit.tool(tool["id"]).notes,
        }
        for tool in base["tools"]
    ]
    doc["group_practices"] = _group_row(base, threats)
    doc["exposure"] = dict(exposure, by_tool=_exposure_by_tool(exposure))
    doc["findings"] = _grouped_findings(a.content, base["findings"])
    doc["cards"] = _cards(doc["findings"], proposals, base.get("remaining") or [], a.content)
    doc["plan"] = {
        "count": len(proposals),
        "agreed": sum(1 for p in proposals if p["status"] in vocab.COMMITTED),
        "after_agreed": after_agreed,
        "after_top": after_top,
        "after_plan": after_all,
        "proposals": proposals,
    }
    doc["action_plan"] = action_plan(proposals, doc["date"])
    doc["open_questions"] = open_qs
    doc["method"] = _method(a, base, threats, with_rules=True)
    return doc


def _exposure_by_tool(exposure: dict) -> list[dict]:
    """The same inventory turned around: each tool, the kinds of data it holds, how long, who can see them."""
    tools: dict[str, dict] = {}
    for k in exposure["kinds"]:
        for w in k["tools"]:
            t = tools.setdefault(w["tool"], {"tool": w["tool"], "tool_name": w["tool_name"], "kinds": [],
                                             "retention": w["retention"], "people": w["people"]})
            t["kinds"].append(_short(k["label"]))
    return list(tools.values())


def _running(a: Assessment, proposals: list[dict], threats: list[str]) -> None:
    """Each plan item's running projection (the assessment's): the scores once it and every item above it are done."""
    running = {item.key: item.running for item in a.plan}
    for p in proposals:
        p["running"] = {t: running[p["key"]][t] for t in threats}


CLOSED = ("done", "dropped", "accepted")  # tracked items Start here lists as such, never again as something to do


def _to_do_first(proposals: list[dict]) -> list[dict]:
    """The first plan items still to do (not done, not dropped), in plan order. One change on several copies of a
    tool (the same item on three sheets) is one line: its first copy, with the others in ``copies``."""
    groups: dict[tuple, dict] = {}
    for p in proposals:
        if p["status"] in CLOSED:
            continue
        same = (p["key"].partition(":")[2], p["title"]) if p["tool"] is not None else (p["key"],)
        if same in groups:
            groups[same]["copies"].append(p["tool_name"])
            groups[same]["keys"].append(p["key"])
        elif len(groups) < TOP_ACTIONS:
            groups[same] = dict(p, copies=[p["tool_name"]], keys=[p["key"]])
    return list(groups.values())


def _after(a: Assessment, keys: list[str], base: dict, threats: list[str]) -> dict[str, int]:
    """The scores once these plan items are carried out (measured by re-scoring, like every projection)."""
    if not keys:
        return {t: base["scores"][t]["score"] for t in threats}
    after = score(apply_plan(a.audit, list(dict.fromkeys(keys)), a.content), a.content)
    return {t: after.scores[t] for t in threats}


def _tracked(proposals: list[dict]) -> dict:
    """What the group has already closed: done items, dropped ones and accepted risks with the reason they gave."""
    return {
        status: [{"rank": p["rank"], "key": p["key"], "title": p["title"], "tool_name": p["tool_name"],
                  "reason": (p["action"] or {}).get("reason", "")} for p in proposals if p["status"] == status]
        for status in CLOSED
    }


OPEN = ("agreed", "in_progress")
UNTAKEN_SHOWN = 3  # the next items nobody has taken on, with blank who / by when (the full list is the plan)


def action_plan(proposals: list[dict], date: str) -> list[dict]:
    """The plan as a group tracks it: items taken on (overdue first, then by due date, then plan order), the next
    ones nobody has taken on yet (their who and by-when left blank, to fill in on paper), then what is closed."""
    def row(p: dict) -> dict:
        action = p["action"] or {}
        due = action.get("due", "")
        return {"rank": p["rank"], "key": p["key"], "title": p["title"], "tool_name": p["tool_name"], "status": p["status"],
                "role": action.get("role", ""), "due": due, "reason": action.get("reason", ""),
                "overdue": bool(due) and due < date and p["status"] in OPEN}
    taken = sorted((row(p) for p in proposals if p["status"] in OPEN), key=lambda r: (not r["overdue"], r["due"] or "9999", r["rank"]))
    untaken = [row(p) for p in proposals if p["status"] == "proposed"][:UNTAKEN_SHOWN]
    return taken + untaken + [row(p) for p in proposals if p["status"] in CLOSED]


def _tracked_in_general(proposals: list[dict]) -> dict:
    """The summary's: how many, never which (a title names a tool's practice, a reason is the group's own words)."""
    return {status: sum(1 for p in proposals if p["status"] == status) for status in CLOSED}


def _top_item(p: dict, titles: dict[str, str], general: bool) -> dict:
    """A start-here line. The summary's (``general``) names the kind of change only, never the tool or the item."""
    item = {
        "rank": p["rank"],
        "kind": p["kind"],
        "kind_label": p["kind_label"],
        "effort": p["effort"],
        "deletes": p["deletes"],
        "lowers": [t for t in p["points_removed"]],
        "score_reduction": dict(p["score_reduction"]),
        "running": dict(p["running"]),
        "status": p["status"],
        "copies": len(p["copies"]),
    }
    if not general:
        item.update({"key": p["key"], "keys": list(p["keys"]), "title": p["title"], "tool_name": p["tool_name"],
                     "tools": list(p["copies"]), "detail": p["detail"], "change_words": list(p["change_words"]),
                     "action": p["action"]})
    return item


def _most_exposed(a: Assessment, exposure: dict, base: dict, threats: list[str], with_tools: bool) -> str:
    """One plain sentence: the data held in the most places by the most people, and the threat it feeds most."""
    worst_threat = max(threats, key=lambda t: (base["scores"][t]["score"], -threats.index(t))) if threats else None
    threat_part = ""
    if worst_threat is not None and base["scores"][worst_threat]["score"] > 0:
        s = base["scores"][worst_threat]
        threat_part = " " + _("The highest exposure is to {threat} ({score} of 100, {level}).").format(
            threat=base['threats'][worst_threat]['title'].lower(), score=s['score'], level=vocab.level(s['level']))
    kinds = [k for k in exposure["kinds"] if k["id"] not in LOW_SENSITIVITY] or exposure["kinds"]
    if not kinds:
        if exposure["unknown_contents"]:
            n = len(exposure["unknown_contents"])
            return _("Nobody has said yet what goes into {n} of the group's tools, so the report treats them as holding everything.").format(n=n) + threat_part
        return _("No tool is recorded as holding personal data.") + threat_part

    def people(w: dict) -> int:
        v = w["people"]["value"]
        return v if isinstance(v, int) and not isinstance(v, bool) else 0

    retention = a.content.questions.get(inventory.RETENTION)

    def kept(w: dict) -> float:
        return retention.rank(w["retention"]["value"]) if retention is not None else 0

    kind = max(kinds, key=lambda k: (len(k["tools"]), max(people(w) for w in k["tools"]), -kinds.index(k)))
    longest = max(kind["tools"], key=kept)
    most = max(people(w) for w in kind["tools"])
    n = len(kind["tools"])
    where = _("{n} of the group's tools").format(n=n) if n > 1 else _("one of the group's tools")
    if with_tools:
        where += " (" + named_few([w["tool_name"] for w in kind["tools"]]) + ")"
    label = kind["label"].split(":")[0]
    seen = _(", and up to {n} people can see it").format(n=most) if most else ""
    kept_for = longest["retention"]["label"]
    kept_words = _(", kept {time}").format(time=kept_for[0].lower() + kept_for[1:]) if kept_for and kept_for != _("don't know") else _(", kept for an unknown time")
    return _("The most exposed data is {data}: it is held in {where}{kept}{seen}.").format(data=label.lower(), where=where, kept=kept_words, seen=seen) + threat_part


NAMED_TOOLS = 3  # a sentence names at most this many tools, then says how many more


def named_few(names: list[str], limit: int = NAMED_TOOLS) -> str:
    """Tool names for a sentence, each isolated: "A, B, C, D and 30 more" (a list of 35 names is no sentence)."""
    shown = ", ".join(isolate(n) for n in names[:limit])
    more = len(names) - limit
    return _("{names} and {n} more").format(names=shown, n=more) if more > 0 else shown


LOW_SENSITIVITY = {"logistics", "responder_identities"}
# Findings worth less than one high-severity rule get a line each after the cards, not a card: the report stays short.
MINOR_WEIGHT = 3.0


def card_sections(cards: list[dict]) -> tuple[list[dict], list[dict], list[dict]]:
    """(full cards, smaller findings, rules another rule already counts), as every printed format lays them out."""
    return (
        [c for c in cards if c["weight"] >= MINOR_WEIGHT],
        [c for c in cards if 0 < c["weight"] < MINOR_WEIGHT],
        [c for c in cards if c["weight"] <= 0],
    )
REMAINS_SHOWN = 6
# A finding no item offers to fix but that is gone once the plan is carried out: another change clears it.
CLEARED_ON_THE_WAY = N_("no item is about it, but the plan's other changes clear it")


REMAINS_MORE = N_("each is marked among the findings (remains, or rests on a \"don't know\")")
# What remains in the summary, by why it remains: category words that say nothing of what the group records.
REMAINS_KINDS = (
    (RESIDUAL_WHY, N_("Outside the group's control")),
    (UNKNOWN_WHY, N_("Resting on a \"don't know\"")),
    (UNPLANNED_WHY, N_("Not in the plan yet")),
)


def _residual_in_general(base: dict, threats: list[str], titles: dict[str, str]) -> dict:
    """The summary's "what remains": how many exposures remain for each reason and which threats they feed,
    never which rule or record (a finding's title says what the group writes down)."""
    items = []
    for why, label in REMAINS_KINDS:
        rows = [r for r in base.get("remaining") or [] if r.get("why") == _(why)]
        if rows:
            fed = [t for t in threats if any((r.get("points") or {}).get(t) for r in rows)]
            names = ", ".join(titles[t][:1].lower() + titles[t][1:] for t in fed)
            items.append({"title": _(label), "why": _("{n} exposures, feeding {threats}").format(n=len(rows), threats=names),
                          "threats": fed, "holder": ""})
    return _residual_frame(base, threats, items)


def _residual_frame(base: dict, threats: list[str], items: list[dict]) -> dict:
    after = base["projected"]["all_proposals"]
    return {
        "measured": bool(items) and all(after[t] > 0 for t in threats if t in after),
        "items": items,
        "general": _(RESIDUAL_GENERAL),
        "not_measured": [t for t in threats if after.get(t, 0) == 0],
    }


def _residual(base: dict, threats: list[str], titles: dict[str, str]) -> dict:
    """What remains after the whole plan, and why (the assessment's ``remaining``)."""
    raw = base.get("remaining")
    items = []
    if isinstance(raw, list):
        for r in raw:
            if not isinstance(r, dict):
                continue
            items.append(
                {
                    "title": str(r.get("title") or r.get("record") or r.get("rule") or ""),
                    "why": str(r.get("why") or r.get("reason") or ""),
                    "threats": [str(t) for t, v in (r.get("points") or {}).items() if v],
                    "holder": str(r.get("holder") or r.get("tool_name") or ""),
                    "weight": sum((r.get("points") or {}).values()),
                }
            )
    # The heaviest first, a handful on the first page; the rest are marked among the findings.
    items.sort(key=lambda i: -i.pop("weight", 0))
    if len(items) > REMAINS_SHOWN:
        more = len(items) - REMAINS_SHOWN
        items = items[:REMAINS_SHOWN] + [{"title": _("{n} more").format(n=more), "why": _(REMAINS_MORE), "threats": [], "holder": ""}]
    return _residual_frame(base, threats, items)


def _action_counts(proposals: list[dict], audit) -> dict:
    counts = {s: 0 for s in vocab.TRACKED}
    for p in proposals:
        if p["status"] in counts:
            counts[p["status"]] += 1
    # Items tracked earlier that are no longer in the plan (done, or their tool removed) still count.
    listed = {p["key"] for p in proposals}
    for key in audit.actions:
        if key not in listed:
            status = actions.status_of(audit, key)
            if status in counts:
                counts[status] += 1
    return counts


def _group_row(base: dict, threats: list[str]) -> dict:
    """The group's own practices as a row beside the tools: points from findings not tied to one tool."""
    pts = {t: 0.0 for t in threats}
    rules = set()
    for f in base["findings"]:
        if f["tool"] is None:
            for t, v in f["points"].items():
                pts[t] += v
            rules.add(f["rule"])
    return {"name": _("The group's practices"), "points": {t: round(v, 2) for t, v in pts.items()}, "findings": len(rules)}


def _cards(findings: list[dict], proposals: list[dict], remaining: list[dict], content) -> list[dict]:
    """One card per rule, listing the tools it hits, ranked by weight (points), linked to the plan items that fix it."""
    cards: dict[str, dict] = {}
    for f in findings:
        c = cards.get(f["rule"])
        if c is None:
            c = cards[f["rule"]] = {
                "rule": f["rule"],
                "title": f["title"],
                "severity": f["severity"],
                "weight": 0.0,
                "points": {},
                "uncertain": False,
                "where": [],
                "reason": f["reason"],
                "sources": list(f["sources"]),
                "amplified_by": [],
                "fixed_by": [],
            }
        for t, v in f["points"].items():
            c["points"][t] = round(c["points"].get(t, 0) + v, 2)
        c["weight"] = round(c["weight"] + sum(f["points"].values()), 2)
        c["uncertain"] = c["uncertain"] or f["uncertain"]
        c["where"].append(
            {
                "tool": f["tool"],
                "tool_name": f["tool_name"],
                "because": [because_words(t) for t in f["triggers"]],
                "uncertain": f["uncertain"],
            }
        )
        for x in f["amplified_by"]:
            _add_reason(c["amplified_by"], x)
    for c in cards.values():  # said as possible only where every tool's finding rests on a "don't know"
        if not all(w["uncertain"] for w in c["where"]):
            c["title"] = content.rule(c["rule"]).title
    for p in proposals:
        for rule in p["rules"]:
            c = cards.get(rule)
            if c is None:
                continue
            if p["tool"] is None or any(w["tool"] == p["tool"] for w in c["where"]):
                c["fixed_by"].append(p["rank"])
    # A card no plan item fixes says why (the heaviest finding of a politicized service once said nothing).
    why = {r.get("rule"): str(r.get("why") or "") for r in remaining if isinstance(r, dict)}
    for c in cards.values():
        c["unfixed_why"] = "" if c["fixed_by"] else why.get(c["rule"]) or _(CLEARED_ON_THE_WAY)
    ranked = sorted(cards.values(), key=lambda c: (-c["weight"], -vocab.severity_rank(c["severity"]), c["rule"]))
    for i, c in enumerate(ranked, 1):
        c["rank"] = i
    return ranked


GLOSSARY = (
    (N_("Threat"), N_("Something that could happen to the records or the people: subpoena, metadata, gossip, mandated reporters.")),
    (N_("Finding"), N_("A rule that fired: a practice or setting that adds exposure, with the answers that triggered it.")),
    (N_("Points"), N_("How much a finding adds to a threat. Points add up; the score turns the total into 0 to 100.")),
    (N_("Score"), N_("0 to 100 per threat. Higher means more exposure found, not more likely harm.")),
    (N_("Plan item"), N_("A change to the group's answers (collect less, keep less, fewer people), measured by re-scoring.")),
    (N_("Running projection"), N_("The scores once a plan item and every item above it are carried out.")),
    (N_("Residual"), N_("What no change the group controls removes: carriers' logs, seizable devices, testimony.")),
    (N_("Metadata"), N_("Who contacted whom, when and from where, kept even when what was said is encrypted.")),
    (N_("End-to-end encryption"), N_("Only the people in the conversation can read it; the provider cannot.")),
    (N_("Retention"), N_("How long a record stays before it is deleted.")),
    (N_("Catalog default"), N_("What the tool catalog says about a tool, with a source and a date, until the group answers.")),
    (N_("Don't know"), N_("An answer nobody could give yet. It counts as exposure until answered.")),
)


def _method(a: Assessment, base: dict, threats: list[str], with_rules: bool) -> dict:
    r = a.result
    method = {
        "scoring": _(
            "Each rule describes one way records or people are exposed. When the group's answers match it, the rule "
            "adds points to one or more threats; the same exposure counts once, however many rules describe it. "
            "A threat's points become a score from 0 to 100 that rises quickly at first and then levels off "
            "(score = 100 \u00d7 (1 \u2212 e^(\u2212points \u00f7 scale))), so it never reaches 100 and never goes down "
            "when exposure goes up. Beyond five tools the scale grows with the audit, as (tools \u00f7 5)^0.75: points add "
            "up over every tool, and without it a large audit would read 100 before and after any plan."
        ),
        "scales": {t: round(r.scales[t], 1) for t in threats},
        "dont_know": _(
            "A \"don't know\", an unanswered question or a fact the catalog cannot source counts as exposure: the "
            "rule assumes the risky answer and marks the finding uncertain. Answering lowers the score only if the "
            "answer is safer."
        ),
        "plan": _(
            "Each plan item is a change to answers. Its value is measured by re-scoring the audit with the change "
            "made; items are ranked by risk removed per effort, and collecting less, keeping less and fewer people "
            "come before new tools."
        ),
        "residual": _(RESIDUAL_GENERAL),
        "glossary": [{"term": _(t), "meaning": _(m)} for t, m in GLOSSARY],
    }
    if with_rules:
        fired = []
        for rule_id in dict.fromkeys(f["rule"] for f in base["findings"]):
            rule = a.content.rule(rule_id)
            fired.append({"rule": rule_id, "title": rule.title, "severity": rule.severity, "sources": [a.content.cite(s) for s in rule.sources]})
        method["rules"] = sorted(fired, key=lambda x: x["rule"])
    return method


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _category_label(a: Assessment, tool_id: str) -> str:
    cat = tool_category(a.audit.tool(tool_id), a.content)
    return a.content.categories.get(cat, cat or "") if cat else ""


def _trigger(content, t: dict) -> dict:
    out = {k: t[k] for k in ("question", "prompt", "value", "answer", "origin", "undocumented") if k in t}
    q = content.questions.get(t["question"])
    if q is not None and t.get("undocumented"):
        out["answer"] = documented_label(q, t["value"], t["undocumented"], sep="; ")
    elif q is not None and isinstance(t["value"], list) and t["value"]:
        # Choice labels contain commas; a semicolon keeps several of them readable.
        out["answer"] = "; ".join(q.label_of(v) for v in t["value"])
    return out


def _grouped_findings(content, findings: list[dict]) -> list[dict]:
    """One entry per rule and tool (assessment_dict has one per threat), points per threat."""
    grouped: dict[tuple, dict] = {}
    for f in findings:
        key = (f["rule"], f["tool"])
        if key not in grouped:
            grouped[key] = {
                "rule": f["rule"],
                "tool": f["tool"],
                "tool_name": f["tool_name"],
                "title": f["title"],
                "severity": f["severity"],
                "uncertain": f["uncertain"],
                "points": {},
                "reason": f["reason"],
                "sources": list(f["sources"]),
                "triggers": [dict(_trigger(content, t)) for t in f["triggers"]],
                "amplified_by": list(f["amplified_by"]),
            }
        grouped[key]["points"] = dict(f["points"])
    return list(grouped.values())


def _add_reason(reasons: list[str], new: str) -> None:
    """Add why a finding weighs more, once: a reason another already says in full ("The group supports
    migrants." beside "The group supports migrants, and immigration enforcement ...") is left out."""
    stem = new.rstrip(". ")
    if any(r.rstrip(". ").startswith(stem) for r in reasons):
        return
    reasons[:] = [r for r in reasons if not stem.startswith(r.rstrip(". "))] + [new]


def _proposal(a: Assessment, p: dict) -> dict:
    q = a.content.questions
    return {
        "rank": p["rank"],
        "key": p["key"],
        "tool": p["tool"],
        "tool_name": p["tool_name"],
        "title": p["title"],
        "detail": p["detail"],
        "deletes": p["deletes"],
        "check_first": p["check_first"],
        "kind": p["kind"],
        "kind_label": p["kind_label"],
        "effort": p["effort"],
        "rules": list(p["rules"]),
        "changes": [
            {
                "question": c["question"],
                "prompt": q[c["question"]].prompt if c["question"] in q else _("Which tool"),
                "tool": c["tool"],
                "before": c["before"],
                "after": c["after"],
                "before_label": c["before_label"],
                "after_label": c["after_label"],
            }
            for c in p["changes"]
        ],
        "change_words": [w for c in p["changes"] for w in [change_words(a, c)] if w],
        "points_removed": dict(p["reduction"]),
        "score_reduction": dict(p["score_reduction"]),
        "agreed": p["agreed"],
        "status": actions.status_of(a.audit, p["key"]),
        "action": actions.tracked(a.audit, p["key"]),
    }


def _short(label: str) -> str:
    """A choice label without its examples: "Who reached out: names, numbers" -> "who reached out"."""
    head = label.split(":")[0].strip()
    return head[:1].lower() + head[1:] if head[:2] != head[:2].upper() else head


def change_words(a: Assessment, c: dict) -> str:
    """One answer change in words, naming only what changes.

    A list loses or gains items ("no longer holds: contact details; location"); a choice or a
    number moves ("how long it stays: until deleted -> up to a week"); a switch names both tools.
    """
    qid = c["question"]
    if qid == "catalog":
        return _("switch from {before} to {after}").format(before=c['before_label'], after=c['after_label'])
    q = a.content.questions.get(qid)
    prompt = _(SUBJECTS[qid]) if qid in SUBJECTS else (text_prompt(q.prompt) if q is not None else qid)
    before, after = c["before"], c["after"]
    if q is not None and q.type == "multi" and isinstance(after, list):
        old = before if isinstance(before, list) else []
        removed = [v for v in old if v not in after]
        added = [v for v in after if v not in old]
        parts = []
        if before == UNKNOWN or not isinstance(before, list):
            return _("say what goes in: ") + "; ".join(_short(q.label_of(v)) for v in after) if after else _("keep nothing in it")
        if removed:
            verb = _("stop keeping") if qid == inventory.DATA_KINDS else _("no longer")
            parts.append(f"{verb}: " + "; ".join(_short(q.label_of(v)) for v in removed))
        if added:
            parts.append(_("add: ") + "; ".join(_short(q.label_of(v)) for v in added))
        return " \u2014 ".join(parts)
    b, f = c["before_label"], c["after_label"]
    if q is not None and q.type == "yesno":
        return f"{prompt} {b} \u2192 {f}"
    return f"{prompt}: {b} \u2192 {f}"


# What a changed answer is about, in a few words (a plan line names the subject, then the move).
SUBJECTS = {
    "retention": N_("how long records stay"),
    "disappearing": N_("disappearing messages"),
    "people_with_access": N_("people who can see it"),
    "mandated_with_access": N_("mandated reporters who can see it"),
    "link_sharing": N_("link sharing"),
    "location_capture": N_("captures location"),
    "recording": N_("records calls"),
    "cloud_backup": N_("cloud backup"),
    "shared_login": N_("one shared login"),
    "forwarding": N_("details forwarded or screenshotted"),
    "personal_accounts": N_("personal numbers or accounts"),
    "e2ee": N_("end-to-end encrypted"),
    "admin": N_("who administers it"),
    "data_kinds": N_("what goes in"),
    "contents": N_("what goes in"),
    "who_uses": N_("who uses it"),
    "provider_metadata": N_("what the provider keeps"),
    "legal_process": N_("handed over under legal process"),
    "phone_number_identity": N_("exposes phone numbers"),
    "serves": N_("who reaches out"),
    "mandated_reporters": N_("mandated reporters on the team"),
    "funding_strings": N_("funding with reporting strings"),
    "reporting_plan": N_("a plan for mandated reporters"),
    "work_mode": N_("above ground or underground"),
    "debrief_mode": N_("how the team debriefs"),
    "team_size": N_("people on the response team"),
    "confidentiality_agreement": N_("confidentiality agreed"),
    "confidentiality_training": N_("confidentiality training"),
    "recording_protocol": N_("a written protocol on what is recorded"),
    "retention_schedule": N_("a deletion schedule"),
    "offboarding": N_("access removed when people leave"),
    "legal_plan": N_("a plan for legal notices"),
    "confidentiality_limits_told": N_("callers told the limits of confidentiality"),
    "call_history": N_("call history kept on the phone"),
    "version_history": N_("earlier versions kept"),
    "retention_required": N_("a contract or law requires keeping it"),
    "kept_where": N_("where the notes are kept"),
    "licensed_on_calls": N_("licensed members take calls or sit in debriefs"),
    "posts_about_people": N_("public posts about people or responses"),
    "new_member_access": N_("when new members see details"),
    # Worked out from the answers (the method appendix says how): short, the card already names the tool.
    "record:stored_kinds": N_("what is stored"),
    "record:spoken_kinds": N_("what is said aloud"),
    "record:kept_for": N_("how long it stays"),
    "record:content_holder": N_("who holds it"),
    "record:provider_reads": N_("the provider can read it"),
    "record:readable_backup": N_("cloud backup"),
    "record:books": N_("the group's books"),
}


def because_words(t: dict) -> str:
    """A triggering answer, short: "how long records stay: until someone deletes it by hand (catalog default)"."""
    qid = t["question"]
    subject = _(SUBJECTS[qid]) if qid in SUBJECTS else text_prompt(t["prompt"])
    value = t["value"]
    if t.get("undocumented"):  # what the catalog documents, then what it does not (unknown)
        answer = t["answer"]
    elif isinstance(value, list):
        answer = "; ".join(_short(part) for part in t["answer"].split("; ")) if value else _("none")
    else:
        answer = t["answer"]
    origin = {"catalog": _(" (catalog default)"), "unanswered": _(" (not answered)")}.get(t["origin"], "")
    return f"{subject}: {answer}{origin}"


def text_prompt(prompt: str) -> str:
    """A question shortened for a plan line: no answering instructions, no trailing question mark."""
    for instruction in ("Choose all that apply.", _("Choose all that apply.")):
        prompt = prompt.replace(" " + instruction, "")
    return prompt.strip().rstrip("?").lstrip("¿")


def _plan_in_general(base: dict) -> dict:
    kinds = []
    for kind in KIND_ORDER:
        props = [p for p in base["proposals"] if p["kind"] == kind]
        if props:
            kinds.append(
                {
                    "kind": kind,
                    "label": _(KIND_LABELS[kind]),
                    "count": len(props),
                    "agreed": sum(1 for p in props if p["agreed"]),
                    "effort": {e: sum(1 for p in props if p["effort"] == e) for e in ("low", "medium", "high")},
                }
            )
    return {
        "count": len(base["proposals"]),
        "agreed": sum(1 for p in base["proposals"] if p["agreed"]),
        "after_agreed": base["projected"]["agreed_proposals"],
        "after_plan": base["projected"]["all_proposals"],
        "kinds": kinds,
    }


def _history(a: Assessment, base: dict, threats: list[str], date: str) -> dict | None:
    """Earlier cycles (from ``audit.extra["history"]``) and this one, and what changed since the last.

    History is written by the cycles helper but lives in a file people can
    edit, so anything malformed is skipped rather than trusted.
    """
    raw = a.audit.extra.get("history")
    if not isinstance(raw, list):
        return None
    cycles = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        scores = entry.get("scores") if isinstance(entry.get("scores"), dict) else {}
        ruleset = entry.get("ruleset") if isinstance(entry.get("ruleset"), dict) else {}
        fingerprint = ruleset.get("fingerprint")
        cycles.append(
            {
                "cycle": _int_or_none(entry.get("cycle")),
                "date": str(entry.get("date", "") or ""),
                "scores": {
                    t: round(scores[t])
                    for t in threats
                    if isinstance(scores.get(t), (int, float)) and not isinstance(scores.get(t), bool)
                },
                "fingerprint": fingerprint if isinstance(fingerprint, str) else "",
            }
        )
    if not cycles:
        return None
    number = _int_or_none(a.audit.cycle.get("number"))
    if number is None and cycles[-1]["cycle"] is not None:
        number = cycles[-1]["cycle"] + 1
    current = {
        "cycle": number,
        "date": (a.audit.updated or "")[:10] or date,
        "scores": {t: base["scores"][t]["score"] for t in threats},
        "fingerprint": base["ruleset"]["fingerprint"],
    }
    last = cycles[-1]
    changes = []
    for t in threats:
        before, now = last["scores"].get(t), current["scores"][t]
        change = None if before is None else now - before
        word = "not recorded" if change is None else "lower" if change < 0 else "higher" if change > 0 else "unchanged"
        changes.append({"threat": t, "before": before, "now": now, "change": change, "direction": word})
    return {
        "cycles": cycles,
        "current": current,
        "since_last": changes,
        "rules_changed": bool(last["fingerprint"]) and last["fingerprint"] != current["fingerprint"],
    }


def cycle_label(c: dict) -> str:
    """How a cycle is named in tables and charts: "Cycle 2 (2026-05-01)", "now"."""
    name = _("Cycle {n}").format(n=c['cycle']) if c.get("cycle") is not None else _("Earlier")
    return f"{name} ({c['date']})" if c.get("date") else name


def threat_titles(doc: dict) -> dict[str, str]:
    return {t["id"]: t["title"] for t in doc["threats"]}
