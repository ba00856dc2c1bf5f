"""Key descriptions and tooltips in the chosen language.

A ``Binding`` is made when its class is defined, at import time: so its texts are marked ``N_()`` and
translated here, when a module defining bindings has been imported (its last line calls this) and again
when the app starts, before any widget copies its class's bindings. The English originals are kept, so an
app started later in another language (the tests do this) translates from English again.
"""

from __future__ import annotations

import re
from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from auditor.i18n import _

_ENGLISH = "_auditor_english_bindings"
NUMBERED = re.compile(r"^(.*\D)(\d+)$")


def _ours(cls: type) -> bool:
    return cls.__module__.startswith("auditor.")


def _classes(root: type = DOMNode):
    for sub in root.__subclasses__():
        yield sub
        yield from _classes(sub)


def _text(english: str) -> str:
    """A key's text in the current language; a numbered one ("Threat 3") through its template ("Threat {n}")."""
    if not english:
        return english
    translated = _(english)
    numbered = NUMBERED.match(english)
    if translated == english and numbered:
        template = numbered.group(1) + "{n}"
        return _(template).format(n=numbered.group(2))
    return translated


def _translated(binding: Binding) -> Binding:
    return replace(binding, description=_text(binding.description), tooltip=_text(binding.tooltip))


def translate_bindings(module: str | None = None) -> None:
    """Put the key descriptions and tooltips of auditor's classes (of one module, if given) in the current language."""
    for cls in set(_classes()):
        if not _ours(cls) or (module is not None and cls.__module__ != module):
            continue
        english = cls.__dict__.get(_ENGLISH)
        if english is None:
            english = cls._merged_bindings
            setattr(cls, _ENGLISH, english)
        if english is None:
            continue
        merged = BindingsMap()
        for key, bindings in english.key_to_bindings.items():
            merged.key_to_bindings[key] = [_translated(b) for b in bindings]
        cls._merged_bindings = merged
