"""A "don't know" is exposure to find out, never a change credited as done (issue 22 new-E; trainer review 10).

The group is the review's domestic-violence safe-house network (tests/corpus/audits/review-dv-safehouse.yaml):
nobody knows whether the hosts' iMessage group or the Proton account capture location; the intake phone
records "sometimes" (a known answer).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from auditor import i18n
from auditor.audits.model import load_audit
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment, assessment_dict
from auditor.facilitation.presentation import plan_step
from auditor.reports import render
from auditor.textout import score_text

AUDIT = Path(__file__).parent / "corpus" / "audits" / "review-dv-safehouse.yaml"


@pytest.fixture(scope="module")
def content():
    return load_content(lang="en")


@pytest.fixture(scope="module")
def dv(content):
    i18n.choose("en")
    return Assessment.of(load_audit(AUDIT, content), content)


def _item(a: Assessment, key: str):
    return next(i for i in a.plan if i.key == key)


def test_a_change_from_dont_know_is_find_out_first_and_a_known_one_is_not(dv):
    assert _item(dv, "proton:location-off").proposal.check_first
    assert _item(dv, "imessage-hosts:location-off").proposal.check_first
    assert not _item(dv, "intake-phone:stop-recording").proposal.check_first  # "sometimes" is known


def test_find_out_items_come_after_every_change_to_a_known_answer(dv):
    flags = [i.proposal.check_first for i in dv.plan]
    assert True in flags and False in flags
    assert flags == sorted(flags), "a find-out item ranks above a change the group can make"


def test_find_out_items_are_never_counted_but_say_what_they_would_remove(dv):
    start = {t: s.score for t, s in dv.scores.items()}
    previous = start
    for item in dv.plan:
        if item.proposal.check_first:
            assert item.running == previous, f"{item.key} is counted in the running projection"
            assert item.proposal.total > 0  # what it would remove if the answer turns out yes
        previous = item.running
    last_known = [i for i in dv.plan if not i.proposal.check_first][-1]
    assert {t: s.after_plan for t, s in dv.scores.items()} == last_known.running


def test_agreeing_to_find_out_counts_nothing(content):
    audit = load_audit(AUDIT, content)
    audit.agreed = ["proton:location-off"]
    a = Assessment.of(audit, content)
    assert {t: s.after_agreed for t, s in a.scores.items()} == {t: s.score for t, s in a.scores.items()}


def test_location_on_an_email_account_names_the_providers_ip_logging(dv):
    p = _item(dv, "proton:location-off").proposal
    text = p.title + " " + p.detail
    assert "Find out whether" in text and "IP address" in text and "PR3" in text  # the catalog's source
    assert "meeting point by voice" not in text  # dispatch advice, not for a mailbox


def test_every_view_reads_the_one_flag(dv):
    key = "proton:location-off"
    doc = assessment_dict(dv)
    flagged = {p["key"]: p["check_first"] for p in doc["proposals"]}
    assert flagged[key] is True and flagged["intake-phone:stop-recording"] is False
    text = score_text(dv, top=len(dv.plan), bars=False)
    row = text[text.index("Find out what location this tool keeps"):][:400]
    assert "if yes:" in row and "not counted" in row
    md = render(dv, "md", date="2026-12-07")
    assert "if yes" in md
    html = render(dv, "html", date="2026-12-07")
    assert "if yes" in html
    rows = list(csv.DictReader(io.StringIO(render(dv, "csv", date="2026-12-07").lstrip("\ufeff"))))
    proposal_rows = {r["title"]: r for r in rows if r["row_type"] == "proposal"}
    assert proposal_rows["Find out what location this tool keeps"]["uncertain"] == "yes"
    assert proposal_rows[_item(dv, "intake-phone:stop-recording").proposal.title]["uncertain"] == "no"
    step = plan_step(dv, _item(dv, key))
    assert "if the answer turns out yes" in " ".join(step.details)


def test_an_incomplete_catalog_list_is_never_printed_as_none(content):
    """Zoom's catalog entry documents identity and IP addresses, complete: false (review 10, finding 10)."""
    i18n.choose("en")
    a = Assessment.of(load_audit(Path(__file__).parent / "corpus" / "audits" / "review-suicide-peer-line.yaml", content), content)
    met = next(f for f in assessment_dict(a)["findings"] if f["rule"] == "MET-001" and f["tool"] == "zoom")
    kept = next(t for t in met["triggers"] if t["question"] == "provider_metadata")
    assert kept["origin"] == "catalog" and "ip_addresses" in kept["value"]
    assert "communication_records" in kept["undocumented"]
    assert "not documented (unknown)" in kept["answer"] and "none" not in kept["answer"]
    md = render(a, "md", date="2026-12-07")
    assert "not documented (unknown): Who contacted whom" in md
