"""Reading what a person types, the same way in the app and in the plain line mode."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from auditor.content import yamlio
from auditor.content.model import UNKNOWN, CatalogTool, Content, Question

DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: "²" or "١٢" are digits to str.isdigit, not to int()
UNKNOWN_WORDS = {"?", "d", "dk", "unknown", "don't know", "dont know", "do not know"}


def parse_count(text: str, question: Question, unknown_words: set[str] | frozenset[str] = frozenset()) -> Any:
    """A count as the core accepts it (``Question.problem_with``), UNKNOWN, or None if it is not one."""
    text = text.strip().lower()
    if text in UNKNOWN_WORDS or text in unknown_words:
        return UNKNOWN
    if not DIGITS.fullmatch(text):
        return None
    value = yamlio.parse_count(text)  # the core's reading of a count, with its bound
    return None if value is None or question.problem_with(value) else value


def fold(text: str) -> str:
    """Text as search compares it: no case, no accents, single spaces ("Teléfono" and "telefono" are one)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def _words_start(query: list[str], name: str) -> bool:
    """Every word typed begins a word of the name ("hoja de calculo" finds "hojas de cálculo")."""
    words = re.split(r"[^\w]+", fold(name))
    return all(any(w.startswith(q) for w in words) for q in query)


def _rank(text: str, names: tuple[str, ...]) -> int | None:
    """How well a tool's names match: 0 a name exactly, 1 a name's start, 2 the start of its words, 3 anywhere."""
    folded = [fold(n) for n in names]
    query = text.split()
    if text in folded:
        return 0
    if any(n.startswith(text) for n in folded):
        return 1
    if any(_words_start(query, n) for n in names):
        return 2
    if any(text in n for n in folded):
        return 3
    return None


def catalog_matches(content: Content, text: str) -> list[CatalogTool]:
    """Catalog tools found by ``text`` in any of their names (either language, any case, with or without
    accents), best match first; all of them, in catalog order, for no text."""
    text = fold(text)
    if not text:
        return list(content.catalog.values())
    ranked = []
    for order, entry in enumerate(content.catalog.values()):
        rank = _rank(text, entry.search_names or (entry.name, *entry.aliases, entry.id))
        if rank is not None:
            ranked.append((rank, order, entry))
    return [entry for _rank_, _order, entry in sorted(ranked, key=lambda r: r[:2])]


def kind_matches(content: Content, text: str) -> list[str]:
    """The categories a typed kind of tool names ("hotline", "línea", "hoja de cálculo"), in either language:
    offered before single tools, so Enter does not add one brand for a whole kind."""
    text = fold(text)
    if len(text) < 3:
        return []
    query = text.split()
    return [cid for cid, names in content.category_names.items() if any(_words_start(query, n) for n in names)]


def tools_of_kind(content: Content, category: str) -> list[CatalogTool]:
    return [e for e in content.catalog.values() if e.category == category]
