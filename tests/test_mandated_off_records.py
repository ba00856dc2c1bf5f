"""Mandated reporters off the records of calls they do not take (issue 22, defect 4).

Mutual aid: three teachers and nurses respond to requests, and through the requests sheet and the big chat they
see every household's immigration status and children's details. A change that takes them off the records they
do not need (a view of their own requests, a separate channel, the person on the call keeps the notes) is offered
and measured; what they hear on their own calls stays, and is said to stay.
"""

from __future__ import annotations

from pathlib import Path

from auditor.audits.model import Audit, load_audit
from auditor.content.loader import load_content
from auditor.engine.assessment import UNPLANNED_WHY, Assessment

CONTENT = load_content()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _takes_reporters_off(item) -> bool:
    return any(c.question == "mandated_with_access" and c.after == 0 for c in item.proposal.changes)


def test_mutual_aid_takes_licensed_members_off_the_sheet_and_the_chat():
    a = Assessment.of(load_audit(EXAMPLES / "mutual-aid.yaml", CONTENT), CONTENT)
    items = {item.proposal.tool: item for item in a.plan if _takes_reporters_off(item)}
    assert {"requests-sheet", "neighbours-chat"} <= set(items), [i.key for i in a.plan]
    for item in items.values():
        assert item.proposal.kind == "fewer_people"
        assert item.proposal.reduction["mandated_reporters"] > 0
    # No mandated-reporter record stays with "no change in the plan removes it".
    assert not [x for x in a.remaining if x.finding.rule == "MAN-001" and x.why == UNPLANNED_WHY]
    assert a.scores["mandated_reporters"].after_plan < 59
    # What they hear on their own calls is not a record the plan removes: it remains, and says why.
    assert any(x.finding.rule == "MAN-017" for x in a.remaining)


def _line(category_tool: str, **answers) -> Audit:
    base = {"purpose": ["taking_calls"], "who_uses": ["team", "callers"], "people_with_access": 4,
            "mandated_with_access": 2, "data_kinds": ["caller_identity", "situation_details", "minors_details"]}
    return Audit.from_dict({
        "kind": "audit", "format": 1, "title": "t",
        "profile": {"formation": "peer_network", "team_size": 6, "mandated_reporters": 2, "licensed_on_calls": "yes"},
        "tools": [{"id": "line", "name": "Line", "catalog": category_tool, "answers": {**base, **answers}}],
    })


def test_not_offered_on_the_phone_licensed_members_answer():
    a = Assessment.of(_line("prepaid_phone"), CONTENT)
    assert not [item.key for item in a.plan if _takes_reporters_off(item)]
