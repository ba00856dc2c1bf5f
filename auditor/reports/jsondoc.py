"""JSON at the edge: the one encoder for every JSON document auditor prints or writes (``auditor score --json``,
the report as JSON), shapes documented by ``auditor/content/schemas/score.schema.json`` and ``report.schema.json``.

In memory every finding carries its rule's words (the views read them there, as shared strings). Written
out, they were repeated for every tool a rule fires on: at 40 tools, 88% of the file was the same reasons,
sources and prompts again. So the JSON says each once, in tables that entries refer to (``TABLES``):
``rules`` (title, severity, reason, sources by rule id), ``questions`` (prompts), ``exposures`` (labels),
``changes`` (a proposal's title, detail and kind label by proposal id), ``answers`` (each distinct answer
behind a finding once: a finding's ``triggers`` are positions in it), and a tool's name only in ``tools``.

Nothing is lost: a value that differs from its table's stays where it was. Empty or unknown text is ``null``,
never ``""``. Compact by default (Python's C encoder: no indent); ``indent`` spaces for people. The table is
documented in docs/formats.md.
"""

from __future__ import annotations

import json
from typing import IO, Any

# (table, where its entries are, the entries' id key, {entry key: table field}): what each table takes out.
# A path is a top-level list and, after it, lists nested in each of its items.
TABLES = (
    ("rules", (("findings",), ("remaining",), ("cards",)), "rule",
     {"title": "title", "severity": "severity", "reason": "reason", "sources": "sources"}),
    ("questions", (("findings", "triggers"),), "question", {"prompt": "prompt"}),
    ("exposures", (("findings",), ("remaining",)), "exposure", {"exposure_label": "label"}),
    ("exposures", (("records",),), "kind", {"label": "label"}),
    ("changes", (("proposals",),), "id", {"title": "title", "detail": "detail", "kind_label": "kind_label"}),
)


def lean(doc: dict) -> dict:
    """The document as it is written: shared text once, in tables, and ``null`` for empty text.

    Made in place, so a 1,000-tool assessment is not held twice: ``doc`` must be one built for this output
    (``assessment_dict``, ``document.build``), not one a view still reads."""
    out = doc
    _nulls(out)
    tables: dict[str, dict] = {}
    for name, paths, id_key, fields in TABLES:
        table = tables.setdefault(name, {})
        for path in paths:
            for entry in _entries(out, path):
                if entry.get(id_key) is not None:
                    _move(entry, fields, table.setdefault(entry[id_key], {}))
    answers: dict[tuple, int] = {}
    for finding in _entries(out, ("findings",)):
        # Copies of a tool give the same answers again and again: each distinct one once, referred to by number.
        if "triggers" in finding:
            finding["triggers"] = [answers.setdefault(_key(t), len(answers)) for t in finding["triggers"]]
    if answers:
        tables["answers"] = [{k: list(v) if isinstance(v, tuple) else v for k, v in key} for key in answers]
    names = {tool["id"]: tool["name"] for tool in out.get("tools") or () if isinstance(tool, dict) and "id" in tool}
    for path in (("findings",), ("remaining",), ("proposals",)):
        for entry in _entries(out, path):
            # A tool's name is in ``tools``; the group's (tool null) stays with the entry.
            if entry.get("tool") is not None and names.get(entry["tool"], ...) == entry.get("tool_name"):
                del entry["tool_name"]
    out.update((name, table) for name, table in tables.items() if table)
    return out


def _key(trigger: dict) -> tuple:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in trigger.items())


def _entries(doc: dict, path: tuple[str, ...]):
    items = doc.get(path[0])
    for item in items if isinstance(items, list) else ():
        if len(path) == 1:
            yield item
        else:
            yield from _entries(item, path[1:])


def _move(entry: dict, fields: dict[str, str], row: dict) -> None:
    """Move ``fields`` of ``entry`` into its table ``row`` unless the row already holds a different value:
    then the entry keeps its own, so nothing is lost."""
    for key, field in fields.items():
        if key not in entry:
            continue
        if field not in row:
            row[field] = entry.pop(key)
        elif row[field] == entry[key]:
            del entry[key]


def _nulls(node: Any) -> None:
    """Every ``""`` in ``node`` becomes ``None``, in place: empty text and unknown text are one thing in JSON."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for k, v in item.items():
                if v == "":
                    item[k] = None
                elif isinstance(v, (dict, list)):
                    stack.append(v)
        else:
            for i, v in enumerate(item):
                if v == "":
                    item[i] = None
                elif isinstance(v, (dict, list)):
                    stack.append(v)


def dumps(doc: dict, indent: int | None = None) -> str:
    """The document as JSON text (``doc`` is consumed: see ``lean``): compact unless ``indent``; never NaN or
    Infinity (they are not JSON)."""
    if indent is None:
        return _compact(lean(doc))
    return json.dumps(lean(doc), indent=indent, ensure_ascii=False, allow_nan=False)


PIECE = 1000  # items of a long list encoded at a time by ``write``


def write(doc: dict, out: IO[str], indent: int | None = None) -> None:
    """``dumps(doc, indent)`` and a newline, written to ``out`` in pieces: the compact text of a 1,000-tool
    audit is never held whole (16 MB of text, twice that as a str with non-Latin-1 characters, and its
    UTF-8 copy on the way out)."""
    if indent is not None:
        out.write(dumps(doc, indent) + "\n")
        return
    doc = lean(doc)
    out.write("{")
    for i, (key, value) in enumerate(doc.items()):
        out.write(("," if i else "") + _compact(key) + ":")
        if isinstance(value, list) and len(value) > PIECE:
            out.write("[")
            for j in range(0, len(value), PIECE):
                out.write(("," if j else "") + _compact(value[j:j + PIECE])[1:-1])
            out.write("]")
        else:
            out.write(_compact(value))
    out.write("}\n")


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def render(doc: dict) -> str:
    """The report as JSON (``auditor report -f json``)."""
    return dumps(doc) + "\n"
