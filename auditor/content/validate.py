"""`auditor validate`: check any mix of content and audit files."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from auditor.content import fixtures
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


def validate_paths(paths: list[Path], extra_rules: Iterable[str | Path] = (), warnings: list[Problem] | None = None) -> tuple[list[Problem], int]:
    """All problems found, and how many files were checked.

    Content files (checklists, rulesets, catalog) are checked together with
    the shipped content they refer to; audits (plain or .age) are checked
    against it. Free text in audits that looks like personal data is appended
    to ``warnings`` if given: a warning, never a problem.
    """
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
