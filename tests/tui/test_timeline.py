"""Pilot tests of the Timeline tab: choosing a walk, moving along it, editing the scenario and the
policies and watching the walk follow, scenarios added and removed with undo, and the jumps to it
from the Problems tab and the palette. What the lanes show is tested without Textual, in
``tests/edit/test_timeline.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from tests.tui.conftest import app_for, notifications, plan_screen, screen_text, settle
from xcplan.edit.scenarios import scenario_at
from xcplan.edit.timeline import Pick
from xcplan.journey.walk import Status, Walk
from xcplan.tui.app import PlannerApp
from xcplan.tui.commands import plan_commands
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.widgets.problems import ProblemsPane
from xcplan.tui.widgets.timeline import TimelinePane

EVENING = "dana-installs-in-the-evening"
_PARTS = ("timeline-detail", "timeline-findings", "timeline-note", "timeline-policies")


async def open_timeline(pilot: Pilot[Any]) -> TimelinePane:
    """Show the Timeline tab, with the lanes focused, once its pane is up."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PlannerApp)
    screen = plan_screen(app)
    screen.tabs.active = "tab-timeline"
    pane = screen.timeline
    for _ in range(100):
        await pilot.pause()
        if pane.is_mounted and pane.walk is not None:
            break
    await settle(pilot)
    pane.lanes.focus()
    await pilot.pause()
    return pane


def _walk(pane: TimelinePane) -> Walk:
    assert pane.walk is not None
    return pane.walk


def _status(pane: TimelinePane, touchpoint: str) -> tuple[Status, int | None]:
    message = _walk(pane).message(touchpoint)
    assert message is not None
    return message.status, message.time


async def _select(pilot: Pilot[Any], pane: TimelinePane, touchpoint: str) -> None:
    """Move along the walk with the right arrow until ``touchpoint`` is selected."""
    pane.lanes.focus()
    await pilot.press("home")
    for _ in range(len(_walk(pane).messages)):
        if pane.selected == touchpoint:
            return
        await pilot.press("right")
        await pilot.pause()
    assert pane.selected == touchpoint


def _said(app: PlannerApp, field: str) -> str:
    """Return the message shown under a field of the tab (``start``, ``quiet_hours``...)."""
    return str(app.screen.query_one(f"#tl-{field}-error", Static).render())


async def _retype(pilot: Pilot[Any], selector: str, keep: int, typed: str) -> None:
    """Focus a one-line field, erase all but its first ``keep`` characters and type."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.press("end")
    await pilot.press(*["backspace"] * (len(field.value) - keep))
    await pilot.press(*typed)
    await pilot.pause()


async def test_choose_a_persona_and_a_walk(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        assert pane.pick == Pick("deal-seeker", "declared", EVENING)
        assert _walk(pane).customer.id == EVENING
        await pilot.press("p")
        await pilot.pause()
        assert _walk(pane).customer.id == "leonora-orders-next-day"
        await pilot.press("]")
        await pilot.pause()
        assert _walk(pane).customer.id == "leonora-installs-and-waits"
        await pilot.press("]")
        await pilot.pause()
        assert pane.pick is not None and pane.pick.kind == "what_if"
        assert "A what-if" in screen_text(app)
        await pilot.press("]")
        await pilot.pause()
        assert _walk(pane).customer.id == "leonora-orders-next-day"
        # The persona picker: Priya has no scenario, so her eager walk is shown.
        app.screen.query_one("#timeline-persona", Select).value = "lapsed-shopper"
        await pilot.pause()
        assert pane.pick == Pick("lapsed-shopper", "eager")
        assert _walk(pane).customer.id == "eager"
        assert "has no scenario" in screen_text(app)
        # The scenario picker.
        await pilot.press("p")
        await pilot.pause()
        picker = app.screen.query_one("#timeline-scenario", Select)
        picker.value = Pick("store-browser", "what_if", "sam-signs-up-in-store")
        await pilot.pause()
        assert pane.pick is not None and pane.pick.kind == "what_if"


async def test_move_along_the_walk_and_see_each_message(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        assert pane.selected == "launch-email"
        await pilot.press("right")
        await pilot.pause()
        assert pane.selected == "launch-post"
        await pilot.press("end")
        await pilot.pause()
        assert pane.selected == "weekly-deals-email"
        await _select(pilot, pane, "welcome-push")
        text = screen_text(app)
        assert "welcome-push · Welcome push with the first-order code · push · deferred" in text
        assert "quiet hours 21:00-08:00: moved from Wed 1 Apr 21:30 to Thu 2 Apr 08:00" in text
        # The Messages tab's own preview, for Dana.
        shown = pane.preview.shown
        assert shown is not None and shown.touchpoint.id == "welcome-push"
        assert shown.persona.id == "deal-seeker"
        assert "Hi Dana, use code APPFIRST15" in text
        # A click on a mark selects its message.
        layout = pane.lanes.drawn
        assert layout is not None
        position = next(i for i, m in enumerate(_walk(pane).messages) if m.touchpoint == "app-tour")
        lane, column = layout.marks[position]
        await pilot.click("#timeline-lanes", offset=(layout.label_width + column, 2 + lane))
        await pilot.pause()
        assert pane.selected == "app-tour"
        # Enter opens it on the Messages tab, to edit its copy.
        await pilot.press("enter")
        await settle(pilot)
        screen = plan_screen(app)
        assert screen.tabs.active == "tab-messages"
        assert screen.messages.editor.touchpoint_id == "app-tour"


async def test_editing_the_start_moves_a_message(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        assert _status(pane, "welcome-push") == (Status.DEFERRED, 11 * 60 + 30)
        await _retype(pilot, "#tl-start", len("2026-04-01T"), "1")
        assert "is not a local date-time" in _said(app, "start")
        assert scenario_at(document.plan, EVENING)[1].start == "2026-04-01T20:30"
        await pilot.press(*"0:00")
        await pilot.pause()
        assert scenario_at(document.plan, EVENING)[1].start == "2026-04-01T10:00"
        assert _status(pane, "welcome-push") == (Status.SENT, 60)
        assert "XC705" not in screen_text(app)
        await settle(pilot)
        # Typing in one field is one undo step.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert scenario_at(document.plan, EVENING)[1].start == "2026-04-01T20:30"
        assert _status(pane, "welcome-push")[0] is Status.DEFERRED
        assert app.screen.query_one("#tl-start", Input).value == "2026-04-01T20:30"


async def test_quiet_hours_make_and_take_away_a_deferral(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        assert _status(pane, "welcome-push")[0] is Status.DEFERRED
        assert any(d.code == "XC705" for d in pane.diagnostics)
        await _retype(pilot, "#tl-quiet_hours-start", 0, "22:00")
        policies = document.plan.policies
        assert policies is not None and policies.quiet_hours is not None
        assert policies.quiet_hours.start == "22:00"
        assert _status(pane, "welcome-push") == (Status.SENT, 60)
        assert not any(d.code == "XC705" for d in pane.diagnostics)
        # Quiet hours that start where they end hold no minute: refused, said beside the field.
        await _retype(pilot, "#tl-quiet_hours-start", 0, "08:00")
        assert _said(app, "quiet_hours").startswith("quiet hours start and end at 08:00")
        assert policies.quiet_hours.start == "22:00"
        await _retype(pilot, "#tl-quiet_hours-start", 0, "21:00")
        assert _status(pane, "welcome-push")[0] is Status.DEFERRED
        assert any(d.code == "XC705" for d in pane.diagnostics)
        # Clearing both times removes the quiet hours.
        await _retype(pilot, "#tl-quiet_hours-start", 0, "")
        await _retype(pilot, "#tl-quiet_hours-end", 0, "")
        assert document.plan.policies is not None
        assert document.plan.policies.quiet_hours is None
        assert _status(pane, "welcome-push") == (Status.SENT, 60)


async def test_events_are_typed_one_per_line(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        assert _status(pane, "price-drop-push")[0] is Status.SENT
        events = app.screen.query_one("#tl-events", TextArea)
        events.focus()
        events.text = "app_installed@0m\nprice_drp@3d"
        await pilot.pause()
        assert _said(app, "events") == (
            "event 2: unknown event `price_drp`; did you mean `price_drop`?"
        )
        assert len(scenario_at(document.plan, EVENING)[1].events) == 4
        events.text = "app_installed@0m"
        await pilot.pause()
        assert [e.event for e in scenario_at(document.plan, EVENING)[1].events] == ["app_installed"]
        assert _status(pane, "price-drop-push")[0] is Status.NOT_REACHED
        assert any(d.code == "XC702" for d in pane.diagnostics)
        assert "not reached" in screen_text(app)


async def test_add_duplicate_and_remove_scenarios_with_undo(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        before = [s.id for s in document.plan.scenarios]
        await pilot.press("c")
        await settle(pilot)
        assert [s.id for s in document.plan.scenarios][:2] == [EVENING, f"{EVENING}-2"]
        assert pane.pick == Pick("deal-seeker", "declared", f"{EVENING}-2")
        assert app.screen.query_one("#tl-id", Input).value == f"{EVENING}-2"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await settle(pilot)
        assert [s.id for s in document.plan.scenarios] == before
        assert pane.pick == Pick("deal-seeker", "declared", EVENING)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert len(document.plan.scenarios) == len(before) + 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [s.id for s in document.plan.scenarios] == before
        # Priya has none: adding one replaces her eager walk.
        app.screen.query_one("#timeline-persona", Select).value = "lapsed-shopper"
        await pilot.pause()
        pane.lanes.focus()
        await pilot.press("a")
        await settle(pilot)
        assert pane.pick == Pick("lapsed-shopper", "declared", "lapsed-shopper-scenario")
        assert _walk(pane).customer.id == "lapsed-shopper-scenario"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert pane.pick == Pick("lapsed-shopper", "eager")


async def test_what_if_is_tried_and_kept(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        revision = document.revision
        await pilot.press("w")
        await pilot.pause()
        assert pane.pick == Pick("deal-seeker", "what_if", EVENING)
        await _retype(pilot, "#tl-start", len("2026-04-01T"), "10:00")
        assert _status(pane, "welcome-push") == (Status.SENT, 60)
        assert document.revision == revision  # a what-if is not saved in the plan
        pane.lanes.focus()
        await pilot.press("k")
        await settle(pilot)
        kept = scenario_at(document.plan, "deal-seeker-what-if")[1]
        assert kept.start == "2026-04-01T10:00"
        assert kept.expect is not None and "welcome-push" in kept.expect.sent
        assert pane.pick == Pick("deal-seeker", "declared", "deal-seeker-what-if")


async def test_what_a_scenario_expects_is_set_from_the_lanes(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_timeline(pilot)
        document = plan_screen(app).document
        await _select(pilot, pane, "launch-post")
        await pilot.press("x")
        await settle(pilot)
        expect = scenario_at(document.plan, EVENING)[1].expect
        assert expect is not None and expect.sent[-1] == "launch-post"
        assert "launch-post: must reach the customer." in notifications(app)
        assert "launch-post" in app.screen.query_one("#tl-sent", Input).value
        await pilot.press("x")
        await settle(pilot)
        expect = scenario_at(document.plan, EVENING)[1].expect
        assert expect is not None and expect.not_sent == ["launch-post"]
        assert any(d.code == "XC702" for d in pane.diagnostics)


async def test_a_journey_problem_opens_its_walk(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        screen.tabs.active = "tab-problems"
        for _ in range(100):
            await pilot.pause()
            if screen.problems.is_mounted and screen.problems.shown:
                break
        problems = app.screen.query_one(ProblemsPane)
        row = next(i for i, d in enumerate(problems.shown) if d.code == "XC705")
        table = app.screen.query_one("#problems-table", DataTable)
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(100):
            await pilot.pause()
            if screen.tabs.active == "tab-timeline" and screen.timeline.walk is not None:
                break
        pane = screen.timeline
        assert pane.pick == Pick("deal-seeker", "declared", EVENING)
        assert pane.selected == "welcome-push"


async def test_palette_commands(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        commands = {command.title: command for command in plan_commands(screen)}
        assert "Go to Timeline" in commands
        commands["Add a scenario"].callback()
        await settle(pilot)
        for _ in range(100):
            await pilot.pause()
            if screen.timeline.is_mounted and len(screen.document.plan.scenarios) == 5:
                break
        await settle(pilot)
        assert screen.tabs.active == "tab-timeline"
        assert screen.document.plan.scenarios[1].id == "deal-seeker-scenario"
        assert screen.timeline.pick == Pick("deal-seeker", "declared", "deal-seeker-scenario")


ODD = """\
xcplan: 1
campaign:
  id: odd
  name: "Odd \\e[31mred"
  objective: Try the edges
personas:
  - id: late
    name: "Late \\u202e reversed"
  - id: nobody
    name: No touchpoint targets me
channels:
  - id: push
    kind: push
  - id: mail
    kind: email
map:
  late:
    awareness: [push, mail]
touchpoints:
  - id: ping
    name: "Ping \\x1b[2J"
    personas: [late]
    stage: awareness
    channel: push
    delay: 1w1h
    variants: [{id: a, title: Hi, body: Hi}]
  - id: pong
    personas: [late]
    stage: awareness
    channel: mail
    after: ping
    delay: 52w
    variants: [{id: a, subject: Hi, body: Hi}]
policies:
  frequency_cap: {max: 1, per: 1d, action: defer}
  quiet_hours: {start: "21:00", end: "08:00", action: drop}
scenarios:
  - id: at-the-end-of-time
    name: "Enters on the last evening there is \\e]8;;x\\e\\\\"
    persona: late
    start: 9999-12-31T20:00
  - id: stray
    persona: ghost
"""


async def test_odd_walks_give_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(ODD, encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_timeline(pilot)
        walk = _walk(pane)
        assert walk.customer.id == "at-the-end-of-time"
        assert _status(pane, "ping")[0] is Status.DROPPED
        # What the tab itself draws (the lanes, the line under them, the findings, the pickers)
        # lets no escape or direction control reach the terminal: they are shown as marks.
        screen = app.screen
        drawn = [
            str(pane.lanes.render()),
            *(str(screen.query_one(f"#{part}", Static).render()) for part in _PARTS),
            *(str(label) for label, _ in screen.query_one("#timeline-persona", Select)._options),
            *(str(label) for label, _ in screen.query_one("#timeline-scenario", Select)._options),
        ]
        assert not [part for part in drawn if "\x1b" in part or "\u202e" in part]
        assert any("⟨RLO⟩" in part for part in drawn)
        for keys in (["-"] * 6, ["+"] * 6, ["end"], ["home"], ["x"], ["w"]):
            pane.lanes.focus()
            await pilot.press(*keys)
            await pilot.pause()
        await _retype(pilot, "#tl-start", 0, "9999-12-31T23:59")
        assert _walk(pane).customer.start.minute == 59
        await pilot.press("escape")
        pane.lanes.focus()
        await pilot.press("p")
        await pilot.pause()
        assert pane.pick == Pick("nobody", "eager")
        assert "No touchpoint targets nobody" in screen_text(app)
        for key in ("left", "right", "x", "enter", "c", "delete", "k", "-"):
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        assert "Traceback" not in screen_text(app)
