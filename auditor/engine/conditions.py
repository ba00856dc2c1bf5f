"""Declarative conditions over answers, evaluated with three-valued logic.

A condition is a small tree (all / any / not / category / capability / a test
of an answer or of a derived record value) read from YAML. Nothing is ever evaluated as code. Each test is true, false or
unknown: a "don't know" answer makes a test unknown, and unknown propagates
with Kleene logic, so a rule whose outcome hinges on an unknown answer still
counts as exposure.

Evaluation works on a whole population at once (every tool of an audit, or the
group alone): each node yields bitmasks of the entities for which it is true
and unknown. That keeps 1,000 tools x 1,000 rules well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from auditor.content.model import CAPABILITIES, UNKNOWN, AtMost, MaybeList, OpenList, Question

OPS = ("equals", "one_of", "at_least", "at_most", "contains", "contains_any")
_OPS_FOR_TYPE = {
    "choice": {"equals", "one_of", "at_least", "at_most"},
    "yesno": {"equals", "one_of", "at_least", "at_most"},
    "count": {"equals", "one_of", "at_least", "at_most"},
    "multi": {"contains", "contains_any"},
}


@dataclass(frozen=True)
class Leaf:
    question: str  # a question id, or "record:<name>" for a derived record value
    op: str
    arg: Any

    @property
    def is_record(self) -> bool:
        return self.question.startswith(RECORD_PREFIX)


@dataclass(frozen=True)
class Capability:
    """Whether the tool offers a feature (catalog `capabilities`): unknown for tools outside the catalog."""

    name: str


@dataclass(frozen=True)
class _Maybe:
    """A derived list of at most these items: what it names is unknown, anything else absent."""

    items: tuple


@dataclass(frozen=True)
class _Open:
    """A list the catalog says is incomplete: anything it does not name is unknown, not absent."""

    items: tuple


class _NotAsked:
    """The value of a question that is not asked of this kind of tool: no test on it holds."""

    def __repr__(self) -> str:
        return "not applicable"


NOT_ASKED = _NotAsked()
RECORD_PREFIX = "record:"
CAPABILITY_PREFIX = "capability:"


@dataclass(frozen=True)
class All:
    parts: tuple


@dataclass(frozen=True)
class Any_:
    parts: tuple


@dataclass(frozen=True)
class Not:
    part: Any


@dataclass(frozen=True)
class Unless(Not):
    """True unless the part is known to hold: an unknown answer does not block it.

    For a change that is ruled out only by a known answer ("unless a contract requires keeping the
    records"); under ``not`` an unknown stays unknown, which would hide it from every group that has
    not answered yet.
    """


@dataclass(frozen=True)
class Category:
    categories: tuple[str, ...]


class ConditionError(ValueError):
    """A condition refers to something that does not exist. ``path`` locates it."""

    def __init__(self, message: str, path: tuple):
        super().__init__(message)
        self.path = path


def compile_condition(raw: dict, questions: dict[str, Question], scope: str, path: tuple = (), records: dict[str, Question] | None = None) -> Any:
    """Turn schema-valid YAML into a condition tree, checking every question and choice it names.

    ``scope`` is "tool" (tool and profile questions, records, capabilities allowed) or "group"
    (profile only). ``records`` are the derived record values rules may test.
    """
    records = records or {}

    def sub(part: dict, where: tuple) -> Any:
        return compile_condition(part, questions, scope, where, records)

    if "all" in raw:
        return All(tuple(sub(c, path + ("all", i)) for i, c in enumerate(raw["all"])))
    if "any" in raw:
        return Any_(tuple(sub(c, path + ("any", i)) for i, c in enumerate(raw["any"])))
    if "not" in raw:
        return Not(sub(raw["not"], path + ("not",)))
    if "unless" in raw:
        return Unless(sub(raw["unless"], path + ("unless",)))
    if "category" in raw:
        if scope != "tool":
            raise ConditionError("a group-wide rule cannot test a tool's category", path + ("category",))
        return Category(tuple(raw["category"]))
    if "capability" in raw:
        if scope != "tool":
            raise ConditionError("a group-wide rule cannot test a tool's capability", path + ("capability",))
        if raw["capability"] not in CAPABILITIES:
            raise ConditionError(f"unknown capability {raw['capability']!r}; known: {', '.join(CAPABILITIES)}", path + ("capability",))
        return Capability(raw["capability"])
    key = "record" if "record" in raw else "answer"
    qid = raw[key]
    if key == "record":
        if scope != "tool":
            raise ConditionError("a group-wide rule cannot test a tool's records", path + ("record",))
        q = records.get(qid)
        if q is None:
            raise ConditionError(f"unknown record value {qid!r}; known: {', '.join(records)}", path + ("record",))
    else:
        q = questions.get(qid)
        if q is None:
            raise ConditionError(f"unknown question {qid!r}", path + ("answer",))
    if scope == "group" and q.scope == "tool":
        raise ConditionError(f"a group-wide rule cannot test the tool question {qid!r}", path + ("answer",))
    (op,) = [k for k in raw if k != key]
    if op not in _OPS_FOR_TYPE[q.type]:
        allowed = ", ".join(sorted(_OPS_FOR_TYPE[q.type]))
        raise ConditionError(f"{op!r} does not work on a {q.type} question ({qid}); use one of: {allowed}", path + (op,))
    arg = raw[op]
    values = arg if isinstance(arg, list) else [arg]
    for v in values:
        if v == UNKNOWN:
            raise ConditionError("do not test for 'unknown': unknown answers already count as exposure", path + (op,))
        if q.type == "count":
            if isinstance(v, bool) or not isinstance(v, int):
                raise ConditionError(f"{qid} is a count; expected a whole number, got {v!r}", path + (op,))
        elif v not in q.choice_ids:
            raise ConditionError(f"{v!r} is not a choice of {qid} ({', '.join(q.choice_ids)})", path + (op,))
    if isinstance(arg, list):
        arg = tuple(arg)
    return Leaf(RECORD_PREFIX + qid if key == "record" else qid, op, arg)


def leaves(cond: Any, negated: bool = False) -> Iterable[tuple[Leaf | Category, bool]]:
    """Every test in the tree with its polarity (True when under an odd number of ``not``)."""
    if isinstance(cond, (All, Any_)):
        for part in cond.parts:
            yield from leaves(part, negated)
    elif isinstance(cond, Not):
        yield from leaves(cond.part, not negated)
    elif cond is not None:
        yield cond, negated


def _test(q: Question, op: str, arg: Any) -> Callable[[Any], bool]:
    """A predicate on a known value for one leaf test."""
    if op == "equals":
        return lambda v: v == arg
    if op == "one_of":
        return lambda v: v in arg
    if op == "at_least":
        bound = q.rank(arg)
        return lambda v: q.rank(v) >= bound
    if op == "at_most":
        bound = q.rank(arg)
        return lambda v: q.rank(v) <= bound
    if op == "contains":
        return lambda v: arg in v
    if op == "contains_any":
        return lambda v: any(a in v for a in arg)
    raise AssertionError(op)


def _freeze(value: Any) -> Any:
    if isinstance(value, OpenList):
        return _Open(tuple(value))
    if isinstance(value, MaybeList):
        return _Maybe(tuple(value))
    return tuple(value) if isinstance(value, list) else value


class Population:
    """Answers of N entities indexed for bitmask evaluation.

    ``answers[i]`` maps question id -> value for entity i (missing means
    unanswered, which is evaluated exactly like "unknown"); ``categories[i]``
    is its tool category. ``profile`` answers are shared by every entity.
    """

    def __init__(self, answers: list[dict[str, Any]], categories: list[str | None], profile: dict[str, Any], questions: dict[str, Question]):
        self.n = len(answers)
        self.full = (1 << self.n) - 1
        self._answers = answers
        self._categories = categories
        self._profile = profile
        self._questions = questions
        self._groups: dict[str, dict[Any, int]] = {}
        self._leaf_cache: dict[Any, tuple[int, int]] = {}

    def _question(self, qid: str) -> Question:
        if qid.startswith(CAPABILITY_PREFIX):
            return _CAPABILITY_QUESTION
        return self._questions[qid]

    def _value_groups(self, qid: str) -> dict[Any, int]:
        """value -> mask of entities holding it (built once per question)."""
        groups = self._groups.get(qid)
        if groups is None:
            groups = {}
            if self._question(qid).scope == "profile":
                groups[_freeze(self._profile.get(qid, UNKNOWN))] = self.full
            else:
                members: dict[Any, list[int]] = {}
                for i, ans in enumerate(self._answers):
                    members.setdefault(_freeze(ans.get(qid, UNKNOWN)), []).append(i)
                groups = {key: mask_of(ids, self.n) for key, ids in members.items()}
            self._groups[qid] = groups
        return groups

    def leaf(self, node: Leaf | Category) -> tuple[int, int]:
        """(true mask, unknown mask) of one test."""
        cached = self._leaf_cache.get(node)
        if cached is not None:
            return cached
        if isinstance(node, Category):
            t = mask_of([i for i, cat in enumerate(self._categories) if cat in node.categories], self.n)
            result = (t, 0)
        elif isinstance(node, Capability):
            t = u = 0
            for value, mask in self._value_groups(CAPABILITY_PREFIX + node.name).items():
                if value == "yes":
                    t |= mask
                elif value != "no":
                    u |= mask
            result = (t, u)
        else:
            q = self._question(node.question)
            pred = _test(q, node.op, node.arg)
            t = u = 0
            for value, mask in self._value_groups(node.question).items():
                if value is NOT_ASKED:
                    continue
                if value == UNKNOWN or value is None:
                    u |= mask
                elif isinstance(value, _Maybe):
                    if pred(value.items):
                        u |= mask  # it may hold this: unknown, never certain
                elif isinstance(value, AtMost):
                    bound = q.rank(value.value)
                    passes = [pred(c) for c in q.choice_ids if q.rank(c) <= bound]
                    if all(passes):
                        t |= mask
                    elif any(passes):
                        u |= mask
                elif isinstance(value, _Open):
                    if pred(value.items):
                        t |= mask
                    else:
                        u |= mask  # the list is incomplete: what it does not name is unknown
                elif pred(value):
                    t |= mask
            result = (t, u)
        self._leaf_cache[node] = result
        return result

    def evaluate(self, cond: Any) -> tuple[int, int]:
        """(true mask, unknown mask) of a condition; false is everything else."""
        if isinstance(cond, (Leaf, Category, Capability)):
            return self.leaf(cond)
        full = self.full
        if isinstance(cond, Unless):
            t, _ = self.evaluate(cond.part)
            return full & ~t, 0
        if isinstance(cond, Not):
            t, u = self.evaluate(cond.part)
            return full & ~(t | u), u
        if isinstance(cond, All):
            t, f = full, 0
            for part in cond.parts:
                pt, pu = self.evaluate(part)
                t &= pt
                f |= full & ~(pt | pu)
            return t, full & ~(t | f)
        if isinstance(cond, Any_):
            t, f = 0, full
            for part in cond.parts:
                pt, pu = self.evaluate(part)
                t |= pt
                f &= full & ~(pt | pu)
            return t, full & ~(t | f)
        raise AssertionError(cond)

    def pushing(self, cond: Any) -> list[tuple[Leaf, int]]:
        """For each answer test, the entities where it pushes toward exposure.

        A test pushes when it is true (or unknown) and not negated, or false
        (or unknown) under a ``not``. These are a finding's triggering answers.
        """
        out = []
        for node, negated in leaves(cond):
            if isinstance(node, (Category, Capability)):
                continue
            t, u = self.leaf(node)
            mask = (self.full & ~t) if negated else (t | u)
            out.append((node, mask))
        return out


_CAPABILITY_QUESTION = Question(id="capability", scope="tool", type="choice", prompt="", why="")


def mask_of(indexes: Iterable[int], n: int) -> int:
    """A bitmask with the given bits set, built in linear time (OR-ing 1 << i one by one is quadratic)."""
    buf = bytearray((n + 7) // 8)
    for i in indexes:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")


def bits(mask: int) -> Iterable[int]:
    """Indexes of the set bits of ``mask``, ascending."""
    s = bin(mask)[:1:-1]
    i = s.find("1")
    while i != -1:
        yield i
        i = s.find("1", i + 1)
