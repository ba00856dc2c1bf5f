"""The report as CSV for spreadsheets: one file, sortable.

A ``row_type`` column says what a row is: ``score`` (one per threat), then in
the full report ``finding`` (one per rule and tool, ``rank`` = the rule's rank
by weight) and ``proposal`` (one per plan item, ``rank`` = plan order); in the
summary ``plan_kind`` and ``top_action`` (no tools, notes or roles). A proposal row carries its plan
``key`` (what ``auditor action`` takes) and its tracking in ``status``, ``role``, ``due`` and
``status_reason``; ids sit in id columns (``kind``, ``status``, ``effort``) with words in ``kind_label``,
``title`` and the text columns. The file starts with a UTF-8 byte-order mark. Numbers are
numbers: ``points_<threat>`` (added by a finding, negative for what a proposal
removes), ``reduction_<threat>`` (score points a proposal removes),
``after_<threat>`` (the running projection), and ``severity_rank``,
``effort_rank``, ``status_rank``, ``level_rank`` sort in the order the words
mean (see ``reports/vocab.py``). ``uncertain`` is true for a finding that rests on a "don't know", and for a
proposal to find out first (its reduction is what it would remove if the answer is yes; never counted).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) get a leading apostrophe: tool names and
notes are user text.
"""

from __future__ import annotations

import csv
import io

from . import text as T
from . import stamp, vocab

# Ids in id columns (what a script matches on), the words a reader sees in ``*_label`` or text columns.
FIXED_COLUMNS = [
    "row_type", "rank", "key", "rule", "tool", "tool_name", "title", "severity", "severity_rank", "effort", "effort_rank",
    "kind", "kind_label", "status", "status_rank", "role", "due", "status_reason", "agreed", "uncertain", "score",
    "level", "level_rank",
]
TAIL_COLUMNS = ["changes", "because", "reason", "sources"]
# A UTF-8 byte-order mark first: without it LibreOffice's default import and Excel on Windows read the
# file as a legacy code page and show "â†’" for "→". Python reads it with encoding="utf-8-sig".
BOM = "\ufeff"


def columns(doc: dict) -> list[str]:
    """Fixed columns, then two numeric columns per threat (points added or removed, score reduction), then text."""
    per_threat = []
    for t in doc["threats"]:
        per_threat += [f"points_{t['id']}", f"reduction_{t['id']}", f"after_{t['id']}"]
    return FIXED_COLUMNS + per_threat + TAIL_COLUMNS + [stamp.CSV_COLUMN]


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f"{value:g}" if isinstance(value, float) else value
    value = str(value)
    return "'" + value if value.startswith(_FORMULA) else value


def render(doc: dict) -> str:
    buf = io.StringIO()
    cols = columns(doc)
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\r\n")
    writer.writeheader()
    rows = _score_rows(doc) + (_summary_rows(doc) if doc["report"] == "summary" else _full_rows(doc))
    audit_id = doc["audit"].get("id") or ""  # on every row: see reports/stamp.py
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in cols} | {stamp.CSV_COLUMN: audit_id})
    return BOM + buf.getvalue()


def _score_rows(doc: dict) -> list[dict]:
    """One row per threat: the score now (points_*, score) and projected after the whole plan (after_*)."""
    rows = []
    for i, t in enumerate(doc["threats"], 1):
        row = {
            "row_type": "score", "rank": i, "rule": t["id"], "title": t["title"], "score": t["score"],
            "level": t["level"], "level_rank": vocab.LEVEL_RANK.get(t["level"], 0),
            f"points_{t['id']}": t["points"], f"after_{t['id']}": t["after_plan"],
        }
        rows.append(row)
    return rows


def _full_rows(doc: dict) -> list[dict]:
    rows = []
    for c in doc["cards"]:
        for w in c["where"]:
            row = {
                "row_type": "finding", "rank": c["rank"], "rule": c["rule"], "tool": w["tool"] or "",
                "tool_name": T.flat(w["tool_name"]), "title": c["title"], "severity": c["severity"],
                "severity_rank": vocab.severity_rank(c["severity"]), "uncertain": w["uncertain"],
                "because": "; ".join(w["because"]), "reason": c["reason"], "sources": "; ".join(c["sources"]),
            }
            f = next((f for f in doc["findings"] if f["rule"] == c["rule"] and f["tool"] == w["tool"]), None)
            for t, v in (f["points"] if f else {}).items():
                row[f"points_{t}"] = v
            rows.append(row)
    for p in doc["plan"]["proposals"]:
        row = {
            "row_type": "proposal", "rank": p["rank"], "key": p["key"], "rule": "; ".join(p["rules"]), "tool": p["tool"] or "",
            "tool_name": T.flat(p["tool_name"]), "title": p["title"], "effort": p["effort"],
            "effort_rank": vocab.effort_rank(p["effort"]), "kind": p["kind"], "kind_label": p["kind_label"],
            "status": p["status"], "status_rank": vocab.status_rank(p["status"]),
            "role": (p["action"] or {}).get("role", ""), "due": (p["action"] or {}).get("due", ""),
            "status_reason": T.flat((p["action"] or {}).get("reason", "")), "changes": "; ".join(p["change_words"]),
            "uncertain": p["check_first"],  # find out or check first: its cut is what it would remove, never counted
            "reason": p["detail"],
        }
        for t in p["running"]:
            row[f"points_{t}"] = -p["points_removed"].get(t, 0) if p["points_removed"].get(t) else 0
            row[f"reduction_{t}"] = p["score_reduction"].get(t, 0)
            row[f"after_{t}"] = p["running"][t]
        rows.append(row)
    return rows


def _summary_rows(doc: dict) -> list[dict]:
    rows = []
    for i, k in enumerate(doc["plan"]["kinds"], 1):
        rows.append({"row_type": "plan_kind", "rank": i, "title": k["label"], "kind": k["kind"], "kind_label": k["label"],
                     "score": k["count"], "agreed": k["agreed"]})
    for item in doc["start_here"]["top"]:
        row = {"row_type": "top_action", "rank": item["rank"], "title": item["kind_label"], "kind": item["kind"],
               "kind_label": item["kind_label"], "effort": item["effort"], "effort_rank": vocab.effort_rank(item["effort"]),
               "status": item["status"], "status_rank": vocab.status_rank(item["status"])}
        for t, v in item["running"].items():
            row[f"reduction_{t}"] = item["score_reduction"].get(t, 0)
            row[f"after_{t}"] = v
        rows.append(row)
    return rows
