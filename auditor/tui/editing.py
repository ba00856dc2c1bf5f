"""Changes started from several screens: add a tool, notes, the audit's label, export a report.

A mixin of ``AuditorApp``.
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import InputError
from auditor.i18n import _


class EditFlows:
    """Mixed into the app (uses its ``session``, ``notify``, ``push_screen`` and ``refresh_current``)."""

    def add_tool(self) -> None:
        from auditor.tui.dialogs import AddToolDialog, ChoiceDialog, NewTool

        if self.session is None:
            return
        session = self.session

        def added(choice: NewTool | None) -> None:
            if choice is None:
                return
            if choice.catalog:
                tool = session.add_catalog_tool(choice.catalog)
                self.notify(_("Added {name}. Its catalog defaults are filled in (◇); change any that differ.").format(name=tool.name), markup=False)
                self.open_tool(tool.id)
                return
            name = choice.name.strip()
            if not name:
                return

            def category(cat: str | None) -> None:
                if cat is None:
                    return
                tool = session.add_custom_tool(name, cat)
                self.notify(_("Added {name}.").format(name=tool.name), markup=False)
                self.open_tool(tool.id)

            choices = [(cid, label) for cid, label in session.content.categories.items()]
            self.push_screen(ChoiceDialog(_("What kind of tool is it?"), choices, explain=_("This decides which questions are asked about it.")), category)

        self.push_screen(AddToolDialog(session.content), added)

    def edit_notes(self, tool_id: str | None) -> None:
        from auditor.tui.dialogs import TextDialog

        if self.session is None:
            return
        session = self.session
        current = session.audit.profile_notes if tool_id is None else session.audit.tool(tool_id).notes
        title = _("Notes about the group") if tool_id is None else _("Notes about {name}").format(name=session.audit.tool(tool_id).name)

        def done(text: str | None) -> None:
            if text is None:
                return
            error = session.set_notes(tool_id, text)
            if error:
                self.notify(error, severity="error", markup=False)
            self.refresh_current()

        explain = _("Practices and settings only: no names, phone numbers, addresses or case details.")
        self.push_screen(TextDialog(title, current, explain=explain), done)

    def rename_audit(self) -> None:
        from auditor.tui.dialogs import TextDialog

        if self.session is None:
            return
        session = self.session

        def done(text: str | None) -> None:
            if text is not None:
                session.set_title(text.strip())
                self.refresh_current()

        self.push_screen(TextDialog(_("Audit title"), session.audit.title, explain=_("A label like 'Spring cycle', not the group's legal name.")), done)

    def action_export(self) -> None:
        from auditor.tui.dialogs import ChoiceDialog, MessageDialog, PathDialog

        if self.session is None:
            return
        session = self.session
        formats = [
            ("md", _("Markdown (.md): plain text, easy to edit or print")),
            ("html", _("HTML: a self-contained printable page (no scripts, no external files)")),
            ("json", _("JSON: for other programs")),
            ("csv", _("CSV: findings and plan as a spreadsheet")),
            ("html-summary", _("Shareable summary (HTML): scores and the plan in general terms, no tool names or notes")),
            ("md-summary", _("Shareable summary (Markdown): the same, as plain text")),
        ]

        def fmt_chosen(choice: str | None) -> None:
            if choice is None:
                return
            fmt, _sep, kind = choice.partition("-")

            def folder_chosen(folder: Path | None) -> None:
                if folder is None:
                    return
                from auditor.reports import write
                from auditor.engine.assessment import Assessment

                try:
                    written = write(Assessment.of(session.audit, session.content), fmt, summary=kind == "summary", out_dir=folder)
                except (OSError, InputError, ValueError) as exc:
                    self.push_screen(MessageDialog(_("The report was not written"), f"{type(exc).__name__}: {exc}"))
                    return
                self.push_screen(MessageDialog(_("Report written"), _("Written to:\n{written}\n\nIt is readable only by you (0600). It describes your group: share it with care.").format(written=written)))

            self.push_screen(
                PathDialog(_("Which folder should the report go in?"), Path.cwd() / "reports", explain=_("The file gets a dated name and never replaces an existing report."), folder=True),
                folder_chosen,
            )

        self.push_screen(ChoiceDialog(_("Export a report"), formats, explain=_("Choose a format.")), fmt_chosen)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
