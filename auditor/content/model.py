"""Content as plain, frozen dataclasses: questions, threats, rules, catalog."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from auditor.i18n import N_, _

UNKNOWN = "unknown"
"""The explicit "don't know" answer. It is allowed everywhere and always counts as exposure."""


class OpenList(list):
    """A catalog list the sources do not show complete: what it does not name is unknown, not absent."""

    open = True


@dataclass(frozen=True)
class AtMost:
    """A derived choice known only as an upper bound (what records that only may hold these kinds could say):
    a test is true where every value up to it passes, unknown where some does, false where none does."""

    value: str


class MaybeList(list):
    """A derived list that is at most these items, perhaps none (what is stored, when nobody said how
    details go in): a test for an item it names is unknown, for any other item false."""

    maybe = True

CAPABILITIES = {
    "e2ee_backup": N_("Backups can be end-to-end encrypted"),
    "disappearing_messages": N_("Messages can be set to disappear"),
    "auto_delete": N_("Records can be set to delete themselves"),
    "call_log_delete": N_("Call logs (who called, when, for how long) can be set to delete themselves"),
    "hide_phone_number": N_("Phone numbers can be hidden from others"),
    "admin_only_adds": N_("Only admins can be allowed to add people"),
    "e2ee_setting": N_("End-to-end encryption can be turned on"),
    "two_factor": N_("Logins can require a second step (two-factor)"),
    # Whether deleting (by hand or by a setting) takes a record off the holder within days, or the holder
    # keeps deleted copies for longer (the note says how long).
    "delete_clears": N_("Deleting a record removes it from the provider within days"),
    # Whether the account can delete what the tool already holds at all (voicemail, recordings, history), even
    # where the provider keeps deleted copies for a while: a one-off deletion then still empties the record.
    "user_delete": N_("The group can delete what the tool already holds (voicemail, recordings, history)"),
}
"""What a catalog tool can be set to do (id -> plain label). Each is "yes", "no" or "unknown" per tool;
proposals are offered only where the capability is "yes". Custom tools are unknown."""
CAPABILITY_VALUES = ("yes", "no", UNKNOWN)

SEVERITY_POINTS = {"low": 1.0, "medium": 2.0, "high": 3.0, "critical": 5.0}
EFFORT_COST = {"low": 1.0, "medium": 2.0, "high": 4.0}
# Cheaper-to-do, collect-less kinds first when value per effort ties (BRIEF principle 4).
KIND_ORDER = ("collect_less", "keep_less", "fewer_people", "analog", "practice", "settings", "switch_tool")
KIND_LABELS = {
    "collect_less": N_("collect less"),
    "keep_less": N_("keep it shorter"),
    "fewer_people": N_("fewer people see it"),
    "analog": N_("go analog"),
    "practice": N_("agree a practice"),
    "settings": N_("change a setting"),
    "switch_tool": N_("switch tools"),
}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    risk: int
    help: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    scope: str  # "profile" or "tool"
    type: str  # choice | multi | count | yesno
    prompt: str
    why: str
    help: str = ""
    section: str = ""
    choices: tuple[Choice, ...] = ()
    risky: str | None = None  # yesno: the exposed answer
    max: int | None = None
    unit: str = ""
    categories: tuple[str, ...] | None = None
    catalog_fact: bool = False
    # A catalog fact the group's answer makes a practice (how long it keeps things): a switch keeps it.
    carries_over: bool = False
    file: str = ""

    def choice(self, choice_id: str) -> Choice | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None

    @property
    def choice_ids(self) -> tuple[str, ...]:
        if self.type == "yesno":
            return ("yes", "no")
        return tuple(c.id for c in self.choices)

    def asked_for(self, category: str | None) -> bool:
        return self.categories is None or category is None or category in self.categories

    def rank(self, value: Any) -> float:
        """Exposure rank of a single value: higher is more exposed; unknown is the most."""
        if value == UNKNOWN or value is None:
            return math.inf
        if self.type == "count":
            return float(value)
        if self.type == "yesno":
            return 1.0 if value == self.risky else 0.0
        c = self.choice(value)
        return float(c.risk) if c else math.inf

    def problem_with(self, value: Any) -> str | None:
        """Why ``value`` is not a valid answer to this question, or None if it is."""
        if value == UNKNOWN:
            return None
        if self.type == "count":
            if isinstance(value, bool) or not isinstance(value, int):
                return f"expected a whole number or 'unknown', got {value!r}"
            if value < 0:
                return "a count cannot be negative"
            return None
        if self.type == "multi":
            if not isinstance(value, list):
                return f"expected a list of choices or 'unknown', got {value!r}"
            bad = [v for v in value if v not in self.choice_ids]
            if bad:
                return f"{bad[0]!r} is not one of: {', '.join(self.choice_ids)}"
            return None
        if isinstance(value, bool):
            return f"got {str(value).lower()}; write one of: {', '.join(self.choice_ids)}, unknown"
        if value not in self.choice_ids:
            return f"{value!r} is not one of: {', '.join(self.choice_ids)}, unknown"
        return None

    def label_of(self, value: Any) -> str:
        """Plain-language rendering of an answer value."""
        if value == UNKNOWN or value is None:
            return _("don't know")
        if self.type == "count":
            return f"{value} {self.unit}".strip()
        if self.type == "yesno":
            return {"yes": _("yes"), "no": _("no")}.get(value, str(value))
        if self.type == "multi" and isinstance(value, (list, tuple)):
            if not value:
                return _("none")
            return ", ".join((c.label if (c := self.choice(v)) else str(v)) for v in value)
        if isinstance(value, AtMost):
            return _("at most: {label}").format(label=self.label_of(value.value))
        c = self.choice(value)
        return c.label if c else str(value)


@dataclass(frozen=True)
class SourceRef:
    kind: str  # "report" (a BCCR report section) or "ref" (a catalog source id)
    value: str


@dataclass(frozen=True)
class Threat:
    id: str
    title: str
    summary: str
    scale: float
    short: str = ""  # a word or two where room is tight (the score line); the title when not given
    explainer: str = ""
    sources: tuple[SourceRef, ...] = ()
    order: int = 1000
    room_example: str = ""  # for a facilitator's room: a short example from practice
    room_questions: tuple[str, ...] = ()  # and the questions to ask the group

    @property
    def brief(self) -> str:
        return brief_name(self.title, self.short)


def brief_name(title: str, short: str, room: int = 18) -> str:
    """A threat's name for a column or a list: its title when that is short, else its short name
    (at most 18 characters, the rulesets' schema says)."""
    return title if len(title) <= room else short


@dataclass(frozen=True)
class Change:
    answer: str | None = None
    set: Any = None
    remove: tuple[str, ...] = ()
    switch_to: str | None = None


@dataclass(frozen=True)
class ProposalTemplate:
    id: str
    title: str
    kind: str
    effort: str
    changes: tuple[Change, ...]
    detail: str = ""
    # Where the change can be carried out at all (tool categories, catalog capabilities, purpose);
    # None: wherever the rule fires. Offered only where this is true, never on "don't know".
    offered_when: Any = None
    # (tool category, how-to written for that kind of tool); ``detail`` is the how-to everywhere else.
    how_to: tuple[tuple[str, str], ...] = ()
    # Its how-to deletes something already kept (a clear-out, shredding, removing screenshots), so the
    # report's legal-hold line applies; changes of retention, version history or what is kept always do.
    deletes: bool = False

    def detail_for(self, category: str | None) -> str:
        """The how-to for the kind of tool it lands on."""
        return dict(self.how_to).get(category or "", self.detail)


@dataclass(frozen=True)
class Amplifier:
    when: Any  # compiled condition
    factor: float
    why: str
    threat: str  # an amplifier weighs only the threat it is about


@dataclass(frozen=True)
class Rule:
    id: str
    threats: tuple[str, ...]
    title: str
    severity: str
    scope: str  # "tool" or "group"
    when: Any  # compiled condition
    reason: str
    sources: tuple[SourceRef, ...]
    applies: Any = None
    amplify: tuple[Amplifier, ...] = ()
    proposals: tuple[ProposalTemplate, ...] = ()
    ruleset: str = ""
    file: str = ""
    # The record this rule's exposure is about: one (entity, record, threat) exposure counts once.
    exposure: str = ""
    # A factor: the rule does not add an exposure, it raises the weight of an existing one.
    raises: float | None = None
    # No change the group controls removes this exposure (callers' carriers, testimony, seizure).
    residual: bool = False
    order: int = 0  # position among all rules, for stable ties

    @property
    def points(self) -> float:
        return SEVERITY_POINTS[self.severity]


@dataclass(frozen=True)
class Fact:
    """A sourced, dated catalog value: a fact (a tool question's default answer) or a capability."""

    value: Any
    as_of: str
    sources: tuple[str, ...] = ()
    note: str = ""
    # Multiple-choice facts only: True when the sources show the whole list; False when they document
    # "at least these" (every choice not named is unknown, which is exposure). None elsewhere.
    complete: bool | None = None


@dataclass(frozen=True)
class CatalogTool:
    id: str
    name: str
    category: str
    summary: str
    facts: dict[str, Fact]
    aliases: tuple[str, ...] = ()
    analog: bool = False
    # capability id (see CAPABILITIES) -> Fact whose value is "yes", "no" or "unknown".
    capabilities: dict[str, Fact] = field(default_factory=dict)
    # Every name it is found by: its name and aliases in the reader's language and in English.
    search_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    where: str = ""
    as_of: str = ""


@dataclass(frozen=True)
class RulesetInfo:
    id: str
    version: str
    file: str
    rules: int


@dataclass
class Content:
    """Everything loaded from checklists/, rulesets/ and catalog/: validated and cross-checked."""

    questions: dict[str, Question]
    threats: dict[str, Threat]
    rules: list[Rule]
    catalog: dict[str, CatalogTool]
    categories: dict[str, str]
    sources: dict[str, Source]
    rulesets: list[RulesetInfo]
    sections: dict[str, str] = field(default_factory=dict)
    # Category id -> its name in the reader's language and in English (a kind of tool is searched in either).
    category_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fingerprint: str = ""
    # Derived record values rules may test ({record: ...}), typed like questions.
    record_fields: dict[str, Question] = field(default_factory=dict)
    # Proposal id -> its one definition, and the ids of the rules that offer it.
    proposals: dict[str, ProposalTemplate] = field(default_factory=dict)
    proposal_rules: dict[str, list[str]] = field(default_factory=dict)
    # Tool question id -> when the group controls the record that answer describes (``controlled_when``):
    # a change to the answer is offered where this is true, with "check first" where it is unknown.
    controls: dict[str, Any] = field(default_factory=dict)

    @property
    def profile_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.scope == "profile"]

    @property
    def tool_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.scope == "tool"]

    def rule(self, rule_id: str) -> Rule:
        index = self.__dict__.get("_rule_index")
        if index is None or len(index) != len(self.rules):
            index = self.__dict__["_rule_index"] = {r.id: r for r in self.rules}
        return index[rule_id]

    def cite(self, ref: SourceRef) -> str:
        """A source as a reader sees it: the report section, or the source's title and where to find it."""
        if ref.kind == "report":
            return _("BCCR report (2022-2023), section \"{section}\"").format(section=ref.value)
        src = self.sources.get(ref.value)
        if src is None:
            return ref.value
        text = src.title
        if src.where:
            text += f" ({src.where})"
        if src.as_of:
            text += _(", as of {date}").format(date=src.as_of)
        return text

    def version_record(self) -> dict:
        """What the scores were computed with, so cycles can be compared honestly."""
        return {
            "fingerprint": self.fingerprint,
            "rulesets": {r.id: r.version for r in self.rulesets},
        }
