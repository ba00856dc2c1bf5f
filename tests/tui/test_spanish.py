"""The app in Spanish at 80x24: snapshots of the start screen, a question, the findings and the plan,
and nothing cut (Spanish runs about 20% longer than English).

Update after a deliberate change (Spanish wording or content overlays):
    pytest tests/tui/test_spanish.py --snapshot-update
"""

from __future__ import annotations

import pytest

from auditor import i18n
from auditor.content.loader import load_content
from auditor.tui.app import make_app

from .conftest import example_app_builder, goto, run_async, screen_text

SIZE = (80, 24)


@pytest.fixture
def spanish():
    """Spanish chosen before the app is built; content loaded in Spanish (overlays where they exist)."""
    i18n.choose("es")
    yield load_content(lang="es")
    i18n.choose("en")


@pytest.fixture
def example_app(home, spanish):
    return example_app_builder(home, spanish)


def test_start_in_spanish(snap_compare, home, spanish):
    assert snap_compare(make_app(content=spanish, data_dir=home / ".local/share/auditor/audits"), terminal_size=SIZE)


@pytest.mark.parametrize("screen,keys", [("profile", ()), ("findings", ()), ("plan", ())], ids=["question", "findings", "plan"])
def test_screen_in_spanish(snap_compare, example_app, screen, keys):
    assert snap_compare(example_app(), terminal_size=SIZE, run_before=goto(screen, *keys))


# What each screen must show whole at 80x24: the app's own words, which a longer language could push off
# (a line may wrap; it must not be cut). Textual's own footer shows the keys that fit; F9 lists them all,
# so F9 itself, and F1 help on the nav bar, are on every screen.
ALWAYS = ["F1/? Ayuda", "F7 Exportar", "f9 Teclas", "Deber de reportar"]  # the score bar names each threat
WHOLE = {
    "profile": ["Pregunta 1 de", "sobre el grupo", "Por qué preguntamos:", "Tab lista"],
    "findings": ["hallazgos, por amenaza", "v ver por herramienta"],
    "plan": ["cambios, el mejor primero", "¿y si…?"],
    "tools": ["Sus herramientas", "e renombrar"],
    "progress": ["preguntas respondidas", "sin responder"],
}


@pytest.mark.parametrize("screen", list(WHOLE))
def test_nothing_is_cut_in_spanish(example_app, screen):
    @run_async
    async def check():
        app = example_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.go(screen)
            for _ in range(10):  # the footer's keys are rebuilt once focus has landed (KeysFooter), a refresh or two later
                await pilot.pause()
                text = screen_text(app)
                flat = " ".join(text.replace("▊", " ").replace("▎", " ").split())
                missing = [w for w in ALWAYS + WHOLE[screen] if w not in flat]
                if not missing:
                    break
            assert not missing, (missing, text)
            assert "Why we ask" not in text and "Question 1 of" not in text

    check()


def test_typing_a_kind_of_tool_in_spanish_offers_the_kind_then_its_tools(example_app):
    from .conftest import paste

    @run_async
    async def check():
        app = example_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.go("tools")
            await pilot.pause()
            before = [t.catalog for t in app.session.audit.tools]
            await pilot.press("a")
            await pilot.pause()
            await paste(pilot, "teléfono")
            matches = app.screen.query_one("#matches")
            assert matches.get_option_at_index(0).id == "kind:phone"  # the kind first, not a brand
            await pilot.press("enter")  # the kind's tools
            await pilot.pause()
            ids = [matches.get_option_at_index(i).id for i in range(matches.option_count)]
            phone_tools = [f"catalog:{e.id}" for e in app.content().catalog.values() if e.category == "phone"]
            assert ids[: len(phone_tools)] == phone_tools
            await pilot.press("down", "enter")
            await pilot.pause()
            assert [t.catalog for t in app.session.audit.tools][len(before):] == [phone_tools[1].split(":")[1]]

    check()
