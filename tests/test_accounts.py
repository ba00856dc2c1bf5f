"""Account takeover (issue 22, defect 6): two-step login is read, and a shared password that people who left
still know gets an urgent item.

A survivors' line on a shared Google account whose password two people who stepped back still know; nobody has
turned on two-step login. A trainer leads with changing the password and removing them.
"""

from __future__ import annotations

from auditor.audits.model import Audit
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment

CONTENT = load_content()


def _audit(offboarding: str = "no", **answers) -> Audit:
    base = {"purpose": ["case_notes"], "who_uses": ["team"], "retention": "until_deleted", "people_with_access": 6,
            "mandated_with_access": 0, "data_kinds": ["caller_identity", "situation_details", "abuse_details"],
            "two_factor": "no", "shared_login": "yes", "link_sharing": "off", "forwarding": "agreed_never",
            "location_capture": "no", "admin": "one_member", "recovery_identity": "no", "personal_accounts": "no"}
    return Audit.from_dict({
        "kind": "audit", "format": 1, "title": "t",
        "profile": {"formation": "peer_network", "team_size": 6, "mandated_reporters": 0, "offboarding": offboarding,
                    "posts_about_people": "no", "legal_plan": "yes", "public_presence": "none"},
        "tools": [{"id": "log", "name": "Contact log", "catalog": "google_sheets", "answers": {**base, **answers}}],
    })


def _rules(a: Assessment) -> set[str]:
    return {f.rule for f in a.findings if f.tool == "log"}


def test_a_shared_password_nobody_changes_when_people_leave_gets_an_urgent_item_at_the_top():
    a = Assessment.of(_audit(), CONTENT)
    assert "GOS-032" in _rules(a)
    first = a.plan[0]
    assert any(c.question == "offboarding" and c.after == "yes" for c in first.proposal.changes), [i.key for i in a.plan[:5]]
    assert "password" in first.proposal.title.lower()
    # Where access is removed when people leave, no such finding.
    assert "GOS-032" not in _rules(Assessment.of(_audit(offboarding="yes"), CONTENT))


def test_two_step_login_is_read_and_turning_it_on_is_measured():
    a = Assessment.of(_audit(shared_login="no", offboarding="yes"), CONTENT)
    finding = next(f for f in a.findings if f.rule == "GOS-031" and f.tool == "log")
    assert any(t.question == "two_factor" for t in finding.triggers)
    item = next(i for i in a.plan if any(c.question == "two_factor" for c in i.proposal.changes))
    assert item.proposal.reduction["gossip"] > 0
    on = Assessment.of(_audit(shared_login="no", offboarding="yes", two_factor="yes"), CONTENT)
    assert "GOS-031" not in _rules(on)
