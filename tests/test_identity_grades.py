"""Graded identifying details (issue 22, item 4 / defect 11): nothing, a first name or nickname, contact details,
full identity.

A sheet holding only what happened is not as exposed as one holding the person's name, number and address with
it, and taking names out of a form measures something. Old audits load unchanged: a name with no answer about
how much of it is written counts as a full name ("don't know" counts as exposure).
"""

from __future__ import annotations

from auditor.audits.model import Audit
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment
from auditor.engine.scoring import score

CONTENT = load_content()


def _sheet(kinds: list[str], **answers) -> Audit:
    base = {"purpose": ["case_notes"], "who_uses": ["team"], "retention": "month", "people_with_access": 4,
            "mandated_with_access": 0, "data_kinds": kinds, "link_sharing": "off", "forwarding": "agreed_never"}
    return Audit.from_dict({
        "kind": "audit", "format": 1, "title": "t",
        "profile": {"formation": "mutual_aid", "team_size": 6, "mandated_reporters": 0},
        "tools": [{"id": "sheet", "name": "Sheet", "catalog": "google_sheets", "answers": {**base, **answers}}],
    })


def _points(audit: Audit) -> dict[str, float]:
    return score(audit, CONTENT).points


def test_situation_only_weighs_less_than_name_address_and_situation():
    only = _points(_sheet(["situation_details"]))
    full = _points(_sheet(["caller_identity", "contact_details", "location", "situation_details"]))
    assert full["subpoena"] > only["subpoena"]
    assert full["gossip"] > only["gossip"]


def test_the_grades_are_ordered_and_a_first_name_weighs_less_than_a_full_one():
    none = _points(_sheet(["situation_details"]))
    first = _points(_sheet(["caller_identity", "situation_details"], caller_names="first_name"))
    unanswered = _points(_sheet(["caller_identity", "situation_details"]))
    reachable = _points(_sheet(["caller_identity", "contact_details", "situation_details"], caller_names="first_name"))
    full = _points(_sheet(["caller_identity", "contact_details", "situation_details"], caller_names="full_name"))
    for threat in ("subpoena", "gossip"):
        assert none[threat] <= first[threat] <= reachable[threat] <= full[threat]
        assert first[threat] < full[threat]
        assert unanswered[threat] >= first[threat]  # "don't know" is never read as the safer grade


def test_writing_first_names_only_is_offered_and_measured():
    a = Assessment.of(_sheet(["caller_identity", "contact_details", "situation_details"], caller_names="full_name"), CONTENT)
    item = next(i for i in a.plan if any(c.question == "caller_names" for c in i.proposal.changes))
    assert item.proposal.kind == "collect_less"
    assert item.proposal.total > 0
