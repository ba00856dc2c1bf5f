"""The group profile: questions asked once about the group, each with why we ask."""

from __future__ import annotations

from textual import on

from auditor.tui.interview import Interview
from auditor.tui.messages import InterviewFinished
from auditor.tui.screens.base import MainScreen
from auditor.i18n import _


class ProfileScreen(MainScreen):
    NAME = "profile"

    def __init__(self, start: str | None = None) -> None:
        super().__init__()
        self.start = start

    def compose_body(self):
        yield Interview(None, start=self.start, id="interview")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one(Interview).refresh_list()

    @on(InterviewFinished)
    def _done(self, event: InterviewFinished) -> None:
        event.stop()
        self.app.notify(_("That was the last question about the group. Now list your tools."), markup=False)
        self.app.go("tools")  # type: ignore[attr-defined]


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
