"""The minimization plan: proposals ranked by the core; toggle what-if, mark agreed; saved with the audit."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.content.model import KIND_LABELS
from auditor.reports.vocab import effort_short
from auditor.textout import num
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import answer_label, join, literal, short_title
from auditor.i18n import N_, _


class PlanScreen(MainScreen):
    NAME = "plan"
    SHOW_WHATIF = True
    BINDINGS = [
        Binding("tab", "switch_pane", N_("List/detail"), id="plan.pane", tooltip=N_("Move between the list and the detail pane (scroll the detail with ↑↓)")),
        Binding("space", "whatif", N_("What-if"), id="plan.whatif", tooltip=N_("Try this change: see the scores move (nothing is changed)")),
        Binding("a", "agree", N_("Agree"), id="plan.agree", tooltip=N_("Mark this change as agreed by the group")),
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

    def refresh_body(self) -> None:
        s = self.session
        a = s.assessment  # cached per revision: moving the cursor re-scores nothing
        self.proposals = a.plan
        box = self.query_one("#plan", OptionList)
        keep = box.highlighted
        after = " ".join(f"{short_title(x.title)} {x.after_plan}" for x in a.scores.values())
        remains = " ".join(f"{short_title(x.title)} {x.residual}" for x in a.scores.values())
        self.query_one("#plan-hint", Static).update(
            Content(_("{n_proposals} changes, best first · Space [w] what-if · a [a] agreed\nAfter all of them: {after} · what remains whatever you change: {remains}").format(n_proposals=len(self.proposals), after=after, remains=remains))
        )
        options = []
        for item in self.proposals:
            p = item.proposal
            whatif = "[w]" if p.key in s.audit.whatif else "[ ]"
            agreed = "[a]" if p.key in s.audit.agreed else "[ ]"
            options.append(
                Option(join(f"{whatif}{agreed} {item.rank}. ", (p.title, "bold"), " · ", literal(item.tool_name), _(" · -{num} pts · {effort} effort").format(num=num(p.total), effort=effort_short(p.effort))), id=p.key)
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
        item = self.current()
        if item is None:
            detail.update(Content(_("No changes to propose yet: they appear once answers show exposure.")))
            return
        p = item.proposal
        s = self.session
        q = s.content.questions
        parts: list = [(p.title, "bold"), _(" for "), literal(item.tool_name, "bold")]
        kind = p.kind
        parts.append(_("\n{kind} · {effort} effort · rules {rules}").format(kind=_(KIND_LABELS[kind]) if kind in KIND_LABELS else kind, effort=effort_short(p.effort), rules=', '.join(p.rules)))
        if p.detail:
            parts.append(f"\n{p.detail}")
        parts.append((_("\nChanges:"), "bold"))
        for c in p.changes:
            if c.question == "catalog":
                new = s.content.catalog.get(c.after)
                parts.append(_("\n • switch to "))
                parts.append(literal(new.name if new else str(c.after)))
            elif isinstance(c.before, list) and isinstance(c.after, list):
                removed = [q[c.question].label_of([v]) for v in c.before if v not in c.after]
                parts.append(_("\n • {prompt}\n   stop: {items}").format(prompt=q[c.question].prompt, items='; '.join(removed)))
            else:
                parts.append(f"\n • {q[c.question].prompt}\n   {answer_label(q[c.question], c.before)} → {answer_label(q[c.question], c.after)}")
        moved = ", ".join(f"{s.content.threats[t].title} -{v}" for t, v in item.score_drop.items() if v)
        parts.append((_("\nScore drop: "), "bold"))
        parts.append(moved or _("less than one point on the 0-100 scale"))
        running = ", ".join(f"{short_title(s.content.threats[t].title)} {v}" for t, v in item.running.items())
        parts.append((_("\nWith this and every change above it: "), "bold"))
        parts.append(running)
        status = []
        status.append(_("in what-if") if p.key in s.audit.whatif else _("not in what-if"))
        status.append("agreed" if p.key in s.audit.agreed else _("not agreed yet"))
        parts.append(_("\nStatus: {items}").format(items=', '.join(status)))
        detail.update(join(*parts))

    @on(OptionList.OptionHighlighted, "#plan")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#plan")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_whatif()

    def _toggle(self, which: str) -> None:
        item = self.current()
        if item is None:
            return
        error = self.session.toggle(which, item.key)
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


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
