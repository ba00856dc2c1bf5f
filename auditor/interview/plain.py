"""The plain line mode: the app's interview as plain lines on stdin and stdout.

For screen readers, braille displays, ``TERM=dumb`` and pipes: no colour, no cursor movement, no box
drawing. The same interview as the app (the group's questions, then the tools, each question with why
we ask, numbered choices and "don't know" always), through the same ``Session``: every answer is saved
at once, exactly as in the app. End of input (ctrl+d) or ``q`` saves and stops, saying where the file is.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any, TextIO

from auditor.audits import storage
from auditor.audits import examples
from auditor.audits.model import Audit, load_audit, tool_category
from auditor.content.model import UNKNOWN, Content, Question, SourceRef
from auditor.errors import shown
from auditor.i18n import N_, _, ngettext
from auditor.interview.answers import catalog_matches, fold, kind_matches, parse_count, tools_of_kind
from auditor.interview.session import ANSWERED, CATALOG, UNANSWERED, Session, humanize, short_name

WIDTH = 78
QUIT_WORDS = {"q", "quit", "exit"}
GO_BACK, GO_ON = "back", "next"  # where a question sends the interview


def _words(*words: str) -> set[str]:
    """Command words in English and in the reader's language (the English ones always work)."""
    return {w.lower() for w in words} | {_(w).lower() for w in words}


# Marked for translation: a Spanish reader types "atrás", "ayuda", "saltar" (the English words work too).
BACK, HELP, SKIP, NO, YES = (N_("b"), N_("back")), (N_("h"), N_("help")), (N_("s"), N_("skip")), (N_("n"), N_("no")), (N_("y"), N_("yes"))


def back_words() -> set[str]:
    return _words(*BACK)


def help_words() -> set[str]:
    return _words(*HELP)


def skip_words() -> set[str]:
    return _words(*SKIP)


class Stop(Exception):
    """End of input, or the person asked to stop: everything is already saved."""


class Plain:
    """One plain-mode run over one open session."""

    def __init__(self, session: Session, stdin: TextIO, stdout: TextIO) -> None:
        self.session, self.stdin, self.stdout = session, stdin, stdout

    # -- lines in and out ----------------------------------------------------------------------
    def say(self, text: str = "", indent: str = "", hang: str | None = None) -> None:
        """Lines wrapped at WIDTH; ``hang`` indents the continuation lines (of a numbered item)."""
        for paragraph in text.split("\n"):
            wrapped = textwrap.fill(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent if hang is None else hang, break_on_hyphens=False, break_long_words=False) if paragraph else ""
            self.stdout.write(wrapped + "\n")
        self.stdout.flush()

    def line(self, text: str) -> None:
        """One line as it is, never wrapped (a file path must stay whole to be copied)."""
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        """A prompt wrapped like every other line, the answer typed after its last line."""
        lines = [textwrap.fill(part, WIDTH, break_on_hyphens=False, break_long_words=False) if part else "" for part in prompt.split("\n")]
        self.stdout.write("\n".join(lines) + " ")
        self.stdout.flush()
        line = self.stdin.readline()
        if not line or not self.stdin.isatty():
            self.stdout.write("\n")  # a pipe echoes nothing: the next line must not run on after the prompt
        if not line:
            raise Stop
        text = line.strip()
        if text.lower() in QUIT_WORDS:
            raise Stop
        return text

    def saved(self, error: str | None) -> None:
        if error:
            self.say(_("Could not save: {error}").format(error=shown(error)))

    # -- the whole interview ---------------------------------------------------------------------
    def run(self) -> None:
        s = self.session
        self.line(_("auditor, plain line mode. Audit file:"))
        self.line(shown(s.path))
        self.say(_("Every answer is saved at once. Type help for what you can type, q (or end the input) to stop; "
                   "everything stays saved."))
        if not s.audit.title and not s.audit.tools and not s.audit.profile:
            label = self.ask(_("A short label for this audit, for example the season (no names; Enter to skip):"))
            if label:
                self.saved(s.set_title(label))
        sections = [None] + [tool.id for tool in s.audit.tools]
        first, start = self.resume_point(sections)
        for tool_id in sections[first:]:
            self.section(tool_id, start)
            start = 0
        self.add_tools()

    def resume_point(self, sections: list[str | None]) -> tuple[int, int]:
        """(section, question) to start from: where the last session stopped, if the person wants that."""
        s = self.session
        where = s.audit.progress
        tool_id = where.get("tool") if where.get("screen") == "tool" else None
        if where.get("screen") not in ("profile", "tool") or tool_id not in sections:
            return 0, 0
        ids = [q.id for q in s.questions(tool_id)]
        if where.get("question") not in ids:
            return 0, 0
        index = ids.index(where["question"])
        if tool_id is None and index == 0:
            return 0, 0
        name = _("the group") if tool_id is None else shown(s.tool(tool_id).name)
        text = self.ask(_("Resume where you stopped: question {n} of {count} about {name}? Enter: resume; n: start from "
                          "the first question:").format(n=index + 1, count=len(ids), name=name))
        if text.lower() in _words(*NO):
            return 0, 0
        return sections.index(tool_id), index

    def section(self, tool_id: str | None, start: int = 0) -> None:
        """The questions about the group (``tool_id`` None) or one tool, as the app asks them; b goes back."""
        s = self.session
        qs = s.questions(tool_id)
        name = _("the group") if tool_id is None else shown(s.tool(tool_id).name)
        self.say()
        self.say(_("== Questions about {name} ==").format(name=name))
        self.not_asked(tool_id)
        open_ = [q for q in qs if s.origin(tool_id, q.id)[1] == UNANSWERED or s.carried(tool_id, q.id)]
        if not open_ and not start:
            again = self.ask(_("All {n} are answered. Review them? Type y for yes, Enter to go on:").format(n=len(qs)))
            if again.lower() not in _words(*YES):
                return
        i, heading = start, None
        while i < len(qs):
            q = qs[i]
            if q.section and q.section != heading:
                self.say()
                self.say(f"-- {s.content.sections.get(q.section, humanize(q.section))} --")
            heading = q.section
            if self.question(tool_id, q, i, len(qs)) == GO_BACK:
                if i == 0:
                    self.say(_("This is the first question about {name}.").format(name=name))
                else:
                    i, heading = i - 1, None
                continue
            i += 1
        done, total = s.counts()
        self.say(_("{done} of {total} questions answered in this audit so far.").format(done=done, total=total))

    def not_asked(self, tool_id: str | None) -> None:
        if tool_id is None:
            return
        s = self.session
        category = tool_category(s.tool(tool_id), s.content)
        skipped = [q for q in s.content.tool_questions if not q.asked_for(category)]
        if skipped:
            kind = s.content.categories.get(category or "", category or "")
            self.say(_("Not applicable, so not asked of {kind}: {names}.").format(kind=kind.lower(), names=", ".join(short_name(q) for q in skipped)))

    # -- one question ------------------------------------------------------------------------------
    def question(self, tool_id: str | None, q: Question, index: int, count: int) -> str:
        """Ask one question; GO_ON once it is answered, kept or skipped, GO_BACK for the one before."""
        s = self.session
        s.set_progress(**({"screen": "profile", "question": q.id} if tool_id is None else {"screen": "tool", "tool": tool_id, "question": q.id}))
        self.say()
        self.say(_("Question {n} of {count}").format(n=index + 1, count=count))
        self.say(q.prompt)
        self.say(_("Why we ask: {why}").format(why=q.why))
        if q.help:
            self.say(q.help)
        value, origin = s.origin(tool_id, q.id)
        carried = s.carried(tool_id, q.id)
        self.state(tool_id, q, value, origin, carried)
        options = self.options(q)
        for number, (_cid, label) in enumerate(options, 1):
            self.say(f"{number}. {label}", indent="  ", hang="     ")
        hint = {
            "multi": _("Type the numbers that apply (for example: 1 3), 0 for none of these, ? for don't know."),
            "count": _("Type a number (0 or more), or ? for don't know."),
        }.get(q.type, _("Type a number, or ? for don't know."))
        keep = _("Enter alone: it still holds.") if carried else (_("Enter alone: keep it.") if origin != UNANSWERED else _("Enter alone: skip for now."))
        while True:
            text = self.ask(f"{hint} {keep}\n>")
            if text.lower() in help_words():
                self.help()
                continue
            if text.lower() in back_words():
                return GO_BACK
            if text.lower() in skip_words():
                return GO_ON  # left as it is: unanswered stays unanswered, carried stays to confirm
            if not text:
                if carried:
                    self.saved(s.confirm(tool_id, q.id))
                return GO_ON
            answer = self.read(q, options, text)
            if answer is None:
                self.say(_("That is not one of the answers. {hint}").format(hint=hint))
                continue
            if origin == CATALOG and answer == value and not carried:
                return GO_ON  # keeping the catalog default: it stays marked as a default, as in the app
            error = s.answer(tool_id, q.id, answer)
            if error and s.save_error != error:
                self.say(error)  # not a valid answer after all (the core decides)
                continue
            self.saved(error)
            return GO_ON

    def help(self) -> None:
        self.say(_("What you can type at a question:"))
        for line in (
            _("a number: that answer (for a question with several answers, the numbers that apply: 1 3)"),
            _("? or d: don't know (it counts as exposure until you find out)"),
            _("Enter alone: keep the answer it has, or skip it for now"),
            _("s or skip: go on without changing anything"),
            _("b or back: the question before"),
            _("help: this list"),
            _("q: stop here; everything is saved, and next time you can resume here"),
        ):
            self.say(line, indent="  ", hang="    ")

    def state(self, tool_id: str | None, q: Question, value: Any, origin: str, carried: bool) -> None:
        label = self.label(q, value)
        if carried:
            self.say(_("Carried over from the last cycle: {answer}.").format(answer=label))
        elif origin == ANSWERED:
            self.say(_("Your answer: {answer}.").format(answer=label))
        elif origin == CATALOG:
            self.say(_("Catalog default: {answer}.").format(answer=label))
            fact = self.fact(tool_id, q)
            if fact is not None:
                cites = "; ".join(self.session.content.cite(SourceRef("ref", x)) for x in fact.sources) or _("none given")
                self.say(_("Source: {source}").format(source=cites), indent="  ")
                if fact.note:
                    self.say(_("Note: {note}").format(note=fact.note), indent="  ")
        else:
            self.say(_("Not answered yet: until it is, it counts as \"don't know\" (exposure)."))

    def fact(self, tool_id: str | None, q: Question):
        tool = self.session.tool(tool_id)
        entry = self.session.content.catalog.get(tool.catalog) if tool is not None and tool.catalog else None
        return entry.facts.get(q.id) if entry else None

    @staticmethod
    def options(q: Question) -> list[tuple[str, str]]:
        if q.type == "count":
            return []
        pairs = [("yes", _("Yes")), ("no", _("No"))] if q.type == "yesno" else [(c.id, c.label) for c in q.choices]
        return pairs + [(UNKNOWN, _("Don't know"))]

    @staticmethod
    def label(q: Question, value: Any) -> str:
        if value == UNKNOWN or value is None:
            return _("don't know")
        if q.type == "yesno":
            return {"yes": _("Yes"), "no": _("No")}.get(value, str(value))
        if q.type == "multi" and value == []:
            return _("none of these")
        return q.label_of(value)

    @staticmethod
    def read(q: Question, options: list[tuple[str, str]], text: str) -> Any:
        """The answer a typed line means, or None if it means none."""
        words = {_("don't know").lower(), "?", "d"}
        if text.lower() in words:
            return UNKNOWN
        if q.type == "count":
            return parse_count(text, q, words)
        picks = text.replace(",", " ").split()
        if not all(p.isascii() and p.isdigit() for p in picks):
            return None
        numbers = [int(p) for p in picks]
        if q.type == "multi":
            if numbers == [0]:
                return []
            if numbers == [len(options)]:
                return UNKNOWN
            if not all(1 <= n < len(options) for n in numbers):
                return None
            wanted = {options[n - 1][0] for n in numbers}
            return [c.id for c in q.choices if c.id in wanted]  # in the question's order, as the app saves it
        if len(numbers) != 1 or not 1 <= numbers[0] <= len(options):
            return None
        return options[numbers[0] - 1][0]

    # -- tools -----------------------------------------------------------------------------------------
    def add_tools(self) -> None:
        s = self.session
        while True:
            self.say()
            self.tool_list()
            text = self.ask(_("Add a tool: type its name (WhatsApp, Signal, hotline phone, spreadsheet, paper...) or list for the catalog. Enter alone when every tool is in:"))
            if not text:
                return
            if text.lower() in ("list", _("list")):
                self.catalog_list()
                continue
            tool = self.pick_tool(text)
            if tool is not None:
                self.section(tool.id)

    def tool_list(self) -> None:
        tools = self.session.audit.tools
        if not tools:
            self.say(_("No tools yet: every app, phone line, spreadsheet, form or notebook the group uses for crisis calls."))
            return
        self.say(ngettext("{n} tool in this audit:", "{n} tools in this audit:", len(tools)).format(n=len(tools)))
        for tool in tools:
            done, total = self.session.tool_counts(tool.id)
            self.say(_("{name}: {done} of {total} answered").format(name=shown(tool.name), done=done, total=total), indent="  ")

    def catalog_list(self) -> None:
        content = self.session.content
        for number, entry in enumerate(content.catalog.values(), 1):
            also = _(" (also: {aliases})").format(aliases=", ".join(entry.aliases)) if entry.aliases else ""
            self.say(f"  {number}. {entry.name}{also}: {content.categories.get(entry.category, entry.category)}")
        self.say(_("Type a number from this list, or a name."))

    def pick_tool(self, text: str):
        s = self.session
        catalog = list(s.content.catalog.values())
        if text.isascii() and text.isdigit():
            n = int(text)
            if 1 <= n <= len(catalog):
                return self.add_catalog(catalog[n - 1].id)
            self.say(_("There is no number {n} in the catalog list.").format(n=n))
            return None
        matches = catalog_matches(s.content, text)
        kinds = kind_matches(s.content, text)
        exact = [e for e in matches if fold(text) in {fold(n) for n in e.search_names}]
        if len(exact) == 1 or (len(matches) == 1 and not kinds):
            return self.add_catalog((exact or matches)[0].id)
        if kinds:  # a kind of tool: its tools, not the first brand that happens to match
            matches = list(dict.fromkeys([e for cid in kinds for e in tools_of_kind(s.content, cid)] + matches))
        for number, entry in enumerate(matches, 1):
            self.say(f"  {number}. {entry.name}: {s.content.categories.get(entry.category, entry.category)}", indent="", hang="     ")
        custom = len(matches) + 1
        self.say(_("  {n}. Add \"{name}\" as a custom tool (you choose its category)").format(n=custom, name=shown(text)))
        while True:
            choice = self.ask(_("Which one? Type its number (Enter alone: none of them):"))
            if not choice:
                return None
            if choice.isascii() and choice.isdigit() and 1 <= int(choice) <= custom:
                break
        if int(choice) < custom:
            return self.add_catalog(matches[int(choice) - 1].id)
        return self.add_custom(text)

    def add_catalog(self, catalog_id: str):
        tool = self.session.add_catalog_tool(catalog_id)
        self.say(_("Added {name}. Its catalog defaults are filled in; change any that differ.").format(name=shown(tool.name)))
        return tool

    def add_custom(self, name: str):
        categories = list(self.session.content.categories.items())
        self.say(_("What kind of tool is it? This decides which questions are asked about it."))
        for number, (_cid, label) in enumerate(categories, 1):
            self.say(f"  {number}. {label}")
        while True:
            choice = self.ask(_("Type its number (Enter alone: do not add it):"))
            if not choice:
                return None
            if choice.isascii() and choice.isdigit() and 1 <= int(choice) <= len(categories):
                break
        tool = self.session.add_custom_tool(name, categories[int(choice) - 1][0])
        self.say(_("Added {name}.").format(name=shown(tool.name)))
        return tool

    def results(self, top: int = 5) -> None:
        """The scores, the first changes and what remains, as short wrapped lines (no tables: a screen
        reader reads a table row by row as noise). The whole account is one command away."""
        from auditor.reports.vocab import level as level_words

        a = self.session.assessment
        self.say()
        self.say(_("== Scores, findings and the plan =="))
        self.say(_("Scores run 0-100 per threat; a low score is not the same as safe."))
        for t in a.scores.values():
            self.say(_("{threat}: {score} of 100, {level}; after the whole plan {after}; {residual} out of the group's reach.").format(
                threat=t.title, score=t.score, level=level_words(t.level), after=t.after_plan, residual=t.residual), indent="  ", hang="    ")
        self.say()
        self.say(_("What to do first: top {n} of {count} changes, ranked by risk removed per effort").format(n=min(top, len(a.plan)), count=len(a.plan)))
        for item in a.plan[:top]:
            self.say(f"{item.rank}. {item.proposal.title} ({shown(item.tool_name)})", indent="  ", hang="     ")
        self.say()
        self.say(ngettext("What remains after the whole plan: {n} finding.", "What remains after the whole plan: {n} findings.", len(a.remaining)).format(n=len(a.remaining)))
        for x in a.remaining[:top]:
            self.say(f"- {a.content.rule(x.finding.rule).title} ({shown(a.tool_name(x.finding.tool))}): {x.why}", indent="  ", hang="    ")
        if len(a.remaining) > top:
            more = len(a.remaining) - top
            self.say(ngettext("and {n} more", "and {n} more", more).format(n=more), indent="  ")
        self.say()
        self.say(ngettext("{n} finding in all. Every finding, its reasons and sources: auditor score FILE, or auditor report FILE.",
                          "{n} findings in all. Every finding, its reasons and sources: auditor score FILE, or auditor report FILE.",
                          a.finding_count()).format(n=a.finding_count()))


def open_session(path: Path, content: Content) -> Session:
    """The audit in ``path`` (a new one if there is no file yet), as the app opens it."""
    passphrase = storage.ask_passphrase(path) if storage.wants_encryption(path) or storage.uses_encryption(path) else None
    audit = load_audit(path, content, passphrase) if path.exists() else Audit()
    return Session(audit, path, content, passphrase)


def choose_audit(last: Path | None, new_path: Path, stdin: TextIO, stdout: TextIO) -> Path | None:
    """A bare ``auditor`` without a screen: the app's start offer in lines (resume the last audit, start a
    new one, or open a file). None: the person stopped."""
    if last is None:
        return new_path
    plain = Plain(None, stdin, stdout)  # type: ignore[arg-type] - only its lines in and out are used here
    plain.say(_("auditor, plain line mode."))
    plain.say("  1. " + _("Resume the last audit:"))
    plain.line("     " + shown(last))
    plain.say("  2. " + _("New audit, in a new file:"))
    plain.line("     " + shown(new_path))
    plain.say("  3. " + _("Open another audit file (you type its path)"))
    try:
        while True:
            choice = plain.ask(_("Type 1, 2 or 3 (Enter alone: 1, resume):"))
            if choice in ("", "1"):
                return last
            if choice == "2":
                return new_path
            if choice == "3":
                typed = plain.ask(_("The audit file's path:"))
                if typed:
                    return Path(typed).expanduser()
    except Stop:
        return None


def run_plain(path: Path, stdin: TextIO, stdout: TextIO, content: Content | None = None, copies: Path | None = None) -> int:
    """Run the interview in plain lines; returns the exit code (0: done or stopped, everything saved).
    A shipped example is worked on as a private copy in ``copies`` (the audits folder); without one its
    saves are refused (``save_audit``)."""
    if content is None:
        from auditor.content.loader import load_content

        content = load_content()
    path = Path(path)
    if path.exists() and examples.is_shipped_example(path) and copies is not None:
        copy = examples.private_copy(path, copies)
        stdout.write(_("{name} is a shipped example: you are working on a copy, {copy}. The example stays as it was.").format(name=path.name, copy=copy) + "\n")
        path = copy
    session = open_session(path, content)
    plain = Plain(session, stdin, stdout)
    try:
        plain.run()
        plain.results()
    except Stop:
        pass
    error = session.close()
    if error:
        plain.say(_("Could not save: {error}").format(error=shown(error)))
        return 1
    if not path.exists():
        plain.say(_("Nothing was answered, so no file was written."))
    else:
        plain.line(_("Saved. The audit is in:"))
        plain.line(shown(path.resolve()))
    return 0
