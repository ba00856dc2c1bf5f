"""Command palette (ctrl+p): the main actions by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from auditor.i18n import _


class AuditorCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        out: list[tuple[str, object, str]] = []
        if getattr(app, "session", None) is not None:
            out += [
                (_("Group profile questions"), partial(app.go, "profile"), _("F2: the questions about the group")),
                (_("Tools"), partial(app.go, "tools"), _("F3: the tool inventory")),
                (_("Add a tool"), app.add_tool, _("search the catalog or add a custom tool")),
                (_("Findings"), partial(app.go, "findings"), _("F4: every finding with its reason")),
                (_("Minimization plan"), partial(app.go, "plan"), _("F5: ranked changes, what-if, agreed")),
                (_("Progress"), partial(app.go, "progress"), _("F6: what is still unanswered")),
                (_("Export a report"), app.action_export, _("F7: write a report file")),
                (_("Group notes"), partial(app.edit_notes, None), _("notes about the group (no names or case details)")),
                (_("Rename this audit"), app.rename_audit, _("the audit's label (not the group's legal name)")),
                (_("Leave this audit"), app.leave, _("back to the start screen (the audit is saved)")),
            ]
        out += [
            (_("New audit"), partial(app.start_action, "new"), _("ctrl+o: start a new audit (asks for a short label)")),
            (_("Open an audit file"), partial(app.start_action, "open"), _("ctrl+o: open another audit")),
            (_("Start the next cycle"), partial(app.start_action, "cycle"), _("ctrl+o: the next cycle from a previous audit")),
            (_("Keys"), app.action_keys, _("F9: every key on this screen")),
        ]
        content = app.peek_content()  # type: ignore[attr-defined]
        if content is not None:
            for tid, threat in content.threats.items():
                out.append((_("Explain: {title}").format(title=threat.title), partial(app.action_help, tid), threat.summary))
        out += [
            (_("High-contrast theme on/off"), app.action_contrast, _("F8: switch between the normal and high-contrast theme")),
            (_("What this tool stores"), app.show_about, _("and what it never asks")),
        ]
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
