"""No valid audit makes any reading command fail with exit 70 (an internal error).

Hypothesis builds audits that pass the schema and the answer checks, from the checklists'
question types (choice, multi, count, yesno, "unknown") and the catalog's tools, writes them,
and runs every command that reads an audit in process: score, score --json, report in each
format (full and summary), validate, diff against another valid audit, exercise, history.
Exit 0 or 2 only; examples are bounded so the whole test stays well under 30 s.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.audits.model import Audit, Tool, dump_audit, load_audit
from auditor.cli import main
from auditor.content.loader import load_content
from auditor.content.model import UNKNOWN

CONTENT = load_content()
COUNT_BOUND = 10_000


def _answer(q):
    if q.type == "count":
        return st.one_of(st.just(UNKNOWN), st.integers(0, q.max or COUNT_BOUND))
    if q.type == "multi":
        return st.one_of(st.just(UNKNOWN), st.lists(st.sampled_from(q.choice_ids), unique=True, max_size=len(q.choice_ids)))
    return st.one_of(st.just(UNKNOWN), st.sampled_from(q.choice_ids))


def _answers(questions):
    questions = list(questions)
    return st.fixed_dictionaries({}, optional={q.id: _answer(q) for q in questions})


# Free text with what breaks renderers: markup, formula starters, non-ASCII (control characters are refused
# by the schema, so a valid audit has none).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=30) | st.sampled_from(["[/b]", "<script>", "=1+1", "| a |", "**x**"])


@st.composite
def audits(draw) -> Audit:
    tools = []
    for i in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            catalog = draw(st.sampled_from(sorted(CONTENT.catalog)))
            tool = Tool(id=f"t{i}", name=draw(TEXT) or "tool", catalog=catalog)
        else:
            tool = Tool(id=f"t{i}", name=draw(TEXT) or "tool", category=draw(st.sampled_from(sorted(CONTENT.categories))))
        from auditor.audits.model import questions_for

        tool.answers = draw(_answers(questions_for(tool, CONTENT)))
        tool.notes = draw(TEXT)
        tools.append(tool)
    audit = Audit(title=draw(TEXT), profile=draw(_answers(CONTENT.profile_questions)), tools=tools, profile_notes=draw(TEXT))
    audit.touch()
    return audit


COMMANDS = [
    ["score", "{a}"],
    ["score", "--json", "{a}"],
    *(["report", "{a}", "-f", fmt, "-o", "-", *summary] for fmt in ("md", "html", "json", "csv") for summary in ([], ["--summary"])),
    ["validate", "{a}"],
    ["diff", "{b}", "{a}"],
    ["diff", "--json", "{a}", "{b}"],
    ["exercise", "{a}"],
    ["history", "{b}", "{a}"],
]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(a=audits(), b=audits())
def test_no_valid_audit_makes_a_reading_command_exit_70(a, b, capsys):
    with tempfile.TemporaryDirectory() as tmp:
        paths = {"a": Path(tmp) / "a.yaml", "b": Path(tmp) / "b.yaml"}
        for key, audit in (("a", a), ("b", b)):
            paths[key].write_text(dump_audit(audit))
            load_audit(paths[key], CONTENT)  # the strategy only makes valid audits
        for argv in COMMANDS:
            argv = [part.format(**paths) for part in argv]
            code = main(argv)
            out, err = capsys.readouterr()
            assert code in (0, 2), (argv, code, err[-2000:])
            assert "internal error" not in err, (argv, err[-2000:])


@pytest.mark.parametrize("qtype", ["choice", "multi", "count", "yesno"])
def test_the_strategy_covers_every_question_type(qtype):
    assert any(q.type == qtype for q in CONTENT.questions.values())
