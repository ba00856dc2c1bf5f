"""JSON Schema validation for every file kind, with errors located by line."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.errors import InputError, Problem
from auditor.yamlio import problem_at

KINDS = ("checklist", "ruleset", "catalog", "audit")
MAX_PROBLEMS = 20


@lru_cache(maxsize=None)
def schema_json(name: str) -> dict:
    text = resources.files("auditor.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def validator(kind: str):
    # Imported here: jsonschema is only needed once a file is actually checked.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resource("auditor:condition", Resource.from_contents(schema_json("condition")))
    return Draft202012Validator(schema_json(kind), registry=registry)


def _message(error) -> str:
    """A short, plain message for one jsonschema error."""
    # oneOf/anyOf failures are noisy; the most specific sub-error says more.
    if error.context:
        best = min(error.context, key=lambda e: (-len(e.absolute_path), len(e.message)))
        if len(best.absolute_path) > len(error.absolute_path) or error.validator in ("oneOf", "anyOf"):
            if error.validator == "oneOf" and not best.absolute_path == error.absolute_path:
                return _message(best)
    v = error.validator
    if v == "enum":
        return f"{error.instance!r} is not one of: {', '.join(map(str, error.validator_value))}"
    if v == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field(s) not allowed")
    if v == "oneOf" and isinstance(error.instance, dict):
        keys = ", ".join(map(str, error.instance)) or "nothing"
        return f"does not have the shape of any allowed form (it has: {keys})"
    return error.message


def check(kind: str, data: Any, source: str | Path, text: str | None) -> None:
    """Raise InputError listing every schema violation, each with file, line and field."""
    errors = sorted(validator(kind).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if not errors:
        return
    problems: list[Problem] = []
    for error in errors[:MAX_PROBLEMS]:
        path = list(error.absolute_path)
        # Drill into oneOf to point at the deepest field that went wrong.
        deepest = error
        while deepest.context:
            nxt = max(deepest.context, key=lambda e: len(e.absolute_path))
            if len(nxt.absolute_path) <= len(deepest.absolute_path):
                break
            deepest = nxt
        if deepest is not error:
            path = list(deepest.absolute_path)
        problems.append(problem_at(source, text, path, _message(deepest)))
    if len(errors) > MAX_PROBLEMS:
        problems.append(Problem(str(source), f"... and {len(errors) - MAX_PROBLEMS} more problems"))
    raise InputError(problems)
