"""What exists to be exposed, and what the group does not know yet.

Both are read straight from the audit (answers over catalog defaults, the same
way the rules see them); nothing here scores or explains anything.
"""

from __future__ import annotations

from typing import Any

from auditor.audits.model import ANSWERED, CATALOG, UNANSWERED, Audit, answer_origin, questions_for, tool_category
from auditor.content.model import UNKNOWN, Content
from auditor.i18n import N_, _, ngettext

DATA_KINDS = "data_kinds"
RETENTION = "retention"
PEOPLE = "people_with_access"

ORIGIN_WORDS = {ANSWERED: N_("your answer"), CATALOG: N_("catalog default"), UNANSWERED: N_("not answered")}


def people_label(value: Any) -> str:
    if value == UNKNOWN or value is None:
        return _("don't know")
    if isinstance(value, int) and not isinstance(value, bool):
        return ngettext("{n} person", "{n} people", value).format(n=value)
    return str(value)


def _answer(audit: Audit, content: Content, tool, qid: str) -> dict:
    """One answer as the report shows it: value, plain label, and where it came from."""
    if qid not in content.questions:
        return {"value": UNKNOWN, "label": _("not asked"), "origin": UNANSWERED}
    q = content.questions[qid]
    if not q.asked_for(tool_category(tool, content)):
        return {"value": None, "label": _("not asked for this kind of tool"), "origin": "not_asked"}
    value, origin = answer_origin(tool, qid, audit, content)
    label = people_label(value) if qid == PEOPLE else q.label_of(value)
    return {"value": value, "label": label, "origin": origin}


def exposure(audit: Audit, content: Content) -> dict:
    """Each kind of data the group holds: where it lives, how long it stays, who can see it.

    Returns {"kinds": [{id, label, tools: [...]}], "unknown_contents": [{tool, tool_name, origin}]}.
    Kinds are listed in checklist order; tools in inventory order.
    """
    q = content.questions.get(DATA_KINDS)
    if q is None:
        return {"kinds": [], "unknown_contents": []}
    places: dict[str, list[dict]] = {c.id: [] for c in q.choices}
    unknown: list[dict] = []
    for tool in audit.tools:
        value, origin = answer_origin(tool, DATA_KINDS, audit, content)
        if value == UNKNOWN or not isinstance(value, list):
            unknown.append({"tool": tool.id, "tool_name": tool.name, "origin": origin})
            continue
        where = {
            "tool": tool.id,
            "tool_name": tool.name,
            "retention": _answer(audit, content, tool, RETENTION),
            "people": _answer(audit, content, tool, PEOPLE),
        }
        for kind in value:
            if kind in places:
                places[kind].append(dict(where))
    kinds = [{"id": c.id, "label": c.label, "tools": places[c.id]} for c in q.choices if places[c.id]]
    return {"kinds": kinds, "unknown_contents": unknown}


def open_questions(audit: Audit, content: Content) -> list[dict]:
    """Everything answered "don't know", left unanswered, or unknown to the catalog.

    status: "dont_know" (the group answered don't know), "catalog_unknown" (the
    catalog default is itself unknown) or "unanswered". All three count as
    exposure when scoring.
    """
    out: list[dict] = []

    def add(tool, q, value, origin) -> None:
        if origin == UNANSWERED:
            status = "unanswered"
        elif value == UNKNOWN:
            status = "catalog_unknown" if origin == CATALOG else "dont_know"
        else:
            return
        out.append(
            {
                "tool": tool.id if tool else None,
                "tool_name": tool.name if tool else _("the group as a whole"),
                "question": q.id,
                "prompt": q.prompt,
                "status": status,
            }
        )

    for q in content.profile_questions:
        value, origin = answer_origin(None, q.id, audit, content)
        add(None, q, value, origin)
    for tool in audit.tools:
        for q in questions_for(tool, content):
            value, origin = answer_origin(tool, q.id, audit, content)
            add(tool, q, value, origin)
    return out


def grouped_open_questions(open_qs: list[dict]) -> list[dict]:
    """One row per question and status, naming every place it is open: the same catalog gap on four tools is
    one line to act on, not four."""
    rows: dict[tuple[str, str], dict] = {}
    for o in open_qs:
        row = rows.setdefault((o["question"], o["status"]), {"prompt": o["prompt"], "status": o["status"], "places": []})
        row["places"].append(o["tool_name"])
    return list(rows.values())


STATUS_WORDS = {
    "dont_know": N_("answered \"don't know\""),
    "catalog_unknown": N_("not known (the catalog has no sourced answer)"),
    "unanswered": N_("not answered yet"),
}


def status_words(status: str) -> str:
    """An open question's status in words, in the chosen language."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status
