"""Messages the screens and widgets exchange."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AuditChanged(Message):
    """The audit changed and was saved (or failed to save): redraw what depends on it."""


class Answered(Message):
    """An answer was given to one question."""

    def __init__(self, tool_id: str | None, qid: str, value: Any) -> None:
        super().__init__()
        self.tool_id = tool_id
        self.qid = qid
        self.value = value


class InterviewFinished(Message):
    """The last question of a list was answered."""

    def __init__(self, tool_id: str | None) -> None:
        super().__init__()
        self.tool_id = tool_id


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
