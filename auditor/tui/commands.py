"""Command palette (ctrl+p): the main actions by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class AuditorCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        out: list[tuple[str, object, str]] = []
        if getattr(app, "session", None) is not None:
            out += [
                ("Group profile questions", partial(app.go, "profile"), "F2: the questions about the group"),
                ("Tools", partial(app.go, "tools"), "F3: the tool inventory"),
                ("Add a tool", app.add_tool, "search the catalog or add a custom tool"),
                ("Findings", partial(app.go, "findings"), "F4: every finding with its reason"),
                ("Minimization plan", partial(app.go, "plan"), "F5: ranked changes, what-if, agreed"),
                ("Progress", partial(app.go, "progress"), "F6: what is still unanswered"),
                ("Export a report", app.action_export, "F7: write a report file"),
                ("Group notes", partial(app.edit_notes, None), "notes about the group (no names or case details)"),
                ("Rename this audit", app.rename_audit, "the audit's label (not the group's legal name)"),
                ("Leave this audit", app.leave, "back to the start screen (the audit is saved)"),
            ]
        out += [
            ("New audit", partial(app.start_action, "new"), "ctrl+o: start a new audit (asks for a short label)"),
            ("Open an audit file", partial(app.start_action, "open"), "ctrl+o: open another audit"),
            ("Start the next cycle", partial(app.start_action, "cycle"), "ctrl+o: the next cycle from a previous audit"),
            ("Keys", app.action_keys, "F9: every key on this screen"),
        ]
        content = app.peek_content()  # type: ignore[attr-defined]
        if content is not None:
            for tid, threat in content.threats.items():
                out.append((f"Explain: {threat.title}", partial(app.action_help, tid), threat.summary))
        out += [
            ("High-contrast theme on/off", app.action_contrast, "F8: switch between the normal and high-contrast theme"),
            ("What this tool stores", app.show_about, "and what it never asks"),
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
