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
from dataclasses import dataclass
from typing import Any

from auditor.audits.model import Audit, answer_origin, effective_answers, tool_category
from auditor.engine.conditions import Population, bits
from auditor.content.model import Content, Rule

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
class _RuleHits:
    """Where one rule fired, as bitmasks over the entities (tools, or the group)."""

    rule: Rule
    na: int
    mitigated: int
    fires: int
    uncertain: int
    # Disjoint masks of firing entities with their amplification factor and reasons.
    groups: list[tuple[int, float, tuple[str, ...]]]


class ScoreResult:
    """Per-threat points and scores, with findings built on demand.

    Totals come straight from the bitmasks, so scoring 1,000 tools against
    1,000 rules stays fast; the findings (each with rule, tool, triggering
    answers and amplifiers) are materialized the first time they are asked for.
    """

    def __init__(self, audit: Audit, content: Content, hits: list[tuple[_RuleHits, Population, list]]):
        self._audit, self._content, self._hits = audit, content, hits
        self.threats = list(content.threats)
        self.scales = {t: content.threats[t].scale for t in self.threats}
        self.ruleset = content.version_record()
        points = {t: 0.0 for t in self.threats}
        for h, _, _ in hits:
            pts = sum(h.rule.points * factor * mask.bit_count() for mask, factor, _ in h.groups)
            for threat in h.rule.threats:
                points[threat] += pts
        self.points = {t: round(p, 6) for t, p in points.items()}
        self.scores = {t: score_from_points(self.points[t], self.scales[t]) for t in self.threats}
        self._outcomes = {h.rule.id: (h.na, h.mitigated, h.fires) for h, _, _ in hits}
        self._tool_index = {tool.id: i for i, tool in enumerate(audit.tools)}
        self._findings: list[Finding] | None = None
        self._tool_points: dict[str, dict[str, float]] | None = None

    @property
    def tool_points(self) -> dict[str, dict[str, float]]:
        if self._tool_points is None:
            tp = {tool.id: {t: 0.0 for t in self.threats} for tool in self._audit.tools}
            for h, _, entities in self._hits:
                if h.rule.scope != "tool":
                    continue
                for mask, factor, _ in h.groups:
                    pts = h.rule.points * factor
                    for i in bits(mask):
                        row = tp[entities[i].id]
                        for threat in h.rule.threats:
                            row[threat] += pts
            self._tool_points = {k: {t: round(v, 6) for t, v in row.items()} for k, row in tp.items()}
        return self._tool_points

    def tool_scores(self, tool_id: str) -> dict[str, int]:
        pts = self.tool_points.get(tool_id, {})
        return {t: score_from_points(pts.get(t, 0.0), self.scales[t]) for t in self.threats}

    def level(self, threat: str) -> str:
        return level(self.scores[threat])

    def outcome(self, rule_id: str, tool_id: str | None) -> str:
        """not_applicable, mitigated or finding, for one rule and one tool (None: the group)."""
        if rule_id not in self._outcomes:
            raise KeyError(rule_id)
        na, mit, fnd = self._outcomes[rule_id]
        idx = 0 if tool_id is None else self._tool_index[tool_id]
        for mask, name in ((na, NOT_APPLICABLE), (mit, MITIGATED), (fnd, FINDING)):
            if mask >> idx & 1:
                return name
        return NOT_APPLICABLE

    def firing(self):
        """(rule, tool id or None) for every rule that fired, without building explanations."""
        for h, _, entities in self._hits:
            for i in bits(h.fires):
                tool = entities[i]
                yield h.rule, (tool.id if tool is not None else None)

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = self._build_findings()
        return self._findings

    def _build_findings(self) -> list[Finding]:
        out: list[Finding] = []
        for h, pop, entities in self._hits:
            pushing = pop.pushing(h.rule.when)
            per_entity = {}
            for mask, factor, whys in h.groups:
                for i in bits(mask):
                    per_entity[i] = (factor, whys)
            for i in sorted(per_entity):
                factor, whys = per_entity[i]
                tool = entities[i]
                tool_id = tool.id if tool is not None else None
                triggers = _triggers(pushing, i, tool, self._audit, self._content)
                uncertain = bool(h.uncertain >> i & 1)
                for threat in h.rule.threats:
                    out.append(Finding(h.rule.id, tool_id, threat, h.rule.points * factor, uncertain, triggers, whys))
        return out

    def findings_for(self, threat: str | None = None, tool: str | None | bool = False) -> list[Finding]:
        out = self.findings
        if threat is not None:
            out = [f for f in out if f.threat == threat]
        if tool is not False:
            out = [f for f in out if f.tool == tool]
        return out


def _hits(rule: Rule, pop: Population) -> _RuleHits:
    full = pop.full
    if rule.applies is not None:
        at, au = pop.evaluate(rule.applies)
        applicable = at | au
    else:
        at, applicable = full, full
    wt, wu = pop.evaluate(rule.when)
    fires = applicable & (wt | wu)
    uncertain = fires & ~(wt & at)
    groups: list[tuple[int, float, tuple[str, ...]]] = [(fires, 1.0, ())] if fires else []
    for amp in rule.amplify:
        if not groups:
            break
        t, u = pop.evaluate(amp.when)
        hit = t | u
        split = []
        for mask, factor, whys in groups:
            inside, outside = mask & hit, mask & ~hit
            if inside:
                split.append((inside, factor * amp.factor, whys + (amp.why,)))
            if outside:
                split.append((outside, factor, whys))
        groups = split
    return _RuleHits(rule, full & ~applicable, applicable & ~fires, fires, uncertain, groups)


def _triggers(pushing, i: int, tool, audit: Audit, content: Content) -> tuple[Trigger, ...]:
    """The answers that pushed a rule toward exposure for entity ``i``.

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


def score(audit: Audit, content: Content) -> ScoreResult:
    """Score an audit against the content's rules (findings are built on demand)."""
    group_rules = [r for r in content.rules if r.scope == "group"]
    tool_rules = [r for r in content.rules if r.scope == "tool"]
    hits = []
    group = Population([{}], [None], audit.profile, content.questions)
    for rule in group_rules:
        hits.append((_hits(rule, group), group, [None]))
    if audit.tools:
        answers = [effective_answers(tool, content) for tool in audit.tools]
        categories = [tool_category(tool, content) for tool in audit.tools]
        pop = Population(answers, categories, audit.profile, content.questions)
        for rule in tool_rules:
            hits.append((_hits(rule, pop), pop, audit.tools))
    return ScoreResult(audit, content, hits)
