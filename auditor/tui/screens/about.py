"""What the tool stores, and what it never asks: one short screen."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from auditor.tui.text import WHAT_WE_STORE, short_path
from auditor.i18n import N_, _


class AboutScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", N_("Back"), id="about.close", tooltip=N_("Back to where you were")),
        Binding("enter", "close", N_("Back"), id="about.enter", tooltip=N_("Back to where you were"), show=False),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self):
        with VerticalScroll(id="about"):
            yield Static(Content(_(WHAT_WE_STORE).format(folder=short_path(self.folder))), markup=False)
        yield Footer(compact=True)

    def action_close(self) -> None:
        if not self.app.close_panels():  # type: ignore[attr-defined]
            self.dismiss()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
