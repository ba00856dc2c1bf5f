"""The minimization plan: proposals ranked by the core; toggle what-if, mark agreed; saved with the audit."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.content.model import KIND_LABELS
from auditor.engine.proposals import propose, score_change
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import answer_label, join, literal


class PlanScreen(MainScreen):
    NAME = "plan"
    SHOW_WHATIF = True
    BINDINGS = [
        Binding("tab", "switch_pane", "List/detail", id="plan.pane", tooltip="Move between the list and the detail pane (scroll the detail with ↑↓)"),
        Binding("space", "whatif", "What-if", id="plan.whatif", tooltip="Try this change: see the scores move (nothing is changed)"),
        Binding("a", "agree", "Agree", id="plan.agree", tooltip="Mark this change as agreed by the group"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.proposals: list = []

    def compose_body(self):
        yield Static(id="plan-hint", markup=False)
        yield OptionList(id="plan", markup=False)
        yield VerticalScroll(Static(id="plan-detail", markup=False), id="plan-detail-box")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_body()
        self.query_one("#plan", OptionList).focus()
        self.session.set_progress(screen="plan")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#plan", OptionList).focus()

    def name_of(self, tool_id: str | None) -> str:
        if tool_id is None:
            return "the group"
        try:
            return self.session.audit.tool(tool_id).name
        except KeyError:
            return tool_id

    def catalog_name(self, catalog_id) -> str:
        entry = self.session.content.catalog.get(catalog_id) if catalog_id else None
        return entry.name if entry else str(catalog_id)

    def refresh_body(self) -> None:
        s = self.session
        self.proposals = propose(s.audit, s.content, s.result)
        box = self.query_one("#plan", OptionList)
        keep = box.highlighted
        self.query_one("#plan-hint", Static).update(
            Content(f"{len(self.proposals)} changes, best first · Space [w] what-if (try it) · a [a] agreed")
        )
        options = []
        for i, p in enumerate(self.proposals, 1):
            whatif = "[w]" if p.key in s.audit.whatif else "[ ]"
            agreed = "[a]" if p.key in s.audit.agreed else "[ ]"
            options.append(
                Option(join(f"{whatif}{agreed} {i}. ", (p.title, "bold"), " · ", literal(self.name_of(p.tool)), f" · -{p.total:g} pts · {p.effort} effort"), id=p.key)
            )
        box.set_options(options)
        if options:
            box.highlighted = min(keep or 0, len(options) - 1)
        self.show_detail()

    def current(self):
        box = self.query_one("#plan", OptionList)
        if box.highlighted is None or not self.proposals:
            return None
        return self.proposals[box.highlighted]

    def show_detail(self) -> None:
        detail = self.query_one("#plan-detail", Static)
        p = self.current()
        if p is None:
            detail.update(Content("No changes to propose yet: they appear once answers show exposure."))
            return
        s = self.session
        q = s.content.questions
        parts: list = [(p.title, "bold"), " for ", literal(self.name_of(p.tool), "bold")]
        parts.append(f"\n{KIND_LABELS.get(p.kind, p.kind)} · {p.effort} effort · rules {', '.join(p.rules)}")
        if p.detail:
            parts.append(f"\n{p.detail}")
        parts.append(("\nChanges:", "bold"))
        for c in p.changes:
            if c.question == "catalog":
                parts.append(f"\n • switch tool: {self.catalog_name(c.before)} → {self.catalog_name(c.after)}")
            else:
                parts.append(f"\n • {q[c.question].prompt}\n   {answer_label(q[c.question], c.before)} → {answer_label(q[c.question], c.after)}")
        drops = score_change(s.result, p.reduction)
        moved = ", ".join(f"{s.content.threats[t].title} -{v}" for t, v in drops.items() if v)
        parts.append(("\nScore drop: ", "bold"))
        parts.append(moved or "less than one point on the 0-100 scale")
        status = []
        status.append("in what-if" if p.key in s.audit.whatif else "not in what-if")
        status.append("agreed" if p.key in s.audit.agreed else "not agreed yet")
        parts.append(f"\nStatus: {', '.join(status)}")
        detail.update(join(*parts))

    @on(OptionList.OptionHighlighted, "#plan")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#plan")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_whatif()

    def _toggle(self, which: str) -> None:
        p = self.current()
        if p is None:
            return
        error = self.session.toggle(which, p.key)
        if error:
            self.app.notify(error, severity="error", markup=False)
        self.refresh_frame()
        self.refresh_body()

    def action_whatif(self) -> None:
        self._toggle("whatif")

    def action_agree(self) -> None:
        self._toggle("agreed")

    def action_switch_pane(self) -> None:
        box = self.query_one("#plan-detail-box")
        if box.has_focus:
            self.query_one("#plan").focus()
        else:
            box.focus()
