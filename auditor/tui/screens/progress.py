"""Progress: how far through the interview, and every question still unanswered."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.interview.session import named_prompt
from auditor.audits.cycles import needs_confirming, sparkline
from auditor.engine.scoring import bar
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import join, literal
from auditor.i18n import _


class ProgressScreen(MainScreen):
    NAME = "progress"

    def compose_body(self):
        yield Static(id="progress-summary", markup=False)
        yield OptionList(id="unanswered", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_body()
        self.query_one("#unanswered", OptionList).focus()
        self.session.set_progress(screen="progress")

    def refresh_body(self) -> None:
        s = self.session
        done, total = s.counts()
        pct = round(100 * done / total) if total else 100
        todo = s.unanswered()
        carried = len(s.audit.profile_carried_over) + sum(len(t.carried_over) for t in s.audit.tools)
        lines = [
            _("{done} of {total} questions answered ({pct}%)").format(done=done, total=total, pct=pct) + f"  {bar(pct, 20)}",
            _("{tools} tools · {n} unanswered (counted as don't know until answered)").format(tools=len(s.audit.tools), n=len(todo)),
        ]
        if carried:
            lines.append(_("{carried} answers carried over from the last cycle still to confirm (↻): listed below").format(carried=carried))
        lines += self._trend()
        lines.append(_("Enter on a question to answer it."))
        self.query_one("#progress-summary", Static).update(Content("\n".join(lines)))
        options: list[Option] = []
        current = object()
        for tool_id, qid in todo:
            if tool_id != current:
                current = tool_id
                name = literal(_("About the group"), "bold underline") if tool_id is None else join((_("Tool: "), "bold underline"), literal(s.audit.tool(tool_id).name, "bold underline"))
                options.append(Option(name, id=f"h:{tool_id}", disabled=True))
            options.append(Option(Content(f"  · {named_prompt(s.content.questions[qid])}"), id=f"q:{tool_id or ''}:{qid}"))
        confirm = needs_confirming(s.audit, s.content)
        if confirm:
            options.append(Option(literal(_("To confirm from the last cycle (↻): still true, or changed?"), "bold underline"), id="h:confirm", disabled=True))
            for tool_id, qid in confirm:
                where = _("group") if tool_id is None else s.audit.tool(tool_id).name
                label = join("  ↻ ", literal(where), f" · {named_prompt(s.content.questions[qid])}")
                options.append(Option(label, id=f"c:{tool_id or ''}:{qid}"))
        if not todo and not confirm:
            options.append(Option(Content(_("Everything is answered. See the findings (F4) and the plan (F5), then export (F7).")), id="done", disabled=True))
        box = self.query_one("#unanswered", OptionList)
        box.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        if first is not None:
            box.highlighted = first

    def _trend(self) -> list[str]:
        """Per-threat scores over the group's cycles, oldest first, ending with now."""
        history = [h for h in self.session.audit.extra.get("history") or [] if isinstance(h, dict)]
        if not history:
            return []
        result = self.session.result
        lines = [_("Scores over {n} cycles (oldest first, then now):").format(n=len(history) + 1)]
        for t in result.threats:
            values = [h.get("scores", {}).get(t) for h in history] + [result.scores[t]]
            numbers = " → ".join("?" if v is None else str(v) for v in values)
            lines.append(f"  {sparkline(values)}  {self.session.content.threats[t].title}: {numbers}")
        return lines

    @on(OptionList.OptionSelected, "#unanswered")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        _, tool_id, qid = (event.option.id or "").split(":", 2)
        if tool_id:
            self.app.open_tool(tool_id, qid)  # type: ignore[attr-defined]
        else:
            self.app.go("profile", question=qid)  # type: ignore[attr-defined]


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
