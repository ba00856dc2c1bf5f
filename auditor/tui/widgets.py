"""Widgets shared by several screens: the live scores panel, the nav bar, the status line."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.geometry import Offset
from textual.containers import Horizontal
from textual.widgets import Footer, OptionList, Static

from auditor.reports.vocab import level as level_words
from auditor.i18n import N_, _
from auditor.tui.text import join, literal, score_line, threat_name

NAV = (
    ("f2", "profile", N_("Group")),
    ("f3", "tools", N_("Tools")),
    ("f4", "findings", N_("Findings")),
    ("f5", "plan", N_("Plan")),
    ("f6", "progress", N_("Progress")),
)


def follow_cursor(options: OptionList) -> None:
    """Put the terminal's own cursor on the highlighted option of a focused list.

    Screen readers and braille displays follow the terminal cursor, not colours; Textual moves it to
    ``app.cursor_position`` after each refresh (its Input does the same for the text cursor).
    """
    index = options.highlighted
    if index is None or not options.has_focus:
        return
    line = options._index_to_line.get(index)  # Textual keeps no public option -> line map
    if line is None:
        return
    region = options.content_region
    y = region.y + line - int(options.scroll_offset.y)
    if region.y <= y < region.bottom:
        options.app.cursor_position = Offset(region.x, y)


class NavBar(Static):
    """Where you are and how to get elsewhere: F-keys, never colour alone (the current one is marked ▸).

    Every key stays on the line at 80 columns: where the names run longer (Spanish), the gaps
    between keys shrink to one space rather than the line being cut."""

    def __init__(self, current: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.current = current

    def _line(self, gap: str) -> Content:
        parts: list = []
        for key, name, label in NAV:
            here = name == self.current or (self.current == "tool" and name == "tools")
            text = f"{'▸' if here else ' '}{key.upper()} {_(label)}"
            parts += [(text, "reverse bold") if here else text, gap]
        parts += [" F1/? ", _("Help"), gap, " F7 ", _("Export")]
        return join(*parts)

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        line = self._line(" ")
        if line.cell_length > self.app.size.width:
            line = self._line("")
        self.update(line)


class StatusLine(Static):
    """Which file, when it was last saved, how far the audit is."""

    def refresh_status(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is None:
            self.update("")
            return
        done, total = session.counts()
        home = str(Path.home())
        where = str(session.path)
        if where.startswith(home + "/"):
            where = "~" + where[len(home):]
        if session.save_error:
            saved = (_("NOT SAVED: ") + session.save_error, "bold reverse")
        elif session.last_saved and session.passphrase:  # when the last encrypted save landed (set once the file is in place)
            saved = _("every answer saved, last at {time}").format(time=session.last_saved)
        else:
            saved = _("every answer saved")
        folder, _sep, name = where.rpartition("/")
        # A later cycle says how to see what changed here, first, where no footer overflow can hide it.
        cycle = _("cycle {n}, ^d since last · ").format(n=session.audit.cycle.get("number", "?")) if session.audit.cycle.get("previous") else ""
        self.update(join(cycle, _("{done}/{total} answered · ").format(done=done, total=total), saved, _(" to "), literal(name, "bold"), _(" in "), literal(folder or ".")))


NARROW = 110  # below this width (the app's "-narrow" breakpoint) the scores take one line


class ScoresPanel(Static):
    """Each threat's score as words, a bar and a number; shows what-if scores when a plan is toggled.

    On a narrow terminal (80x24) it is one line at the top, so lists and detail panes keep their
    room and toasts (bottom right) never cover a score."""

    def __init__(self, *, show_whatif: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.show_whatif = show_whatif
        self.scores: dict[str, int] = {}
        self.projected: dict[str, int] | None = None
        self.threats: list[tuple[str, str, str]] = []  # (id, name, name on the one-line bar)

    def refresh_scores(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is None:
            return
        result = session.result
        self.scores = dict(result.scores)
        self.projected = None
        if self.show_whatif and session.audit.whatif:
            self.projected = session.whatif_scores()
        self.threats = [(t, threat_name(session.content, t), threat_name(session.content, t, tight=True)) for t in result.threats]
        self.draw()

    def _one_line(self, words: bool) -> Content:
        parts: list = []
        for t, _name, title in self.threats:
            proj = self.projected.get(t) if self.projected else None
            score = self.scores[t]
            if parts:
                parts.append("  ")
            parts += [f"{title} ", (f"{score}", "bold")]
            if self.projected:  # what-if: the numbers, no room for words
                if proj is not None and proj != score:
                    parts.append((f"→{proj}", "italic"))
            elif words:
                from auditor.engine.scoring import level  # here: the start screen shows no score, and needs no engine

                parts.append(f" {level_words(level(score))}")
        return join(*parts)

    def on_resize(self) -> None:
        if self.scores:
            self.draw()

    def draw(self) -> None:
        if self.app.size.width < NARROW:
            line = self._one_line(words=True)
            if line.cell_length > self.app.size.width - 2:  # longer titles (Spanish): the numbers still fit
                line = self._one_line(words=False)
            self.update(line)
            return
        title = _("Exposure 0-100 (higher is worse)") + (_("  → what-if") if self.projected else "")
        lines: list[Content] = [Content.styled(title, "bold")]
        for t, name, _tight in self.threats:
            proj = self.projected.get(t) if self.projected else None
            lines.append(score_line(name, self.scores[t], proj))
        self.update(Content("\n").join(lines))



class KeysFooter(Footer):
    """The footer, rebuilt only when the keys it shows change, once the screen has settled.

    Textual rebuilds every key of the footer each time the bindings may have changed: moving to the
    next question (its answer field removed, focus lost, a new field mounted and focused) rebuilt it
    several times a keypress, most of the keypress's time on a 40-tool audit (docs/benchmarks.md).
    Here the check waits two refreshes, so focus is back where it lands, and rebuilds only on a change.
    """

    _shown: tuple | None = None
    _pending = False

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self.call_after_refresh, self._rebuild_if_changed)

    def _keys(self) -> tuple:
        return tuple(
            (binding.key, binding.description, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def compose(self):
        # F9 lists every key, so it is pinned beside the palette key where the footer never cuts it
        # (the screen's own keys fill from the left and the last ones may not fit at 80 columns).
        pinned = []
        for key in super().compose():
            if getattr(key, "key", None) == "f9" or key.has_class("-command-palette"):
                pinned.append(key)
            else:
                yield key
        if pinned:
            yield Horizontal(*pinned, id="pinned-keys")

    async def _rebuild_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached:
            return  # the screen went away before the refresh
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
