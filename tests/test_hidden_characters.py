"""Bidi controls and invisible format characters are refused wherever a file is loaded, naming file, line and field.

A right-to-left override in a tool name ("\u202eSignal") reverses the sentence a report prints around it;
a zero-width space hides a difference between two names that look alike. Both are refused by the one YAML
loader, written raw or as an escape, in every text field. Zero-width joiners stay allowed between two
non-ASCII characters (Persian, Indic scripts and emoji need them) and are refused beside ASCII text.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from auditor.audits.model import parse_audit
from auditor.content import yamlio
from auditor.content.loader import load_content
from auditor.errors import InputError

HIDDEN = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad", "\U000e0041"]


@pytest.fixture(scope="module")
def content():
    return load_content()


def audit_text(field: str, value: str) -> str:
    """A small audit with ``value`` (a YAML scalar) in one of its text fields."""
    fields = {"title": "Spring", "profile_notes": "Notes", "name": "Dispatch chat", "notes": "Tool notes"}
    fields[field] = value
    return (
        "kind: audit\nformat: 1\n"
        f"title: {fields['title']}\n"
        f"profile_notes: {fields['profile_notes']}\n"
        "profile: {}\n"
        "tools:\n"
        "- id: t1\n"
        f"  name: {fields['name']}\n"
        "  catalog: whatsapp\n"
        f"  notes: {fields['notes']}\n"
    )


LINES = {"title": (3, "title"), "profile_notes": (4, "profile_notes"), "name": (8, "tools[0].name"), "notes": (10, "tools[0].notes")}


@pytest.mark.parametrize("char", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("field", sorted(LINES))
def test_a_hidden_character_written_raw_is_refused_naming_file_line_and_field(content, field, char):
    text = audit_text(field, f"Dispatch {char}tahc")
    with pytest.raises(InputError) as err:
        parse_audit(yamlio.parse(text, "group.yaml"), text, "group.yaml", content)
    problem = err.value.problems[0]
    assert (problem.file, problem.line, problem.field) == ("group.yaml", *LINES[field])
    assert f"U+{ord(char):04X}" in problem.message


@pytest.mark.parametrize("escape", ["\\u202e", "\\u2067", "\\u200b", "\\U000E0041"])
def test_a_hidden_character_written_as_an_escape_is_refused(content, escape):
    text = audit_text("name", f'"Signal {escape}lang"')
    with pytest.raises(InputError) as err:
        parse_audit(yamlio.parse(text, "group.yaml"), text, "group.yaml", content)
    assert (err.value.problems[0].line, err.value.problems[0].field) == (8, "tools[0].name")


def test_joiners_inside_persian_and_emoji_are_kept(content):
    persian = "می\u200cخواهم"
    family = "\U0001F469\u200d\U0001F467"
    text = audit_text("name", f'"{persian} {family}"')
    audit = parse_audit(yamlio.parse(text, "group.yaml"), text, "group.yaml", content)
    assert audit.tools[0].name == f"{persian} {family}"


def test_a_joiner_beside_latin_letters_is_refused(content):
    text = audit_text("name", "Sig\u200dnal")
    with pytest.raises(InputError, match="U\\+200D"):
        yamlio.parse(text, "group.yaml")


def test_every_format_character_is_covered():
    """The loader's list is Unicode's whole Cf category (the joiners aside): none is missed."""
    missed = [
        f"U+{cp:04X}" for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf" and cp not in (0x200C, 0x200D)
        and yamlio.hidden_character(f"a{chr(cp)}a") is None
    ]
    assert missed == []


def test_the_cli_refuses_the_file_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "group.yaml"
    path.write_text(audit_text("name", "\u202eSignal"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "auditor", "score", str(path)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "group.yaml:8" in out.stderr and "tools[0].name" in out.stderr and "U+202E" in out.stderr
    assert "Traceback" not in out.stderr


# -- every view isolates user text ----------------------------------------------------------------

RTL_NAME = "קבוצת חירום 3"  # Hebrew letters and a digit: allowed, and it must not pull the sentence around it


def _rtl_assessment(content, n_tools: int = 1):
    from auditor.engine.assessment import Assessment

    text = audit_text("name", RTL_NAME).replace("profile: {}", "profile: {formation: mutual_aid, team_size: 8}")
    data = yamlio.parse(text, "group.yaml")
    base = data["tools"][0]
    data["tools"] = [dict(base, id=f"t{i}", name=RTL_NAME if i == 0 else f"{RTL_NAME} {i}",
                          answers={"data_kinds": ["caller_identity"], "people_with_access": 9}) for i in range(n_tools)]
    return Assessment.of(parse_audit(data, None, "group.yaml", content), content)


def test_html_puts_every_user_name_in_bdi(content):
    import re

    from auditor.reports import render

    page = render(_rtl_assessment(content, 6), "html", date="2026-11-20")
    occurrences = [m.start() for m in re.finditer(re.escape(RTL_NAME), page)]
    assert occurrences
    for at in occurrences:
        before = page[max(0, at - 40):at]
        assert before.endswith('<bdi class="user">') or before.endswith("\u2068"), page[at - 80:at + 40]


def test_markdown_puts_every_user_name_between_isolates(content):
    import re

    from auditor.reports import render

    page = render(_rtl_assessment(content, 6), "md", date="2026-11-20")
    found = list(re.finditer(re.escape(RTL_NAME) + r"( \d)?", page))
    assert found
    for m in found:
        assert page[m.start() - 1] == "\u2068" and page[m.end()] == "\u2069", page[m.start() - 40:m.end() + 40]
