"""The shareable summary is safe to hand to a funder or a partner: nothing in it identifies the group.

Every summary format of every shipped example, and of an audit with a distinctive string in every free-text
field, is searched for every string the audit holds (its title, id, file name, tool ids and names, the
catalog tools it uses, notes, roles and reasons of tracked actions): none may appear, in the content, the
HTML title and meta tags, the Markdown heading, the JSON or the default file name.
"""

from __future__ import annotations

import re

import pytest

from auditor.audits import actions
from auditor.audits.model import load_audit, parse_audit
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.reports import default_name, render
from auditor.reports.document import REMAINS_MORE

DATE = "2026-11-20"
FORMATS = ("md", "html", "json", "csv")
MIN_LENGTH = 4  # shorter strings ("t1", "no") are words of the report's own vocabulary too


@pytest.fixture(scope="module")
def content():
    return load_content()


def distinctive(content):
    raw = {
        "kind": "audit", "format": 1, "id": "0123456789abcdef0123456789abcdef",
        "title": "Quetzal Heights Tenants Union",
        "profile": {"formation": "mutual_aid", "team_size": 9, "serves": ["unhoused"]},
        "profile_notes": "We meet at the marmoset laundromat",
        "tools": [
            {"id": "capybara-chat", "name": "Capybara dispatch thread", "catalog": "whatsapp",
             "answers": {"data_kinds": ["caller_identity", "location"], "people_with_access": 30, "retention": "years"},
             "notes": "Narwhal keeps the admin password"},
            {"id": "pangolin-sheet", "name": "Pangolin intake ledger", "catalog": "google_sheets",
             "answers": {"data_kinds": ["situation_details", "criminalized_activity"], "people_with_access": 6},
             "notes": "axolotl"},
        ],
    }
    audit = parse_audit(raw, None, "quetzal-heights.yaml", content)
    a = Assessment.of(audit, content)
    keys = [p.key for p in a.proposals]
    actions.set_action(audit, keys[0], status="in_progress", role="kinkajou coordinator", due="2026-12-01")
    actions.set_action(audit, keys[1], status="dropped", reason="the ocelot funder requires a year")
    return Assessment.of(audit, content), "quetzal-heights.yaml"


def held_strings(a: Assessment, source: str) -> set[str]:
    audit = a.audit
    found = {audit.title, audit.id or "", audit.profile_notes, source, source.rsplit(".", 1)[0], audit.updated or ""}
    for tool in audit.tools:
        found |= {tool.id, tool.name, tool.notes}
        if tool.catalog:
            found |= {tool.catalog, a.content.catalog[tool.catalog].name}
    for record in audit.actions.values():
        found |= {str(record.get("role", "")), str(record.get("reason", ""))}
    return {s.strip() for s in found if len(s.strip()) >= MIN_LENGTH}


def cases(content):
    for path in sorted(examples_dir().glob("*.yaml")):
        yield Assessment.of(load_audit(path, content), content), path.name
    yield distinctive(content)


def test_no_summary_format_holds_any_string_of_the_audit(content):
    leaks = {}
    for a, source in cases(content):
        strings = held_strings(a, source)
        for fmt in FORMATS:
            out = render(a, fmt, True, date=DATE, source=source) + default_name(a, fmt, True, date=DATE, source=source)
            hits = [s for s in strings if s.lower() in out.lower()]
            if hits:
                leaks[f"{source} {fmt}"] = hits
    assert leaks == {}


def test_the_distinctive_audit_is_searched_for_what_the_full_report_shows(content):
    """The search finds what it looks for: the full report names the tools, notes and roles."""
    a, source = distinctive(content)
    full = render(a, "md", False, date=DATE, source=source)
    for s in ("Capybara dispatch thread", "Narwhal keeps the admin password", "kinkajou coordinator", "Quetzal Heights"):
        assert s in full


def test_what_remains_in_the_summary_names_no_finding(content):
    """A finding's title says what the group records ("criminalized activity is written down"): the summary's
    "what remains" says only what kind of thing remains, and points to no findings it does not contain."""
    for a, source in cases(content):
        titles = {a.content.rule(f.rule).title.lower() for f in a.findings}
        for fmt in FORMATS:
            out = render(a, fmt, True, date=DATE, source=source).lower()
            assert not [t for t in titles if t in out], (source, fmt)
            assert REMAINS_MORE.lower() not in out and "#finding-" not in out, (source, fmt)


def test_the_default_summary_name_is_the_date_and_the_word_summary(content):
    a, source = distinctive(content)
    assert default_name(a, "html", True, date=DATE, source=source) == f"{DATE}-summary.html"
    assert re.fullmatch(rf"{DATE}-quetzal-heights-full\.md", default_name(a, "md", False, date=DATE, source=source))
