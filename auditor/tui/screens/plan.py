"""The minimization plan: proposals ranked by the core; toggle what-if, mark agreed, track an agreed
item (status, a role, a due date, as `auditor action` records it); saved with the audit."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from auditor.audits import actions
from auditor.content.model import KIND_LABELS
from auditor.errors import InputError
from auditor.i18n import N_, _
from auditor.reports import vocab
from auditor.reports.text import cut_text
from auditor.reports.vocab import effort_short
from auditor.textout import num
from auditor.tui.dialogs import Dialog
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import answer_label, join, literal, threat_name
from auditor.i18n import N_, _


class TrackDialog(Dialog, ModalScreen["dict | None"]):
    """Status, role and due date of one agreed plan item, checked by the same rules as `auditor action`.

    Dismisses with ``{"status", "role", "due"}`` (an empty role or date clears it) or None.
    """

    def __init__(self, title: str, record: dict) -> None:
        super().__init__()
        self.title_text, self.record = title, record

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(join((_("Track: "), "bold"), literal(self.title_text, "bold")), markup=False)
            yield Static(Content(_("Status (↑↓), Tab to the role and the due date. A role, never a person's name.")), markup=False, classes="explain")
            yield OptionList(*[Option(Content(vocab.status(s)), id=s) for s in actions.STATUSES], id="track-status", markup=False, compact=True)
            yield Static(Content(_("Role")), markup=False)
            yield Input(value=self.record.get("role", ""), placeholder=_("e.g. on-call coordinator"), id="track-role", compact=True)
            yield Static(Content(_("Due date")), markup=False)
            yield Input(value=self.record.get("due", ""), placeholder=_("YYYY-MM-DD"), id="track-due", compact=True)
            yield Static("", id="error", markup=False)
            yield Static(Content(_("Enter to save · Tab next field · Escape to cancel")), markup=False, classes="hint")

    def on_mount(self) -> None:
        box = self.query_one("#track-status", OptionList)
        box.highlighted = actions.STATUSES.index(self.record.get("status", "agreed"))
        self.query_one("#error", Static).display = False
        box.focus()

    @on(OptionList.OptionSelected, "#track-status")
    @on(Input.Submitted)
    def _save(self, event) -> None:
        event.stop()
        box = self.query_one("#track-status", OptionList)
        status = actions.STATUSES[box.highlighted or 0]
        role, due = self.query_one("#track-role", Input).value, self.query_one("#track-due", Input).value
        try:  # the checks `auditor action --role/--due` makes
            if role.strip():
                actions.check_role(role)
            if due.strip():
                actions.check_due(due.strip())
        except InputError as exc:
            error = self.query_one("#error", Static)
            error.update(Content("; ".join(p.message for p in exc.problems)))
            error.display = True
            return
        self.dismiss({"status": status, "role": role, "due": due.strip()})


class PlanScreen(MainScreen):
    NAME = "plan"
    SHOW_WHATIF = True
    BINDINGS = [
        Binding("tab", "switch_pane", N_("Pane"), id="plan.pane", tooltip=N_("Move between the list and the detail pane (scroll the detail with ↑↓)")),
        Binding("space", "whatif", N_("What-if"), id="plan.whatif", tooltip=N_("Try this change: see the scores move (nothing is changed)")),
        Binding("a", "agree", N_("Agree"), id="plan.agree", tooltip=N_("Mark this change as agreed by the group")),
        Binding("t", "track", N_("Track"), id="plan.track", tooltip=N_("For an agreed change: its status, who takes it on (a role) and by when")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.proposals: list = []
        self.earlier: dict[str, tuple[str, str]] = {}

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
        after = " ".join(f"{threat_name(s.content, t)} {x.after_plan}" for t, x in a.scores.items())
        remains = " ".join(f"{threat_name(s.content, t)} {x.residual}" for t, x in a.scores.items())
        self.query_one("#plan-hint", Static).update(
            Content(_("{n_proposals} changes, best first · Space [w] what-if · a [a] agreed · t track\nAfter all of them: {after} · what remains whatever you change: {remains}").format(n_proposals=len(self.proposals), after=after, remains=remains))
        )
        options = []
        for item in self.proposals:
            p = item.proposal
            whatif = "[w]" if p.key in s.audit.whatif else "[ ]"
            agreed = "[a]" if p.key in s.audit.agreed else "[ ]"
            options.append(
                Option(join(f"{whatif}{agreed} {item.rank}. ", (p.title, "bold"), " · ", literal(item.tool_name), _(" · -{num} pts · {effort} effort").format(num=num(p.total), effort=effort_short(p.effort))), id=p.key)
            )
        self.earlier = self._agreed_elsewhere()
        if self.earlier:
            options.append(Option(join((_("Agreed, not in the ranked plan now"), "bold underline"), f"  ({len(self.earlier)})"), id="h:earlier", disabled=True))
            for key, (title, where) in self.earlier.items():
                status = vocab.status(actions.status_of(s.audit, key))
                options.append(Option(join("      ", (title, "bold"), " · ", literal(where), f" · {status}"), id=key))
        box.set_options(options)
        if options:
            box.highlighted = min(keep or 0, len(options) - 1)
        self.show_detail()

    def _agreed_elsewhere(self) -> dict[str, tuple[str, str]]:
        """Agreed or tracked items the ranked plan no longer lists (carried out, or their finding is gone):
        still trackable here. key -> (title, where)."""
        s = self.session
        listed = {item.key for item in self.proposals}
        names = {t.id: t.name for t in s.audit.tools}
        out = {}
        for key in dict.fromkeys(list(s.audit.agreed) + list(s.audit.actions)):
            scope, _sep, pid = key.partition(":")
            if key in listed or (scope != "group" and scope not in names):
                continue
            template = s.content.proposals.get(pid)
            out[key] = (template.title if template else pid, _("the group as a whole") if scope == "group" else names[scope])
        return out

    def current_key(self) -> str | None:
        """The highlighted item's key (a ranked proposal or an item agreed earlier), None on a heading."""
        box = self.query_one("#plan", OptionList)
        if box.highlighted is None or box.option_count == 0:
            return None
        key = box.get_option_at_index(box.highlighted).id
        return None if key is None or key.startswith("h:") else key

    def current(self):
        """The highlighted ranked proposal (None on an item agreed earlier)."""
        box = self.query_one("#plan", OptionList)
        if box.highlighted is None or box.highlighted >= len(self.proposals):
            return None
        return self.proposals[box.highlighted]

    def show_detail(self) -> None:
        detail = self.query_one("#plan-detail", Static)
        item = self.current()
        key = self.current_key()
        if item is None and key in self.earlier:
            title, where = self.earlier[key]
            parts: list = [(title, "bold"), " " + _("for") + " ", literal(where, "bold"), "\n",
                           _("Agreed earlier; no longer in the ranked plan: its changes are in effect, or what it addressed is gone.")]
            detail.update(join(*parts, *self._tracked_parts(key)))
            return
        if item is None:
            detail.update(Content(_("No changes to propose yet: they appear once answers show exposure.")))
            return
        p = item.proposal
        s = self.session
        q = s.content.questions
        parts: list = [(p.title, "bold"), _(" for "), literal(item.tool_name, "bold")]
        kind = p.kind
        parts.append(_("\n{kind} · {effort} effort · rules {rules}").format(kind=_(KIND_LABELS[kind]) if kind in KIND_LABELS else kind, effort=effort_short(p.effort), rules=', '.join(p.rules)))
        if item.detail:
            parts.append(f"\n{item.detail}")
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
        moved = ", ".join(f"{s.content.threats[t].title} {cut_text(v)}" for t, v in item.score_drop.items() if v)
        parts.append((_("\nScore drop if the answer turns out yes (not counted until you know): ") if p.check_first else _("\nScore drop: "), "bold"))
        parts.append(moved or _("less than one point on the 0-100 scale"))
        running = ", ".join(f"{threat_name(s.content, t)} {v}" for t, v in item.running.items())
        parts.append((_("\nWith this and every change above it: "), "bold"))
        parts.append(running)
        status = []
        status.append(_("in what-if") if p.key in s.audit.whatif else _("not in what-if"))
        status.append(_("agreed") if p.key in s.audit.agreed else _("not agreed yet"))
        parts.append(_("\nStatus: {items}").format(items=', '.join(status)))
        detail.update(join(*parts, *self._tracked_parts(p.key)))

    def _tracked_parts(self, key: str) -> list:
        record = actions.tracked(self.session.audit, key)
        if not record:
            return []
        parts: list = [("\n" + _("Tracked: "), "bold"), vocab.status(record["status"])]
        for k, label in (("role", _("role")), ("due", _("due"))):
            if record[k]:
                parts += [f" · {label} ", literal(record[k])]
        parts.append(" " + _("(t to change: status, role, due date)"))
        return parts

    @on(OptionList.OptionHighlighted, "#plan")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#plan")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_whatif()

    def _toggle(self, which: str) -> None:
        key = self.current_key() if which == "agreed" else getattr(self.current(), "key", None)
        if key is None:
            return
        error = self.session.toggle(which, key)
        if error:
            self.app.notify(error, severity="error", markup=False)
        self.refresh_frame()
        self.refresh_body()

    def action_whatif(self) -> None:
        self._toggle("whatif")

    def action_agree(self) -> None:
        self._toggle("agreed")

    def action_track(self) -> None:
        key = self.current_key()
        if key is None:
            return
        record = actions.tracked(self.session.audit, key)
        if record is None:
            self.app.notify(_("Agree to this change first (a), then track it."), markup=False)
            return

        def done(values: dict | None) -> None:
            if values is None:
                return
            error = self.session.track(key, **values)
            if error:
                self.app.notify(error, severity="error", markup=False)
            self.refresh_frame()
            self.refresh_body()

        title = self.earlier[key][0] if key in self.earlier else self.current().proposal.title
        self.app.push_screen(TrackDialog(title, record), done)

    def action_switch_pane(self) -> None:
        box = self.query_one("#plan-detail-box")
        if box.has_focus:
            self.query_one("#plan").focus()
        else:
            box.focus()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
