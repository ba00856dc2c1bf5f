"""Findings, per threat or per tool: each with its reason, rule id and the answers that triggered it."""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from auditor.engine.assessment import finding_dict
from auditor.engine.scoring import level
from auditor.reports.vocab import level as level_words
from auditor.reports.vocab import severity_short as severity_words
from auditor.textout import num
from auditor.tui.screens.base import MainScreen
from auditor.tui.text import answer_label, join, literal, threat_name
from auditor.i18n import N_, _

ORIGIN = {"answer": N_("your answer"), "catalog": N_("catalog default"), "unanswered": N_("not answered: counted as don't know"), "record": N_("worked out from your answers")}


# How findings are grouped, in words (the ids stay "threat" and "tool").
BY_WORDS = {"threat": N_("threat"), "tool": N_("tool")}


class FindingsScreen(MainScreen):
    NAME = "findings"
    BINDINGS = [
        Binding("tab", "switch_pane", N_("Pane"), id="findings.pane", tooltip=N_("Move between the list and the detail pane (scroll the detail with ↑↓)")),
        Binding("v", "toggle_view", N_("By threat/tool"), id="findings.view", tooltip=N_("Group findings by threat or by tool")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.by = "threat"
        self.rows: dict[str, dict] = {}

    def compose_body(self):
        yield Static(id="findings-hint", markup=False)
        yield OptionList(id="findings", markup=False)
        yield VerticalScroll(Static(id="finding-detail", markup=False), id="finding-detail-box")

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_body()
        self.query_one("#findings", OptionList).focus()
        self.session.set_progress(screen="findings")

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.query_one("#findings", OptionList).focus()

    def action_toggle_view(self) -> None:
        self.by = "tool" if self.by == "threat" else "threat"
        self.refresh_body()

    def refresh_body(self) -> None:
        s = self.session
        a = s.assessment
        result = a.result
        findings = [finding_dict(a, f) for f in a.findings]
        self.rows = {}
        options: list[Option] = []
        other = "tool" if self.by == "threat" else "threat"
        self.query_one("#findings-hint", Static).update(
            Content(_("{n_findings} findings, by {by} · v show by {other} · ↑↓ read each one's reason").format(n_findings=len(findings), by=_(BY_WORDS[self.by]), other=_(BY_WORDS[other])))
        )
        if self.by == "threat":
            groups = [
                (t, f"{s.content.threats[t].title}: {result.scores[t]}/100 {level_words(level(result.scores[t]))}",
                 sorted((f for f in findings if t in f["points"]), key=lambda f, t=t: -f["points"][t]))
                for t in result.threats
            ]
        else:
            ids = [None] + [t.id for t in s.audit.tools]
            groups = []
            for tid in ids:
                rows = [f for f in findings if f["tool"] == tid]
                if tid is None and not rows:
                    continue
                name = _("The group as a whole") if tid is None else s.audit.tool(tid).name
                groups.append((str(tid), name, rows))
        for gid, heading, rows in groups:
            threat = gid if self.by == "threat" else None
            options.append(Option(join((heading, "bold underline"), f"  ({len(rows)})"), id=f"h:{gid}", disabled=True))
            if not rows:
                options.append(Option(Content(_("   nothing found")), id=f"e:{gid}", disabled=True))
            for i, f in enumerate(rows):
                key = f"f:{gid}:{i}"
                self.rows[key] = f
                where = literal(f["tool_name"]) if self.by == "threat" else Content(", ".join(threat_name(s.content, t) for t in f["threats"]))
                pts = f["points"][threat] if threat else f["total"]
                maybe = _(" (don't know)") if f["uncertain"] else ""
                remains = _(" (remains)") if f["residual"] else ""
                counted = _(" (counted once, with another rule)") if not pts and f["counted_in"] else ""
                options.append(Option(join("  ", where, _(" · {title} · +{num} pts{maybe}{remains}{counted}").format(title=f['title'], num=num(pts), maybe=maybe, remains=remains, counted=counted)), id=key))
        box = self.query_one("#findings", OptionList)
        box.set_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        if first is not None:
            box.highlighted = first
        self.show_detail()

    def show_detail(self) -> None:
        box = self.query_one("#findings", OptionList)
        detail = self.query_one("#finding-detail", Static)
        if box.highlighted is None:
            detail.update(Content(_("No findings yet. Answer questions about the group and its tools (F2, F3).")))
            return
        f = self.rows.get(box.get_option_at_index(box.highlighted).id or "")
        if f is None:
            detail.update(Content(""))
            return
        s = self.session
        added = ", ".join(_("+{points} to {threat}").format(points=num(v), threat=s.content.threats[t].title) for t, v in f["points"].items())
        parts: list = [
            (f["title"], "bold"),
            _("\nRule {rule} · {severity} · {added} · about: {about}").format(rule=f['rule'], severity=severity_words(f['severity']), added=added, about=f['exposure_label']),
            _("\nTool: "),
            literal(f["tool_name"]),
            (_("\nWhy: "), "bold"),
            f["reason"],
        ]
        if f["counted_in"]:
            leads = ", ".join(sorted(set(f["counted_in"].values())))
            parts.append(_("\nCounted once: {leads} already counts this exposure, so this adds no points there.").format(leads=leads))
        if f["residual"]:
            parts.append((_("\nThis remains whatever the group changes: no change it controls removes it."), "italic"))
        if f["uncertain"]:
            parts.append((_("\nUncertain: it fires because of a \"don't know\" or an unanswered question."), "italic"))
        if f["triggers"]:
            parts.append((_("\nTriggered by:"), "bold"))
            for t in f["triggers"]:
                q = s.content.questions.get(t["question"])
                answer = answer_label(q, t["value"]) if q is not None and not t.get("undocumented") else t["answer"]
                origin = t["origin"]
                parts.append(f"\n • {t['prompt']}\n   → {answer} ({_(ORIGIN[origin]) if origin in ORIGIN else origin})")
        if f["fixed_by"]:
            parts.append(_("\nIn the plan: {n_fixed_by} change(s) lower this (F5 Plan).").format(n_fixed_by=len(f['fixed_by'])))
        for why in f["amplified_by"]:
            parts.append(_("\nWeighs more because: {why}").format(why=why))
        if f["sources"]:
            parts.append((_("\nSources: "), "bold"))
            parts.append("; ".join(f["sources"]))
        detail.update(join(*parts))

    @on(OptionList.OptionHighlighted, "#findings")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    def action_switch_pane(self) -> None:
        box = self.query_one("#finding-detail-box")
        if box.has_focus:
            self.query_one("#findings").focus()
        else:
            box.focus()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
