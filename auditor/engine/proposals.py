"""Data-minimization proposals: computed, not asserted.

A proposal is a change to answers (stop recording; keep 7 days instead of
forever; 5 people instead of 40). Its value is measured: apply the change,
re-score, subtract. Changes only ever lower exposure: ``set`` lowers an answer
to at most the given level and ``remove`` drops items from what is collected,
so a proposal can never add data collection.

A proposal is offered only where it can be carried out: its ``offered_when``
condition (tool categories, catalog capabilities, what the tool is for) must
be true, never merely unknown. Proposals that make the same changes to the same
tool are one plan item. Ranking: points removed per unit of effort; within a
band of near-equal value, collect less / keep less / fewer people come before
settings, and settings before switching tools (BRIEF principle 4).

Measuring re-scores only what a proposal touches: tool rules see one tool and
the profile, so every tool-level candidate is scored in one batch (one
population of changed tools); only changes to group answers re-score the group.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Iterable

from auditor.audits.model import Audit, Tool, effective_answers, tool_category
from auditor.i18n import N_, _
from auditor.content.model import EFFORT_COST, KIND_ORDER, UNKNOWN, Change, Content, ProposalTemplate
from auditor.engine.conditions import All, Population, leaves
from auditor.engine.records import AGES_OUT, HISTORY_OUTLIVES_DELETION, keeps_earlier_versions, kept_for
from auditor.engine.scoring import ScoreResult, _lookup, score, score_population, tool_population
from auditor.engine.unknowns import find_out_wording, starts_unknown

GROUP = "group"
# Values within this ratio of each other rank as a tie, broken by kind (collect less first).
BAND = 1.25


@dataclass(frozen=True)
class AnswerChange:
    question: str
    before: Any
    after: Any
    tool: str | None  # None: a profile answer


@dataclass(frozen=True)
class Proposal:
    key: str  # "<tool id or 'group'>:<proposal id>", stable across re-scoring; saved in the plan
    id: str
    tool: str | None
    title: str
    detail: str
    kind: str
    effort: str
    rules: tuple[str, ...]
    changes: tuple[AnswerChange, ...]
    reduction: dict[str, float]  # points removed per threat (measured)
    also: tuple[str, ...] = ()  # ids of other proposals that make exactly these changes (merged)
    # Measured once every item of the first part of the plan is done: it only helps after them.
    after_first: bool = False
    deletes: bool = False  # carrying it out deletes something already kept: legal hold comes first
    # Offered, never counted as done (``done_keys``): the item starts from a "don't know" (find out first; its
    # ``reduction`` is what it would remove if the answer turns out to be the risky one), or the sources do not
    # show that the group controls the record it changes (check first).
    check_first: bool = False
    # Keys of the plan items it waits for (an ``after_first`` item counts only once these are done).
    needs: tuple[str, ...] = ()
    # Collect less that lowers no score yet: what is already written stays (trainer's N3). Listed, never credited.
    advice: bool = False

    @property
    def total(self) -> float:
        return round(sum(self.reduction.values()), 6)

    @property
    def value(self) -> float:
        return self.total / EFFORT_COST[self.effort]


def _lowered(q, current: Any, target: Any) -> Any:
    """``current`` lowered to at most ``target``; never raised."""
    if current == UNKNOWN or current is None:
        return target
    return target if q.rank(target) < q.rank(current) else current


def _apply_one(profile: dict, tool: Tool | None, change: Change, content: Content, effective: dict | None = None, deletes: bool = False) -> list[AnswerChange]:
    """Apply one change in place (to ``profile`` or ``tool``); return what actually changed.

    ``effective`` is the tool's effective answers, kept in step with the change (computed if not given).
    """
    if change.switch_to:
        assert tool is not None
        if tool.catalog == change.switch_to:
            return []
        before = tool.catalog or tool.name
        old = effective if effective is not None else effective_answers(tool, content)
        practices = {k: old[k] for k, q in content.questions.items() if q.carries_over and old.get(k, UNKNOWN) != UNKNOWN}
        tool.catalog = change.switch_to
        tool.category = None
        # Overrides of catalog facts described the old tool; practices stay.
        tool.answers = {k: v for k, v in tool.answers.items() if not content.questions[k].catalog_fact}
        tool.still_written = tool.earlier_versions = ()  # the old tool's records go with it, as with every switch
        _carry_practices(tool, practices, content)
        if effective is not None:
            effective.clear()
            effective.update(effective_answers(tool, content))
        return [AnswerChange("catalog", before, change.switch_to, tool.id)]
    q = content.questions[change.answer]
    if q.scope == "profile":
        answers, current, tool_id = profile, profile.get(q.id, UNKNOWN), None
    else:
        assert tool is not None
        if effective is None:
            effective = effective_answers(tool, content)
        answers, current, tool_id = tool.answers, effective.get(q.id, UNKNOWN), tool.id
    if change.remove and q.id == "data_kinds" and tool is not None:
        return _stop_kinds(tool, change, current, effective, content, deletes)
    if change.remove:
        if not isinstance(current, list):
            return []  # "don't know" minus something is still "don't know"
        new = [v for v in current if v not in change.remove]
    else:
        new = _lowered(q, current, change.set)
    if new == current and not (isinstance(current, list) and type(current) is not list):
        return []
    made = AnswerChange(q.id, list(current) if isinstance(current, list) else current, list(new) if isinstance(new, list) else new, tool_id)
    if q.id == "version_history" and new == "no" and tool is not None:
        _settle(tool, effective, content, cleared=True)  # the clean copy: the old file goes, with what it held
        tool.earlier_versions = ()
    answers[q.id] = list(new) if isinstance(new, list) else new
    if effective is not None and q.scope != "profile":
        effective[q.id] = answers[q.id]
    return [made]


def _carry_practices(tool: Tool, practices: dict[str, Any], content: Content) -> None:
    """A move keeps how the group keeps things (delete after a week, disappearing messages on) where the new
    tool is asked about it, never longer than the new tool's own default: an earlier item is not undone."""
    defaults = effective_answers(tool, content)
    category = tool_category(tool, content)
    for qid, value in practices.items():
        q = content.questions[qid]
        if not q.asked_for(category):
            continue
        kept = _lowered(q, defaults.get(qid, UNKNOWN), value)
        if kept != defaults.get(qid, UNKNOWN):
            tool.answers[qid] = kept


def _stop_kinds(tool: Tool, change: Change, current: Any, effective: dict, content: Content, deletes: bool) -> list[AnswerChange]:
    """Stop collecting some kinds of data on a tool.

    The answer ``data_kinds`` is what the records hold. Stopping a kind deletes nothing already written: it stays
    in the answer (``tool.still_written``) until the records are kept only days or cleared whole (``_settle``).
    A change whose content says it deletes (``deletes``) removes its own kinds from the records at once, kinds
    stopped earlier included; deleted from a sheet, base or form they stay in its earlier versions."""
    if not isinstance(current, list):
        return []  # "don't know" minus something is still "don't know"
    if type(current) is not list:
        # A catalog list its sources do not show complete: the group's answer closes it (nothing known to keep).
        return _write_kinds(tool, effective, current, [k for k in current if k not in change.remove])
    goes_in = [k for k in current if k not in tool.still_written]  # what is still being written
    stopped = [k for k in goes_in if k in change.remove]
    if not deletes and not _ages_out(tool, effective, content):
        if not stopped:
            return []
        tool.still_written = tool.still_written + tuple(stopped)
        return [AnswerChange("data_kinds", goes_in, [k for k in goes_in if k not in stopped], tool.id)]
    gone = [k for k in current if k in change.remove]
    if not gone:
        return []
    tool.still_written = tuple(k for k in tool.still_written if k not in gone)
    _into_history(tool, gone, effective, content)
    return _write_kinds(tool, effective, current, [k for k in current if k not in gone])


def _write_kinds(tool: Tool, effective: dict, current: list, kinds: list[str]) -> list[AnswerChange]:
    tool.answers["data_kinds"] = effective["data_kinds"] = kinds
    return [AnswerChange("data_kinds", list(current), list(kinds), tool.id)]


def _ages_out(tool: Tool, effective: dict, content: Content) -> bool:
    """Whether what is already written on the tool is gone within days (kept a week or less)."""
    return kept_for(effective, tool_category(tool, content), content.questions) in AGES_OUT


def _history_outlives_deletion(tool: Tool, effective: dict, content: Content) -> bool:
    """Whether details deleted from the tool stay in its earlier versions (a sheet's, base's or form's history)."""
    category = tool_category(tool, content)
    return category in HISTORY_OUTLIVES_DELETION and keeps_earlier_versions(effective, category, content.questions)


def _into_history(tool: Tool, kinds: list[str], effective: dict, content: Content) -> None:
    if _history_outlives_deletion(tool, effective, content):
        tool.earlier_versions = tool.earlier_versions + tuple(k for k in kinds if k not in tool.earlier_versions)


def _settle(tool: Tool, effective: dict, content: Content, cleared: bool) -> None:
    """What the group stopped writing leaves the records once all of them are cleared (a clean copy) or kept only
    days; deleted from a sheet, it stays in the sheet's earlier versions. A change that deletes some kinds, or
    other things (screenshots, a phone at hand-over), clears only those."""
    if not tool.still_written:
        return
    if not cleared and not _ages_out(tool, effective, content):
        return
    kinds = effective.get("data_kinds")
    if isinstance(kinds, list):
        tool.answers["data_kinds"] = effective["data_kinds"] = [k for k in kinds if k not in tool.still_written]
    _into_history(tool, list(tool.still_written), effective, content)
    tool.still_written = ()


# Two changes that only work together are one plan item, "a+b": each alone leaves the other rule holding the
# same exposure (first names only, yet kept for months), so alone each measures 0 and would never be proposed.
TOGETHER = "+"
PAIRS_PER_TOOL = 6  # a handful of zero-value changes per tool; pairs beyond these add nothing a group would do


def templates_of(pid: str, content: Content) -> list[ProposalTemplate] | None:
    """The templates a plan item id stands for (one, or two carried out together); None if any is unknown."""
    found = [content.proposals.get(part) for part in pid.split(TOGETHER)]
    return None if any(t is None for t in found) else found  # type: ignore[return-value]


def _copy_tool(tool: Tool) -> Tool:
    return replace(tool, answers=dict(tool.answers), carried_over=list(tool.carried_over))


def apply_template(profile: dict, tool: Tool | None, template: ProposalTemplate, content: Content, effective: dict | None = None) -> list[AnswerChange]:
    if tool is not None and effective is None:
        effective = effective_answers(tool, content)
    made: list[AnswerChange] = []
    for change in template.changes:
        # A keep-less change deletes what it removes (delete the recordings), whether or not its content says so.
        made += _apply_one(profile, tool, change, content, effective, template_deletes(template))
    if tool is not None:
        _settle(tool, effective, content, cleared=False)  # only keeping of a week or less clears everything stopped
    return made


def _profile_questions_read_by_tool_rules(content: Content) -> frozenset[str]:
    cached = content.__dict__.get("_tool_rule_profile_reads")
    if cached is None:
        reads = set()
        for rule in content.rules:
            if rule.scope != "tool":
                continue
            conds = [rule.when, rule.applies] + [a.when for a in rule.amplify]
            for cond in conds:
                for node, _ in leaves(cond):
                    q = getattr(node, "question", None)
                    if q in content.questions and content.questions[q].scope == "profile":
                        reads.add(q)
        cached = content.__dict__["_tool_rule_profile_reads"] = frozenset(reads)
    return cached


@dataclass
class _Candidate:
    tool_id: str | None
    templates: list[ProposalTemplate]
    rules: list[str]
    changes: list[AnswerChange]
    profile: dict | None  # the changed profile, when the change touches group answers
    tool: Tool | None  # the changed tool
    together: tuple[ProposalTemplate, ProposalTemplate] | None = None  # two changes that only work together
    check_first: bool = False  # whether the group controls the changed record is unknown


def _offered(result: ScoreResult, content: Content) -> dict[tuple[str | None, str], list[str]]:
    """(tool or None, proposal id) -> the rules that offer it there, where it can be carried out."""
    candidates: dict[tuple[str | None, str], list[str]] = {}
    for rule, tool_id in result.firing():
        if rule.residual:
            continue
        for p in rule.proposals:
            rules = candidates.setdefault((tool_id, p.id), [])
            if rule.id not in rules:
                rules.append(rule.id)
    # Feasibility: evaluate each proposal's offered_when over the tools it is offered on, in one pass.
    gated = {pid for (_, pid) in candidates if content.proposals[pid].offered_when is not None}
    if not gated:
        return candidates
    pops = result.populations()
    keep = {}
    for (tool_id, pid), rules in candidates.items():
        cond = content.proposals[pid].offered_when
        if cond is None:
            keep[(tool_id, pid)] = rules
            continue
        pop, index = pops[tool_id is None]
        t, _ = pop.evaluate(cond)
        if t >> index.get(tool_id, 0) & 1:
            keep[(tool_id, pid)] = rules
    return keep


def template_deletes(template: ProposalTemplate) -> bool:
    """Carrying it out deletes something already kept (its content says so, it keeps less, or it changes a
    deleting answer)."""
    return template.deletes or template.kind == "keep_less" or any(c.answer in DELETING_ANSWERS for c in template.changes)


def _controlling(template: ProposalTemplate, content: Content) -> tuple:
    """The control conditions of the records a change acts on: each tool answer it changes (deleting details
    already stored is ``data_kinds``' control; writing fewer from now on has none), and what is kept
    (``retention``) when it sets a keeping practice or leaves the old tool after a switch. A how-to that also
    clears a phone or shreds a page acts on the group's own records: no control."""
    deletes = template_deletes(template)
    # What goes into a record is the group's (no control); deleting what it already holds is gated.
    questions = {c.answer for c in template.changes if c.answer and content.questions[c.answer].scope == "tool"
                 and not (c.remove and c.answer == "data_kinds" and not deletes)}
    if deletes and any(c.switch_to or c.answer in DELETING_ANSWERS for c in template.changes):
        questions.add("retention")  # a keeping practice, or the old tool's records after a move
    return tuple(content.controls[q] for q in sorted(questions) if q in content.controls)


def _controlled(result: ScoreResult, content: Content, offered: dict[tuple[str | None, str], list[str]]) -> tuple[dict, frozenset]:
    """Keep the offered changes whose records the group controls; those where that is unknown are kept and
    returned apart (check first, never credited). Feasibility is the catalog's facts and the group's answers
    about each record's holder (checklists' ``controlled_when``), not a list of kinds of tool."""
    pops = result.populations()
    kept: dict[tuple[str | None, str], list[str]] = {}
    unsure = set()
    for (tool_id, pid), rules in offered.items():
        conds = _controlling(content.proposals[pid], content) if tool_id is not None else ()
        if conds:
            pop, index = pops[False]
            t, u = pop.evaluate(All(conds))
            bit = 1 << index.get(tool_id, 0)
            if not (t | u) & bit:
                continue
            if not t & bit:
                unsure.add((tool_id, pid))
        kept[(tool_id, pid)] = rules
    return kept, frozenset(unsure)


def _feasible(result: ScoreResult, content: Content) -> tuple[dict, frozenset]:
    return _controlled(result, content, _offered(result, content))


def _candidates(audit: Audit, content: Content, offered: dict[tuple[str | None, str], list[str]], unsure: frozenset = frozenset()) -> list[_Candidate]:
    """Every offered change (``_offered``), applied to a copy; the same change from several rules is one."""
    tool_by_id = {t.id: t for t in audit.tools}
    base_effective: dict[str, dict] = {}
    merged: dict[tuple, _Candidate] = {}
    for (tool_id, pid), rules in offered.items():
        template = content.proposals[pid]
        check = (tool_id, pid) in unsure
        profile = dict(audit.profile)
        tool = effective = None
        if tool_id is not None:
            tool = _copy_tool(tool_by_id[tool_id])
            if tool_id not in base_effective:
                base_effective[tool_id] = effective_answers(tool, content)
            effective = dict(base_effective[tool_id])
        made = apply_template(profile, tool, template, content, effective)
        if not made:
            continue
        touches_profile = any(c.tool is None for c in made)
        if all(c.tool is None for c in made):
            # A change to the group's own answers is one plan item, whichever tool's finding offered it.
            tool_id, tool = None, None
        # Same answers changed, and alike in whether what is already written is deleted too.
        key = (tool_id, tuple((c.question, c.tool, repr(c.after)) for c in made), template.deletes)
        cand = merged.get(key)
        if cand is None:
            merged[key] = _Candidate(tool_id, [template], list(rules), made, profile if touches_profile else None, tool, check_first=check)
        else:
            cand.templates.append(template)
            cand.rules += [r for r in rules if r not in cand.rules]
            cand.check_first = cand.check_first or check
    return list(merged.values())


def propose(audit: Audit, content: Content, result: ScoreResult | None = None) -> list[Proposal]:
    """Every feasible proposal attached to a finding, merged, measured and ranked best first.

    Then, once those are carried out, the changes that only help after them (keep it shorter, and then names
    out of it too): measured on the audit with the plan so far, ranked after it.
    """
    result = result or score(audit, content)
    offered, unsure = _feasible(result, content)
    cands = _candidates(audit, content, offered, unsure)
    reductions = _measure(audit, content, result, cands)
    zero_measured = [(c, r) for c, r in zip(cands, reductions) if sum(r.values()) <= 1e-9]
    zero = [c for c, _ in zero_measured]
    together = _pairs(audit, content, result, zero, {t.id: t for t in audit.tools})
    cands += together
    reductions += _measure(audit, content, result, together)
    first = _ranked(cands, reductions, content)
    if not first:
        return first
    # Only what measured nothing alone is measured again, and only where it was feasible as the group answered,
    # not made feasible by another plan item (negotiating totals with a funder does not make records a contract
    # requires deletable).
    waiting = {t.id for c in zero for t in c.templates}
    # Find-out-first items are taken as done here (the answer turned out "yes" and the group changed it), so what
    # counts only after them is still offered; projections never count them (``done_keys``).
    after = apply_plan(audit, [p.key for p in first], content)
    after_result = score(after, content)
    again_offered, again_unsure = _feasible(after_result, content)
    again = {k: rules for k, rules in again_offered.items() if k in offered and k[1] in waiting}
    later_cands = _candidates(after, content, again, again_unsure | (unsure & set(again)))
    reductions = _measure(after, content, after_result, later_cands)
    _depends_on_checks(audit, content, first, later_cands, reductions)
    done = _carried_keys(first)
    later = [replace(p, after_first=True, needs=_needs(audit, content, first, p))
             for p in _ranked(later_cands, reductions, content) if p.key not in done]
    plan = _known_first(_interleave(first, later))
    advice = _advice(later_cands, reductions, plan, content)
    return plan + advice + _sure_parts(zero_measured, plan + advice, content)


def _carried_keys(plan: Iterable[Proposal]) -> set[str]:
    """The plan keys its items carry out: each item's own, and those folded into it (``also``)."""
    return {k for p in plan for k in (p.key, *(f"{p.tool or GROUP}:{other}" for other in p.also))}


def _as_advice(p: Proposal, note: str, needs: tuple[str, ...] = ()) -> Proposal:
    """A collect-less item listed although it lowers no score yet, its note saying why."""
    return replace(p, advice=True, after_first=True, needs=needs or p.needs, detail=" ".join(x for x in (p.detail, note) if x))


def _known_first(plan: list[Proposal]) -> list[Proposal]:
    """Changes to known answers, in their order, then the find-out-first items: the top of the plan is real changes."""
    return [p for p in plan if not p.check_first] + [p for p in plan if p.check_first]


def done_keys(plan: Iterable[Proposal]) -> list[str]:
    """The keys of the items a projection counts as carried out: every item but the ones to find out or check first."""
    return [p.key for p in plan if not p.check_first]


def _depends_on_checks(audit: Audit, content: Content, first: list[Proposal], cands: list[_Candidate], reductions: list[dict[str, float]]) -> None:
    """A change that counts only after an item to check first is to check first too: measured once the first
    part is done, it removes nothing with only the confirmed items done (keep names out of records that a
    deletion the sources cannot confirm would clear)."""
    if not any(p.check_first for p in first):
        return
    sure = apply_plan(audit, [p.key for p in first if not p.check_first], content)
    offered = {(c.tool_id, t.id): list(c.rules) for c in cands for t in c.templates}
    sure_cands = _candidates(sure, content, offered)
    measured = _measure(sure, content, score(sure, content), sure_cands)
    removes = {(c.tool_id, t.id) for c, r in zip(sure_cands, measured) if sum(r.values()) > 1e-9 for t in c.templates}
    for c, r in zip(cands, reductions):
        if _from_now_on(_lead(c).kind, c.together is not None):
            continue  # what the group writes is the group's: the act is sure, only when it counts waits
        if sum(r.values()) > 1e-9 and not any((c.tool_id, t.id) in removes for t in c.templates):
            c.check_first = True


def _from_now_on(kind: str, together: bool) -> bool:
    """A change to what goes into a record (collect less, alone): the group can make it today on any tool it
    writes in, whoever holds what is already written. It counts in the score once that is cleared (its
    ``needs``), so it is never checked first for that, and it ranks before or after what clears it."""
    return kind == "collect_less" and not together


def _counts_after(audit: Audit, content: Content, keys: list[str], p: Proposal) -> bool:
    """Whether ``p`` lowers any score once the plan items ``keys`` are done."""
    before = score(apply_plan(audit, keys, content), content).points
    after = score(apply_plan(audit, keys + [p.key], content), content).points
    return sum(_points_removed(before[t], after[t]) for t in before) > 1e-9


def _needs(audit: Audit, content: Content, first: list[Proposal], p: Proposal) -> tuple[str, ...]:
    """The first-part items a later item waits for: as few as still make it count, in plan order.

    Only items on its own tool (and group items whose answers tool rules read) can make a tool's change count,
    so those are scored on the tool alone. Empty when they do not suffice: it waits for the plan above it."""
    reads = _profile_questions_read_by_tool_rules(content)
    if p.tool is None:
        scope, pool = audit, [q for q in first if q.tool is None]
    else:
        scope = replace(audit, tools=[t for t in audit.tools if t.id == p.tool])
        pool = [q for q in first if q.tool == p.tool or (q.tool is None and any(c.question in reads for c in q.changes))]
    # Items the group can surely do come first: an item that counts once they are done does not wait for one
    # that is still to be found out or checked (that one is listed apart, at the end).
    sure = [q for q in pool if not q.check_first]
    if _counts_after(scope, content, [q.key for q in sure], p):
        pool = sure
    keys = [q.key for q in pool]
    if not _counts_after(scope, content, keys, p):
        return ()
    for q in reversed(pool):
        trial = [k for k in keys if k != q.key]
        if _counts_after(scope, content, trial, p):
            keys = trial
    return tuple(keys)


def _interleave(first: list[Proposal], later: list[Proposal]) -> list[Proposal]:
    """One ranking of both parts, each later item placed no earlier than right after the items it waits for.

    A collect-less change that only counts once the records are kept a week ranks by what it removes then, not
    below every half-point item (issue 22, defect 5)."""
    placed: list[Proposal] = []
    seen: set[str] = set()
    waiting: list[Proposal] = []
    first_keys = {q.key for q in first}

    def ready(q: Proposal) -> bool:
        return all(k in seen for k in (q.needs or first_keys))

    def place(q: Proposal) -> None:
        placed.append(q)
        seen.add(q.key)

    for q in rank(first + later):
        # Stop writing it, then clear it (issue 22, defect 5).
        if q.after_first and not _from_now_on(q.kind, TOGETHER in q.id) and not ready(q):
            waiting.append(q)
            continue
        place(q)
        while True:
            free = next((w for w in waiting if ready(w)), None)
            if free is None:
                break
            waiting.remove(free)
            place(free)
    return placed + waiting


ADVICE_NOTE = N_("This does not lower the score yet: what is already written stays in the records until they can be cleared. Do it anyway: from now on nothing new is added.")


def _advice(cands: list[_Candidate], reductions: list[dict[str, float]], plan: list[Proposal], content: Content) -> list[Proposal]:
    """Collect-less changes that measure nothing even after the plan, because what is already written stays
    (kept for years, and the group may not clear it): advice that lowers no score yet (trainer's N3)."""
    out: list[Proposal] = []
    listed = _carried_keys(plan)
    for cand, reduction in zip(cands, reductions):
        if sum(reduction.values()) > 1e-9 or cand.tool is None or cand.together:
            continue
        if not (cand.tool.still_written or cand.tool.earlier_versions):
            continue  # it measured nothing because it removes nothing: no advice to give
        p = _proposal(cand, reduction, content)
        if p.kind != "collect_less" or p.key in listed or any(_covers(q, p, content) for q in plan + out):
            continue
        out.append(_as_advice(p, _(ADVICE_NOTE)))
    return out


SURE_PART_NOTE = N_("Do it now: from today it is no longer written. What is already written stays until {item} is done, and the score counts that item, not this one.")


def _sure_parts(zero: list[tuple[_Candidate, dict[str, float]]], plan: list[Proposal], content: Content) -> list[Proposal]:
    """Stopping a detail from today, where an item to check first would also delete what is written ("remove
    immigration status, and start a clean copy"): the stop is the group's to do now, so it is listed, as advice
    that waits for that item, instead of disappearing inside it (review 13)."""
    out: list[Proposal] = []
    listed = _carried_keys(plan)
    for cand, reduction in zero:
        if cand.tool is None or cand.together or cand.check_first or not _from_now_on(_lead(cand).kind, False):
            continue
        p = _proposal(cand, reduction, content)
        if p.key in listed or p.deletes:
            continue
        host = next((q for q in plan if q.check_first and q.tool == p.tool and _covers(q, p, content)), None)
        if host is None:
            continue
        out.append(_as_advice(p, _(SURE_PART_NOTE).format(item=f"“{host.title}”"), needs=(host.key,)))
        listed.add(p.key)
    return out


def _ranked(cands: list[_Candidate], reductions: list[dict[str, float]], content: Content) -> list[Proposal]:
    out = [_proposal(c, r, content) for c, r in zip(cands, reductions) if sum(r.values()) > 1e-9]
    return _fold_covered(rank(out), content)


def _lead(cand: _Candidate) -> ProposalTemplate:
    # The plainest wording of the same change leads: collect less before settings, and so on.
    return min(cand.templates, key=lambda t: (KIND_ORDER.index(t.kind), EFFORT_COST[t.effort], t.id))


STILL_WRITTEN_NOTE = N_("What is already written stays until it is cleared, or kept only days: the plan counts it as gone only then.")
EARLIER_VERSIONS_NOTE = N_("Version history and trash still hold what you stop writing, until you start a clean copy.")
DELETED_COPIES_NOTE = N_("Deleted copies stay with the provider for a while: {note}")


def _deleted_copies_note(cand: _Candidate, content: Content) -> str:
    """The catalog's sourced note on a deleting change where the provider keeps deleted copies (delete_clears
    "no"): the plan credits the deletion, and says what stays meanwhile (Google Voice: up to 90 days)."""
    tool = cand.tool
    if tool is None or not tool.catalog or not _deletes(cand.together or cand.templates, cand.changes):
        return ""
    entry = content.catalog.get(tool.catalog)
    fact = entry.capabilities.get("delete_clears") if entry is not None else None
    return fact.note if fact is not None and fact.value == "no" and fact.note else ""


DELETED_ROWS_NOTE = N_("Deleted rows stay in version history and trash: to clear those too, move what you still need to a fresh copy and delete the old file.")


def _detail(cand: _Candidate, content: Content, *details: str) -> str:
    """The item's how-to, and what the measurement leaves standing: details earlier versions still hold, and
    how long a provider keeps deleted copies where its sources say it does."""
    parts = [x for x in details if x]
    tool = cand.tool
    lingers = _deleted_copies_note(cand, content)
    if lingers:
        parts.append(_(DELETED_COPIES_NOTE).format(note=lingers))
    if tool is not None and tool.still_written:
        parts.append(_(STILL_WRITTEN_NOTE))
    elif tool is not None and tool.earlier_versions:
        parts.append(_(EARLIER_VERSIONS_NOTE))
    elif tool is not None and any(c.question in ("retention", "disappearing") for c in cand.changes) \
            and _history_outlives_deletion(tool, effective_answers(tool, content), content):
        parts.append(_(DELETED_ROWS_NOTE))  # a sheet cleared weekly keeps every deleted row in its history
    return " ".join(parts)


# Changing these answers deletes what is kept (retention, disappearing messages, call history, earlier versions);
# stopping a detail deletes nothing already written (only a template that says so: ``deletes``).
DELETING_ANSWERS = frozenset({"retention", "disappearing", "call_history", "version_history"})


def _deletes(templates, changes) -> bool:
    return any(template_deletes(t) for t in templates) or any(c.question in DELETING_ANSWERS for c in changes)


CHECK_FIRST_TITLE = N_("Check first: {title}")
CHECK_FIRST_NOTE = N_("Our sources do not show that the group can do this on this tool (or that it removes what the "
                      "provider keeps): check the tool's settings and policy first. The plan does not count it as done.")


def _checked(cand: _Candidate, title: str, detail: str) -> tuple[str, str]:
    """A change whose record the group may not control says so in its title and how-to."""
    if not cand.check_first:
        return title, detail
    return _(CHECK_FIRST_TITLE).format(title=title), " ".join(x for x in (_(CHECK_FIRST_NOTE), detail) if x)


def _category(cand: _Candidate, content: Content) -> str | None:
    """The kind of tool an item lands on, for its how-to."""
    return tool_category(cand.tool, content) if cand.tool is not None else None


def _proposal(cand: _Candidate, reduction: dict[str, float], content: Content) -> Proposal:
    deletes = _deletes(cand.together or cand.templates, cand.changes)
    unknown = starts_unknown(cand.changes)
    check_first = unknown or cand.check_first
    if cand.together:
        a, b = cand.together
        pid = f"{a.id}{TOGETHER}{b.id}"
        title = _("{first}, together with: {second}").format(first=a.title, second=b.title[:1].lower() + b.title[1:])
        kind = min((a.kind, b.kind), key=KIND_ORDER.index)
        effort = max((a.effort, b.effort), key=EFFORT_COST.__getitem__)
        category = _category(cand, content)
        title, detail = _worded(cand, content, unknown, title, _detail(cand, content, a.detail_for(category), b.detail_for(category)))
        return Proposal(f"{cand.tool_id}:{pid}", pid, cand.tool_id, title, detail, kind, effort,
                        tuple(cand.rules), tuple(cand.changes), reduction, deletes=deletes, check_first=check_first)
    lead = _lead(cand)
    others = tuple(t.id for t in cand.templates if t is not lead)
    key = f"{cand.tool_id or GROUP}:{lead.id}"
    title, detail = _worded(cand, content, unknown, lead.title, _detail(cand, content, lead.detail_for(_category(cand, content))))
    return Proposal(key, lead.id, cand.tool_id, title, detail, lead.kind, lead.effort, tuple(cand.rules),
                    tuple(cand.changes), reduction, others, deletes=deletes, check_first=check_first)


def _worded(cand: _Candidate, content: Content, unknown: bool, title: str, detail: str) -> tuple[str, str]:
    """A change from a "don't know" is worded as finding out first (``unknowns``); one whose record the group may
    not control, as checking first; any other as its content says."""
    if not unknown:
        return _checked(cand, title, detail)
    tool = cand.tool
    category = tool_category(tool, content) if tool is not None else None
    entry = content.catalog.get(tool.catalog) if tool is not None and tool.catalog else None
    return find_out_wording(title, detail, cand.changes, category, entry, content)


def _pairs(audit: Audit, content: Content, result: ScoreResult, zero: list[_Candidate], tools: dict[str, Tool]) -> list[_Candidate]:
    """Pairs of a tool's zero-value changes offered by different rules that count the same exposure there."""
    by_tool: dict[str, list[_Candidate]] = {}
    for c in zero:
        if c.profile is None and c.tool_id is not None:
            by_tool.setdefault(c.tool_id, []).append(c)
    exposure = {r.id: r.exposure for r in content.rules}
    out: list[_Candidate] = []
    for tool_id, group in by_tool.items():
        group = group[:PAIRS_PER_TOOL]
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                shared = {exposure[r] for r in a.rules} & {exposure[r] for r in b.rules}
                if not shared or set(a.rules) == set(b.rules):
                    continue
                ta, tb = _lead(a), _lead(b)
                tool, profile = _copy_tool(tools[tool_id]), dict(audit.profile)
                eff = effective_answers(tool, content)
                made = apply_template(profile, tool, ta, content, eff) + apply_template(profile, tool, tb, content, eff)
                rules = list(a.rules) + [r for r in b.rules if r not in a.rules]
                out.append(_Candidate(tool_id, [ta, tb], rules, made, None, tool, (ta, tb), a.check_first or b.check_first))
    return out


def _points_removed(before: float, after: float) -> float:
    """``before - after`` to six places; float noise from products of factors (1.5 x 1.25...) is 0, not -0.000001."""
    d = round(before - after, 6)
    return 0.0 if abs(d) <= 1e-6 else d


def _measure(audit: Audit, content: Content, result: ScoreResult, cands: list[_Candidate]) -> list[dict[str, float]]:
    threats = result.threats
    out: list[dict[str, float] | None] = [None] * len(cands)
    tool_rules = [r for r in content.rules if r.scope == "tool"]
    batch = [(i, c) for i, c in enumerate(cands) if c.profile is None]
    if batch:
        pop, _ = tool_population([c.tool for _, c in batch], audit.profile, content)
        rows = score_population(pop, [c.tool for _, c in batch], tool_rules).per_entity(threats)
        base = result.tool_points
        for (i, c), row in zip(batch, rows):
            out[i] = {t: _points_removed(base[c.tool_id][t], row[t]) for t in threats}
    reads = _profile_questions_read_by_tool_rules(content)
    for i, c in enumerate(cands):
        if c.profile is None:
            continue
        changed = Audit(profile=c.profile, tools=[c.tool if c.tool and t.id == c.tool.id else t for t in audit.tools])
        if c.tool is None and not any(ch.question in reads for ch in c.changes):
            group_rules = [r for r in content.rules if r.scope == "group"]
            pop = Population([{}], [None], c.profile, _lookup(content))
            after = score_population(pop, [None], group_rules).totals(threats)
            out[i] = {t: _points_removed(result.group_points[t], after[t]) for t in threats}
        else:
            after_points = score(changed, content).points
            out[i] = {t: _points_removed(result.points[t], after_points[t]) for t in threats}
    return out  # type: ignore[return-value]


def _covers(a: Proposal, b: Proposal, content: Content) -> bool:
    """Whether carrying out ``a`` also carries out every change of ``b`` (same tool, at least as far)."""
    if a.tool != b.tool:
        return False
    mine = {c.question: c.after for c in a.changes}
    for c in b.changes:
        if c.question not in mine:
            return False
        ours = mine[c.question]
        if c.question == "catalog":
            if ours != c.after:
                return False
        elif isinstance(c.after, list):
            if not isinstance(ours, list) or not set(ours) <= set(c.after):
                return False
        elif content.questions[c.question].rank(ours) > content.questions[c.question].rank(c.after):
            return False
    return True


def _fold_covered(ranked: list[Proposal], content: Content) -> list[Proposal]:
    """Drop an item that a higher-ranked item already carries out; the higher one lists it under ``also``.

    "Keep notes to what the response needs" removes everything "do not record children's details" does:
    once the first is done the second changes nothing, so the plan shows it once.
    """
    kept: list[Proposal] = []
    by_tool: dict[str | None, list[int]] = {}  # positions in ``kept``, per tool: a tool has a handful of items
    for p in ranked:
        host = next((i for i in by_tool.get(p.tool, ()) if _covers(kept[i], p, content)), None)
        if host is None:
            by_tool.setdefault(p.tool, []).append(len(kept))
            kept.append(p)
            continue
        k = kept[host]
        kept[host] = replace(k, also=k.also + (p.id,) + p.also, rules=k.rules + tuple(r for r in p.rules if r not in k.rules))
    return kept


def _band(value: float) -> int:
    return math.floor(math.log(value, BAND)) if value > 0 else -(10**9)


def rank(proposals: list[Proposal]) -> list[Proposal]:
    # On near ties, what the group can surely do comes before what it must check first.
    return sorted(proposals, key=lambda p: (-_band(p.value), p.check_first, KIND_ORDER.index(p.kind), -round(p.value, 6), -p.total, p.key))


def apply_plan(audit: Audit, keys: Iterable[str], content: Content) -> Audit:
    """The audit as it would be with the given plan items carried out (in order)."""
    profile = dict(audit.profile)
    tools = {t.id: _copy_tool(t) for t in audit.tools}
    for key in keys:
        scope, _, pid = key.partition(":")
        tool_id = None if scope == GROUP else scope
        if tool_id is not None and tool_id not in tools:
            continue
        templates = templates_of(pid, content)
        if templates is None:
            continue
        for template in templates:
            apply_template(profile, tools.get(tool_id) if tool_id else None, template, content)
    return replace(audit, profile=profile, tools=[tools[t.id] for t in audit.tools])


@dataclass(frozen=True)
class Step:
    """The audit once a plan item and every one above it is carried out."""

    points: dict[str, float]  # per threat
    cleared: frozenset[tuple[str, str | None]]  # (rule, tool or None) findings this step makes go away
    # Findings this step brings back or adds: a switch of tool resets the old tool's settings.
    appeared: frozenset[tuple[str, str | None]] = frozenset()


def running_projection(audit: Audit, plan: list[Proposal], content: Content, result: ScoreResult) -> list[Step]:
    """Points per threat after each plan item, carried out in plan order (cumulative), and the findings each
    step clears: measured by re-scoring, so a change clears whatever it clears, not only the rules that offer it.

    Tool items between two group items are scored in one batch: each plan item
    is one entity, the tool as it is once every earlier item on it is done.
    A group item re-scores the group alone, unless it changes a profile answer
    that tool rules read (then the whole audit, once).
    """
    threats = result.threats
    tool_rules = [r for r in content.rules if r.scope == "tool"]
    group_rules = [r for r in content.rules if r.scope == "group"]
    reads = _profile_questions_read_by_tool_rules(content)
    out: list[Step] = []
    firing: dict[str | None, set[str]] = {}
    for rule, tool_id in result.firing():
        firing.setdefault(tool_id, set()).add(rule.id)
    group_points = dict(result.group_points)
    tool_points = {tid: dict(p) for tid, p in result.tool_points.items()}
    tool_total = {t: sum(p[t] for p in tool_points.values()) for t in threats}
    states: dict[str, Tool] = {t.id: t for t in audit.tools}
    effective: dict[str, dict] = {}
    profile = dict(audit.profile)

    def current() -> dict[str, float]:
        return {t: round(max(group_points[t] + tool_total[t], 0.0), 6) for t in threats}

    def refire(entity: str | None, now: set[str]) -> tuple[set, set]:
        before = firing.get(entity, set())
        firing[entity] = now
        return {(r, entity) for r in before - now}, {(r, entity) for r in now - before}

    i = 0
    while i < len(plan):
        if plan[i].check_first:
            out.append(Step(current(), frozenset()))  # offered, not counted as done until the group knows
            i += 1
            continue
        batch: list[Tool] = []
        while i < len(plan) and not plan[i].check_first and plan[i].tool is not None and not any(c.tool is None for c in plan[i].changes):
            p = plan[i]
            tool = _copy_tool(states[p.tool])
            eff = effective.setdefault(p.tool, effective_answers(states[p.tool], content))
            for template in templates_of(p.id, content) or ():
                apply_template(profile, tool, template, content, eff)
            states[p.tool] = tool
            batch.append(tool)
            i += 1
        if batch:
            pop, _ = tool_population(batch, profile, content)
            scored = score_population(pop, batch, tool_rules)
            for tool, row, now in zip(batch, scored.per_entity(threats), scored.rules_firing()):
                for t in threats:
                    tool_total[t] += row[t] - tool_points[tool.id][t]
                tool_points[tool.id] = row
                gone, new = refire(tool.id, now)
                out.append(Step(current(), frozenset(gone), frozenset(new)))
            continue
        p = plan[i]
        tool = None
        if p.tool is not None:
            tool = _copy_tool(states[p.tool])
            states[p.tool] = tool
            effective.pop(p.tool, None)
        made = [c for template in templates_of(p.id, content) or () for c in apply_template(profile, tool, template, content)]
        gone: set[tuple[str, str | None]] = set()
        new: set[tuple[str, str | None]] = set()
        if tool is not None or any(c.question in reads for c in made):
            after = score(Audit(profile=dict(profile), tools=[states[t.id] for t in audit.tools]), content)
            group_points = dict(after.group_points)
            tool_points = {tid: dict(v) for tid, v in after.tool_points.items()}
            tool_total = {t: sum(v[t] for v in tool_points.values()) for t in threats}
            now: dict[str | None, set[str]] = {t.id: set() for t in audit.tools} | {None: set()}
            for rule, tool_id in after.firing():
                now[tool_id].add(rule.id)
            for entity, rules in now.items():
                g, n = refire(entity, rules)
                gone |= g
                new |= n
        else:
            pop = Population([{}], [None], profile, _lookup(content))
            scored = score_population(pop, [None], group_rules)
            group_points = scored.totals(threats)
            gone, new = refire(None, scored.rules_firing()[0])
        out.append(Step(current(), frozenset(gone), frozenset(new)))
        i += 1
    return out
