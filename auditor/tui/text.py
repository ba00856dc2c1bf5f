"""Text helpers: user text rendered literally, and plain-language threat explainers.

User-entered text (tool names, notes, titles) must never be parsed as markup:
``Slack [free tier]`` keeps its brackets and ``[/`` does not crash. Everything
here builds ``textual.content.Content`` from plain strings, never markup with
user text inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from auditor.reports.vocab import level as level_words
from auditor.i18n import N_, _

if TYPE_CHECKING:
    from auditor.content.model import Content as AuditContent


def literal(text: str, style: str = "") -> Content:
    """User text exactly as typed."""
    return Content.styled(text, style) if style else Content(text)


def join(*parts: Content | str | tuple[str, str]) -> Content:
    """Assemble content from pieces: str and Content are literal, (text, style) is styled."""
    return Content.assemble(*parts)


def score_line(title: str, score: int, projected: int | None = None, width: int = 10) -> Content:
    """One threat's score: words, a text bar and the number; readable without colour."""
    name = f"{title[:18]:<18}"
    from auditor.engine.scoring import bar, level  # here: the start screen shows no score, and needs no engine

    lvl = level(score)
    parts: list = [name, " ", (bar(score, width), _bar_style(lvl)), f" {score:>3} ", (f"{level_words(lvl):<8}", "bold")]
    if projected is not None and projected != score:
        parts += [f" → {projected:>3} ", (level_words(level(projected)), "italic")]
    return Content.assemble(*parts)


def _bar_style(lvl: str) -> str:
    return {"none": "$text-muted", "low": "$success", "moderate": "$warning", "high": "$error", "severe": "bold $error"}.get(lvl, "")


YESNO = {"yes": N_("Yes"), "no": N_("No")}


def answer_label(question, value) -> str:
    """An answer as the user picked it: the choice's label, "Yes"/"No", never a raw id."""
    if question.type == "yesno" and value in YESNO:
        return _(YESNO[value])
    return question.label_of(value)


def short_path(path) -> str:
    """A path with the home folder shown as ~."""
    from pathlib import Path

    home, text = str(Path.home()), str(path)
    return "~" + text[len(home):] if text == home or text.startswith(home + "/") else text


def threat_name(content, threat: str, tight: bool = False) -> str:
    """A threat's name in a list or column; ``tight``: on the one-line score bar (the ruleset's ``short``)."""
    if threat not in content.threats:
        return threat
    return content.threats[threat].short if tight else content.threats[threat].brief


# Plain-language explainers, used when a ruleset gives a threat no explainer of its own.
# Paraphrased from the BCCR report (2022-2023); section titles are given so a facilitator can read further.
EXPLAINERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "subpoena": (
        "Police and prosecutors can use a subpoena, a warrant or a court order to get records about your "
        "crisis response: from your group, or from any company that stores your data for you. Those records "
        "can then be used to criminalize the people who called you and the people who answered.\n\n"
        "Privacy promises in a company's terms do not stop this: providers regularly make exceptions for "
        "police, and some sell data to others who pass it on. Encryption helps, but it may not protect the "
        "information forever, and it does not hide that a call or message happened.\n\n"
        "What lowers this risk: keep less (only what you need to respond), keep it for less time, do not "
        "record calls, avoid cloud backups the provider can read, and know who would receive a legal notice "
        "and which lawyer you would call. Records that do not exist cannot be demanded.",
        ("Threat Assessment", "Before Gathering Information Electronically"),
    ),
    "metadata": (
        "Metadata is the record of who contacted whom, when, and from where. Even when a message's content "
        "is encrypted, the company running the app may still know the sender, the recipient and the time, "
        "and can hand that over. The report gives WhatsApp as the example: the words are scrambled, but the "
        "pattern of contact is not.\n\n"
        "For a crisis line, the pattern alone can say a lot: that a person called you, how often, and where "
        "their phone was at the time. Dispatch apps often capture location without anyone choosing to.\n\n"
        "What lowers this risk: tools that keep little about their users, identities that are not personal "
        "phone numbers, no location capture, and analog options such as a dedicated phone forwarded to "
        "whoever is on call.",
        ("Before Gathering Information Electronically", "Tech Is Not Always the Answer, and Can Be a Danger"),
    ),
    "gossip": (
        "The state is not the only danger. Private details shared during a crisis call can travel through "
        "the community as gossip, put people in danger and break the trust that makes a crisis line work.\n\n"
        "Every extra person who can see details is another path for them to travel: a forwarded message, a "
        "screenshot, a conversation. Large group chats, shared logins and written debriefs all multiply those "
        "paths.\n\n"
        "The report describes teams where only one person holds the details of a call and keeps minimal "
        "notes, and the team debriefs face to face. Clear agreements and training about what information "
        "can harm people, revisited often, are the other half.",
        ("Threat Assessment", "Recruitment & Training"),
    ),
    "mandated_reporters": (
        "Some people with access to call details may pass them to state agencies, such as family policing "
        "(the so-called child welfare system), immigration enforcement or public health: because their job "
        "or licence makes them mandated reporters, or because they feel morally compelled to.\n\n"
        "Ideally everyone in a community crisis response has agreed not to share information about calls "
        "with the state, and the group's protocols say so. But the report's advice is simpler and stronger: "
        "if you do not have the information, or it is not accessible, it cannot be shared.\n\n"
        "What lowers this risk: keep details about minors, abuse and family situations out of your tools; "
        "keep mandated reporters away from call details; watch for funding that brings reporting strings; "
        "and tell people at the start what you can and cannot keep confidential.",
        ("Threat Assessment", "Social Services, Charity, and the Nonprofit Industrial Complex"),
    ),
}

GENERIC_EXPLAINER = (
    N_("This threat was added by a rule file. Its rules explain, finding by finding, which answers raise it "
    "and why. The report's general advice applies: gather as little as possible, keep it as briefly as "
    "possible, and let as few people as possible see it (section \"Threat Assessment\").")
)


def explainer(content: AuditContent, threat_id: str) -> tuple[str, list[str]]:
    """(plain text, source references) for one threat."""
    threat = content.threats[threat_id]
    refs = [content.cite(s) for s in threat.sources]
    if threat.explainer.strip():
        return threat.explainer.strip(), refs
    text, sections = EXPLAINERS.get(threat_id, (_(GENERIC_EXPLAINER), ()))
    refs += [_('BCCR report (2022-2023), section "{section}"').format(section=s) for s in sections if f'"{s}"' not in " ".join(refs)]
    return text, refs


WHAT_WE_STORE = N_("""\
What this tool stores

- One audit file per audit, written only where you choose (by default in
  {folder}/). It is readable only by you (mode 0600).
- In it: your answers about the group (its kind, roles and counts) and about
  each tool (what goes in, how long it stays, how many people see it), notes
  you type, and the changes you agreed to make.
- A small state file in the same folder remembers the last audit opened
  and whether you chose the high-contrast theme.
- Reports are written only when you ask for one (Export).

What it never asks, and never sends

- Never anyone's name, phone number or address, and never the details of any
  call. Counts and roles only ("3 people can see it").
- Nothing leaves this computer: no network, no telemetry, no update checks.

The audit file itself describes how your group works, so treat it as
sensitive: keep it private, encrypt it if you can (save it with a name
ending in .age), and delete old audits you no longer need.
""")
