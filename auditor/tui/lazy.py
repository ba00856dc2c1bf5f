"""``auditor.interview.session`` imported on first use: it loads the scoring core, and the start
screen should come up without waiting for it."""

from __future__ import annotations

from typing import Any


class _Lazy:
    def __getattr__(self, name: str) -> Any:
        from auditor.interview import session

        return getattr(session, name)


sess = _Lazy()


from auditor.tui.bindings import translate_bindings  # noqa: E402 - after the classes it translates

translate_bindings(__name__)
