"""The report as CSV for spreadsheets: one file, one row per finding and per proposal.

A ``row_type`` column says which (``finding`` or ``proposal``); columns that do
not apply to a row are empty. The summary has no findings or tools, so its rows
are ``score`` (one per threat) and ``plan_kind`` (one per kind of change).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) get a leading apostrophe: tool names and
notes are user text.
"""

from __future__ import annotations

import csv
import io

from . import text as T
from .document import threat_titles

FULL_COLUMNS = [
    "row_type", "rank", "rule", "tool", "tool_name", "title", "threats", "points", "severity", "uncertain",
    "because", "reason", "sources", "kind", "effort", "changes", "score_reduction", "agreed",
]
SUMMARY_COLUMNS = ["row_type", "threat", "title", "score", "level", "after_agreed", "after_plan", "kind", "count", "agreed"]

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
    summary = doc["report"] == "summary"
    columns = SUMMARY_COLUMNS if summary else FULL_COLUMNS
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    rows = _summary_rows(doc) if summary else _full_rows(doc)
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buf.getvalue()


def _full_rows(doc: dict) -> list[dict]:
    titles = threat_titles(doc)
    rows = []
    for i, f in enumerate(doc["findings"], 1):
        rows.append(
            {
                "row_type": "finding",
                "rank": i,
                "rule": f["rule"],
                "tool": f["tool"] or "",
                "tool_name": T.flat(f["tool_name"]),
                "title": f["title"],
                "threats": "; ".join(titles.get(t, t) for t in f["points"]),
                "points": "; ".join(f"{titles.get(t, t)} +{p:g}" for t, p in f["points"].items()),
                "severity": f["severity"],
                "uncertain": f["uncertain"],
                "because": "; ".join(T.trigger_text(t) for t in f["triggers"]),
                "reason": f["reason"],
                "sources": "; ".join(f["sources"]),
            }
        )
    for p in doc["plan"]["proposals"]:
        rows.append(
            {
                "row_type": "proposal",
                "rank": p["rank"],
                "rule": "; ".join(p["rules"]),
                "tool": p["tool"] or "",
                "tool_name": T.flat(p["tool_name"]),
                "title": p["title"] + (f": {p['detail']}" if p["detail"] else ""),
                "threats": "; ".join(titles.get(t, t) for t in p["points_removed"]),
                "points": "; ".join(f"{titles.get(t, t)} -{v:g}" for t, v in p["points_removed"].items()),
                "kind": p["kind_label"],
                "effort": p["effort"],
                "changes": "; ".join(T.change_text(c) for c in p["changes"]),
                "score_reduction": T.score_change_text(p, titles),
                "agreed": p["agreed"],
            }
        )
    return rows


def _summary_rows(doc: dict) -> list[dict]:
    rows = [
        {
            "row_type": "score",
            "threat": t["id"],
            "title": t["title"],
            "score": t["score"],
            "level": t["level"],
            "after_agreed": t["after_agreed"],
            "after_plan": t["after_plan"],
        }
        for t in doc["threats"]
    ]
    rows += [
        {"row_type": "plan_kind", "kind": k["kind"], "title": k["label"], "count": k["count"], "agreed": k["agreed"]}
        for k in doc["plan"]["kinds"]
    ]
    return rows
