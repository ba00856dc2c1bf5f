"""Rule fixtures: answers where each rule fires and where it stays quiet, checked with the real scorer.

Like semgrep's rule tests. A fixtures file (``kind: rule-fixtures``) lists cases; each changes a few
answers of a safe baseline and names the rules that must fire (definitely, not because of "don't
know") and those that must stay quiet. The shipped rules carry theirs in ``rulesets/fixtures/``; a
group's rule pack (a folder: its ruleset and its fixtures) carries its own, and ``auditor validate
--rules DIR`` runs them. Nothing here re-implements scoring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.audits.model import Audit, parse_audit
from auditor.content import schema, yamlio
from auditor.content.model import Content
from auditor.engine.conditions import Category, leaves
from auditor.engine.scoring import FINDING, score
from auditor.errors import InputError, Problem

KIND = "rule-fixtures"
TOOL_ID = "t"


@dataclass
class Fixtures:
    path: Path
    text: str
    cases: list[dict]
    baseline: dict | None = None


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    fired: dict[str, list[str]] = field(default_factory=dict)  # rule -> names of cases where it fired
    quiet: dict[str, list[str]] = field(default_factory=dict)
    cases: int = 0


def is_fixtures(data: Any) -> bool:
    return isinstance(data, dict) and data.get("kind") == KIND


def load(path: str | Path) -> Fixtures:
    data, text = yamlio.load(path)
    if not is_fixtures(data):
        raise InputError.one(path, f"not a rule fixtures file (expected 'kind: {KIND}')", line=1, field="kind")
    schema.check(KIND, data, path, text)
    return Fixtures(Path(path), text, list(data["cases"]), data.get("baseline"))


def shipped_baseline(root: Path) -> dict:
    return load(root / "baseline.yaml").baseline or {}


def build(case: dict, baseline: dict, content: Content, source: str = "fixture") -> Audit:
    """The audit a case describes: baseline answers, then the case's changes, validated by the core."""
    profile = {**baseline.get("profile", {}), **case.get("profile", {})}
    tools = []
    if "tool" in case:
        spec = case["tool"]
        answers = dict(baseline.get("tool_answers", {}))
        tool = {"id": TOOL_ID, "name": case["name"]}
        if "catalog" in spec:
            tool["catalog"] = spec["catalog"]
        else:
            tool["category"] = spec.get("category")
            answers.update(baseline.get("fact_answers", {}))
        answers.update(spec.get("answers", {}))
        tool["answers"] = answers
        tools.append(tool)
    data = {"kind": "audit", "format": 1, "title": case["name"], "profile": profile, "tools": tools}
    return parse_audit(data, None, source, content)


def outcomes(audit: Audit, content: Content) -> dict[str, bool]:
    """rule id -> fired, for the fixture's one tool (tool rules) or the group (group rules)."""
    result = score(audit, content)
    out = {}
    for rule in content.rules:
        if rule.scope == "tool" and not audit.tools:
            out[rule.id] = False
        else:
            out[rule.id] = result.outcome(rule.id, None if rule.scope == "group" else TOOL_ID) == FINDING
    return out


def _category_rule(content: Content, rule_id: str) -> bool:
    return any(isinstance(node, Category) for node, _ in leaves(content.rule(rule_id).when))


def check(files: list[Fixtures], baseline: dict, content: Content) -> Report:
    """Run every case of ``files``; problems name the file, line and case field."""
    report = Report()
    ids = {r.id for r in content.rules}
    for fx in files:
        base = fx.baseline if fx.baseline is not None else baseline
        for i, case in enumerate(fx.cases):
            report.cases += 1
            where = ("cases", i)

            def problem(part: str, message: str) -> None:
                report.problems.append(yamlio.problem_at(fx.path, fx.text, where + (part,), f"case {case['name']!r}: {message}"))

            named = set(case.get("fires", [])) | set(case.get("quiet", [])) | set(case.get("amplified", []))
            for unknown in sorted(named - ids):
                problem("fires" if unknown in case.get("fires", []) else "quiet", f"no rule {unknown!r}")
            try:
                audit = build(case, base, content, f"{fx.path}#cases[{i}]")
            except InputError as exc:
                for p in exc.problems:
                    problem("tool" if "tools" in (p.field or "") else "profile", f"{p.field}: {p.message}")
                continue
            result = score(audit, content)
            got = outcomes(audit, content)
            for rule_id, hit in got.items():
                (report.fired if hit else report.quiet).setdefault(rule_id, []).append(case["name"])
            for rule_id in case.get("fires", []):
                if rule_id not in ids:
                    continue
                entity = None if content.rule(rule_id).scope == "group" else TOOL_ID
                mine = [f for f in result.findings if f.rule == rule_id and f.tool == entity]
                if not mine:
                    problem("fires", f"{rule_id} should fire and does not")
                elif mine[0].uncertain:
                    problem("fires", f"{rule_id} fires only because of a \"don't know\" or unanswered question")
                elif not mine[0].triggers and not _category_rule(content, rule_id):
                    problem("fires", f"{rule_id} fired with no triggering answers")
            for rule_id in case.get("quiet", []):
                if rule_id in ids and got.get(rule_id):
                    problem("quiet", f"{rule_id} should stay quiet and fires")
            for rule_id in case.get("amplified", []):
                if rule_id not in ids:
                    continue
                rule = content.rule(rule_id)
                mine = [f for f in result.findings if f.rule == rule_id]
                if not (mine and all(max(f.weight.values()) > rule.points and f.amplified_by for f in mine)):
                    problem("amplified", f"{rule_id} should weigh more here")
    return report


def coverage(report: Report, rule_ids: list[str], content: Content, source: str) -> list[Problem]:
    """Each rule fires on some case and stays quiet on another (residual rules may never be quiet)."""
    out = []
    for rid in rule_ids:
        if not report.fired.get(rid):
            out.append(Problem(source, f"rule {rid} fires on no fixture case: add a case where it fires"))
        if not report.quiet.get(rid) and not content.rule(rid).residual:
            out.append(Problem(source, f"rule {rid} stays quiet on no fixture case: add a case where it does not fire"))
    return out


def check_pack(pack_files: list[Path], fixture_files: list[Path], content: Content, baseline: dict) -> tuple[list[Problem], int]:
    """A group's rule pack: its fixtures pass, and each of its rules fires somewhere and stays quiet somewhere."""
    problems: list[Problem] = []
    loaded = []
    for path in fixture_files:
        try:
            loaded.append(load(path))
        except InputError as exc:
            problems += exc.problems
    pack = {str(Path(p).resolve()) for p in pack_files}
    rule_ids = [r.id for r in content.rules if str(Path(r.file).resolve()) in pack]
    if not loaded and rule_ids:
        problems.append(Problem(str(pack_files[0]), "this rule pack has no fixtures: add a 'kind: rule-fixtures' file with a case where each rule fires and one where it stays quiet"))
        return problems, 0
    report = check(loaded, baseline, content)
    problems += report.problems
    if loaded:
        problems += coverage(report, rule_ids, content, str(loaded[0].path))
    return problems, report.cases
