"""The third trainer review's false-reassurance cases, each an audit a trainer would recognise.

Paper notes are exposed to whoever is near them; a phone keeps its call history by itself; a change the group
cannot make (deleting records a contract requires, "collecting less" on the line people call, keeping licensed
members away from calls they took) is never proposed; telling people the limits is not a smaller duty; a
riskier or unanswered answer never reads safer. Scored by the shipped content through the one assessment.
"""

from __future__ import annotations

from pathlib import Path

from auditor.audits.model import Audit, load_audit
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
            "people_with_access": 2, "mandated_with_access": 0, "who_uses": ["team"]}
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


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _example(name: str) -> Assessment:
    return Assessment.of(load_audit(EXAMPLES / f"{name}.yaml", CONTENT), CONTENT)


def _points(a: Assessment, threat: str, rule: str | None = None) -> float:
    return sum(f.points.get(threat, 0) for f in a.findings if rule is None or f.rule == rule)


def test_collect_less_is_never_proposed_where_people_in_crisis_post_or_talk():
    for name in ("mutual-aid", "politicized-social-service", "peer-network"):
        a = _example(name)
        tools = {t.id: t for t in a.audit.tools}
        for item in a.plan:
            tool = tools.get(item.proposal.tool)
            removed = {k for c in item.proposal.changes if c.question == "data_kinds"
                       for k in set(c.before or []) - set(c.after or [])}
            # What callers say or post; the group's own records (who responded, recordings) it controls.
            if tool is None or not removed - {"responder_identities", "responder_contacts", "recordings", "logistics"}:
                continue
            answers = tool.answers
            reached = "callers" in answers.get("who_uses", []) or "taking_calls" in answers.get("purpose", [])
            if reached and tool.catalog not in ("google_forms",):
                # Only moving intake out of the chat removes what callers post there.
                assert item.proposal.id == "move-intake-out", (name, item.key)


def test_moving_requests_out_of_a_big_group_chat_is_offered_instead():
    a = _example("mutual-aid")
    assert any(item.key == "neighbours-chat:move-intake-out" for item in a.plan)


def _phone(**answers) -> dict:
    base = {"purpose": ["taking_calls"], "channels": ["spoken"], "data_kinds": ["situation_details"],
            "who_uses": ["team", "callers"], "people_with_access": 6, "recording": "never"}
    return {"id": "phone", "name": "On-call phone", "catalog": "prepaid_phone", "answers": {**base, **answers}}


def test_an_on_call_phone_used_only_for_talking_still_keeps_who_called():
    a = _assess(_phone(call_history="month", cloud_backup="provider_holds"))
    found = [f for f in a.findings if f.rule == "SUB-026"]
    assert found and found[0].points["subpoena"] > 0 and found[0].points["gossip"] > 0
    assert {"clear-call-history", "backup-off"} <= {item.proposal.id for item in a.plan}
    cleared = _assess(_phone(call_history="each_shift", cloud_backup="none"))
    assert not {"SUB-026", "SUB-027"} & {f.rule for f in cleared.findings}
    # Cleared every shift, but backed up in between: the backup still holds it.
    backed_up = _assess(_phone(call_history="each_shift", cloud_backup="provider_holds"))
    assert any(f.rule == "SUB-027" for f in backed_up.findings)


def test_moving_intake_out_of_the_chat_moves_the_requests_it_does_not_make_them_vanish():
    a = _example("mutual-aid")
    item = next(item for item in a.plan if item.proposal.id == "move-intake-out")
    changed = {c.question: c.after for c in item.proposal.changes}
    assert "data_kinds" not in changed and changed["people_with_access"] == 5


def test_deletion_waits_for_a_plain_no_where_a_contract_or_funder_may_require_keeping():
    # Issue 22: a funder's strings no longer block deletion outright; unanswered, it is offered with "check
    # first" and never counted as done, and only a plain "yes, required" blocks it.
    for funding in ("state_contract", "individual_data"):
        a = _assess(_sheet(), {"funding_strings": funding})
        assert _retention_changes(a), funding
        assert all(i.proposal.check_first for i in a.plan if i.key in _retention_changes(a)), funding
        required = _assess(_sheet(retention_required="yes"), {"funding_strings": funding})
        assert _retention_changes(required) == [], funding


def test_records_a_contract_requires_are_not_told_to_drop_details_it_may_name():
    # Airtable keeps earlier versions (catalog): dropping a column leaves it there, so the required records
    # move to a fresh copy holding only what is named; without earlier versions, the details are just left out.
    for history, change in (("yes", "required-fields-clean-copy"), ("no", "required-fields-only")):
        a = _assess(_sheet(retention_required="yes", version_history=history,
                           data_kinds=["caller_identity", "health_details", "minors_details", "immigration_status"]))
        offered = {item.proposal.id for item in a.plan} | {pid for item in a.plan for pid in item.proposal.also}
        assert change in offered, (history, offered)
        assert not offered & {"minimal-notes", "minors-details-out", "identities-out", "first-names-only", "clean-copy"}
        # Only what such requirements rarely name is counted as left out: health and children's details stay.
        removed = {k for item in a.plan for c in item.proposal.changes if c.question == "data_kinds"
                   for k in set(c.before) - set(c.after)}
        assert removed and not removed & {"caller_identity", "health_details", "minors_details"}


def test_stopping_recording_does_not_delete_the_recordings_already_kept():
    line = {"id": "line", "name": "Crisis line", "category": "hotline", "answers": {
        "purpose": ["taking_calls"], "channels": ["spoken"], "recording": "always", "stores_content": "provider",
        "e2ee": "no", "data_kinds": ["situation_details", "recordings"], "who_uses": ["team", "callers"],
        "people_with_access": 2, "retention_required": "yes"}}
    a = _assess(line)
    ids = {item.proposal.id for item in a.plan}
    assert "stop-recording" in ids and "delete-recordings" not in ids  # the contract keeps them
    assert any(r.finding.rule == "SUB-028" for r in a.remaining)


def test_drug_use_noted_as_health_is_criminalized_activity_for_people_who_use_drugs():
    sheet = _sheet(data_kinds=["health_details"])
    assert any(f.rule == "SUB-006" for f in _assess(sheet, {"serves": ["criminalized"]}).findings)
    assert not any(f.rule == "SUB-006" for f in _assess(sheet, {"serves": ["psychiatric"]}).findings)


def test_keeping_records_from_licensed_members_is_not_offered_when_they_take_the_calls():
    a = _example("politicized-social-service")
    assert not any(item.proposal.id == "reporters-out" for item in a.plan)
    assert a.audit.profile["licensed_on_calls"] == "yes"


def test_telling_people_the_limits_does_not_shrink_a_universal_duty():
    tool = _sheet(data_kinds=["minors_details"], people_with_access=4)
    told = _assess(tool, {"universal_reporting": "volunteers", "confidentiality_limits_told": "yes"})
    untold = _assess(tool, {"universal_reporting": "volunteers", "confidentiality_limits_told": "no"})
    assert _points(told, "mandated_reporters", "MAN-002") == _points(untold, "mandated_reporters", "MAN-002") > 0


def test_debriefing_in_writing_never_scores_safer_than_face_to_face():
    group = {"mandated_reporters": 2, "licensed_on_calls": "no", "access_channels": ["online"]}
    face = _assess(_sheet(), {**group, "debrief_mode": "face_to_face"})
    written = _assess(_sheet(), {**group, "debrief_mode": "written"})
    assert _points(written, "mandated_reporters") >= _points(face, "mandated_reporters")
    assert any(f.rule == "MAN-017" for f in written.findings)


def test_a_big_debrief_that_names_callers_is_a_finding_with_a_change_the_group_can_make():
    debrief = {"id": "debrief", "name": "Monthly debrief", "catalog": "face_to_face", "answers": {
        "purpose": ["debriefs"], "channels": ["spoken"], "people_with_access": 40,
        "data_kinds": ["caller_identity", "location", "situation_details", "criminalized_activity"]}}
    a = _assess(debrief, {"team_size": 40})
    assert any(f.rule == "GOS-024" for f in a.findings)
    assert any(item.proposal.id == "debrief-no-names" for item in a.plan)


def _custom_encrypted(**answers) -> dict:
    base = {"purpose": ["dispatch"], "channels": ["typed"], "data_kinds": ["caller_identity", "location"],
            "stores_content": "provider", "e2ee": "always", "retention": "until_deleted", "people_with_access": 2}
    return {"id": "app", "name": "Dispatch app", "category": "messaging", "answers": {**base, **answers}}


def test_an_unanswered_exceptions_question_never_reads_as_the_provider_cannot_read():
    skipped = _assess(_custom_encrypted())
    none = _assess(_custom_encrypted(content_exceptions=[]))
    assert _points(skipped, "subpoena") > _points(none, "subpoena")


def test_a_voice_line_is_not_promised_deleted_call_logs_the_sources_do_not_show():
    voice = {"id": "line", "name": "Crisis line", "catalog": "twilio", "answers": {
        "purpose": ["taking_calls"], "channels": ["spoken"], "recording": "never", "data_kinds": ["situation_details"],
        "retention": "year", "who_uses": ["team", "callers"], "people_with_access": 2}}
    a = _assess(voice)
    assert any(f.rule == "MET-005" for f in a.findings)
    assert not any(item.proposal.id == "short-logs" for item in a.plan)
    # Deleting messages after a week does not make the call logs go away.
    week = _assess({**voice, "answers": {**voice["answers"], "retention": "week"}})
    assert any(f.rule == "MET-005" for f in week.findings)


# -- Seventh review: a sheet's earlier versions keep what a change stops collecting ----------------------


def _requests_sheet(**answers) -> dict:
    base = {"purpose": ["requests"], "data_kinds": ["caller_identity", "contact_details", "location", "health_details", "immigration_status"],
            "retention": "years", "people_with_access": 4, "mandated_with_access": 0, "who_uses": ["team"],
            "link_sharing": "specific_people", "retention_required": "no"}
    return {"id": "sheet", "name": "Requests sheet", "catalog": "google_sheets", "answers": {**base, **answers}}


def _stored_kinds(audit: Audit, tool: str) -> set:
    from auditor.engine.scoring import RECORD_PREFIX, tool_population

    tools = [t for t in audit.tools if t.id == tool]
    _pop, rows = tool_population(tools, audit.profile, CONTENT)
    return set(rows[0][RECORD_PREFIX + "stored_kinds"])


def test_details_a_change_stops_collecting_stay_in_a_sheets_earlier_versions_until_a_clean_copy():
    from auditor.engine.proposals import apply_plan

    a = _assess(_requests_sheet())  # Google Sheets keeps version history (catalog, sourced)
    audit = a.audit
    for item in a.plan:
        p = item.proposal
        removes = {k for c in p.changes if c.question == "data_kinds" and isinstance(c.before, list) for k in set(c.before) - set(c.after or [])}
        if p.tool != "sheet" or not removes or p.after_first:  # after_first: measured once the first part is done
            continue
        after = apply_plan(audit, [item.key], CONTENT)
        clean = any(c.question == "version_history" for c in p.changes)
        kept = removes & _stored_kinds(after, "sheet")
        # Alone, a change that stops collecting a detail leaves it in the earlier versions; with a clean copy it goes.
        assert (not kept) if clean else kept == removes, (item.key, kept)
        # and the item says so where the group reads how to do it
        assert clean or "until you start a clean copy" in p.detail or "stays until it is cleared" in p.detail, (item.key, p.detail)
    # The finding about immigration status in the sheet goes only with the item that starts the clean copy, never
    # earlier. Whether Google removes a deleted file within days is not in our sources (issue 22): that item is
    # offered with "check first", and no item is credited with fixing the finding until the group has checked.
    clean = [i for i in a.plan if i.proposal.tool == "sheet" and any(c.question == "version_history" for c in i.proposal.changes)]
    assert clean and all(i.proposal.check_first for i in clean)
    assert not a.fixed_by.get(("MAN-005", "sheet"))


def test_stopping_a_detail_removes_it_only_where_records_go_within_days_or_are_cleared():
    """Eighth review: what is already written stays. Kept a week with no earlier versions, stopping a detail
    removes it soon; kept for years, it stays until a clear-out (which the plan must then carry)."""
    from auditor.engine.proposals import apply_plan

    def removed(item):
        return {k for c in item.proposal.changes if c.question == "data_kinds" for k in set(c.before) - set(c.after or [])}

    short = _assess(_requests_sheet(version_history="no", retention="week"))
    items = [i for i in short.plan if i.proposal.tool == "sheet" and any(c.question == "data_kinds" for c in i.proposal.changes)]
    assert items
    for item in items:
        assert not removed(item) & _stored_kinds(apply_plan(short.audit, [item.key], CONTENT), "sheet"), item.key

    long = _assess(_requests_sheet(version_history="no"))
    for item in long.plan:
        if item.proposal.tool == "sheet" and removed(item) and not item.proposal.deletes and "+" not in item.key and not item.proposal.after_first:
            assert removed(item) <= _stored_kinds(apply_plan(long.audit, [item.key], CONTENT), "sheet"), item.key
            assert "stays until it is cleared" in item.proposal.detail
    # After the whole plan, nothing the plan stops collecting is counted gone unless something cleared it.
    after = apply_plan(long.audit, [i.key for i in long.plan], CONTENT)
    if "immigration_status" not in _stored_kinds(after, "sheet"):
        assert any(i.proposal.deletes and i.proposal.tool == "sheet" for i in long.plan)


def test_clearing_a_sheet_weekly_says_its_deleted_rows_stay_in_version_history():
    """Eighth review, M4: a weekly clear-out of a Google Sheet leaves every deleted row in its history."""
    a = _assess(_requests_sheet())
    weekly = [i for i in a.plan if i.proposal.tool == "sheet" and any(c.question == "retention" for c in i.proposal.changes)]
    assert weekly and all("Deleted rows stay in version history" in i.proposal.detail for i in weekly)
    paper = _assess(_notebook(kept_where="locked"))
    assert not any("version history" in i.proposal.detail for i in paper.plan if i.proposal.tool == "notebook")


def test_a_change_that_deletes_some_details_clears_only_those():
    """Eighth review, N1: "delete the names already stored" deletes names, not the immigration status or
    children's details the group merely stopped writing; an agreement about screenshots deletes none of them."""
    from auditor.engine.proposals import apply_plan

    sheet = _requests_sheet(version_history="no", data_kinds=["caller_identity", "contact_details", "minors_details", "immigration_status"])
    a = _assess(sheet)
    audit = a.audit
    after = apply_plan(audit, ["sheet:minimal-notes", "sheet:identities-out", "sheet:no-forwarding"], CONTENT)
    held = _stored_kinds(after, "sheet")
    assert {"minors_details", "immigration_status"} <= held  # stopped, still written
    assert not {"caller_identity", "contact_details"} & held  # deleted where stored
