"""The frame every audit screen shares: nav bar, status line, body, live scores, footer."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import Screen

from auditor.tui.messages import AuditChanged
from auditor.tui.widgets import KeysFooter, NavBar, ScoresPanel, StatusLine
from auditor.i18n import N_


class MainScreen(Screen):
    NAME = ""
    SHOW_WHATIF = False
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="main.back", tooltip=N_("Back one step (closes the keys panel first; from the first screen, back to the start screen)")),
    ]

    def action_back(self) -> None:
        self.app.back()  # type: ignore[attr-defined]

    @property
    def session(self):
        return self.app.session  # type: ignore[attr-defined]

    def compose(self):
        yield NavBar(self.NAME, id="nav")
        yield StatusLine(id="status")
        with Container(id="main"):
            with Vertical(id="body"):
                yield from self.compose_body()
            yield ScoresPanel(id="scores", show_whatif=self.SHOW_WHATIF)
        yield KeysFooter(compact=True)

    def compose_body(self):
        yield from ()

    def on_mount(self) -> None:
        self.refresh_frame()

    def on_screen_resume(self) -> None:
        self.refresh_frame()
        self.refresh_body()

    def refresh_frame(self) -> None:
        self.query_one(StatusLine).refresh_status()
        self.query_one(ScoresPanel).refresh_scores()

    def refresh_body(self) -> None:
        """Redraw what depends on the audit (override)."""

    @on(AuditChanged)
    def _changed(self, event: AuditChanged) -> None:
        event.stop()
        self.refresh_frame()
        self.refresh_body()
        if self.session is not None and self.session.save_error:
            self.app.notify(self.session.save_error, severity="error", markup=False, timeout=10)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
