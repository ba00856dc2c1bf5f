"""Load and cross-check the content: checklists, rulesets and the tool catalog.

This is the one loading path for content. Each file is read with
``yamlio.load``, checked against its JSON Schema, then cross-checked (every
question, choice, threat, source and catalog id a file names must exist).
Every problem names the file, the line and the field.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Iterable

from auditor import i18n
from auditor.content import overlay
from auditor.content import schema
from auditor.content import yamlio
from auditor.engine.conditions import ConditionError, compile_condition
from auditor.engine.records import RECORDS, record_fields
from auditor.errors import InputError, Problem
from auditor.content.memo import ValidationMemo
from auditor.content.model import (
    CAPABILITIES,
    UNKNOWN,
    Amplifier,
    CatalogTool,
    Change,
    Choice,
    Content,
    Fact,
    ProposalTemplate,
    Question,
    Rule,
    RulesetInfo,
    Source,
    SourceRef,
    Threat,
)

# Sections of the BCCR report (reference/bccr-report-2022-2023.md) that rules may cite.
REPORT_SECTIONS = (
    "What Kinds of Community Crisis Response Are We Building?",
    "Who Are We Building It For?",
    "Who Are We Responding To?",
    "Who Is Responding?",
    "Program Design",
    "How Will People Access Community Crisis Response Programs?",
    "988 Programs",
    "911",
    "Community Numbers",
    "Tech Is Not Always the Answer, and Can Be a Danger",
    "Before Gathering Information Electronically",
    "Threat Assessment",
    "Outreach",
    "Recruitment & Training",
    "Evaluation",
    "How Do We Resource Our Work?",
    "Social Services, Charity, and the Nonprofit Industrial Complex",
    "Politicized Social Service",
    "Working Underground versus Above Ground",
    "Peer to Peer Work",
    "Crisis Response versus Emergency Response",
)

CONTENT_DIRS = ("checklists", "rulesets", "catalog")


def content_root() -> Path:
    """Where the shipped content lives: inside the installed wheel, or the source checkout."""
    override = os.environ.get("AUDITOR_CONTENT_DIR")
    if override:
        return Path(override)
    packaged = Path(__file__).resolve().parent.parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent


def shipped_files() -> list[Path]:
    root = content_root()
    return [p for d in CONTENT_DIRS for p in sorted((root / d).glob("*.yaml"))]


def examples_dir() -> Path:
    return content_root() / "examples"


def fixtures_dir() -> Path:
    """The shipped rules' fixtures: where each rule fires and where it stays quiet."""
    return content_root() / "rulesets" / "fixtures"


def rulepacks_dir() -> Path:
    return content_root() / "rulepacks"


class _Located:
    """A loaded, schema-valid file: its data, raw text (for line lookups) and path."""

    def __init__(self, path: Path, data: dict, text: str, english: dict | None = None):
        self.path, self.data, self.text = path, data, text
        self.english = data if english is None else english  # before any translation was laid on

    def problem(self, parts: Iterable, message: str) -> Problem:
        return yamlio.problem_at(self.path, self.text, parts, message)


def _is_shipped(path: Path) -> bool:
    try:
        Path(path).resolve().relative_to(content_root().resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (the input gate explains it)
        return False
    return Path(path).resolve().parent.name in CONTENT_DIRS


def read_kind(path: Path, memo: ValidationMemo | None = None) -> tuple[str, dict, str]:
    """Load one file and check it against the schema for the kind it declares.

    With a ``memo``, auditor's own shipped content files whose exact text has
    passed before are read from the memo instead; see validation_memo.
    """
    shipped = memo is not None and _is_shipped(path)
    if shipped:
        text = yamlio.read_text(Path(path))
        cached = memo.get(text)
        if cached is not None:
            return cached["kind"], cached, text
        data = yamlio.parse(text, path)
    else:
        data, text = yamlio.load(path)
    kind = check_kind(path, data, text)
    if shipped:
        memo.put(text, data)
    return kind, data, text


def check_kind(path: Path, data: Any, text: str) -> str:
    """Check parsed data against the schema for the kind it declares; returns the kind."""
    if not isinstance(data, dict):
        raise InputError.one(path, "expected a mapping at the top of the file", line=1)
    kind = data.get("kind")
    if kind not in schema.KINDS:
        raise InputError.one(path, f"'kind' must be one of: {', '.join(schema.KINDS)}", line=yamlio.line_of(text, ["kind"]), field="kind")
    schema.check(kind, data, path, text)
    return kind


def split_rule_paths(extra_rules: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """A group's own rules: files, or rule-pack folders (a ruleset, maybe a checklist, and its fixtures).

    Returns (content files, fixture files); fixtures are run by ``auditor validate``, never loaded as rules.
    """
    content_files: list[Path] = []
    fixture_files: list[Path] = []
    for entry in extra_rules:
        path = Path(entry)
        files = sorted(x for x in path.glob("*.y*ml") if x.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
        if path.is_dir() and not any(not _declares(f, "rule-fixtures") for f in files):
            raise InputError.one(path, "a folder given as rules must hold a rule pack: a ruleset file (kind: ruleset) and its fixtures")
        for f in files:
            if path.is_dir() and _declares(f, "rule-fixtures"):
                fixture_files.append(f)
            else:
                content_files.append(f)
    return content_files, fixture_files


def _declares(path: Path, kind: str) -> bool:
    try:
        data, _ = yamlio.load(path)
    except InputError:
        return False  # reported when the file is loaded as content
    return isinstance(data, dict) and data.get("kind") == kind


def load_content(extra_rules: Iterable[str | Path] = (), files: Iterable[Path] | None = None, lang: str | None = None) -> Content:
    """Load the shipped content plus any extra rule files or rule-pack folders (a group's own rules).

    The text is in ``lang`` (default: the language chosen at start-up) where an overlay translates it;
    everything else (ids, conditions, numbers, the fingerprint) is the English files' own.
    """
    lang = lang or i18n.current()
    paths = list(files) if files is not None else shipped_files()
    paths += split_rule_paths(extra_rules)[0]
    problems: list[Problem] = []
    by_kind: dict[str, list[_Located]] = {"checklist": [], "ruleset": [], "catalog": [], "audit": [], overlay.KIND: []}
    memo = ValidationMemo()
    for path in paths:
        try:
            kind, data, text = read_kind(path, memo)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        try:
            merged = overlay.apply(kind, data, path, lang)  # a new structure: the memo keeps the English
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        by_kind[kind].append(_Located(path, merged, text, english=data))
    for audit_file in by_kind["audit"]:
        problems.append(Problem(str(audit_file.path), "this is an audit, not a checklist, ruleset or catalog", line=1))
    for translation in by_kind[overlay.KIND]:
        problems.append(Problem(str(translation.path), "this is a translation: it is read from beside the English file it translates, not as content", line=1))
    if problems:
        raise InputError(problems)
    rulesets = by_kind["ruleset"]
    for loc, data in zip(rulesets, overlay.share_proposals([(loc.english, loc.data) for loc in rulesets])):
        loc.data = data
    builder = _Builder()
    builder.build(by_kind)
    if builder.problems:
        raise InputError(builder.problems)
    memo.save()
    digest = hashlib.sha256()
    for loc in by_kind["checklist"] + by_kind["ruleset"]:
        digest.update(loc.text.encode())
    builder.content.fingerprint = digest.hexdigest()[:12]
    return builder.content


class _Builder:
    """Turns schema-valid files into a cross-checked Content, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._signatures: dict[tuple, str] = {}
        self.content = Content(questions={}, threats={}, rules=[], catalog={}, categories={}, sources={}, rulesets=[])

    def build(self, by_kind: dict[str, list[_Located]]) -> None:
        for loc in by_kind["catalog"]:
            self._catalog_meta(loc)
        for loc in by_kind["checklist"]:
            self._checklist(loc)
        for loc in by_kind["catalog"]:
            self._catalog_tools(loc)
        self.content.record_fields = record_fields(self.content.questions)
        for loc in by_kind["checklist"]:
            self._controls(loc)
        for loc in by_kind["ruleset"]:
            self._threats(loc)
        self.content.threats = dict(sorted(self.content.threats.items(), key=lambda kv: (kv[1].order, kv[0])))
        for loc in by_kind["ruleset"]:
            self._rules(loc)
        if not self.content.questions and not self.problems:
            self.problems.append(Problem("(content)", "no checklist files were loaded"))

    # -- checklists --------------------------------------------------------
    def _checklist(self, loc: _Located) -> None:
        scope = loc.data["scope"]
        sections = {s["id"]: s["title"] for s in loc.data.get("sections", [])}
        for i, section in enumerate(loc.data.get("sections", [])):
            if section["id"] in self.content.sections:
                self.problems.append(loc.problem(("sections", i, "id"), f"section id {section['id']!r} is already used by another checklist"))
        self.content.sections.update(sections)
        for i, raw in enumerate(loc.data["questions"]):
            where = ("questions", i)
            qid = raw["id"]
            if qid in self.content.questions:
                self.problems.append(loc.problem(where + ("id",), f"question id {qid!r} is already used in {self.content.questions[qid].file}"))
                continue
            if raw.get("section") and raw["section"] not in sections:
                self.problems.append(loc.problem(where + ("section",), f"unknown section {raw['section']!r}"))
            if scope == "profile" and ("categories" in raw or raw.get("catalog_fact")):
                self.problems.append(loc.problem(where, "profile questions cannot have categories or catalog_fact"))
            for cat in raw.get("categories", []):
                if self.content.categories and cat not in self.content.categories:
                    self.problems.append(loc.problem(where + ("categories",), f"unknown tool category {cat!r}"))
            choices = []
            seen = set()
            for j, c in enumerate(raw.get("choices", [])):
                if c["id"] in seen or c["id"] == UNKNOWN:
                    msg = "'unknown' is always offered; do not list it" if c["id"] == UNKNOWN else f"duplicate choice {c['id']!r}"
                    self.problems.append(loc.problem(where + ("choices", j, "id"), msg))
                seen.add(c["id"])
                choices.append(Choice(c["id"], c["label"], c.get("risk", j), c.get("help", "")))
            self.content.questions[qid] = Question(
                id=qid,
                scope=scope,
                type=raw["type"],
                prompt=raw["prompt"],
                why=raw["why"],
                help=raw.get("help", ""),
                section=raw.get("section", ""),
                choices=tuple(choices),
                risky=raw.get("risky"),
                max=raw.get("max"),
                unit=raw.get("unit", ""),
                categories=tuple(raw["categories"]) if "categories" in raw else None,
                catalog_fact=raw.get("catalog_fact", False),
                carries_over=raw.get("carries_over", False),
                file=str(loc.path),
            )

    def _controls(self, loc: _Located) -> None:
        """Each tool question's ``controlled_when``: compiled once the derived record values exist."""
        for i, raw in enumerate(loc.data["questions"]):
            if "controlled_when" not in raw:
                continue
            where = ("questions", i, "controlled_when")
            if loc.data["scope"] != "tool":
                self.problems.append(loc.problem(where, "only tool questions describe a record the group may control"))
                continue
            cond = self._condition(loc, raw["controlled_when"], "tool", where)
            if cond is not None:
                self.content.controls[raw["id"]] = cond

    # -- catalog -----------------------------------------------------------
    def _catalog_meta(self, loc: _Located) -> None:
        self.content.categories.update(loc.data["categories"])
        for cid, label in loc.data["categories"].items():
            self.content.category_names[cid] = tuple(dict.fromkeys([label, loc.english.get("categories", {}).get(cid, label)]))
        for sid, raw in loc.data["sources"].items():
            self.content.sources[sid] = Source(sid, raw["title"], raw.get("where", ""), raw.get("as_of", ""))

    def _catalog_tools(self, loc: _Located) -> None:
        for i, raw in enumerate(loc.data["tools"]):
            where = ("tools", i)
            tid = raw["id"]
            if tid in self.content.catalog:
                self.problems.append(loc.problem(where + ("id",), f"duplicate catalog tool id {tid!r}"))
                continue
            if raw["category"] not in self.content.categories:
                self.problems.append(loc.problem(where + ("category",), f"unknown category {raw['category']!r}; known: {', '.join(self.content.categories)}"))
            facts = {}
            for qid, fact in raw["facts"].items():
                fwhere = where + ("facts", qid)
                q = self.content.questions.get(qid)
                if q is None or q.scope != "tool" or not q.catalog_fact:
                    self.problems.append(loc.problem(fwhere, f"{qid!r} is not a tool question marked catalog_fact"))
                    continue
                if not q.asked_for(raw["category"]):
                    self.problems.append(loc.problem(fwhere, f"{qid!r} is not asked of {raw['category']!r} tools (see the question's categories): drop the fact"))
                msg = q.problem_with(fact["value"])
                if msg:
                    self.problems.append(loc.problem(fwhere + ("value",), msg))
                if q.type == "multi":
                    if isinstance(fact["value"], list) and "complete" not in fact:
                        self.problems.append(loc.problem(fwhere, f"{qid!r} is a list: add complete: true if the sources show the whole list, complete: false if they document at least these"))
                elif "complete" in fact:
                    self.problems.append(loc.problem(fwhere + ("complete",), f"'complete' is only for multiple-choice facts; {qid} is {q.type}"))
                self._check_sources(loc, fact, fwhere)
                facts[qid] = Fact(fact["value"], fact["as_of"], tuple(fact.get("sources", [])), fact.get("note", ""), fact.get("complete"))
            capabilities = {}
            for cid, cap in raw.get("capabilities", {}).items():
                cwhere = where + ("capabilities", cid)
                if cid not in CAPABILITIES:
                    self.problems.append(loc.problem(cwhere, f"unknown capability {cid!r} in capabilities; known: {', '.join(CAPABILITIES)}"))
                    continue
                self._check_sources(loc, cap, cwhere)
                capabilities[cid] = Fact(cap["value"], cap["as_of"], tuple(cap.get("sources", [])), cap.get("note", ""))
            self.content.catalog[tid] = CatalogTool(
                id=tid,
                name=raw["name"],
                category=raw["category"],
                summary=raw["summary"],
                facts=facts,
                aliases=tuple(raw.get("aliases", [])),
                analog=raw.get("analog", False),
                capabilities=capabilities,
                search_names=_search_names(raw, loc.english["tools"][i] if i < len(loc.english.get("tools", [])) else raw),
            )

    def _check_sources(self, loc: _Located, raw: dict, where: tuple) -> None:
        for sid in raw.get("sources", []):
            if sid not in self.content.sources:
                self.problems.append(loc.problem(where + ("sources",), f"unknown source {sid!r}"))

    # -- rulesets ----------------------------------------------------------
    def _sources(self, loc: _Located, raw: list, where: tuple) -> tuple[SourceRef, ...]:
        refs = []
        for k, src in enumerate(raw):
            ((kind, value),) = src.items()
            if kind == "report" and value not in REPORT_SECTIONS:
                self.problems.append(loc.problem(where + (k, "report"), f"{value!r} is not a section of the report; known: {'; '.join(REPORT_SECTIONS)}"))
            if kind == "ref" and value not in self.content.sources:
                self.problems.append(loc.problem(where + (k, "ref"), f"unknown source {value!r} (sources are listed in the catalog)"))
            refs.append(SourceRef(kind, value))
        return tuple(refs)

    def _threats(self, loc: _Located) -> None:
        for i, raw in enumerate(loc.data.get("threats", [])):
            if raw["id"] in self.content.threats:
                self.problems.append(loc.problem(("threats", i, "id"), f"threat {raw['id']!r} is declared twice"))
                continue
            self.content.threats[raw["id"]] = Threat(
                id=raw["id"],
                title=raw["title"],
                short=raw.get("short") or raw["title"],
                summary=raw["summary"],
                scale=float(raw["scale"]),
                explainer=raw.get("explainer", ""),
                sources=self._sources(loc, raw.get("sources", []), ("threats", i, "sources")),
                order=raw.get("order", 1000),
                room_example=raw.get("room_example", ""),
                room_questions=tuple(raw.get("room_questions", ())),
            )

    def _condition(self, loc: _Located, raw: Any, scope: str, where: tuple) -> Any:
        try:
            return compile_condition(raw, self.content.questions, scope, records=self.content.record_fields)
        except ConditionError as exc:
            self.problems.append(loc.problem(where + exc.path, str(exc)))
            return None

    def _rules(self, loc: _Located) -> None:
        data = loc.data
        seen_ids = {r.id: r.file for r in self.content.rules}
        count = 0
        for i, raw in enumerate(data["rules"]):
            where = ("rules", i)
            rid = raw["id"]
            if rid in seen_ids:
                self.problems.append(loc.problem(where + ("id",), f"duplicate rule id {rid!r} (also in {seen_ids[rid]})"))
                continue
            for k, t in enumerate(raw["threats"]):
                if t not in self.content.threats:
                    self.problems.append(loc.problem(where + ("threats", k), f"unknown threat {t!r}; declared: {', '.join(self.content.threats)}"))
            scope = raw["scope"]
            when = self._condition(loc, raw["when"], scope, where + ("when",))
            applies = self._condition(loc, raw["applies"], scope, where + ("applies",)) if "applies" in raw else None
            amplify = []
            for k, amp in enumerate(raw.get("amplify", [])):
                cond = self._condition(loc, amp["when"], scope, where + ("amplify", k, "when"))
                threat = amp.get("threat")
                if threat is None and len(raw["threats"]) > 1:
                    self.problems.append(loc.problem(where + ("amplify", k), "this rule has several threats: say which one the amplifier weighs ('threat:')"))
                elif threat is not None and threat not in raw["threats"]:
                    self.problems.append(loc.problem(where + ("amplify", k, "threat"), f"{threat!r} is not one of this rule's threats ({', '.join(raw['threats'])})"))
                amplify.append(Amplifier(cond, float(amp["factor"]), amp["why"], threat or raw["threats"][0]))
            exposure = raw["exposure"]
            if exposure not in RECORDS:
                self.problems.append(loc.problem(where + ("exposure",), f"unknown record {exposure!r}; known: {', '.join(RECORDS)}"))
            if raw.get("residual") and raw.get("proposals"):
                self.problems.append(loc.problem(where + ("proposals",), "a residual exposure is one no change removes: it cannot carry proposals"))
            proposals = tuple(self._proposal(loc, p, where + ("proposals", k), scope) for k, p in enumerate(raw.get("proposals", [])))
            rule = Rule(
                id=rid,
                threats=tuple(raw["threats"]),
                title=raw["title"],
                severity=raw["severity"],
                scope=scope,
                when=when,
                reason=raw["reason"],
                sources=self._sources(loc, raw["sources"], where + ("sources",)),
                applies=applies,
                amplify=tuple(amplify),
                proposals=proposals,
                ruleset=data["ruleset"],
                file=str(loc.path),
                exposure=exposure,
                raises=float(raw["raises"]) if "raises" in raw else None,
                residual=bool(raw.get("residual", False)),
                order=len(self.content.rules),
            )
            signature = (rule.when, rule.applies, rule.scope, rule.exposure, rule.threats)
            if when is not None and signature in self._signatures:
                self.problems.append(loc.problem(where + ("when",), f"same conditions as rule {self._signatures[signature]}: the two rules are duplicates"))
            self._signatures.setdefault(signature, rid)
            self.content.rules.append(rule)
            for proposal in proposals:
                self.content.proposal_rules.setdefault(proposal.id, []).append(rid)
            seen_ids[rid] = str(loc.path)
            count += 1
        self.content.rulesets.append(RulesetInfo(data["ruleset"], str(data["version"]), str(loc.path), count))

    def _proposal(self, loc: _Located, raw: dict, where: tuple, scope: str) -> ProposalTemplate:
        changes = []
        for k, ch in enumerate(raw["changes"]):
            cwhere = where + ("changes", k)
            if scope == "group" and ("switch_to" in ch or self.content.questions.get(ch.get("answer"), None) and self.content.questions[ch["answer"]].scope == "tool"):
                self.problems.append(loc.problem(cwhere, "a group-wide rule's proposal can only change group profile answers"))
                continue
            if "switch_to" in ch:
                if ch["switch_to"] not in self.content.catalog:
                    self.problems.append(loc.problem(cwhere + ("switch_to",), f"unknown catalog tool {ch['switch_to']!r}"))
                changes.append(Change(switch_to=ch["switch_to"]))
                continue
            q = self.content.questions.get(ch["answer"])
            if q is None:
                self.problems.append(loc.problem(cwhere + ("answer",), f"unknown question {ch['answer']!r}"))
                continue
            if "remove" in ch:
                if q.type != "multi":
                    self.problems.append(loc.problem(cwhere + ("remove",), f"'remove' works on multiple-choice questions; {q.id} is {q.type}"))
                for c in ch["remove"]:
                    if c not in q.choice_ids:
                        self.problems.append(loc.problem(cwhere + ("remove",), f"{c!r} is not a choice of {q.id}"))
                changes.append(Change(answer=q.id, remove=tuple(ch["remove"])))
            else:
                value = ch["set"]
                if q.type == "multi":
                    self.problems.append(loc.problem(cwhere + ("set",), f"use 'remove' on the multiple-choice question {q.id}: a proposal never adds to what is collected"))
                elif value == UNKNOWN or q.problem_with(value):
                    self.problems.append(loc.problem(cwhere + ("set",), q.problem_with(value) or "a proposal cannot set an answer to 'unknown'"))
                changes.append(Change(answer=q.id, set=value))
        offered = self._condition(loc, raw["offered_when"], scope, where + ("offered_when",)) if "offered_when" in raw else None
        how_to = raw.get("how_to", {})
        for cat in how_to:
            if self.content.categories and cat not in self.content.categories:
                self.problems.append(loc.problem(where + ("how_to", cat), f"unknown tool category {cat!r}"))
        template = ProposalTemplate(raw["id"], raw["title"], raw["kind"], raw["effort"], tuple(changes), raw.get("detail", ""), offered,
                                    tuple(sorted(how_to.items())), bool(raw.get("deletes", False)))
        # A proposal id may be shared by several rules (one change, several risks) only if it means the same thing.
        first = self.content.proposals.setdefault(template.id, template)
        if first != template:
            self.problems.append(loc.problem(where + ("id",), f"proposal {template.id!r} is already defined differently by another rule"))
        return template


def _search_names(raw: dict, english: dict) -> tuple[str, ...]:
    """A catalog tool's names in the reader's language, then in English: search finds it by either."""
    names = [raw["name"], *raw.get("aliases", []), english.get("name", raw["name"]), *english.get("aliases", []), raw["id"]]
    return tuple(dict.fromkeys(names))
