"""The audit: a group's profile answers and its tools, as plain dataclasses.

An audit holds roles, counts and practices; there is deliberately no field for
people's names or contact details. Loading checks the file against its schema
and every answer against the checklists and catalog, naming file, line and
field for anything wrong.
"""

from __future__ import annotations

import copy
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.content import schema
from auditor.audits import conflicts, storage
from auditor.content import yamlio
from auditor.errors import InputError, PassphraseNeeded, Problem
from auditor.content.model import UNKNOWN, Content, OpenList, Question
from auditor.i18n import _

FORMAT = 1


@dataclass
class Tool:
    id: str
    name: str
    catalog: str | None = None
    category: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    notes: str = ""
    carried_over: list[str] = field(default_factory=list)
    # Set by the planner on its copies, never saved. Data kinds a projected change stopped collecting that the
    # records already written still hold, until a clear-out or shorter keeping removes them (they stay in the
    # tool's answers meanwhile) ...
    still_written: tuple[str, ...] = ()
    # ... and those its earlier versions (version history, trash) still hold after that, until a clean copy.
    earlier_versions: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.catalog:
            out["catalog"] = self.catalog
        if self.category:
            out["category"] = self.category
        out["answers"] = dict(self.answers)
        if self.notes:
            out["notes"] = self.notes
        if self.carried_over:
            out["carried_over"] = list(self.carried_over)
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> "Tool":
        return cls(
            id=raw["id"],
            name=raw["name"],
            catalog=raw.get("catalog"),
            category=raw.get("category"),
            answers=dict(raw.get("answers") or {}),
            notes=raw.get("notes", ""),
            carried_over=list(raw.get("carried_over", [])),
        )


@dataclass
class Audit:
    title: str = ""
    # This file's own id (random, given at its first save): reports record it, and `auditor forget`
    # deletes only reports carrying it. Per file, not per group: the next cycle is a new file with a
    # new id, so forgetting one cycle never takes the reports of another.
    id: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    tools: list[Tool] = field(default_factory=list)
    profile_notes: str = ""
    created: str = ""
    updated: str = ""
    agreed: list[str] = field(default_factory=list)
    whatif: list[str] = field(default_factory=list)
    # Tracked plan items: key -> {status, role, due, reason} (see auditor.audits.actions).
    actions: dict[str, dict[str, str]] = field(default_factory=dict)
    progress: dict[str, Any] = field(default_factory=dict)
    cycle: dict[str, Any] = field(default_factory=dict)
    # Profile question ids carried over from the previous cycle and not yet confirmed.
    profile_carried_over: list[str] = field(default_factory=list)
    # Fields the core does not interpret but must keep (history, ruleset record).
    extra: dict[str, Any] = field(default_factory=dict)
    # The comment lines at the top of the file it was loaded from, written back on save.
    header: str = field(default="", compare=False, repr=False)
    # The file as it was read or last saved: a save refuses to replace it if someone else wrote it since.
    seen: conflicts.Seen | None = field(default=None, compare=False, repr=False)

    def tool(self, tool_id: str) -> Tool:
        for t in self.tools:
            if t.id == tool_id:
                return t
        raise KeyError(tool_id)

    def touch(self) -> None:
        """Stamp the time of a save (and of the first one), and give the file its id if it has none."""
        self.updated = now_stamp()
        if not self.id:
            self.id = new_audit_id()
        if not self.created:
            self.created = self.updated

    def copy(self) -> "Audit":
        return copy.deepcopy(self)

    def new_tool_id(self, name: str) -> str:
        base = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:30] or "tool"
        base = "-".join(filter(None, base.split("-")))
        taken = {t.id for t in self.tools}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": "audit", "format": FORMAT}
        if self.id:
            out["id"] = self.id
        if self.title:
            out["title"] = self.title
        if self.created:
            out["created"] = self.created
        if self.updated:
            out["updated"] = self.updated
        if self.cycle:
            out["cycle"] = dict(self.cycle)
        out["profile"] = dict(self.profile)
        if self.profile_carried_over:
            out["profile_carried_over"] = list(self.profile_carried_over)
        if self.profile_notes:
            out["profile_notes"] = self.profile_notes
        out["tools"] = [t.to_dict() for t in self.tools]
        if self.agreed or self.whatif or self.actions:
            out["plan"] = {"agreed": list(self.agreed), "whatif": list(self.whatif)}
            if self.actions:
                out["plan"]["actions"] = {k: dict(v) for k, v in self.actions.items()}
        if self.progress:
            out["progress"] = dict(self.progress)
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> "Audit":
        known = {"kind", "format", "id", "title", "created", "updated", "cycle", "profile", "profile_carried_over", "profile_notes", "tools", "plan", "progress"}
        plan = raw.get("plan") or {}
        return cls(
            title=raw.get("title", ""),
            id=raw.get("id", ""),
            profile=dict(raw.get("profile") or {}),
            tools=[Tool.from_dict(t) for t in raw.get("tools") or []],
            profile_notes=raw.get("profile_notes", ""),
            created=raw.get("created", ""),
            updated=raw.get("updated", ""),
            agreed=list(plan.get("agreed", [])),
            whatif=list(plan.get("whatif", [])),
            actions={k: dict(v) for k, v in (plan.get("actions") or {}).items()},
            progress=dict(raw.get("progress") or {}),
            cycle=dict(raw.get("cycle") or {}),
            profile_carried_over=list(raw.get("profile_carried_over", [])),
            extra={k: v for k, v in raw.items() if k not in known},
        )


def check_answers(raw: dict, content: Content, source: str | Path, text: str | None) -> list[Problem]:
    """Every answer must belong to a known question and be one of its choices."""
    problems: list[Problem] = []

    def check(answers: dict, scope: str, where: tuple) -> None:
        for qid, value in answers.items():
            q = content.questions.get(qid)
            if q is None:
                problems.append(yamlio.problem_at(source, text, where + (qid,), f"unknown question {qid!r}"))
            elif q.scope != scope:
                problems.append(yamlio.problem_at(source, text, where + (qid,), f"{qid!r} is a {q.scope} question, not a {scope} question"))
            else:
                msg = q.problem_with(value)
                if msg:
                    problems.append(yamlio.problem_at(source, text, where + (qid,), msg))

    check(raw.get("profile") or {}, "profile", ("profile",))
    seen: set[str] = set()
    for i, tool in enumerate(raw.get("tools") or []):
        if tool["id"] in seen:
            problems.append(yamlio.problem_at(source, text, ("tools", i, "id"), f"duplicate tool id {tool['id']!r}"))
        seen.add(tool["id"])
        cat_id = tool.get("catalog")
        if cat_id and cat_id not in content.catalog:
            problems.append(yamlio.problem_at(source, text, ("tools", i, "catalog"), f"unknown catalog tool {cat_id!r}"))
        category = tool.get("category")
        if category and category not in content.categories:
            problems.append(yamlio.problem_at(source, text, ("tools", i, "category"), f"unknown category {category!r}; known: {', '.join(content.categories)}"))
        check(tool.get("answers") or {}, "tool", ("tools", i, "answers"))
    return problems


def parse_audit(data: Any, text: str | None, source: str | Path, content: Content) -> Audit:
    if not isinstance(data, dict):
        raise InputError.one(source, "expected a mapping at the top of the file", line=1)
    if data.get("kind") != "audit":
        raise InputError.one(source, "not an audit file (expected 'kind: audit')", line=yamlio.line_of(text, ["kind"]) if text else None, field="kind")
    schema.check("audit", data, source, text)
    problems = check_answers(data, content, source, text)
    if problems:
        raise InputError(problems)
    audit = Audit.from_dict(data)
    audit.header = leading_comments(text or "")
    return audit


def leading_comments(text: str) -> str:
    """The comment block at the top of a YAML file (blank lines inside it kept), ending in a newline."""
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or (lines and not line.strip()):
            lines.append(line)
        else:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    out = "".join(lines)
    return out if not out or out.endswith("\n") else out + "\n"


def read_document(path: str | Path, passphrase: str | None = None, *, ask: bool = False) -> tuple[Any, str]:
    """Parse a YAML file that may be age-encrypted; returns (data, text)."""
    data, text, _seen = read_seen(path, passphrase, ask=ask)
    return data, text


def read_seen(path: str | Path, passphrase: str | None = None, *, ask: bool = False) -> tuple[Any, str, conflicts.Seen]:
    """Parse a YAML file that may be age-encrypted; returns (data, text, what was seen of the file).

    An encrypted file is decrypted in memory. With ``ask`` and no passphrase,
    it comes from AUDITOR_PASSPHRASE or the terminal (never hangs without one);
    the file is checked (size, age header) before anyone is asked. Its ``Seen`` is of the
    ciphertext read first: a change before the decryption's own read shows as a change at
    the next save (a refusal too many, never an update lost).
    """
    since = conflicts.now()
    if not storage.uses_encryption(path):
        text = yamlio.read_text(Path(path))  # strict UTF-8: the text encodes back to the bytes read
        return yamlio.parse(text, path), text, conflicts.Seen.of(path, text.encode("utf-8"), since)
    ciphertext = storage.read_ciphertext(path)
    seen = conflicts.Seen.of(path, ciphertext, since)
    if not passphrase and ask:
        passphrase = storage.ask_passphrase(path)
    text = yamlio.decode(storage.read_encrypted(path, passphrase), path)
    return yamlio.parse(text, path), text, seen


def read_audit(path: str | Path, content: Content, passphrase: str | None = None, *, ask: bool = False) -> Audit:
    data, text, seen = read_seen(path, passphrase, ask=ask)
    audit = parse_audit(data, text, path, content)
    audit.seen = seen
    return audit


def load_audit(path: str | Path, content: Content, passphrase: str | None = None) -> Audit:
    """Load and check an audit, plain or encrypted (decrypted in memory with ``passphrase``)."""
    return read_audit(path, content, passphrase)


def open_audit(path: str | Path, content: Content, passphrase: str | None = None) -> Audit:
    """What every command uses to read an audit, plain or encrypted.

    For an encrypted file the passphrase comes from AUDITOR_PASSPHRASE or is
    asked on the terminal; without either it is an InputError (exit 2). A wrong
    passphrase raises WrongPassphrase (an InputError) and changes nothing.
    """
    return read_audit(path, content, passphrase, ask=True)


DEFAULT_HEADER = (
    "# auditor audit file. It describes how a group handles crisis calls:\n"
    "# keep it private, encrypt it if you can, and delete old cycles you no longer need.\n"
)


def dump_audit(audit: Audit) -> str:
    """The file text: the header comments it was loaded with (or the default ones), then the audit.

    PyYAML drops comments, so only the top block is kept (the place people put them); comments
    further down are not. That avoids a round-trip YAML library for one block of lines."""
    return (audit.header or DEFAULT_HEADER) + yamlio.dump(audit.to_dict())


def save_audit(audit: Audit, path: str | Path, *, touch: bool = True, passphrase: str | None = None) -> Path:
    """Atomic, private (0600) save. A path ending in ``.age`` is encrypted in memory to the
    audit's own key, kept next to it and protected by ``passphrase`` (``storage.keyed_ciphertext``:
    scrypt once per process, then fast saves); only ciphertext reaches the disk.

    If the file at ``path`` is the one the audit was read from (or last saved to) and someone
    else wrote it since, ``conflicts.FileChanged`` is raised and nothing is written, the key
    file included."""
    from auditor.audits.examples import is_shipped_example

    if is_shipped_example(path):
        raise InputError.one(path, _("is a shipped example and is never written to; make your own copy with `auditor example {name}` and work on that; nothing was written").format(name=Path(path).stem))
    encrypted = storage.wants_encryption(path)
    if encrypted and not passphrase:
        raise PassphraseNeeded.one(path, "saving to a .age file needs a passphrase; nothing was written")
    if passphrase and not encrypted:
        raise ValueError(f"{path}: only files ending in .age are encrypted; refusing to ignore the passphrase")
    expect = conflicts.expected(audit.seen, path)
    conflicts.check(path, expect)
    if touch:
        audit.touch()
    text = dump_audit(audit)
    data = storage.keyed_ciphertext(path, text, passphrase) if encrypted else text.encode("utf-8")
    since = conflicts.now()
    storage.write_private(path, data, expect=expect)
    audit.seen = conflicts.Seen.of(path, data, since)
    return Path(path)


def new_audit_id() -> str:
    """32 random hex digits: says nothing about the group, and two files never share one by chance."""
    import secrets

    return secrets.token_hex(16)


def now_stamp() -> str:
    return _dt.datetime.now().replace(microsecond=0).isoformat()


# -- answers as the rules see them ------------------------------------------

ANSWERED, CATALOG, UNANSWERED = "answer", "catalog", "unanswered"


def tool_category(tool: Tool, content: Content) -> str | None:
    if tool.category:
        return tool.category
    if tool.catalog and tool.catalog in content.catalog:
        return content.catalog[tool.catalog].category
    return None


def effective_answers(tool: Tool, content: Content) -> dict[str, Any]:
    """The tool's own answers over the catalog's sourced defaults. Missing means unanswered.

    A catalog list its sources do not show complete comes back as an OpenList:
    the rules read what it does not name as unknown, never as "not kept". The
    group's own answer is taken as complete.
    """
    out: dict[str, Any] = {}
    entry = content.catalog.get(tool.catalog) if tool.catalog else None
    if entry:
        for qid, fact in entry.facts.items():
            value = fact.value
            if isinstance(value, list) and getattr(fact, "complete", True) is False:
                value = OpenList(value)
            out[qid] = value
    out.update(tool.answers)
    return out


def tool_capabilities(tool: Tool, content: Content) -> dict[str, str]:
    """What the tool offers (yes / no / unknown), from the catalog; a custom tool's are all unknown."""
    entry = content.catalog.get(tool.catalog) if tool.catalog else None
    caps = getattr(entry, "capabilities", None) or {}
    return {name: fact.value for name, fact in caps.items()}


def answer_origin(tool: Tool | None, qid: str, audit: Audit, content: Content) -> tuple[Any, str]:
    """(value, origin) of one answer: the group's own, a catalog default, or unanswered."""
    q = content.questions[qid]
    if q.scope == "profile":
        if qid in audit.profile:
            return audit.profile[qid], ANSWERED
        return UNKNOWN, UNANSWERED
    assert tool is not None
    if qid in tool.answers:
        return tool.answers[qid], ANSWERED
    entry = content.catalog.get(tool.catalog) if tool.catalog else None
    if entry and qid in entry.facts:
        return entry.facts[qid].value, CATALOG
    return UNKNOWN, UNANSWERED


def questions_for(tool: Tool, content: Content) -> list[Question]:
    category = tool_category(tool, content)
    return [q for q in content.tool_questions if q.asked_for(category)]


def unanswered(audit: Audit, content: Content) -> list[tuple[str | None, str]]:
    """(tool id or None for the profile, question id) for everything not yet answered.

    Catalog defaults count as answered; an explicit "don't know" counts as
    answered too (it is an answer, and it is scored as exposure).
    """
    out: list[tuple[str | None, str]] = [(None, q.id) for q in content.profile_questions if q.id not in audit.profile]
    for tool in audit.tools:
        answers = effective_answers(tool, content)
        out += [(tool.id, q.id) for q in questions_for(tool, content) if q.id not in answers]
    return out
