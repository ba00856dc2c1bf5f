"""The questions about one tool: catalog defaults marked with their source, every answer overridable."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.widgets import Static

from auditor.audits.model import tool_category
from auditor.tui.interview import Interview
from auditor.tui.messages import InterviewFinished
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import join, literal
from auditor.i18n import N_, _


class ToolScreen(MainScreen):
    NAME = "tool"
    BINDINGS = [
        Binding("ctrl+n", "notes", N_("Notes"), id="tool.notes", tooltip=N_("Notes about this tool (no names or case details)")),
    ]

    def __init__(self, tool_id: str, start: str | None = None) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.start = start

    def compose_body(self):
        yield Static(id="tool-title", markup=False)
        yield Interview(self.tool_id, start=self.start, id="interview")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_title()

    def refresh_title(self) -> None:
        tool = self.session.audit.tool(self.tool_id)
        content = self.session.content
        entry = content.catalog.get(tool.catalog) if tool.catalog else None
        category = tool_category(tool, content)
        kind = _("catalog: {name}").format(name=entry.name) if entry else _("custom tool")
        if category:
            kind += f" · {content.categories.get(category, category)}"
        self.query_one("#tool-title", Static).update(join((_("Tool: "), "bold"), literal(tool.name, "bold"), f"  ({kind})"))

    def refresh_body(self) -> None:
        self.refresh_title()

    @on(InterviewFinished)
    def _done(self, event: InterviewFinished) -> None:
        event.stop()
        name = self.session.audit.tool(self.tool_id).name
        self.app.notify(_("Done with {name}. Add another tool (a) or see the findings (F4).").format(name=name), markup=False)
        self.app.go("tools")  # type: ignore[attr-defined]

    def action_notes(self) -> None:
        self.app.edit_notes(self.tool_id)  # type: ignore[attr-defined]


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
