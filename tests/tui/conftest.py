"""Shared helpers for the TUI tests: every file lives under tmp_path, HOME included."""

from __future__ import annotations

import asyncio
import functools

import pytest

from auditor.content.loader import load_content


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private HOME so nothing touches the real one (state file, default audit folder)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    return home


def screen_text(app) -> str:
    """What the terminal shows right now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


def run_async(fn):
    """Run an async test body with asyncio (no async pytest plugin is needed)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


async def paste(pilot, text: str) -> None:
    """Put text into the focused field at once, as a terminal paste does (much faster than key by key)."""
    from textual import events

    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


def example_app_builder(home, content):
    """A builder of the app on a copy of the peer-network example, as snapshot tests want it (no resume point)."""
    from auditor.audits.model import load_audit
    from auditor.content.loader import examples_dir
    from auditor.tui.app import make_app

    def build():
        audit = load_audit(examples_dir() / "peer-network.yaml", content)
        audit.progress = {}
        return make_app(home / "audit.yaml", content=content, audit=audit, data_dir=home / "data")

    return build


def goto(screen, *keys):
    """A snapshot's run_before: go to a screen, then press keys."""
    async def run_before(pilot):
        await pilot.pause()
        if screen:
            pilot.app.go(screen)
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before

