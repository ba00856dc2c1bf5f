"""The corpus: groups the shipped examples do not cover, each with a trainer's expectations (issue 22, item 9).

Every audit in ``tests/corpus/audits/`` validates, and every expectation in ``tests/corpus/expect/`` (same
file name) holds. Expectations read the one typed assessment (``auditor.engine.assessment``) by ids: rule
ids, proposal ids, threat ids, tool ids, the answers a plan item changes; a few are phrases checked on the
rendered ``auditor score`` text. The format is documented in ``tests/corpus/README.md``.

One test per expectation, named ``group/expectation``, so one known defect marks one expectation, not the
group: ``known_defect: "22.N"`` makes it a strict xfail (it must fail today; once the model is fixed it
passes, the test turns red, and the marker is removed). Each audit is scored once per process.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import pytest

from auditor import i18n
from auditor.audits.model import load_audit
from auditor.content import yamlio
from auditor.content.loader import load_content
from auditor.content.validate import validate_paths
from auditor.engine.assessment import RESIDUAL_WHY, UNKNOWN_WHY, UNPLANNED_WHY, Assessment, assessment_dict
from auditor.engine.scoring import score
from auditor.textout import score_text

CORPUS = Path(__file__).parent / "corpus"
AUDITS = CORPUS / "audits"
EXPECT = CORPUS / "expect"
WHY = {"residual": RESIDUAL_WHY, "unknown": UNKNOWN_WHY, "unplanned": UNPLANNED_WHY}
# Checked on every group, besides its own expectations (a group's file may mark one as a known defect
# under `universal:`).
UNIVERSAL = {
    "never-zero": {"check": "never_zero", "says": "No plan promises 0: every exposed threat keeps something after the whole plan."},
    "plan-refs-resolve": {"check": "plan_refs_resolve", "says": "An item that points to another plan item points to one that is in the plan."},
    "shown-remains": {"check": "remains_said", "says": "The rendered score says what remains after the plan, and why."},
}


def groups() -> list[str]:
    return sorted(p.stem for p in AUDITS.glob("*.yaml"))


@lru_cache(maxsize=None)
def content():
    return load_content(lang="en")


@lru_cache(maxsize=None)
def expectations(group: str) -> dict:
    data, _ = yamlio.load(EXPECT / f"{group}.yaml")
    assert isinstance(data, dict) and data.get("kind") == "corpus-expectations", f"{group}: not a corpus-expectations file"
    return data


@lru_cache(maxsize=None)
def assessed(group: str) -> tuple[Assessment, dict, str]:
    """The group's assessment, its JSON (the shape of ``auditor score --json``) and its rendered text, in English
    (expectations quote English phrases and reasons, whatever language an earlier test chose)."""
    i18n.choose("en")
    a = Assessment.of(load_audit(AUDITS / f"{group}.yaml", content()), content())
    return a, assessment_dict(a), score_text(a, top=len(a.plan), bars=False)


# -- matching plan items ---------------------------------------------------------

MATCH_KEYS = {"tool", "proposal", "removes", "sets", "kind", "deletes", "switch", "check_first"}


def _tool_of(spec) -> str | None:
    tool = spec.get("tool")
    return None if tool == "group" else tool


def matches(item: dict, m: dict) -> bool:
    """A plan item (``proposal_dict``) matches every field the matcher gives (README: *Matching plan items*)."""
    unknown = set(m) - MATCH_KEYS
    assert not unknown, f"unknown matcher fields {sorted(unknown)}"
    if "tool" in m and item["tool"] != _tool_of(m):
        return False
    if "proposal" in m:
        wanted = m["proposal"] if isinstance(m["proposal"], list) else [m["proposal"]]
        if not ({item["id"], *item["also"]} & set(wanted)):
            return False
    if "kind" in m:
        kinds = m["kind"] if isinstance(m["kind"], list) else [m["kind"]]
        if item["kind"] not in kinds:
            return False
    if "deletes" in m and item["deletes"] != m["deletes"]:
        return False
    if "check_first" in m and item["check_first"] != m["check_first"]:
        return False
    changes = item["changes"]
    if "removes" in m:
        wanted = m["removes"] if isinstance(m["removes"], list) else [m["removes"]]
        removed = {v for c in changes if c["question"] == "data_kinds" for v in c["removed"]}
        if not (removed & set(wanted)):
            return False
    if "sets" in m:
        for question, value in m["sets"].items():
            if not any(c["question"] == question and c["after"] == value for c in changes):
                return False
    if "switch" in m:
        if not any(c["question"] == "catalog" and (m["switch"] is True or c["after"] == m["switch"]) for c in changes):
            return False
    return True


def _items(doc: dict, m: dict | list[dict], within: int | None = None) -> list[dict]:
    """Plan items matching ``m`` (a list of matchers: any of them), best first."""
    plan = doc["proposals"][:within] if within else doc["proposals"]
    ms = m if isinstance(m, list) else [m]
    return [p for p in plan if any(matches(p, one) for one in ms)]


def _describe(items: list[dict]) -> str:
    return "; ".join(f"#{p['rank']} {p['tool'] or 'group'}:{p['id']} ({p['title']})" for p in items) or "none"


def _findings(doc: dict, spec: dict) -> list[dict]:
    rules = spec["rule"] if isinstance(spec.get("rule"), list) else [spec["rule"]] if "rule" in spec else None
    return [f for f in doc["findings"]
            if ("tool" not in spec or f["tool"] == _tool_of(spec)) and (rules is None or f["rule"] in rules)]


def _threat(a: Assessment, spec: dict) -> str:
    t = spec.get("threat", "worst")
    return max(a.scores, key=lambda k: (a.scores[k].score, k)) if t == "worst" else t


def _phrases(spec: dict) -> list[str]:
    return spec["phrases"] if isinstance(spec["phrases"], list) else [spec["phrases"]]


def _found(text: str, phrase: str) -> bool:
    return re.search(re.escape(phrase), text, re.IGNORECASE) is not None


# -- the checks: each returns None when the expectation holds, else what was found instead --------------

def check_top(a, doc, text, spec):
    within = spec.get("within", 5)
    if _items(doc, spec["match"], within):
        return None
    return f"not in the top {within}; top {within}: {_describe(doc['proposals'][:within])}; anywhere: {_describe(_items(doc, spec['match']))}"


def check_not_top(a, doc, text, spec):
    within = spec.get("within", 5)
    found = _items(doc, spec["match"], within)
    return f"in the top {within}: {_describe(found)}" if found else None


def check_in_plan(a, doc, text, spec):
    return None if _items(doc, spec["match"]) else f"no plan item matches; plan: {_describe(doc['proposals'])}"


def check_never(a, doc, text, spec):
    found = _items(doc, spec["match"])
    return f"in the plan: {_describe(found)}" if found else None


def check_at_most(a, doc, text, spec):
    found = _items(doc, spec["match"])
    n = spec.get("n", 1)
    return f"{len(found)} items: {_describe(found)}" if len(found) > n else None


def check_before(a, doc, text, spec):
    """The first item matching ``first`` ranks above every item matching ``then``."""
    first, then = _items(doc, spec["first"]), _items(doc, spec["then"])
    if not first:
        return f"no item matches 'first'; plan: {_describe(doc['proposals'])}"
    if then and then[0]["rank"] < first[0]["rank"]:
        return f"{_describe(then[:1])} ranks above {_describe(first[:1])}"
    return None


def check_find_out(a, doc, text, spec):
    """Every matching item (at least one) is a find-out-first item that lowers no running score: offered,
    never counted as done."""
    items = _items(doc, spec["match"])
    if not items:
        return f"no plan item matches; plan: {_describe(doc['proposals'])}"
    start = {t: s.score for t, s in a.scores.items()}
    before = {p["rank"]: (doc["proposals"][p["rank"] - 2]["running"] if p["rank"] > 1 else start) for p in items}
    bad = [p for p in items if not p["check_first"] or p["running"] != before[p["rank"]]]
    return "counted as done: " + _describe(bad) if bad else None


def check_finding(a, doc, text, spec):
    return None if _findings(doc, spec) else "no such finding"


def check_no_finding(a, doc, text, spec):
    found = _findings(doc, spec)
    return "found: " + "; ".join(f"{f['rule']} on {f['tool'] or 'group'} ({f['title']})" for f in found) if found else None


def check_answer_read(a, doc, text, spec):
    """Some finding on the tool rests on this answer: a question the group answers is read by a rule."""
    found = [f for f in _findings(doc, spec) if any(t["question"] == spec["question"] for t in f["triggers"])]
    return None if found else f"no finding on {spec['tool']} reads {spec['question']}"


def check_finding_title_lacks(a, doc, text, spec):
    bad = [f"{f['rule']}: {f['title']}" for f in _findings(doc, spec) for p in _phrases(spec) if _found(f["title"], p)]
    return "titles say: " + "; ".join(bad) if bad else None


def check_plan_text_lacks(a, doc, text, spec):
    m = spec.get("match", {})
    bad = [f"#{p['rank']} {p['id']}: {ph!r}" for p in _items(doc, m) for ph in _phrases(spec)
           if _found(p["title"] + " " + p["detail"], ph)]
    return "plan items say: " + "; ".join(bad) if bad else None


def check_plan_text_has(a, doc, text, spec):
    items = _items(doc, spec["match"])
    if not items:
        return "no plan item matches"
    bad = [f"#{p['rank']} {p['id']}" for p in items
           if not all(_found(p["title"] + " " + p["detail"], ph) for ph in _phrases(spec))]
    return f"{', '.join(bad)} never say {_phrases(spec)}" if bad else None


def check_text_lacks(a, doc, text, spec):
    bad = [p for p in _phrases(spec) if _found(text, p)]
    return f"the score text says {bad}" if bad else None


def check_text_has(a, doc, text, spec):
    missing = [p for p in _phrases(spec) if not _found(text, p)]
    return f"the score text never says {missing}" if missing else None


def check_lowers(a, doc, text, spec):
    t = _threat(a, spec)
    s = a.scores[t]
    drop = s.score - s.after_plan
    need = spec.get("by_at_least", 1)
    return None if drop >= need else f"{t}: {s.score} -> {s.after_plan} after the plan (wanted a drop of at least {need})"


def check_remains(a, doc, text, spec):
    whys = [WHY[w] for w in (spec["why"] if isinstance(spec["why"], list) else [spec["why"]])]
    entries = [r for r in doc["remaining"] if r["rule"] == spec["rule"] and ("tool" not in spec or r["tool"] == _tool_of(spec))]
    if any(r["why"] in [_w for _w in whys] for r in entries):
        return None
    return f"remains as {[r['why'] for r in entries] or 'nothing'}"


def check_remains_not(a, doc, text, spec):
    whys = [WHY[w] for w in (spec["why"] if isinstance(spec["why"], list) else [spec["why"]])]
    bad = [r for r in doc["remaining"] if r["rule"] == spec["rule"] and ("tool" not in spec or r["tool"] == _tool_of(spec)) and r["why"] in whys]
    return "remains: " + "; ".join(f"{r['rule']} on {r['tool'] or 'group'}: {r['why']}" for r in bad) if bad else None


def check_measures(a, doc, text, spec):
    """Changing the group's answers as given lowers the threat's points: the model sees the difference."""
    audit = copy.deepcopy(a.audit)
    tool = _tool_of(spec)
    answers = audit.profile if tool is None else next(t for t in audit.tools if t.id == tool).answers
    answers.update(spec["set"])
    t = _threat(a, spec)
    before, after = a.result.points[t], score(audit, a.content).points[t]
    return None if after < before - 1e-9 else f"{t} points {before} -> {after} with {spec['set']}"


def check_no_step_raises(a, doc, text, spec):
    threats = spec.get("threats") or list(a.scores)
    prev = {t: a.scores[t].score for t in threats}
    for p in doc["proposals"]:
        for t in threats:
            if p["running"][t] > prev[t]:
                return f"#{p['rank']} {p['tool']}:{p['id']} raises {t} {prev[t]} -> {p['running'][t]}"
            prev[t] = p["running"][t]
    return None


def check_never_zero(a, doc, text, spec):
    zero = [t for t, s in a.scores.items() if s.points > 0 and s.after_plan <= 0]
    return f"the plan takes {zero} to 0" if zero else None


def check_plan_refs_resolve(a, doc, text, spec):
    """An item whose detail sends the reader to "the plan's item for ..." has that item on its tool: one that
    deletes what is already stored (for the recordings: one that removes them)."""
    def resolved(p):
        wanted = {"tool": p["tool"], "deletes": True}
        if _found(p["detail"], "the plan's item for the recordings"):
            wanted["removes"] = "recordings"
        return any(q is not p for q in _items(doc, wanted))
    bad = [p for p in doc["proposals"] if _found(p["detail"], "the plan's item") and not resolved(p)]
    return "points to an item not in the plan: " + _describe(bad) if bad else None


def check_remains_said(a, doc, text, spec):
    return None if doc["remaining"] and "What remains after the whole plan" in text else "nothing said about what remains"


CHECKS = {name[len("check_"):]: fn for name, fn in globals().items() if name.startswith("check_")}

# What each check reads besides id, says, check and known_defect: anything else is a typo that would let an
# expectation pass without testing anything.
FIELDS = {
    "top": {"within", "match"}, "find_out": {"match"}, "not_top": {"within", "match"}, "in_plan": {"match"}, "never": {"match"}, "at_most": {"match", "n"},
    "before": {"first", "then"}, "finding": {"tool", "rule"}, "answer_read": {"tool", "question"}, "no_finding": {"tool", "rule"},
    "finding_title_lacks": {"tool", "rule", "phrases"}, "plan_text_lacks": {"match", "phrases"},
    "plan_text_has": {"match", "phrases"}, "text_lacks": {"phrases"}, "text_has": {"phrases"},
    "lowers": {"threat", "by_at_least"}, "measures": {"tool", "set", "threat"},
    "remains": {"rule", "tool", "why"}, "remains_not": {"rule", "tool", "why"}, "no_step_raises": {"threats"},
    "never_zero": set(), "plan_refs_resolve": set(), "remains_said": set(),
}
DEFECT = re.compile(r"^(22\.([0-9]+|M)|new-[A-Z])$")


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


def problems_of(spec: dict, a: Assessment) -> list[str]:
    """Everything an expectation names must exist: a wrong tool, rule or proposal id would make a
    `never` or `no_finding` pass vacuously."""
    c, out = a.content, []
    check = spec.get("check")
    if check not in FIELDS:
        return [f"unknown check {check!r}"]
    extra = set(spec) - FIELDS[check] - {"id", "says", "check", "known_defect"}
    out += [f"unknown field {k!r} for {check}" for k in sorted(extra)]
    if not spec.get("says"):
        out.append("no 'says': the trainer's sentence")
    if "known_defect" in spec and not DEFECT.match(str(spec["known_defect"])):
        out.append(f"known_defect {spec['known_defect']!r} is not 22.N, 22.M or new-X")
    tools = {t.id for t in a.audit.tools} | {"group"}
    kinds = {ch.id for ch in c.questions["data_kinds"].choices}

    def tool(t):
        if t not in tools:
            out.append(f"no tool {t!r} in the audit")

    for m in [x for key in ("match", "first", "then") if key in spec for x in _listed(spec[key])]:
        out += [f"unknown matcher field {k!r}" for k in sorted(set(m) - MATCH_KEYS)]
        if "tool" in m:
            tool(m["tool"])
        out += [f"no proposal {p!r}" for p in _listed(m.get("proposal", [])) if p not in c.proposals]
        out += [f"no data kind {k!r}" for k in _listed(m.get("removes", [])) if k not in kinds]
        out += [f"no question {q!r}" for q in m.get("sets", {}) if q not in c.questions]
    if "tool" in spec:
        tool(spec["tool"])
    known_rules = {r.id for r in c.rules}
    out += [f"no rule {r!r}" for r in _listed(spec.get("rule", [])) if r not in known_rules]
    threats = set(a.threats) | {"worst"}
    out += [f"no threat {t!r}" for t in [spec.get("threat", "worst"), *spec.get("threats", [])] if t not in threats]
    out += [f"no question {q!r}" for q in [*spec.get("set", {}), *_listed(spec.get("question", []))] if q not in c.questions]
    out += [f"no reason {w!r}" for w in _listed(spec.get("why", [])) if w not in WHY]
    return out


# -- the tests -----------------------------------------------------------------------------------------

def cases():
    out = []
    for group in groups():
        if not (EXPECT / f"{group}.yaml").exists():
            continue  # test_audit_validates fails for it
        data = expectations(group)
        listed = list(data.get("expect", []))
        marks = data.get("universal") or {}
        listed += [dict(spec, id=key, **({"known_defect": marks[key]} if key in marks else {})) for key, spec in UNIVERSAL.items()]
        for spec in listed:
            defect = spec.get("known_defect")
            out.append(pytest.param(group, spec, id=f"{group}/{spec['id']}",
                                    marks=[pytest.mark.xfail(strict=True, reason=f"known defect {defect}")] if defect else []))
    return out


@pytest.mark.parametrize("group", groups())
def test_audit_validates(group):
    """A valid audit, written as members would answer: no problem, and no name or number in its notes."""
    warnings: list = []
    problems, _ = validate_paths([AUDITS / f"{group}.yaml"], warnings=warnings)
    assert not problems, [str(p) for p in problems]
    assert not warnings, [str(w) for w in warnings]
    assert (EXPECT / f"{group}.yaml").exists(), f"{group} has no expectation file"


@pytest.mark.parametrize("group", groups())
def test_expectations_well_formed(group):
    """Never an xfail: a typo in an expectation marked as a known defect would otherwise pass as expected."""
    data = expectations(group)
    a, _, _ = assessed(group)
    assert data.get("format") == 1 and data.get("group") and data.get("trainer"), f"{group}: format 1, group and trainer are required"
    ids = [spec.get("id") for spec in data.get("expect", [])]
    assert len(ids) == len(set(ids)) and all(ids), f"{group}: expectation ids must be given and unique"
    assert set(data.get("universal") or {}) <= set(UNIVERSAL), f"{group}: universal names an unknown check"
    found = {spec["id"]: problems_of(spec, a) for spec in data.get("expect", [])}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("group,spec", cases())
def test_expectation(group, spec):
    a, doc, text = assessed(group)
    failure = CHECKS[spec["check"]](a, doc, text, spec)
    assert failure is None, f"{group}: {spec['says']}\n  {failure}"


# Each check, given an expectation that does not hold for a corpus group, reports it: a check that cannot
# fail would pass every group. (The strict xfails above show the others failing on real groups.)
WRONG = [
    ("survivors-shared-google", {"check": "finding", "tool": "log", "rule": "MAN-005"}),  # no immigration status there
    ("survivors-shared-google", {"check": "remains", "rule": "MET-006", "tool": "line", "why": "unplanned"}),
    ("survivors-shared-google", {"check": "text_lacks", "phrases": ["What remains after the whole plan"]}),
    ("survivors-shared-google", {"check": "plan_text_has", "match": {"tool": "line", "sets": {"recording": "never"}}, "phrases": ["shred the notebook"]}),
    ("survivors-shared-google", {"check": "top", "within": 1, "match": {"tool": "log"}}),
    ("survivors-shared-google", {"check": "lowers", "threat": "metadata", "by_at_least": 100}),
    ("tiny-paper-prepaid", {"check": "at_most", "n": 0, "match": {}}),
    ("review-dv-safehouse", {"check": "find_out", "match": {"tool": "intake-phone", "sets": {"recording": "never"}}}),  # a known "sometimes"
    ("tiny-paper-prepaid", {"check": "measures", "tool": "phone", "set": {"people_with_access": 3}, "threat": "gossip"}),  # unchanged
]


@pytest.mark.parametrize("group,spec", WRONG, ids=[f"{g}/{s['check']}" for g, s in WRONG])
def test_checks_can_fail(group, spec):
    a, doc, text = assessed(group)
    assert not problems_of(dict(spec, id="wrong", says="a wrong expectation"), a)
    assert CHECKS[spec["check"]](a, doc, text, spec) is not None


def test_problems_are_caught():
    """A typo in a tool, rule, proposal or field name is a problem, not a vacuous pass."""
    a, _, _ = assessed("survivors-shared-google")
    spec = {"id": "x", "says": "x", "check": "never", "match": {"tool": "lines", "proposal": "backup-of"}, "within": 5}
    found = problems_of(spec, a)
    assert any("lines" in p for p in found) and any("backup-of" in p for p in found) and any("within" in p for p in found)
    assert problems_of({"id": "x", "says": "x", "check": "no_finding", "tool": "line", "rule": "SUB-999"}, a)
