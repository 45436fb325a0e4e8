"""The command palette survives being opened, typed in and closed at typing speed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events
from textual.command import CommandPalette

from tests.tui.conftest import app_for, plan_screen, settle


async def test_ctrl_p_typing_escape_at_once_a_dozen_times(retail_copy: Path) -> None:
    """ctrl+p, a few letters and Escape, as fast as a terminal sends them, many times over.

    The keys go to the driver as a terminal's would, without waiting for the app between
    them: letters typed just before Escape are handled by a palette that has been closed.
    """
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan_screen(app).tabs.active = "tab-messages"
        await settle(pilot)
        driver = app._driver
        assert driver is not None
        burst = [("ctrl+p", None), ("w", "w"), ("e", "e"), ("l", "l"), ("escape", "\x1b")]
        for _ in range(20):
            for key, character in burst:
                driver.send_message(events.Key(key, character))
            await asyncio.sleep(0.01)
        await pilot.pause(1.0)
        assert app.is_running
        assert app._exception is None
        # The palette still works afterwards.
        while CommandPalette.is_open(app):
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to journey")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert plan_screen(app).tabs.active == "tab-journey"
