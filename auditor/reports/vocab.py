"""One vocabulary for severity, effort and action status, used by every report format.

Each term has an id (what JSON and the audit file store), a rank (what a
spreadsheet sorts by: higher is more severe, more effort, further along) and
the words a reader sees. Markdown, HTML, CSV and JSON all read this table, so a
"medium" effort is "some effort" everywhere.
"""

from __future__ import annotations

from typing import NamedTuple

from auditor.i18n import N_, _, pgettext


class Term(NamedTuple):
    id: str
    rank: int
    words: str


SEVERITY = {
    t.id: t
    for t in (
        Term("low", 1, N_("low severity")),
        Term("medium", 2, N_("medium severity")),
        Term("high", 3, N_("high severity")),
        Term("critical", 4, N_("critical severity")),
    )
}

EFFORT = {
    t.id: t
    for t in (
        Term("low", 1, N_("low effort")),
        Term("medium", 2, N_("some effort")),
        Term("high", 3, N_("a lot of effort")),
    )
}

# A plan item's status. "proposed" is the default: nobody has agreed it yet.
STATUS = {
    t.id: t
    for t in (
        Term("proposed", 0, N_("not agreed yet")),
        Term("agreed", 1, N_("agreed")),
        Term("in_progress", 2, N_("in progress")),
        Term("done", 3, N_("done")),
        Term("dropped", 4, N_("dropped")),
        Term("accepted", 5, N_("decided not to")),
    )
}
TRACKED = tuple(s for s in STATUS if s != "proposed")
# Statuses that count as part of the agreed plan (projections "after agreed changes").
COMMITTED = ("agreed", "in_progress", "done")

LEVEL_RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3, "severe": 4}
# A score's level as a reader sees it (the ids are what JSON stores).
LEVEL_WORDS = {"none": N_("none"), "low": N_("low"), "moderate": N_("moderate"), "high": N_("high"), "severe": N_("severe")}


EFFORT_SHORT = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


def effort_short(key: str) -> str:
    """An effort in one word, for narrow tables: "low", "medium", "high"."""
    return _(EFFORT_SHORT[key]) if key in EFFORT_SHORT else str(key)


def level(key: str) -> str:
    return _(LEVEL_WORDS[key]) if key in LEVEL_WORDS else str(key)


def _term(table: dict[str, Term], key: str) -> Term:
    return table.get(key) or Term(str(key), 0, str(key))


def severity(key: str) -> str:
    return _(_term(SEVERITY, key).words)


def severity_short(key: str) -> str:
    """A severity in one word, for narrow places: "low" ... "critical" (a severity's own words: its gender differs)."""
    words = {
        "low": pgettext("severity", "low"),
        "medium": pgettext("severity", "medium"),
        "high": pgettext("severity", "high"),
        "critical": pgettext("severity", "critical"),
    }
    return words.get(key, str(key))


def severity_rank(key: str) -> int:
    return _term(SEVERITY, key).rank


def effort(key: str) -> str:
    return _(_term(EFFORT, key).words)


def effort_rank(key: str) -> int:
    return _term(EFFORT, key).rank


def status(key: str) -> str:
    return _(_term(STATUS, key).words)


def status_rank(key: str) -> int:
    return _term(STATUS, key).rank


def table() -> dict:
    """The vocabulary as data (the JSON report carries it so readers need no code)."""
    return {
        name: [{"id": t.id, "rank": t.rank, "words": _(t.words)} for t in terms.values()]
        for name, terms in (("severity", SEVERITY), ("effort", EFFORT), ("status", STATUS))
    }


def points(value: float) -> str:
    """Points as a reader sees them: at most one decimal (13.53125 is "13.5"); exact values stay in JSON and CSV."""
    return f"{round(value, 1):g}"
