"""The language: chosen once at start-up (--lang, else the environment), and content overlays laid on the English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor import i18n
from auditor.cli import main
from auditor.content.loader import content_root, load_content, shipped_files
from auditor.content.validate import validate_paths
from auditor.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "overlays"
EXAMPLE = content_root() / "examples" / "mutual-aid.yaml"
LANG_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def english_after(monkeypatch):
    for var in LANG_VARS:
        monkeypatch.delenv(var, raising=False)
    yield
    i18n.choose("en")


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A copy of the shipped content without any shipped translation, plus the small overlay fixtures."""
    shipped = content_root()
    for folder in ("checklists", "rulesets", "catalog", "scenarios", "examples"):
        shutil.copytree(shipped / folder, tmp_path / folder, ignore=shutil.ignore_patterns("es"))
    for overlay in FIXTURES.glob("*/es/*.yaml"):
        target = tmp_path / overlay.relative_to(FIXTURES)
        target.parent.mkdir(exist_ok=True)
        shutil.copy(overlay, target)
    monkeypatch.setenv("AUDITOR_CONTENT_DIR", str(tmp_path))
    return tmp_path


# -- choosing the language ---------------------------------------------------------------------
@pytest.mark.parametrize("argv", [["--lang", "es", "rules", "--json"], ["rules", "--json", "--lang", "es"], ["rules", "--lang=es_MX", "--json"]])
def test_lang_option_before_or_after_the_command(argv, capsys):
    assert main(argv) == 0
    assert i18n.current() == "es"


def test_unsupported_lang_falls_back_to_english_with_one_line_note(capsys):
    assert main(["--lang", "fr", "rules", "--json"]) == 0
    assert i18n.current() == "en"
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'fr'" in err and "English" in err


def test_environment_chooses_when_no_option(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "es_MX.UTF-8")
    assert main(["rules", "--json"]) == 0
    assert i18n.current() == "es"
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["rules", "--json"]) == 0
    assert i18n.current() == "en"


def test_option_beats_environment(monkeypatch, capsys):
    monkeypatch.setenv("LC_ALL", "es_ES.UTF-8")
    assert main(["--lang", "en", "rules", "--json"]) == 0
    assert i18n.current() == "en"


# -- content overlays ---------------------------------------------------------------------------------
def test_overlay_text_is_laid_on_the_english(root):
    en, es = load_content(lang="en"), load_content(lang="es")
    q = es.questions["data_kinds"]
    assert q.prompt.startswith("¿Qué se guarda")
    assert q.why.startswith("Lo que no se guarda")
    assert q.help == en.questions["data_kinds"].help  # not translated: English
    assert q.choice("logistics").label.startswith("Solo logística")
    assert q.choice("caller_identity").label.startswith("Quién nos contactó")
    assert q.choice("location").label == en.questions["data_kinds"].choice("location").label
    assert es.sections["contents"] == "Qué se guarda"
    assert es.threats["subpoena"].title == "Citaciones y procesos legales"
    rule = es.rule("SUB-001")
    assert rule.title.startswith("El proveedor guarda")
    assert rule.amplify[0].why == "Parte del trabajo del grupo es clandestino."
    # A proposal shared by several rules reads the same in every one of them.
    for rid in es.proposal_rules["identities-out"]:
        titles = {p.title for p in es.rule(rid).proposals if p.id == "identities-out"}
        assert titles == {"Saquen nombres, números y direcciones de esta herramienta"}
    assert es.categories["messaging"] == "Aplicaciones de mensajería"
    assert es.catalog["signal"].summary.startswith("Mensajería cifrada")
    assert es.catalog["signal"].facts["e2ee"].note.startswith("Activado")


def test_overlay_never_changes_ids_conditions_numbers_or_fingerprint(root):
    en, es = load_content(lang="en"), load_content(lang="es")
    assert en.fingerprint == es.fingerprint  # the rules scored are the same: a cycle may change language
    assert list(en.questions) == list(es.questions)
    for a, b in zip(en.rules, es.rules):
        assert (a.id, a.when, a.applies, a.severity, a.threats, a.exposure, a.raises) == (b.id, b.when, b.applies, b.severity, b.threats, b.exposure, b.raises)
        assert [(x.factor, x.when) for x in a.amplify] == [(x.factor, x.when) for x in b.amplify]
        assert [(p.id, p.changes, p.effort, p.kind) for p in a.proposals] == [(p.id, p.changes, p.effort, p.kind) for p in b.proposals]
    assert en.catalog["signal"].facts["e2ee"].value == es.catalog["signal"].facts["e2ee"].value


def test_english_after_spanish_with_a_warm_memo(root, tmp_path, monkeypatch):
    monkeypatch.delenv("AUDITOR_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_content(lang="es")
    load_content(lang="es")  # the second read comes from the memo
    assert load_content(lang="en").questions["data_kinds"].prompt.startswith("What goes into")
    assert load_content(lang="es").questions["data_kinds"].prompt.startswith("¿Qué se guarda")


def test_unknown_id_in_an_overlay_names_file_line_and_id(root, capsys):
    target = root / "checklists" / "es" / "tool.yaml"
    shutil.copy(FIXTURES / "broken" / "tool.yaml", target)
    with pytest.raises(InputError) as exc:
        load_content(lang="es")
    (problem,) = exc.value.problems
    assert problem.file == str(target) and problem.line == 8 and "no_such_question" in problem.message
    assert main(["--lang", "es", "score", str(root / "examples" / "mutual-aid.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{target}:8:" in err and "no_such_question" in err and "Traceback" not in err
    assert load_content(lang="en").questions  # English never reads the overlay


def test_a_broken_overlay_goes_through_the_input_gate(root, capsys):
    target = root / "rulesets" / "es" / "subpoena.yaml"
    target.write_text("kind: translation\nformat: 1\nlang: es\ntranslates: subpoena.yaml\nrules:\n  SUB-001:\n    severity: low\n")
    with pytest.raises(InputError) as exc:
        load_content(lang="es")
    assert "severity" in str(exc.value) and exc.value.problems[0].line == 6  # the mapping holding the number: only text may be translated


def test_overlay_must_say_what_it_translates(root):
    target = root / "catalog" / "es" / "tools.yaml"
    target.write_text(target.read_text().replace("translates: tools.yaml", "translates: other.yaml"))
    with pytest.raises(InputError, match="translates"):
        load_content(lang="es")


def test_loaders_ignore_language_folders(root):
    assert not [p for p in shipped_files() if "es" in p.parts]
    from auditor.facilitation.scenarios import load_scenarios

    content = load_content(lang="en")
    english = load_scenarios(content)
    i18n.choose("es")
    spanish = load_scenarios(content)
    assert [s.id for s in english] == [s.id for s in spanish]
    seize = {s.id: s for s in spanish}["seize-phone"]
    assert seize.title_for("Signal") == "La policía se lleva el teléfono o la computadora donde está Signal"
    assert seize.questions[0].startswith("¿Qué teléfonos") and seize.questions[1] == {s.id: s for s in english}["seize-phone"].questions[1]


def test_validate_lists_what_is_missing_per_language_as_a_warning(root, capsys):
    missing: list = []
    problems, _ = validate_paths([], missing=missing)
    assert problems == []
    text = "\n".join(str(m) for m in missing)
    assert "checklists/es/profile.yaml: warning: es: no translation yet" in text
    assert "questions.data_kinds.help" in text and "questions.data_kinds.prompt" not in text
    assert "scenarios/es/member-leaves.yaml" in text
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert "not fully translated" in out and "warning: es:" in err


def test_validate_checks_an_overlay_given_by_name(root, capsys):
    assert main(["validate", str(root / "checklists")]) == 0  # the es/ folder inside is checked, not loaded as content
    shutil.copy(FIXTURES / "broken" / "tool.yaml", root / "checklists" / "es" / "tool.yaml")
    assert main(["validate", str(root / "checklists" / "es" / "tool.yaml")]) == 2
    assert "no_such_question" in capsys.readouterr().err
