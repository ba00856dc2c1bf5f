"""Presentation mode: one thing at a time, large and plain, for a shared screen or a projector.

The steps come from ``auditor.facilitation.presentation`` (plain data from the one
Assessment). Rule ids and points are one key away (i), the group's notes another (n),
both off at every start. High contrast is on by default here and remembered in the
app's private state file (``present_contrast``); the theme the app had is restored on leaving.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.content import Content
from textual.widgets import Digits, Footer, Static

from auditor.engine.assessment import Assessment
from auditor.facilitation.presentation import PART_TITLES, SECTIONS, THREAT, Step, deck
from auditor.i18n import N_, _
from auditor.tui import paths
from auditor.tui.text import join

STATE_KEY = "present_contrast"


class PresentScreen(Screen):
    BINDINGS = [
        # priority: the focused scroll view has its own left/right/home/end (it keeps up/down and the page keys)
        Binding("right", "step(1)", N_("Next"), id="present.next", tooltip=N_("The next step (also Space)"), priority=True),
        Binding("left", "step(-1)", N_("Back"), id="present.prev", tooltip=N_("The previous step (also Backspace)"), priority=True),
        Binding("space", "step(1)", N_("Next"), id="present.next_space", tooltip=N_("The next step"), show=False, priority=True),
        Binding("backspace", "step(-1)", N_("Back"), id="present.prev_bs", tooltip=N_("The previous step"), show=False, priority=True),
        Binding("home", "jump(0)", N_("First"), id="present.first", tooltip=N_("The first step"), show=False, priority=True),
        Binding("end", "jump(-1)", N_("Last"), id="present.last", tooltip=N_("The last step"), show=False, priority=True),
        *(Binding(str(n), f"section('{kind}')", PART_TITLES[kind], id=f"present.section_{kind}", tooltip=N_("Jump to a part of the presentation"), show=False)
          for n, kind in enumerate(SECTIONS, 1)),
        Binding("m", "more", N_("More"), id="present.more", tooltip=N_("The other findings and changes, for those who ask (m again: back)")),
        Binding("i", "details", N_("Details"), id="present.details", tooltip=N_("Show or hide rule ids, points and sources")),
        Binding("n", "notes", N_("Notes"), id="present.notes", tooltip=N_("Show or hide the group's own notes (off by default)")),
        Binding("c", "contrast", N_("Contrast"), id="present.contrast", tooltip=N_("High contrast on or off (remembered)")),
        Binding("escape", "close", N_("Leave"), id="present.close", tooltip=N_("Leave presentation mode")),
    ]

    def __init__(self, assessment: Assessment, data_dir) -> None:
        super().__init__()
        self.deck = deck(assessment)
        self.in_more = False  # stepping through "more" (the other findings and changes) instead of the main deck
        self.data_dir = data_dir
        self.index = 0
        self._main_index = 0  # where the main deck was left for "more"
        self.show_details = False
        self.show_notes = False
        self._theme_before: str | None = None

    def compose(self):
        with Horizontal(id="present-top"):
            yield Static(id="present-part", markup=False)
            yield Static(id="present-counter", markup=False)
            yield Digits(id="present-counter-big")  # a projector's screen: the counter in 3-row digits
        with VerticalScroll(id="present-body"):  # focused: up/down and page keys scroll a long step
            yield Static(id="present-heading", markup=False)
            yield Static(id="present-text", markup=False)
            yield Vertical(id="present-lists")
            yield Static(id="present-extra", markup=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        from auditor.tui.app import HIGH_CONTRAST

        self._theme_before = self.app.theme
        self.app.register_theme(HIGH_CONTRAST)
        if paths.read_state(self.data_dir).get(STATE_KEY, True) is not False:
            self.app.theme = HIGH_CONTRAST.name
        await self.show()

    def on_unmount(self) -> None:
        if self._theme_before is not None:
            self.app.theme = self._theme_before

    # -- drawing -------------------------------------------------------------
    @property
    def steps(self) -> tuple[Step, ...]:
        return self.deck.more if self.in_more else self.deck.main

    def counter(self) -> str:
        where = f"{self.index + 1} / {len(self.steps)}"
        return _("more {where}").format(where=where) if self.in_more else where

    async def show(self) -> None:
        if not self.steps:
            self.query_one("#present-heading", Static).update(_("Nothing to show yet: answer some questions first."))
            return
        step = self.steps[self.index]
        self.query_one("#present-part", Static).update(_("More, for those who ask: {part}").format(part=step.part) if self.in_more else step.part)
        self.query_one("#present-counter", Static).update(self.counter())
        self.query_one("#present-counter-big", Digits).update(f"{self.index + 1}/{len(self.steps)}")
        self.query_one("#present-heading", Static).update(step.heading)
        parts: list = []
        for i, line in enumerate(step.lines):
            parts += ["\n\n" if i else "", (line, "bold") if i == 0 and step.kind == THREAT else line]
        self.query_one("#present-text", Static).update(join(*parts))
        lists = ([(_("Questions for the group"), step.questions)] if step.questions else []) + list(step.lists)
        box = self.query_one("#present-lists", Vertical)
        await box.remove_children()
        await box.mount_all(list(self._list_widgets(lists)))
        extra: list = []
        if self.show_details:
            extra += [(_("Details") + "\n", "bold underline")] + [f"{d}\n" for d in step.details]
        if self.show_notes:
            extra.append(("\n" + _("Your notes") + "\n", "bold underline"))
            extra += [f"{n}\n" for n in step.notes] or [_("(no notes here)") + "\n"]
        extra_box = self.query_one("#present-extra", Static)
        extra_box.update(join(*extra))
        extra_box.display = bool(extra)  # its top padding would cost an 80x24 slide its last row
        self.query_one("#present-body", VerticalScroll).scroll_home(animate=False)

    @staticmethod
    def _list_widgets(lists):
        """A titled list per (title, items), each item with a hanging indent so wrapped lines stay readable."""
        for title, items in lists:
            yield Static(Content.styled(title, "bold underline"), classes="present-list-title")
            for item in items:
                yield Horizontal(Static("•", classes="present-bullet"), Static(Content(item), classes="present-item"), classes="present-row")

    def screen_text(self) -> str:
        """What the room sees now, as plain text (for tests and for a check by eye)."""
        return "\n".join(str(w.render()) for w in self.query(Static))

    # -- keys ------------------------------------------------------------------
    async def action_step(self, step: int) -> None:
        if self.steps:
            self.index = max(0, min(self.index + step, len(self.steps) - 1))
            await self.show()

    async def action_jump(self, where: int) -> None:
        if self.steps:
            self.index = where % len(self.steps)
            await self.show()

    async def action_section(self, kind: str) -> None:
        start = self.deck.start_of(kind)
        if start is None:
            self.app.notify(_("There is nothing in this part for this audit."), markup=False)
            return
        self.in_more, self.index = False, start
        await self.show()

    async def action_more(self) -> None:
        if self.in_more:
            self.in_more, self.index = False, self._main_index
        elif self.deck.more:
            self._main_index, self.in_more, self.index = self.index, True, 0
        else:
            self.app.notify(_("Everything is in the main presentation already."), markup=False)
            return
        await self.show()

    async def action_details(self) -> None:
        self.show_details = not self.show_details
        await self.show()

    async def action_notes(self) -> None:
        self.show_notes = not self.show_notes
        await self.show()

    def action_contrast(self) -> None:
        from auditor.tui.app import HIGH_CONTRAST

        high = self.app.theme != HIGH_CONTRAST.name
        self.app.theme = HIGH_CONTRAST.name if high else "textual-dark"
        error = paths.remember(self.data_dir, **{STATE_KEY: high})
        if error:
            self.app.notify(error, severity="warning", markup=False)

    def action_close(self) -> None:
        self.dismiss()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
