"""Snapshots of the Timeline tab on the retail example. Review changed ones as PNGs before
accepting them (``pytest tests/tui --snapshot-report``, then ``--snapshot-update``)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import RETAIL, app_for, plan_screen, settle
from tests.tui.test_snapshots import SnapCompare


def on_timeline(*keys: str, persona: int = 0) -> Any:
    """Return a ``run_before`` that shows the Timeline tab, moves to the ``persona``-th persona
    and presses ``keys`` with the lanes focused."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = plan_screen(pilot.app)  # type: ignore[arg-type]
        screen.tabs.active = "tab-timeline"
        for _ in range(100):
            await pilot.pause()
            if screen.timeline.is_mounted and screen.timeline.walk is not None:
                break
        screen.timeline.lanes.focus()
        await pilot.press(*["p"] * persona, *keys)
        await settle(pilot)

    return run_before


class TestTimeline:
    """Dana installs the app at 8.30 pm: the welcome push waits for the end of quiet hours."""

    def test_evening_install(self, snap_compare: SnapCompare) -> None:
        """The lanes at 3 hours a column, the deferred push selected with its wait, the
        findings, the scenario and the policies, and the push's preview."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(120, 40),
            run_before=on_timeline("right", "right", "right"),
        )

    def test_evening_install_small(self, snap_compare: SnapCompare) -> None:
        """At 80x24: two weeks at 6 hours a column, the days of the week under the dates."""
        assert snap_compare(
            app_for(RETAIL),
            terminal_size=(80, 24),
            run_before=on_timeline("right", "right", "right"),
        )

    def test_cancelled_and_a_refused_field(self, snap_compare: SnapCompare) -> None:
        """Leonora orders the next day: the first-order SMS is cancelled; quiet hours typed to
        start where they end are refused with the linter's message under them."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await on_timeline("right", "right", "right", "right", persona=1)(pilot)
            field = pilot.app.screen.query_one("#tl-quiet_hours-end", Input)
            field.focus()
            await pilot.press("end", *["backspace"] * 5, *"21:00")
            await settle(pilot)

        assert snap_compare(app_for(RETAIL), terminal_size=(120, 40), run_before=run_before)
