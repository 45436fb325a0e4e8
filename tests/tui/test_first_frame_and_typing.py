"""What makes the planner quick to open and to type in: the first screen is drawn whole and
once, and a keystroke in a message body is applied and previewed before the screen is drawn
again (so the character and the changed counter reach the terminal together)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import TextArea

from tests.tui.conftest import app_for, plan_screen, settle
from tests.tui.test_messages import open_touchpoint
from xcplan import collect
from xcplan.tui.messages import EditPlan, ask_now
from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.widgets.fields import FieldText


async def test_a_keystroke_is_applied_and_previewed_within_its_handling(
    retail_copy: Path,
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "winback-sms")
        await settle(pilot)
        screen = plan_screen(app)
        body = screen.query_one("#v-body", FieldText)
        before = body.text
        revision = screen.document.revision
        body.insert("Z")  # as a typed key inserts it
        # No message has been handled since: the edit, the document and the preview are done.
        touchpoint = next(t for t in screen.document.plan.touchpoints if t.id == "winback-sms")
        assert touchpoint.variants[0].body == body.text != before
        assert len(body.text) == len(before) + 1
        assert screen.document.revision == revision + 1
        assert pane.preview_revision == screen.document.revision
        assert screen.document.dirty


class _Texts(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.changed: list[str] = []

    def compose(self) -> ComposeResult:
        yield FieldText("abc", id="handed")
        yield FieldText("abc", id="posted")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.changed.append(event.text_area.id or "")


async def test_a_field_with_edited_hands_each_change_on_at_once() -> None:
    app = _Texts()
    handed: list[str] = []
    async with app.run_test() as pilot:
        field = app.query_one("#handed", FieldText)
        field.edited = lambda text_area: handed.append(text_area.text)
        field.insert("x", (0, 3))
        assert handed == ["abcx"]  # before this returned
        with field.prevent(TextArea.Changed):
            field.load_text("quiet")
        assert handed == ["abcx"]
        app.query_one("#posted", FieldText).insert("y", (0, 0))
        await pilot.pause()
        assert app.changed == ["posted"]  # the other field's Changed, none for the handed one


class _Posts(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.posted: list[EditPlan] = []
        self.applied: list[EditPlan] = []

    def on_edit_plan(self, event: EditPlan) -> None:
        self.posted.append(event)


class _Applies(_Posts):
    def apply_edit(self, intent: EditPlan) -> None:
        self.applied.append(intent)


async def test_ask_now_applies_where_the_screen_can_and_posts_elsewhere() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        applies = _Applies()
        await app.push_screen(applies)
        intent = EditPlan(lambda plan: Any)  # type: ignore[arg-type,return-value]
        ask_now(applies, intent)
        assert applies.applied == [intent]
        await pilot.pause()
        assert applies.posted == []
        posts = _Posts()
        await app.push_screen(posts)
        other = EditPlan(lambda plan: Any)  # type: ignore[arg-type,return-value]
        ask_now(posts, other)
        assert posts.posted == []  # posted, not applied: handled once the messages are
        await pilot.pause()
        assert posts.posted == [other]


async def test_the_plan_screen_is_mounted_after_textual_s_start_up_batch(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual never draws what is laid out while it starts the app: a screen mounted then
    # came to the terminal without its header and tab bar until something else was drawn.
    batches: list[int] = []
    mount = PlanScreen.on_mount

    def counted(screen: PlanScreen) -> None:
        batches.append(screen.app._batch_count)
        mount(screen)

    monkeypatch.setattr(PlanScreen, "on_mount", counted)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    assert batches == [0]


async def test_the_first_resume_does_not_style_the_screen_again(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    resumes: list[bool] = []
    post = PlanScreen.post_message

    def seen(screen: PlanScreen, message: Message) -> bool:
        posted = post(screen, message)
        if isinstance(message, events.ScreenResume):
            resumes.append(message.refresh_styles)
        return posted

    monkeypatch.setattr(PlanScreen, "post_message", seen)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan_screen(app).post_message(events.ScreenResume())
        await settle(pilot)
    # The first follows the mount, when every widget was just styled; any later one styles.
    assert resumes == [False, True]


async def test_the_collector_paused_for_the_start_runs_once_the_screen_is_drawn(
    retail_copy: Path,
) -> None:
    app = app_for(retail_copy)
    collect.pause_for_start()
    try:
        assert not gc.isenabled()
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()
