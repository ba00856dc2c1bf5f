"""Warn when free text in an audit looks like personal data.

An audit describes how a group handles crisis calls. If it is seized, leaked or
subpoenaed, every name, number and address in it points at a person: a caller,
a responder, a safe place. The audit needs roles and counts ("the on-call
phone holder", "3 dispatchers"), never who. These checks are heuristics: they
warn and explain, they never refuse, and they will miss things and sometimes
flag a harmless phrase. Nothing here leaves the machine.
"""

from __future__ import annotations

import re
from typing import Iterable

WHY_EMAIL = (
    "looks like an email address ({match}). An address names a person and ties them to this group's crisis work "
    "if the audit is seized, leaked or subpoenaed; write the role instead (e.g. 'the coordinator's account')."
)
WHY_PHONE = (
    "looks like a phone number ({match}). A number identifies a caller or responder and links them to crisis "
    "calls if the audit is seized or subpoenaed; write 'the hotline phone' or 'responders' personal phones' instead."
)
WHY_ADDRESS = (
    "looks like a street address ({match}). An address can locate a caller, a responder or a safe space; "
    "the audit only needs to know that a place exists, not where it is."
)
WHY_NAME = (
    "looks like a person's name ({match}). An audit that names people tells whoever seizes, leaks or subpoenas it "
    "who does this work or who called; describe roles and counts instead (e.g. 'two dispatchers')."
)

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")

# Digits with the separators phone numbers use; checked further in _is_phone.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d\s().-]{5,20}\d(?![\w])")
_DATE_LIKE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{4}\s*[-–]\s*\d{4}$")

_STREET_WORDS = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|square|sq|"
    "highway|hwy|parkway|pkwy|crescent|close|row|alley|strasse|straße|calle|rue|via"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[a-zA-Z]?\s+(?:[A-Za-z][\w'’.-]*\s+){{1,4}}(?:{_STREET_WORDS})\b\.?"
    r"|\b(?:calle|rue|via|avenida)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s+\d{1,5}\b"
    r"|\b(?:apt|apartment|suite|unit)\.?\s*#?\s*\d+[a-zA-Z]?\b",
    re.IGNORECASE,
)

_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|Miss|Prof)\.?\s+[A-Z][a-z][\w'’-]*")
# Title-case words: Maria, O'Neil, Jean-Luc. ALL-CAPS acronyms (SMS, HIPAA) do not match.
_CAP_RUN = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)?)+\b")

# Capitalised words that are not names: tools, products, places people mention
# in an audit, days and months, and words that start sentences. Kept small on
# purpose; content can pass the catalog's tool names in too.
COMMON_WORDS = frozenset(
    """
    google voice signal slack whatsapp telegram messenger facebook instagram twitter discord zoom teams
    microsoft apple icloud android iphone proton protonmail mail gmail outlook calendar sheets sheet docs doc
    drive forms form dropbox notion airtable trello excel word office jitsi element matrix wire wickr skype
    sms text texts chat chats group groups hotline line lines phone phones call calls number app apps web
    workspace business free tier plan pro premium team spreadsheet tracker dispatch shifts shift schedule
    notes note notebook paper binder folder file files cloud server email inbox list lists channel channels
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december spring summer autumn fall winter cycle
    the a an and or of for to in on at by with from our we they their this that these those it its
    if when after before during every each all any some most many no not only also then there here
    ask asked call called keep kept use used delete deleted share shared send sent tell told see
    on-call responders responder dispatcher dispatchers coordinator coordinators volunteer volunteers
    mutual aid crisis response community peer support network collective safety care health mental
    services service department city county state police court legal public private new york
    north south east west central centre center street road avenue house home office hall church
    """.split()
)


def _is_phone(match: str) -> bool:
    candidate = match.strip().rstrip(".")
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    if _DATE_LIKE.match(candidate):
        return False
    if candidate.startswith(("+", "00", "(")):
        return True
    groups = re.split(r"[\s().-]+", candidate)
    if len(digits) >= 10 and (len(groups) >= 2 or candidate.isdigit()):
        return True
    # Local numbers: 555-1234, 555 123 4567
    return bool(re.fullmatch(r"\d{3}[\s.-]\d{4}|\d{3}[\s.-]\d{3}[\s.-]\d{4}", candidate))


def _names(text: str, allow: frozenset[str]) -> list[str]:
    found = [m.group(0) for m in _HONORIFIC.finditer(text)]
    for m in _CAP_RUN.finditer(text):
        words = m.group(0).split()
        # Split the run at common words: "Ask Maria Lopez" -> ["Maria Lopez"].
        run: list[str] = []
        for word in words + [""]:
            if word and word.lower() not in allow and word.lower().strip("'’") not in allow:
                run.append(word)
                continue
            if 2 <= len(run) <= 4:
                found.append(" ".join(run))
            run = []
    seen, out = set(), []
    for name in found:
        if not any(name in other and name != other for other in found) and name not in seen:
            seen.add(name)
            out.append(name)
    return out


def personal_data_warnings(text: str, allow: Iterable[str] = ()) -> list[str]:
    """Why ``text`` looks like it holds personal data; empty when it does not.

    ``allow`` adds words that are not names (for example the catalog's tool
    names) to the built-in list.
    """
    if not text or not isinstance(text, str):
        return []
    extra = frozenset(w.lower() for phrase in allow for w in str(phrase).split())
    allowed = COMMON_WORDS | extra if extra else COMMON_WORDS
    warnings: list[str] = []
    emails = [m.group(0) for m in _EMAIL.finditer(text)]
    warnings += [WHY_EMAIL.format(match=e) for e in emails]
    rest = _EMAIL.sub(" ", text)
    warnings += [WHY_PHONE.format(match=m.group(0).strip()) for m in _PHONE.finditer(rest) if _is_phone(m.group(0))]
    addresses = [m.group(0).strip() for m in _ADDRESS.finditer(rest)]
    warnings += [WHY_ADDRESS.format(match=a) for a in addresses]
    for a in addresses:
        rest = rest.replace(a, " ")
    warnings += [WHY_NAME.format(match=n) for n in _names(rest, allowed)]
    return warnings


def audit_warnings(audit, allow: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(field, warning) for every free-text field of an audit that looks like personal data."""
    fields: list[tuple[str, str]] = [("title", audit.title), ("profile_notes", audit.profile_notes)]
    for i, tool in enumerate(audit.tools):
        fields += [(f"tools[{i}].name", tool.name), (f"tools[{i}].notes", tool.notes)]
    out = []
    for where, text in fields:
        out += [(where, w) for w in personal_data_warnings(text, allow)]
    return out
