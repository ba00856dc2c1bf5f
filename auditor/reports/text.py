"""Wording shared by the Markdown, HTML and CSV reports, so they say the same thing."""

from __future__ import annotations

from auditor.audits.model import ANSWERED, CATALOG, UNANSWERED
from auditor.i18n import N_, _

from . import vocab
from .document import RESIDUAL_NOT_MEASURED, isolate, named_few

ORIGIN = {ANSWERED: N_("your answer"), CATALOG: N_("catalog default"), UNANSWERED: N_("not answered"), "not_asked": ""}

NOT_MEASURED = N_("not measured yet")
ACTION_PLAN_NOTE = N_(
    "Taken on first (overdue at the top), then the next changes with who and by when to fill in, then what is closed. "
    "Write a role, never a name."
)
LEGAL_HOLD = N_("Before deleting: once legal process is known or expected, delete nothing it touches; call your lawyer.")




def top_deletes(doc: dict) -> bool:
    """Whether a start-here item deletes something already kept (the plan item says, in every language)."""
    return any(item["deletes"] for item in doc["start_here"]["top"])


def flat(text: object) -> str:
    """One line: newlines and runs of spaces become single spaces."""
    return " ".join(str(text).split())


def sentences(items: list[str]) -> str:
    """Reasons that are each a sentence, run together as prose."""
    return " ".join(x if x.rstrip().endswith((".", "!", "?")) else x.rstrip() + "." for x in items)


def signed(n: int | float) -> str:
    return f"+{n:g}" if n > 0 else f"{n:g}"


def answer_with_origin(answer: dict) -> str:
    """An inventory answer ({value, label, origin}) in words: "Up to a month (your answer)"."""
    if answer["origin"] == UNANSWERED:
        return _("don't know (not answered)")
    key = answer["origin"]
    origin = _(ORIGIN[key]) if ORIGIN.get(key) else ""
    return f"{answer['label']} ({origin})" if origin else answer["label"]


def prompt_text(prompt: str) -> str:
    """A question as a reader needs it inside a report: without the answering instructions."""
    return prompt.replace(" Choose all that apply.", "").replace(" " + _("Choose all that apply."), "").strip()


def trigger_text(t: dict) -> str:
    origin = {CATALOG: _(" (catalog default)"), UNANSWERED: _(" (not answered)")}.get(t["origin"], "")
    return f"{prompt_text(t['prompt'])} — {t['answer']}{origin}"


def change_text(c: dict) -> str:
    """An answer change as a reader needs it; a bare "yes → no" gets its question."""
    change = f"{c['before_label']} → {c['after_label']}"
    if {c["before_label"], c["after_label"]} <= {"yes", "no", "don't know", _("yes"), _("no"), _("don't know")}:
        return f"{prompt_text(c['prompt'])} {change}"
    return change


def score_change_text(p: dict, titles: dict[str, str]) -> str:
    parts = [f"{titles.get(t, t)} {cut_text(v)}" for t, v in p["score_reduction"].items()]
    if parts:
        return if_yes(p, ", ".join(parts))
    pts = [_("{threat} {points} points").format(threat=titles.get(t, t), points=cut_text(v)) for t, v in p["points_removed"].items()]
    return if_yes(p, ", ".join(pts) + _(" (less than one score point)")) if pts else _("nothing measurable")


IF_YES = N_("if the answer turns out yes: {cut}; not counted until you know")


def if_yes(p: dict, cut: str) -> str:
    """What a find-out-first item would lower, said as conditional: it is never counted as done."""
    return _(IF_YES).format(cut=cut) if p.get("check_first") else cut


def projected(score: int) -> str:
    """A projected score. 0 is never promised: what remains after a plan is not measured yet."""
    return _(NOT_MEASURED) if score == 0 else str(score)


def cut_text(cut: float) -> str:
    """What an item does to a score or points: "−18" lowers it; "+2" raises it (a new tool holds something the old did not)."""
    return f"\u2212{cut:g}" if cut > 0 else f"+{-cut:g}"


def running_cell(p: dict, threat: str) -> str:
    """A plan item's running projection for one threat, with what this item changes: "57 (−18)"."""
    now = projected(p["running"][threat])
    cut = p["score_reduction"].get(threat)
    return f"{now} ({cut_cell(p, cut)})" if cut else now


def cut_cell(p: dict, cut: float) -> str:
    """A plan item's cut in a table cell: "−18", or "if yes −18" for a find-out-first item (not counted)."""
    return _("if yes {cut}").format(cut=cut_text(cut)) if p.get("check_first") else cut_text(cut)


def lowers_text(item: dict, titles: dict[str, str]) -> str:
    """What a plan item lowers, in words: "subpoena and legal process, gossip"."""
    names = [titles.get(t, t) for t in item["lowers"]] if "lowers" in item else [titles.get(t, t) for t in item["points_removed"]]
    return ", ".join(n[:1].lower() + n[1:] for n in names) or _("nothing measurable")


def action_text(action: dict | None, *, with_role: bool = True) -> str:
    """A tracked action in words: "in progress · on-call coordinator · due 2026-12-31 · reason"."""
    if not action:
        return vocab.status("proposed")
    parts = [vocab.status(action["status"])]
    if with_role and action.get("role"):
        parts.append(action["role"])
    if action.get("due"):
        parts.append(_("due {date}").format(date=action['due']))
    if action.get("reason"):
        parts.append(action["reason"])
    return " \u00b7 ".join(parts)


def where_groups(card: dict) -> list[dict]:
    """A finding's places, one line per distinct reason: forty copies of a sheet that hold the same details for
    the same reasons are one line ("on 12 tools: A, B, C, D and 8 more"), not twelve."""
    groups: dict[tuple, dict] = {}
    for w in card["where"]:
        key = (tuple(w["because"]), w["uncertain"])
        groups.setdefault(key, {"names": [], "because": "; ".join(w["because"]), "uncertain": w["uncertain"]})["names"].append(w["tool_name"])
    return list(groups.values())


def places_text(names: list[str]) -> str:
    return isolate(names[0]) if len(names) == 1 else _("on {n} tools: {names}").format(n=len(names), names=named_few(names))


SHOWN_PLACES = 3  # a card's lines of places (each "on N tools: ..."), then how many more
SHOWN_LINKS = 6  # a card links to at most this many plan items, then says how many more


def copies_text(item: dict) -> str:
    """Where a start-here item applies: its tool, or "on 3 tools: A, B, C" for one change on several copies."""
    if item["copies"] <= 1:
        return item["tool_name"]
    return _("on {n} tools: {names}").format(n=item["copies"], names=named_few(item["tools"]))


def top_heading(doc: dict) -> str:
    sh = doc["start_here"]
    return _("Do these first ({n} of the {count} changes still to do, most risk removed for the effort)").format(
        n=len(sh["top"]), count=sh["to_do"])


def closed_lines(doc: dict) -> list[tuple[str, str]]:
    """What the group has closed, as (label, text): each done item, each dropped one with its reason (full
    report); counts only in the summary."""
    tracked = doc["start_here"].get("tracked") or {}
    out = []
    for status in ("done", "dropped", "accepted"):
        items = tracked.get(status)
        if isinstance(items, int):
            if items:
                out.append((vocab.status(status).capitalize(), _("{n} plan items").format(n=items)))
            continue
        for x in items or []:
            words = f"{x['title']} \u2014 {isolate(x['tool_name'])}"
            if x.get("reason"):
                words += " (" + _("why: {reason}").format(reason=isolate(x["reason"])) + ")"
            out.append((vocab.status(status).capitalize(), words))
    return out


def top_text(item: dict, titles: dict[str, str]) -> str:
    """A start-here line in general terms (the summary): kind, effort, threats lowered."""
    kind = item["kind_label"][:1].upper() + item["kind_label"][1:]
    return _("{kind} ({effort}): lowers {lowers}.").format(kind=kind, effort=vocab.effort(item['effort']), lowers=lowers_text(item, titles))


def top_lines(top: list[dict], titles: dict[str, str]) -> list[str]:
    """The summary's start-here lines: top plan items grouped by kind, effort and threats lowered, never by tool."""
    groups: dict[tuple, int] = {}
    for item in top:
        key = (item["kind_label"], item["effort"], lowers_text(item, titles))
        groups[key] = groups.get(key, 0) + 1
    out = []
    for (kind, effort, lowers), n in groups.items():
        kind = kind[:1].upper() + kind[1:]
        count = _(", {n} changes").format(n=n) if n > 1 else ""
        out.append(_("{kind} ({effort}): lowers {lowers}.").format(kind=kind + count, effort=vocab.effort(effort), lowers=lowers))
    return out


def remains_text(doc: dict) -> str:
    """What remains after the plan, said plainly: never a promise of zero."""
    r = doc["residual"]
    titles = {t["id"]: t["title"] for t in doc["threats"]}
    if r["not_measured"]:
        names = ", ".join(titles.get(t, t).lower() for t in r["not_measured"])
        return _("{not_measured} for {threats}.").format(not_measured=_(RESIDUAL_NOT_MEASURED), threats=names) + f" {r['general']}"
    return r["general"]


def plan_kind_text(k: dict) -> str:
    efforts = ", ".join(f"{n} {vocab.effort(e)}" for e, n in k["effort"].items() if n)
    agreed = _("; {n} agreed").format(n=k['agreed']) if k["agreed"] else ""
    return f"{k['count']} ({efforts}{agreed})"


def history_direction(c: dict) -> str:
    if c["change"] is None:
        return _("not recorded last cycle")
    if c["change"] < 0:
        return _("{change} (lower)").format(change=c['change'])
    if c["change"] > 0:
        return _("+{change} (higher)").format(change=c['change'])
    return _("unchanged")


RULES_CHANGED = N_(
    "The rules changed since the last cycle, so part of a change may come from the rules rather than from "
    "what the group changed."
)


def agreed_heading(agreed: int) -> str:
    if agreed == 0:
        return _("After agreed changes (none agreed yet)")
    return _("After the agreed change") if agreed == 1 else _("After the {n} agreed changes").format(n=agreed)


# -- the summary's sentences (the renderers only escape and lay them out) ----

NO_PLAN = N_("No changes are proposed: no rule found something the group could collect, keep or share less of.")


def plan_intro(plan: dict) -> str:
    agreed = _(", {n} of them already agreed").format(n=plan['agreed']) if plan["agreed"] else ""
    return _("{count} changes are proposed{agreed}, ranked by how much risk each removes for the effort.").format(count=plan['count'], agreed=agreed)


def after_plan(plan: dict, titles: dict[str, str]) -> str:
    after = ", ".join(f"{titles[t]} {projected(plan['after_plan'][t])}" for t in titles)
    return _("If all of them were carried out, the scores would be: {after}. No plan reaches zero: see what remains.").format(after=after)


def actions_line(counts: dict) -> str | None:
    """Progress on the agreed plan, counts only (no roles)."""
    total = sum(counts.values())
    if not total:
        return None
    parts = [f"{n} {vocab.status(s)}" for s, n in counts.items() if n]
    return _("Agreed changes being tracked: {parts}.").format(parts=', '.join(parts))


def findings_line(counts: dict) -> str:
    unsure = _(", {n} of them because of \"don't know\" answers").format(n=counts['uncertain']) if counts["uncertain"] else ""
    return _("{total} findings{unsure}.").format(total=counts['total'], unsure=unsure)


def by_threat_line(by_threat: dict, titles: dict[str, str]) -> str:
    parts = ", ".join(f"{titles.get(t, t)} {n}" for t, n in by_threat.items())
    return _("By threat (one finding can weigh on several): {parts}.").format(parts=parts)


def open_line(open_counts: dict) -> str | None:
    total = sum(open_counts.values())
    if not total:
        return None
    return _(
        "{total} questions are still open (answered \"don't know\", unknown to the catalog, or not answered); "
        "they count as exposure until answered."
    ).format(total=total)
