"""'What if this happened?' exercises: scenarios as data, instantiated from each example's own records."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from auditor.audits.model import open_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.engine.records import RECORDS
from auditor.facilitation import exercise
from auditor.facilitation.scenarios import load_scenarios

EXAMPLES = sorted(examples_dir().glob("*.yaml"))
SHIPPED = {"subpoena-provider", "seize-phone", "mandated-reporter", "screenshot-forwarded"}


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture(scope="module")
def scenarios(content):
    return load_scenarios(content)


def test_the_issue_scenarios_ship(scenarios):
    ids = {s.id for s in scenarios}
    assert SHIPPED <= ids and len(ids) >= 4
    for s in scenarios:
        assert all(r.record in RECORDS for r in s.reaches)
        assert s.questions and s.prompt


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_exercises_trace_to_the_assessments_records(path, content, scenarios):
    a = Assessment.of(open_audit(path, content), content)
    exercises = exercise.build(a, scenarios)
    instantiated = [ex for ex in exercises if ex.instances]
    assert len(instantiated) >= 4, [ex.scenario.id for ex in instantiated]
    records = a.records
    plan_keys = {item.key for item in a.plan}
    tool_names = {t.id: t.name for t in a.audit.tools}
    for ex in exercises:
        for inst in ex.instances:
            assert inst.tool_name == tool_names[inst.tool]
            assert inst.exposed
            for e in inst.exposed:
                # the very record object of this assessment, on this tool, of a kind the scenario reaches
                assert any(e.record is r for r in records)
                assert e.record.tool == inst.tool
                assert e.record.kind in ex.scenario.records
            for item in inst.plan:
                assert item.key in plan_keys and item.proposal.tool == inst.tool
                # the item fixes a finding about a record the scenario reaches, on this tool
                assert any(
                    f.tool == inst.tool and f.exposure in ex.scenario.records and item.key in a.fixed_by.get((f.rule, f.tool), ())
                    for f in a.findings
                )
    text = exercise.render_text(exercises)
    assert "What would be exposed" in text and "Talk about it" in text


def test_text_and_html_output(tmp_path, monkeypatch, capsys):
    example = examples_dir() / "mutual-aid.yaml"
    assert main(["exercise", str(example)]) == 0
    out = capsys.readouterr().out
    assert "A subpoena arrives at the provider of WhatsApp group \"Neighbours helping neighbours\"" in out
    assert "since when:" in out and "about: " in out
    monkeypatch.chdir(tmp_path)
    assert main(["exercise", str(example), "--format", "html"]) == 0
    written = list((tmp_path / "reports").glob("*-mutual-aid-exercises.html"))
    assert len(written) == 1 and stat.S_IMODE(written[0].stat().st_mode) == 0o600
    page = written[0].read_text()
    assert page.count('<section class="scenario"') >= 4
    assert "break-after: page" in page
    assert "<script" not in page.lower() and not re.search(r"(src|href)\s*=", page)
    target = tmp_path / "ex.html"
    assert main(["exercise", str(example), "-f", "html", "-o", str(target)]) == 0
    assert main(["exercise", str(example), "-f", "html", "-o", str(target)]) == 2
    assert "never overwritten" in capsys.readouterr().err



def test_an_exercises_page_names_the_audit_it_comes_from(tmp_path, monkeypatch, capsys):
    """Stamped like an HTML report (reports/stamp.py), so `auditor forget` proves it is the audit's and
    deletes it with the audit; a file saved before audits had ids gives a page without one."""
    from auditor.audits.model import load_audit, save_audit
    from auditor.reports import stamp

    monkeypatch.chdir(tmp_path)
    content = load_content()
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    save_audit(audit, tmp_path / "group.yaml")  # the first save gives the file its id
    assert audit.id
    assert main(["exercise", "group.yaml", "-f", "html"]) == 0
    (page,) = (tmp_path / "reports").iterdir()
    text = page.read_text()
    assert f'<meta name="auditor-audit-id" content="{audit.id}">' in text.split("</head>")[0]
    assert stamp.read(page.name, text) == audit.id
    assert main(["forget", "group.yaml", "--yes"]) == 0
    assert not page.exists() and not (tmp_path / "group.yaml").exists()
    assert main(["exercise", str(examples_dir() / "mutual-aid.yaml"), "-f", "html", "-o", "old.html"]) == 0
    assert "auditor-audit-id" not in (tmp_path / "old.html").read_text()


HOSTILE = '<script>alert(1)</script> [/bold] {tool} {0} & "quoted"'


def test_hostile_tool_names_stay_literal(tmp_path, content, scenarios):
    audit = tmp_path / "hostile.yaml"
    audit.write_text(
        "kind: audit\nformat: 1\ntitle: t\nprofile: {}\ntools:\n"
        f"  - id: chat\n    name: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n    catalog: whatsapp\n"
        "    answers: {data_kinds: [situation_details], forwarding: often, people_with_access: 12, mandated_with_access: 1,"
        " purpose: [dispatch]}\n",
        encoding="utf-8",
    )
    a = Assessment.of(open_audit(audit, content), content)
    exercises = exercise.build(a, scenarios)
    assert any(inst.tool_name == HOSTILE for ex in exercises for inst in ex.instances)
    text = exercise.render_text(exercises)
    assert "A subpoena arrives at the provider of " + HOSTILE in text
    html = exercise.render_html(exercises, a.audit.title)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [/bold] {tool} {0} &amp; &quot;quoted&quot;" in html


def test_a_facilitators_own_scenario(tmp_path, capsys):
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "breach.yaml").write_text(
        "kind: scenario\nformat: 1\nid: our-breach\ntitle: 'The provider of {tool} is breached'\n"
        "prompt: Someone breaks into the provider's servers.\n"
        "reaches: [{record: content, held_by: [provider]}, {record: provider_metadata}]\n"
        "questions: [What would a stranger learn?]\n",
        encoding="utf-8",
    )
    assert main(["exercise", str(examples_dir() / "mutual-aid.yaml"), "--scenarios", str(folder)]) == 0
    assert "The provider of Requests spreadsheet is breached" in capsys.readouterr().out


@pytest.mark.parametrize(
    "body, line, field, words",
    [
        ("reaches: [{record: emails}]\n", 5, "reaches[0].record", "is not a record"),
        ("reaches: [{record: content, held_by: [cloud]}]\n", 5, "reaches[0].held_by[0]", "is not one of"),
        ("reaches: [{record: content}]\napplies_to: {categories: [fax]}\n", 6, "applies_to.categories[0]", "not a tool category"),
        ("reaches: [{record: content}]\napplies_to: {answers: [{question: retention, at_least: forever}]}\n", 6, "applies_to.answers[0].at_least", "not one of"),
        ("reaches: [{record: content}]\nsources: [{report: Chapter 9}]\n", 6, "sources[0].report", "not a section"),
        ("reaches: [{record: content}]\ncolour: red\n", None, None, "unknown field"),
    ],
)
def test_bad_scenarios_name_file_line_and_field(tmp_path, capsys, body, line, field, words):
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = folder / "bad.yaml"
    bad.write_text(
        "kind: scenario\nformat: 1\nid: bad\ntitle: 'Bad {tool}'\n" + body + "prompt: p\nquestions: [q]\n",
        encoding="utf-8",
    )
    assert main(["exercise", str(examples_dir() / "mutual-aid.yaml"), "--scenarios", str(folder)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and words in err and "Traceback" not in err
    if line is not None:
        assert f"{bad}:{line}" in err
    if field is not None:
        assert field in err


def test_missing_scenario_folder_is_exit_2(tmp_path, capsys):
    assert main(["exercise", str(examples_dir() / "mutual-aid.yaml"), "--scenarios", str(tmp_path / "nope")]) == 2
    assert "folder not found" in capsys.readouterr().err
