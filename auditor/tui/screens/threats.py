"""Threat explainers: one page per threat, plain language, for a facilitator's shared screen."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from auditor.engine.scoring import level
from auditor.i18n import N_, _
from auditor.reports.vocab import level as level_words
from auditor.tui.text import explainer, join


def room_parts(threat) -> list:
    """For a room: the threat's example from practice and the questions to ask the group."""
    parts: list = []
    if threat.room_example.strip():
        parts += [("\n\n" + _("An example from practice") + "\n", "bold"), threat.room_example.strip()]
    if threat.room_questions:
        parts.append(("\n\n" + _("Questions to ask the group") + "\n", "bold"))
        parts += [f"  • {q}\n" for q in threat.room_questions]
    return parts


class ThreatScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="threat.close", tooltip=N_("Back to where you were")),
        Binding("right", "step(1)", N_("Next threat"), id="threat.next", tooltip=N_("The next threat"), priority=True),
        Binding("left", "step(-1)", N_("Prev threat"), id="threat.prev", tooltip=N_("The previous threat"), priority=True),
        Binding("q", "close", N_("Close"), id="threat.q", tooltip=N_("Back to where you were"), show=False),
        # Numbered keys: translated through their template ("Threat {n}"), see auditor/tui/bindings.py.
        *[Binding(str(n), f"go({n - 1})", N_("Threat {n}").format(n=n), id=f"threat.{n}", tooltip=N_("Show threat {n}").format(n=n), show=False) for n in range(1, 10)],
    ]

    def __init__(self, content, threat_id: str | None = None, scores: dict[str, int] | None = None) -> None:
        super().__init__()
        self.content = content
        self.ids = list(content.threats)
        self.index = self.ids.index(threat_id) if threat_id in self.ids else 0
        self.scores = scores or {}

    def compose(self):
        yield Static(id="threat-tabs", markup=False)
        with VerticalScroll(id="threat-body"):
            yield Static(id="threat-text", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        tid = self.ids[self.index]
        threat = self.content.threats[tid]
        tabs = []
        for i, t in enumerate(self.ids):
            label = f" {i + 1}. {self.content.threats[t].title} "
            tabs.append((f"▸{label}", "reverse bold") if i == self.index else f" {label}")
        self.query_one("#threat-tabs", Static).update(join(*tabs))
        text, refs = explainer(self.content, tid)
        parts: list = [(threat.title, "bold"), _("  (threat {n} of {count})").format(n=self.index + 1, count=len(self.ids)) + "\n\n", (threat.summary, "italic"), "\n\n", text]
        parts += room_parts(threat)
        if tid in self.scores:
            parts.append(_("\n\nYour audit now: {value}/100, {level}. The findings screen (F4) shows why.").format(value=self.scores[tid], level=level_words(level(self.scores[tid]))))
        if refs:
            parts.append((_("\n\nRead more: "), "bold"))
            parts.append("; ".join(refs))
        self.query_one("#threat-text", Static).update(join(*parts))
        self.query_one("#threat-body", VerticalScroll).scroll_home(animate=False)

    def action_step(self, step: int) -> None:
        self.index = (self.index + step) % len(self.ids)
        self.show()

    def action_close(self) -> None:
        if not self.app.close_panels():  # type: ignore[attr-defined]
            self.dismiss()

    def action_go(self, i: int) -> None:
        if i < len(self.ids):
            self.index = i
            self.show()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
