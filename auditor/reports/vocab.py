"""One vocabulary for severity, effort and action status, used by every report format.

Each term has an id (what JSON and the audit file store), a rank (what a
spreadsheet sorts by: higher is more severe, more effort, further along) and
the words a reader sees. Markdown, HTML, CSV and JSON all read this table, so a
"medium" effort is "some effort" everywhere.
"""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    id: str
    rank: int
    words: str


SEVERITY = {
    t.id: t
    for t in (
        Term("low", 1, "low severity"),
        Term("medium", 2, "medium severity"),
        Term("high", 3, "high severity"),
        Term("critical", 4, "critical severity"),
    )
}

EFFORT = {
    t.id: t
    for t in (
        Term("low", 1, "low effort"),
        Term("medium", 2, "some effort"),
        Term("high", 3, "a lot of effort"),
    )
}

# A plan item's status. "proposed" is the default: nobody has agreed it yet.
STATUS = {
    t.id: t
    for t in (
        Term("proposed", 0, "not agreed yet"),
        Term("agreed", 1, "agreed"),
        Term("in_progress", 2, "in progress"),
        Term("done", 3, "done"),
        Term("dropped", 4, "dropped"),
    )
}
TRACKED = tuple(s for s in STATUS if s != "proposed")
# Statuses that count as part of the agreed plan (projections "after agreed changes").
COMMITTED = ("agreed", "in_progress", "done")

LEVEL_RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3, "severe": 4}


def _term(table: dict[str, Term], key: str) -> Term:
    return table.get(key) or Term(str(key), 0, str(key))


def severity(key: str) -> str:
    return _term(SEVERITY, key).words


def severity_rank(key: str) -> int:
    return _term(SEVERITY, key).rank


def effort(key: str) -> str:
    return _term(EFFORT, key).words


def effort_rank(key: str) -> int:
    return _term(EFFORT, key).rank


def status(key: str) -> str:
    return _term(STATUS, key).words


def status_rank(key: str) -> int:
    return _term(STATUS, key).rank


def table() -> dict:
    """The vocabulary as data (the JSON report carries it so readers need no code)."""
    return {
        name: [{"id": t.id, "rank": t.rank, "words": t.words} for t in terms.values()]
        for name, terms in (("severity", SEVERITY), ("effort", EFFORT), ("status", STATUS))
    }


def points(value: float) -> str:
    """Points as a reader sees them: at most one decimal (13.53125 is "13.5"); exact values stay in JSON and CSV."""
    return f"{round(value, 1):g}"
