"""The broken-file corpus: every bad input gets file:line: field: message, exit 2, no traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

BROKEN = Path(__file__).parent / "broken"

# file -> (line, field, words the message must contain)
EXPECTED = {
    "bad-yaml.yaml": (5, None, "not valid YAML"),
    "rule-missing-reason.yaml": (7, "rules[0]", "'reason' is a required property"),
    "rule-unknown-question.yaml": (16, "rules[0].when.all[1].answer", "unknown question 'favourite_colour'"),
    "rule-unknown-choice.yaml": (13, "rules[0].when.at_least", "'decade' is not a choice of retention"),
    "rule-duplicate-id.yaml": (16, "rules[1].id", "duplicate rule id 'LOC-001'"),
    "rule-unknown-threat.yaml": (8, "rules[0].threats[0]", "unknown threat 'burglary'"),
    "rule-bad-severity.yaml": (10, "rules[0].severity", "'terrible' is not one of"),
    "rule-proposal-adds-collection.yaml": (21, "rules[0].proposals[0].changes[0].set", "never adds to what is collected"),
    "rule-eval-string.yaml": (13, "rules[0].when", "expected a mapping"),
    "audit-bad-choice.yaml": (10, "tools[0].answers.retention", "'a_while' is not one of"),
    "audit-boolean.yaml": (4, "profile.confidentiality_agreement", "got true"),
    "audit-unknown-question.yaml": (9, "tools[0].answers.favourite_colour", "unknown question"),
    "audit-wrong-type.yaml": (9, "tools[0].answers.people_with_access", "expected a whole number"),
    "audit-personal-field.yaml": (5, "tools[0]", "'contact' was unexpected"),
    "audit-unknown-catalog.yaml": (7, "tools[0].catalog", "unknown catalog tool 'carrier_pigeon'"),
    "catalog-fact-without-source.yaml": (11, "tools[0].facts.e2ee", "'sources' is a required property"),
    "not-a-mapping.yaml": (1, None, "expected a mapping"),
    "empty.yaml": (1, None, "expected a mapping"),
    "wrong-kind.yaml": (1, "kind", "'kind' must be one of"),
}


def test_corpus_and_expectations_match():
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_names_file_line_and_field(name):
    line, field, words = EXPECTED[name]
    path = BROKEN / name
    proc = subprocess.run([sys.executable, "-m", "auditor", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    first = proc.stderr.splitlines()[0]
    prefix = f"auditor: {path}:{line}: "
    assert first.startswith(prefix), first
    if field:
        assert first[len(prefix):].startswith(f"{field}: "), first
    assert words in first, first


def test_score_on_a_broken_audit_is_a_clean_error():
    path = BROKEN / "audit-bad-choice.yaml"
    proc = subprocess.run([sys.executable, "-m", "auditor", "score", str(path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert f"{path}:10: tools[0].answers.retention:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file_is_a_clean_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "auditor", "score", str(tmp_path / "nope.yaml")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "nope.yaml: file not found" in proc.stderr


def test_extra_rule_file_with_problem_fails_score(tmp_path):
    example = sorted((Path(__file__).parents[1] / "examples").glob("*.yaml"))[0]
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "score", str(example), "--rules", str(BROKEN / "rule-unknown-threat.yaml")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    assert "unknown threat 'burglary'" in proc.stderr
