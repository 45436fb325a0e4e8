"""Plans with hostile names and text: markup, control sequences, bidi, long names, emoji, RTL.

Plan text is never markup, anywhere, and none of its control characters reaches the terminal:
the planner shows them as marks (``xcplan.tui.plain``). The tour opens every tab and the
dialogs, pickers, palette and notifications that show plan text.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Final

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from tests.tui.conftest import app_for, notifications, plan_screen, screen_text, settle
from tests.tui.hostile import (
    EMOJI,
    OSC52,
    PERSONA_NAMES,
    RTL,
    TITLE,
    foreign_controls,
    recording_driver,
    write_hostile,
)
from xcplan.tui.app import PlannerApp
from xcplan.tui.dialogs.export import ExportDialog
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.menu import MenuDialog
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.screens.help import HelpScreen
from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.widgets.journey import JourneyGrid
from xcplan.tui.widgets.personas import PersonaCard

TABS = ("campaign", "personas", "journey", "messages", "brand", "problems")
SHOWN: Final = (
    # Markup is shown as it is written, never read.
    ("personas", "Dana [50% off]"),
    ("personas", "[/b] Leonora"),
    ("personas", "[link=https://evil.example]Priya[/"),
    ("personas", "[@click=app.quit]Sam[/]"),
    ("persona picker", "[/b] Leonora ␛]52;c;SGVsbG8=␇"),
    ("journey", "Dana [50% off] is reached through"),
    ("journey", "[bold]x"),
    ("journey", "Win [back]"),
    ("campaign", "[bold]Acme ␛]0;PWNED␇ launch[/b]  ·  hostile.yaml"),
    ("campaign", "Sell [red]more[/] ␛[2J␛[3J␛[H now"),
    ("messages", "Touch [50% off] ×2"),
    ("messages", "Metric     [/b] (install-rate)"),
    ("messages", "Hypothesis [link=https://evil.example]h[/link] ␛]0;PWNED␇"),
    ("palette", "Go to touchpoint Touch [50% off] (app-banner)"),
    ("persona form", "Edit persona Dana [50% off]"),
    ("delete persona", "Delete persona deal-seeker?"),
    ("delete persona", "Dana [50% off] will be removed from the plan."),
    ("channel form", "[/]"),
    ("export", "Export [bold]Acme ␛]0;PWNED␇ launch[/b]"),
    # Control characters are marks: in the tree, the grid, the cards, the preview, the fields.
    ("palette", "Go to touchpoint c1 ⟨U+009B⟩31m⟨U+009D⟩0;PWNED⟨U+009C⟩"),
    ("journey", "⟨U+009B⟩31m"),
    ("journey", "x␡y␈z"),
    ("messages", "rlo ⟨RLO⟩desrever⟨PDF⟩"),
    ("messages", "Buy ␛]52;c;SGVsbG8=␇"),
    ("messages", "[/] ⟨RLO⟩desrever⟨PDF⟩"),
    ("editor", "␛[2J␛[3J␛[H[bold]Hi {{ first_name }},x"),
    ("persona form", "Summary [/b] osc ␛]52;c;SGVsbG8=␇"),
)
"""What each view of the tour must show, as it is written (markup) or marked (controls)."""


async def _show(pilot: Pilot[None], tab: str) -> PlanScreen:
    screen = plan_screen(pilot.app)  # type: ignore[arg-type]
    screen.tabs.active = f"tab-{tab}"
    await settle(pilot)
    return screen


async def _close_dialogs(pilot: Pilot[None]) -> None:
    for _ in range(5):
        if isinstance(pilot.app.screen, PlanScreen):
            return
        await pilot.press("escape")
        await pilot.pause()
    assert isinstance(pilot.app.screen, PlanScreen)


async def _tour(pilot: Pilot[None]) -> dict[str, str]:
    """Show every tab, open the dialogs and pickers that show plan text; return what each
    view showed."""
    app = pilot.app
    seen: dict[str, str] = {}
    await settle(pilot)
    for tab in TABS:
        await _show(pilot, tab)
        await pilot.pause()
        seen[tab] = screen_text(app)  # type: ignore[arg-type]
    # Personas: the edit form, then delete (a question, then a notification) and undo.
    await _show(pilot, "personas")
    app.screen.query(PersonaCard).first().focus()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, EntityForm)
    seen["persona form"] = screen_text(app)  # type: ignore[arg-type]
    await _close_dialogs(pilot)
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(app.screen, QuestionDialog)
    seen["delete persona"] = screen_text(app)  # type: ignore[arg-type]
    await pilot.click("#choice-yes")
    await settle(pilot)
    await pilot.press("ctrl+z")
    await settle(pilot)
    seen["notifications"] = screen_text(app)  # type: ignore[arg-type]
    # Journey: the persona picker opened, the menu, the channel form.
    await _show(pilot, "journey")
    picker = app.screen.query_one("#journey-persona", Select)
    picker.focus()
    await pilot.press("enter")
    await pilot.pause()
    seen["persona picker"] = screen_text(app)  # type: ignore[arg-type]
    await pilot.press("escape")
    app.screen.query_one(JourneyGrid).focus()
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, MenuDialog)
    await pilot.press("enter")  # edit the channel under the cursor
    await pilot.pause()
    await pilot.pause()
    seen["channel form"] = screen_text(app)  # type: ignore[arg-type]
    await _close_dialogs(pilot)
    # Messages: the touchpoint's settings form, the editor with hostile copy.
    await _show(pilot, "messages")
    app.screen.query_one("#messages-tree").focus()
    await pilot.press("e")
    await pilot.pause()
    seen["touchpoint form"] = screen_text(app)  # type: ignore[arg-type]
    await _close_dialogs(pilot)
    app.screen.query_one("#v-body", TextArea).focus()
    await pilot.press("end", "x")
    await settle(pilot)
    seen["editor"] = screen_text(app)  # type: ignore[arg-type]
    # The export dialog checks the plan and lists its errors.
    app.screen.query_one("#messages-tree").focus()
    await pilot.press("ctrl+e")
    await settle(pilot)
    assert isinstance(app.screen, ExportDialog)
    seen["export"] = screen_text(app)  # type: ignore[arg-type]
    await _close_dialogs(pilot)
    # The palette finds a touchpoint by its hostile name.
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"touch")
    await pilot.pause(0.6)
    seen["palette"] = screen_text(app)  # type: ignore[arg-type]
    while CommandPalette.is_open(app):
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("f1")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    await _close_dialogs(pilot)
    await settle(pilot)
    return seen


async def test_hostile_names_show_literally_on_every_tab(tmp_path: Path) -> None:
    app = app_for(write_hostile(tmp_path))
    async with app.run_test(size=(160, 60)) as pilot:
        seen = await _tour(pilot)
        document = plan_screen(app).document
        names = [p.name for p in document.plan.personas]
        assert app.is_running
    for view, text in SHOWN:
        assert text in seen[view], (view, text)
    assert any(message.startswith("Deleted Dana [50% off].") for message in notifications(app))
    # Emoji and right-to-left names are kept.
    assert EMOJI.split()[0] in seen["journey"]
    assert RTL in seen["personas"]
    assert names == list(PERSONA_NAMES)  # undo brought Dana back, every name as it was
    for view, text in seen.items():
        assert "\x1b" not in text and "\x9b" not in text, view


async def test_no_control_sequence_from_the_plan_reaches_the_terminal(tmp_path: Path) -> None:
    """What the app writes to the terminal, byte for byte, while the tour shows the hostile
    plan: Textual's own escape sequences, and none of the plan's."""
    path = write_hostile(tmp_path)
    with recording_driver() as written:
        app = app_for(path)
        async with app.run_test(size=(160, 60)) as pilot:
            await _tour(pilot)
    output = "".join(written)
    assert "Dana [50% off]" in output  # the recording holds what was drawn
    assert foreign_controls(output) == []


async def test_a_hostile_file_name(tmp_path: Path) -> None:
    """The plan's file name is shown like plan text: the header, the messages."""
    path = write_hostile(tmp_path, name=f"[b]plan {TITLE} [50%].yaml")
    with recording_driver() as written:
        app = app_for(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            text = screen_text(app)
            await pilot.press("ctrl+s")
            await settle(pilot)
            while isinstance(app.screen, QuestionDialog):
                await pilot.click("#choice-save")
                await settle(pilot)
    assert "[b]plan ␛]0;PWNED␇ [50%].yaml" in text
    assert any("[b]plan ␛]0;PWNED␇ [50%].yaml" in message for message in notifications(app))
    assert foreign_controls("".join(written)) == []


async def test_typing_in_a_field_keeps_its_control_characters(tmp_path: Path) -> None:
    """A field shows marks and holds the text exactly: typing keeps what was not typed."""
    app = app_for(write_hostile(tmp_path))
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        field = screen.query_one("#campaign-owner", Input)
        before = field.value
        assert OSC52 in before
        field.focus()
        await pilot.press("end", "!", "left", "left", "backspace")
        await settle(pilot)
        expected = before[:-2] + before[-1] + "!"
        assert field.value == expected
        assert screen.document.plan.campaign.owner == expected
        assert "␛]52;c;SGVsbG8" in screen_text(app)


@pytest.mark.parametrize(("seed", "size"), [(3, (80, 24)), (7, (160, 50))])
async def test_random_keys_on_a_hostile_plan_raise_nothing(
    tmp_path: Path, seed: int, size: tuple[int, int]
) -> None:
    """Random keys on the hostile plan, on every tab: forms, menus and pickers open and close
    with its names in them, and nothing raises."""
    keys = ["a", "e", "d", "x", "X", "E", "m", "l", "s", "1", "2", "3", "]", "[", "enter",
            "space", "shift+up", "shift+left", "delete", "ctrl+z", "ctrl+y", "f1", "tab",
            "shift+tab", "up", "down", "left", "right", "escape", "b", "backspace", "v", "p",
            "ctrl+e", "ctrl+p", "t", "o"]  # fmt: skip
    rng = random.Random(seed)
    app: PlannerApp = app_for(write_hostile(tmp_path))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for step in range(120):
            if step % 20 == 0 and isinstance(app.screen, PlanScreen):
                plan_screen(app).tabs.active = f"tab-{rng.choice(TABS)}"
            await pilot.press(rng.choice(keys))
        await pilot.pause()
        assert app.is_running
