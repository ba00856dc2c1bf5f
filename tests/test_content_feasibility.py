"""What a trainer would check after the third review: paper notes are exposed to whoever is near them, and a
change the group cannot make (deleting records a contract requires) is never proposed.

Each case is an audit a trainer would recognise, scored by the shipped content through the one assessment.
"""

from __future__ import annotations

from auditor.audits.model import Audit
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment

CONTENT = load_content()

PROFILE = {"formation": "peer_network", "work_mode": "above_ground", "team_size": 6, "mandated_reporters": 0}


def _assess(tool: dict, profile: dict | None = None) -> Assessment:
    audit = Audit.from_dict({"kind": "audit", "format": 1, "title": "t", "profile": {**PROFILE, **(profile or {})},
                             "tools": [tool]})
    return Assessment.of(audit, CONTENT)


def _notebook(**answers) -> dict:
    base = {"purpose": ["case_notes"], "channels": ["written"], "people_with_access": 1, "mandated_with_access": 0,
            "data_kinds": ["caller_identity", "contact_details", "health_details"], "retention": "years",
            "forwarding": "agreed_never", "who_uses": ["team"]}
    return {"id": "notebook", "name": "Notebook", "catalog": "paper_notes", "answers": {**base, **answers}}


def _gossip_points(a: Assessment, tool: str) -> float:
    return sum(f.points.get("gossip", 0) for f in a.findings if f.tool == tool)


def test_one_holder_keeping_names_on_paper_for_years_is_exposed_to_gossip():
    a = _assess(_notebook(kept_where="with_holder"))
    assert "GOS-023" in {f.rule for f in a.findings if f.tool == "notebook"}
    assert _gossip_points(a, "notebook") > 0
    # Not answered yet: "don't know" counts as exposure, never as safe.
    unknown = _assess(_notebook())
    assert _gossip_points(unknown, "notebook") > 0


def test_notes_locked_away_carry_no_loss_finding_and_the_plan_offers_the_lock():
    locked = _assess(_notebook(kept_where="locked"))
    assert "GOS-023" not in {f.rule for f in locked.findings}
    carried = _assess(_notebook(kept_where="shared_space"))
    assert any(item.proposal.id == "lock-notes" for item in carried.plan)


def _sheet(**answers) -> dict:
    base = {"purpose": ["case_notes"], "data_kinds": ["caller_identity", "health_details"], "retention": "years",
            "people_with_access": 2, "mandated_with_access": 0}
    return {"id": "sheet", "name": "Case sheet", "catalog": "airtable", "answers": {**base, **answers}}


def _retention_changes(a: Assessment) -> list[str]:
    return [item.key for item in a.plan
            if any(c.question in ("retention", "disappearing") for c in item.proposal.changes)]


def test_records_a_contract_requires_are_never_proposed_for_deletion():
    a = _assess(_sheet(retention_required="yes"))
    assert _retention_changes(a) == []
    # Keeping fewer details in them is what remains possible (the narrowest such change may be folded
    # into a wider one on the same tool).
    assert any(item.proposal.tool == "sheet" and item.proposal.kind == "collect_less" for item in a.plan)
    # What the plan cannot shorten is still said to remain.
    assert any(r.finding.rule == "SUB-005" for r in a.remaining)


def test_deleting_sooner_is_still_proposed_when_nothing_requires_keeping_or_nobody_knows():
    for answers in ({"retention_required": "no"}, {}):
        a = _assess(_sheet(**answers))
        assert _retention_changes(a), answers
        assert not any(item.proposal.id == "required-fields-only" for item in a.plan)
