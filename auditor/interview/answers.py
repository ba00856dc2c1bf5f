"""Reading what a person types, the same way in the app and in the plain line mode."""

from __future__ import annotations

import re
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


def catalog_matches(content: Content, text: str) -> list[CatalogTool]:
    """Catalog tools whose name, an alias or the id contains ``text`` (all of them for no text)."""
    text = text.strip().lower()
    out = []
    for entry in content.catalog.values():
        names = [entry.name, *entry.aliases, entry.id]
        if not text or any(text in n.lower() for n in names):
            out.append(entry)
    return out
