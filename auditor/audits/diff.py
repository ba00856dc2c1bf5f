"""Compare two audits of the same group: what improved, what got worse, what is still open.

Both audits are scored with the same (current) rules, so a change in score is
a change in the group's practice, not in the rules. When the two audits were
saved under different rules, the comparison says so and names the rules that
were added, removed or changed, if the files recorded them.

Findings are matched by rule id and tool id: *new* (only in the new audit),
*resolved* (only in the old one), *regressed* (more points than before, e.g.
because an amplifier now applies), *reduced* (fewer points) and *unchanged*.
Plan items agreed in the old audit are *carried out* when their answer changes
are now in effect or the findings they addressed are gone.

Each threat's score change is split in two: *newly answered* (questions that
were unanswered or "don't know" last cycle and are answered now; finding out
is not a change of practice) and *changed practice* (everything else: answers
that changed, tools added or removed).

``compare`` returns one typed ``CycleDiff``; `auditor diff` prints it (text or
``to_dict()`` as JSON) and the app's cycle screen shows it, so both show the
same numbers from the same computation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from auditor.audits.actions import tracked
from auditor.audits.model import Audit, effective_answers, questions_for, tool_category
from auditor.audits.cycles import CycleSummary, compare_records, cycle_date, cycle_number, finding_count, ruleset_record
from auditor.content.model import UNKNOWN, Content, ProposalTemplate
from auditor.engine.proposals import GROUP, TOGETHER, templates_of
from auditor.engine.records import keeps_earlier_versions
from auditor.engine.scoring import ScoreResult, score
from auditor.i18n import _

NEW, RESOLVED, REGRESSED, REDUCED, UNCHANGED = "new", "resolved", "regressed", "reduced", "unchanged"
FINDING_STATES = (NEW, RESOLVED, REGRESSED, REDUCED, UNCHANGED)

DONE, RESOLVED_OTHERWISE, TOOL_REMOVED, OPEN, UNKNOWN_PROPOSAL = "done", "finding_resolved", "tool_removed", "open", "unknown_proposal"
PLAN_LABELS = {
    DONE: "carried out",
    RESOLVED_OTHERWISE: "carried out (the finding it addressed is gone)",
    TOOL_REMOVED: "tool removed",
    OPEN: "still open",
    UNKNOWN_PROPOSAL: "no longer in the rules",
}


@dataclass(frozen=True)
class Side:
    """One of the two files compared."""

    file: str
    kind: str  # "audit" or "audit-summary"
    title: str
    cycle: int
    date: str
    tools: int | None


@dataclass(frozen=True)
class ThreatChange:
    """One threat's score before and now; ``change`` = ``practice`` + ``answered`` (None for a summary)."""

    threat: str
    title: str
    old: int | None
    new: int | None
    change: int | None
    direction: str
    old_points: float | None
    new_points: float | None
    practice: int | None  # from changed answers and tools added or removed
    answered: int | None  # from questions unanswered or "don't know" last cycle, answered now


@dataclass(frozen=True)
class FindingChange:
    """A finding (rule, tool) and how it moved: one of FINDING_STATES."""

    state: str
    rule: str
    tool: str | None
    tool_name: str
    title: str
    threats: list[str]
    old_points: float | None
    new_points: float | None
    uncertain: bool
    tool_removed: bool


@dataclass(frozen=True)
class PlanOutcome:
    """A plan item agreed (or tracked) last cycle, and what became of it."""

    key: str
    id: str
    tool: str | None
    tool_name: str
    title: str
    rules: list[str]
    status: str  # DONE, RESOLVED_OTHERWISE, TOOL_REMOVED, OPEN, UNKNOWN_PROPOSAL
    status_label: str
    carried_out: bool
    still_agreed: bool
    action: dict | None  # the tracked action (status, role, due, reason), newest first


@dataclass
class CycleDiff:
    """Two cycles compared: what `auditor diff` prints and the app's cycle screen shows."""

    old: Side
    new: Side
    ruleset: dict
    threats: dict[str, ThreatChange]
    findings_count: dict[str, int | None]  # {"old": n, "new": n}
    summary_only: bool
    findings: dict[str, list[FindingChange]] = field(default_factory=lambda: {s: [] for s in FINDING_STATES})
    tools_added: list[dict] = field(default_factory=list)
    tools_removed: list[dict] = field(default_factory=list)
    plan: list[PlanOutcome] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=lambda: {"newly_answered": 0, "changed": 0})
    # Details a tool no longer takes in that its earlier versions (version history, trash) may still hold:
    # the new answers no longer name them, so nothing else would.
    still_in_history: list[dict] = field(default_factory=list)

    def count(self, state: str) -> int:
        return len(self.findings[state])

    @property
    def carried_out(self) -> int:
        return sum(1 for p in self.plan if p.carried_out)

    def to_dict(self) -> dict:
        """The shape of `auditor diff --json`."""
        def plain(obj: Any, drop: tuple[str, ...] = ()) -> dict:
            return {k: copy.deepcopy(v) for k, v in vars(obj).items() if k not in drop}

        return {
            "old": plain(self.old),
            "new": plain(self.new),
            "ruleset": copy.deepcopy(self.ruleset),
            "threats": {t: plain(c, ("threat",)) for t, c in self.threats.items()},
            "counts": {"findings": dict(self.findings_count), "tools": {"old": self.old.tools, "new": self.new.tools}},
            "summary_only": self.summary_only,
            "findings": {s: [plain(f, ("state",)) for f in items] for s, items in self.findings.items()},
            "tools": {"added": copy.deepcopy(self.tools_added), "removed": copy.deepcopy(self.tools_removed)},
            "plan": [plain(p) for p in self.plan],
            "answers": dict(self.answers),
            "still_in_history": copy.deepcopy(self.still_in_history),
        }


def _side(item: Audit | CycleSummary, source: str) -> Side:
    return Side(
        file=source,
        kind="audit-summary" if isinstance(item, CycleSummary) else "audit",
        title=item.title,
        cycle=cycle_number(item),
        date=cycle_date(item),
        tools=len(item.tools) if isinstance(item, Audit) else item.summary.get("tools"),
    )


def _recorded(item: Audit | CycleSummary, content: Content) -> tuple[dict, bool]:
    """The ruleset the file was last saved (or summarized) with, and whether it said so."""
    if isinstance(item, CycleSummary):
        rec = item.summary.get("ruleset")
    else:
        rec = item.extra.get("ruleset")
    if isinstance(rec, dict) and rec.get("fingerprint"):
        return rec, True
    return ruleset_record(content), False


def _grouped(result: ScoreResult) -> dict[tuple[str, str | None], dict]:
    out: dict[tuple[str, str | None], dict] = {}
    for f in result.findings:
        out[(f.rule, f.tool)] = {"points": f.total, "threats": list(f.weight), "uncertain": f.uncertain}
    return out


def _tool_name(tool_id: str | None, *audits: Audit) -> str:
    if tool_id is None:
        return "the group as a whole"
    for audit in audits:
        for t in audit.tools:
            if t.id == tool_id:
                return t.name
    return tool_id


def _in_effect(audit: Audit, tool_id: str | None, template: ProposalTemplate, content: Content) -> bool:
    """Whether every change of a proposal already holds in ``audit`` (nothing would change by applying it)."""
    tool = audit.tool(tool_id) if tool_id is not None else None
    for change in template.changes:
        if change.switch_to:
            if tool is None or tool.catalog != change.switch_to:
                return False
            continue
        q = content.questions[change.answer]
        if q.scope == "profile":
            current = audit.profile.get(q.id, UNKNOWN)
        elif tool is None:
            return False
        else:
            current = effective_answers(tool, content).get(q.id, UNKNOWN)
        if current == UNKNOWN or current is None:
            return False
        if change.remove:
            if not isinstance(current, list) or set(current) & set(change.remove):
                return False
        elif q.rank(current) > q.rank(change.set):
            return False
    return True


def _plan(old: Audit, new: Audit, old_result: ScoreResult, new_result: ScoreResult, content: Content) -> list[PlanOutcome]:
    new_tools = {t.id for t in new.tools}
    old_found = {(f.rule, f.tool) for f in old_result.findings}
    new_found = {(f.rule, f.tool) for f in new_result.findings}
    out = []
    for key in dict.fromkeys(list(old.agreed) + list(old.actions)):
        scope, _, pid = key.partition(":")
        tool_id = None if scope == GROUP else scope
        # A plan item is one proposal or two carried out together ("a+b").
        templates = templates_of(pid, content)
        rules = list(dict.fromkeys(r for part in pid.split(TOGETHER) for r in content.proposal_rules.get(part, [])))
        addressed = {(r, tool_id) for r in rules} & old_found
        if templates is None:
            status = UNKNOWN_PROPOSAL
        elif tool_id is not None and tool_id not in new_tools:
            status = TOOL_REMOVED
        elif all(_in_effect(new, tool_id, t, content) for t in templates):
            status = DONE
        elif addressed and not (addressed & new_found):
            status = RESOLVED_OTHERWISE
        else:
            status = OPEN
        out.append(PlanOutcome(
            key=key,
            id=pid,
            tool=tool_id,
            tool_name=_tool_name(tool_id, new, old),
            title="; ".join(t.title for t in templates) if templates else pid,
            rules=list(rules),
            status=status,
            status_label=PLAN_LABELS[status],
            carried_out=status in (DONE, RESOLVED_OTHERWISE),
            still_agreed=key in new.agreed,
            # The tracked action (role, due date, status) as the newer audit has it, else as the older one had it.
            action=tracked(new, key) or tracked(old, key),
        ))
    return out


def _known(value: Any) -> bool:
    return value is not None and value != UNKNOWN


def answered_since(old: Audit, new: Audit, content: Content) -> tuple[Audit, dict[str, int]]:
    """``old`` with the answers it did not know filled in from ``new``, and how many answers moved.

    The score of that in-between audit separates finding out (a question
    unanswered or "don't know" last cycle, answered now) from changing practice
    (an answer that changed, a tool added or removed). Only tools in both
    audits are filled in; a catalog default counts as known.
    """
    mid = copy.deepcopy(old)
    counts = {"newly_answered": 0, "changed": 0}

    def fill(before: dict, after: dict, target: dict, qids) -> None:
        for qid in qids:
            b, a = before.get(qid), after.get(qid)
            if not _known(a):
                if _known(b):
                    counts["changed"] += 1  # known then, not now: a change, not finding out
                continue
            if not _known(b):
                target[qid] = copy.deepcopy(a)
                counts["newly_answered"] += 1
            elif a != b:
                counts["changed"] += 1

    fill(old.profile, new.profile, mid.profile, [q.id for q in content.profile_questions])
    new_tools = {t.id: t for t in new.tools}
    for tool in mid.tools:
        other = new_tools.get(tool.id)
        if other is None:
            continue
        before, after = effective_answers(tool, content), effective_answers(other, content)
        qids = dict.fromkeys([q.id for q in questions_for(tool, content)] + [q.id for q in questions_for(other, content)])
        fill(before, after, tool.answers, qids)
    return mid, counts


def _ruleset_section(old: Audit | CycleSummary, new: Audit | CycleSummary, content: Content) -> dict:
    old_rec, old_known = _recorded(old, content)
    new_rec, new_known = _recorded(new, content)
    used = ruleset_record(content)
    cmp = compare_records(old_rec, new_rec)
    notes = []
    if not old_known or not new_known:
        which = " and ".join(n for n, k in (("the old audit", old_known), ("the new audit", new_known)) if not k)
        notes.append(f"{which[0].upper()}{which[1:]} did not record its rules; assumed the current ones.")
    if not cmp["same"]:
        if cmp["known"]:
            parts = [f"{label}: {_ids(ids)}" for label, ids in (("added", cmp["added"]), ("removed", cmp["removed"]), ("changed", cmp["changed"])) if ids]
            notes.append("The two audits were saved under different rules (" + ("; ".join(parts) or "same rule ids, other content changed") + ").")
        else:
            notes.append("The two audits were saved under different rules; the files do not record which rules changed.")
    stale = [n for n, rec, known in (("old", old_rec, old_known), ("new", new_rec, new_known)) if known and rec.get("fingerprint") != used["fingerprint"]]
    if stale:
        cmp_now = compare_records(new_rec if "new" in stale else old_rec, used)
        changed = ""
        if cmp_now["known"] and cmp["same"]:
            parts = [f"{label}: {_ids(ids)}" for label, ids in (("added", cmp_now["added"]), ("removed", cmp_now["removed"]), ("changed", cmp_now["changed"])) if ids]
            changed = " (since the " + stale[-1] + " audit was saved: " + ("; ".join(parts) or "rule ids and conditions unchanged") + ")"
        notes.append(f"The rules or checklists have changed since the {' and '.join(stale)} audit{'s were' if len(stale) > 1 else ' was'} saved{changed}; both are re-scored with the current rules.")
    summaries = [n for n, s in (("old", old), ("new", new)) if isinstance(s, CycleSummary)]
    if summaries:
        notes.append(
            "The " + " and ".join(summaries) + " file is a summary only: its scores are as recorded (ruleset "
            + ", ".join(f"{k} {v}" for k, v in ((old_rec if summaries[0] == "old" else new_rec).get("rulesets") or {}).items())
            + "); findings, tools and plan cannot be compared."
        )
        scored_with = "the current rules for full audits; recorded scores for summaries"
    else:
        scored_with = "the current rules, for both audits"
    return {
        "used": {"fingerprint": used["fingerprint"], "rulesets": used["rulesets"]},
        "scored_with": scored_with,
        "recorded": {"old": {k: old_rec.get(k) for k in ("fingerprint", "rulesets")}, "new": {k: new_rec.get(k) for k in ("fingerprint", "rulesets")}},
        "same": cmp["same"],
        "rules_known": cmp["known"],
        "rules_added": cmp["added"],
        "rules_removed": cmp["removed"],
        "rules_changed": cmp["changed"],
        "notes": notes,
    }


def _ids(ids: list[str], limit: int = 10) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _direction(change: float) -> str:
    return "worse" if change > 0 else "better" if change < 0 else "same"


def compare(
    old: Audit | CycleSummary,
    new: Audit | CycleSummary,
    content: Content,
    *,
    old_file: str = "",
    new_file: str = "",
    new_result: ScoreResult | None = None,
) -> CycleDiff:
    """The comparison of two cycles. ``new_result``: the new audit's score if already computed (the app's cached one)."""
    results: dict[str, ScoreResult] = {}
    entries: dict[str, dict] = {}
    for name, item in (("old", old), ("new", new)):
        if isinstance(item, CycleSummary):
            entries[name] = {"scores": dict(item.summary.get("scores") or {}), "points": dict(item.summary.get("points") or {}), "findings": item.summary.get("findings")}
        else:
            results[name] = new_result if name == "new" and new_result is not None else score(item, content)
            r = results[name]
            entries[name] = {"scores": dict(r.scores), "points": dict(r.points), "findings": finding_count(r)}
    summary_only = len(results) < 2
    mid_scores: dict[str, int] = {}
    answers = {"newly_answered": 0, "changed": 0}
    if not summary_only:
        assert isinstance(old, Audit) and isinstance(new, Audit)
        mid, answers = answered_since(old, new, content)
        mid_scores = dict(score(mid, content).scores)
    threats = list(content.threats) + [t for n in ("old", "new") for t in entries[n]["scores"] if t not in content.threats]
    changes = {}
    for t in dict.fromkeys(threats):
        o, n = entries["old"]["scores"].get(t), entries["new"]["scores"].get(t)
        change = None if o is None or n is None else n - o
        m = mid_scores.get(t)
        changes[t] = ThreatChange(
            threat=t,
            title=content.threats[t].title if t in content.threats else t,
            old=o,
            new=n,
            change=change,
            direction=_direction(change) if change is not None else "unknown",
            old_points=entries["old"]["points"].get(t),
            new_points=entries["new"]["points"].get(t),
            practice=None if m is None or n is None else n - m,
            answered=None if m is None or o is None else m - o,
        )
    out = CycleDiff(
        old=_side(old, old_file),
        new=_side(new, new_file),
        ruleset=_ruleset_section(old, new, content),
        threats=changes,
        findings_count={"old": entries["old"]["findings"], "new": entries["new"]["findings"]},
        summary_only=summary_only,
        answers=answers,
    )
    if summary_only:
        return out
    assert isinstance(old, Audit) and isinstance(new, Audit)
    before, after = _grouped(results["old"]), _grouped(results["new"])
    new_ids = {t.id for t in new.tools}
    for key in list(before) + [k for k in after if k not in before]:
        rule_id, tool_id = key
        b, a = before.get(key), after.get(key)
        if b is None:
            state = NEW
        elif a is None:
            state = RESOLVED
        elif a["points"] > b["points"] + 1e-9:
            state = REGRESSED
        elif a["points"] < b["points"] - 1e-9:
            state = REDUCED
        else:
            state = UNCHANGED
        out.findings[state].append(FindingChange(
            state=state,
            rule=rule_id,
            tool=tool_id,
            tool_name=_tool_name(tool_id, new, old),
            title=content.rule(rule_id).title,
            threats=(a or b)["threats"],
            old_points=b["points"] if b else None,
            new_points=a["points"] if a else None,
            uncertain=(a or b)["uncertain"],
            tool_removed=state == RESOLVED and tool_id is not None and tool_id not in new_ids,
        ))
    old_ids = {t.id for t in old.tools}
    out.tools_added = [{"id": t.id, "name": t.name} for t in new.tools if t.id not in old_ids]
    out.tools_removed = [{"id": t.id, "name": t.name} for t in old.tools if t.id not in new_ids]
    out.plan = _plan(old, new, results["old"], results["new"], content)
    out.still_in_history = _still_in_history(old, new, content)
    return out


def _still_in_history(old: Audit, new: Audit, content: Content) -> list[dict]:
    """Kinds of data each tool took in last cycle and no longer does, where its earlier versions may keep them."""
    kinds_q = content.questions.get("data_kinds")
    before = {t.id: effective_answers(t, content).get("data_kinds") for t in old.tools}
    out = []
    for tool in new.tools:
        answers = effective_answers(tool, content)
        was, now = before.get(tool.id), answers.get("data_kinds")
        if kinds_q is None or not isinstance(was, list) or not isinstance(now, list):
            continue
        if not keeps_earlier_versions(answers, tool_category(tool, content), content.questions):
            continue
        gone = [k for k in was if k not in now]
        if gone:
            out.append({"tool": tool.id, "tool_name": tool.name, "kinds": gone, "labels": [kinds_q.label_of([k]) for k in gone]})
    return out


def diff(old: Audit | CycleSummary, new: Audit | CycleSummary, content: Content, *, old_file: str = "", new_file: str = "") -> dict:
    """The comparison of two cycles as plain data (the shape of `auditor diff --json`)."""
    return compare(old, new, content, old_file=old_file, new_file=new_file).to_dict()


# -- text -------------------------------------------------------------------------


def _signed(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{v:+g}" if v else "0"


def diff_text(result: CycleDiff | dict) -> str:
    from tabulate import tabulate

    from auditor.textout import num  # points as people read them: one decimal at most

    data = result.to_dict() if isinstance(result, CycleDiff) else result

    def label(side: dict) -> str:
        name = side["file"] or side["title"] or "audit"
        extra = f"cycle {side['cycle']}" + (f", {side['date']}" if side["date"] else "")
        return f"{name} ({extra}{', summary only' if side['kind'] == 'audit-summary' else ''})"

    lines = [_("Comparing {old}").format(old=label(data['old'])), _("     with {new}").format(new=label(data['new']))]
    rs = data["ruleset"]
    versions = ", ".join(f"{k} {v}" for k, v in rs["used"]["rulesets"].items())
    lines.append(_("Scored with {scored_with}: {versions} [fingerprint {fingerprint}]").format(scored_with=rs['scored_with'], versions=versions, fingerprint=rs['used']['fingerprint']))
    lines += rs["notes"]
    lines.append("")
    rows = []
    for t in data["threats"].values():
        rows.append([
            t["title"], "-" if t["old"] is None else t["old"], "-" if t["new"] is None else t["new"], _signed(t["change"]), t["direction"],
            _signed(t.get("practice")), _signed(t.get("answered")),
        ])
    lines.append(tabulate(rows, headers=[_("Threat"), _("Before"), _("Now"), _("Change"), "", _("Practice"), _("Answered")], tablefmt="simple"))
    c = data["counts"]
    lines.append(_("Findings: {old} -> {new}.  Tools: {old2} -> {new2}.  Lower scores are better.").format(old=c['findings']['old'], new=c['findings']['new'], old2=c['tools']['old'], new2=c['tools']['new']))
    if not data["summary_only"]:
        a = data.get("answers") or {}
        lines.append(
            _("Change = practice (answers changed: {get}; tools added or removed) + answered (questions answered now that were unanswered or \"don't know\": {get2}).").format(get=a.get('changed', 0), get2=a.get('newly_answered', 0))
        )
    if data["summary_only"]:
        return "\n".join(lines)
    f = data["findings"]
    lines.append("")
    headings = (
        (NEW, _("New findings")),
        (REGRESSED, _("Got worse (more points than before)")),
        (RESOLVED, _("Resolved")),
        (REDUCED, _("Weighs less than before")),
        (UNCHANGED, _("Still open")),
    )
    for state, heading in headings:
        items = f[state]
        lines.append(f"{heading} ({len(items)})")
        if items:
            rows = []
            for x in items:
                old, new = x["old_points"], x["new_points"]
                pts = f"{num(old)} -> {num(new)}" if old is not None and new is not None else num(new if new is not None else old)
                where = x["tool_name"] + (_(" (tool removed)") if x["tool_removed"] else "")
                rows.append([x["rule"], where, x["title"], pts])
            lines.append(tabulate(rows, headers=[_("Rule"), _("Where"), _("Finding"), _("Points")], tablefmt="simple", maxcolwidths=[None, 30, 50, None], disable_numparse=True))
        lines.append("")
    plan = data["plan"]
    done = sum(1 for p in plan if p["carried_out"])
    lines.append(_("Plan agreed last cycle: {done} of {n_plan} carried out").format(done=done, n_plan=len(plan)))
    if plan:
        from auditor.reports.text import action_text  # the one wording of a tracked action

        rows = [[p["tool_name"], p["title"], p["status_label"], action_text(p["action"]) if p.get("action") else "-"]
                for p in plan]
        lines.append(tabulate(rows, headers=[_("Where"), _("Change"), _("Status"), _("Tracked")], tablefmt="simple", maxcolwidths=[30, 50, None, None]))
    lines.append("")
    for x in data.get("still_in_history") or []:
        lines.append(_("No longer taken in, but earlier versions (version history, trash) may still hold it until a clean copy: {tool}: {kinds}").format(
            tool=x["tool_name"], kinds="; ".join(x["labels"])))
    if data.get("still_in_history"):
        lines.append("")
    t = data["tools"]
    lines.append(_("Tools added: ") + (", ".join(x["name"] for x in t["added"]) or _("none")))
    lines.append(_("Tools removed: ") + (", ".join(x["name"] for x in t["removed"]) or _("none")))
    return "\n".join(lines)
