"""The tool catalog as a trainer would check it (issue 11, catalog part).

Two layers:
- the format: multiple-choice facts say whether their list is complete, capabilities are a closed set of
  ids with sourced or noted values, a fact is only given where its question is asked of the tool's category;
  each is checked on a small catalog written to a temporary file, through the one loading path;
- the shipped content: one test per defect the review found (issue 11, items 1 and 2), plus the bar every
  entry meets (sourced and dated, or unknown with a note).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.content.loader import content_root, load_content
from auditor.content.model import CAPABILITIES, UNKNOWN
from auditor.errors import InputError

CONTENT = load_content()
CATALOG = CONTENT.catalog
CHECKLISTS = sorted((content_root() / "checklists").glob("*.yaml"))


def tool(tool_id: str):
    assert tool_id in CATALOG, f"no catalog tool {tool_id!r}"
    return CATALOG[tool_id]


def fact(tool_id: str, qid: str):
    t = tool(tool_id)
    assert qid in t.facts, f"{tool_id} has no {qid} fact"
    return t.facts[qid]


def cited(tool_id: str) -> set[str]:
    t = tool(tool_id)
    return {s for f in [*t.facts.values(), *t.capabilities.values()] for s in f.sources}


# -- the format ------------------------------------------------------------------

CATALOG_HEAD = """\
kind: catalog
format: 1
categories: %(categories)s
sources:
  S1: {title: "A source", where: "example.org", as_of: "2025"}
tools:
  - id: demo
    name: Demo
    category: %(category)s
    summary: A demo tool.
    facts:
%(facts)s
"""


def load_catalog(tmp_path: Path, facts: str, category: str = "messaging", extra: str = ""):
    path = tmp_path / "catalog.yaml"
    # The checklists name every shipped category, so the small catalog declares them all.
    head = CATALOG_HEAD % {"facts": facts, "category": category, "categories": json.dumps(CONTENT.categories)}
    path.write_text(head + extra, encoding="utf-8")
    return load_content(files=[*CHECKLISTS, path])


def problems_of(tmp_path: Path, facts: str, **kw) -> str:
    with pytest.raises(InputError) as exc:
        load_catalog(tmp_path, facts, **kw)
    return "\n".join(str(p) for p in exc.value.problems)


def test_a_multiple_choice_fact_must_say_whether_its_list_is_complete(tmp_path):
    msg = problems_of(tmp_path, '      provider_metadata: {value: [account_identity], sources: [S1], as_of: "2025"}')
    assert "complete" in msg and "catalog.yaml" in msg


def test_complete_is_read_into_the_model(tmp_path):
    content = load_catalog(
        tmp_path,
        '      provider_metadata: {value: [account_identity], complete: false, sources: [S1], as_of: "2025"}\n'
        '      retention: {value: until_deleted, sources: [S1], as_of: "2025"}',
    )
    demo = content.catalog["demo"]
    assert demo.facts["provider_metadata"].complete is False
    assert demo.facts["retention"].complete is None


def test_complete_belongs_only_to_multiple_choice_facts(tmp_path):
    msg = problems_of(tmp_path, '      retention: {value: until_deleted, complete: true, sources: [S1], as_of: "2025"}')
    assert "complete" in msg and "multiple-choice" in msg


def test_an_unknown_list_needs_no_complete_flag(tmp_path):
    content = load_catalog(tmp_path, '      legal_process: {value: unknown, as_of: "2025", note: "Not covered."}')
    assert content.catalog["demo"].facts["legal_process"].complete is None


CAPS = """\
    capabilities:
%s
"""


def test_capabilities_are_read_into_the_model(tmp_path):
    content = load_catalog(
        tmp_path,
        '      retention: {value: until_deleted, sources: [S1], as_of: "2025"}',
        extra=CAPS % ('      disappearing_messages: {value: "yes", sources: [S1], as_of: "2025"}\n'
                      '      two_factor: {value: unknown, as_of: "2025", note: "Check the security settings."}'),
    )
    caps = content.catalog["demo"].capabilities
    assert caps["disappearing_messages"].value == "yes" and caps["disappearing_messages"].sources == ("S1",)
    assert caps["two_factor"].value == UNKNOWN and caps["two_factor"].note


@pytest.mark.parametrize(
    "line, words",
    [
        ('      teleport: {value: "yes", sources: [S1], as_of: "2025"}', "teleport"),
        ('      two_factor: {value: unknown, as_of: "2025"}', "note"),
        ('      two_factor: {value: "yes", as_of: "2025"}', "sources"),
        ('      two_factor: {value: "maybe", sources: [S1], as_of: "2025"}', "maybe"),
        ('      two_factor: {value: "yes", sources: [NOPE], as_of: "2025"}', "NOPE"),
    ],
)
def test_bad_capabilities_are_refused_with_the_field_named(tmp_path, line, words):
    with pytest.raises(InputError) as exc:
        load_catalog(tmp_path, '      retention: {value: until_deleted, sources: [S1], as_of: "2025"}', extra=CAPS % line)
    msg = "\n".join(str(p) for p in exc.value.problems)
    assert words in msg and "capabilities" in msg


def test_a_fact_is_refused_where_its_question_is_not_asked(tmp_path):
    # Paper is not asked about encryption: a catalog cannot give an analog tool an e2ee fact.
    msg = problems_of(tmp_path, '      e2ee: {value: always, sources: [S1], as_of: "2025"}', category="analog")
    assert "e2ee" in msg and "analog" in msg


def test_capability_ids_are_the_contracts():
    assert set(CAPABILITIES) == {
        "e2ee_backup", "disappearing_messages", "auto_delete", "hide_phone_number", "admin_only_adds", "e2ee_setting", "two_factor",
        "call_log_delete", "delete_clears", "user_delete",
    }


# -- the new questions ----------------------------------------------------------


def test_new_provider_questions_are_catalog_facts_with_a_why():
    q = CONTENT.questions
    assert [c.id for c in q["stores_content"].choices] == ["none", "devices", "group", "provider"]
    assert [c.risk for c in q["stores_content"].choices] == [0, 1, 1, 2]
    assert q["content_exceptions"].type == "multi"
    assert set(q["content_exceptions"].choice_ids) == {"reported_messages", "unencrypted_spaces", "outside_parties", "cloud_features"}
    assert q["version_history"].type == "yesno" and q["version_history"].risky == "yes"
    assert q["sells_data"].type == "yesno" and q["sells_data"].risky == "yes"
    for qid in ("stores_content", "content_exceptions", "version_history", "sells_data"):
        assert q[qid].catalog_fact and q[qid].why and q[qid].section == "provider", qid


def test_new_categories_exist():
    assert {"device", "social", "payments", "scheduling", "transcription"} <= set(CONTENT.categories)


@pytest.mark.parametrize("qid", ["e2ee", "provider_metadata", "legal_process", "phone_number_identity", "transparency_report", "user_notice", "jurisdiction", "content_exceptions", "sells_data"])
def test_paper_is_not_asked_about_providers_logins_or_encryption(qid):
    assert not CONTENT.questions[qid].asked_for("analog")


def test_a_device_is_not_asked_about_end_to_end_encryption():
    assert not CONTENT.questions["e2ee"].asked_for("device")
    assert not CONTENT.questions["content_exceptions"].asked_for("device")


# -- the bar every entry meets ----------------------------------------------------


def test_at_least_40_tools_with_the_ones_groups_really_use():
    assert len(CATALOG) >= 40
    wanted = {
        "instagram_dms": "social", "facebook_page_inbox": "social", "public_social_page": "social", "aircall": "hotline",
        "openphone": "phone", "google_meet": "calls", "jitsi_meet": "calls", "briar": "messaging", "notion": "documents",
        "calendly": "scheduling", "groupme": "messaging", "venmo": "payments", "cash_app": "payments",
        "ai_notetaker": "transcription", "personal_phone": "device", "outlook": "email",
    }
    for tid, category in wanted.items():
        assert tool(tid).category == category, tid


def test_every_fact_and_capability_is_sourced_and_dated_or_unknown_with_a_note():
    for t in CATALOG.values():
        assert t.summary and t.category in CONTENT.categories
        for kind, entries in (("fact", t.facts), ("capability", t.capabilities)):
            for key, f in entries.items():
                assert f.as_of, (t.id, key)
                if f.value == UNKNOWN:
                    assert f.note, f"{t.id}: unknown {kind} {key} needs a note"
                else:
                    assert f.sources and all(s in CONTENT.sources for s in f.sources), (t.id, key)


def test_every_tool_states_every_capability():
    for t in CATALOG.values():
        assert set(t.capabilities) == set(CAPABILITIES), (t.id, set(CAPABILITIES) - set(t.capabilities))


def test_every_list_says_whether_it_is_complete():
    for t in CATALOG.values():
        for qid, f in t.facts.items():
            if CONTENT.questions[qid].type == "multi" and f.value != UNKNOWN:
                assert f.complete in (True, False), (t.id, qid)


def test_every_tool_says_where_its_content_lives():
    for t in CATALOG.values():
        assert "stores_content" in t.facts, t.id


def test_stores_content_for_the_reviewed_tools():
    expected = {
        "signal": "devices", "whatsapp": "devices", "slack": "provider", "google_sheets": "provider", "google_docs": "provider",
        "google_forms": "provider", "gmail": "provider", "twilio": "provider", "telegram_cloud": "provider",
        "paper_notes": "group", "face_to_face": "none", "prepaid_phone": "devices",
    }
    for tid, where in expected.items():
        assert fact(tid, "stores_content").value == where, tid


# -- issue 11 item 1: incomplete lists read as complete ---------------------------------


@pytest.mark.parametrize("tid", ["discord", "wire", "zoom", "microsoft_teams", "microsoft_365", "outlook"])
def test_partial_metadata_lists_are_marked_incomplete(tid):
    f = fact(tid, "provider_metadata")
    assert f.value == UNKNOWN or f.complete is False


def test_a_list_is_complete_only_where_the_sources_show_it():
    # Signal's published subpoena responses are the one case our sources show a whole list.
    complete = {(t.id, qid) for t in CATALOG.values() for qid, f in t.facts.items() if f.complete}
    allowed_complete_lists = {("signal", "provider_metadata"), ("signal", "legal_process")}
    for tid, qid in complete:
        if qid == "content_exceptions" and not fact(tid, qid).value:
            continue  # "none documented" on a tool that is not end-to-end encrypted at all
        assert (tid, qid) in allowed_complete_lists, (tid, qid)


def test_staff_email_on_microsoft_is_email_with_communication_records():
    outlook = tool("outlook")
    assert outlook.category == "email"
    assert "communication_records" in fact("outlook", "provider_metadata").value
    assert tool("microsoft_365").category == "documents"
    assert "Outlook" not in tool("microsoft_365").name


# -- issue 11 item 2: overclaimed safety ----------------------------------------------------


def test_element_is_not_always_encrypted():
    e2ee = fact("element", "e2ee").value
    exceptions = tool("element").facts.get("content_exceptions")
    assert e2ee != "always" or (exceptions and "unencrypted_spaces" in exceptions.value and exceptions.sources)


@pytest.mark.parametrize("tid", ["paper_notes", "face_to_face"])
def test_analog_tools_claim_no_encryption_and_no_provider(tid):
    facts = tool(tid).facts
    for qid in ("e2ee", "provider_metadata", "legal_process", "user_notice", "jurisdiction", "transparency_report"):
        assert qid not in facts, (tid, qid)


def test_face_to_face_says_members_can_be_compelled_to_testify():
    assert "testify" in tool("face_to_face").summary.lower()
    assert "team meeting" not in [a.lower() for a in tool("face_to_face").aliases]


def test_paper_does_not_promise_notice_of_a_search():
    notice = tool("paper_notes").facts.get("user_notice")
    assert notice is None or notice.value != "user"


def test_the_prepaid_phone_backup_is_not_assumed_away():
    f = fact("prepaid_phone", "cloud_backup")
    assert f.value == UNKNOWN and "Google" in f.note


@pytest.mark.parametrize("tid", ["google_sheets", "google_docs"])
def test_google_documents_keep_version_history(tid):
    f = fact(tid, "version_history")
    assert f.value == "yes" and f.sources


def test_whatsapp_reported_messages_are_readable_by_meta():
    f = fact("whatsapp", "content_exceptions")
    assert "reported_messages" in f.value and f.sources and f.complete is False


@pytest.mark.parametrize("tid", ["facebook_messenger", "proton_mail"])
def test_readable_mail_and_page_chats_are_not_called_encrypted_backups(tid):
    assert fact(tid, "cloud_backup").value != "e2ee"
    assert "outside_parties" in fact(tid, "content_exceptions").value


GENERIC = {"team meeting", "meeting", "hotline service", "ivr", "call center software", "cloud telephony", "spreadsheet", "cell phone", "phone", "video call", "chat", "email"}


def test_aliases_are_unique_and_brand_tools_carry_no_generic_alias():
    seen: dict[str, str] = {}
    for t in CATALOG.values():
        for name in (t.name, *t.aliases):
            key = name.lower()
            assert key not in seen or seen[key] == t.id, f"{name!r} names both {seen.get(key)} and {t.id}"
            seen[key] = t.id
        if not t.id.startswith("other_"):
            assert not {a.lower() for a in t.aliases} & GENERIC, (t.id, t.aliases)


def test_hotline_aliases_do_not_give_every_hotline_twilios_facts():
    assert {a.lower() for a in tool("twilio").aliases} & {"hotline service", "ivr", "call center software", "cloud telephony"} == set()
    generic = tool("other_hotline_service")
    assert "hotline service" in [a.lower() for a in generic.aliases]
    assert all(f.value == UNKNOWN for qid, f in generic.facts.items() if qid != "stores_content")


def test_aggregator_sources_are_marked_secondary():
    for sid in ("WA5", "SG3"):
        assert "secondary" in CONTENT.sources[sid].title.lower(), sid


def test_a_teams_page_is_not_cited_for_outlook_or_onedrive():
    assert "MS1" not in cited("outlook")
    assert "MS1" not in cited("microsoft_365")


def test_proton_drive_cites_no_mail_incident():
    assert not cited("proton_drive") & {"PR1", "PR2", "PR3", "PR4"}


# -- the command line --------------------------------------------------------------------


def test_catalog_json_lists_the_tools_with_capabilities(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "auditor", "catalog", "--json"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert len(data["tools"]) >= 40
    signal = next(t for t in data["tools"] if t["id"] == "signal")
    assert signal["capabilities"]["disappearing_messages"]["value"] == "yes"
    assert signal["facts"]["provider_metadata"]["complete"] is True
