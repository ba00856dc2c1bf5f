"""The language of everything the user reads: UI strings through gettext, content through overlays.

The language is picked once at start-up (``--lang``, else LANGUAGE / LC_ALL / LC_MESSAGES / LANG) with
``choose()``; ``_`` and ``ngettext`` look the current catalog up at call time, so a string translated at
import time would be stuck in English: mark module-level constants with ``N_`` and translate where shown.
"""
from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "auditor"
LOCALE_DIR = Path(__file__).parent / "locale"
SUPPORTED = ("en", "es")
DEFAULT = "en"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_lang = DEFAULT


def code_of(tag: str) -> str:
    """The language part of a locale or tag: "es_MX.UTF-8", "es-MX" and "ES" are all "es"."""
    return tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def _from_environment() -> str:
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        for part in value.split(":"):
            code = code_of(part)
            if code in SUPPORTED:
                return code
            if code and code not in ("c", "posix"):
                return DEFAULT
    return DEFAULT


def choose(lang: str | None = None) -> str:
    """Pick the language for this run (an unsupported code falls back to English) and return it."""
    global _translation, _lang
    code = code_of(lang or "") or _from_environment()
    if code not in SUPPORTED:
        code = DEFAULT
    _lang = code
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    return code


def current() -> str:
    return _lang


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A word whose translation depends on what it describes ("low" severity is "baja", "low" effort "bajo")."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level constants)."""
    return message
