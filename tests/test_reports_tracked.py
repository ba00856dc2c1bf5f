"""Start here reads the tracked plan: what is done or dropped is listed as such, never again as a thing to do.

The cycle-2 example tracks one item done, one dropped (the city contract requires a year of records) and one
in progress. "After these N" counts only what is still to do, and its projection includes what is done.
"""

from __future__ import annotations

import pytest

from auditor.audits import actions
from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.reports import build, render

DATE = "2026-11-20"


@pytest.fixture(scope="module")
def cycle2():
    content = load_content()
    return Assessment.of(load_audit(examples_dir() / "mutual-aid-cycle-2.yaml", content), content)


def by_status(a: Assessment) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in a.plan:
        out.setdefault(actions.status_of(a.audit, p.key), []).append(p.key)
    return out


def test_the_example_tracks_a_done_a_dropped_and_an_in_progress_item(cycle2):
    """If content changes rename these items, the example must follow (or this whole file tests nothing)."""
    tracked = by_status(cycle2)
    assert tracked.get("done") and tracked.get("dropped") and tracked.get("in_progress")


def test_start_here_never_lists_a_done_or_dropped_item_as_to_do(cycle2):
    doc = build(cycle2, date=DATE)
    sh = doc["start_here"]
    closed = set(by_status(cycle2)["done"]) | set(by_status(cycle2)["dropped"])
    assert not {k for item in sh["top"] for k in item["keys"]} & closed
    assert [x["key"] for x in sh["tracked"]["done"]] == by_status(cycle2)["done"]
    assert [x["key"] for x in sh["tracked"]["dropped"]] == by_status(cycle2)["dropped"]
    assert sh["to_do"] == len(cycle2.plan) - len(closed)
    # Open items in plan order, the in-progress one among them with its status.
    ranks = [item["rank"] for item in sh["top"]]
    assert ranks == sorted(ranks)
    in_progress = by_status(cycle2)["in_progress"][0]
    assert any(item["key"] == in_progress and item["status"] == "in_progress" for item in sh["top"])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_format_says_done_and_dropped_with_the_reason(cycle2, fmt):
    page = render(cycle2, fmt, date=DATE)
    start = page[: page.index("What remains")]
    done = next(p for p in cycle2.plan if actions.status_of(cycle2.audit, p.key) == "done")
    dropped = next(p for p in cycle2.plan if actions.status_of(cycle2.audit, p.key) == "dropped")
    assert "Done:" in start and "Dropped:" in start
    assert done.proposal.title in start.split("Done:")[1].split("\n")[0]
    assert "the city contract requires a year of shift records" in start
    assert "changes still to do" in start


def test_after_these_counts_what_is_still_to_do_and_credits_what_is_done(cycle2):
    """Marking the first item done moves it out of the list; the projection still includes it."""
    doc = build(cycle2, date=DATE)
    a = Assessment.of(cycle2.audit.copy(), cycle2.content)
    first_open = doc["start_here"]["top"][0]["key"]
    actions.set_action(a.audit, first_open, status="done")
    again = build(Assessment.of(a.audit, a.content), date=DATE)
    assert first_open not in {k for item in again["start_here"]["top"] for k in item["keys"]}
    assert again["start_here"]["to_do"] == doc["start_here"]["to_do"] - 1
    for t, v in again["start_here"]["after_top"].items():
        assert v <= doc["start_here"]["after_top"][t]


def test_the_summary_counts_closed_items_and_names_none(cycle2):
    doc = build(cycle2, True, date=DATE)
    assert doc["start_here"]["tracked"] == {"done": 1, "dropped": 1}
    page = render(cycle2, "md", True, date=DATE)
    assert "city contract" not in page
