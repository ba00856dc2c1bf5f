"""One finding count and one unit everywhere: the app, `score --json`, the report and `diff` agree.

They all read the same typed assessment (one finding per rule and tool), so a coordinator never sees
"52 findings" in one place and "47" in another.
"""

from __future__ import annotations

import json
from pathlib import Path

from auditor.audits.diff import diff
from auditor.audits.model import load_audit
from auditor.cli import main
from auditor.content.loader import load_content
from auditor.engine.assessment import Assessment
from auditor.reports.document import build

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CONTENT = load_content()


def test_app_cli_report_and_diff_count_the_same_findings(capsys):
    path = EXAMPLES / "mutual-aid.yaml"
    audit = load_audit(path, CONTENT)
    a = Assessment.of(audit, CONTENT)
    count = a.finding_count()
    assert count == len(a.findings) == len({(f.rule, f.tool) for f in a.findings})
    assert main(["score", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["finding_count"] == len(data["findings"]) == count
    doc = build(a, date="2026-11-21")
    assert doc["finding_counts"]["total"] == count
    assert main(["score", str(path)]) == 0
    assert f"Findings ({count}," in capsys.readouterr().out


def test_diff_counts_what_each_cycle_counts_on_its_own():
    old = load_audit(EXAMPLES / "mutual-aid-cycle-1.yaml", CONTENT)
    new = load_audit(EXAMPLES / "mutual-aid-cycle-2.yaml", CONTENT)
    data = diff(old, new, CONTENT)
    assert data["counts"]["findings"] == {
        "old": Assessment.of(old, CONTENT).finding_count(),
        "new": Assessment.of(new, CONTENT).finding_count(),
    }
