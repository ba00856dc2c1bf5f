"""The interview: a list of questions on the left, the current one on the right.

Used for the group profile and for each tool. Every question shows why we ask
it and offers "don't know". Answering saves at once and moves to the next
question. Catalog defaults are shown with their source and date and can be
kept (→ or Enter on the default) or overridden; carried-over answers from the
last cycle are marked until confirmed (c) or answered again.
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
from auditor.content.yamlio import parse_count
from auditor.tui.messages import Answered, AuditChanged, InterviewFinished
from auditor.tui.session import ANSWERED, CATALOG, UNANSWERED, humanize
from auditor.tui.text import join

DONT_KNOW = "Don't know"
UNKNOWN_WORDS = {"?", "d", "dk", "unknown", "don't know", "dont know", "do not know"}


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


class ChoiceAnswer(OptionList):
    """One choice (or yes/no), plus "don't know". Enter answers."""

    def __init__(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        if question.type == "yesno":
            pairs = [("yes", "Yes"), ("no", "No")]
        else:
            pairs = [(c.id, c.label) for c in question.choices]
        pairs.append((UNKNOWN, DONT_KNOW))
        tag = {ANSWERED: "  ← your answer", CATALOG: "  ← catalog default"}.get(origin, "")
        options = [Option(Content(label + (tag if cid == current and origin != UNANSWERED else "")), id=cid) for cid, label in pairs]
        super().__init__(*options, classes="answer-widget", markup=False)
        self._current = current if origin != UNANSWERED else None

    def on_mount(self) -> None:
        ids = [o.id for o in self.options]
        self.highlighted = ids.index(self._current) if self._current in ids else 0

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(self.tool_id, self.question.id, event.option.id))


class MultiAnswer(OptionList):
    """Several choices: Space ticks [x] or unticks [ ], Enter saves what is ticked (none ticked means none)."""

    BINDINGS = [
        Binding("space", "tick", "Tick", id="multi.tick", tooltip="Tick or untick this choice"),
        Binding("enter", "save", "Save ticked", id="multi.save", tooltip="Save the ticked choices as the answer"),
    ]

    def __init__(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        self.ticked = set(current) if isinstance(current, list) else set()
        super().__init__(*[Option(self._prompt(c), id=c.id) for c in question.choices], classes="answer-widget", markup=False)

    def _prompt(self, choice) -> Content:
        return Content(f"[{'x' if choice.id in self.ticked else ' '}] {choice.label}")

    @property
    def selected(self) -> list[str]:
        return [c.id for c in self.question.choices if c.id in self.ticked]

    def action_tick(self) -> None:
        if self.highlighted is None:
            return
        choice = self.question.choices[self.highlighted]
        self.ticked ^= {choice.id}
        self.replace_option_prompt_at_index(self.highlighted, self._prompt(choice))

    def action_save(self) -> None:
        self.post_message(Answered(self.tool_id, self.question.id, self.selected))


class CountAnswer(Input):
    """A whole number; ? (or d) for don't know."""

    def __init__(self, question: Question, tool_id: str | None, current: Any, origin: str) -> None:
        self.question, self.tool_id = question, tool_id
        value = "" if origin == UNANSWERED else ("?" if current == UNKNOWN else str(current))
        super().__init__(value=value, placeholder="a number, or ? for don't know", classes="answer-widget", max_length=7)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip().lower()
        if text in UNKNOWN_WORDS:
            self.post_message(Answered(self.tool_id, self.question.id, UNKNOWN))
        elif parse_count(text) is not None:  # the core's reading: "²" passes str.isdigit but not int()
            self.post_message(Answered(self.tool_id, self.question.id, parse_count(text)))
        else:
            self.app.notify("Type a whole number (0 or more), or ? for don't know.", severity="warning", markup=False)


WIDGETS = {"choice": ChoiceAnswer, "yesno": ChoiceAnswer, "multi": MultiAnswer, "count": CountAnswer}
HINTS = {
    "choice": "↑↓ move · Enter answer · d don't know",
    "yesno": "↑↓ move · Enter answer · d don't know",
    "multi": "↑↓ move · Space tick [x] · Enter save (none ticked = none) · d don't know",
    "count": "type a number · Enter save · ? don't know",

}


class Interview(Horizontal):
    """Questions for the group (tool_id None) or one tool."""

    BINDINGS = [
        Binding("right", "move(1)", "Next", id="interview.next", tooltip="Next question (keeps the current answer)"),
        Binding("left", "move(-1)", "Prev", id="interview.prev", tooltip="Previous question"),
        Binding("d", "dont_know", "Don't know", id="interview.dont_know", tooltip="Answer \"don't know\" (counted as exposure)"),
        Binding("c", "confirm", "Confirm", id="interview.confirm", tooltip="Confirm a carried-over answer still holds", show=False),
        Binding("r", "reset", "Catalog default", id="interview.reset", tooltip="Go back to the catalog's default for this question", show=False),
        Binding("tab", "toggle_list", "Questions", id="interview.list", tooltip="Show the list of questions and jump between it and the answer"),
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
            yield Vertical(id="qanswer")
            yield Static(id="qhint", markup=False)

    def on_mount(self) -> None:
        ids = [q.id for q in self.questions]
        if self.start in ids:
            self.index = ids.index(self.start)
        else:  # first question not answered yet
            self.index = next((i for i, q in enumerate(self.questions) if self.session.origin(self.tool_id, q.id)[1] == UNANSWERED), 0)
        self.refresh_list()
        self.show(self.index)

    # -- drawing -------------------------------------------------------------
    def refresh_list(self) -> None:
        qlist = self.query_one("#qlist", OptionList)
        options = []
        for q in self.questions:
            value, origin = self.session.origin(self.tool_id, q.id)
            mark = marker(value, origin, self.session.carried(self.tool_id, q.id))
            options.append(Option(Content(f"{mark} {humanize(q.id)}"), id=q.id))
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
        where = "about the group" if self.tool_id is None else "about this tool"
        strip = "".join(
            ("▸" if i == self.index else "") + marker(*self.session.origin(self.tool_id, x.id), self.session.carried(self.tool_id, x.id))
            for i, x in enumerate(qs)
        )
        self.query_one("#qhead", Static).update(Content(f"Question {self.index + 1} of {len(qs)} {where}  {strip}"))
        self.query_one("#qprompt", Static).update(Content.styled(q.prompt, "bold"))
        why = join(("Why we ask: ", "bold"), q.why)
        if q.help:
            why = join(why, "\n", (q.help, "italic"))
        self.query_one("#qwhy", Static).update(why)
        self.query_one("#qstate", Static).update(self._state_text(q, value, origin))
        box = self.query_one("#qanswer", Vertical)
        box.remove_children()
        widget = WIDGETS[q.type](q, self.tool_id, value, origin)
        self.answer_widget = widget
        box.mount(widget)
        self.query_one("#qhint", Static).update(Content(HINTS[q.type] + " · ← → other questions · Tab list"))
        qlist = self.query_one("#qlist", OptionList)
        if qlist.option_count:
            qlist.highlighted = self.index
        self.query_one("#qtext", VerticalScroll).scroll_home(animate=False)
        if focus:
            self.call_after_refresh(widget.focus)
        self.session.set_progress(**self._where(q.id))

    def _where(self, qid: str) -> dict:
        if self.tool_id is None:
            return {"screen": "profile", "question": qid}
        return {"screen": "tool", "tool": self.tool_id, "question": qid}

    def _state_text(self, q: Question, value: Any, origin: str) -> Content:
        label = q.label_of(value)
        parts: list = []
        if self.session.carried(self.tool_id, q.id):
            parts += [("↻ Carried over from the last cycle: ", "bold"), label, ". Press c if it still holds, or answer again.\n"]
        if origin == ANSWERED:
            parts += [("✓ Your answer: ", "bold"), label]
            fact = self._fact(q)
            if fact is not None:
                parts += [f"  (catalog default: {q.label_of(fact.value)}; r restores it)"]
        elif origin == CATALOG:
            fact = self._fact(q)
            parts += [("◇ Catalog default: ", "bold"), label]
            if fact is not None:
                cites = "; ".join(self.session.content.cite(SourceRef("ref", s)) for s in fact.sources)
                parts += [f"\n  Source: {cites or 'none'}" if cites else "", f" · as of {fact.as_of}" if fact.as_of else ""]
                if fact.note:
                    parts += [f"\n  Note: {fact.note}"]
            parts += ["\n  Keep it (→) or choose another answer if your setup differs."]
        else:
            parts += [("· Not answered yet. ", "bold"), "Until you answer, it counts as \"don't know\" (exposure)."]
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
            self.app.notify("This answer is not carried over; nothing to confirm.", markup=False)
            return
        error = self.session.confirm(self.tool_id, q.id)
        if error:
            self.app.notify(error, severity="error", markup=False)
        self.screen.post_message(AuditChanged())
        self.refresh_list()
        self.show(self.index + 1 if self.index + 1 < len(self.questions) else self.index)

    def action_reset(self) -> None:
        q = self.questions[self.index]
        if self.tool_id is None or self._fact(q) is None:
            self.app.notify("This question has no catalog default.", markup=False)
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
