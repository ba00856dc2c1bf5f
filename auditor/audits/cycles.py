"""Evaluation cycles: start the next audit from the last one, keep a short history, forget old detail.

Groups pause to evaluate every few months. A new cycle copies the inventory and
every answer of the last one, and marks each copied answer "carried over"
until someone confirms it or changes it, so the coordinator only walks through
what needs a look.

Each new cycle carries a short summary of every earlier cycle in
``audit.extra["history"]``: per-threat scores and points, how many findings and
tools, and which rules produced the scores. A history entry never holds tool
names, answers or notes, so it is safe to keep.

An old cycle can be *forgotten*: reduced to that same summary (scores, counts,
dates) in a ``kind: audit-summary`` file. `auditor history` and `auditor diff`
read such files; everything else refuses them because there is nothing in
them to score. The auditor minimizes its own history too.
"""

from __future__ import annotations

import calendar
import copy
import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from auditor.content import schema
from auditor.audits import conflicts, storage
from auditor.content import yamlio
from auditor.audits.model import Audit, Tool, parse_audit, read_seen, save_audit
from auditor.errors import InputError
from auditor.content.model import UNKNOWN, Content
from auditor.engine.scoring import ScoreResult, score

SUMMARY_KIND = "audit-summary"
SUMMARY_FORMAT = 1
SPARK = "▁▂▃▄▅▆▇█"


# -- the ruleset record ---------------------------------------------------------


def rule_digests(content: Content) -> dict[str, str]:
    """A short digest per rule of everything that affects scoring (threats, severity, scope, conditions).

    Two records with the same digest for a rule scored it the same way; a
    different digest means the rule changed. Titles and reasons are not part of
    it: rewording a reason does not change a score.
    """
    out = {}
    for rule in content.rules:
        scored = (rule.threats, rule.severity, rule.scope, rule.when, rule.applies, tuple((a.when, a.factor) for a in rule.amplify))
        out[rule.id] = hashlib.sha256(repr(scored).encode()).hexdigest()[:8]
    return out


def ruleset_record(content: Content) -> dict:
    """What to store in ``audit.extra["ruleset"]`` when an audit is written.

    ``content.version_record()`` (fingerprint and ruleset versions) plus a
    digest per rule, so a later diff can say which rules were added, removed or
    changed since.
    """
    record = content.version_record()
    record["rules"] = rule_digests(content)
    return record


def record_ruleset(audit: Audit, content: Content) -> None:
    audit.extra["ruleset"] = ruleset_record(content)


def compare_records(old: dict | None, new: dict | None) -> dict:
    """How two ruleset records differ: same fingerprint, and which rules changed if the records say."""
    old, new = old or {}, new or {}
    out: dict[str, Any] = {
        "same": bool(old.get("fingerprint")) and old.get("fingerprint") == new.get("fingerprint"),
        "versions": {"old": dict(old.get("rulesets") or {}), "new": dict(new.get("rulesets") or {})},
        "fingerprints": {"old": old.get("fingerprint", ""), "new": new.get("fingerprint", "")},
        "known": False,
        "added": [],
        "removed": [],
        "changed": [],
    }
    a, b = old.get("rules"), new.get("rules")
    if isinstance(a, dict) and isinstance(b, dict):
        out["known"] = True
        out["added"] = sorted(set(b) - set(a))
        out["removed"] = sorted(set(a) - set(b))
        out["changed"] = sorted(r for r in set(a) & set(b) if a[r] != b[r])
    return out


# -- dates ----------------------------------------------------------------------


def today() -> _dt.date:
    return _dt.date.today()


def add_months(day: _dt.date, months: int) -> _dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _date_part(stamp: str) -> str:
    return stamp[:10] if stamp else ""


def _parse_date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def cycle_number(audit: "Audit | CycleSummary") -> int:
    return int(audit.cycle.get("number") or 1)


def cycle_date(audit: "Audit | CycleSummary") -> str:
    """The date a cycle is known by: when it started, else when the audit was created or last saved."""
    return audit.cycle.get("started") or _date_part(audit.created) or _date_part(audit.updated)


def set_review(audit: Audit, every_months: int, *, on: _dt.date | None = None) -> str:
    """Set the group's review cadence and recompute the due date (from the cycle's start). Returns it."""
    if not 1 <= every_months <= 36:
        raise ValueError("review cadence must be 1 to 36 months")
    audit.cycle["review_every_months"] = every_months
    start = _parse_date(cycle_date(audit)) or on or today()
    if "number" not in audit.cycle:
        audit.cycle["number"] = 1
    audit.cycle.setdefault("started", start.isoformat())
    due = add_months(start, every_months).isoformat()
    audit.cycle["review_due"] = due
    return due


def review_due_in(audit: Audit, on: _dt.date | None = None) -> int | None:
    """Days until the next review is due (negative: overdue), or None if the group set no cadence."""
    due = _parse_date(audit.cycle.get("review_due", ""))
    if due is None:
        return None
    return (due - (on or today())).days


# -- summaries and history ------------------------------------------------------


def finding_count(result: ScoreResult) -> int:
    """Findings: one per rule and tool (a rule adding to two threats is one finding)."""
    return len(result.findings)


def summary_entry(audit: Audit, content: Content, result: ScoreResult | None = None) -> dict:
    """One history entry for an audit, scored with ``content``.

    ``{"cycle", "date", "scores", "points", "findings", "tools", "ruleset"}``:
    numbers and dates only, never tool names, answers or notes. Reports and the
    TUI can call this for the current audit too, so "now" and "then" are
    counted the same way.
    """
    result = result or score(audit, content)
    return {
        "cycle": cycle_number(audit),
        "date": cycle_date(audit),
        "scores": dict(result.scores),
        "points": {t: p for t, p in result.points.items()},
        "findings": finding_count(result),
        "tools": len(audit.tools),
        "ruleset": content.version_record(),
    }


def history_of(audit: "Audit | CycleSummary") -> list[dict]:
    history = audit.extra.get("history") if isinstance(audit, Audit) else audit.history
    return [dict(h) for h in history or [] if isinstance(h, dict)]


def sparkline(values: Iterable[float | None], lo: float = 0, hi: float = 100) -> str:
    """One block character per value on a fixed 0-100 scale (a gap for a missing value).

    The scale is fixed rather than fitted to the values, so a flat line at 80
    looks high and a flat line at 5 looks low.
    """
    out = []
    for v in values:
        if v is None:
            out.append(" ")
            continue
        frac = 0.0 if hi <= lo else min(max((float(v) - lo) / (hi - lo), 0.0), 1.0)
        out.append(SPARK[round(frac * (len(SPARK) - 1))])
    return "".join(out)


# -- starting the next cycle -----------------------------------------------------


def start_next_cycle(
    previous: Audit,
    content: Content,
    *,
    previous_file: str | Path | None = None,
    on: _dt.date | None = None,
) -> Audit:
    """A new audit for the next cycle, starting from ``previous``.

    Copies the title, profile, tools and every answer and note. Each copied
    answer is listed in ``Tool.carried_over`` / ``Audit.profile_carried_over``
    until confirmed (``confirm``) or changed (``set_answer``). Catalog defaults
    are not copied: they come fresh from the current catalog.

    Proposals agreed last cycle stay in the plan with their tracked actions
    (role, due date, status); what-ifs are cleared. The
    previous cycle's summary is appended to ``extra["history"]`` after the
    history it already carried.
    """
    start = on or today()
    new = Audit(
        title=previous.title,
        profile=copy.deepcopy(previous.profile),
        tools=[
            Tool(
                id=t.id,
                name=t.name,
                catalog=t.catalog,
                category=t.category,
                answers=copy.deepcopy(t.answers),
                notes=t.notes,
                carried_over=list(t.answers),
            )
            for t in previous.tools
        ],
        profile_notes=previous.profile_notes,
        agreed=list(previous.agreed),
        actions=copy.deepcopy(previous.actions),
        profile_carried_over=list(previous.profile),
    )
    cycle: dict[str, Any] = {"number": cycle_number(previous) + 1, "started": start.isoformat()}
    if previous_file:
        cycle["previous"] = Path(previous_file).name
    every = previous.cycle.get("review_every_months")
    if every:
        cycle["review_every_months"] = int(every)
        cycle["review_due"] = add_months(start, int(every)).isoformat()
    new.cycle = cycle
    new.extra = {k: copy.deepcopy(v) for k, v in previous.extra.items() if k not in ("history", "ruleset")}
    new.extra["history"] = history_of(previous) + [summary_entry(previous, content)]
    new.extra["ruleset"] = ruleset_record(content)
    return new


def needs_confirming(audit: Audit, content: Content | None = None) -> list[tuple[str | None, str]]:
    """(tool id, or None for the group profile; question id) for every carried-over answer not yet confirmed.

    Profile first, then tools in inventory order; with ``content`` the
    questions follow checklist order, otherwise the order they were marked.
    """
    order: dict[str, int] = {}
    if content is not None:
        order = {qid: i for i, qid in enumerate(content.questions)}

    def ordered(qids: list[str]) -> list[str]:
        return sorted(qids, key=lambda q: order.get(q, len(order))) if order else list(qids)

    out: list[tuple[str | None, str]] = [(None, q) for q in ordered(audit.profile_carried_over)]
    for tool in audit.tools:
        out += [(tool.id, q) for q in ordered(tool.carried_over)]
    return out


def confirm(audit: Audit, tool_id: str | None, qid: str) -> bool:
    """Mark one carried-over answer as confirmed. Returns whether a marker was removed."""
    markers = audit.profile_carried_over if tool_id is None else audit.tool(tool_id).carried_over
    if qid in markers:
        markers.remove(qid)
        return True
    return False


def confirm_all(audit: Audit) -> int:
    """Confirm every carried-over answer (for scripts). Returns how many markers were removed."""
    count = len(audit.profile_carried_over) + sum(len(t.carried_over) for t in audit.tools)
    audit.profile_carried_over = []
    for tool in audit.tools:
        tool.carried_over = []
    return count


def set_answer(audit: Audit, tool_id: str | None, qid: str, value: Any) -> None:
    """Record an answer (profile when ``tool_id`` is None) and drop its carried-over marker.

    Changing an answer confirms it: the group has looked at it this cycle.
    """
    answers = audit.profile if tool_id is None else audit.tool(tool_id).answers
    answers[qid] = value
    confirm(audit, tool_id, qid)


def confirm_changed(audit: Audit, previous: Audit) -> int:
    """Drop markers on answers that differ from ``previous`` (someone edited them by hand). Returns how many."""
    count = 0
    for qid in list(audit.profile_carried_over):
        if audit.profile.get(qid, UNKNOWN) != previous.profile.get(qid, UNKNOWN):
            count += confirm(audit, None, qid)
    old_tools = {t.id: t for t in previous.tools}
    for tool in audit.tools:
        old = old_tools.get(tool.id)
        for qid in list(tool.carried_over):
            if old is None or tool.answers.get(qid, UNKNOWN) != old.answers.get(qid, UNKNOWN):
                count += confirm(audit, tool.id, qid)
    return count


_CYCLE_NAME = re.compile(r"^(?P<stem>.*?)(?P<sep>[-_]?)cycle[-_]?(?P<n>\d+)$", re.IGNORECASE)


def next_cycle_path(old: str | Path, number: int) -> Path:
    """A file name for cycle ``number`` next to ``old``: ``x-cycle-1.yaml`` -> ``x-cycle-2.yaml``."""
    old = Path(old)
    suffixes = "".join(old.suffixes) or ".yaml"
    stem = old.name[: -len(suffixes)] if old.suffixes else old.name
    m = _CYCLE_NAME.match(stem)
    base = m.group("stem") if m else stem
    return old.with_name(f"{base}-cycle-{number}{suffixes}" if base else f"cycle-{number}{suffixes}")


# -- forgetting: a cycle reduced to its summary -----------------------------------


@dataclass
class CycleSummary:
    """An old cycle reduced to numbers and dates (``kind: audit-summary``).

    ``summary`` has the shape of a history entry. There are no tool names,
    answers, notes, plan keys or titles: nothing here says how the group works.
    """

    summary: dict
    cycle: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    forgotten: str = ""
    history: list[dict] = field(default_factory=list)
    id: str = ""  # the forgotten audit's id: `auditor forget` still finds its reports

    @property
    def title(self) -> str:
        return ""

    @property
    def tools(self) -> list:
        return []

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"kind": SUMMARY_KIND, "format": SUMMARY_FORMAT}
        if self.id:
            out["id"] = self.id
        if self.cycle:
            out["cycle"] = dict(self.cycle)
        for key in ("created", "updated", "forgotten"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["summary"] = dict(self.summary)
        if self.history:
            out["history"] = [dict(h) for h in self.history]
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> "CycleSummary":
        return cls(
            summary=dict(raw["summary"]),
            cycle=dict(raw.get("cycle") or {}),
            created=raw.get("created", ""),
            updated=raw.get("updated", ""),
            forgotten=raw.get("forgotten", ""),
            history=[dict(h) for h in raw.get("history") or []],
            id=raw.get("id", ""),
        )


def reduce_to_summary(audit: Audit, content: Content, *, on: _dt.date | None = None) -> CycleSummary:
    """Everything of ``audit`` except numbers and dates is dropped.

    Scores are computed with ``content`` (the summary records which ruleset).
    Kept: cycle number, start and review dates (the file name of the previous
    cycle is kept too), dates created and saved, the summary entry and the
    earlier history.
    """
    cycle = {k: v for k, v in audit.cycle.items() if k in ("number", "started", "review_every_months", "review_due", "previous")}
    cycle.setdefault("number", cycle_number(audit))
    return CycleSummary(
        summary=summary_entry(audit, content),
        cycle=cycle,
        created=_date_part(audit.created),
        updated=_date_part(audit.updated),
        forgotten=(on or today()).isoformat(),
        history=[clean_entry(h) for h in history_of(audit)],
        id=audit.id,
    )


ENTRY_KEYS = ("cycle", "date", "scores", "points", "findings", "tools", "ruleset")


def clean_entry(entry: dict) -> dict:
    """A history entry with only the known keys (numbers, dates, ruleset versions): nothing else survives forgetting."""
    out = {k: copy.deepcopy(entry[k]) for k in ENTRY_KEYS if k in entry}
    if isinstance(out.get("ruleset"), dict):
        out["ruleset"] = {k: out["ruleset"][k] for k in ("fingerprint", "rulesets") if k in out["ruleset"]}
    out.setdefault("scores", {})
    return out


def dump_summary(summary: CycleSummary) -> str:
    header = (
        "# auditor cycle summary: scores, counts and dates of one evaluation cycle.\n"
        "# Tool names, answers and notes were deleted when this cycle was forgotten.\n"
    )
    return header + yamlio.dump(summary.to_dict())


def save_summary(summary: CycleSummary, path: str | Path) -> Path:
    """Atomic, private (0600) write."""
    return storage.write_private(path, dump_summary(summary))


def parse_summary(data: Any, text: str | None, source: str | Path) -> CycleSummary:
    schema.check(SUMMARY_KIND, data, source, text)
    return CycleSummary.from_dict(data)


def load_cycle_file(path: str | Path, content: Content, passphrase: str | None = None) -> Audit | CycleSummary:
    """Read a full audit or a forgotten cycle's summary, plain or encrypted; errors name file, line and field."""
    try:
        finish_forget(path)
    except OSError:
        pass  # a read must not fail over a leftover it could not tidy
    data, text, seen = read_seen(path, passphrase, ask=True)
    if isinstance(data, dict) and data.get("kind") == SUMMARY_KIND:
        return parse_summary(data, text, path)
    if isinstance(data, dict) and data.get("kind") not in ("audit", None):
        raise InputError.one(
            path, f"expected an audit or a cycle summary ('kind: audit' or 'kind: {SUMMARY_KIND}')",
            line=yamlio.line_of(text, ["kind"]), field="kind",
        )
    audit = parse_audit(data, text, path, content)
    audit.seen = seen
    return audit


def save_cycle_file(item: Audit | CycleSummary, path: str | Path, passphrase: str | None = None) -> Path:
    """Write an audit (with ``save_audit``) or a summary: atomic, 0600, encrypted when the path ends in .age."""
    if isinstance(item, Audit):
        return save_audit(item, path, passphrase=passphrase) if passphrase else save_audit(item, path)
    if storage.uses_encryption(path):
        if not passphrase:
            raise InputError.one(path, "saving to a .age file needs a passphrase; nothing was written")
        return storage.write_encrypted(path, dump_summary(item), passphrase)
    return save_summary(item, path)


def _forget_names(path: Path) -> tuple[Path, Path]:
    """(the summary's temp name, the name the old cycle is kept under until it is shredded)."""
    return path.with_name(f".summary-{path.name}"), path.with_name(f".forgetting-{path.name}")


def replace_with_summary(path: str | Path, summary: CycleSummary, passphrase: str | None = None, *, expect: conflicts.Seen | None = None) -> Path:
    """Replace the audit at ``path`` by ``summary``, then overwrite the old bytes.

    Crash-safe: at every instant ``path`` holds the full old cycle or its
    complete summary. The summary is written (atomically, 0600) to a hidden temp
    name; the old file gets a second, hidden name (a hard link); the summary is
    renamed over ``path`` in one step; only then is the old file, now reachable
    only by its hidden name, overwritten with zeros and deleted. A run killed
    half-way is finished by ``finish_forget`` (called by every read of a cycle
    file). What shredding cannot guarantee (SSDs, snapshots, synced folders,
    backups) is listed by `auditor forget --help`. With ``expect`` (what was read of the audit),
    a file someone else wrote since is left alone (``conflicts.FileChanged``).
    """
    import os

    path = Path(path)
    finish_forget(path)
    conflicts.check(path, expect)
    tmp, aside = _forget_names(path)
    save_cycle_file(summary, tmp, passphrase)
    try:
        os.link(path, aside)
    except OSError:
        aside = None  # no hard links here (some network or FAT filesystems): the old bytes are only unlinked
    try:
        conflicts.check(path, expect)  # again, just before the swap
    except conflicts.FileChanged:
        storage.shred(tmp)
        if aside is not None:
            os.unlink(aside)  # a second name of the file someone else wrote: only the name goes
        raise
    os.replace(tmp, path)
    storage._fsync_dir(path.parent if str(path.parent) else Path("."))
    if aside is not None:
        storage.shred(aside)
    key = storage.key_file_for(path)
    if key.is_file() and storage.is_encrypted(key):
        # The summary is a passphrase file: the old cycle's key is needed by nothing now, and
        # without it copies of the old cycle (backups, synced folders) no longer open either.
        storage.shred(key)
    return path


def finish_forget(path: str | Path) -> list[Path]:
    """Finish or undo a `cycle forget` that was killed half-way; returns the files removed.

    If the summary is in place, the old cycle's hidden name is shredded. If the
    old cycle is still in place (killed before the swap), the hidden extra name
    of the same file is only unlinked (shredding it would zero the cycle too)
    and the unused summary temp file is removed: the forget did not happen.
    """
    import os

    path = Path(path)
    tmp, aside = _forget_names(path)
    removed = []
    try:
        aside_exists = aside.is_file() and not aside.is_symlink()
        same = aside_exists and path.exists() and os.path.samefile(aside, path)
    except OSError:
        return removed
    if aside_exists:
        if same or not path.exists():
            if not path.exists():
                os.replace(aside, path)  # the summary never landed: the old cycle goes back to its name
            else:
                aside.unlink()
        else:
            storage.shred(aside)
            removed.append(aside)
    if tmp.is_file() and not tmp.is_symlink():
        storage.shred(tmp)
        removed.append(tmp)
    removed += storage.clean_stale_temps(tmp)  # the summary's own atomic write, killed half-way
    return removed


def entry_of(item: Audit | CycleSummary, content: Content) -> dict:
    """The history entry for a loaded file: re-scored with ``content`` if it is a full audit, recorded if a summary."""
    if isinstance(item, CycleSummary):
        return dict(item.summary)
    return summary_entry(item, content)


def timeline(items: Iterable[tuple[str, Audit | CycleSummary]], content: Content) -> list[dict]:
    """Every cycle of one group, oldest first, from files and the history they carry.

    A cycle that exists as a file (full audit or summary) wins over the entry
    another file carries for it; full audits are re-scored with ``content`` so
    their rows are comparable. Each row gets ``source``: the file name, or
    ``"history"`` for a recorded entry.
    """
    by_key: dict[Any, dict] = {}
    carried: dict[Any, dict] = {}

    def key(entry: dict) -> Any:
        return entry.get("cycle") if entry.get("cycle") is not None else ("date", entry.get("date", ""))

    # Oldest first, so the newest file's history wins where two files disagree.
    for name, item in sorted(items, key=lambda it: (cycle_number(it[1]), cycle_date(it[1]))):
        for h in history_of(item):
            carried[key(h)] = dict(h, source="history")
        entry = entry_of(item, content)
        entry["source"] = Path(name).name
        entry["summary_only"] = isinstance(item, CycleSummary)
        by_key[key(entry)] = entry
    for k, entry in carried.items():
        by_key.setdefault(k, entry)
    return sorted(by_key.values(), key=lambda e: (e.get("cycle") or 0, e.get("date") or ""))


def previous_cycle_file(audit: Audit, *folders: Path) -> Path | None:
    """Last cycle's file (``cycle.previous``, a file name) in the first of ``folders`` that has it, else None."""
    name = audit.cycle.get("previous")
    if not name:
        return None
    for folder in folders:
        candidate = Path(folder) / Path(str(name)).name
        if candidate.is_file():
            return candidate
    return None
