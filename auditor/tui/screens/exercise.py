"""'What if this happened?' in the app: the exercises `auditor exercise` writes, one scenario at a time.

Built once from the session's assessment by ``auditor.facilitation.exercise`` (the same
function the command uses) and shown in the command's own text, so the screen and the
printout never disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from auditor.engine.assessment import Assessment
from auditor.facilitation import exercise
from auditor.facilitation.scenarios import load_scenarios
from auditor.i18n import N_, _
from auditor.tui.text import join


class ExerciseScreen(Screen):
    BINDINGS = [
        Binding("right", "step(1)", N_("Next exercise"), id="exercise.next", tooltip=N_("The next scenario"), priority=True),
        Binding("left", "step(-1)", N_("Prev exercise"), id="exercise.prev", tooltip=N_("The previous scenario"), priority=True),
        Binding("escape", "close", N_("Close"), id="exercise.close", tooltip=N_("Back to the audit")),
    ]

    def __init__(self, assessment: Assessment, scenario_dirs: Iterable[Path] = ()) -> None:
        """``scenario_dirs``: the group's own scenario folders (`auditor open --scenarios DIR`), besides the
        shipped ones; a bad file raises InputError, as in `auditor exercise`."""
        super().__init__()
        self.exercises = exercise.build(assessment, load_scenarios(assessment.content, scenario_dirs))
        self.index = 0

    def compose(self):
        yield Static(id="exercise-head", markup=False)
        with VerticalScroll(id="exercise-body"):
            yield Static(id="exercise-text", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        if not self.exercises:
            self.query_one("#exercise-head", Static).update(_("No scenarios found."))
            return
        ex = self.exercises[self.index]
        title = ex.scenario.title.replace("{tool}", _("one of your tools"))
        head = _("Exercise {n} of {total}: {title}").format(n=self.index + 1, total=len(self.exercises), title=title)
        self.query_one("#exercise-head", Static).update(join((head, "bold")))
        # The command's text for this one exercise, without its own numbered title (the head above says it).
        body = exercise.render_text([ex]).split("\n", 2)[2]
        self.query_one("#exercise-text", Static).update(body)
        self.query_one("#exercise-body", VerticalScroll).scroll_home(animate=False)

    def action_step(self, step: int) -> None:
        if self.exercises:
            self.index = (self.index + step) % len(self.exercises)
            self.show()

    def action_close(self) -> None:
        self.dismiss()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
