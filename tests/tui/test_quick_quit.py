"""Quitting right after opening, while the other tabs are still being built, is a clean end.

In a real terminal, ctrl+q at the first screen took the screens down while hidden tabs were
being mounted: their widgets were gone (NoMatches) or their tab pane was (MountError), and the
planner said it had crashed (2 quits in 5, at 120x40). Pilot's app ends in another order, so
the tests give the app the errors that teardown raised.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.query import NoMatches
from textual.widget import MountError
from textual.worker import WorkerFailed

from tests.tui.conftest import app_for
from xcplan.tui.app import PlannerApp

TEARDOWN_ERRORS = (
    NoMatches("No nodes match '#journey-persona' on JourneyPane(id='journey')"),
    WorkerFailed(MountError("Can't mount widget(s) before TabPane(id='tab-journey') is mounted")),
)


@pytest.mark.parametrize("error", TEARDOWN_ERRORS, ids=["no-matches", "mount-error"])
@pytest.mark.parametrize("ending", ["quit", "shutdown"])
async def test_what_teardown_raises_after_quitting_is_no_crash(
    retail_copy: Path, error: Exception, ending: str
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        if ending == "quit":
            await pilot.press("ctrl+q")
        else:
            # Taken down without a quit (as a test harness does): the app stops running first.
            app._running = False
        assert app.is_ending
        app._handle_exception(error)
        app._running = True
    assert app.crash is None
    assert app.return_code == (0 if ending == "quit" else None)  # no crash's code 2


async def _error_while_running(app: PlannerApp, error: Exception) -> None:
    async with app.run_test(size=(120, 40)):
        assert not app.is_ending
        app._handle_exception(error)


async def test_the_same_error_before_quitting_is_a_crash(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    with pytest.raises(NoMatches):
        await _error_while_running(app, TEARDOWN_ERRORS[0])
    assert app.crash is not None
    assert app.crash.error.startswith("NoMatches")


@pytest.mark.parametrize("pauses", range(4))
async def test_quitting_at_once_is_no_crash(retail_copy: Path, pauses: int) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(pauses):
            await pilot.pause()
        await pilot.press("ctrl+q")
    assert app.crash is None
    assert app.return_code == 0
