"""The records a tool creates, derived from the group's answers and the catalog's facts.

Exposure is about records: what a tool creates and keeps, who holds it, whether
the holder can read it, how long it stays and how many people can see it.
What is said aloud and never recorded is not a stored record: it lives in
people's memories (testimony, gossip), and is modelled as such.

Rules read records through *derived values* (``{record: stored_kinds, ...}``
in a condition), computed here from answers, so "situation details spoken on
an unrecorded call" and "situation details typed into a provider's cloud" are
different facts for every rule. Each rule also names the record its exposure
is about (``exposure: content``); the scorer counts each (record, threat)
exposure once however many rules describe it.

Derivation follows "don't know counts as exposure": a value that hinges on an
unknown answer is unknown, and rules treat unknown as exposed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from auditor.content.model import UNKNOWN, AtMost, Choice, MaybeList, Question
from auditor.i18n import N_, _

# What a rule's exposure can be about. Tool records first, then the group's.
RECORDS: dict[str, str] = {
    "content": "what is typed, written or recorded, where it is stored",
    "recordings": "recordings, voicemail and transcripts",
    "backup": "cloud backups of the content",
    "version_history": "earlier versions and deleted items that stay recoverable",
    "copies": "forwards, screenshots and exports outside the tool",
    "provider_metadata": "what the provider logs about who used it, when and from where",
    "carrier_log": "the phone company's log of calls and texts to and from the group's number",
    "callers_carrier_log": "callers' own phone companies' logs of calls to the group's number",
    "memory": "what was said aloud: it lives in the people who heard it",
    "membership": "who is in the chat or on the roster",
    "devices": "copies on members' phones and computers, which can be seized",
    "accounts": "logins, recovery emails and phone numbers tied to people",
    "location": "where callers or responders were",
    # the group's own records and the practices that decide what they hold
    "testimony": "what members know and can be compelled to say",
    "legal_notice": "who hears when records are demanded, and what happens next",
    "agreements": "what members have agreed about keeping details confidential",
    "training": "what members know about which details can harm people",
    "debriefs": "how calls are reviewed, and whether that leaves a written account",
    "offboarding": "what people who leave can still open",
    "emergency": "what happens in an emergency: 911, reports, forced hospitalization",
    "intake_routes": "the systems calls pass through before they reach the group",
    "consent": "what callers are told about the limits of confidentiality",
    "universal_duty": "what anyone who hears about abuse may have to report, where the law covers everyone",
    "separation": "what ties the group's underground work to its public work",
    "funder_data": "data a funder or government contract asks for",
    "reporting": "what members with a duty to report may pass on",
    "practices": "how the group handles information (agreements, protocols, plans)",
    "outreach": "the group's public pages and posts and who runs them",
    "phones": "members' own phones: where they are, and what they hold",
}

# Which data kinds identify or describe a person (callers or responders).
CALLER_KINDS = frozenset(
    {"caller_identity", "contact_details", "location", "situation_details", "health_details", "minors_details",
     "abuse_details", "immigration_status", "criminalized_activity", "recordings"}
)

VOICE_CATEGORIES = frozenset({"phone", "hotline", "calls"})
# Categories where what goes in is typed by nature (no "spoken or typed?" question).
TYPED_CATEGORIES = frozenset({"documents", "forms", "email", "team_chat", "payments", "scheduling", "transcription"})

HOLDERS = (
    Choice("none", N_("Nothing is stored"), 0),
    Choice("devices", N_("Members' devices"), 1),
    Choice("group", N_("The group itself (paper, a server on its own hardware)"), 1),
    Choice("provider", N_("The provider or phone company"), 2),
)
READS = (Choice("no", N_("No"), 0), Choice("some", N_("Some of it"), 1), Choice("yes", N_("Yes"), 2))
# Whether a tool's records are the group's books: a payment service, or a tool kept only for admin and money
# (its purpose answer). Books are kept for the accounts and taxes, and a payment provider keeps every payment
# whatever the account deletes: what the group controls there is what a line or a note says, not how long.
BOOKS = (Choice("no", N_("No"), 0), Choice("yes", N_("Yes: payments, a ledger or accounts"), 1))
MONEY_PURPOSES = frozenset({"admin"})
BACKUP = (Choice("none", N_("No cloud backup"), 0), Choice("e2ee", N_("End-to-end encrypted"), 1), Choice("readable", N_("Readable by the backup provider"), 2))
# How much of who someone is the stored records say, least to most (issue 22, item 4).
IDENTIFIES = (
    Choice("none", N_("Nothing that says who someone is"), 0),
    Choice("first_name", N_("A first name, nickname or initials"), 1),
    Choice("contact", N_("Contact details or where someone is (or a full name alone)"), 2),
    Choice("full", N_("Full identity: a name with a number, address or place"), 3),
)
REACH_KINDS = frozenset({"contact_details", "location"})


def _words(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """Derived choices in the chosen language (content choices come translated by their overlay)."""
    return tuple(replace(c, label=_(c.label)) for c in choices)


def record_fields(questions: dict[str, Question]) -> dict[str, Question]:
    """The derived values rules may test, typed like questions so conditions check them the same way."""
    fields: dict[str, Question] = {}

    def add(qid: str, type_: str, prompt: str, choices: tuple[Choice, ...] = ()) -> None:
        fields[qid] = Question(id=qid, scope="record", type=type_, prompt=prompt, why="", choices=choices)

    kinds = questions.get("data_kinds")
    if kinds is not None:
        add("stored_kinds", "multi", _("What is stored (typed, written or recorded)"), kinds.choices)
        add("spoken_kinds", "multi", _("What is only said aloud"), kinds.choices)
    add("content_holder", "choice", _("Who holds what is stored"), _words(HOLDERS))
    add("provider_reads", "choice", _("The provider can read what it holds"), _words(READS))
    retention = questions.get("retention")
    if retention is not None:
        add("kept_for", "choice", _("How long what is stored stays"), retention.choices)
    add("readable_backup", "choice", _("Cloud backup of the content"), _words(BACKUP))
    add("books", "choice", _("The group's books (payments or accounts)"), _words(BOOKS))
    add("identifies", "choice", _("How much of who someone is the stored records say"), _words(IDENTIFIES))
    return fields


def identifies(stored: Any, names: Any) -> Any:
    """The identity grade of what is stored: nothing, a first name, contact details, full identity.

    ``names`` answers how much of a name is written; unanswered counts as a full name. A list that only may be
    stored (nobody said whether it is written down) is unknown wherever it would identify someone."""
    if stored == UNKNOWN or stored is None:
        return UNKNOWN
    kinds = set(stored)
    full_name = "caller_identity" in kinds and names != "first_name"
    reach = bool(kinds & REACH_KINDS)
    if full_name and reach:
        grade = "full"
    elif full_name or reach:
        grade = "contact"
    elif "caller_identity" in kinds:
        grade = "first_name"
    else:
        grade = "none"
    if grade != "none" and type(stored) is not list:
        return AtMost(grade)  # it may hold them, or may not: at most this, never read as certain
    return grade


def _has(value: Any, item: str) -> bool | None:
    """Three-valued membership: None when the list is unknown, or open and silent about ``item``."""
    if value == UNKNOWN or value is None:
        return None
    if item in value:
        return True
    return None if getattr(value, "open", False) else False


def _asked(q: Question | None, category: str | None) -> bool:
    return q is not None and q.asked_for(category)


def keeps_earlier_versions(answers: dict[str, Any], category: str | None, questions: dict[str, Question]) -> bool:
    """Whether deleted details can still be brought back (version history, trash); "don't know" counts as yes."""
    return _asked(questions.get("version_history"), category) and answers.get("version_history", UNKNOWN) != "no"


# Sheets, bases and forms keep every earlier version through deletions; a chat's retention setting purges its
# logs with the messages (Slack's own documentation), so there only a clean copy of a document is left to make.
HISTORY_OUTLIVES_DELETION = frozenset({"documents", "forms"})
# What is already written is gone within days: a change that stops collecting a detail removes it soon.
AGES_OUT = frozenset({"not_kept", "days", "week"})


# On a handset, the texts and call log are what is stored: clearing the call history clears them, as long as
# the retention answer says they stay. One act, so one credit (a hand-over clear and a weekly clear).
HISTORY_KEPT = {"each_shift": "not_kept", "week": "week", "month": "month"}


def kept_for(answers: dict[str, Any], category: str | None, questions: dict[str, Question]) -> Any:
    """How long what is stored stays: the retention, capped at a week when disappearing messages are on, and at
    the call history's clearing on a phone whose content lives on the handset."""
    kept = answers.get("retention", UNKNOWN)
    if _asked(questions.get("disappearing"), category) and answers.get("disappearing") == "on" and kept not in (UNKNOWN, *AGES_OUT):
        kept = "week"
    history = HISTORY_KEPT.get(answers.get("call_history")) if _asked(questions.get("call_history"), category) else None
    retention = questions.get("retention")
    if history and answers.get("stores_content") == "devices" and retention is not None and retention.rank(history) < retention.rank(kept):
        kept = history
    return kept


def derive(answers: dict[str, Any], category: str | None, questions: dict[str, Question], earlier: tuple[str, ...] = ()) -> dict[str, Any]:
    """The derived record values of one tool, from its effective answers.

    ``earlier``: kinds a change stopped collecting; what is stored keeps them while earlier versions do.
    """
    kinds = answers.get("data_kinds", UNKNOWN)
    recording_q = questions.get("recording")
    if _asked(recording_q, category):
        rec = answers.get("recording", UNKNOWN)
        recorded = None if rec == UNKNOWN else rec in ("sometimes", "always")
    else:
        recorded = False
    if recorded is False and isinstance(kinds, list) and "recordings" in kinds:
        recorded = True

    channels = answers.get("channels", UNKNOWN) if _asked(questions.get("channels"), category) else None
    if channels is None:
        # Typed by nature, unless the catalog says nothing is ever stored (a live conversation).
        nothing = answers.get("stores_content") == "none"
        written: bool | None = not nothing
        spoken: bool | None = nothing or category in VOICE_CATEGORIES
    elif channels == UNKNOWN:
        written = spoken = None
    else:
        written = "typed" in channels or "written" in channels
        spoken = "spoken" in channels

    out: dict[str, Any] = {}
    if kinds == UNKNOWN:
        stored: Any = UNKNOWN
    elif written:
        # Typed or written down: every kind is stored; recordings too unless nothing is recorded.
        stored = list(kinds) if recorded is not False else [k for k in kinds if k != "recordings"]
    elif recorded:
        stored = list(kinds)  # a recording keeps everything that was said
    elif written is None or recorded is None:
        # Nobody said whether details are written down or recorded: each kind may be stored.
        stored = MaybeList(kinds)
    else:
        stored = []
    if earlier and isinstance(stored, list) and keeps_earlier_versions(answers, category, questions):
        stored = type(stored)(list(stored) + [k for k in earlier if k not in stored])
    out["stored_kinds"] = stored
    if kinds == UNKNOWN:
        out["spoken_kinds"] = UNKNOWN
    elif spoken is None:
        out["spoken_kinds"] = MaybeList(k for k in kinds if k != "recordings")
    else:
        # Recording a call does not take it out of the memories of those who heard it.
        out["spoken_kinds"] = [k for k in kinds if k != "recordings"] if spoken else []

    if stored == []:
        holder = "none"
    else:
        where = answers.get("stores_content", UNKNOWN)
        if recorded and category in VOICE_CATEGORIES:
            holder = "provider"  # recordings and voicemail sit with the hotline service or the carrier
        elif written and channels not in (None, UNKNOWN) and "written" in channels and "typed" not in channels:
            holder = "group"  # handwritten notes
        else:
            holder = where
    out["content_holder"] = holder

    e2ee = answers.get("e2ee", UNKNOWN) if _asked(questions.get("e2ee"), category) else "no"
    # Not answered is "don't know", never "no exceptions": a custom tool that only says "encrypted" may read some.
    exceptions = answers.get("content_exceptions", UNKNOWN)
    if holder == UNKNOWN:
        reads = UNKNOWN
    elif holder != "provider":
        reads = "no"
    elif e2ee == UNKNOWN:
        reads = UNKNOWN
    elif e2ee == "no":
        reads = "yes"
    elif recorded and _has(exceptions, "cloud_features") is not False:
        reads = "yes"
    elif e2ee == "optional":
        reads = "some"
    elif exceptions == UNKNOWN or exceptions or getattr(exceptions, "open", False):
        reads = "some"
    else:
        reads = "no"
    out["provider_reads"] = reads

    out["kept_for"] = kept_for(answers, category, questions)
    out["identifies"] = identifies(stored, answers.get("caller_names", UNKNOWN))

    backup = answers.get("cloud_backup", UNKNOWN) if _asked(questions.get("cloud_backup"), category) else "none"
    out["readable_backup"] = {
        "none": "none", "e2ee": "e2ee", "optional_not_e2ee": "readable", "provider_holds": "readable"
    }.get(backup, UNKNOWN)
    out["books"] = books(answers.get("purpose", UNKNOWN), category)
    return out


def books(purpose: Any, category: str | None) -> str:
    """``yes`` for a payment service or a tool used only for admin and money, ``no`` for one used for anything
    else too, unknown while nobody said what it is for."""
    if category == "payments":
        return "yes"
    if not isinstance(purpose, list) or not purpose:
        return UNKNOWN
    return "yes" if set(purpose) <= MONEY_PURPOSES else "no"


@dataclass(frozen=True)
class Record:
    """One record a tool creates: what it holds, who holds it, and who can read and see it."""

    kind: str  # a key of RECORDS
    tool: str | None  # None: the group as a whole
    holder: str  # plain words: "the provider", "members' devices", "the people who heard it"
    readable: str  # yes | some | no | unknown: can the holder read it
    kept_for: str  # a retention choice id, or "unknown" / "while it exists"
    kinds: tuple[str, ...]  # data kinds it holds (empty for metadata)
    about: tuple[str, ...]  # callers, responders
    people: Any = UNKNOWN  # how many in the group can see it
    residual: bool = False  # no change the group controls removes it


def _about(kinds: Any, who_uses: Any) -> tuple[str, ...]:
    out = []
    if kinds == UNKNOWN or (isinstance(kinds, list) and CALLER_KINDS & set(kinds)) or _has(who_uses, "callers"):
        out.append("callers")
    out.append("responders")  # every tool the team uses says something about who responds
    return tuple(out)


def records_of(tool_id: str, answers: dict[str, Any], derived: dict[str, Any], category: str | None) -> list[Record]:
    """The records of one tool, for views and exercises (rules read the derived values)."""
    kinds = answers.get("data_kinds", UNKNOWN)
    who = answers.get("who_uses", UNKNOWN)
    people = answers.get("people_with_access", UNKNOWN)
    about = _about(kinds, who)
    stored = derived["stored_kinds"]
    out: list[Record] = []
    holder = derived["content_holder"]
    holder_words = {"devices": "members' devices", "group": "the group", "provider": "the provider", "none": ""}
    if holder != "none":
        out.append(Record("content", tool_id, holder_words.get(holder, "unknown"), derived["provider_reads"] if holder == "provider" else "yes",
                          derived["kept_for"], tuple(stored) if isinstance(stored, list) else (UNKNOWN,), about, people))
    spoken = derived["spoken_kinds"]
    if spoken == UNKNOWN or spoken:
        out.append(Record("memory", tool_id, "the people who heard it", "yes", "while they remember",
                          tuple(spoken) if isinstance(spoken, list) else (UNKNOWN,), about, people, residual=True))
    if derived["readable_backup"] in ("readable", UNKNOWN) and holder in ("devices", UNKNOWN):
        # A backup mirrors what is on the device at the last backup: it holds what the device holds. Where the
        # provider holds the content, its copy is the content record, not a backup a setting could remove.
        out.append(Record("backup", tool_id, "the backup provider (Google or Apple)", "yes" if derived["readable_backup"] == "readable" else UNKNOWN,
                          derived["kept_for"], tuple(stored) if isinstance(stored, list) else (UNKNOWN,), about))
    if answers.get("version_history") in ("yes", UNKNOWN) and holder == "provider":
        out.append(Record("version_history", tool_id, "the provider", "yes", "until deleted", tuple(stored) if isinstance(stored, list) else (UNKNOWN,), about))
    if answers.get("forwarding", UNKNOWN) in ("sometimes", "often", UNKNOWN):
        out.append(Record("copies", tool_id, "wherever copies went", "yes", "unknown", tuple(stored) if isinstance(stored, list) else (UNKNOWN,), about))
    if category not in ("analog", None) or answers.get("provider_metadata") not in (None, []):
        meta = answers.get("provider_metadata", UNKNOWN)
        out.append(Record("provider_metadata", tool_id, "the provider", "yes", "per the provider",
                          tuple(meta) if isinstance(meta, list) else (UNKNOWN,), about, residual=True))
    if category in ("phone", "hotline"):
        out.append(Record("carrier_log", tool_id, "the phone company or hotline service", "yes", "per the carrier", (), about, residual=True))
        if _has(who, "callers") is not False:
            out.append(Record("callers_carrier_log", tool_id, "callers' own phone companies", "yes", "per each carrier", (), ("callers",), residual=True))
    if derived["content_holder"] == "devices" or category in ("phone", "device"):
        out.append(Record("devices", tool_id, "members' phones and computers", "yes", derived["kept_for"],
                          tuple(stored) if isinstance(stored, list) else (UNKNOWN,), about, people, residual=True))
    return out
