"""Tracked actions (role, due date, status) from the CLI to the next cycle, the diff and the report;
the shared vocabulary; CSV a spreadsheet can sort; projections that never promise zero."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from auditor.audits import actions
from auditor.audits.model import load_audit
from auditor.cli import main
from auditor.content.loader import examples_dir, load_content
from auditor.engine.assessment import Assessment
from auditor.errors import InputError
from auditor.reports import render, vocab
from auditor.reports.document import MINOR_WEIGHT, build

DATE = "2026-11-20"
ROLE = "on-call coordinator"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.fixture()
def audit_file(tmp_path):
    path = tmp_path / "audit.yaml"
    shutil.copy(examples_dir() / "mutual-aid.yaml", path)
    return path


def _first_key(path, content) -> str:
    a = Assessment.of(load_audit(path, content), content)
    return a.proposals[0].key


def test_action_command_sets_role_due_and_status(audit_file, content, capsys):
    key = _first_key(audit_file, content)
    assert main(["action", str(audit_file), key, "--status", "in_progress", "--role", ROLE, "--due", "2026-12-31"]) == 0
    audit = load_audit(audit_file, content)
    assert audit.actions[key] == {"status": "in_progress", "role": ROLE, "due": "2026-12-31"}
    assert key in audit.agreed
    assert main(["action", str(audit_file), key, "--status", "dropped", "--reason", "no time this cycle"]) == 0
    audit = load_audit(audit_file, content)
    assert audit.actions[key]["status"] == "dropped" and key not in audit.agreed
    assert audit.actions[key]["reason"] == "no time this cycle" and audit.actions[key]["role"] == ROLE
    capsys.readouterr()
    assert main(["action", str(audit_file)]) == 0
    listing = capsys.readouterr().out
    assert key in listing and "dropped" in listing


def test_action_command_refuses_unknown_keys_bad_dates_and_contact_details(audit_file, content, capsys):
    key = _first_key(audit_file, content)
    assert main(["action", str(audit_file), "nowhere:nothing"]) == 2
    assert main(["action", str(audit_file), key, "--due", "31/12/2026"]) == 2
    assert main(["action", str(audit_file), key, "--role", "call Ana on 555 123 4567"]) == 2
    assert main(["action", str(audit_file), key, "--role", "ana@example.org"]) == 2
    assert "never a name" in capsys.readouterr().err
    assert load_audit(audit_file, content).actions == {}


def test_old_files_without_actions_still_load(content):
    for path in examples_dir().glob("*.yaml"):
        audit = load_audit(path, content)
        for key in audit.agreed:  # an agreed key without a record of its own reads as agreed
            if key not in audit.actions:
                assert actions.status_of(audit, key) == "agreed"


def test_actions_survive_cycle_new_and_show_in_diff(audit_file, content, tmp_path, capsys):
    key = _first_key(audit_file, content)
    actions_args = ["action", str(audit_file), key, "--status", "agreed", "--role", ROLE, "--due", "2026-12-31"]
    assert main(actions_args) == 0
    new = tmp_path / "next.yaml"
    assert main(["cycle", "new", str(audit_file), "-o", str(new)]) == 0
    carried = load_audit(new, content)
    assert carried.actions[key] == {"status": "agreed", "role": ROLE, "due": "2026-12-31"}
    assert main(["action", str(new), key, "--status", "done"]) == 0
    capsys.readouterr()
    assert main(["diff", str(audit_file), str(new)]) == 0
    out = capsys.readouterr().out
    assert "done" in out and ROLE in out and "due 2026-12-31" in out
    assert main(["diff", "--json", str(audit_file), str(new)]) == 0
    data = json.loads(capsys.readouterr().out)
    item = next(p for p in data["plan"] if p["key"] == key)
    assert item["action"] == {"status": "done", "role": ROLE, "due": "2026-12-31", "reason": ""}


def test_report_shows_tracked_actions_but_the_summary_keeps_roles_out(audit_file, content):
    key = _first_key(audit_file, content)
    assert main(["action", str(audit_file), key, "--status", "in_progress", "--role", ROLE, "--due", "2026-12-31"]) == 0
    a = Assessment.of(load_audit(audit_file, content), content)
    full = build(a, date=DATE)
    item = next(p for p in full["plan"]["proposals"] if p["key"] == key)
    assert item["status"] == "in_progress" and item["action"]["role"] == ROLE
    for fmt in ("md", "html"):
        assert ROLE in render(a, fmt, date=DATE)
    assert "in progress" in render(a, "html", date=DATE)
    for fmt in ("md", "html", "json", "csv"):
        summary = render(a, fmt, True, date=DATE)
        assert ROLE not in summary and "2026-12-31" not in summary
    assert build(a, True, date=DATE)["actions"]["in_progress"] == 1


def test_setting_actions_needs_valid_values(content):
    audit = load_audit(examples_dir() / "mutual-aid.yaml", content)
    with pytest.raises(InputError):
        actions.set_action(audit, "x:y", status="finished")
    with pytest.raises(InputError):
        actions.set_action(audit, "x:y", due="2026-02-30")


# -- one vocabulary, CSV that sorts, no promise of zero --------------------------


@pytest.fixture(scope="module")
def mutual_aid(content):
    return Assessment.of(load_audit(examples_dir() / "mutual-aid.yaml", content), content)


def test_one_vocabulary_in_every_format(mutual_aid):
    doc = json.loads(render(mutual_aid, "json", date=DATE))
    assert doc["vocabulary"] == vocab.table()
    md, page = render(mutual_aid, "md", date=DATE), render(mutual_aid, "html", date=DATE)
    for p in doc["plan"]["proposals"]:
        words = vocab.effort(p["effort"])
        assert words in md and words in page
    for c in doc["cards"]:
        assert vocab.severity(doc["rules"][c["rule"]]["severity"]) in page
    assert "some effort" in md and " medium " not in md.replace("| medium ", "")


def test_csv_numbers_are_numbers_and_ranks_sort(mutual_aid):
    doc = build(mutual_aid, date=DATE)
    rows = list(csv.DictReader(io.StringIO(render(mutual_aid, "csv", date=DATE).removeprefix("\ufeff"))))
    scores = [r for r in rows if r["row_type"] == "score"]
    assert [int(r["score"]) for r in scores] == [t["score"] for t in doc["threats"]]
    findings = [r for r in rows if r["row_type"] == "finding"]
    for t in doc["threats"]:
        total = sum(float(r[f"points_{t['id']}"] or 0) for r in findings)
        assert total == pytest.approx(t["points"])  # the parts add up to the whole
    ranks = [int(r["rank"]) for r in findings]
    assert ranks == sorted(ranks)
    weights = {}
    for r in findings:
        weights[int(r["rank"])] = weights.get(int(r["rank"]), 0) + sum(float(r[f"points_{t['id']}"] or 0) for t in doc["threats"])
    ordered = [weights[k] for k in sorted(weights)]
    assert ordered == sorted(ordered, reverse=True)  # rank 1 is the heaviest rule
    proposals = [r for r in rows if r["row_type"] == "proposal"]
    assert all(r["effort_rank"] in ("1", "2", "3") and r["severity_rank"] == "" for r in proposals)
    assert all(int(r["severity_rank"]) == vocab.severity_rank(r["severity"]) for r in findings)
    for r in proposals:
        for t in doc["threats"]:
            int(r[f"reduction_{t['id']}"]), int(r[f"after_{t['id']}"])


def test_a_projected_zero_is_never_promised(mutual_aid):
    doc = build(mutual_aid, date=DATE)
    # What no change removes keeps every projection above zero, and the report says what remains and why.
    assert all(t["after_plan"] > 0 for t in doc["threats"])
    assert doc["residual"]["measured"] and not doc["residual"]["not_measured"]
    assert doc["residual"]["items"] and all(i["why"] for i in doc["residual"]["items"])
    for fmt in ("md", "html"):
        out = render(mutual_aid, fmt, date=DATE)
        assert "What remains" in out and "no change the group controls removes it" in out
    summary = render(mutual_aid, "md", True, date=DATE)
    assert "What remains" in summary


def test_start_here_leads_and_summary_top_actions_are_general(mutual_aid):
    full = build(mutual_aid, date=DATE)
    assert 3 <= len(full["start_here"]["top"]) <= 5
    assert [i["rank"] for i in full["start_here"]["top"]] == list(range(1, len(full["start_here"]["top"]) + 1))
    assert all(i["change_words"] for i in full["start_here"]["top"])
    summary = build(mutual_aid, True, date=DATE)
    for item in summary["start_here"]["top"]:
        assert set(item) == {"rank", "kind", "kind_label", "effort", "deletes", "lowers", "score_reduction", "running", "status", "copies"}
    for name in (t.name for t in mutual_aid.audit.tools):
        assert name not in summary["start_here"]["most_exposed"]
    # A shared summary whose first changes delete still says what comes before deleting.
    assert any(item["deletes"] for item in summary["start_here"]["top"])
    for fmt in ("md", "html"):
        assert "Before deleting: once legal process is known or expected" in render(mutual_aid, fmt, True, date=DATE)
    md = render(mutual_aid, "md", date=DATE)
    assert md.index("## Start here") < md.index("## Scores per threat") < md.index("## The plan") < md.index("## Findings")


def test_plan_changes_name_only_what_changes(mutual_aid):
    doc = build(mutual_aid, date=DATE)
    for p in doc["plan"]["proposals"]:
        # Two changes carried out together may each stop some details: what either stops is said once.
        stopped = {v for c in p["changes"] if isinstance(c["before"], list) and isinstance(c["after"], list)
                   for v in c["before"] if v not in c["after"]}
        for c in p["changes"]:
            if isinstance(c["before"], list) and isinstance(c["after"], list) and c["after"]:
                kept = [v for v in c["after"] if v in c["before"] and v not in stopped]
                text = " ".join(p["change_words"])
                assert "stop keeping" in text or "no longer" in text or "add" in text
                # what stays is not repeated
                q = mutual_aid.content.questions[c["question"]]
                for v in kept:
                    label = q.label_of(v).split(":")[0].lower()
                    assert f"stop keeping: {label}" not in text


def test_findings_cards_link_to_the_plan_items_that_fix_them(mutual_aid):
    doc = build(mutual_aid, date=DATE)
    ranks = {p["rank"] for p in doc["plan"]["proposals"]}
    assert len({c["rule"] for c in doc["cards"]}) == len(doc["cards"])
    assert any(c["fixed_by"] for c in doc["cards"])
    assert all(set(c["fixed_by"]) <= ranks for c in doc["cards"])
    page = render(mutual_aid, "html", date=DATE)
    for c in doc["cards"]:
        if c["weight"] < MINOR_WEIGHT:
            continue  # smaller findings are a line each, without links
        for r in c["fixed_by"]:
            assert f'href="#plan-{r}"' in page and f'id="plan-{r}"' in page
