"""Starting, opening and loading audits (the start screen's actions, ctrl+o inside an audit).

A mixin of ``AuditorApp``: new audit (a short label, then where to save it), open a file
(a shipped example opens as a copy), resume, the next cycle, and passphrases for ``.age`` files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.tui import paths
from auditor.tui.lazy import sess
from auditor.i18n import _

if TYPE_CHECKING:
    from auditor.audits.model import Audit


class FileFlows:
    """Mixed into the app (uses its ``data_dir``, ``content()``, ``begin`` and screens)."""

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
            self.choose_file(_("Open an audit file"), self.open_path)
        elif what == "resume":
            last = paths.read_last(self.data_dir)
            if last is None:
                self.notify(_("There is no last audit to resume."), markup=False)
            else:
                self.open_path(last)
        elif what == "cycle":
            self.next_cycle()
        elif what == "leave":
            self.leave()

    def choose_file(self, title: str, then) -> None:
        from auditor.tui.dialogs import PathDialog

        found = paths.audits_in(self.data_dir)[:8]
        default = str(found[0]) if found else str(self.data_dir) + "/"
        explain = _("Type the path of an audit file (.yaml, or .age if encrypted).")
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
                _("A short label for this audit"),
                default,
                explain=_("Something your group will recognise, like 'spring 2026' or 'hotline review'. Not the group's legal name: the file may be seized or shared."),
            ),
            labelled,
        )

    def choose_new_path(self, new: Audit, suggested: Path) -> None:
        from auditor.tui.dialogs import PathDialog

        content = self.content()
        explain = _(
            "Your answers are saved here after every answer, readable only by you (0600). "
            "Change the path if you want it elsewhere; end it in .age to encrypt it."
        )

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if path.exists():
                self.notify(_("{path} already exists: choose another name, or open it instead.").format(path=path), severity="warning", markup=False)
                self.choose_new_path(new, suggested)
                return
            if sess.storage.uses_encryption(path):
                self.ask_new_passphrase(path, new)
            else:
                self.begin(sess.Session(new, path, content), save=True)

        self.push_screen(PathDialog(_("Where should this audit be saved?"), suggested, explain=explain), chosen)

    def ask_new_passphrase(self, path: Path, audit: Audit) -> None:
        from auditor.tui.dialogs import TextDialog

        explain = _("Anyone with this passphrase can read the audit. There is no way to recover it if it is lost.")

        def first(p1: str | None) -> None:
            if not p1:
                return

            def second(p2: str | None) -> None:
                if p2 is None:
                    return
                if p2 != p1:
                    self.notify(_("The passphrases differ; try again."), severity="warning", markup=False)
                    self.ask_new_passphrase(path, audit)
                    return
                self.begin(sess.Session(audit, path, self.content(), passphrase=p1), save=True)

            self.push_screen(TextDialog(_("Type the passphrase again"), password=True, warn=False), second)

        self.push_screen(TextDialog(_("Choose a passphrase for this audit"), explain=explain, password=True, warn=False), first)

    def load(self, path: Path, then, passphrase_prompt: str = "") -> None:
        """Load an audit (asking for a passphrase if it is encrypted), then call ``then(audit, passphrase)``."""
        passphrase_prompt = passphrase_prompt or _("This audit is encrypted. Passphrase:")
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
                        self.notify(_("That passphrase does not open this audit. Try again."), severity="error", markup=False)
                        self.load(path, then, passphrase_prompt)
                    else:
                        self.push_screen(MessageDialog(_("This audit cannot be opened"), str(exc)))
                    return
                except OSError as exc:
                    self.push_screen(MessageDialog(_("This audit cannot be opened"), f"{path}: {exc.strerror or exc}"))
                    return
                then(audit, passphrase)

            self.push_screen(TextDialog(passphrase_prompt, password=True, warn=False), got)
            return
        try:
            audit = sess.load_audit(path, content)
        except InputError as exc:
            self.push_screen(MessageDialog(_("This audit cannot be opened"), str(exc)))
            return
        except OSError as exc:
            self.push_screen(MessageDialog(_("This audit cannot be opened"), f"{path}: {exc.strerror or exc}"))
            return
        then(audit, None)

    def writable_copy(self, path: Path) -> Path:
        """``path`` itself, or for a shipped example a private copy in the audits folder (said so):
        the examples are never written to."""
        from auditor.audits import examples

        if not examples.is_shipped_example(path):
            return path
        try:
            copy = examples.private_copy(Path(path), self.data_dir)
        except OSError as exc:
            self.notify(_("could not copy the example to {copy}: {value}").format(copy=self.data_dir, value=exc.strerror or exc), severity="error", markup=False)
            return path
        self.notify(_("{name} is a shipped example: you are working on a copy, {copy}. The example stays as it was.").format(name=Path(path).name, copy=copy), markup=False, timeout=10)
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
                self.notify(_("Starting a new audit at {path}.").format(path=path), markup=False)
                self.begin(sess.Session(sess.Audit(), path, content), save=True)
            return
        self.load(path, lambda audit, passphrase: self.begin(sess.Session(audit, path, content, passphrase), resume=True))

    def file_changed_elsewhere(self) -> None:
        """Another program wrote the open audit's file since it was read here: nothing was saved.
        Ask whether to reload it (dropping what was entered here since) or keep both versions."""
        from auditor.audits.conflicts import keep_both_path
        from auditor.tui.dialogs import ChoiceDialog

        session = self.session
        if session is None or session.conflict is None or self.asking_about_conflict:
            return
        self.asking_about_conflict = True
        copy = keep_both_path(session.path, "app-version")
        choices = [("both", _("Keep both: save this version as {name} and keep working on it").format(name=copy.name))]
        if not session.conflict.gone:
            choices.append(("reload", _("Reload {name} from disk: what you entered here since it was last saved is lost").format(name=session.path.name)))
        what = _("was deleted or moved") if session.conflict.gone else _("was changed by another program (another window, `auditor action`, or a synced copy)")
        explain = _("{path} {what} since it was opened here, so your last change was not saved: saving would have erased the other changes. Nothing is lost yet.").format(path=session.path, what=what)

        def chosen(choice: str | None) -> None:
            self.asking_about_conflict = False
            if self.session is not session:
                return
            if choice == "reload":
                error = session.reload()
                if error:
                    self.notify(error, severity="error", markup=False, timeout=10)
                    return
                self.notify(_("Reloaded {path} as it is on disk.").format(path=session.path), markup=False)
                here = self.where() or ("profile", None)
                tools = {t.id for t in session.audit.tools}
                self.go("tools" if here[0] == "tool" and here[1] not in tools else here[0], tool=here[1], back=True)
            elif choice == "both":
                old = session.path
                error = session.keep_both()
                if error:
                    self.notify(error, severity="error", markup=False, timeout=10)
                    return
                paths.remember_last(self.data_dir, session.path)
                self.notify(_("Your version is saved as {copy}, and you are working on it now. {old} keeps the other program's changes.").format(copy=session.path, old=old), markup=False, timeout=15)
                self.refresh_current()
            else:
                self.notify(_("Not saved yet: you will be asked again at your next change, and on quitting this version is kept beside the file."), severity="warning", markup=False, timeout=10)

        self.push_screen(ChoiceDialog(_("This audit's file changed on disk"), choices, explain=explain), chosen)

    def next_cycle(self) -> None:
        from auditor.tui.dialogs import MessageDialog

        from auditor.audits.cycles import start_next_cycle as start_next

        def chosen(path: Path) -> None:
            def loaded(previous: Audit, passphrase: str | None) -> None:
                try:
                    new = start_next(previous, self.content(), previous_file=path)
                except InputError as exc:
                    self.push_screen(MessageDialog(_("Cannot start the next cycle"), str(exc)))
                    return
                new.progress = {}
                self.notify(_("Answers from the last cycle are marked ↻ carried over until you confirm them (ctrl+y, or ctrl+t for a whole section) or change them."), markup=False, timeout=8)
                self.new_audit(new)

            self.load(path, loaded)

        self.choose_file(_("Start the next cycle from which audit?"), chosen)


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
