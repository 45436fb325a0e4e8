"""A small app that shows one dialog, for tests of a dialog on its own (no plan editor behind)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import ModalScreen


class DialogHost(App[None]):
    """Shows ``dialog`` as it starts and keeps what the dialog dismissed with in ``results``.

    Like the tests' planner apps: no cursor blink, no animation, notifications that stay up.
    """

    NOTIFICATION_TIMEOUT = 600

    def __init__(self, dialog: ModalScreen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []
        self.cursor_blink = False
        self.animation_level = "none"

    def on_mount(self) -> None:
        """Show the dialog."""
        self.push_screen(self.dialog, self.results.append)


async def settled(pilot: Pilot[Any]) -> None:
    """Wait until the app's workers are done and what they report is shown."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
