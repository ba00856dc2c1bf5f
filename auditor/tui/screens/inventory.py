"""The tool inventory: add from the catalog or as a custom tool, open its questions, remove it."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.audits.model import tool_category
from auditor.content.model import SourceRef
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import answer_label, join, literal, threat_name
from auditor.i18n import N_, _

EMPTY = (
    N_("No tools yet. Press a to add the first one: every app, phone line, spreadsheet, form or notebook "
    "the group uses for crisis calls (for example WhatsApp, a hotline phone, a Google Sheet, paper notes).")
)


class InventoryScreen(MainScreen):
    NAME = "tools"
    BINDINGS = [
        Binding("tab", "switch_pane", N_("Pane"), id="inventory.pane", tooltip=N_("Move between the list and the detail pane (scroll the detail with ↑↓)")),
        Binding("a", "add", N_("Add"), id="tools.add", tooltip=N_("Add a tool from the catalog or a custom one")),
        Binding("enter", "open", N_("Questions"), id="tools.open", tooltip=N_("Answer the questions about the selected tool")),
        Binding("x", "remove", N_("Remove"), id="tools.remove", tooltip=N_("Remove the selected tool from the audit")),
        Binding("n", "notes", N_("Notes"), id="tools.notes", tooltip=N_("Notes about the selected tool")),
        Binding("e", "rename", N_("Rename"), id="tools.rename", tooltip=N_("Rename the selected tool")),
    ]

    def compose_body(self):
        yield Static(Content(_("Your tools  ·  a add · Enter answer questions · x remove · n notes · e rename")), id="tools-hint", markup=False)
        yield OptionList(id="tools", markup=False)
        yield VerticalScroll(Static(id="tool-detail", markup=False), id="tool-detail-box")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_body()
        self.query_one("#tools", OptionList).focus()
        self.session.set_progress(screen="tools")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#tools", OptionList).focus()
        self.session.set_progress(screen="tools")

    def selected(self) -> str | None:
        tools = self.query_one("#tools", OptionList)
        if tools.highlighted is None or not self.session.audit.tools:
            return None
        return tools.get_option_at_index(tools.highlighted).id

    def refresh_body(self, select: str | None = None) -> None:
        tools = self.query_one("#tools", OptionList)
        keep = select or self.selected()
        options = []
        for tool in self.session.audit.tools:
            done, total = self.session.tool_counts(tool.id)
            entry = self.session.content.catalog.get(tool.catalog) if tool.catalog else None
            kind = _("catalog: {name}").format(name=entry.name) if entry else _("custom")
            carried = _(" · ↻ carried over") if tool.carried_over else ""
            options.append(Option(join(literal(tool.name, "bold"), _("  ({kind}) · {done}/{total} answered{carried}").format(kind=kind, done=done, total=total, carried=carried)), id=tool.id))
        tools.set_options(options)
        ids = [o.id for o in options]
        if ids:
            tools.highlighted = ids.index(keep) if keep in ids else 0
        self.show_detail()

    def show_detail(self) -> None:
        detail = self.query_one("#tool-detail", Static)
        tool_id = self.selected()
        if tool_id is None:
            detail.update(Content(_(EMPTY)))
            return
        s = self.session
        tool = s.audit.tool(tool_id)
        content = s.content
        entry = content.catalog.get(tool.catalog) if tool.catalog else None
        category = tool_category(tool, content)
        parts: list = [literal(tool.name, "bold")]
        parts.append(_("\nCategory: {value}").format(value=content.categories.get(category, category) if category else _('not set')))
        if entry:
            parts += [_("\nCatalog: {name}. {summary}").format(name=entry.name, summary=entry.summary)]
        scores = s.result.tool_scores(tool_id)
        parts += [_("\nThis tool adds: ") + ", ".join(f"{threat_name(content, t)} {v}" for t, v in scores.items())]
        if tool.notes:
            parts += [(_("\nNotes: "), "bold"), literal(tool.notes)]
        if entry and entry.facts:
            parts += [(_("\nCatalog defaults"), "bold"), _(" (◇ kept, ✓ overridden by you, n/a not asked of this kind of tool):")]
            for qid, fact in entry.facts.items():
                q = content.questions[qid]
                overridden = qid in tool.answers
                mark = _("n/a") if not q.asked_for(category) else ("✓" if overridden else "◇")
                srcs = ", ".join(content.cite(SourceRef("ref", x)) for x in fact.sources) or fact.note or _("no source")
                line = f"\n {mark} {q.prompt.split('?')[0][:50]}: {answer_label(q, fact.value)}"
                if overridden:
                    line += _(" → yours: {answer}").format(answer=answer_label(q, tool.answers[qid]))
                as_of = _("; as of {date}").format(date=fact.as_of) if fact.as_of and _(", as of {date}").format(date=fact.as_of) not in srcs else ""
                parts += [line, (_("\n     source: {srcs}{as_of}").format(srcs=srcs, as_of=as_of), "italic")]
        detail.update(join(*parts))

    @on(OptionList.OptionHighlighted, "#tools")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#tools")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_add(self) -> None:
        self.app.add_tool()  # type: ignore[attr-defined]

    def action_open(self) -> None:
        tool_id = self.selected()
        if tool_id is None:
            self.app.notify(_("No tools yet: press a to add one."), markup=False)
            return
        self.app.open_tool(tool_id)  # type: ignore[attr-defined]

    def action_remove(self) -> None:
        tool_id = self.selected()
        if tool_id is None:
            return
        from auditor.tui.dialogs import ConfirmDialog

        name = self.session.audit.tool(tool_id).name

        def done(yes: bool | None) -> None:
            if yes:
                error = self.session.remove_tool(tool_id)
                if error:
                    self.app.notify(error, severity="error", markup=False)
                self.refresh_frame()
                self.refresh_body()
                self.app.notify(_("Removed {name}.").format(name=name), markup=False)

        self.app.push_screen(ConfirmDialog(join(_("Remove "), literal(name, "bold"), _(" and all its answers from this audit?")), yes=_("Remove"), no=_("Keep")), done)

    def action_notes(self) -> None:
        tool_id = self.selected()
        if tool_id is not None:
            self.app.edit_notes(tool_id)  # type: ignore[attr-defined]

    def action_rename(self) -> None:
        tool_id = self.selected()
        if tool_id is None:
            return
        from auditor.tui.dialogs import TextDialog

        def done(name: str | None) -> None:
            if name and name.strip():
                self.session.rename_tool(tool_id, name.strip())
                self.refresh_frame()
                self.refresh_body()

        self.app.push_screen(TextDialog(_("Rename this tool"), self.session.audit.tool(tool_id).name, explain=_("A label for the tool, not a person's name.")), done)

    def action_switch_pane(self) -> None:
        box = self.query_one("#tool-detail-box")
        if box.has_focus:
            self.query_one("#tools").focus()
        else:
            box.focus()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
