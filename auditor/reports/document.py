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
from auditor.content.model import KIND_LABELS, KIND_ORDER
from auditor.engine.assessment import Assessment, assessment_dict
from auditor.engine.scoring import LEVELS

from . import inventory

REPORT_FORMAT = 1

CAVEAT_HEAD = "A low score is not the same as safe."
CAVEAT_BODY = (
    "Scores count only the risks these rules know about, judged from "
    "the answers given; a \"don't know\" counts as exposure, but anything nobody mentioned counts as nothing. "
    "One record in the wrong hands can still hurt someone, whatever the number says."
)
CAVEAT = f"{CAVEAT_HEAD} {CAVEAT_BODY}"

SUMMARY_NOTE = (
    "This is the shareable summary: scores and the plan in general terms. It leaves out which tools the group "
    "uses, the details of each finding and any notes."
)


def scale_text() -> str:
    """How to read a 0-100 score, from the level thresholds the scorer uses."""
    parts = []
    for i, (low, name) in enumerate(LEVELS):
        high = LEVELS[i + 1][0] - 1 if i + 1 < len(LEVELS) else 100
        parts.append(f"{name} ({low})" if low == high else f"{name} ({low}-{high})")
    return (
        "Each threat is scored from 0 to 100: " + ", ".join(parts) + ". A score measures how much exposure the rules "
        "found in the answers, not how likely harm is, and it never goes down when exposure goes up."
    )


def today() -> str:
    return _dt.date.today().isoformat()


def build(a: Assessment, summary: bool = False, *, date: str | None = None, source: str | Path | None = None) -> dict:
    base = assessment_dict(a, source=str(source or ""))
    audit = a.audit
    threats = list(base["threats"])
    after_all = base["projected"]["all_proposals"]
    after_agreed = base["projected"]["agreed_proposals"]
    open_qs = inventory.open_questions(audit, a.content)

    doc: dict[str, Any] = {
        "report_format": REPORT_FORMAT,
        "report": "summary" if summary else "full",
        "date": date or today(),
        "auditor": __version__,
        "audit": {
            "title": audit.title,
            "updated": audit.updated,
            "cycle": _int_or_none(audit.cycle.get("number")),
            "tools": len(audit.tools),
        },
        "ruleset": base["ruleset"],
        "caveat": CAVEAT,
        "scale": scale_text(),
        "threats": [
            {
                "id": t,
                "title": base["threats"][t]["title"],
                "summary": base["threats"][t]["summary"],
                "score": base["scores"][t]["score"],
                "level": base["scores"][t]["level"],
                "points": base["scores"][t]["points"],
                "after_agreed": after_agreed[t],
                "after_plan": after_all[t],
            }
            for t in threats
        ],
        "finding_counts": {
            "total": len({(f["rule"], f["tool"]) for f in base["findings"]}),
            "uncertain": len({(f["rule"], f["tool"]) for f in base["findings"] if f["uncertain"]}),
            "by_threat": {t: sum(1 for f in base["findings"] if t in f["points"]) for t in threats},
        },
        "open_counts": {
            status: sum(1 for o in open_qs if o["status"] == status) for status in ("dont_know", "catalog_unknown", "unanswered")
        },
        "history": _history(a, base, threats, date or today()),
    }
    if summary:
        doc["audit"]["file"] = ""
        doc["summary_note"] = SUMMARY_NOTE
        doc["plan"] = _plan_in_general(base)
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
            "findings": len({f["rule"] for f in base["findings"] if f["tool"] == tool["id"]}),
            "notes": audit.tool(tool["id"]).notes,
        }
        for tool in base["tools"]
    ]
    doc["exposure"] = inventory.exposure(audit, a.content)
    doc["findings"] = _grouped_findings(a.content, base["findings"])
    doc["plan"] = {
        "count": len(base["proposals"]),
        "agreed": sum(1 for p in base["proposals"] if p["agreed"]),
        "after_agreed": after_agreed,
        "after_plan": after_all,
        "proposals": [_proposal(a, p) for p in base["proposals"]],
    }
    doc["open_questions"] = open_qs
    return doc


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _category_label(a: Assessment, tool_id: str) -> str:
    cat = tool_category(a.audit.tool(tool_id), a.content)
    return a.content.categories.get(cat, cat or "") if cat else ""


def _trigger(content, t: dict) -> dict:
    out = {k: t[k] for k in ("question", "prompt", "value", "answer", "origin")}
    q = content.questions.get(t["question"])
    if q is not None and isinstance(t["value"], list) and t["value"]:
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


def _proposal(a: Assessment, p: dict) -> dict:
    q = a.content.questions
    return {
        "rank": p["rank"],
        "key": p["key"],
        "tool": p["tool"],
        "tool_name": p["tool_name"],
        "title": p["title"],
        "detail": p["detail"],
        "kind": p["kind"],
        "kind_label": p["kind_label"],
        "effort": p["effort"],
        "rules": list(p["rules"]),
        "changes": [
            {
                "question": c["question"],
                "prompt": q[c["question"]].prompt if c["question"] in q else "Which tool",
                "tool": c["tool"],
                "before": c["before"],
                "after": c["after"],
                "before_label": c["before_label"],
                "after_label": c["after_label"],
            }
            for c in p["changes"]
        ],
        "points_removed": dict(p["reduction"]),
        "score_reduction": dict(p["score_reduction"]),
        "agreed": p["agreed"],
    }


def _plan_in_general(base: dict) -> dict:
    kinds = []
    for kind in KIND_ORDER:
        props = [p for p in base["proposals"] if p["kind"] == kind]
        if props:
            kinds.append(
                {
                    "kind": kind,
                    "label": KIND_LABELS[kind],
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
    name = f"Cycle {c['cycle']}" if c.get("cycle") is not None else "Earlier"
    return f"{name} ({c['date']})" if c.get("date") else name


def threat_titles(doc: dict) -> dict[str, str]:
    return {t["id"]: t["title"] for t in doc["threats"]}
