"""What makes the planner quick to open and to type in: the first screen is drawn whole and
once, and a keystroke in a message body is applied and previewed before the screen is drawn
again (so the character and the changed counter reach the terminal together)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, TextArea
from textual.widgets._footer import FooterKey

from tests.tui.conftest import app_for, plan_screen, settle
from tests.tui.test_messages import open_touchpoint
from xcplan import collect
from xcplan.tui.messages import EditPlan, ask_now
from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.widgets.fields import FieldText
from xcplan.tui.widgets.footer import KeysFooter


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
            # Once every tab is made, what they are made of is frozen too.
            pane = plan_screen(app)._mounted("tab-problems")
            assert pane is not None
            assert all(obj is not pane for obj in gc.get_objects())
    finally:
        gc.unfreeze()
        gc.enable()


async def test_no_field_edits_the_plan_as_it_is_mounted(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each field says its value once it is mounted (Input.Changed, Select.Changed): taken for
    # an edit, the Campaign tab's set every field to what it held and laid the first screen out
    # again; the Timeline tab's, mounted later, set the policies.
    applied: list[EditPlan] = []
    apply = PlanScreen.apply_edit

    def counted(screen: PlanScreen, event: EditPlan) -> None:
        applied.append(event)
        apply(screen, event)

    monkeypatch.setattr(PlanScreen, "apply_edit", counted)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [e.coalesce for e in applied] == []
        field = plan_screen(app).query_one("#campaign-name", Input)
        field.value = "Acme app launch!"
        await settle(pilot)
        assert len(applied) == 1
        assert plan_screen(app).document.plan.campaign.name == "Acme app launch!"


async def test_a_resize_to_the_size_the_screen_has_does_not_lay_it_out_again(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        sizes: list[Size | None] = []
        layout = screen._refresh_layout

        def counted(size: Size | None = None, scroll: bool = False) -> None:
            sizes.append(size)
            layout(size, scroll)

        monkeypatch.setattr(screen, "_refresh_layout", counted)
        screen.post_message(events.Resize(Size(120, 40), Size(120, 40)))
        await settle(pilot)
        assert sizes == []
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert Size(100, 30) in sizes


async def test_the_footer_shows_its_keys_at_once_and_is_composed_again_only_for_new_keys(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        footer = plan_screen(app).query_one(KeysFooter)
        # In the screen's first frame: before its bindings were ever refreshed.
        assert footer.query(FooterKey)
        await settle(pilot)
        composed: list[int] = []
        compose = footer.compose

        def counted() -> ComposeResult:
            composed.append(1)
            return compose()

        monkeypatch.setattr(footer, "compose", counted)
        plan_screen(app).refresh_bindings()
        await settle(pilot)
        assert composed == []
        plan_screen(app).query_one("#campaign-kpis").focus()  # its keys are shown
        await settle(pilot)
        assert composed == [1]
        assert any(key.key == "a" for key in footer.query(FooterKey))


class _Fields(App[None]):
    CSS = "FieldText { width: 24; height: 5; }"

    def compose(self) -> ComposeResult:
        yield FieldText("A line long enough to wrap twice in a narrow field. " * 2, id="notes")


async def test_a_widget_is_styled_once_it_is_mounted_not_while_it_is_made(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        styled: list[object] = []
        update = app.stylesheet.update_nodes

        def counted(nodes: Any, animate: bool = False) -> None:
            nodes = list(nodes)
            styled.extend(nodes)
            update(nodes, animate=animate)

        monkeypatch.setattr(app.stylesheet, "update_nodes", counted)
        made = Input("xyz")  # sets its classes as it is made
        made.add_class("-marked")
        assert made not in styled
        pane = plan_screen(app).campaign
        await pane.mount(made)
        made.add_class("-again")
        assert made in styled  # in the DOM: styled when its classes change
        assert made.has_class("-valid", "-marked", "-again")
        height = made.styles.height
        assert height is not None and height.value == 3  # Input's own style, from its mount


async def test_a_text_field_is_wrapped_and_has_its_scrollbar_in_the_first_frame(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Fields()
    drawn: list[tuple[int, bool]] = []
    refresh = Screen._compositor_refresh

    def first(screen: Screen[object]) -> None:
        if not drawn and screen.query("#notes"):
            notes = screen.query_one("#notes", FieldText)
            drawn.append((notes.wrapped_document.height, notes.show_vertical_scrollbar))
        refresh(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", first)
    async with app.run_test() as pilot:
        await pilot.pause()
        notes = app.query_one("#notes", FieldText)
        assert drawn == [(notes.wrapped_document.height, True)]
        assert notes.wrapped_document.height > 3 and notes.show_vertical_scrollbar


async def test_the_second_process_is_told_of_the_first_frame_before_the_screen_is_idle(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xcplan.edit import ahead

    happened: list[str] = []
    start_lint = PlanScreen._start_lint

    def lint(screen: PlanScreen) -> None:
        happened.append("lint")
        start_lint(screen)

    monkeypatch.setattr(ahead, "first_screen_drawn", lambda path: happened.append(path.name))
    monkeypatch.setattr(PlanScreen, "_start_lint", lint)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    # Told once the first frame is written; the lint, started once the screen is idle, tells
    # it again (a second word changes nothing: ``first_screen_drawn`` says it once).
    assert happened[:2] == [retail_copy.name, "lint"]


async def test_the_kpi_table_is_mounted_once_the_first_report_is_shown(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not as the first frame is drawn: its two frames took a core from the lint then running.
    tables: list[int] = []
    apply_report = PlanScreen.apply_report

    def applied(screen: PlanScreen, report: Any) -> None:
        tables.append(len(screen.query("#campaign-kpis")))
        apply_report(screen, report)

    monkeypatch.setattr(PlanScreen, "apply_report", applied)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert tables[0] == 0
        screen = plan_screen(app)
        table = screen.query_one("#campaign-kpis", DataTable)
        assert table.row_count == len(screen.document.plan.campaign.kpis) > 0


_FIRST_FRAME_PROBE = """
import asyncio, sys
from pathlib import Path
from xcplan.edit import ahead

ahead.start(Path(sys.argv[1]))  # as `xcplan edit` starts the planner
from xcplan.tui.app import make_app
from xcplan.tui.screens.plan import PlanScreen

loaded = []
drawn = PlanScreen._compositor_refresh

def first_frame(self):
    drawn(self)
    if not loaded:
        loaded.append(sorted(sys.modules))

PlanScreen._compositor_refresh = first_frame

async def main():
    async with make_app(Path(sys.argv[1])).run_test(size=(120, 40)) as pilot:
        await pilot.pause()

asyncio.run(main())
print(" ".join(loaded[0]))
"""


def test_the_first_frame_imports_nothing_it_does_not_show(
    retail_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In an interpreter of its own: here, other tests have imported everything. What is
    # imported when first used: the other screens (a folder, a new plan, a broken file), the
    # Problems tab and its report, the jumps to a problem, the dialogs, the KPI table (mounted
    # after the first frame), the TOML reader (the config comes from the second process) and
    # the YAML library (the second process parses the plan; the writer needs no resolver).
    monkeypatch.setenv("XCPLAN_STATE_DIR", str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_PROBE, str(retail_copy)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded = set(done.stdout.split())
    assert "xcplan.tui.widgets.campaign" in loaded  # the probe saw the plan screen drawn
    later = {
        "xcplan.tui.screens.start",
        "xcplan.tui.widgets.problems",
        "xcplan.edit.report",
        "xcplan.edit.jump",
        "xcplan.tui.dialogs.question",
        "xcplan.tui.dialogs.saving",
        "xcplan.tui.widgets.kpis",
        "textual.widgets._data_table",
        "tomllib",
        "yaml",
    }
    assert loaded & later == set()
