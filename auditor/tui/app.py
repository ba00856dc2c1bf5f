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

from auditor.errors import InputError
from auditor.tui import paths
from auditor.tui.commands import AuditorCommands

if TYPE_CHECKING:
    from auditor.audits.model import Audit
    from auditor.content.model import Content as AuditContent
    from auditor.tui.session import Session

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
NAV_ACTIONS = {"go", "export", "leave"}
MAIN_SCREENS = {"ProfileScreen", "InventoryScreen", "ToolScreen", "FindingsScreen", "PlanScreen", "ProgressScreen"}


class _Lazy:
    """``auditor.tui.session`` imported on first use (it loads the scoring core)."""

    def __getattr__(self, name: str) -> Any:
        from auditor.tui import session

        return getattr(session, name)


sess = _Lazy()


class AuditorApp(App[int]):
    CSS_PATH = "auditor.tcss"
    TITLE = "auditor"
    COMMANDS = App.COMMANDS | {AuditorCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (150, "-xwide")]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="What each threat means, in plain language"),
        Binding("question_mark", "help", "Help", id="app.help_q", tooltip="What each threat means", show=False),
        Binding("f2", "go('profile')", "Group", id="app.profile", tooltip="Questions about the group", show=False),
        Binding("f3", "go('tools')", "Tools", id="app.tools", tooltip="The tools the group uses", show=False),
        Binding("f4", "go('findings')", "Findings", id="app.findings", tooltip="What was found, and why", show=False),
        Binding("f5", "go('plan')", "Plan", id="app.plan", tooltip="Changes to make, ranked; what-if", show=False),
        Binding("f6", "go('progress')", "Progress", id="app.progress", tooltip="What is still unanswered", show=False),
        Binding("f7", "export", "Export", id="app.export", tooltip="Write a report file", show=False),
        Binding("f8", "contrast", "Contrast", id="app.contrast", tooltip="High-contrast theme on/off (remembered)", show=False),
        Binding("f9", "keys", "Keys", id="app.keys", tooltip="Show or hide every key for this screen"),
        Binding("ctrl+o", "open_menu", "Open/New", id="app.open", tooltip="Open another audit, start a new one or the next cycle"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Quit (everything is already saved)", priority=True),
    ]

    def __init__(self, path: Path | None = None, content: AuditContent | None = None, data_dir: Path | None = None, audit: Audit | None = None) -> None:
        super().__init__()
        self.start_path = Path(path) if path else None
        self._content = content
        self._content_error: InputError | None = None
        self._content_lock = threading.Lock()
        self._preloaded = audit
        self.data_dir = Path(data_dir) if data_dir else paths.data_dir()
        self.session: Session | None = None
        self.exit_message: str = ""
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
        if self._preloaded is not None and self.start_path is not None:
            path = self.writable_copy(self.start_path)
            self.begin(sess.Session(self._preloaded, path, self.content()), resume=True)
        elif self.start_path is not None:
            self.open_path(self.start_path)
        else:
            self.show_start()

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
        if save:
            error = session.save()
            if error:
                self.notify(error, severity="error", markup=False, timeout=10)
        error = sess.remember_last(self.data_dir, session.path)
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
            self.notify("Welcome back: picking up where you left off.", markup=False)

    # -- navigation ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NAV_ACTIONS:
            if self.session is None:
                return False
            if isinstance(self.screen, ModalScreen):
                return False
        return True

    def go(self, name: str, tool: str | None = None, question: str | None = None, back: bool = False) -> None:
        if self.session is None:
            return
        here = self.where()
        if not back and here is not None and here != (name, tool):
            self.history = (self.history + [here])[-30:]
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
            screen = {"tools": InventoryScreen, "findings": FindingsScreen, "plan": PlanScreen, "progress": ProgressScreen}.get(name, InventoryScreen)()
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
            ("new", "New audit"),
            ("open", "Open an audit file"),
            ("cycle", "Start the next cycle from a previous audit"),
        ]
        if self.session is not None:
            choices.append(("leave", "Back to the start screen (this audit is saved)"))
        self.push_screen(ChoiceDialog("Open or start an audit", choices), lambda what: what and self.start_action(what))

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

    # -- start actions -----------------------------------------------------------
    def start_action(self, what: str) -> None:
        if what == "quit":
            self.exit(0, return_code=0)
        elif what == "about":
            self.show_about()
        elif what == "help":
            self.action_help()
        elif what == "new":
            self.new_audit()
        elif what == "open":
            self.choose_file("Open an audit file", self.open_path)
        elif what == "resume":
            last = sess.read_last(self.data_dir)
            if last is None:
                self.notify("There is no last audit to resume.", markup=False)
            else:
                self.open_path(last)
        elif what == "cycle":
            self.next_cycle()
        elif what == "leave":
            self.leave()

    def choose_file(self, title: str, then) -> None:
        from auditor.tui.dialogs import PathDialog

        found = sess.audits_in(self.data_dir)[:8]
        default = str(found[0]) if found else str(self.data_dir) + "/"
        explain = "Type the path of an audit file (.yaml, or .age if encrypted)."
        self.push_screen(PathDialog(title, default, explain=explain, suggestions=found, must_exist=True), lambda p: p and then(p))

    def new_audit(self, audit: Audit | None = None) -> None:
        """Ask for a short label, then where to save (a file named after the label)."""
        from auditor.tui.dialogs import TextDialog

        content = self.need_content()
        if content is None:
            return
        import datetime as _dt

        default = (audit.title if audit is not None and audit.title else _dt.date.today().strftime("%B %Y"))

        def labelled(label: str | None) -> None:
            if label is None:
                return
            new = audit or sess.Audit()
            new.title = label.strip()
            number = new.cycle.get("number") if audit is not None else None
            self.choose_new_path(new, paths.audit_path_for(self.data_dir, new.title, number))

        self.push_screen(
            TextDialog(
                "A short label for this audit",
                default,
                explain="Something your group will recognise, like 'spring 2026' or 'hotline review'. Not the group's legal name: the file may be seized or shared.",
            ),
            labelled,
        )

    def choose_new_path(self, new: Audit, suggested: Path) -> None:
        from auditor.tui.dialogs import PathDialog

        content = self.content()
        explain = (
            "Your answers are saved here after every answer, readable only by you (0600). "
            "Change the path if you want it elsewhere; end it in .age to encrypt it."
        )

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.notify(f"{path} already exists: choose another name, or open it instead.", severity="warning", markup=False)
                self.choose_new_path(new, suggested)
                return
            if sess.storage.uses_encryption(path):
                self.ask_new_passphrase(path, new)
            else:
                self.begin(sess.Session(new, path, content), save=True)

        self.push_screen(PathDialog("Where should this audit be saved?", suggested, explain=explain), chosen)

    def ask_new_passphrase(self, path: Path, audit: Audit) -> None:
        from auditor.tui.dialogs import TextDialog

        explain = "Anyone with this passphrase can read the audit. There is no way to recover it if it is lost."

        def first(p1: str | None) -> None:
            if not p1:
                return

            def second(p2: str | None) -> None:
                if p2 is None:
                    return
                if p2 != p1:
                    self.notify("The passphrases differ; try again.", severity="warning", markup=False)
                    self.ask_new_passphrase(path, audit)
                    return
                self.begin(sess.Session(audit, path, self.content(), passphrase=p1), save=True)

            self.push_screen(TextDialog("Type the passphrase again", password=True, warn=False), second)

        self.push_screen(TextDialog("Choose a passphrase for this audit", explain=explain, password=True, warn=False), first)

    def load(self, path: Path, then, passphrase_prompt: str = "This audit is encrypted. Passphrase:") -> None:
        """Load an audit (asking for a passphrase if it is encrypted), then call ``then(audit, passphrase)``."""
        from auditor.tui.dialogs import MessageDialog, TextDialog

        content = self.need_content()
        if content is None:
            return
        if sess.storage.uses_encryption(path):
            def got(passphrase: str | None) -> None:
                if passphrase is None:
                    return
                try:
                    audit = sess.load_audit(path, content, passphrase)
                except InputError as exc:
                    if type(exc).__name__ == "WrongPassphrase":
                        self.notify("That passphrase does not open this audit. Try again.", severity="error", markup=False)
                        self.load(path, then, passphrase_prompt)
                    else:
                        self.push_screen(MessageDialog("This audit cannot be opened", str(exc)))
                    return
                except OSError as exc:
                    self.push_screen(MessageDialog("This audit cannot be opened", f"{path}: {exc.strerror or exc}"))
                    return
                then(audit, passphrase)

            self.push_screen(TextDialog(passphrase_prompt, password=True, warn=False), got)
            return
        try:
            audit = sess.load_audit(path, content)
        except InputError as exc:
            self.push_screen(MessageDialog("This audit cannot be opened", str(exc)))
            return
        except OSError as exc:
            self.push_screen(MessageDialog("This audit cannot be opened", f"{path}: {exc.strerror or exc}"))
            return
        then(audit, None)

    def writable_copy(self, path: Path) -> Path:
        """``path`` itself, or for a shipped example a private copy in the audits folder (said so):
        the examples are never written to."""
        from auditor.content.loader import examples_dir

        try:
            Path(path).resolve().relative_to(examples_dir().resolve())
        except ValueError:
            return path
        copy = paths.free_path(self.data_dir, Path(path).stem)
        try:
            sess.storage.write_private(copy, Path(path).read_bytes())
        except OSError as exc:
            self.notify(f"could not copy the example to {copy}: {exc.strerror or exc}", severity="error", markup=False)
            return path
        self.notify(f"{Path(path).name} is a shipped example: you are working on a copy, {copy}. The example stays as it was.", markup=False, timeout=10)
        return copy

    def open_path(self, path: Path) -> None:
        content = self.need_content()
        if content is None:
            return
        if path.exists():
            path = self.writable_copy(path)
        if not path.exists():
            if path.suffix == ".age":
                self.ask_new_passphrase(path, sess.Audit())
            else:
                self.notify(f"Starting a new audit at {path}.", markup=False)
                self.begin(sess.Session(sess.Audit(), path, content), save=True)
            return
        self.load(path, lambda audit, passphrase: self.begin(sess.Session(audit, path, content, passphrase), resume=True))

    def next_cycle(self) -> None:
        from auditor.tui.dialogs import MessageDialog

        from auditor.audits.cycles import start_next_cycle as start_next

        def chosen(path: Path) -> None:
            def loaded(previous: Audit, passphrase: str | None) -> None:
                try:
                    new = start_next(previous, self.content(), previous_file=path)
                except InputError as exc:
                    self.push_screen(MessageDialog("Cannot start the next cycle", str(exc)))
                    return
                new.progress = {}
                self.notify("Answers from the last cycle are marked ↻ carried over until you confirm them (ctrl+y, or ctrl+t for a whole section) or change them.", markup=False, timeout=8)
                self.new_audit(new)

            self.load(path, loaded)

        self.choose_file("Start the next cycle from which audit?", chosen)

    # -- editing helpers used by several screens ----------------------------------
    def add_tool(self) -> None:
        from auditor.tui.dialogs import AddToolDialog, ChoiceDialog, NewTool

        if self.session is None:
            return
        session = self.session

        def added(choice: NewTool | None) -> None:
            if choice is None:
                return
            if choice.catalog:
                tool = session.add_catalog_tool(choice.catalog)
                self.notify(f"Added {tool.name}. Its catalog defaults are filled in (◇); change any that differ.", markup=False)
                self.open_tool(tool.id)
                return
            name = choice.name.strip()
            if not name:
                return

            def category(cat: str | None) -> None:
                if cat is None:
                    return
                tool = session.add_custom_tool(name, cat)
                self.notify(f"Added {tool.name}.", markup=False)
                self.open_tool(tool.id)

            choices = [(cid, label) for cid, label in session.content.categories.items()]
            self.push_screen(ChoiceDialog("What kind of tool is it?", choices, explain="This decides which questions are asked about it."), category)

        self.push_screen(AddToolDialog(session.content), added)

    def edit_notes(self, tool_id: str | None) -> None:
        from auditor.tui.dialogs import TextDialog

        if self.session is None:
            return
        session = self.session
        current = session.audit.profile_notes if tool_id is None else session.audit.tool(tool_id).notes
        title = "Notes about the group" if tool_id is None else f"Notes about {session.audit.tool(tool_id).name}"

        def done(text: str | None) -> None:
            if text is None:
                return
            error = session.set_notes(tool_id, text)
            if error:
                self.notify(error, severity="error", markup=False)
            self.refresh_current()

        explain = "Practices and settings only: no names, phone numbers, addresses or case details."
        self.push_screen(TextDialog(title, current, explain=explain), done)

    def rename_audit(self) -> None:
        from auditor.tui.dialogs import TextDialog

        if self.session is None:
            return
        session = self.session

        def done(text: str | None) -> None:
            if text is not None:
                session.set_title(text.strip())
                self.refresh_current()

        self.push_screen(TextDialog("Audit title", session.audit.title, explain="A label like 'Spring cycle', not the group's legal name."), done)

    def action_export(self) -> None:
        from auditor.tui.dialogs import ChoiceDialog, MessageDialog, PathDialog

        if self.session is None:
            return
        session = self.session
        formats = [
            ("md", "Markdown (.md): plain text, easy to edit or print"),
            ("html", "HTML: a self-contained printable page (no scripts, no external files)"),
            ("json", "JSON: for other programs"),
            ("csv", "CSV: findings and plan as a spreadsheet"),
            ("html-summary", "Shareable summary (HTML): scores and the plan in general terms, no tool names or notes"),
            ("md-summary", "Shareable summary (Markdown): the same, as plain text"),
        ]

        def fmt_chosen(choice: str | None) -> None:
            if choice is None:
                return
            fmt, _, kind = choice.partition("-")

            def folder_chosen(folder: Path | None) -> None:
                if folder is None:
                    return
                from auditor.reports import write
                from auditor.engine.assessment import Assessment

                try:
                    written = write(Assessment.of(session.audit, session.content), fmt, summary=kind == "summary", out_dir=folder)
                except (OSError, InputError, ValueError) as exc:
                    self.push_screen(MessageDialog("The report was not written", f"{type(exc).__name__}: {exc}"))
                    return
                self.push_screen(MessageDialog("Report written", f"Written to:\n{written}\n\nIt is readable only by you (0600). It describes your group: share it with care."))

            self.push_screen(
                PathDialog("Which folder should the report go in?", Path.cwd() / "reports", explain="The file gets a dated name and never replaces an existing report.", folder=True),
                folder_chosen,
            )

        self.push_screen(ChoiceDialog("Export a report", formats, explain="Choose a format."), fmt_chosen)


def make_app(path: Path | str | None = None, content: AuditContent | None = None, data_dir: Path | None = None, audit: Audit | None = None) -> AuditorApp:
    """The app, as the CLI and the tests build it."""
    return AuditorApp(Path(path) if path else None, content=content, data_dir=data_dir, audit=audit)


def run(path: Path | str | None = None) -> int:
    """Run the app; return its exit code. A broken audit file given on the command line is reported
    like every other bad input (file:line: field: message, exit 2) before the app starts."""
    content = None
    audit = None
    if path is not None:
        path = Path(path)
        if path.is_dir():
            raise InputError.one(path, "is a folder; give an audit file")
        from auditor.content.loader import load_content

        content = load_content()
        if path.exists() and not sess.storage.uses_encryption(path):
            audit = sess.load_audit(path, content)
    app = make_app(path, content=content, audit=audit)
    app.run()
    if app.exit_message:
        print(f"auditor: {app.exit_message}", file=sys.stderr)
    return app.return_code or 0
