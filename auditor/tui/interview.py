"""The interview: a list of questions on the left, the current one on the right.

Used for the group profile and for each tool. Every question shows why we ask
it and offers "don't know". Answering saves at once and moves to the next
question. Catalog defaults are shown with their source and date and can be
kept (→ or Enter on the default) or overridden; carried-over answers from the
last cycle are marked until confirmed (ctrl+y, one at a time, or ctrl+t for a
whole section or list) or answered again. Number keys 1-9 answer a choice or tick
a multiple choice. Nothing is saved by accident: Enter with nothing ticked asks
"none of these, or don't know?" (unless that is the answer it already has), and a
count must be plain digits (the core's own check decides what is valid).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from auditor.content.model import UNKNOWN, Question, SourceRef
from auditor.tui.messages import Answered, AuditChanged, InterviewFinished
from auditor.interview.answers import parse_count
from auditor.interview.session import ANSWERED, CATALOG, UNANSWERED, humanize, short_name
from auditor.tui.text import answer_label, join
from auditor.i18n import N_, _

DONT_KNOW = N_("Don't know")


def marker(value: Any, origin: str, carried: bool) -> str:
    if carried:
        return "↻"
    if origin == UNANSWERED:
        return "·"
    if value == UNKNOWN:
        return "?"
    if origin == CATALOG:
        return "◇"
    return "✓"


def numbered(index: int, label: str) -> str:
    """An option with its number key (1-9) in front; later ones are reached with the arrows."""
    return f"{index + 1} {label}" if index < 9 else f"  {label}"


def number_key(event, count: int) -> int | None:
    """The option index a number key 1-9 names, or None."""
    key = event.key
    if len(key) == 1 and key in "123456789" and int(key) <= count:
        return int(key) - 1
    return None


class ChoiceAnswer(OptionList):
    """One choice (or yes/no), plus "don't know". Enter answers.

    The answer fields are mounted once and loaded with each question (``load``): remounting one
    per question cost a layout, a focus change and a footer rebuild on every keypress."""

    question: Question | None = None
    tool_id: str | None = None

    def __init__(self, **kwargs) -> None:
        super().__init__(classes="answer-widget", markup=False, **kwargs)

    def load(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        if question.type == "yesno":
            pairs = [("yes", _("Yes")), ("no", _("No"))]
        else:
            pairs = [(c.id, c.label) for c in question.choices]
        pairs.append((UNKNOWN, _(DONT_KNOW)))
        tag = {ANSWERED: _("  ← your answer"), CATALOG: _("  ← catalog default")}.get(origin, "")
        self.set_options(
            Option(Content(numbered(i, label) + (tag if cid == current and origin != UNANSWERED else "")), id=cid)
            for i, (cid, label) in enumerate(pairs)
        )
        ids = [cid for cid, _label in pairs]
        self.highlighted = ids.index(current) if origin != UNANSWERED and current in ids else 0

    def on_key(self, event) -> None:
        n = number_key(event, self.option_count)
        if n is not None:  # a number key answers at once, as in plain mode
            event.stop()
            self.highlighted = n
            self.post_message(Answered(self.tool_id, self.question.id, self.get_option_at_index(n).id))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(self.tool_id, self.question.id, event.option.id))


class MultiAnswer(OptionList):
    """Several choices: Space ticks [x] or unticks [ ], Enter saves what is ticked.

    Enter with nothing ticked asks whether that means "none of these" or "don't know":
    an empty answer scores as safe, so it is never saved by a stray Enter."""

    BINDINGS = [
        Binding("space", "tick", N_("Tick"), id="multi.tick", tooltip=N_("Tick or untick this choice")),
        Binding("enter", "save", N_("Save ticked"), id="multi.save", tooltip=N_("Save the ticked choices as the answer")),
    ]

    question: Question | None = None
    tool_id: str | None = None

    def __init__(self, **kwargs) -> None:
        self.ticked: set[str] = set()
        self.kept: Any = None
        super().__init__(classes="answer-widget", markup=False, **kwargs)

    def load(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        self.ticked = set(current) if isinstance(current, list) else set()
        # An answer that ticks nothing ("none of these", or "don't know"): Enter keeps it, no question asked.
        self.kept = current if origin != UNANSWERED and current in ([], UNKNOWN) else None
        self.set_options(Option(self._prompt(i, c), id=c.id) for i, c in enumerate(question.choices))
        self.highlighted = 0 if question.choices else None

    def _prompt(self, index: int, choice) -> Content:
        return Content(numbered(index, f"[{'x' if choice.id in self.ticked else ' '}] {choice.label}"))

    def on_key(self, event) -> None:
        n = number_key(event, self.option_count)
        if n is not None:  # a number key ticks or unticks that choice
            event.stop()
            self.highlighted = n
            self.action_tick()

    @property
    def selected(self) -> list[str]:
        return [c.id for c in self.question.choices if c.id in self.ticked]

    def action_tick(self) -> None:
        if self.highlighted is None:
            return
        choice = self.question.choices[self.highlighted]
        self.ticked ^= {choice.id}
        self.replace_option_prompt_at_index(self.highlighted, self._prompt(self.highlighted, choice))

    def action_save(self) -> None:
        if self.selected:
            self.post_message(Answered(self.tool_id, self.question.id, self.selected))
            return
        if self.kept is not None:
            self.post_message(Answered(self.tool_id, self.question.id, self.kept))
            return
        from auditor.tui.dialogs import ChoiceDialog

        def chosen(choice: str | None) -> None:
            if choice == "none":
                self.post_message(Answered(self.tool_id, self.question.id, []))
            elif choice == UNKNOWN:
                self.post_message(Answered(self.tool_id, self.question.id, UNKNOWN))

        self.app.push_screen(
            ChoiceDialog(
                _("Nothing is ticked. What does that mean?"),
                [("none", _("None of these apply")), (UNKNOWN, _("Don't know (counted as exposure)"))],
                explain=_("Escape goes back to tick choices (Space ticks, Enter saves)."),
            ),
            chosen,
        )


class CountAnswer(Input):
    """A whole number; ? (or d) for don't know."""

    question: Question | None = None
    tool_id: str | None = None
    stored: Any = None

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder=_("a number, or ? for don't know"), classes="answer-widget", max_length=7, **kwargs)

    def load(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        self.stored = None if origin == UNANSWERED else current
        self.value = "" if origin == UNANSWERED else ("?" if current == UNKNOWN else str(current))
        self.select_all()  # as a newly focused field would: typing replaces the number

    # ← → move between questions from the ends of the field, as the hint says; a changed number
    # is saved on the way forward (never dropped silently).
    def action_cursor_right(self, select: bool = False) -> None:
        if select or not self.cursor_at_end:
            super().action_cursor_right(select)
            return
        if self.value.strip() and parse_count(self.value, self.question) != self.stored:
            self.post_message(Input.Submitted(self, self.value))
            return
        self.query_ancestor(Interview).action_move(1)

    def action_cursor_left(self, select: bool = False) -> None:
        unchanged = not self.value.strip() or parse_count(self.value, self.question) == self.stored
        if select or self.cursor_position > 0 or not self.selection.is_empty or not unchanged:
            super().action_cursor_left(select)
            return
        self.query_ancestor(Interview).action_move(-1)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = parse_count(event.value, self.question)
        if value is None:
            self.app.notify(_("Type a whole number with the digits 0-9 (0 or more), or ? for don't know."), severity="warning", markup=False)
        else:
            self.post_message(Answered(self.tool_id, self.question.id, value))


FIELDS = {"choice": ChoiceAnswer, "yesno": ChoiceAnswer, "multi": MultiAnswer, "count": CountAnswer}
HINTS = {
    "choice": N_("1-9 answer · ↑↓ move · Enter answer · d don't know"),
    "yesno": N_("1-9 answer · ↑↓ move · Enter answer · d don't know"),
    "multi": N_("1-9 or Space tick [x] · Enter save ticked · d don't know"),
    "count": N_("type a number · Enter save · ? don't know"),

}


class Interview(Horizontal):
    """Questions for the group (tool_id None) or one tool."""

    BINDINGS = [
        Binding("right", "move(1)", N_("Next"), id="interview.next", tooltip=N_("Next question (keeps the current answer)")),
        Binding("left", "move(-1)", N_("Prev"), id="interview.prev", tooltip=N_("Previous question")),
        Binding("d", "dont_know", N_("Don't know"), id="interview.dont_know", tooltip=N_("Answer \"don't know\" (counted as exposure)")),
        Binding("ctrl+y", "confirm", N_("Still holds"), id="interview.confirm", tooltip=N_("Confirm that this answer carried over from the last cycle still holds, and move on")),
        Binding("ctrl+t", "confirm_all", N_("Confirm all"), id="interview.confirm_all", tooltip=N_("Confirm every carried-over answer left in this section, or in this whole list")),
        Binding("ctrl+r", "reset", N_("Catalog default"), id="interview.reset", tooltip=N_("Go back to the catalog's default for this question"), show=False),
        Binding("escape", "close_list", N_("Close list"), id="interview.close_list", tooltip=N_("Close the list of questions")),
        Binding("tab", "toggle_list", N_("Questions"), id="interview.list", tooltip=N_("Show the list of questions and jump between it and the answer")),
    ]

    def __init__(self, tool_id: str | None, start: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tool_id = tool_id
        self.start = start
        self.index = 0
        self.answer_widget = None

    @property
    def session(self):
        return self.app.session  # type: ignore[attr-defined]

    @property
    def questions(self) -> list[Question]:
        return self.session.questions(self.tool_id)

    def compose(self):
        yield OptionList(id="qlist", markup=False)
        with Vertical(id="qdetail"):
            with VerticalScroll(id="qtext", can_focus=False):
                yield Static(id="qhead", markup=False)
                yield Static(id="qprompt", markup=False)
                yield Static(id="qwhy", markup=False)
                yield Static(id="qstate", markup=False)
                yield Static(id="qna", markup=False)
            with Vertical(id="qanswer"):
                for kind in dict.fromkeys(FIELDS.values()):  # one field of each kind, loaded per question
                    yield kind()
            yield Static(id="qcarried", markup=False)
            yield Static(id="qhint", markup=False)

    def on_mount(self) -> None:
        ids = [q.id for q in self.questions]
        if self.start in ids:
            self.index = ids.index(self.start)
        else:  # first question not answered yet
            self.index = next((i for i, q in enumerate(self.questions) if self.session.origin(self.tool_id, q.id)[1] == UNANSWERED), 0)
        self.refresh_list()
        self.show(self.index)

    # -- carried over from the last cycle ---------------------------------------
    def carried_here(self) -> list[str]:
        """Question ids in this list still carried over (not yet confirmed), in question order."""
        return [q.id for q in self.questions if self.session.carried(self.tool_id, q.id)]

    def carried_in_section(self) -> list[str]:
        qs = self.questions
        if not qs:
            return []
        section = qs[self.index].section
        return [q.id for q in qs if q.section == section and self.session.carried(self.tool_id, q.id)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_list":
            return self.has_class("show-list")
        if action in ("confirm", "confirm_all"):
            if not self.is_mounted or not self.carried_here():
                return False  # nothing carried over here: not shown at all
            if action == "confirm":
                qs = self.questions
                return True if qs and self.session.carried(self.tool_id, qs[self.index].id) else None  # dimmed
        return True

    def not_asked(self) -> list[Question]:
        """Tool questions that do not fit this tool's category (n/a): never asked, never scored as unknown here."""
        tool = self.session.tool(self.tool_id)
        if tool is None:
            return []
        from auditor.audits.model import tool_category

        category = tool_category(tool, self.session.content)
        return [q for q in self.session.content.tool_questions if not q.asked_for(category)]

    def _not_asked_text(self) -> Content:
        skipped = self.not_asked()
        if not skipped:
            return Content("")
        tool = self.session.tool(self.tool_id)
        from auditor.audits.model import tool_category

        category = tool_category(tool, self.session.content) or ""
        kind = self.session.content.categories.get(category, category)
        names = ", ".join(short_name(q) for q in skipped)
        return join(("n/a ", "bold"), _("(not asked of {lower}): {names}").format(lower=kind.lower(), names=names))

    # -- drawing -------------------------------------------------------------
    def refresh_list(self) -> None:
        qlist = self.query_one("#qlist", OptionList)
        options = []
        for q in self.questions:
            value, origin = self.session.origin(self.tool_id, q.id)
            mark = marker(value, origin, self.session.carried(self.tool_id, q.id))
            options.append(Option(Content(f"{mark} {short_name(q)}"), id=q.id))
        for q in self.not_asked():
            options.append(Option(Content(_("– {name} (n/a)").format(name=short_name(q))), id=f"na:{q.id}", disabled=True))
        qlist.set_options(options)
        if options:
            qlist.highlighted = min(self.index, len(options) - 1)

    def show(self, index: int, focus: bool = True) -> None:
        qs = self.questions
        if not qs:
            return
        self.index = max(0, min(index, len(qs) - 1))
        q = qs[self.index]
        value, origin = self.session.origin(self.tool_id, q.id)
        where = _("about the group") if self.tool_id is None else _("about this tool")
        strip = "".join(
            ("▸" if i == self.index else "") + marker(*self.session.origin(self.tool_id, x.id), self.session.carried(self.tool_id, x.id))
            for i, x in enumerate(qs)
        )
        self.query_one("#qhead", Static).update(Content(_("Question {value} of {n_qs} {where}  {strip}").format(value=self.index + 1, n_qs=len(qs), where=where, strip=strip)))
        self.query_one("#qprompt", Static).update(Content.styled(q.prompt, "bold"))
        why = join((_("Why we ask: "), "bold"), q.why)
        if q.help:
            why = join(why, "\n", (q.help, "italic"))
        self.query_one("#qwhy", Static).update(why)
        self.query_one("#qstate", Static).update(self._state_text(q, value, origin))
        widget = self.query_one("#qanswer").query_one(FIELDS[q.type])
        widget.load(q, self.tool_id, value, origin)
        for field in self.query_one("#qanswer").children:
            field.display = field is widget
        self.answer_widget = widget
        self.query_one("#qhint", Static).update(Content(_(HINTS[q.type]) + _(" · ← → other questions · Tab list")))
        self.query_one("#qna", Static).update(self._not_asked_text())
        self._show_carried()
        qlist = self.query_one("#qlist", OptionList)
        if qlist.option_count:
            qlist.highlighted = self.index
        self.query_one("#qtext", VerticalScroll).scroll_home(animate=False)
        if focus:
            self.call_after_refresh(widget.focus)
        self.session.set_progress(**self._where(q.id))

    def _show_carried(self) -> None:
        left = self.carried_here()
        box = self.query_one("#qcarried", Static)
        box.display = bool(left)
        if left:
            where = _("about the group") if self.tool_id is None else _("for this tool")
            in_section = len(self.carried_in_section())
            box.update(Content(_("↻ {n_left} carried over {where} still to confirm ({in_section} in this section) · ctrl+y still holds · ctrl+t confirm all").format(n_left=len(left), where=where, in_section=in_section)))
        self.refresh_bindings()

    def _where(self, qid: str) -> dict:
        if self.tool_id is None:
            return {"screen": "profile", "question": qid}
        return {"screen": "tool", "tool": self.tool_id, "question": qid}

    def _state_text(self, q: Question, value: Any, origin: str) -> Content:
        label = answer_label(q, value)
        parts: list = []
        if self.session.carried(self.tool_id, q.id):
            parts += [(_("↻ Carried over from the last cycle: "), "bold"), label, _(". Press ctrl+y if it still holds, or answer again.\n")]
        if origin == ANSWERED:
            parts += [(_("✓ Your answer: "), "bold"), label]
            fact = self._fact(q)
            if fact is not None:
                parts += [_("  (catalog default: {answer_label}; ctrl+r restores it)").format(answer_label=answer_label(q, fact.value))]
        elif origin == CATALOG:
            fact = self._fact(q)
            parts += [(_("◇ Catalog default: "), "bold"), label]
            if fact is not None:
                cites = "; ".join(self.session.content.cite(SourceRef("ref", s)) for s in fact.sources)
                # A source's citation already ends with its own date; add the fact's only if it says more.
                as_of = _(" · checked {date}").format(date=fact.as_of) if fact.as_of and _(", as of {date}").format(date=fact.as_of) not in cites else ""
                parts += [_("\n  Source: {cites}").format(cites=cites) if cites else _("\n  Source: none given"), as_of]
                if fact.note:
                    parts += [_("\n  Note: {note}").format(note=fact.note)]
            parts += [_("\n  Keep it (→) or choose another answer if your setup differs.")]
        else:
            parts += [(_("· Not answered yet. "), "bold"), _("Until you answer, it counts as \"don't know\" (exposure).")]
        return join(*parts)

    def _fact(self, q: Question):
        tool = self.session.tool(self.tool_id)
        if tool is None or not tool.catalog:
            return None
        entry = self.session.content.catalog.get(tool.catalog)
        return entry.facts.get(q.id) if entry else None

    # -- answering -------------------------------------------------------------
    @on(Answered)
    def _answered(self, event: Answered) -> None:
        event.stop()
        q = self.session.content.questions[event.qid]
        value, origin = self.session.origin(event.tool_id, event.qid)
        if origin == CATALOG and event.value == value and not self.session.carried(event.tool_id, event.qid):
            pass  # keeping the catalog default: leave it marked as a default
        else:
            error = self.session.answer(event.tool_id, event.qid, event.value)
            if error:
                self.app.notify(error, severity="error", markup=False)
                return
            self.screen.post_message(AuditChanged())
        self.refresh_list()
        ids = [x.id for x in self.questions]
        here = ids.index(q.id) if q.id in ids else self.index
        if here + 1 >= len(ids):
            self.show(here)
            self.post_message(InterviewFinished(self.tool_id))
        else:
            self.show(here + 1)

    def action_move(self, step: int) -> None:
        if step > 0 and self.index + step >= len(self.questions):
            self.post_message(InterviewFinished(self.tool_id))  # past the last question: done here
            return
        self.show(self.index + step)

    def action_dont_know(self) -> None:
        qs = self.questions
        if qs:
            self.post_message(Answered(self.tool_id, qs[self.index].id, UNKNOWN))

    def action_confirm(self) -> None:
        q = self.questions[self.index]
        if not self.session.carried(self.tool_id, q.id):
            return  # the binding is dimmed here; no toast for a key that does nothing
        widget = self.answer_widget
        if isinstance(widget, CountAnswer) and widget.value.strip():
            typed = parse_count(widget.value, q)
            if typed != self.session.origin(self.tool_id, q.id)[0]:
                # A number was changed in the field: "still holds" must not throw that away.
                if typed is None:
                    self.app.notify(_("Type a whole number with the digits 0-9 (0 or more), or ? for don't know."), severity="warning", markup=False)
                else:
                    self.post_message(Answered(self.tool_id, q.id, typed))
                return
        error = self.session.confirm(self.tool_id, q.id)
        if error:
            self.app.notify(error, severity="error", markup=False)
        self.screen.post_message(AuditChanged())
        self.refresh_list()
        self.show(self.index + 1 if self.index + 1 < len(self.questions) else self.index)

    def action_confirm_all(self) -> None:
        from auditor.tui.dialogs import ChoiceDialog

        # A carried "don't know" is a question to find out, not an answer to wave through: it stays to look at.
        knowns = lambda ids: [qid for qid in ids if self.session.origin(self.tool_id, qid)[0] != UNKNOWN]  # noqa: E731
        section_ids, all_ids = knowns(self.carried_in_section()), knowns(self.carried_here())
        if not all_ids:
            self.app.notify(_("Only \"don't know\" answers are left to confirm: look at each one."), markup=False)
            return
        q = self.questions[self.index]
        section = self.session.content.sections.get(q.section, humanize(q.section or ""))  # a section without a title: its id
        where = _("about the group") if self.tool_id is None else _("about {name}").format(name=self.session.tool(self.tool_id).name)
        choices = []
        if section_ids:
            choices.append(("section", _("The {n} left in this section ({section})").format(n=len(section_ids), section=section)))
        choices.append(("all", _("All {n} left {where}").format(n=len(all_ids), where=where)))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            error = self.session.confirm_many(self.tool_id, section_ids if choice == "section" else all_ids)
            if error:
                self.app.notify(error, severity="error", markup=False)
            self.screen.post_message(AuditChanged())
            self.refresh_list()
            self.show(self._next_carried())

        self.app.push_screen(
            ChoiceDialog(_("Confirm carried-over answers: they still hold"), choices, explain=_("Only answers you have not changed or confirmed yet, and no \"don't know\". Each can still be changed later.")),
            chosen,
        )

    def _next_carried(self) -> int:
        """The next question still carried over (after this one, wrapping round), else this one."""
        qs = self.questions
        order = list(range(self.index, len(qs))) + list(range(0, self.index))
        return next((i for i in order if self.session.carried(self.tool_id, qs[i].id)), self.index)

    def action_close_list(self) -> None:
        self.remove_class("show-list")
        if self.answer_widget is not None:
            self.answer_widget.focus()

    def action_reset(self) -> None:
        q = self.questions[self.index]
        if self.tool_id is None or self._fact(q) is None:
            self.app.notify(_("This question has no catalog default."), markup=False)
            return
        error = self.session.reset_to_catalog(self.tool_id, q.id)
        if error:
            self.app.notify(error, severity="error", markup=False)
        self.screen.post_message(AuditChanged())
        self.refresh_list()
        self.show(self.index)

    def action_toggle_list(self) -> None:
        qlist = self.query_one("#qlist", OptionList)
        if qlist.has_focus:
            self.remove_class("show-list")
            if self.answer_widget is not None:
                self.answer_widget.focus()
        else:
            self.add_class("show-list")
            qlist.focus()

    @on(OptionList.OptionSelected, "#qlist")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.remove_class("show-list")
        self.show(event.option_index)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
