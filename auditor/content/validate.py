"""`auditor validate`: check any mix of content and audit files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from auditor import i18n
from auditor.content import fixtures, overlay
from auditor.content.loader import check_kind, examples_dir, fixtures_dir, load_content, shipped_files, split_rule_paths
from auditor.audits import storage
from auditor.content import yamlio
from auditor.audits.cycles import SUMMARY_KIND
from auditor.errors import InputError, Problem


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml"))
            out += found or [p]  # an empty folder is reported by the input gate, not counted as "0 files valid"
        else:
            out.append(p)
    return out


def untranslated(files: Iterable[Path], problems: list[Problem], missing: list[Problem]) -> None:
    """Per language, what the overlays of these English content files leave in English (``missing``: a
    warning, never a failure) and what is wrong in them (``problems``: an unknown id, a broken file)."""
    for lang in i18n.SUPPORTED:
        if lang == i18n.DEFAULT:
            continue
        for path in files:
            try:
                data, text = yamlio.load(path)
                kind = check_kind(path, data, text) if data.get("kind") != "scenario" else "scenario"
            except (InputError, AttributeError):
                continue  # the English file's own problems are reported where it is checked
            found, left = overlay.untranslated(kind, data, path, lang)
            problems += found
            if left:
                where = overlay.overlay_path(path, lang)
                what = "no translation yet" if left == ["(the whole file)"] else f"{len(left)} text(s) not translated yet: {', '.join(left)}"
                missing.append(Problem(str(where), f"warning: {lang}: {what} (English is shown)"))


def _check_translation(path: Path, data: dict, text: str) -> list[Problem]:
    """An overlay given by name: checked against the English file it says it translates."""
    try:
        overlay.check(path, data, text)
        english_path = overlay.english_of(path, data)
        english, english_text = yamlio.load(english_path)
        kind = "scenario" if isinstance(english, dict) and english.get("kind") == "scenario" else check_kind(english_path, english, english_text)
        overlay.check(path, data, text, english_path, path.parent.name)
    except InputError as exc:
        return exc.problems
    if kind not in overlay.SPECS:
        return [Problem(str(path), f"{english_path.name} is {kind} file: it has no text to translate", line=1, field="translates")]
    return overlay.lay(kind, english, english_path, data, path, text).problems


def validate_paths(paths: list[Path], extra_rules: Iterable[str | Path] = (), warnings: list[Problem] | None = None,
                   missing: list[Problem] | None = None) -> tuple[list[Problem], int]:
    """All problems found, and how many files were checked.

    Content files (checklists, rulesets, catalog) are checked together with
    the shipped content they refer to; audits (plain or .age) are checked
    against it. Free text in audits that looks like personal data is appended
    to ``warnings`` if given: a warning, never a problem. Translation overlays are
    checked against their English files; what they leave untranslated goes to ``missing``.
    """
    default_run = not paths
    run_shipped_fixtures = not paths
    if not paths:
        paths = shipped_files() + _expand([examples_dir()])
    pack_content, pack_fixtures = split_rule_paths(extra_rules)
    # The shipped fixtures are run below, not loaded as content (realpath: a symlink loop is the gate's to report).
    fixtures_home = os.path.realpath(fixtures_dir())
    files = [p for p in _expand(paths) if os.path.dirname(os.path.realpath(p)) != fixtures_home] + pack_content
    problems: list[Problem] = []
    audits: list[Path] = []
    content_files: list[Path] = []
    for path in files:
        if storage.uses_encryption(path):
            audits.append(path)
            continue
        try:
            data, text = yamlio.load(path)
            if isinstance(data, dict) and data.get("kind") in ("audit", SUMMARY_KIND):
                audits.append(path)  # checked against the content below
                continue
            if isinstance(data, dict) and data.get("kind") == overlay.KIND:
                problems += _check_translation(path, data, text)
                continue
            check_kind(path, data, text)
        except InputError as exc:
            problems += exc.problems
            continue
        content_files.append(path)
    shipped = {p.resolve() for p in shipped_files()}
    extra = [p for p in content_files if p.resolve() not in shipped]
    try:
        content = load_content(extra_rules=extra)
    except InputError as exc:
        return problems + exc.problems, len(files)
    baseline = fixtures.shipped_baseline(fixtures_dir()) if pack_content or run_shipped_fixtures else {}
    if pack_content:
        found, _ = fixtures.check_pack(pack_content, pack_fixtures, content, baseline)
        problems += found
        files += pack_fixtures
    if run_shipped_fixtures:
        shipped_fx = sorted(fixtures_dir().glob("*.yaml"))
        ours = sorted({Path(r.file) for r in content.rules if r.file and Path(r.file).resolve() in shipped})
        found, _ = fixtures.check_pack(ours, shipped_fx, content, baseline)
        problems += found
        files += shipped_fx
    if missing is not None:
        english = [p for p in content_files if p.resolve() in shipped] + (_scenario_files() if default_run else [])
        untranslated(english, problems, missing)
    from auditor.audits.model import Audit
    from auditor.audits.cycles import load_cycle_file
    from auditor.audits.privacy import audit_warnings

    tool_names = [entry.name for entry in content.catalog.values()]
    for path in audits:
        try:
            audit = load_cycle_file(path, content)  # a full audit or a forgotten cycle's summary
        except InputError as exc:
            problems += exc.problems
            continue
        if warnings is not None and isinstance(audit, Audit):
            warnings += [Problem(str(path), f"warning: {why}", field=where) for where, why in audit_warnings(audit, tool_names)]
    return problems, len(files)


def _scenario_files() -> list[Path]:
    from auditor.facilitation.scenarios import shipped_dir

    return sorted(shipped_dir().glob("*.yaml"))
