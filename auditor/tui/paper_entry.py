"""Typing the paper worksheet's answers back in: the sheet's order, section by section, its headings.

`auditor worksheet` prints Part 1 (the group) and Part 2 (each tool, one column per tool),
both in sections in the checklists' section order (``worksheet.by_section``). Here a person
reading the sheet walks the same sections in the same order: Part 1's sections, then for
each section of Part 2 one tool column at a time (tool 1, tool 2, ... as the audit lists
them), each with only the questions the sheet asks of that kind of tool. The questions are
the app's own interview (``Interview``), narrowed to one section: "don't know" is always
there (d, or the last choice), and every answer saves at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from auditor.content.model import Question
from auditor.facilitation.worksheet import by_section
from auditor.i18n import N_, _
from auditor.tui.interview import Interview
from auditor.tui.messages import AuditChanged, InterviewFinished
from auditor.tui.text import join

PART_1 = N_("Part 1. About your group")  # the sheet's own part headings
PART_2 = N_("Part 2. Each tool you use")


@dataclass(frozen=True)
class Block:
    part: str  # PART_1 or PART_2 (untranslated)
    section: str  # the sheet's section heading
    tool_id: str | None  # None: the group
    column: int  # the tool's column on the sheet (1-based); 0 for the group
    questions: tuple[str, ...]


def paper_order(session) -> list[Block]:
    """The sheet's sections in its order, each as the questions to type in for the group or one tool."""
    content = session.content
    blocks = [Block(PART_1, title, None, 0, tuple(q.id for q in qs)) for title, qs in by_section(content.profile_questions, content)]
    for title, qs in by_section(content.tool_questions, content):
        for column, tool in enumerate(session.audit.tools, 1):
            asked = {q.id for q in session.questions(tool.id)}  # the sheet's "not for this kind of tool" is skipped
            ids = tuple(q.id for q in qs if q.id in asked)
            if ids:
                blocks.append(Block(PART_2, title, tool.id, column, ids))
    return blocks


class SectionInterview(Interview):
    """The interview, narrowed to one section of the sheet for the group or one tool."""

    def __init__(self, block: Block, **kwargs) -> None:
        super().__init__(block.tool_id, start=block.questions[0], **kwargs)
        self.block = block

    @property
    def questions(self) -> list[Question]:
        return [q for q in self.session.questions(self.tool_id) if q.id in self.block.questions]

    def not_asked(self) -> list[Question]:
        return []  # other kinds' questions are simply not in this section of the sheet


class PaperEntryScreen(Screen):
    BINDINGS = [
        Binding("ctrl+down", "section(1)", N_("Next section"), id="paper.next", tooltip=N_("Skip to the next section of the sheet")),
        Binding("ctrl+up", "section(-1)", N_("Prev section"), id="paper.prev", tooltip=N_("Back to the previous section of the sheet")),
        Binding("escape", "close", N_("Done"), id="paper.close", tooltip=N_("Stop entering answers (everything typed is saved)")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = 0

    @property
    def session(self):
        return self.app.session  # type: ignore[attr-defined]

    def compose(self):
        yield Static(id="paper-head", markup=False)
        yield Static(id="paper-hint", markup=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.blocks = paper_order(self.session)
        self.query_one("#paper-hint", Static).update(
            _("Type in the answers from the paper worksheet, in the sheet's order. \"Don't know\" is always there (d). "
              "ctrl+down: next section · ctrl+up: previous section · Escape: done")
        )
        await self.show(0)

    async def show(self, index: int) -> None:
        self.index = max(0, min(index, len(self.blocks) - 1))
        block = self.blocks[self.index]
        where = _("About the group") if block.tool_id is None else _("Tool {n} column: {name}").format(
            n=block.column, name=self.session.tool(block.tool_id).name
        )
        counter = _("section {n} of {total}").format(n=self.index + 1, total=len(self.blocks))
        self.query_one("#paper-head", Static).update(join((_(block.part), "bold"), "  ·  ", (block.section, "bold reverse"), f"  ·  {where}  ·  {counter}"))
        for old in self.query(SectionInterview):
            await old.remove()
        await self.mount(SectionInterview(block, id="interview"), before=self.query_one(Footer))

    @on(InterviewFinished)
    async def _section_done(self, event: InterviewFinished) -> None:
        event.stop()
        if self.index + 1 < len(self.blocks):
            await self.show(self.index + 1)
        else:
            self.app.notify(_("That was the last section of the sheet. Everything is saved."), markup=False)
            self.dismiss()

    @on(AuditChanged)
    def _changed(self, event: AuditChanged) -> None:
        event.stop()
        if self.session is not None and self.session.save_error:
            self.app.notify(self.session.save_error, severity="error", markup=False, timeout=10)

    async def action_section(self, step: int) -> None:
        await self.show(self.index + step)

    def action_close(self) -> None:
        if not self.app.close_panels():  # type: ignore[attr-defined]
            self.dismiss()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
