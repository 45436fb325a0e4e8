"""Snapshots of the planner: every tab, the small terminal, and the dialogs.

Each snapshot is taken from an App instance made by ``make_app`` with the cursor blink and
animations off, after the lint worker has caught up. Review changed snapshots with
``pytest tests/tui --snapshot-report`` before accepting them with ``--snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from tests.tui.conftest import RETAIL, app_for, plan_screen, settle
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.widgets.personas import PersonaCard

SnapCompare = Callable[..., bool]
Before = Callable[[Pilot[Any]], Awaitable[None]]

BROKEN = """\
xcplan: 1
campaign:
  id: Spring Sale
  name: Spring sale
personas:
  - id: nadia
    name: Nadia
    lifecycle: churned
channels:
  - id: email
    kind: e-mail
"""


def _focus(selector: str) -> Callable[[Pilot[Any]], None]:
    def focus(pilot: Pilot[Any]) -> None:
        pilot.app.screen.query(selector).first().focus()

    return focus


async def until_shown(pilot: Pilot[Any], screen: type[Screen[Any]]) -> None:
    """Let the app run until a ``screen`` is the active screen, mounted and painted."""
    for _ in range(200):
        if isinstance(pilot.app.screen, screen) and pilot.app.screen.is_mounted:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError(f"no {screen.__name__} was shown")


def on_tab(tab: str, focus: str, *keys: str) -> Before:
    """Return a ``run_before`` that shows ``tab``, focuses ``focus`` and presses ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        plan_screen(pilot.app).tabs.active = f"tab-{tab}"  # type: ignore[arg-type]
        await pilot.pause()
        _focus(focus)(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


class TestTabs:
    """Each tab of the planner on the retail example, at 120x40."""

    @pytest.mark.parametrize(
        ("tab", "focus"),
        [
            ("campaign", "#campaign-name"),
            ("personas", "PersonaCard"),
            ("journey", "JourneyGrid"),
            ("problems", "#problems-table"),
        ],
        ids=["campaign", "personas", "journey", "problems"],
    )
    def test_tab(self, snap_compare: SnapCompare, tab: str, focus: str) -> None:
        """The tab as the example opens: fields, cards, the grid of Dana, the problems."""
        assert snap_compare(app_for(RETAIL), terminal_size=(120, 40), run_before=on_tab(tab, focus))

    def test_journey_with_marks(self, snap_compare: SnapCompare) -> None:
        """Cleared and planned cells: an error mark, an empty planned cell, the summary."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(120, 40),
            run_before=on_tab("journey", "JourneyGrid", "space", "right", "space"),
        )


class TestSmallTerminal:
    """The planner at 80x24, the smallest size it supports."""

    def test_journey_grid(self, snap_compare: SnapCompare) -> None:
        """Seven stages and eight channels fit, with the summary, legend and footer."""
        assert snap_compare(
            app_for(RETAIL), terminal_size=(80, 24), run_before=on_tab("journey", "JourneyGrid")
        )

    def test_four_personas(self, snap_compare: SnapCompare) -> None:
        """Four cards side by side; adding is disabled and the status line says why."""
        assert snap_compare(
            app_for(RETAIL), terminal_size=(80, 24), run_before=on_tab("personas", "PersonaCard")
        )

    def test_campaign(self, snap_compare: SnapCompare) -> None:
        """The campaign form scrolls; an invalid id shows its message beside the field."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(80, 24),
            run_before=on_tab("campaign", "#campaign-id", "end", "space", "X"),
        )


class TestDialogs:
    """The dialogs: forms, questions, the library and the start screens."""

    def test_persona_form(self, snap_compare: SnapCompare) -> None:
        """Editing Dana: every field of the format, filled in."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(120, 40),
            run_before=on_tab("personas", "PersonaCard", "e"),
        )

    def test_delete_persona_warns_about_touchpoints(self, snap_compare: SnapCompare) -> None:
        """Deleting Dana says which touchpoints go and which keep their other personas."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(120, 40),
            run_before=on_tab("personas", "PersonaCard", "d"),
        )

    def test_library(self, snap_compare: SnapCompare, tmp_path: Path) -> None:
        """The persona library, with a preview of the highlighted persona."""
        plan = tmp_path / "spring.yaml"
        plan.write_text(RETAIL.read_text())

        async def run_before(pilot: Pilot[Any]) -> None:
            await on_tab("personas", "PersonaCard", "d")(pilot)
            await pilot.click("#choice-yes")
            await settle(pilot)
            pilot.app.screen.query(PersonaCard).first().focus()
            await pilot.press("l")
            await pilot.pause()

        assert snap_compare(app_for(plan), terminal_size=(120, 40), run_before=run_before)

    def test_channel_menu(self, snap_compare: SnapCompare) -> None:
        """The menu of channel and stage actions in the journey."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(80, 24),
            run_before=on_tab("journey", "JourneyGrid", "m"),
        )

    def test_quit_with_unsaved_changes(self, snap_compare: SnapCompare) -> None:
        """Quitting with unsaved changes asks: save, discard or cancel."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await on_tab("journey", "JourneyGrid", "space")(pilot)
            await pilot.press("ctrl+q")  # the question waits: no settling after it
            # The question is pushed by a worker: on a busy machine one pause is not enough
            # for it to be up (that made this snapshot flaky). Wait for it, then its paint.
            await until_shown(pilot, QuestionDialog)

        assert snap_compare(app_for(RETAIL), terminal_size=(80, 24), run_before=run_before)

    def test_plan_that_does_not_load(
        self, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A broken plan opens read-only with its problems and their lines."""
        monkeypatch.chdir(tmp_path)
        Path("broken.yaml").write_text(BROKEN)

        async def run_before(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            pilot.app.screen.query_one(DataTable).focus()

        assert snap_compare(
            app_for(Path("broken.yaml")), terminal_size=(120, 40), run_before=run_before
        )

    def test_new_plan(
        self, snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A path that does not exist: choose a template or an empty plan."""
        monkeypatch.chdir(tmp_path)

        async def run_before(pilot: Pilot[Any]) -> None:
            await pilot.pause()

        assert snap_compare(
            app_for(Path("spring-sale.yaml")), terminal_size=(80, 24), run_before=run_before
        )
