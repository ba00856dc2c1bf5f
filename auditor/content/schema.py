"""JSON Schema validation for every file kind, with errors located by line."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from auditor.errors import InputError, Problem
from auditor.content.yamlio import problem_at

KINDS = ("checklist", "ruleset", "catalog", "audit", "translation")


@lru_cache(maxsize=None)
def schema_json(name: str) -> dict:
    text = resources.files("auditor.content.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def validator(kind: str):
    # Imported here: jsonschema is only needed once a file is actually checked.
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    registry = Registry().with_resource("auditor:condition", Resource.from_contents(schema_json("condition")))
    return Draft202012Validator(_inline_local_refs(schema_json(kind)), registry=registry)


def _inline_local_refs(schema: dict) -> dict:
    """The schema with non-recursive ``#/$defs/...`` references replaced by their definitions.

    Resolving a reference costs more than checking the value it points to, and an
    audit holds one per answer: inlining halves the time to check a large audit.
    Recursive definitions keep their reference (``$defs`` stays in place for them).
    """
    defs = schema.get("$defs", {})

    def inline(node: Any, active: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = ref.rsplit("/", 1)[-1]
                if name in defs and name not in active:
                    return inline(defs[name], active + (name,))
                return node
            return {k: (v if k == "$defs" else inline(v, active)) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v, active) for v in node]
        return node

    return inline(schema, ())


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false"}


BRIEF = 60  # characters of a value quoted in a message: enough to find it, never the whole of a huge one


def _yaml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    text = repr(value)
    return text if len(text) <= BRIEF else f"{text[:BRIEF]}... ({len(value):,} characters)" if isinstance(value, str) else text[:BRIEF] + "..."


# A size limit said with the count and the limit, never the data: jsonschema's own message quotes the whole value.
_LIMITS = {
    "maxItems": ("has {n:,} items; the limit is {limit:,}", len),
    "minItems": ("has {n:,} items; at least {limit:,} are needed", len),
    "maxLength": ("is {n:,} characters long; the limit is {limit:,}", len),
    "minLength": ("is {n:,} characters long; at least {limit:,} are needed", len),
    "maxProperties": ("has {n:,} entries; the limit is {limit:,}", len),
    "minProperties": ("has {n:,} entries; at least {limit:,} are needed", len),
}


def _branch_for(error):
    """For a failed oneOf over mappings, the sub-errors of the branch the author meant.

    Each branch of a condition or proposal change is told apart by a required
    key ('answer', 'all', 'switch_to'...); pick the branch whose key is present.
    """
    if not isinstance(error.instance, dict):
        return None
    branches: dict[int, list] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    for index, subs in sorted(branches.items()):
        required = error.validator_value[index].get("required", [])
        if required and all(k in error.instance for k in required[:1]):
            return subs
    return None


def _explain(error) -> tuple[list, str]:
    """(path, message) for one jsonschema error, drilling into oneOf to the real cause."""
    v = error.validator
    path = list(error.absolute_path)
    if v == "oneOf":
        subs = _branch_for(error)
        if subs:
            deepest = max(subs, key=lambda e: len(e.absolute_path))
            return _explain(deepest)
        if isinstance(error.instance, dict):
            keys = ", ".join(map(str, error.instance)) or "nothing"
            return path, f"does not have the shape of any allowed form (it has: {keys})"
        return path, f"expected a mapping, got {_yaml_repr(error.instance)}"
    if v == "enum":
        return path, f"{_yaml_repr(error.instance)} is not one of: {', '.join(map(str, error.validator_value))}"
    if v == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = [_TYPE_WORDS.get(t, t) for t in expected]
        hint = ""
        if isinstance(error.instance, bool):
            hint = " (YAML reads bare true/false as a yes/no switch; write the answer, e.g. \"yes\" or \"no\", in quotes)"
        return path, f"expected {' or '.join(expected)}, got {_yaml_repr(error.instance)}{hint}"
    if v == "additionalProperties":
        return path, error.message.replace("Additional properties are not allowed", "unknown field(s) not allowed")
    if v == "const":
        return path, f"must be {error.validator_value!r}, got {_yaml_repr(error.instance)}"
    if v in _LIMITS:
        template, size = _LIMITS[v]
        return path, template.format(n=size(error.instance), limit=error.validator_value)
    if v == "pattern":
        return path, f"{_yaml_repr(error.instance)} does not match {error.validator_value!r}"
    message = error.message
    return path, message if len(message) <= 2 * BRIEF else f"{message[:BRIEF]}... (does not fit the '{v}' rule)"


def check(kind: str, data: Any, source: str | Path, text: str | None) -> None:
    """Raise InputError listing every schema violation, each with file, line and field."""
    errors = list(validator(kind).iter_errors(data))
    if not errors:
        return
    # A value of the wrong type also fails every oneOf branch, and an unknown key
    # also breaks a key-count limit; report each mistake once.
    typed = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    extra = {tuple(e.absolute_path) for e in errors if e.validator == "additionalProperties"}
    errors = [
        e for e in errors
        if not (e.validator == "oneOf" and tuple(e.absolute_path) in typed)
        and not (e.validator in ("maxProperties", "minProperties") and tuple(e.absolute_path) in extra)
    ]
    errors.sort(key=lambda e: [str(p) for p in e.absolute_path])
    problems: list[Problem] = []
    seen = set()
    for error in errors:
        path, message = _explain(error)
        key = (tuple(path), message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(problem_at(source, text, path, message))  # InputError shows the first few, and how many more
    raise InputError(problems)
