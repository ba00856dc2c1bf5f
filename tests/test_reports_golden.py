"""Golden reports for the shipped examples (Markdown and JSON, full and summary).

The reports are deterministic (the date is fixed, nothing else depends on the
clock), so any difference is a real change in content, wording or scoring.
When it is intended, regenerate and review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_reports_golden.py
    git diff tests/golden/
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.audits.model import load_audit
from auditor.content.loader import examples_dir, load_content
from auditor.reports import render
from auditor.engine.assessment import Assessment

GOLDEN = Path(__file__).parent / "golden"
DATE = "2026-11-20"
EXAMPLES = sorted(examples_dir().glob("*.yaml"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = [(p, fmt, summary) for p in EXAMPLES for fmt in ("md", "json") for summary in (False, True)]


def golden_path(example: Path, fmt: str, summary: bool) -> Path:
    return GOLDEN / f"{example.stem}.{'summary' if summary else 'full'}.{fmt}"


@pytest.fixture(scope="module")
def content():
    return load_content()


@pytest.mark.parametrize(
    "example,fmt,summary", CASES, ids=[f"{p.stem}-{f}-{'summary' if s else 'full'}" for p, f, s in CASES]
)
def test_report_matches_golden(example, fmt, summary, content):
    # The examples' file name (not their folder) goes into the report, so golden files do not depend on the checkout.
    out = render(Assessment.of(load_audit(example, content), content), fmt, summary, date=DATE, source=example.name)
    if fmt == "json":
        # The report's JSON is one compact line; its golden is laid out so a change reads as a diff.
        assert out.count("\n") == 1
        out = json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
    path = golden_path(example, fmt, summary)
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run: UPDATE_GOLDEN=1 pytest {Path(__file__).name}"
    assert out == path.read_text(encoding="utf-8"), f"{path.name} differs; if intended: UPDATE_GOLDEN=1 pytest {Path(__file__).name}"


def test_no_golden_file_without_an_example():
    expected = {golden_path(p, f, s).name for p, f, s in CASES}
    stale = sorted(p.name for p in GOLDEN.iterdir() if p.suffix in (".md", ".json") and p.name != "README.md" and p.name not in expected)
    if UPDATE:
        for name in stale:
            (GOLDEN / name).unlink()
        stale = []
    assert stale == [], "golden files for examples that no longer exist; UPDATE_GOLDEN=1 removes them"
