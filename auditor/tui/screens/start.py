"""The start screen: new audit, open one, resume the last one, or start the next cycle."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from auditor.i18n import N_, _

INTRO = (
    N_("What could our tools expose about the people who call us?\n\n"
    "This audit walks through your group and each tool it uses (chats, phones, sheets, paper) and shows "
    "what each could expose to four threats: subpoena, metadata, gossip and mandated reporters. It then "
    "proposes changes, most of them about collecting and keeping less. Everything stays on this computer.")
)


class StartScreen(Screen):
    BINDINGS = [
        Binding("n", "pick('new')", N_("New"), id="start.new", tooltip=N_("Start a new audit")),
        Binding("o", "pick('open')", N_("Open"), id="start.open", tooltip=N_("Open an audit file")),
        Binding("r", "pick('resume')", N_("Resume"), id="start.resume", tooltip=N_("Resume the last audit")),
        Binding("c", "pick('cycle')", N_("Next cycle"), id="start.cycle", tooltip=N_("Start the next cycle from a previous audit")),
        Binding("s", "pick('about')", N_("What is stored"), id="start.about", tooltip=N_("What this tool stores, and what it never asks")),
        Binding("q", "pick('quit')", N_("Quit"), id="start.quit", tooltip=N_("Quit auditor"), show=False),
        Binding("escape", "close_panels", N_("Close"), id="start.close", tooltip=N_("Close the keys panel"), show=False),
    ]

    def action_close_panels(self) -> None:
        self.app.close_panels()  # type: ignore[attr-defined]

    def __init__(self, last: Path | None, new_path: Path) -> None:
        super().__init__()
        self.last = last
        self.new_path = new_path

    def compose(self):
        with Vertical(id="start"):
            yield Static(Content.styled(_("auditor · a digital-security check for crisis-response groups"), "bold"), id="start-title", markup=False)
            yield Static(Content(_(INTRO)), id="start-intro", markup=False)
            options = [Option(Content(_("n  New audit (saved in {short}/; you can change it)").format(short=self._short(self.new_path.parent))), id="new")]
            if self.last is not None:
                options.append(Option(Content(_("r  Resume the last audit: {short}").format(short=self._short(self.last))), id="resume"))
            options += [
                Option(Content(_("o  Open an audit file")), id="open"),
                Option(Content(_("c  Start the next cycle from a previous audit")), id="cycle"),
                Option(Content(_("s  What this tool stores, and what it never asks")), id="about"),
                Option(Content(_("?  What the four threats mean (F1 or ? from anywhere)")), id="help"),
                Option(Content(_("q  Quit")), id="quit"),
            ]
            yield OptionList(*options, id="start-menu", markup=False)
        yield Footer(compact=True)

    @staticmethod
    def _short(path: Path) -> str:
        home = str(Path.home())
        text = str(path)
        return "~" + text[len(home):] if text.startswith(home + "/") else text

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.focus()
        if self.last is not None:
            menu.highlighted = 1  # resuming is the likely wish when there is something to resume

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "pick" and parameters and parameters[0] == "resume" and self.last is None:
            return False
        return True

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option.id or "")

    def action_pick(self, what: str) -> None:
        self.app.start_action(what)  # type: ignore[attr-defined]


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
