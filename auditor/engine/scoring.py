"""The one way to score an audit.

For every rule and every tool (or the group, for group-wide rules) the outcome
is one of: not applicable, mitigated, or a finding. A rule's finding is about
one record (``exposure``): the content a tool stores, the provider's metadata,
what members heard and remember... Each (entity, record, threat) exposure is
counted once, however many rules describe it:

- its weight is the highest weight among the rules that establish it (a rule's
  points times the amplifiers that hold for that threat);
- a rule with ``raises: F`` does not add an exposure; it multiplies the weight
  of one that exists (a chat of forty people is the same record as a chat of
  six, but weighs more);
- the other rules that describe the same exposure are findings too (each has
  its own reason and proposals) but add no points; they say which rule counts.

Points add up over exposures, so every point traces to a finding: a rule, a
tool, the answers (and derived record values) that triggered it, the reason.
The 0-100 score per threat is ``100 * (1 - exp(-points / scale))``: bounded,
and strictly increasing in points. Beyond five tools the scale grows with the audit (``size_factor``). Taking maxima and products of factors >= 1
keeps it monotonic: adding a risky practice never lowers a score.

Evaluation is over a whole population at once (bitmasks, see conditions.py),
so 1,000 tools x 1,000 rules is a few hundred thousand integer operations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

from auditor.audits.model import Audit, Tool, answer_origin, effective_answers, tool_category, tool_capabilities
from auditor.content.model import UNKNOWN, Content, Rule
from auditor.i18n import N_, _
from auditor.engine.conditions import CAPABILITY_PREFIX, NOT_ASKED, RECORD_PREFIX, Population, bits
from auditor.engine.records import Record, derive, records_of

LEVELS = ((0, "none"), (1, "low"), (25, "moderate"), (50, "high"), (75, "severe"))
BAR_WIDTH = 20

NOT_APPLICABLE, MITIGATED, FINDING = "not_applicable", "mitigated", "finding"


# The scale grows with the audit beyond five tools (a group's usual handful), as (tools / 5) ** 0.75: points
# add up over every tool, so forty tools once scored 100 on every threat before and after any plan. Growing
# slower than the audit keeps more places holding the same records reading as more exposure; it never shrinks
# as tools are added, and a plan never removes a tool, so every projection is read on the audit's own scale.
TOOLS_AT_SCALE = 5
SIZE_EXPONENT = 0.75


def size_factor(n_tools: int) -> float:
    """What a threat's scale is multiplied by for an audit of ``n_tools`` tools (1 up to five tools)."""
    return max(1.0, n_tools / TOOLS_AT_SCALE) ** SIZE_EXPONENT


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
    question: str  # a question id, or "record:<name>" for a derived record value
    value: Any
    origin: str  # answer | catalog | unanswered | record
    scope: str  # profile | tool | record
    # A catalog list its sources do not show complete: the choices the rule looks for that it does not name
    # (not documented, so unknown: never "none"). ``value`` is then what the catalog documents.
    undocumented: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """One rule on one tool (or the group): its points per threat, counted once per exposure."""

    rule: str
    tool: str | None  # None: the group as a whole
    exposure: str  # the record it is about
    points: dict[str, float]  # what it adds to each threat (0 where another rule already counts it)
    weight: dict[str, float]  # its own weight per threat, before counting once
    counted_in: dict[str, str]  # threat -> the rule that counts this exposure, where this one adds nothing
    uncertain: bool  # fired because of "don't know" or unanswered questions
    triggers: tuple[Trigger, ...]
    amplified_by: tuple[str, ...] = ()
    residual: bool = False

    @property
    def total(self) -> float:
        return round(sum(self.points.values()), 6)

    @property
    def threats(self) -> tuple[str, ...]:
        return tuple(self.weight)


@dataclass
class _RuleHits:
    """Where one rule fired, as bitmasks over the entities (tools, or the group)."""

    rule: Rule
    na: int
    mitigated: int
    fires: int
    uncertain: int
    # Per threat: disjoint masks of firing entities with their weight and the amplifiers that made it.
    groups: dict[str, list[tuple[int, float, tuple[str, ...]]]] = field(default_factory=dict)


# A finding or a "weighs more" reason that rests on a "don't know" is said as possible, never as a fact.
POSSIBLY = N_("Possibly (it rests on a \"don't know\"): {text}")


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
    hits = _RuleHits(rule, full & ~applicable, applicable & ~fires, fires, uncertain)
    for threat in rule.threats:
        groups: list[tuple[int, float, tuple[str, ...]]] = [(fires, rule.points, ())] if fires else []
        for amp in rule.amplify:
            if amp.threat != threat or not groups:
                continue
            t, u = pop.evaluate(amp.when)
            hit = t | u
            split = []
            for mask, weight, whys in groups:
                sure, unsure, outside = mask & t, mask & hit & ~t, mask & ~hit
                if sure:
                    split.append((sure, weight * amp.factor, whys + (amp.why,)))
                if unsure:  # it weighs more, as unknown counts as exposure; the reason is said as "possibly"
                    split.append((unsure, weight * amp.factor, whys + (_(POSSIBLY).format(text=amp.why),)))
                if outside:
                    split.append((outside, weight, whys))
            groups = split
        hits.groups[threat] = groups
    return hits


@dataclass
class _Exposure:
    """One (record, threat) over a population: the rules that establish it and those that raise it."""

    bases: list[_RuleHits] = field(default_factory=list)
    raisers: list[_RuleHits] = field(default_factory=list)
    exists: int = 0
    parts: list[tuple[int, float]] = field(default_factory=list)  # disjoint masks and their counted weight


def _raise_groups(h: _RuleHits, threat: str) -> list[tuple[int, float, tuple[str, ...]]]:
    """A raising rule's factor per group of entities: ``raises`` times its amplifiers that hold there, so a
    raiser can be graded (kept a year raises more than kept a month)."""
    base = h.rule.points or 1.0
    return [(mask, h.rule.raises * (weight / base if h.rule.points else 1.0), whys) for mask, weight, whys in h.groups.get(threat, ())]


def _aggregate(hits: list[_RuleHits]) -> dict[tuple[str, str], _Exposure]:
    """Count each (entity, record, threat) once: the highest weight, times the raising factors."""
    exposures: dict[tuple[str, str], _Exposure] = {}
    for h in hits:
        for threat in h.rule.threats:
            e = exposures.setdefault((h.rule.exposure, threat), _Exposure())
            (e.raisers if h.rule.raises else e.bases).append(h)
    for (_, threat), e in exposures.items():
        weighted = sorted(
            ((mask, w, h.rule.order) for h in e.bases for mask, w, _ in h.groups.get(threat, ())),
            key=lambda x: (-x[1], x[2]),
        )
        claimed = 0
        for mask, w, _ in weighted:
            new = mask & ~claimed
            if new:
                e.parts.append((new, w))
            claimed |= mask
        e.exists = claimed
        for h in sorted(e.raisers, key=lambda h: h.rule.order):
            for fired, factor, _ in _raise_groups(h, threat):
                m = fired & claimed
                if not m:
                    continue
                split = []
                for mask, w in e.parts:
                    inside, outside = mask & m, mask & ~m
                    if inside:
                        split.append((inside, w * factor))
                    if outside:
                        split.append((outside, w))
                e.parts = split
    return exposures


def _exists_for(h: _RuleHits, exposures: dict[tuple[str, str], _Exposure]) -> int:
    """Entities where a raising rule has something to raise."""
    m = 0
    for threat in h.rule.threats:
        e = exposures.get((h.rule.exposure, threat))
        if e is not None:
            m |= e.exists
    return m


@dataclass
class _Scored:
    """One population scored: its rules' hits and the exposures they make."""

    pop: Population
    entities: list  # Tool objects, or [None] for the group
    hits: list[_RuleHits]
    exposures: dict[tuple[str, str], _Exposure]

    def fires(self, h: _RuleHits) -> int:
        return h.fires & _exists_for(h, self.exposures) if h.rule.raises else h.fires

    def totals(self, threats: Iterable[str]) -> dict[str, float]:
        out = {t: 0.0 for t in threats}
        for (_, threat), e in self.exposures.items():
            out[threat] = out.get(threat, 0.0) + sum(w * mask.bit_count() for mask, w in e.parts)
        return out

    def rules_firing(self) -> list[set[str]]:
        """For each entity, the ids of the rules that make a finding on it."""
        out: list[set[str]] = [set() for _ in range(self.pop.n)]
        for h in self.hits:
            for i in bits(self.fires(h)):
                out[i].add(h.rule.id)
        return out

    def per_entity(self, threats: Iterable[str]) -> list[dict[str, float]]:
        out = [{t: 0.0 for t in threats} for _ in range(self.pop.n)]
        for (_, threat), e in self.exposures.items():
            for mask, w in e.parts:
                for i in bits(mask):
                    out[i][threat] = out[i].get(threat, 0.0) + w
        return out


def tool_population(tools: list[Tool], profile: dict, content: Content) -> tuple[Population, list[dict[str, Any]]]:
    """Tools' answers as the rules see them: effective answers, derived record values, capabilities."""
    rows, categories = [], []
    not_asked = _not_asked(content)
    for tool in tools:
        category = tool_category(tool, content)
        answers = effective_answers(tool, content)
        row = dict(answers)
        # A question not asked of this kind of tool is not applicable: no test on it is true or unknown.
        for qid in not_asked.get(category, ()):
            row[qid] = NOT_ASKED
        for name, value in derive(answers, category, content.questions, tool.earlier_versions).items():
            row[RECORD_PREFIX + name] = value
        for name, value in tool_capabilities(tool, content).items():
            row[CAPABILITY_PREFIX + name] = value
        rows.append(row)
        categories.append(category)
    return Population(rows, categories, profile, _lookup(content)), rows


def _not_asked(content: Content) -> dict[str | None, tuple[str, ...]]:
    cached = content.__dict__.get("_not_asked")
    if cached is None:
        cached = {cat: tuple(q.id for q in content.tool_questions if not q.asked_for(cat)) for cat in list(content.categories) + [None]}
        content.__dict__["_not_asked"] = cached
    return cached


def _lookup(content: Content) -> dict:
    index = content.__dict__.get("_condition_lookup")
    if index is None:
        index = dict(content.questions)
        index.update({RECORD_PREFIX + k: q for k, q in content.record_fields.items()})
        content.__dict__["_condition_lookup"] = index
    return index


def score_population(pop: Population, entities: list, rules: list[Rule]) -> _Scored:
    hits = [_hits(rule, pop) for rule in rules]
    return _Scored(pop, entities, hits, _aggregate(hits))


class ScoreResult:
    """Per-threat points and scores; findings are built on demand.

    Totals come straight from the bitmasks, so scoring 1,000 tools against
    1,000 rules stays fast; findings (each with rule, tool, triggering answers,
    amplifiers and which rule counts a shared exposure) are materialized the
    first time they are asked for.
    """

    def __init__(self, audit: Audit, content: Content, group: _Scored, tools: _Scored | None):
        self._audit, self._content = audit, content
        self._group, self._tools = group, tools
        self.threats = list(content.threats)
        self.scales = {t: content.threats[t].scale * size_factor(len(audit.tools)) for t in self.threats}
        self._tool_scales = {t: content.threats[t].scale for t in self.threats}  # one tool is read on its own
        self.ruleset = content.version_record()
        self.group_points = {t: round(v, 6) for t, v in group.totals(self.threats).items()}
        tool_totals = tools.totals(self.threats) if tools else {t: 0.0 for t in self.threats}
        self.points = {t: round(self.group_points[t] + tool_totals[t], 6) for t in self.threats}
        self.scores = {t: score_from_points(self.points[t], self.scales[t]) for t in self.threats}
        self._tool_index = {tool.id: i for i, tool in enumerate(audit.tools)}
        self._findings: list[Finding] | None = None
        self._tool_points: dict[str, dict[str, float]] | None = None

    @property
    def tool_points(self) -> dict[str, dict[str, float]]:
        if self._tool_points is None:
            rows = self._tools.per_entity(self.threats) if self._tools else []
            self._tool_points = {tool.id: {t: round(v, 6) for t, v in rows[i].items()} for i, tool in enumerate(self._audit.tools)}
        return self._tool_points

    def tool_scores(self, tool_id: str) -> dict[str, int]:
        pts = self.tool_points.get(tool_id, {})
        return {t: score_from_points(pts.get(t, 0.0), self._tool_scales[t]) for t in self.threats}

    def level(self, threat: str) -> str:
        return level(self.scores[threat])

    def _scored_hits(self):
        yield self._group, self._group.hits
        if self._tools:
            yield self._tools, self._tools.hits

    def outcome(self, rule_id: str, tool_id: str | None) -> str:
        """not_applicable, mitigated or finding, for one rule and one tool (None: the group)."""
        for scored, hits in self._scored_hits():
            for h in hits:
                if h.rule.id != rule_id:
                    continue
                idx = 0 if tool_id is None else self._tool_index[tool_id]
                if scored.fires(h) >> idx & 1:
                    return FINDING
                if h.mitigated >> idx & 1:
                    return MITIGATED
                return NOT_APPLICABLE
        raise KeyError(rule_id)

    def firing(self):
        """(rule, tool id or None) for every finding, without building explanations."""
        for scored, hits in self._scored_hits():
            for h in hits:
                for i in bits(scored.fires(h)):
                    tool = scored.entities[i]
                    yield h.rule, (tool.id if tool is not None else None)

    def populations(self) -> dict[bool, tuple[Population, dict]]:
        """{True: the group's population, False: the tools'} with each entity's index, for feasibility tests."""
        out = {True: (self._group.pop, {None: 0})}
        if self._tools:
            out[False] = (self._tools.pop, self._tool_index)
        return out

    def records(self) -> list[Record]:
        """Every record the audit's tools create (what the rules read, as views show it)."""
        out: list[Record] = []
        if self._tools:
            for i, tool in enumerate(self._audit.tools):
                row = self._tools.pop._answers[i]
                derived = {k[len(RECORD_PREFIX):]: v for k, v in row.items() if k.startswith(RECORD_PREFIX)}
                out += records_of(tool.id, row, derived, self._tools.pop._categories[i])
        return out

    @property
    def findings(self) -> list[Finding]:
        """One finding per (rule, tool), heaviest first."""
        if self._findings is None:
            found = self._build(self._group) + (self._build(self._tools) if self._tools else [])
            order = {r.id: r.order for r in self._content.rules}
            found.sort(key=lambda f: (-f.total, -sum(f.weight.values()), order[f.rule], self._tool_index.get(f.tool, -1)))
            self._findings = found
        return self._findings

    def _build(self, scored: _Scored) -> list[Finding]:
        # Per (record, threat, entity): who counts it and what each rule adds.
        added: dict[tuple[str, int], dict[str, float]] = {}
        counted: dict[tuple[str, int], dict[str, str]] = {}
        weights: dict[tuple[str, int], dict[str, float]] = {}
        whys: dict[tuple[str, int], tuple[str, ...]] = {}
        for (_, threat), e in scored.exposures.items():
            per_entity: dict[int, list[tuple[float, int, str]]] = {}
            for h in e.bases:
                for mask, w, why in h.groups.get(threat, ()):
                    for i in bits(mask):
                        per_entity.setdefault(i, []).append((w, h.rule.order, h.rule.id))
                        weights.setdefault((h.rule.id, i), {})[threat] = w
                        if why:
                            whys[(h.rule.id, i)] = tuple(dict.fromkeys(whys.get((h.rule.id, i), ()) + why))
            for i, cands in per_entity.items():
                cands.sort(key=lambda c: (-c[0], c[1]))
                lead_w, _, lead = cands[0]
                added.setdefault((lead, i), {})[threat] = lead_w
                for _, _, rid in cands[1:]:
                    added.setdefault((rid, i), {})[threat] = 0.0
                    counted.setdefault((rid, i), {})[threat] = lead
                running = lead_w
                for h in sorted(e.raisers, key=lambda h: h.rule.order):
                    for fired, factor, why in _raise_groups(h, threat):
                        if not fired >> i & 1:
                            continue
                        new = running * factor
                        added.setdefault((h.rule.id, i), {})[threat] = new - running
                        weights.setdefault((h.rule.id, i), {})[threat] = new - running
                        if why:
                            whys[(h.rule.id, i)] = tuple(dict.fromkeys(whys.get((h.rule.id, i), ()) + why))
                        running = new
        out: list[Finding] = []
        for h in scored.hits:
            fires = scored.fires(h)
            if not fires:
                continue
            pushing = scored.pop.pushing(h.rule.when)
            for i in bits(fires):
                tool = scored.entities[i]
                pts = added.get((h.rule.id, i), {})
                out.append(Finding(
                    rule=h.rule.id,
                    tool=tool.id if tool is not None else None,
                    exposure=h.rule.exposure,
                    points={t: round(pts.get(t, 0.0), 6) for t in h.rule.threats},
                    weight={t: round(weights.get((h.rule.id, i), {}).get(t, 0.0), 6) for t in h.rule.threats},
                    counted_in=counted.get((h.rule.id, i), {}),
                    uncertain=bool(h.uncertain >> i & 1),
                    triggers=_triggers(pushing, i, tool, scored.pop, self._audit, self._content),
                    amplified_by=whys.get((h.rule.id, i), ()),
                    residual=h.rule.residual,
                ))
        return out


def _triggers(pushing, i: int, tool, pop: Population, audit: Audit, content: Content) -> tuple[Trigger, ...]:
    """The answers (and derived record values) that pushed a rule toward exposure for entity ``i``.

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
        if qid.startswith(RECORD_PREFIX):
            value, origin, scope = pop._answers[i].get(qid, UNKNOWN), "record", "record"
        else:
            value, origin = answer_origin(tool, qid, audit, content)
            scope = content.questions[qid].scope
        undocumented: tuple[str, ...] = ()
        if wanted is not None and isinstance(value, list):
            if _open_catalog_list(tool, qid, origin, content):
                undocumented = tuple(c for c in content.questions[qid].choice_ids if c in wanted and c not in value)
            if not undocumented:
                value = [v for v in value if v in wanted]
        out.append(Trigger(qid, value, origin, scope, undocumented))
    return tuple(out)


def _open_catalog_list(tool, qid: str, origin: str, content: Content) -> bool:
    """Whether the answer is a catalog list its sources do not show complete (``complete: false``)."""
    if origin != "catalog" or tool is None or not tool.catalog or tool.catalog not in content.catalog:
        return False
    fact = content.catalog[tool.catalog].facts.get(qid)
    return fact is not None and fact.complete is False


def score(audit: Audit, content: Content) -> ScoreResult:
    """Score an audit against the content's rules (findings are built on demand)."""
    group_rules = [r for r in content.rules if r.scope == "group"]
    tool_rules = [r for r in content.rules if r.scope == "tool"]
    group_pop = Population([{}], [None], audit.profile, _lookup(content))
    group = score_population(group_pop, [None], group_rules)
    tools = None
    if audit.tools:
        pop, _ = tool_population(audit.tools, audit.profile, content)
        tools = score_population(pop, audit.tools, tool_rules)
    return ScoreResult(audit, content, group, tools)
