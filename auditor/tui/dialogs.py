"""Dialogs: each a typed ``ModalScreen[Result]``; Escape always cancels with None/False."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from auditor.content.model import Content as AuditContent
from auditor.interview.session import personal_data_warnings
from auditor.tui.text import join, literal
from auditor.i18n import N_, _, ngettext

CANCEL = Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel", tooltip=N_("Close without changing anything"))


class Dialog(ModalScreen):
    BINDINGS = [CANCEL]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog, ModalScreen[bool]):
    """Yes or no. Enter on a button, or y / n."""

    BINDINGS = [
        CANCEL,
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes", tooltip=N_("Yes")),
        Binding("n", "answer(False)", N_("No"), id="confirm.no", tooltip=N_("No")),
    ]

    def __init__(self, question: Content | str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(self.question if isinstance(self.question, Content) else Content(self.question), markup=False)
            yield Button(f"{self.yes} (y)", id="yes", variant="error")
            yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(False)


class TextDialog(Dialog, ModalScreen["str | None"]):
    """One line of free text. Shows personal-data warnings as you type (names, numbers, addresses)."""

    def __init__(self, title: str, value: str = "", placeholder: str = "", explain: str = "", warn: bool = True, password: bool = False) -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder, self.explain = title, value, placeholder, explain
        self.warn, self.password = warn, password

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), markup=False)
            if self.explain:
                yield Static(Content(self.explain), markup=False, classes="explain")
            yield Input(value=self.value, placeholder=self.placeholder, password=self.password, id="text")
            yield Static("", id="warnings", markup=False)
            yield Static(Content(_("Enter to save · Escape to cancel")), markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._warn(self.value)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._warn(event.value)

    def _warn(self, text: str) -> None:
        warnings = personal_data_warnings(text) if self.warn else []
        box = self.query_one("#warnings", Static)
        box.update(Content("\n".join(f"⚠ {w}" for w in warnings)))
        box.display = bool(warnings)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


class PathDialog(Dialog, ModalScreen["Path | None"]):
    """A file path, prefilled and changeable, with a short explanation."""

    def __init__(self, title: str, default: Path | str, explain: str = "", suggestions: list[Path] | None = None, must_exist: bool = False, folder: bool = False) -> None:
        super().__init__()
        self.title_text, self.default, self.explain = title, str(default), explain
        self.suggestions, self.must_exist, self.folder = suggestions or [], must_exist, folder

    def compose(self):
        with Vertical(classes="dialog wide"):
            yield Static(Content.styled(self.title_text, "bold"), markup=False)
            if self.explain:
                yield Static(Content(self.explain), markup=False, classes="explain")
            yield Input(value=self.default, id="path")
            if self.suggestions:
                yield Static(Content(_("Or pick one (↓ then Enter):")), markup=False, classes="explain")
                yield OptionList(*[Option(Content(str(p)), id=str(p)) for p in self.suggestions], id="suggestions", markup=False)
            yield Static("", id="error", markup=False)
            yield Static(Content(_("Enter to continue · Escape to cancel")), markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one("#error", Static).display = False
        self.query_one(Input).focus()

    def _finish(self, text: str) -> None:
        path = Path(text.strip()).expanduser()
        if not text.strip():
            self._error(_("Type a file path."))
        elif self.folder:
            if path.exists() and not path.is_dir():
                self._error(_("{path} is a file; type a folder.").format(path=path))
            else:
                self.dismiss(path)
        elif self.must_exist and not path.is_file():
            self._error(_("There is no file at {path}.").format(path=path))
        elif path.is_dir():
            self._error(_("{path} is a folder; type a file name inside it.").format(path=path))
        else:
            self.dismiss(path)

    def _error(self, text: str) -> None:
        err = self.query_one("#error", Static)
        err.update(Content(text))
        err.display = True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish(event.value)

    @on(OptionList.OptionSelected, "#suggestions")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._finish(str(event.option.id))

    def key_down(self) -> None:
        if self.suggestions and self.query_one(Input).has_focus:
            self.query_one("#suggestions", OptionList).focus()


@dataclass(frozen=True)
class NewTool:
    """What the add-tool dialog returns: a catalog tool, or a custom tool's name."""

    name: str
    catalog: str | None = None


class AddToolDialog(Dialog, ModalScreen["NewTool | None"]):
    """Search the catalog by name or alias; Enter adds the highlighted match or a custom tool."""

    BINDINGS = [
        CANCEL,
        Binding("down", "cursor(1)", N_("Down"), id="add.down", tooltip=N_("Next match"), show=False),
        Binding("up", "cursor(-1)", N_("Up"), id="add.up", tooltip=N_("Previous match"), show=False),
    ]

    def __init__(self, content: AuditContent) -> None:
        super().__init__()
        self.content = content

    def compose(self):
        with Vertical(classes="dialog wide"):
            yield Static(Content.styled(_("Add a tool"), "bold"), markup=False)
            yield Static(
                Content(_("Type its name (WhatsApp, Signal, hotline phone, spreadsheet, paper...). ↑↓ pick, Enter adds.")),
                markup=False,
                classes="explain",
            )
            yield Input(placeholder=_("search the catalog"), id="search")
            yield OptionList(id="matches", markup=False)
            yield Static("", id="warnings", markup=False)

    def on_mount(self) -> None:
        self._search("")
        self.query_one(Input).focus()

    def matches(self, text: str) -> list:
        from auditor.interview.answers import catalog_matches

        return catalog_matches(self.content, text)

    def _search(self, text: str, kind: str | None = None) -> None:
        """Kinds of tool the text names first (Enter on one lists its tools), then the matching tools;
        with ``kind``, that kind's tools only."""
        from auditor.interview.answers import kind_matches, tools_of_kind

        options = []
        if kind is None:
            for cid in kind_matches(self.content, text):
                n = len(tools_of_kind(self.content, cid))
                label = self.content.categories.get(cid, cid)
                options.append(Option(join((label, "bold"), ngettext(" · a kind of tool: Enter shows its {n} tool", " · a kind of tool: Enter shows its {n} tools", n).format(n=n)), id=f"kind:{cid}"))
        for entry in (self.matches(text) if kind is None else tools_of_kind(self.content, kind)):
            cat = self.content.categories.get(entry.category, entry.category)
            also = _(" (also: {aliases})").format(aliases=", ".join(entry.aliases)) if entry.aliases else ""
            options.append(Option(join((entry.name, "bold"), f"{also} · {cat}"), id=f"catalog:{entry.id}"))
        if text.strip():
            options.append(Option(join(_("+ Add "), literal(f"“{text.strip()}”", "bold"), _(" as a custom tool (you choose its category)")), id="custom"))
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        if options:
            matches.highlighted = 0
        warnings = personal_data_warnings(text)
        box = self.query_one("#warnings", Static)
        box.update(Content("\n".join(f"⚠ {w}" for w in warnings)))
        box.display = bool(warnings)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def action_cursor(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            cur = matches.highlighted if matches.highlighted is not None else -step
            matches.highlighted = max(0, min(cur + step, matches.option_count - 1))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        matches = self.query_one("#matches", OptionList)
        if matches.highlighted is None or not matches.option_count:
            return
        self._choose(matches.get_option_at_index(matches.highlighted).id or "")

    @on(OptionList.OptionSelected, "#matches")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id or "")

    def _choose(self, option_id: str) -> None:
        text = self.query_one(Input).value.strip()
        if option_id.startswith("kind:"):
            self._search(text, kind=option_id.split(":", 1)[1])
            self.query_one(Input).focus()
        elif option_id == "custom":
            self.dismiss(NewTool(name=text))
        elif option_id.startswith("catalog:"):
            cid = option_id.split(":", 1)[1]
            self.dismiss(NewTool(name=self.content.catalog[cid].name, catalog=cid))


class ChoiceDialog(Dialog, ModalScreen["str | None"]):
    """Pick one of a few options (a category, a report format, a start action)."""

    def __init__(self, title: str, choices: list[tuple[str, str]], explain: str = "") -> None:
        super().__init__()
        self.title_text, self.choices, self.explain = title, choices, explain

    def compose(self):
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), markup=False)
            if self.explain:
                yield Static(Content(self.explain), markup=False, classes="explain")
            yield OptionList(*[Option(Content(label), id=cid) for cid, label in self.choices], id="choices", markup=False)
            yield Static(Content(_("↑↓ move · Enter choose · Escape cancel")), markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class MessageDialog(Dialog, ModalScreen[None]):
    """A longer text to read, closed with Enter or Escape."""

    BINDINGS = [CANCEL, Binding("enter", "cancel", N_("Close"), id="message.close", tooltip=N_("Close"))]

    def __init__(self, title: str, body: str | Content) -> None:
        super().__init__()
        self.title_text, self.body = title, body

    def compose(self):
        with Vertical(classes="dialog wide"):
            yield Static(Content.styled(self.title_text, "bold"), markup=False)
            yield Static(self.body if isinstance(self.body, Content) else Content(self.body), markup=False, id="message-body")
            yield Static(Content(_("Enter or Escape to close")), markup=False, classes="hint")


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
