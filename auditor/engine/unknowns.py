"""A change that starts from a "don't know" is a question to answer first, never a change credited as done.

The group left the answer as "don't know" (or did not answer it). The plan cannot say that turning something
off removes anything: it may not be on, and the tool may have no such switch. So such a plan item says
"Find out whether ...", is never counted in a projection (``running_projection``, the scores after the plan),
and is ranked after every change to a known answer (``proposals.propose``): the top five a group leaves with
are changes it can make. What the item would remove if the answer turns out to be the risky one stays
measured (its ``reduction``), so the views can say so. Unknown answers still count as exposure in the scores.
"""

from __future__ import annotations

from typing import Any, Iterable

from auditor.content.model import UNKNOWN, CatalogTool, Content
from auditor.i18n import N_, _

# Tools where location is what the provider logs (the IP address of each sign-in), not a setting the group can
# switch off: mail, documents, forms, payments, pages, video calls, note-takers, calendars.
NO_LOCATION_SWITCH = frozenset({"email", "documents", "forms", "payments", "social", "calls", "transcription", "scheduling"})

FIND_OUT_TITLE = N_("Find out first: {title}")
FIND_OUT_DETAIL = N_("Find out whether it does: {questions} So far the answer is \"don't know\". If it does and you "
                     "can turn it off, do: {detail}")
NOT_COUNTED = N_("The plan does not count this as done: it counts only once you know.")
LOCATION_TITLE = N_("Find out what location this tool keeps")
LOCATION_DETAIL = N_("Find out whether the group writes where people are into it (addresses, meeting points): if it "
                     "does, keep those out and delete the ones already stored. There is no switch for what the "
                     "provider logs: {provider}")
IP_DOCUMENTED = N_("{tool} keeps the IP address of each sign-in, which shows roughly where the person was "
                   "(sources: {sources}); that stays while the group uses it.")
IP_UNDOCUMENTED = N_("whether {tool} keeps the IP address of each sign-in is not documented (unknown); assume it "
                     "does while the group uses it.")


def is_unknown(value: Any) -> bool:
    return value is None or value == UNKNOWN


def starts_unknown(changes: Iterable) -> bool:
    """Whether every answer a change lowers was "don't know": carrying it out is finding out first.

    A switch of tool is a change the group can make whatever it knows; a change that also lowers a known answer
    (recording "sometimes" to never, with transcripts unknown) is a real change."""
    answers = [c for c in changes if c.question != "catalog"]
    return bool(answers) and all(is_unknown(c.before) for c in answers)


def find_out_wording(title: str, detail: str, changes, category: str | None, entry: CatalogTool | None,
                     content: Content) -> tuple[str, str]:
    """The title and how-to of an item that starts from "don't know": find out first, and what to do if so."""
    questions = [c.question for c in changes if c.question != "catalog"]
    if category in NO_LOCATION_SWITCH and questions == ["location_capture"]:
        return _(LOCATION_TITLE), " ".join((_(LOCATION_DETAIL).format(provider=_ip_logging(entry, content)), _(NOT_COUNTED)))
    prompts = " ".join(content.questions[q].prompt for q in dict.fromkeys(questions))
    how = _(FIND_OUT_DETAIL).format(questions=prompts, detail=detail)
    return _(FIND_OUT_TITLE).format(title=title), " ".join((how, _(NOT_COUNTED)))


def _ip_logging(entry: CatalogTool | None, content: Content) -> str:
    """What the catalog documents about the provider logging sign-in IP addresses (unknown stays unknown)."""
    name = entry.name if entry else _("the provider")
    fact = entry.facts.get("provider_metadata") if entry else None
    if fact is not None and isinstance(fact.value, list) and "ip_addresses" in fact.value:
        return _(IP_DOCUMENTED).format(tool=name, sources=", ".join(fact.sources) or _("the catalog"))
    return _(IP_UNDOCUMENTED).format(tool=name)
