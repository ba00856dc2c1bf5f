"""Wording shared by the Markdown, HTML and CSV reports, so they say the same thing."""

from __future__ import annotations

from auditor.audits.model import ANSWERED, CATALOG, UNANSWERED

ORIGIN = {ANSWERED: "your answer", CATALOG: "catalog default", UNANSWERED: "not answered", "not_asked": ""}

SEVERITY = {"low": "low severity", "medium": "medium severity", "high": "high severity", "critical": "critical severity"}

EFFORT = {"low": "low effort", "medium": "some effort", "high": "a lot of effort"}


def flat(text: object) -> str:
    """One line: newlines and runs of spaces become single spaces."""
    return " ".join(str(text).split())


def signed(n: int | float) -> str:
    return f"+{n:g}" if n > 0 else f"{n:g}"


def answer_with_origin(answer: dict) -> str:
    """An inventory answer ({value, label, origin}) in words: "Up to a month (your answer)"."""
    if answer["origin"] == UNANSWERED:
        return "don't know (not answered)"
    origin = ORIGIN.get(answer["origin"], "")
    return f"{answer['label']} ({origin})" if origin else answer["label"]


def prompt_text(prompt: str) -> str:
    """A question as a reader needs it inside a report: without the answering instructions."""
    return prompt.replace(" Choose all that apply.", "").strip()


def trigger_text(t: dict) -> str:
    origin = {CATALOG: " (catalog default)", UNANSWERED: " (not answered)"}.get(t["origin"], "")
    return f"{prompt_text(t['prompt'])} — {t['answer']}{origin}"


def change_text(c: dict) -> str:
    """An answer change as a reader needs it; a bare "yes → no" gets its question."""
    change = f"{c['before_label']} → {c['after_label']}"
    if {c["before_label"], c["after_label"]} <= {"yes", "no", "don't know"}:
        return f"{prompt_text(c['prompt'])} {change}"
    return change


def score_change_text(p: dict, titles: dict[str, str]) -> str:
    parts = [f"{titles.get(t, t)} -{v:g}" for t, v in p["score_reduction"].items()]
    if parts:
        return ", ".join(parts)
    pts = [f"{titles.get(t, t)} -{v:g} points" for t, v in p["points_removed"].items()]
    return ", ".join(pts) + " (less than one score point)" if pts else "nothing measurable"


def plan_kind_text(k: dict) -> str:
    efforts = ", ".join(f"{n} {EFFORT[e]}" for e, n in k["effort"].items() if n)
    agreed = f"; {k['agreed']} agreed" if k["agreed"] else ""
    return f"{k['count']} ({efforts}{agreed})"


def history_direction(c: dict) -> str:
    if c["change"] is None:
        return "not recorded last cycle"
    if c["change"] < 0:
        return f"{c['change']} (lower)"
    if c["change"] > 0:
        return f"+{c['change']} (higher)"
    return "unchanged"


RULES_CHANGED = (
    "The rules changed since the last cycle, so part of a change may come from the rules rather than from "
    "what the group changed."
)


def agreed_heading(agreed: int) -> str:
    if agreed == 0:
        return "After agreed changes (none agreed yet)"
    return "After the agreed change" if agreed == 1 else f"After the {agreed} agreed changes"


# -- the summary's sentences (the renderers only escape and lay them out) ----

NO_PLAN = "No changes are proposed: no rule found something the group could collect, keep or share less of."


def plan_intro(plan: dict) -> str:
    agreed = f", {plan['agreed']} of them already agreed" if plan["agreed"] else ""
    return f"{plan['count']} changes are proposed{agreed}, ranked by how much risk each removes for the effort."


def after_plan(plan: dict, titles: dict[str, str]) -> str:
    after = ", ".join(f"{titles[t]} {plan['after_plan'][t]}" for t in titles)
    return f"If all of them were carried out, the scores would be: {after}."


def findings_line(counts: dict) -> str:
    unsure = f", {counts['uncertain']} of them because of \"don't know\" answers" if counts["uncertain"] else ""
    return f"{counts['total']} findings{unsure}."


def open_line(open_counts: dict) -> str | None:
    total = sum(open_counts.values())
    if not total:
        return None
    return (
        f"{total} questions are still open (answered \"don't know\", unknown to the catalog, or not answered); "
        "they count as exposure until answered."
    )
