"""Since last cycle: findings resolved, new and worse, last cycle's plan and what became of it,
and each score change split into changed practice and newly answered.

The numbers come from ``auditor.audits.diff.compare``, the computation `auditor diff` prints,
fed with the session's cached score of this audit: the screen and the CLI cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.audits.cycles import CycleSummary
from auditor.audits.model import Audit
from auditor.audits.diff import NEW, REDUCED, REGRESSED, RESOLVED, UNCHANGED, CycleDiff, FindingChange, compare
from auditor.errors import InputError
from auditor.i18n import N_, _, ngettext
from auditor.reports import vocab
from auditor.textout import num
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import join, literal, threat_name


def _signed(value: int | None) -> str:
    return "?" if value is None else f"{value:+d}" if value else "0"


def _points(f: FindingChange) -> str:
    if f.old_points is not None and f.new_points is not None:
        return f"{num(f.old_points)} → {num(f.new_points)} pts"
    return f"{num(f.new_points if f.new_points is not None else f.old_points or 0)} pts"


class CycleScreen(MainScreen):
    NAME = "cycle"
    BINDINGS = [
        Binding("p", "pick", N_("Pick file"), id="cycle.pick", tooltip=N_("Compare with another file from last cycle")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.previous: Path | None = None  # last cycle's file
        self.old: Audit | CycleSummary | None = None  # ... as loaded
        self.result: CycleDiff | None = None
        self._computed_at: int | None = None  # the audit revision ``result`` was computed for

    def compose_body(self):
        yield Static(id="cycle-summary", markup=False)
        yield OptionList(id="cycle", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        from auditor.content.loader import examples_dir

        self.query_one("#cycle", OptionList).focus()
        self.load(self.session.previous_cycle_file(self.app.data_dir, examples_dir()))  # type: ignore[attr-defined]

    def load(self, path: Path | None) -> None:
        """Read last cycle's file (asking for its passphrase if it is encrypted), then redraw."""
        from auditor.audits.cycles import load_cycle_file
        from auditor.audits.storage import uses_encryption

        self.previous, self.old, self.result = path, None, None
        if path is not None and uses_encryption(path):
            def loaded(audit: Audit, passphrase: str | None) -> None:
                self.old = audit
                self.refresh_body()

            self.app.load(path, loaded, _("Last cycle's audit is encrypted. Passphrase:"))  # type: ignore[attr-defined]
        elif path is not None:
            try:
                self.old = load_cycle_file(path, self.session.content)
            except (InputError, OSError) as exc:
                self.app.notify(str(exc), severity="error", markup=False, timeout=10)
        self.refresh_body()

    # -- computing ----------------------------------------------------------------
    def compare(self) -> CycleDiff | None:
        """The comparison with last cycle's file, computed once per revision of this audit."""
        s = self.session
        if self.old is None or self.previous is None:
            return None
        if self.result is None or self._computed_at != s.revision:
            self.result = compare(self.old, s.audit, s.content, old_file=self.previous.name, new_file=s.path.name, new_result=s.result)
            self._computed_at = s.revision
        return self.result

    # -- drawing ------------------------------------------------------------------
    def refresh_body(self) -> None:
        d = self.compare()
        summary = self.query_one("#cycle-summary", Static)
        box = self.query_one("#cycle", OptionList)
        if d is None:
            name = self.session.audit.cycle.get("previous") or ""
            summary.update(Content(
                _("Last cycle's file ({name}) could not be read from next to this audit. Press p to choose it.").format(name=name)
                if name else _("This audit is a first cycle: there is nothing to compare it with yet. Press p to choose an earlier audit.")
            ))
            box.set_options([])
            return
        summary.update(self._summary(d))
        keep = box.highlighted
        box.set_options(self._options(d))
        box.highlighted = keep if keep is not None and keep < box.option_count else None

    def _summary(self, d: CycleDiff) -> Content:
        c = d.findings_count
        lines = [
            _("Since cycle {n} ({date}, {file}): findings {old} → {new}").format(
                n=d.old.cycle, date=d.old.date or "?", file=d.old.file, old=c["old"], new=c["new"]),
        ]
        if not d.summary_only:
            lines.append(_("{resolved} resolved · {new} new · {worse} worse · {less} weigh less · {open} still open").format(
                resolved=d.count(RESOLVED), new=d.count(NEW), worse=d.count(REGRESSED), less=d.count(REDUCED), open=d.count(UNCHANGED)))
        for tid, t in d.threats.items():
            line = f"{threat_name(self.session.content, tid, tight=True):<10} {t.old if t.old is not None else '-':>3} → {t.new if t.new is not None else '-':>3} ({_signed(t.change)})"
            if t.practice is not None:
                line += ": " + _("changed practice {p}, newly answered {a}").format(p=_signed(t.practice), a=_signed(t.answered))
            lines.append(line)
        if not d.summary_only:
            changed, answered = d.answers["changed"], d.answers["newly_answered"]
            lines.append(" · ".join((
                ngettext("{n} answer changed", "{n} answers changed", changed).format(n=changed),
                ngettext("{n} newly answered", "{n} newly answered", answered).format(n=answered),
                _("plan: {done} of {total} carried out").format(done=d.carried_out, total=len(d.plan)),
            )))
        lines += d.ruleset["notes"]
        lines.append(_("↑↓ read the list · F5 the plan (t to track an item) · p compare with another file"))
        return Content("\n".join(lines))

    def _options(self, d: CycleDiff) -> list[Option]:
        options: list[Option] = []
        if d.summary_only:
            options.append(Option(Content(_("Last cycle's file is a summary only: its findings and plan cannot be compared.")), disabled=True))
            return options
        sections = ((RESOLVED, _("Resolved")), (NEW, _("New")), (REGRESSED, _("Worse (more points than before)")))
        for state, heading in sections:
            items = d.findings[state]
            options.append(Option(join((heading, "bold underline"), f"  ({len(items)})"), id=f"h:{state}", disabled=True))
            for i, f in enumerate(items):
                where = literal(f.tool_name) if f.tool is not None else _("the group as a whole")
                gone = " " + _("(tool removed)") if f.tool_removed else ""
                options.append(Option(join(f"  {f.rule} · ", (f.title, "bold"), " · ", where, f"{gone} · {_points(f)}"), id=f"f:{state}:{i}"))
        heading = _("Plan agreed last cycle: {done} of {total} carried out").format(done=d.carried_out, total=len(d.plan))
        options.append(Option(join((heading, "bold underline")), id="h:plan", disabled=True))
        for i, p in enumerate(d.plan):
            where = literal(p.tool_name) if p.tool is not None else _("the group as a whole")
            parts: list = [f"  {_(p.status_label)} · ", (p.title, "bold"), " · ", where]
            if p.action:
                tracked = [_("tracked: {status}").format(status=vocab.status(p.action["status"]))]
                tracked += [literal(p.action[k]) for k in ("role", "due") if p.action.get(k)]
                for piece in tracked:
                    parts += [" · ", piece]
            options.append(Option(join(*parts), id=f"p:{i}"))
        if d.still_in_history:
            heading = _("No longer taken in, but earlier versions may still hold it until a clean copy")
            options.append(Option(join((heading, "bold underline")), id="h:history", disabled=True))
            for i, x in enumerate(d.still_in_history):
                options.append(Option(join("  ", literal(x["tool_name"]), ": " + "; ".join(x["labels"])), id=f"v:{i}"))
        if d.tools_added or d.tools_removed:
            options.append(Option(join((_("Tools"), "bold underline")), id="h:tools", disabled=True))
            for label, tools in ((_("added"), d.tools_added), (_("removed"), d.tools_removed)):
                for t in tools:
                    options.append(Option(join(f"  {label}: ", literal(t["name"])), id=f"t:{label}:{t['id']}"))
        return options

    # -- choosing last cycle's file -------------------------------------------------
    def action_pick(self) -> None:
        from auditor.tui.dialogs import PathDialog

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.load(path)

        default = self.previous or self.session.path.parent
        self.app.push_screen(PathDialog(_("Last cycle's audit file"), default, must_exist=True), chosen)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
