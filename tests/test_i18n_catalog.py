"""The gettext catalogs: the template is current, every string has Spanish, the .mo is the .po compiled.

When a test here fails after you add or change a UI string, regenerate (docs/translations.md):

    pybabel extract -F babel.cfg -k N_ --sort-by-file --no-wrap --project auditor -o auditor/locale/auditor.pot .
    pybabel update -i auditor/locale/auditor.pot -d auditor/locale -D auditor -l es --no-wrap --ignore-obsolete
    (translate the new msgids in auditor/locale/es/LC_MESSAGES/auditor.po)
    pybabel compile -d auditor/locale -D auditor -l es
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

babel = pytest.importorskip("babel")  # the `test` extra
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir  # noqa: E402
from babel.messages.frontend import parse_mapping_cfg  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

import auditor  # noqa: E402

PACKAGE = Path(auditor.__file__).parent
ROOT = PACKAGE.parent
LOCALE = PACKAGE / "locale"
POT = LOCALE / "auditor.pot"
PO = LOCALE / "es" / "LC_MESSAGES" / "auditor.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _ids(messages) -> set:
    return {m.id for m in messages if m.id}


@pytest.fixture(scope="module")
def po():
    with PO.open("rb") as fh:
        return read_po(fh, locale="es")


def test_template_is_current():
    if not (ROOT / "babel.cfg").is_file():
        pytest.skip("an installed package: the source tree (babel.cfg) is not here")
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add(message)
    with POT.open("rb") as fh:
        committed = _ids(read_po(fh))
    assert not found - committed, f"new UI strings missing from auditor.pot (regenerate, see this file's docstring): {sorted(found - committed, key=str)[:20]}"
    assert not committed - found, f"auditor.pot holds strings no longer in the code: {sorted(committed - found, key=str)[:20]}"


def test_every_string_has_spanish(po):
    with POT.open("rb") as fh:
        wanted = _ids(read_po(fh))
    translated = {m.id for m in po if m.id and not m.fuzzy and (all(m.string) if isinstance(m.id, tuple) else m.string)}
    missing = wanted - translated
    assert not missing, f"{len(missing)} UI strings without a Spanish msgstr: {sorted(missing, key=str)[:20]}"


def test_translations_keep_every_placeholder(po):
    wrong = []
    for m in po:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        want = set(PLACEHOLDER.findall(ids[-1]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != want:
                wrong.append((ids[0], s))
    assert not wrong, wrong[:10]


def test_mo_is_the_po_compiled(po):
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for m in po:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            for n, expected in ((1, m.string[0]), (2, m.string[1])):
                if compiled.ngettext(m.id[0], m.id[1], n) != expected:
                    stale.append(m.id)
        elif (compiled.pgettext(m.context, m.id) if m.context else compiled.gettext(m.id)) != m.string:
            stale.append(m.id)
    assert not stale, f"the .mo is older than the .po (pybabel compile): {stale[:10]}"


def test_spanish_uses_the_glossary(po):
    """docs/glossary-es.md: a few words the Spanish never uses."""
    banned = {"encriptad": "cifrado", "respondedor": "persona que responde", "@": "neutral forms", "denunciante": "persona obligada a reportar"}
    found = [(m.id, word) for m in po if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,)) for word in banned if word in s.lower()]
    assert not found, found[:10]


def test_gettext_calls_take_a_literal_or_no_literal_at_all():
    """Babel extracts the first string literal inside _(...): ``_(WORDS[x["status"]])`` would put "status"
    in the catalog. A call takes a literal, or an expression with no string literal in it."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_", "ngettext") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    continue
                if any(isinstance(x, ast.Constant) and isinstance(x.value, str) for x in ast.walk(first)) or isinstance(first, ast.JoinedStr):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_no_function_shadows_gettext():
    """``fmt, _, kind = x.partition("-")`` makes ``_`` a local string: every ``_()`` in that function (or a
    function nested in it) then fails at run time, in whatever language."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in ast.walk(fn))
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(fn))
            if binds and calls:
                offenders.append(f"{path.relative_to(PACKAGE)}:{fn.lineno}")
    assert offenders == []


def test_catalogs_ship_inside_the_package():
    """The wheel is the package folder: the .mo must sit in it (pyproject's wheel target packages auditor/)."""
    assert MO.is_file() and MO.stat().st_size > 1000
    assert gettext.find("auditor", str(LOCALE), languages=["es"]) == str(MO)


# -- finding catalog tools in Spanish ------------------------------------------------------------------------
def test_the_spanish_search_finds_each_catalog_tool_by_its_spanish_name_with_or_without_accents():
    import unicodedata

    from auditor.content.loader import load_content
    from auditor.interview.answers import catalog_matches

    es, en = load_content(lang="es"), load_content(lang="en")
    plain = lambda s: "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))  # noqa: E731
    for entry in es.catalog.values():
        for typed in (entry.name, entry.name.upper(), plain(entry.name).lower(), en.catalog[entry.id].name):
            assert catalog_matches(es, typed)[0].id == entry.id, typed
    translated = [e for e in es.catalog.values() if e.name != en.catalog[e.id].name]
    assert len(translated) >= 15  # the generic tools have Spanish names (brands keep theirs)
    assert es.catalog["prepaid_phone"].name == "Teléfono prepago dedicado"
    assert [s.title for s in es.sources.values()] == [s.title for s in en.sources.values()]  # sources stay as published


def test_typing_a_kind_of_tool_offers_that_kind_first_in_either_language():
    from auditor.content.loader import load_content
    from auditor.interview.answers import catalog_matches, kind_matches

    es = load_content(lang="es")
    assert kind_matches(es, "hoja de calculo") == ["documents"]
    assert "phone" in kind_matches(es, "Teléfono") and "phone" in kind_matches(es, "línea")
    assert kind_matches(es, "hotline") == ["hotline"] and kind_matches(es, "spreadsheet") == ["documents"]
    assert catalog_matches(es, "prepago")[0].id == "prepaid_phone"
