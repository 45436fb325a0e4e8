"""Keys that arrive together, as a terminal sends them when someone types fast: each goes to
the field that is focused when it is typed, even right after a Tab."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.tui.conftest import app_for, plan_screen, settle
from tests.tui.test_messages import open_touchpoint
from xcplan.tui.app import PlannerApp


def _burst(app: PlannerApp, *keys: str) -> None:
    # Every key queued before the app handles the first: what a burst from the terminal is
    # (Pilot's ``press`` waits for each key to be handled, so it never shows the race).
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def _on_launch_email(pilot: Pilot[None]) -> None:
    await open_touchpoint(pilot, "launch-email")
    await settle(pilot)


async def test_a_fast_tab_out_of_the_baseline_puts_the_next_key_in_the_mde(
    retail_copy: Path,
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await _on_launch_email(pilot)
        screen = plan_screen(app)
        baseline = screen.query_one("#x-baseline", Input)
        mde = screen.query_one("#x-mde", Input)
        baseline.focus()
        await pilot.press("end")
        _burst(app, "5", "tab", "end", "1")
        await settle(pilot)
        assert (baseline.value, mde.value) == ("0.045", "0.21")
        assert app.focused is mde
        experiment = screen.document.plan.touchpoints[0].experiment
        assert experiment is not None
        assert (experiment.baseline, experiment.mde) == (0.045, 0.21)


async def test_a_fast_shift_tab_goes_back_before_the_next_key(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        owner = screen.query_one("#campaign-owner", Input)
        objective = screen.query_one("#campaign-objective", Input)  # the field before it
        before = (objective.value, owner.value)
        owner.focus()
        await pilot.press("end")
        _burst(app, "x", "shift+tab", "end", "Q", "tab", "end", "y")
        await settle(pilot)
        assert (objective.value, owner.value) == (before[0] + "Q", before[1] + "xy")
        assert app.focused is owner
        campaign = screen.document.plan.campaign
        assert (campaign.objective, campaign.owner) == (before[0] + "Q", before[1] + "xy")


async def test_editing_keys_keep_their_place_among_the_letters(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        owner = screen.query_one("#campaign-owner", Input)
        before = owner.value
        owner.focus()
        await pilot.press("home")
        _burst(app, "end", "1", "home", "2", "backspace", "3", "right", "backspace")
        await settle(pilot)
        assert owner.value == "3" + before[1:] + "1"
        assert screen.document.plan.campaign.owner == owner.value


async def test_a_burst_in_a_body_edits_in_order(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await _on_launch_email(pilot)
        body = plan_screen(app).query_one("#v-body", TextArea)
        body.focus()
        first = body.document.get_line(0)
        await pilot.press("ctrl+home")
        _burst(app, "end", "!", "home", "x", "backspace", "y")
        await settle(pilot)
        assert body.document.get_line(0) == "y" + first + "!"
