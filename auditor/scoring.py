"""The one way to score an audit.

For every rule and every tool (or the group, for group-wide rules) the outcome
is one of: not applicable, mitigated, or a finding. A finding adds the rule's
points to each of its threats, multiplied by any amplifiers that hold for this
group (for example: the group serves people under 18). Points add up, so every
point of a score traces to a finding: a rule, a tool, the answers that
triggered it and the reason.

The 0-100 score per threat is ``100 * (1 - exp(-points / scale))``: bounded,
and strictly increasing in points, so adding exposure never lowers a score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from auditor.audit import Audit, answer_origin, effective_answers, tool_category
from auditor.conditions import Population, bits
from auditor.model import Content, Rule

LEVELS = ((0, "none"), (1, "low"), (25, "moderate"), (50, "high"), (75, "severe"))
BAR_WIDTH = 20

NOT_APPLICABLE, MITIGATED, FINDING = "not_applicable", "mitigated", "finding"


def score_from_points(points: float, scale: float) -> int:
    return int(math.floor(100 * (1 - math.exp(-points / scale)) + 0.5)) if points > 0 else 0


def level(score: int) -> str:
    name = LEVELS[0][1]
    for threshold, label in LEVELS:
        if score >= threshold:
            name = label
    return name


def bar(score: int, width: int = BAR_WIDTH) -> str:
    """A text bar that reads without colour: filled and empty blocks."""
    filled = round(score * width / 100)
    return "█" * filled + "░" * (width - filled)


@dataclass(frozen=True)
class Trigger:
    question: str
    value: Any
    origin: str  # answer | catalog | unanswered
    scope: str  # profile | tool


@dataclass(frozen=True)
class Finding:
    rule: str
    tool: str | None  # None: the group as a whole
    threat: str
    points: float
    uncertain: bool  # fired because of "don't know" or unanswered questions
    triggers: tuple[Trigger, ...]
    amplified_by: tuple[str, ...] = ()


@dataclass
class ScoreResult:
    threats: list[str]
    points: dict[str, float]
    scores: dict[str, int]
    tool_points: dict[str, dict[str, float]]
    findings: list[Finding]
    ruleset: dict
    scales: dict[str, float]
    # rule id -> (not applicable mask, mitigated mask, finding mask) over entities
    _outcomes: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False)
    _entities: list[str | None] = field(default_factory=list, repr=False)

    def tool_scores(self, tool_id: str) -> dict[str, int]:
        pts = self.tool_points.get(tool_id, {})
        return {t: score_from_points(pts.get(t, 0.0), self.scales[t]) for t in self.threats}

    def level(self, threat: str) -> str:
        return level(self.scores[threat])

    def outcome(self, rule_id: str, tool_id: str | None) -> str:
        """not_applicable, mitigated or finding, for one rule and one tool (None: the group)."""
        na, mit, fnd = self._outcomes[rule_id]
        idx = 0 if tool_id is None else self._entities.index(tool_id)
        for mask, name in ((na, NOT_APPLICABLE), (mit, MITIGATED), (fnd, FINDING)):
            if mask >> idx & 1:
                return name
        return NOT_APPLICABLE

    def findings_for(self, threat: str | None = None, tool: str | None | bool = False) -> list[Finding]:
        out = self.findings
        if threat is not None:
            out = [f for f in out if f.threat == threat]
        if tool is not False:
            out = [f for f in out if f.tool == tool]
        return out


def _evaluate(rules: list[Rule], pop: Population) -> dict[str, tuple[int, int, int, int, dict[int, tuple[float, tuple[str, ...]]]]]:
    """Per rule: (na, mitigated, finding, uncertain masks, amplification per firing entity)."""
    out = {}
    full = pop.full
    for rule in rules:
        if rule.applies is not None:
            at, au = pop.evaluate(rule.applies)
            applicable = at | au
        else:
            applicable = full
        wt, wu = pop.evaluate(rule.when)
        fires = applicable & (wt | wu)
        uncertain = fires & ~wt
        if rule.applies is not None:
            uncertain |= fires & ~at
        amps: dict[int, tuple[float, tuple[str, ...]]] = {}
        if rule.amplify and fires:
            for amp in rule.amplify:
                t, u = pop.evaluate(amp.when)
                hit = (t | u) & fires
                for i in bits(hit):
                    factor, whys = amps.get(i, (1.0, ()))
                    amps[i] = (factor * amp.factor, whys + (amp.why,))
        out[rule.id] = (full & ~applicable, applicable & ~fires, fires, uncertain, amps)
    return out


def _triggers(pushing, i: int, tool, audit: Audit, content: Content) -> tuple[Trigger, ...]:
    """The answers that pushed rule toward exposure for entity ``i``.

    For a multiple-choice answer only the choices the rule looks at are shown:
    "data kinds: location", not everything the tool holds.
    """
    picked: dict[str, set | None] = {}
    for leaf, mask in pushing:
        if mask >> i & 1:
            arg = leaf.arg if isinstance(leaf.arg, tuple) else (leaf.arg,)
            if leaf.op in ("contains", "contains_any"):
                prior = picked.get(leaf.question, set())
                picked[leaf.question] = None if prior is None else prior | set(arg)
            else:
                picked[leaf.question] = None
    out = []
    for qid, wanted in picked.items():
        value, origin = answer_origin(tool, qid, audit, content)
        if wanted is not None and isinstance(value, list):
            value = [v for v in value if v in wanted]
        out.append(Trigger(qid, value, origin, content.questions[qid].scope))
    return tuple(out)


def score(audit: Audit, content: Content, *, explain: bool = True) -> ScoreResult:
    """Score an audit. ``explain=False`` skips building trigger lists (for measuring proposals)."""
    threats = list(content.threats)
    tool_rules = [r for r in content.rules if r.scope == "tool"]
    group_rules = [r for r in content.rules if r.scope == "group"]
    points = {t: 0.0 for t in threats}
    tool_points: dict[str, dict[str, float]] = {tool.id: {t: 0.0 for t in threats} for tool in audit.tools}
    findings: list[Finding] = []
    outcomes: dict[str, tuple[int, int, int]] = {}

    tool_answers = [effective_answers(tool, content) for tool in audit.tools]
    populations = (
        (group_rules, Population([{}], [None], audit.profile, content.questions), [None]),
        (tool_rules, Population(tool_answers, [tool_category(t, content) for t in audit.tools], audit.profile, content.questions), audit.tools),
    )
    for rules, pop, entities in populations:
        if not rules or pop.n == 0:
            for rule in rules:
                outcomes[rule.id] = (0, 0, 0)
            continue
        results = _evaluate(rules, pop)
        for rule in rules:
            na, mit, fires, uncertain, amps = results[rule.id]
            outcomes[rule.id] = (na, mit, fires)
            if not fires:
                continue
            pushing = pop.pushing(rule.when) if explain else ()
            base = rule.points
            for i in bits(fires):
                factor, whys = amps.get(i, (1.0, ()))
                pts = base * factor
                tool = entities[i]
                tool_id = tool.id if tool is not None else None
                triggers: tuple[Trigger, ...] = ()
                if explain:
                    triggers = _triggers(pushing, i, tool, audit, content)
                for threat in rule.threats:
                    points[threat] += pts
                    if tool_id is not None:
                        tool_points[tool_id][threat] += pts
                    findings.append(Finding(rule.id, tool_id, threat, pts, bool(uncertain >> i & 1), triggers, whys))
    scales = {t: content.threats[t].scale for t in threats}
    points = {t: round(p, 6) for t, p in points.items()}
    return ScoreResult(
        threats=threats,
        points=points,
        scores={t: score_from_points(points[t], scales[t]) for t in threats},
        tool_points=tool_points,
        findings=findings,
        ruleset=content.version_record(),
        scales=scales,
        _outcomes=outcomes,
        _entities=[t.id for t in audit.tools],
    )
