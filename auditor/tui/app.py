"""The auditor app: ``make_app`` builds it (for the CLI and the tests), ``run`` runs it.

The app holds one ``Session`` (the open audit) and moves between screens. Every
change is saved at once, so quitting at any moment loses nothing; the audit
remembers where you were (``audit.progress``) and the next launch resumes there.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.theme import Theme
from textual.widgets import OptionList

from auditor.errors import InputError
from auditor.i18n import N_, _
from auditor.tui import paths
from auditor.tui.commands import AuditorCommands
from auditor.tui.editing import EditFlows
from auditor.tui.files import FileFlows
from auditor.tui.lazy import sess
from auditor.tui.widgets import follow_cursor
from auditor.i18n import N_, _

if TYPE_CHECKING:
    from auditor.audits.model import Audit
    from auditor.content.model import Content as AuditContent
    from auditor.interview.session import Session

HIGH_CONTRAST = Theme(
    name="auditor-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    warning="#ffd700",
    error="#ff6060",
    success="#00ff80",
    dark=True,
)
NAV_ACTIONS = {"go", "export", "leave", "present", "exercises", "paper"}
MAIN_SCREENS = {"ProfileScreen", "InventoryScreen", "ToolScreen", "FindingsScreen", "PlanScreen", "ProgressScreen", "CycleScreen"}


class AuditorApp(FileFlows, EditFlows, App[int]):
    CSS_PATH = "auditor.tcss"
    TITLE = "auditor"
    COMMANDS = App.COMMANDS | {AuditorCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (150, "-xwide")]
    BINDINGS = [
        # F1 is on the nav bar ("F1/? Help"); at 80 columns the footer needs its room for the screen's keys and F9.
        Binding("f1", "help", N_("Help"), id="app.help", tooltip=N_("What each threat means, in plain language"), show=False),
        Binding("question_mark", "help", N_("Help"), id="app.help_q", tooltip=N_("What each threat means"), show=False),
        Binding("f2", "go('profile')", N_("Group"), id="app.profile", tooltip=N_("Questions about the group"), show=False),
        Binding("f3", "go('tools')", N_("Tools"), id="app.tools", tooltip=N_("The tools the group uses"), show=False),
        Binding("f4", "go('findings')", N_("Findings"), id="app.findings", tooltip=N_("What was found, and why"), show=False),
        Binding("f5", "go('plan')", N_("Plan"), id="app.plan", tooltip=N_("Changes to make, ranked; what-if"), show=False),
        Binding("f6", "go('progress')", N_("Progress"), id="app.progress", tooltip=N_("What is still unanswered"), show=False),
        Binding("f7", "export", N_("Export"), id="app.export", tooltip=N_("Write a report file"), show=False),
        Binding("f8", "contrast", N_("Contrast"), id="app.contrast", tooltip=N_("High-contrast theme on/off (remembered)"), show=False),
        Binding("f10", "present", N_("Present"), id="app.present", tooltip=N_("Presentation mode for a shared screen: one thing at a time, large and plain"), show=False),
        Binding("f11", "exercises", N_("Exercises"), id="app.exercises", tooltip=N_("'What if this happened?' exercises built from this audit"), show=False),
        Binding("f12", "paper", N_("Paper answers"), id="app.paper", tooltip=N_("Enter answers from the paper worksheet, in the sheet's order"), show=False),
        Binding("f9", "keys", N_("Keys"), id="app.keys", tooltip=N_("Show or hide every key for this screen")),
        Binding("ctrl+d", "go('cycle')", N_("Since last"), id="app.cycle", tooltip=N_("Since last cycle: resolved, new and worse findings, last cycle's plan, what changed")),
        Binding("ctrl+o", "open_menu", N_("Open/New"), id="app.open", tooltip=N_("Open another audit, start a new one or the next cycle (also in F9 and ctrl+p)"), show=False),
        Binding("ctrl+q", "quit", N_("Quit"), id="app.quit", tooltip=N_("Quit (everything is already saved)"), priority=True),
    ]

    def __init__(
        self, path: Path | None = None, content: AuditContent | None = None, data_dir: Path | None = None, audit: Audit | None = None,
        present: bool = False, scenario_dirs: tuple[Path, ...] = (),
    ) -> None:
        from auditor.tui import screens  # noqa: F401 - every screen class defined before its keys are translated
        from auditor.tui.bindings import translate_bindings

        translate_bindings()  # before super().__init__(), which copies the app's own bindings
        super().__init__()
        self.present_only = present  # `auditor present FILE`: only the presentation, then quit
        self.scenario_dirs = tuple(Path(d) for d in scenario_dirs)  # the group's own scenarios (`--scenarios DIR`)
        self.start_path = Path(path) if path else None
        self._content = content
        self._content_error: InputError | None = None
        self._content_lock = threading.Lock()
        self._preloaded = audit
        self.data_dir = Path(data_dir) if data_dir else paths.data_dir()
        self.session: Session | None = None
        self.exit_message: str = ""
        self.asking_about_conflict = False  # the "changed by another program" dialog is open
        # Where Escape goes back to: (screen name, tool id) of the main screens visited, newest last.
        self.history: list[tuple[str, str | None]] = []

    # -- content (loaded in the background so the first screen comes up at once) --
    def peek_content(self) -> AuditContent | None:
        return self._content

    def content(self) -> AuditContent:
        with self._content_lock:
            if self._content is None:
                from auditor.content.loader import load_content

                self._content = load_content()
            return self._content

    def _load_content_in_background(self) -> None:
        try:
            self.content()
        except InputError as exc:
            self._content_error = exc
        except Exception as exc:  # noqa: BLE001 - reported when the content is first needed
            self._content_error = InputError.one("(content)", f"{type(exc).__name__}: {exc}")

    def need_content(self) -> AuditContent | None:
        """The content, or None after telling the user (and exiting 2) if it is broken."""
        try:
            return self.content()
        except InputError as exc:
            self.fail(str(exc))
            return None

    def fail(self, message: str, code: int = 2) -> None:
        self.exit_message = message
        self.exit(code, return_code=code)

    # -- lifecycle -----------------------------------------------------------
    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if paths.read_state(self.data_dir).get("contrast") is True:
            self.theme = HIGH_CONTRAST.name
        if self.present_only and self._preloaded is not None:
            from auditor.engine.assessment import Assessment
            from auditor.tui.screens.present import PresentScreen

            screen = PresentScreen(Assessment.of(self._preloaded, self.content()), self.data_dir)
            self.push_screen(screen, lambda _result: self.exit(0, return_code=0))
        elif self._preloaded is not None and self.start_path is not None:
            path = self.writable_copy(self.start_path)
            self.begin(sess.Session(self._preloaded, path, self.content()), resume=True)
        elif self.start_path is not None:
            self.open_path(self.start_path)
        else:
            self.show_start()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.call_after_refresh(follow_cursor, event.option_list)  # once it has scrolled to the option

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, OptionList):
            self.call_after_refresh(follow_cursor, event.widget)

    def on_ready(self) -> None:
        # The start screen is up: load the content while the user reads it.
        if self._content is None and self.start_path is None:
            threading.Thread(target=self._load_content_in_background, daemon=True).start()

    def show_start(self) -> None:
        from auditor.tui.screens.start import StartScreen

        while len(self.screen_stack) > 2:
            self.pop_screen()
        screen = StartScreen(paths.read_last(self.data_dir), paths.default_audit_path(self.data_dir))
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def begin(self, session: Session, resume: bool = False, save: bool = False) -> None:
        if self.session is not None and self.session is not session:
            self.leave_session()
        self.session = session
        self.history = []
        session.on_conflict = self.file_changed_elsewhere
        if save:
            error = session.save()
            if error:
                self.notify(error, severity="error", markup=False, timeout=10)
        error = paths.remember_last(self.data_dir, session.path)
        if error:
            self.notify(error, severity="warning", markup=False)
        progress = session.audit.progress if resume else {}
        screen = progress.get("screen", "profile")
        tool = progress.get("tool")
        question = progress.get("question")
        if screen == "tool" and tool in {t.id for t in session.audit.tools}:
            self.go("tool", tool=tool, question=question)
        elif screen in sess.SCREENS and screen != "tool":
            self.go(screen, question=question)
        else:
            self.go("tools" if screen == "tool" else "profile")
        if resume and progress:
            self.notify(_("Welcome back: picking up where you left off."), markup=False)

    # -- navigation ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.present_only and action not in ("quit", "keys", "command_palette"):
            return False  # `auditor present`: nothing but the presentation
        if action in NAV_ACTIONS:
            if self.session is None:
                return False
            if isinstance(self.screen, ModalScreen):
                return False
        if action == "go" and parameters == ("cycle",):  # only a later cycle has a "since last cycle"
            return self.session is not None and bool(self.session.audit.cycle.get("previous")) and not isinstance(self.screen, ModalScreen)
        return True

    def go(self, name: str, tool: str | None = None, question: str | None = None, back: bool = False) -> None:
        if self.session is None:
            return
        here = self.where()
        if not back and here is not None and here != (name, tool):
            self.history = (self.history + [here])[-30:]
        from auditor.tui.screens.cycle import CycleScreen
        from auditor.tui.screens.findings import FindingsScreen
        from auditor.tui.screens.inventory import InventoryScreen
        from auditor.tui.screens.plan import PlanScreen
        from auditor.tui.screens.profile import ProfileScreen
        from auditor.tui.screens.progress import ProgressScreen
        from auditor.tui.screens.tool import ToolScreen

        if name == "tool" and tool is not None:
            screen: Any = ToolScreen(tool, question)
        elif name == "profile":
            screen = ProfileScreen(question)
        else:
            screen = {"tools": InventoryScreen, "findings": FindingsScreen, "plan": PlanScreen, "progress": ProgressScreen, "cycle": CycleScreen}.get(name, InventoryScreen)()
        # Close explainers or other pages above the main screen, then replace it.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_go(self, name: str) -> None:
        self.go(name)

    def where(self) -> tuple[str, str | None] | None:
        """The main screen showing (under any dialogs or pages), as (name, tool id)."""
        for screen in reversed(self.screen_stack):
            if type(screen).__name__ in MAIN_SCREENS:
                return screen.NAME, getattr(screen, "tool_id", None)  # type: ignore[attr-defined]
        return None

    def close_panels(self) -> bool:
        """Close the keys panel if it is open. Returns whether something was closed."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
            return True
        return False

    def back(self) -> None:
        """Escape on a main screen: close a panel, else go back one step, else leave the audit."""
        if self.close_panels():
            return
        while self.history:
            name, tool = self.history.pop()
            if name == "tool" and (self.session is None or tool not in {t.id for t in self.session.audit.tools}):
                continue
            self.go(name, tool=tool, back=True)
            return
        self.leave()

    def action_leave(self) -> None:
        self.leave()

    def leave(self) -> None:
        """Back to the start screen; the audit is saved if it changed."""
        if self.session is None:
            return
        self.leave_session()
        self.show_start()

    def leave_session(self) -> None:
        session, self.session = self.session, None
        self.history = []
        if session is not None:
            error = session.close()
            if error:
                self.notify(error, severity="error", markup=False, timeout=10)

    def action_keys(self) -> None:
        if not self.close_panels():
            self.action_show_help_panel()

    def action_open_menu(self) -> None:
        from auditor.tui.dialogs import ChoiceDialog

        if isinstance(self.screen, ModalScreen):
            return
        choices = [
            ("new", _("New audit")),
            ("open", _("Open an audit file")),
            ("cycle", _("Start the next cycle from a previous audit")),
        ]
        if self.session is not None:
            choices.append(("leave", _("Back to the start screen (this audit is saved)")))
        self.push_screen(ChoiceDialog(_("Open or start an audit"), choices), lambda what: what and self.start_action(what))

    def open_tool(self, tool_id: str, question: str | None = None) -> None:
        self.go("tool", tool=tool_id, question=question)

    def action_help(self, threat_id: str | None = None) -> None:
        from auditor.tui.screens.threats import ThreatScreen

        if isinstance(self.screen, ThreatScreen):
            return
        content = self.need_content()
        if content is None:
            return
        scores = self.session.result.scores if self.session is not None else None
        self.push_screen(ThreatScreen(content, threat_id, scores))

    def action_present(self) -> None:
        from auditor.tui.screens.present import PresentScreen

        if self.session is not None and not isinstance(self.screen, PresentScreen):
            self.push_screen(PresentScreen(self.session.assessment, self.data_dir))

    def action_exercises(self) -> None:
        from auditor.tui.screens.exercise import ExerciseScreen

        if self.session is not None and not isinstance(self.screen, ExerciseScreen):
            try:
                screen = ExerciseScreen(self.session.assessment, self.scenario_dirs)
            except InputError as exc:  # a scenario file changed since the app started
                self.notify(str(exc), severity="error", markup=False, timeout=10)
                return
            self.push_screen(screen)

    def action_paper(self) -> None:
        from auditor.tui.paper_entry import PaperEntryScreen

        if self.session is not None and not isinstance(self.screen, PaperEntryScreen):
            self.push_screen(PaperEntryScreen())

    def show_about(self) -> None:
        from auditor.tui.screens.about import AboutScreen

        self.push_screen(AboutScreen(self.data_dir))

    def action_contrast(self) -> None:
        high = self.theme != HIGH_CONTRAST.name
        self.theme = HIGH_CONTRAST.name if high else "textual-dark"
        error = paths.remember(self.data_dir, contrast=high)
        if error:
            self.notify(error, severity="warning", markup=False)

    async def action_quit(self) -> None:
        if self.session is not None:
            error = self.session.close()
            if error:  # say so on the way out; the previous save is still on disk
                self.exit_message = error
                self.exit(1, return_code=1)
                return
        self.exit(0, return_code=0)

    def refresh_current(self) -> None:
        from auditor.tui.messages import AuditChanged

        self.screen.post_message(AuditChanged())


def make_app(
    path: Path | str | None = None, content: AuditContent | None = None, data_dir: Path | None = None, audit: Audit | None = None,
    present: bool = False, scenario_dirs: tuple[Path, ...] = (),
) -> AuditorApp:
    """The app, as the CLI and the tests build it (``present``: the presentation of ``audit`` only;
    ``scenario_dirs``: the group's own scenario folders, for the exercises)."""
    return AuditorApp(Path(path) if path else None, content=content, data_dir=data_dir, audit=audit, present=present, scenario_dirs=scenario_dirs)


def run(path: Path | str | None = None, present: bool = False, extra_rules: tuple = (), scenario_dirs: tuple = ()) -> int:
    """Run the app; return its exit code. A broken audit file given on the command line is reported
    like every other bad input (file:line: field: message, exit 2) before the app starts, and so is a
    broken scenario file in ``scenario_dirs`` (as `auditor exercise --scenarios` reports it).
    ``present``: only the presentation of that audit (`auditor present`), which is read, never written."""
    content = None
    audit = None
    if path is not None:
        path = Path(path)
        if path.is_dir():
            raise InputError.one(path, _("is a folder; give an audit file"))
        from auditor.content.loader import load_content

        content = load_content(extra_rules)
        if present:
            from auditor.audits.model import open_audit

            audit = open_audit(path, content)  # plain or encrypted (the passphrase is asked before any screen)
        elif path.exists() and not sess.storage.uses_encryption(path):
            audit = sess.load_audit(path, content)
    if scenario_dirs:
        from auditor.content.loader import load_content
        from auditor.facilitation.scenarios import load_scenarios

        content = content or load_content(extra_rules)
        load_scenarios(content, scenario_dirs)  # checked now; the exercise screen loads them again when opened
    app = make_app(path, content=content, audit=audit, present=present, scenario_dirs=scenario_dirs)
    app.run()
    if app.exit_message:
        print(f"auditor: {app.exit_message}", file=sys.stderr)
    return app.return_code or 0


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
