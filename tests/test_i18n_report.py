"""A Spanish report golden file: `auditor report examples/mutual-aid.yaml --lang es --format md`.

The audit's answers are ids, so the same audit reports in either language. Regenerate when the wording
(the Spanish catalog or the content overlays) changes on purpose, and read the diff:

    UPDATE_GOLDEN=1 pytest tests/test_i18n_report.py
    git diff tests/golden/es/
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from auditor import i18n
from auditor.cli import main
from auditor.content.loader import examples_dir

GOLDEN = Path(__file__).parent / "golden" / "es" / "mutual-aid.full.md"
DATE = "2026-11-20"


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.choose("en")


def test_spanish_markdown_report_matches_golden(capsys, monkeypatch):
    monkeypatch.chdir(examples_dir())  # the report names the audit file, not the checkout's folders
    assert main(["report", "mutual-aid.yaml", "--lang", "es", "--format", "md", "--date", DATE, "-o", "-"]) == 0
    out = capsys.readouterr().out
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(out, encoding="utf-8")
    assert GOLDEN.exists(), "no Spanish golden file; run: UPDATE_GOLDEN=1 pytest tests/test_i18n_report.py"
    assert out == GOLDEN.read_text(encoding="utf-8"), "the Spanish report differs; if intended: UPDATE_GOLDEN=1 pytest tests/test_i18n_report.py"


def test_same_audit_reports_in_both_languages(capsys, monkeypatch):
    monkeypatch.chdir(examples_dir())
    assert main(["report", "mutual-aid.yaml", "--lang", "en", "--format", "md", "--date", DATE, "-o", "-"]) == 0
    english = capsys.readouterr().out
    assert "## Start here" in english and "## Empiecen aquí" not in english
    spanish = GOLDEN.read_text(encoding="utf-8")
    assert "## Empiecen aquí" in spanish and "## Start here" not in spanish
    assert english.count("\n| ") == spanish.count("\n| ")  # the same tables, row for row


def test_spanish_column_headers_name_each_threat(capsys, monkeypatch):
    """Narrow columns name a threat by its ruleset's short name, translated: not the first word of a
    long title ("Personas" of "Personas obligadas a reportar" names no threat at all)."""
    monkeypatch.chdir(examples_dir())
    assert main(["report", "mutual-aid.yaml", "--lang", "es", "--format", "html", "--date", DATE, "-o", "-"]) == 0
    html = capsys.readouterr().out
    plan = html[html.index('<table class="plan'):]
    heads = re.findall(r'<th scope="col" class="num">([^<]+)</th>', plan[: plan.index("</thead>")])
    assert heads == ["#", "Citaciones", "Metadatos", "Chismes y rumores", "Deber de reportar"], heads
