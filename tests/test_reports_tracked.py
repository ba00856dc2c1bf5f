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
    assert doc["start_here"]["tracked"] == {"done": 1, "dropped": 1, "accepted": 0}
    page = render(cycle2, "md", True, date=DATE)
    assert "city contract" not in page


# -- "decided not to, and why": an accepted risk ---------------------------------------------------

def _copy_of_example(tmp_path):
    import shutil

    path = tmp_path / "group.yaml"
    shutil.copy(examples_dir() / "mutual-aid-cycle-2.yaml", path)
    return path


def test_an_accepted_risk_is_recorded_with_its_reason_and_every_view_shows_it(tmp_path, capsys):
    from auditor.cli import main

    path = _copy_of_example(tmp_path)
    content = load_content()
    key = Assessment.of(load_audit(path, content), content).plan[-1].key
    reason = "the hotline must stay reachable by phone number"
    assert main(["action", str(path), key, "--status", "accepted", "--reason", reason]) == 0
    a = Assessment.of(load_audit(path, content), content)
    assert actions.status_of(a.audit, key) == "accepted" and key not in a.audit.agreed
    doc = build(a, date=DATE)
    assert key in [x["key"] for x in doc["start_here"]["tracked"]["accepted"]]
    assert key not in {k for item in doc["start_here"]["top"] for k in item["keys"]}
    for fmt in ("md", "html"):
        page = render(a, fmt, date=DATE)
        assert "Decided not to:" in page[: page.index("What remains")] and reason in page, fmt
    assert main(["action", str(path)]) == 0
    assert "decided not to" in capsys.readouterr().out
    import json

    from jsonschema import Draft202012Validator

    from auditor.content.schema import schema_json

    for summary in (False, True):
        doc = json.loads(render(a, "json", summary, date=DATE))
        assert [e.message for e in Draft202012Validator(schema_json("report")).iter_errors(doc)] == []


def test_an_accepted_risk_needs_a_reason(tmp_path, capsys):
    from auditor.cli import main

    path = _copy_of_example(tmp_path)
    content = load_content()
    key = Assessment.of(load_audit(path, content), content).plan[-1].key
    before = path.read_bytes()
    assert main(["action", str(path), key, "--status", "accepted"]) == 2
    assert "--reason" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_cycle_new_carries_an_accepted_risk(tmp_path):
    from auditor.cli import main

    path = _copy_of_example(tmp_path)
    content = load_content()
    key = Assessment.of(load_audit(path, content), content).plan[-1].key
    assert main(["action", str(path), key, "--status", "accepted", "--reason", "a funder's condition"]) == 0
    new = tmp_path / "next.yaml"
    assert main(["cycle", "new", str(path), "-o", str(new)]) == 0
    nxt = load_audit(new, content)
    assert actions.status_of(nxt, key) == "accepted" and nxt.actions[key]["reason"] == "a funder's condition"


# -- the action plan view --------------------------------------------------------------------------

def test_the_action_plan_puts_overdue_items_first_and_leaves_blanks_to_fill_in(cycle2):
    doc = build(cycle2, date=DATE)
    rows = doc["action_plan"]
    in_progress = by_status(cycle2)["in_progress"][0]
    first = rows[0]
    assert first["key"] == in_progress and first["overdue"], "due 2026-10-15, reported 2026-11-20, still in progress"
    assert first["role"] == "on-call coordinator"
    statuses = [r["status"] for r in rows]
    open_end = max(i for i, s in enumerate(statuses) if s in ("agreed", "in_progress", "proposed"))
    assert all(s in ("done", "dropped", "accepted") for s in statuses[open_end + 1:])
    assert any(s == "proposed" and not r["role"] and not r["due"] for s, r in zip(statuses, rows))
    for fmt in ("md", "html"):
        page = render(cycle2, fmt, date=DATE)
        plan = page[page.index("Action plan", page.index("Start here") + 200):]
        assert "overdue" in plan and "on-call coordinator" in plan, fmt
    assert "Action plan" not in render(cycle2, "md", True, date=DATE)  # roles stay out of the summary


def test_the_heaviest_finding_of_the_politicized_example_has_a_plan_item_or_says_why():
    content = load_content()
    a = Assessment.of(load_audit(examples_dir() / "politicized-social-service.yaml", content), content)
    doc = build(a, date=DATE)
    heaviest = doc["cards"][0]
    assert heaviest["fixed_by"] or heaviest["unfixed_why"], heaviest["rule"]
    page = render(a, "md", date=DATE)
    if not heaviest["fixed_by"]:
        assert heaviest["unfixed_why"] in page
    # Every card that no item fixes says why, in every printed format.
    for c in doc["cards"]:
        assert c["fixed_by"] or c["unfixed_why"], c["rule"]
