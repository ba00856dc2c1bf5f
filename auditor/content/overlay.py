"""Translations of the content: overlay files beside the English YAML (see docs/translations.md).

An overlay holds only text, keyed by the ids of its English file. It is read through the one input gate
(``yamlio``), checked against ``translation.schema.json``, then walked together with the English data: an
id the English file does not have is an error naming file, line and id; a text the overlay leaves out
stays English and is listed by ``auditor validate``. Merging builds new data and never changes the
English data it was given (which the validation memo may hold), and takes only text from the overlay:
ids, conditions and numbers always come from the English file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.content import schema, yamlio
from auditor.errors import InputError, Problem

KIND = "translation"


# -- what is text, per kind of English file ------------------------------------------------------
class Text:
    """A text field."""


@dataclass(frozen=True)
class Fields:
    """A mapping with these translatable fields (others are ids, numbers, conditions: never touched)."""

    fields: dict[str, Any]


@dataclass(frozen=True)
class ById:
    """English: a list of mappings with an ``id``. Overlay: a mapping id -> fields (or a bare text: ``short``)."""

    item: Fields
    short: str | None = None


@dataclass(frozen=True)
class Keyed:
    """English: a mapping id -> mapping (catalog facts). Overlay: a mapping id -> fields."""

    item: Fields


@dataclass(frozen=True)
class KeyedText:
    """English: a mapping id -> text (catalog categories). Overlay: the same."""


@dataclass(frozen=True)
class InOrder:
    """English: a list of texts, or of mappings whose ``field`` is the text. Overlay: texts in the English order."""

    field: str | None = None


@dataclass(frozen=True)
class Texts:
    """English: a list of texts (a tool's aliases). Overlay: the reader's own list, replacing it whole (the words
    a Spanish speaker searches by are not the English ones in order; search still finds the English ones)."""


TEXT = Text()
SPECS: dict[str, Fields] = {
    "checklist": Fields({
        "title": TEXT,
        "description": TEXT,
        "sections": ById(Fields({"title": TEXT, "intro": TEXT})),
        "questions": ById(Fields({
            "prompt": TEXT,
            "why": TEXT,
            "help": TEXT,
            "unit": TEXT,
            "choices": ById(Fields({"label": TEXT, "help": TEXT}), short="label"),
        })),
    }),
    "ruleset": Fields({
        "title": TEXT,
        "description": TEXT,
        "threats": ById(Fields({"title": TEXT, "short": TEXT, "summary": TEXT, "explainer": TEXT, "room_example": TEXT, "room_questions": InOrder()})),
        "rules": ById(Fields({
            "title": TEXT,
            "reason": TEXT,
            "amplify": InOrder("why"),
            "proposals": ById(Fields({"title": TEXT, "detail": TEXT, "how_to": KeyedText()})),
        })),
    }),
    "catalog": Fields({
        "categories": KeyedText(),
        "tools": ById(Fields({
            "name": TEXT,
            "aliases": Texts(),
            "summary": TEXT,
            "facts": Keyed(Fields({"note": TEXT})),
            "capabilities": Keyed(Fields({"note": TEXT})),
        })),
    }),
    "scenario": Fields({"title": TEXT, "prompt": TEXT, "questions": InOrder()}),
}
HEADER = ("kind", "format", "lang", "translates")


def overlay_path(english: Path, lang: str) -> Path:
    """Where the ``lang`` overlay of an English content file lives: ``<folder>/<lang>/<same name>``."""
    return Path(english).parent / lang / Path(english).name


# -- walking an overlay over its English data ------------------------------------------------------
@dataclass
class Walk:
    """The result of laying one overlay over one English file."""

    merged: Any = None
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # dotted paths of English texts the overlay leaves out


class _Walker:
    def __init__(self, path: Path, text: str, english_name: str) -> None:
        self.path, self.text, self.english_name = path, text, english_name
        self.result = Walk()

    def unknown(self, parts: tuple, message: str) -> None:
        self.result.problems.append(yamlio.problem_at(self.path, self.text, parts, message))

    def missed(self, parts: tuple) -> None:
        self.result.missing.append(".".join(str(p) for p in parts))

    def walk(self, spec: Any, english: Any, overlay: Any, parts: tuple) -> Any:
        if isinstance(spec, Text):
            if not isinstance(english, str):
                return english
            if overlay is None:
                self.missed(parts)
                return english
            return overlay
        if isinstance(spec, Fields):
            return self._fields(spec, english, overlay, parts)
        if isinstance(spec, ById):
            return self._by_id(spec, english, overlay, parts)
        if isinstance(spec, Keyed):
            return self._keyed(spec, english, overlay, parts)
        if isinstance(spec, KeyedText):
            return self._keyed_text(english, overlay, parts)
        if isinstance(spec, InOrder):
            return self._in_order(spec, english, overlay, parts)
        if isinstance(spec, Texts):
            return english if overlay is None else list(overlay)
        raise TypeError(spec)  # pragma: no cover - a spec above is wrong

    def _fields(self, spec: Fields, english: Any, overlay: Any, parts: tuple) -> Any:
        if not isinstance(english, dict):
            return english
        overlay = overlay if isinstance(overlay, dict) else {}
        merged = dict(english)
        for name, sub in spec.fields.items():
            if name in english:
                merged[name] = self.walk(sub, english[name], overlay.get(name), parts + (name,))
            elif name in overlay and isinstance(sub, Texts):
                merged[name] = list(overlay[name])  # search words the English file needs none of
            elif name in overlay and not parts:
                pass  # a file-level title or description the English file lacks: harmless, nothing shows it
            elif name in overlay:
                self.unknown(parts + (name,), f"the English file ({self.english_name}) has no {name!r} here to translate")
        return merged

    def _by_id(self, spec: ById, english: Any, overlay: Any, parts: tuple) -> Any:
        if not isinstance(english, list):
            return english
        overlay = overlay if isinstance(overlay, dict) else {}
        known = {item.get("id") for item in english if isinstance(item, dict)}
        for key in overlay:
            if key not in known:
                self.unknown(parts + (key,), f"unknown id {key!r}: the English file ({self.english_name}) has no such {parts[-1].rstrip('s')}")
        merged = []
        for item in english:
            if not isinstance(item, dict):
                merged.append(item)
                continue
            given = overlay.get(item.get("id"))
            if spec.short and isinstance(given, str):
                given = {spec.short: given}
            merged.append(self._fields(spec.item, item, given, parts + (item.get("id"),)))
        return merged

    def _ids_known(self, english: dict, overlay: Any, parts: tuple) -> dict:
        """The overlay as a dict, every id it names checked against the English entries."""
        overlay = overlay if isinstance(overlay, dict) else {}
        for key in overlay:
            if key not in english:
                self.unknown(parts + (key,), f"unknown id {key!r}: the English file ({self.english_name}) has no such entry here")
        return overlay

    def _keyed(self, spec: Keyed, english: Any, overlay: Any, parts: tuple) -> Any:
        if not isinstance(english, dict):
            return english
        overlay = self._ids_known(english, overlay, parts)
        return {key: self._fields(spec.item, value, overlay.get(key), parts + (key,)) for key, value in english.items()}

    def _keyed_text(self, english: Any, overlay: Any, parts: tuple) -> Any:
        if not isinstance(english, dict):
            return english
        overlay = self._ids_known(english, overlay, parts)
        return {key: self.walk(TEXT, value, overlay.get(key), parts + (key,)) for key, value in english.items()}

    def _in_order(self, spec: InOrder, english: Any, overlay: Any, parts: tuple) -> Any:
        if not isinstance(english, list):
            return english
        overlay = overlay if isinstance(overlay, list) else []
        if len(overlay) > len(english):
            self.unknown(parts + (len(english),), f"the English file ({self.english_name}) has only {len(english)} here; this list has {len(overlay)}")
        merged = []
        for i, item in enumerate(english):
            given = overlay[i] if i < len(overlay) else None
            if spec.field is None:
                merged.append(self.walk(TEXT, item, given, parts + (i,)))
            elif isinstance(item, dict) and spec.field in item:
                merged.append({**item, spec.field: self.walk(TEXT, item[spec.field], given, parts + (i, spec.field))})
            else:
                merged.append(item)
        return merged


def lay(kind: str, english: Any, english_path: Path, overlay: Any, overlay_path_: Path, overlay_text: str) -> Walk:
    """Lay an overlay (already schema-valid, or None when there is none) over English data of ``kind``."""
    walker = _Walker(overlay_path_, overlay_text, Path(english_path).name)
    body = {k: v for k, v in (overlay or {}).items() if k not in HEADER}
    walker.result.merged = walker.walk(SPECS[kind], english, body, ())
    return walker.result


# -- reading an overlay -----------------------------------------------------------------------------
def read(path: Path, english_path: Path, lang: str) -> tuple[dict, str]:
    """Read and check one overlay file through the input gate; InputError names file, line and field."""
    data, text = yamlio.load(path)
    check(path, data, text, english_path, lang)
    return data, text


def check(path: Path, data: Any, text: str, english_path: Path | None = None, lang: str | None = None) -> None:
    """Schema, then the header: it must say it translates this English file into this language."""
    if not isinstance(data, dict):
        raise InputError.one(path, "expected a mapping at the top of the file", line=1)
    schema.check(KIND, data, path, text)
    if english_path is not None and data["translates"] != Path(english_path).name:
        raise InputError.one(path, f"says it translates {data['translates']!r}, but it sits where {Path(english_path).name}'s translation goes", line=yamlio.line_of(text, ["translates"]), field="translates")
    if lang is not None and data["lang"] != lang:
        raise InputError.one(path, f"says lang {data['lang']!r}, but it is in the {lang!r} folder", line=yamlio.line_of(text, ["lang"]), field="lang")


def apply(kind: str, english: Any, english_path: Path, lang: str) -> Any:
    """The English data with the ``lang`` overlay's text laid on (the English data itself when there is none)."""
    if lang == "en" or kind not in SPECS:
        return english
    path = overlay_path(english_path, lang)
    if not path.is_file():
        return english
    data, text = read(path, english_path, lang)
    walk = lay(kind, english, english_path, data, path, text)
    if walk.problems:
        raise InputError(walk.problems)
    return walk.merged


def english_of(path: Path, data: dict) -> Path:
    """The English file an overlay translates: its ``translates`` name in the parent folder."""
    return Path(path).parent.parent / str(data.get("translates", ""))


def untranslated(kind: str, english: Any, english_path: Path, lang: str) -> tuple[list[Problem], list[str]]:
    """(problems, missing text paths) of the ``lang`` overlay of one English file; for ``auditor validate``."""
    path = overlay_path(english_path, lang)
    if not path.is_file():
        return [], ["(the whole file)"]
    try:
        data, text = read(path, english_path, lang)
    except InputError as exc:
        return exc.problems, []
    walk = lay(kind, english, english_path, data, path, text)
    return walk.problems, walk.missing


def share_proposals(pairs: list[tuple[Any, Any]]) -> list[Any]:
    """One proposal id, one text, across every ruleset: ``pairs`` are (English, merged) ruleset data.

    A proposal shared by several rules (one change, several risks) must read the same everywhere (the
    loader checks it), so the first translation of each of its texts is used wherever the id appears.
    """
    chosen: dict[tuple[str, str], str] = {}
    for english, merged in pairs:
        for e_rule, m_rule in zip(english.get("rules", []), merged.get("rules", [])):
            for e_prop, m_prop in zip(e_rule.get("proposals", []), m_rule.get("proposals", [])):
                for name in ("title", "detail", "how_to"):
                    if name in m_prop and m_prop[name] != e_prop.get(name):
                        chosen.setdefault((m_prop["id"], name), m_prop[name])
    if not chosen:
        return [merged for _, merged in pairs]

    def proposal(p: dict) -> dict:
        return {**p, **{name: chosen[(p["id"], name)] for name in ("title", "detail", "how_to") if name in p and (p["id"], name) in chosen}}

    out = []
    for _, merged in pairs:
        rules = [{**r, "proposals": [proposal(p) for p in r["proposals"]]} if "proposals" in r else r for r in merged.get("rules", [])]
        out.append({**merged, "rules": rules} if "rules" in merged else merged)
    return out
