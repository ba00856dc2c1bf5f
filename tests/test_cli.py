"""The command line as a user runs it: output, JSON shape and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from auditor.content.loader import examples_dir
from auditor.content.schema import schema_json

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in examples_dir().glob("*.yaml") if "cycle" not in p.name)
EXAMPLES_DIR = examples_dir()


def run(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "auditor", *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_score_json_shape(example, tmp_path):
    proc = run("score", "--json", example, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    threats = list(data["threats"])
    assert {"subpoena", "metadata", "gossip", "mandated_reporters"} <= set(threats)
    assert set(data["scores"]) == set(threats)
    for s in data["scores"].values():
        assert 0 <= s["score"] <= 100 and s["level"]
    for f in data["findings"]:
        assert {"rule", "tool", "threats", "exposure", "points", "triggers"} <= set(f)
        assert set(f["points"]) <= set(threats)
        rule = data["rules"][f["rule"]]  # each rule's text once, in the rules table
        assert rule["reason"] and rule["sources"] and rule["title"]
        for i in f["triggers"]:  # each distinct answer once, referred to by number
            answer = data["answers"][i]
            assert data["questions"][answer["question"]]["prompt"] and "value" in answer and answer["origin"]
    # One finding per rule and tool, and that is the count every view shows.
    assert len({(f["rule"], f["tool"]) for f in data["findings"]}) == len(data["findings"]) == data["finding_count"]
    # Every point of every score is a finding's point, each exposure counted once.
    for t in threats:
        assert abs(sum(f["points"].get(t, 0) for f in data["findings"]) - data["scores"][t]["points"]) < 1e-6
    assert [p["rank"] for p in data["proposals"]] == list(range(1, len(data["proposals"]) + 1))
    for p in data["proposals"]:
        # Advice (collect less while what is written stays) lowers no score yet; every other item lowers one.
        assert (p["total"] == 0 and not p["reduction"]) if p["advice"] else (p["total"] > 0 and p["reduction"])
    # No plan promises 0: what remains is said, and subpoena and metadata never reach 0 while a tool exists.
    for t in ("subpoena", "metadata"):
        assert data["scores"][t]["after_plan"] > 0 and data["scores"][t]["residual"] > 0
    assert data["remaining"] and all(r["why"] for r in data["remaining"])
    assert data["ruleset"]["fingerprint"]
    Draft202012Validator(schema_json("score")).validate(data)


def _values(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v)
    else:
        yield node


def test_score_json_says_each_rule_once_compact_unless_indented(tmp_path):
    """A 40-tool audit made of copies of the example's tools: every reason is written once, whatever the copies;
    the output is one line (compact), and --indent N lays it out for people with the same content."""
    audit = yaml.safe_load((EXAMPLES_DIR / "mutual-aid.yaml").read_text())
    audit["tools"] = [dict(audit["tools"][i % len(audit["tools"])], id=f"tool-{i}", name=f"Tool {i}") for i in range(40)]
    path = tmp_path / "forty.yaml"
    path.write_text(yaml.safe_dump(audit))
    compact = run("score", "--json", path, cwd=tmp_path)
    assert compact.returncode == 0, compact.stderr
    assert compact.stdout.count("\n") == 1
    data = json.loads(compact.stdout)
    assert len(data["findings"]) > 100
    for rule in data["rules"].values():
        assert compact.stdout.count(json.dumps(rule["reason"], ensure_ascii=False)) == 1
    assert "" not in list(_values(data))  # unknown or empty text is null
    indented = run("score", "--json", "--indent", "2", path, cwd=tmp_path)
    assert indented.stdout.count("\n") > 1000 and json.loads(indented.stdout) == data


def test_score_text_lists_threats_findings_and_plan(tmp_path):
    proc = run("score", EXAMPLES[0], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for words in ("Subpoena", "Metadata", "Gossip", "Mandated reporters", "Findings (", "What to do first", "What remains after the whole plan", "a low score is not the same as safe"):
        assert words in out
    assert not re.search(r"--\d", out)  # a reduction is "-3", never "--3"
    # The top ten include deleting changes: the text plan says what comes before deleting, as paper does.
    assert "Before deleting: once legal process is known or expected, delete nothing it touches" in out
    assert proc.stderr == ""


def test_validate_defaults_to_shipped_content_and_examples(tmp_path):
    proc = run("validate", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok: ")


def test_rules_json_lists_reasons_and_sources(tmp_path):
    data = json.loads(run("rules", "--json", cwd=tmp_path).stdout)
    assert data["rules"]
    for rule in data["rules"]:
        assert rule["id"] and rule["threats"] and rule["title"] and rule["reason"] and rule["sources"]
    assert all(r["version"] for r in data["rulesets"])


def test_catalog_json_sources_every_fact(tmp_path):
    data = json.loads(run("catalog", "--json", cwd=tmp_path).stdout)
    assert data["tools"]
    for tool in data["tools"]:
        for qid, fact in tool["facts"].items():
            assert fact["as_of"], (tool["id"], qid)
            assert fact["sources"] or (fact["value"] == "unknown" and fact["note"]), (tool["id"], qid)


def test_usage_errors_exit_2(tmp_path):
    proc = run("score", cwd=tmp_path)
    assert proc.returncode == 2 and "usage:" in proc.stderr
    proc = run("frobnicate", cwd=tmp_path)
    assert proc.returncode == 2


def test_help_and_version(tmp_path):
    assert run("--help", cwd=tmp_path).returncode == 0
    assert run("--version", cwd=tmp_path).stdout.startswith("auditor ")


def test_wheel_ships_the_content_and_works_from_another_directory(tmp_path):
    """A plain (non-editable) install finds checklists, rulesets and catalog inside the package."""
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("auditor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("checklists", "rulesets", "catalog", "examples"):
        assert any(n.startswith(f"auditor/_content/{folder}/") and n.endswith(".yaml") for n in names), folder
    assert "auditor/content/schemas/audit.schema.json" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = sorted((site / "auditor/_content/examples").glob("*.yaml"))[0]
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import auditor.cli as c; "
         "assert c.__file__.startswith(sys.argv[1]), c.__file__; sys.exit(c.main(['score', sys.argv[2]]))",
         str(site), str(example)],
        capture_output=True, text=True, cwd=elsewhere,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Findings (" in proc.stdout


def test_validate_accepts_a_forgotten_cycle_summary(tmp_path):
    example = examples_dir() / "mutual-aid.yaml"
    nxt = tmp_path / "next.yaml"
    assert run("cycle", "new", example, "-o", nxt, cwd=tmp_path).returncode == 0
    assert run("cycle", "forget", nxt, "--yes", cwd=tmp_path).returncode == 0
    assert "kind: audit-summary" in nxt.read_text()
    proc = run("validate", nxt, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    nxt.write_text(nxt.read_text().replace("kind: audit-summary", "kind: audit-summary\ntools: [leaked]"))
    proc = run("validate", nxt, cwd=tmp_path)
    assert proc.returncode == 2 and "tools" in proc.stderr


def test_a_rule_pack_is_validated_with_its_fixtures(tmp_path):
    pack = Path(__file__).resolve().parent.parent / "rulepacks" / "example-state-mandated-reporting"
    proc = run("validate", "--rules", str(pack), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    # A fixture that says the wrong thing fails with the file, line and case.
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "pack.yaml").write_text((pack / "pack.yaml").read_text())
    (broken / "fixtures.yaml").write_text((pack / "fixtures.yaml").read_text().replace("fires: [EXA-001]", "quiet: [EXA-001]"))
    proc = run("validate", "--rules", str(broken), cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{broken / 'fixtures.yaml'}:9: cases[0].quiet:" in proc.stderr and "Traceback" not in proc.stderr
    # A pack without fixtures is refused: a rule nobody has seen fire is not checked.
    (broken / "fixtures.yaml").unlink()
    proc = run("validate", "--rules", str(broken), cwd=tmp_path)
    assert proc.returncode == 2 and "has no fixtures" in proc.stderr
    # The pack's rules score like the shipped ones.
    proc = run("score", str(EXAMPLES_DIR / "politicized-social-service.yaml"), "--rules", str(pack), cwd=tmp_path)
    assert proc.returncode == 0 and "EXA-001" in proc.stdout
