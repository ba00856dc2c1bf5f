"""Scenarios for "what if this happened?" exercises: data in scenarios/*.yaml.

Loaded like every other content file: ``yamlio`` (safe YAML, size and alias
limits), the JSON Schema ``scenario.schema.json``, then cross-checked against the
content (record kinds, categories, questions and choices, report sections).
Every problem names file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from auditor import i18n
from auditor.i18n import _
from auditor.content import overlay, schema, yamlio
from auditor.content.loader import REPORT_SECTIONS, content_root
from auditor.content.model import Content
from auditor.engine.records import RECORDS
from auditor.errors import InputError, Problem

MAX_FILES = 200


@dataclass(frozen=True)
class Reach:
    record: str
    held_by: tuple[str, ...] | None = None  # None: whoever holds it


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str  # may contain {tool}
    prompt: str
    reaches: tuple[Reach, ...]
    categories: tuple[str, ...] | None
    answers: tuple[dict, ...]
    questions: tuple[str, ...]
    sources: tuple[str, ...]
    order: int = 1000
    file: str = ""

    @property
    def records(self) -> tuple[str, ...]:
        return tuple(r.record for r in self.reaches)

    def title_for(self, tool_name: str) -> str:
        # str.replace, not format(): a tool called "{0}" or "Chat {x}" stays literal.
        return self.title.replace("{tool}", tool_name)


def shipped_dir() -> Path:
    return content_root() / "scenarios"


def _files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise InputError.one(folder, _("folder not found"))
    if not folder.is_dir():
        raise InputError.one(folder, _("is a file, not a folder of scenario files"))
    files = sorted(list(folder.glob("*.yaml")) + list(folder.glob("*.yml")))
    if len(files) > MAX_FILES:
        raise InputError.one(folder, _("holds {n} scenario files; the limit is {limit}").format(n=len(files), limit=MAX_FILES))
    return files


def load_scenarios(content: Content, extra_dirs: Iterable[str | Path] = (), shipped: bool = True) -> list[Scenario]:
    """The shipped scenarios plus every *.yaml in ``extra_dirs``; InputError lists every problem."""
    paths: list[Path] = _files(shipped_dir()) if shipped and shipped_dir().is_dir() else []
    for d in extra_dirs:
        paths += _files(Path(d))
    problems: list[Problem] = []
    out: list[Scenario] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            scenario = load_one(path, content)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if scenario.id in seen:
            problems.append(Problem(str(path), f"scenario id {scenario.id!r} is already used by {seen[scenario.id]}", field="id"))
            continue
        seen[scenario.id] = str(path)
        out.append(scenario)
    if problems:
        raise InputError(problems)
    out.sort(key=lambda s: (s.order, s.id))
    return out


def load_one(path: Path, content: Content) -> Scenario:
    data, text = yamlio.load(path)
    if not isinstance(data, dict):
        raise InputError.one(path, "expected a mapping at the top of the file", line=1)
    if data.get("kind") != "scenario":
        raise InputError.one(path, "'kind' must be scenario", line=yamlio.line_of(text, ["kind"]), field="kind")
    schema.check("scenario", data, path, text)
    data = overlay.apply("scenario", data, path, i18n.current())  # text in the chosen language, where translated
    problems: list[Problem] = []

    def bad(parts, message):
        problems.append(yamlio.problem_at(path, text, parts, message))

    for i, reach in enumerate(data["reaches"]):
        if reach["record"] not in RECORDS:
            bad(("reaches", i, "record"), f"{reach['record']!r} is not a record; one of: {', '.join(RECORDS)}")
    applies = data.get("applies_to") or {}
    for i, cat in enumerate(applies.get("categories") or ()):
        if cat not in content.categories:
            bad(("applies_to", "categories", i), f"{cat!r} is not a tool category; one of: {', '.join(content.categories)}")
    for i, test in enumerate(applies.get("answers") or ()):
        q = content.questions.get(test["question"])
        if q is None or q.scope != "tool":
            bad(("applies_to", "answers", i, "question"), f"{test['question']!r} is not a tool question")
            continue
        for op in ("at_least", "contains_any", "one_of"):
            if op not in test:
                continue
            values = test[op] if isinstance(test[op], list) else [test[op]]
            for v in values:
                problem = q.problem_with(v if q.type != "multi" else [v])
                if problem:
                    bad(("applies_to", "answers", i, op), problem)
            if op == "contains_any" and q.type != "multi":
                bad(("applies_to", "answers", i, op), f"contains_any needs a question with several answers; {q.id!r} has one")
            if op == "at_least" and q.type == "multi":
                bad(("applies_to", "answers", i, op), f"at_least needs a question with one answer; {q.id!r} takes several")
    for i, src in enumerate(data.get("sources") or ()):
        if src["report"] not in REPORT_SECTIONS:
            bad(("sources", i, "report"), f"{src['report']!r} is not a section of the BCCR report")
    if problems:
        raise InputError(problems)
    return Scenario(
        id=data["id"],
        title=data["title"],
        prompt=" ".join(data["prompt"].split()),
        reaches=tuple(Reach(r["record"], tuple(r["held_by"]) if "held_by" in r else None) for r in data["reaches"]),
        categories=tuple(applies["categories"]) if "categories" in applies else None,
        answers=tuple(applies.get("answers") or ()),
        questions=tuple(" ".join(q.split()) for q in data["questions"]),
        sources=tuple(s["report"] for s in data.get("sources") or ()),
        order=data.get("order", 1000),
        file=str(path),
    )


def answer_fits(test: dict, answers: dict[str, Any], category: str | None, content: Content) -> bool | None:
    """True, False, or None when it rests on a "don't know" (which counts as exposure)."""
    from auditor.content.model import UNKNOWN

    q = content.questions[test["question"]]
    if not q.asked_for(category):
        return False
    value = answers.get(q.id, UNKNOWN)
    if value == UNKNOWN or value is None:
        return None
    if "at_least" in test:
        return q.rank(value) >= q.rank(test["at_least"])
    wanted = set(test.get("contains_any") or test.get("one_of") or ())
    if isinstance(value, list):
        if wanted & set(value):
            return True
        return None if getattr(value, "open", False) else False
    return value in wanted
