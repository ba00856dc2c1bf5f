"""Changes act on records, and a change is offered only where the group controls the record it changes.

Issue 22, defects 1, 2, 7, 8, 11: a backup setting matters only where content lives on members' devices; a
provider that keeps deleted history for months is not cleared by deleting it; a tool whose facts are unknown
gets the change with "check first" and no credit; a state contract blocks deleting only the records the group
says are required. Each case is an audit a trainer would recognise, scored through the one assessment.
"""

from __future__ import annotations

from pathlib import Path

from auditor.audits.model import Audit, load_audit
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment

CONTENT = load_content()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROFILE = {"formation": "peer_network", "work_mode": "above_ground", "team_size": 6, "mandated_reporters": 0,
           "funding_strings": "none"}
CALLS = {"purpose": ["taking_calls"], "who_uses": ["team", "callers"], "channels": ["spoken", "typed"],
         "data_kinds": ["caller_identity", "situation_details"], "people_with_access": 3, "mandated_with_access": 0,
         "retention": "until_deleted", "call_history": "longer", "retention_required": "no"}


def _assess(catalog: str, answers: dict | None = None, profile: dict | None = None, category: str | None = None) -> Assessment:
    tool = {"id": "t", "name": "The line", "answers": {**CALLS, **(answers or {})}}
    if category:
        tool["category"] = category
    else:
        tool["catalog"] = catalog
    audit = Audit.from_dict({"kind": "audit", "format": 1, "title": "t", "profile": {**PROFILE, **(profile or {})},
                             "tools": [tool]})
    return Assessment.of(audit, CONTENT)


def _item(a: Assessment, pid: str):
    return next((i for i in a.plan if i.proposal.tool == "t" and (i.proposal.id == pid or pid in i.proposal.also)), None)


def _credited(a: Assessment, pid: str) -> bool:
    item = _item(a, pid)
    return item is not None and not item.proposal.check_first


def test_a_backup_setting_is_never_credited_where_the_provider_holds_everything():
    # Google Voice keeps calls, texts and voicemail at Google: no phone backup setting removes them.
    voice = _assess("google_voice")
    assert _item(voice, "backup-off") is None
    # A payment app and a workspace whose sources say nothing: the change may apply, so check first, never credit.
    for catalog in ("cash_app", "notion"):
        a = _assess(catalog, {"channels": ["typed"]})
        assert not _credited(a, "backup-off"), catalog
    square = _assess("", {"channels": ["typed"]}, category="payments")
    assert not _credited(square, "backup-off")


def test_a_phone_that_keeps_its_calls_on_the_handset_still_gets_the_backup_change():
    a = _assess("prepaid_phone", {"cloud_backup": "optional_not_e2ee"})
    assert _credited(a, "backup-off")


def test_clearing_the_call_history_is_not_credited_where_the_provider_keeps_deleted_history():
    # Google's own notice: deleted history takes up to 90 days to leave its servers, billing records stay longer.
    voice = _assess("google_voice")
    for pid in ("clear-call-history", "keep-week", "clear-weekly"):
        assert not _credited(voice, pid), pid
    # On a handset the group holds, clearing at each hand-over is what removes it.
    assert _credited(_assess("prepaid_phone"), "clear-call-history")


def test_a_check_first_item_is_offered_but_never_counted_as_done():
    a = _assess("cash_app", {"channels": ["typed"]})
    unsure = [i for i in a.plan if i.proposal.check_first]
    assert unsure, "a change the sources cannot confirm is still offered"
    for item in unsure:
        assert item.proposal.title.startswith(("Check first", "Find out"))  # either way: not yet a change to count
    # Carrying out the whole plan credits none of them: the scores after the plan equal those with only the
    # confirmed items done.
    from auditor.engine.proposals import apply_plan
    from auditor.engine.scoring import score
    confirmed = [i.key for i in a.plan if not i.proposal.check_first]
    assert a.after_plan.points == score(apply_plan(a.audit, confirmed, CONTENT), CONTENT).points
    before = None
    for item in a.plan:
        if item.proposal.check_first:
            assert item.running == before if before is not None else True
        before = item.running


def test_a_phone_whose_backup_the_group_already_turned_off_gets_no_backup_change():
    a = _assess("prepaid_phone", profile={"phone_auto_backup": "off"})
    assert _item(a, "backup-off") is None
    assert "SUB-027" not in {f.rule for f in a.findings}


def test_a_hand_over_clear_and_a_weekly_clear_of_one_phone_are_one_act():
    a = _example("peer-network")
    phone = [i for i in a.plan if i.proposal.tool == "hotline-phone"
             and any(c.question in ("retention", "call_history") for c in i.proposal.changes)]
    assert len(phone) == 1, [i.key for i in phone]


def _example(name: str) -> Assessment:
    return Assessment.of(load_audit(EXAMPLES / f"{name}.yaml", CONTENT), CONTENT)


def test_a_state_contract_blocks_deleting_only_the_records_the_group_says_are_required():
    a = _example("politicized-social-service")
    # Years of recorded calls at Twilio get a deleting item; the case notes the contract requires do not.
    rec = _item_on(a, "hotline", "delete-recordings")
    assert rec is not None and rec.proposal.deletes
    assert not [i for i in a.plan if i.proposal.tool == "case-notes"
                and any(c.question == "retention" for c in i.proposal.changes)]


def _item_on(a: Assessment, tool: str, pid: str):
    return next((i for i in a.plan if i.proposal.tool == tool and (i.proposal.id == pid or pid in i.proposal.also)), None)


def test_no_item_points_to_a_plan_item_that_is_not_in_the_plan():
    # Stop recording says the recordings already stored have their own item: on every shipped example where it
    # appears, that deleting item is in the plan too, on the same tool.
    for path in sorted(EXAMPLES.glob("*.yaml")):
        a = Assessment.of(load_audit(path, CONTENT), CONTENT)
        for item in a.plan:
            if "plan's item" not in item.proposal.detail:
                continue
            assert item.proposal.id == "stop-recording", (path.name, item.key)
            assert any(other.proposal.tool == item.proposal.tool and other.proposal.deletes
                       and any(c.question == "data_kinds" and "recordings" in (c.before or []) and "recordings" not in (c.after or [])
                               for c in other.proposal.changes)
                       for other in a.plan), (path.name, item.key)


# -- Graded retention (issue 22 item 4) ------------------------------------------------------------------------


def _subpoena(retention: str) -> float:
    a = _assess("slack", {"purpose": ["coordination"], "who_uses": ["team"], "channels": ["typed"], "retention": retention})
    return a.result.points["subpoena"]


def test_keeping_records_longer_never_scores_lower_and_a_month_is_not_forever():
    order = ["not_kept", "days", "week", "month", "year", "years", "until_deleted"]
    points = [_subpoena(r) for r in order]
    assert points == sorted(points), dict(zip(order, points))
    assert _subpoena("month") < _subpoena("year") < _subpoena("until_deleted")


def test_shortening_a_year_to_a_month_measures_something():
    from auditor.engine.scoring import score
    year = _assess("slack", {"purpose": ["coordination"], "who_uses": ["team"], "channels": ["typed"], "retention": "year"})
    month = _assess("slack", {"purpose": ["coordination"], "who_uses": ["team"], "channels": ["typed"], "retention": "month"})
    assert score(month.audit, CONTENT).points["subpoena"] < year.result.points["subpoena"]


# -- How-tos written for the kind of tool they land on (issue 22 defects 8, 9) --------------------------------


def _details(catalog: str, answers: dict) -> dict[str, str]:
    a = _assess(catalog, answers)
    out = {}
    for i in a.plan:
        if i.proposal.tool == "t":
            for pid in (i.proposal.id, *i.proposal.also):
                out[pid] = i.proposal.title + " " + i.proposal.detail
    return out


TEAM = {"purpose": ["case_notes"], "who_uses": ["team"], "channels": ["typed"], "people_with_access": 12,
        "data_kinds": ["caller_identity", "contact_details", "situation_details", "immigration_status"],
        "retention": "until_deleted", "version_history": "yes"}


def test_a_spreadsheet_is_not_told_to_open_a_separate_chat_or_clear_a_phone():
    d = _details("google_sheets", TEAM)
    assert "small-group" in d and "one-holder" in d, sorted(d)
    for pid in ("small-group", "one-holder"):
        assert "chat" not in d[pid] and "phone" not in d[pid], (pid, d[pid])


def test_a_form_is_not_told_to_delete_columns():
    d = _details("google_forms", {**TEAM, "people_with_access": 3})
    assert "clean-copy" in d, sorted(d)
    assert "column" not in d["clean-copy"], d["clean-copy"]


def test_a_chat_is_not_told_to_shred_paper_and_a_payment_app_gets_no_chat_advice():
    chat = _details("whatsapp", {**TEAM, "disappearing": "not_available", "people_with_access": 3})
    for pid, text in chat.items():
        assert "shred" not in text and "paper notes" not in text, (pid, text)
    pay = _details("cash_app", {**TEAM, "people_with_access": 3})
    assert pay, "a payment app still gets changes"
    for pid, text in pay.items():
        assert "shred" not in text and "chat" not in text.lower(), (pid, text)


# -- A switch carries the group's practices over (issue 22 item 3, defect 3) -----------------------------------


def test_a_move_to_signal_keeps_the_groups_deleting_practice():
    from auditor.engine.proposals import apply_plan
    a = _assess("whatsapp", {**TEAM, "purpose": ["coordination"], "people_with_access": 30, "disappearing": "on", "retention": "week"})
    moved = apply_plan(a.audit, ["t:switch-signal"], CONTENT)
    tool = moved.tools[0]
    assert tool.catalog == "signal"
    assert tool.answers.get("disappearing") == "on" and tool.answers.get("retention") == "week", tool.answers
    # Never lengthened: a group that keeps things longer than Signal's default gets Signal's default.
    b = _assess("telegram_cloud", {**TEAM, "purpose": ["coordination"], "people_with_access": 30, "retention": "until_deleted"})
    assert "retention" not in apply_plan(b.audit, ["t:switch-signal"], CONTENT).tools[0].answers


def test_deleting_what_a_provider_keeps_deleted_copies_of_says_how_long_they_stay():
    # Google Voice lets the account delete voicemail, but deleted items take up to 90 days to leave Google's
    # servers: the credited item must say so, in the words of the catalog's sourced note (round 12 review).
    voice = _assess("google_voice", {"recording": "sometimes", "data_kinds": ["caller_identity", "recordings"]})
    item = _item(voice, "delete-recordings")
    assert item is not None and not item.proposal.check_first
    assert "90 days" in item.proposal.detail
    # Where deleting clears within days (or nothing says otherwise), no such note.
    phone = _assess("prepaid_phone", {"recording": "sometimes", "data_kinds": ["caller_identity", "recordings"]})
    other = _item(phone, "delete-recordings")
    assert other is None or "90 days" not in other.proposal.detail
