"""Fuzzing the condition evaluator: random condition trees over the real questions, random answers.

Valid trees always compile and evaluate; the three-valued result is
consistent (true and unknown never overlap), the same per entity as for the
whole population, and Kleene-monotone: learning an unknown answer never flips
a definite result. Arbitrary (mostly invalid) conditions in a group's rule file
only ever produce InputError.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.content import yamlio
from auditor.engine.conditions import All, Any_, Not, Population, compile_condition
from auditor.content.loader import load_content
from auditor.errors import InputError
from auditor.content.model import UNKNOWN

CONTENT = load_content()
QUESTIONS = CONTENT.questions
TOOL_QS = [q for q in QUESTIONS.values() if q.scope == "tool"]
PROFILE_QS = [q for q in QUESTIONS.values() if q.scope == "profile"]
CATEGORIES = sorted(CONTENT.categories)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

OPS = {"choice": ["equals", "one_of", "at_least", "at_most"], "yesno": ["equals", "one_of", "at_least", "at_most"],
       "count": ["equals", "one_of", "at_least", "at_most"], "multi": ["contains", "contains_any"]}


def value_of(q):
    """A valid known answer to q."""
    if q.type == "count":
        return st.integers(0, 200)
    if q.type == "multi":
        return st.lists(st.sampled_from(q.choice_ids), unique=True, max_size=len(q.choice_ids))
    return st.sampled_from(q.choice_ids)


def answer_of(q):
    return st.one_of(value_of(q), st.just(UNKNOWN))


@st.composite
def leaf(draw):
    q = draw(st.sampled_from(list(QUESTIONS.values())))
    op = draw(st.sampled_from(OPS[q.type]))
    one = st.integers(0, 200) if q.type == "count" else st.sampled_from(q.choice_ids)
    arg = draw(st.lists(one, min_size=1, max_size=3, unique=True)) if op in ("one_of", "contains_any") else draw(one)
    return {"answer": q.id, op: arg}


category = st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=3, unique=True).map(lambda c: {"category": c})

trees = st.recursive(
    leaf() | category,
    lambda kids: st.lists(kids, min_size=1, max_size=4).map(lambda k: {"all": k})
    | st.lists(kids, min_size=1, max_size=4).map(lambda k: {"any": k})
    | kids.map(lambda k: {"not": k}),
    max_leaves=12,
)


@st.composite
def population(draw):
    n = draw(st.integers(1, 6))
    answers = [draw(st.fixed_dictionaries({}, optional={q.id: answer_of(q) for q in TOOL_QS})) for _ in range(n)]
    cats = [draw(st.none() | st.sampled_from(CATEGORIES)) for _ in range(n)]
    profile = draw(st.fixed_dictionaries({}, optional={q.id: answer_of(q) for q in PROFILE_QS}))
    return answers, cats, profile


def evaluate(cond, answers, cats, profile):
    return Population(answers, cats, profile, QUESTIONS).evaluate(cond)


@FUZZ
@given(trees, population())
def test_random_conditions_evaluate_consistently(raw, pop):
    answers, cats, profile = pop
    cond = compile_condition(raw, QUESTIONS, "tool")
    t, u = evaluate(cond, answers, cats, profile)
    full = (1 << len(answers)) - 1
    assert t & u == 0 and (t | u) & ~full == 0
    assert evaluate(Not(Not(cond)), answers, cats, profile) == (t, u)
    nt, nu = evaluate(Not(cond), answers, cats, profile)
    assert nu == u and nt == full & ~(t | u)
    assert evaluate(All((cond,)), answers, cats, profile) == evaluate(Any_((cond,)), answers, cats, profile) == (t, u)
    for i in range(len(answers)):
        assert evaluate(cond, [answers[i]], [cats[i]], profile) == ((t >> i) & 1, (u >> i) & 1)


@FUZZ
@given(trees, population(), st.data())
def test_learning_an_unknown_answer_never_flips_a_definite_result(raw, pop, data):
    answers, cats, profile = pop
    cond = compile_condition(raw, QUESTIONS, "tool")
    t, u = evaluate(cond, answers[:1], cats[:1], profile)
    known_tool = dict(answers[0])
    for q in TOOL_QS:
        if known_tool.get(q.id, UNKNOWN) == UNKNOWN:
            known_tool[q.id] = data.draw(value_of(q))
    known_profile = dict(profile)
    for q in PROFILE_QS:
        if known_profile.get(q.id, UNKNOWN) == UNKNOWN:
            known_profile[q.id] = data.draw(value_of(q))
    kt, ku = evaluate(cond, [known_tool], cats[:1], known_profile)
    assert ku == 0  # everything known: no unknown left
    if not u:
        assert kt == t


# Arbitrary condition-shaped junk: real keys and ids mixed with wrong types and nonsense.
KEYS = ["all", "any", "not", "answer", "category", "equals", "one_of", "at_least", "at_most", "contains", "contains_any", "eval", "__class__"]
ATOMS = st.one_of(
    st.sampled_from(list(QUESTIONS) + CATEGORIES + ["unknown", "yes", "no", "week", "forever"]),
    st.integers(-5, 500), st.booleans(), st.none(), st.floats(allow_nan=True), st.text(max_size=8),
)
junk = st.recursive(
    ATOMS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), kids, max_size=3),
    max_leaves=15,
)
RULESET = {
    "kind": "ruleset", "format": 1, "ruleset": "fuzz", "version": "1", "title": "Fuzz",
    "rules": [{"id": "FUZ-001", "threats": ["metadata"], "title": "t", "severity": "low", "scope": "tool",
               "when": None, "reason": "r", "sources": [{"report": "Before Gathering Information Electronically"}]}],
}


@FUZZ
@given(junk | trees, st.sampled_from(["tool", "group"]), st.sampled_from(["when", "applies"]))
def test_any_condition_in_a_rule_file_loads_or_is_an_input_error(tmp_path_factory, raw, scope, where):
    rules = {**RULESET, "rules": [{**RULESET["rules"][0], "scope": scope, "when": {"answer": "retention", "at_least": "month"}}]}
    rules["rules"][0][where] = raw
    path = tmp_path_factory.mktemp("rules") / "fuzz.yaml"
    path.write_text(yamlio.dump(rules))
    try:
        load_content(extra_rules=[path])
    except InputError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
