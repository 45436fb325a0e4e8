"""Pilot tests of the Messages tab: writing variants, the live preview, the split, touchpoints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tests.conftest import EXAMPLES
from tests.tui.conftest import (
    RETAIL,
    app_for,
    find_touchpoint,
    notifications,
    plan_screen,
    screen_text,
    settle,
)
from xcplan.edit.document import Document
from xcplan.io.canonical import dump_plan
from xcplan.render.preview import Measured
from xcplan.tui.app import PlannerApp
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.widgets.journey import JourneyGrid
from xcplan.tui.widgets.messages import MessagesPane

SMS_PLAN = """\
xcplan: 1
campaign:
  id: spring
  name: Spring sale
  objective: Sell the spring range
personas:
  - id: nadia
    name: Nadia, new app user
    profile:
      first_name: Nadia
channels:
  - id: email
    kind: email
  - id: sms
    kind: sms
  - id: push
    kind: push
map:
  nadia:
    awareness: [sms, email, push]
touchpoints:
  - id: hello-sms
    personas: [nadia]
    stage: awareness
    channel: sms
    variants:
      - id: gsm
        body: {gsm}
      - id: ucs
        body: {ucs}
"""


def _sms_plan(tmp_path: Path, gsm: str, ucs: str) -> Path:
    path = tmp_path / "spring.yaml"
    path.write_text(SMS_PLAN.replace("{gsm}", gsm).replace("{ucs}", ucs), encoding="utf-8")
    return path


def messages(app: PlannerApp) -> MessagesPane:
    """Return the Messages tab's pane."""
    return plan_screen(app).query_one(MessagesPane)


async def messages_tab(pilot: Pilot[Any]) -> MessagesPane:
    """Once the lint is done, show the Messages tab; return its pane."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PlannerApp)
    plan_screen(app).tabs.active = "tab-messages"
    await pilot.pause()
    return messages(app)


async def open_touchpoint(
    pilot: Pilot[Any], touchpoint_id: str, v_index: int = 0, field: str = "body"
) -> MessagesPane:
    """Show the Messages tab on a touchpoint's variant, with the cursor in ``field``."""
    pane = await messages_tab(pilot)
    assert pane.choose_touchpoint(touchpoint_id, v_index, field)
    await pilot.pause()
    return pane


async def preview_ready(pilot: Pilot[Any]) -> MessagesPane:
    """Wait until the preview shows the current revision of the plan."""
    app = pilot.app
    assert isinstance(app, PlannerApp)
    pane = messages(app)
    for _ in range(50):
        await pilot.pause()
        if pane.preview_revision == plan_screen(app).document.revision:
            return pane
    raise AssertionError("the preview never caught up")


def _body(pane: MessagesPane) -> Measured:
    """Return the body of the variant shown, as the preview rendered and measured it."""
    shown = pane.preview.shown
    assert shown is not None
    (body,) = [field.measured for field in shown.fields if field.name == "body"]
    assert body is not None
    return body


def _segments(pane: MessagesPane) -> int:
    sms = _body(pane).sms
    assert sms is not None
    return sms.segments


async def test_sms_goes_to_two_segments_at_the_161st_character(tmp_path: Path) -> None:
    # Each length from 150 to 161 is checked in tests/edit/test_preview.py; here, the keys.
    path = _sms_plan(tmp_path, "x" * 158, "ż" + "y" * 60)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "hello-sms", 0, "body")
        body = pane.editor.query_one("#v-body", TextArea)
        assert app.focused is body
        body.move_cursor(body.document.end)
        for typed in range(159, 161):
            await pilot.press("a")
            await preview_ready(pilot)
            assert _segments(pane) == 1, typed
        assert "GSM-7 · 160 septets · 1" in screen_text(app)
        await pilot.press("a")
        await preview_ready(pilot)
        assert _segments(pane) == 2
        assert "GSM-7 · 161 septets · 2" in screen_text(app)
        assert body.text == "x" * 158 + "a" * 3
        await pilot.press("backspace")
        await preview_ready(pilot)
        assert _segments(pane) == 1


async def test_ucs2_sms_goes_to_two_segments_at_the_71st_character(tmp_path: Path) -> None:
    # Each length from 61 to 72 is checked in tests/edit/test_preview.py; here, the keys.
    path = _sms_plan(tmp_path, "x", "ż" + "y" * 67)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "hello-sms", 1, "body")
        body = pane.editor.query_one("#v-body", TextArea)
        body.move_cursor(body.document.end)
        for typed in range(69, 71):
            await pilot.press("z")
            await preview_ready(pilot)
            assert _segments(pane) == 1, typed
        await pilot.press("z")
        await preview_ready(pilot)
        assert _segments(pane) == 2
        text = screen_text(app)
        assert "UCS-2 · 71 units · 2" in text
        assert "UCS-2 because of: ż" in text


async def test_typing_a_banned_term_shows_its_finding(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        subject = pane.editor.query_one("#v-subject", Input)
        assert app.focused is subject
        await preview_ready(pilot)
        assert not [d for d in pane.preview.diagnostics if d.code == "XC601"]
        await pilot.press("end", *" so cheap")
        await preview_ready(pilot)
        codes = [d.code for d in pane.preview.diagnostics]
        assert "XC601" in codes
        assert "XC601" in screen_text(app)
        # The whole plan is linted after a pause: the Problems tab counts it too.
        await settle(pilot)
        report = plan_screen(app).report
        assert report is not None
        assert any(d.code == "XC601" for d in report.diagnostics)
        # One undo step takes the whole word back.
        await pilot.press("ctrl+z")
        await preview_ready(pilot)
        assert "XC601" not in [d.code for d in pane.preview.diagnostics]
        assert subject.value == "{{ first_name }}, get {{ discount }} off in the new Acme app"


async def test_weights_are_changed_until_the_total_is_100(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        weights = pane.editor.weight_inputs()
        assert [w.value for w in weights] == ["45", "45", "10"]
        total = pane.editor.query_one("#split-total")
        assert not total.has_class("-bad")
        weights[0].focus()
        await pilot.press("ctrl+u", "5", "5")  # a: 55 -> 110
        await pilot.pause()
        assert total.has_class("-bad")
        assert "= 110" in screen_text(app)
        weights[1].focus()
        await pilot.press("ctrl+u", "3", "5")  # b: 35 -> 100
        await pilot.pause()
        assert not total.has_class("-bad")
        assert "a 55 + b 35 + control 10 = 100 ✓" in screen_text(app)
        touchpoint = find_touchpoint(plan_screen(app).document, "launch-email")
        assert [v.weight for v in touchpoint.variants] == [55, 35]
        await settle(pilot)
        report = plan_screen(app).report
        assert report is not None
        assert not [d for d in report.diagnostics if d.code == "XC301"]


async def test_a_bad_weight_is_refused_with_a_message(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        weights = pane.editor.weight_inputs()
        weights[0].focus()
        await pilot.press("ctrl+u")
        await pilot.pause()
        before = plan_screen(app).document.plan
        await pilot.press("x")
        await pilot.pause()
        assert "a: `x` is not a number" in screen_text(app)
        assert plan_screen(app).document.plan is before


async def test_edit_save_and_reload_the_same_plan(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 1, "subject")
        await pilot.press("end", *" today")
        await preview_ready(pilot)
        document = plan_screen(app).document
        assert document.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        answer = app.screen
        if isinstance(answer, QuestionDialog):  # the example has YAML comments
            await pilot.click("#choice-save")
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not document.dirty
        saved = document.plan
        assert pane.editor.v_index == 1
    reloaded = Document.open(retail_copy)
    assert isinstance(reloaded, Document)
    assert reloaded.plan == saved
    assert dump_plan(reloaded.plan) == retail_copy.read_text(encoding="utf-8")
    variant = find_touchpoint(reloaded, "launch-email").variants[1]
    assert variant.subject is not None and variant.subject.endswith(" today")


async def test_enter_on_an_empty_journey_cell_adds_a_touchpoint(tmp_path: Path) -> None:
    path = _sms_plan(tmp_path, "x", "y")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        screen.tabs.active = "tab-journey"
        await pilot.pause()
        grid = screen.query_one(JourneyGrid)
        grid.focus()
        grid.move_cursor(row=0, column=0)  # email in awareness: planned, no touchpoint
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntityForm)
        name = app.screen.query_one("#field-name", Input)
        assert name.value == "Awareness email"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert screen.tabs.active == "tab-messages"
        touchpoint = find_touchpoint(screen.document, "awareness-email")
        assert touchpoint.personas == ["nadia"] and touchpoint.channel == "email"
        assert messages(app).editor.touchpoint_id == "awareness-email"
        # The email needs a subject and a body: the preview says so, the editor shows them.
        await preview_ready(pilot)
        await settle(pilot)
        codes = {d.code for d in screen.report.diagnostics} if screen.report else set()
        assert "XC501" in codes
        editor = messages(app).editor
        assert editor.query_one("#vrow-subject").display
        assert not editor.query_one("#vrow-title").display


async def test_enter_on_a_filled_cell_opens_its_touchpoint(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        screen.tabs.active = "tab-journey"
        await pilot.pause()
        grid = screen.query_one(JourneyGrid)
        grid.focus()
        plan = screen.document.plan
        first = plan.touchpoints[0]
        row = [c.id for c in plan.channels].index(first.channel)
        column = [s.id for s in plan.journey()].index(first.stage)
        grid.move_cursor(row=row, column=column)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.tabs.active == "tab-messages"
        assert messages(app).editor.touchpoint_id == first.id


async def test_variants_are_added_renamed_and_removed(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        document = plan_screen(app).document
        pane.query_one("#messages-tree").focus()
        await pilot.press("v")
        await pilot.pause()
        touchpoint = find_touchpoint(document, "launch-email")
        assert [v.id for v in touchpoint.variants] == ["a", "b", "c"]
        assert touchpoint.variants[2].subject == touchpoint.variants[0].subject
        assert touchpoint.variants[2].weight == 0
        assert pane.editor.v_index == 2
        # Rename it in its Id field.
        variant_id = pane.editor.query_one("#v-id", Input)
        variant_id.focus()
        await pilot.press("ctrl+u", *"short")
        await pilot.pause()
        touchpoint = find_touchpoint(document, "launch-email")
        assert [v.id for v in touchpoint.variants] == ["a", "b", "short"]
        # A taken id is refused with a message.
        await pilot.press("ctrl+u", "a")
        await pilot.pause()
        error = pane.editor.query_one("#verror-id", Static)
        assert "ids must be unique" in str(error.content)
        assert error.has_class("-shown")
        assert [v.id for v in find_touchpoint(document, "launch-email").variants] == [
            "a",
            "b",
            "short",
        ]
        await pilot.press("ctrl+u", *"short")
        pane.query_one("#messages-tree").focus()
        await pilot.press("V")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await pilot.pause()
        assert [v.id for v in find_touchpoint(document, "launch-email").variants] == ["a", "b"]


async def test_touchpoint_settings_and_delete(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        document = plan_screen(app).document
        pane.query_one("#messages-tree").focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntityForm)
        app.screen.query_one("#field-delay", Input).focus()
        await pilot.press("ctrl+u", *"2d")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert find_touchpoint(document, "launch-email").delay == "2d"
        pane.query_one("#messages-tree").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await pilot.pause()
        assert "launch-email" not in [t.id for t in document.plan.touchpoints]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "launch-email" in [t.id for t in document.plan.touchpoints]


async def test_a_problem_on_a_variant_jumps_to_its_field(retail_copy: Path) -> None:
    text = retail_copy.read_text(encoding="utf-8").replace("{{ first_name }}", "{{ first_nam }}", 1)
    retail_copy.write_text(text, encoding="utf-8")
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        report = screen.report
        assert report is not None
        found = next(d for d in report.diagnostics if d.code == "XC402")
        screen.jump(found)
        await pilot.pause()
        await pilot.pause()
        assert screen.tabs.active == "tab-messages"
        loc = found.loc
        touchpoint = screen.document.plan.touchpoints[int(loc[1])]
        pane = messages(app)
        assert pane.editor.touchpoint_id == touchpoint.id
        assert pane.editor.v_index == loc[3]
        focused = app.focused
        assert focused is not None and focused.id == f"v-{loc[4]}"


async def test_the_arabic_example_previews_right_to_left(tmp_path: Path) -> None:
    source = EXAMPLES / "hamla-ar.yaml"
    path = tmp_path / source.name
    path.write_bytes(source.read_bytes())
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "eid-sms", 0, "body")
        await preview_ready(pilot)
        assert pane.preview.shown is not None
        assert pane.preview.shown.persona.id == pane.preview.persona_id
        sms = _body(pane).sms
        assert sms is not None and sms.encoding == "UCS-2"
        assert "UCS-2 ·" in screen_text(app)
        assert not notifications(app)


async def test_editing_the_brand_voice_removes_a_finding(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "launch-email", 0, "subject")
        await pilot.press("end", *" so cheap")
        await preview_ready(pilot)
        assert "XC601" in [d.code for d in pane.preview.diagnostics]
        await settle(pilot)
        screen = plan_screen(app)
        assert screen.report is not None
        assert any(d.code == "XC601" for d in screen.report.diagnostics)
        # On the Brand voice tab, "cheap" is taken off the banned terms and the file saved.
        screen.tabs.active = "tab-brand"
        await pilot.pause()
        banned = screen.query_one("#brand-banned", TextArea)
        assert banned.text.splitlines() == ["cheap", "click here"]
        banned.focus()
        banned.load_text("click here")
        await pilot.pause()
        assert screen.brand.dirty
        assert "Brand voice ●" in screen_text(app)
        await pilot.press("ctrl+b")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert not screen.brand.dirty
        assert "cheap" not in (retail_copy.parent / "xcplan.toml").read_text(encoding="utf-8")
        assert screen.report is not None
        assert not any(d.code == "XC601" for d in screen.report.diagnostics)
        assert screen.document.dirty  # the plan itself was not saved by ctrl+b
        screen.tabs.active = "tab-messages"
        await preview_ready(pilot)
        assert "XC601" not in [d.code for d in pane.preview.diagnostics]


async def test_an_empty_plan_says_what_to_do_first(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text(
        "xcplan: 1\ncampaign:\n  id: x\n  name: X\n  objective: Y\npersonas: []\n"
        "channels:\n  - id: email\n    kind: email\n",
        encoding="utf-8",
    )
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await messages_tab(pilot)
        screen = plan_screen(app)
        pane.query_one("#messages-tree").focus()
        await pilot.press("a", "e", "v", "V", "delete", "p", "[", "]", "enter")
        await pilot.pause()
        assert "Add a persona and a channel first." in notifications(app)
        assert "Choose a touchpoint first." in notifications(app)
        assert "Choose a touchpoint on the left" in screen_text(app)
        assert not screen.document.dirty


async def test_a_jump_lands_on_its_touchpoint_when_the_tree_is_filled_again_meanwhile(
    monkeypatch: Any,
) -> None:
    """A jump to a touchpoint in closed rows puts the cursor on it once the tree has laid out
    the rows it opened; a report that fills the tree again before then (new marks) must not
    lose it: Enter then opened nothing, and the next keys went to the tree."""
    from xcplan.lint.diagnostics import Severity
    from xcplan.tui.widgets import touchpoint_tree

    monkeypatch.setattr(touchpoint_tree, "EXPAND_ALL_BELOW", 0)  # rows closed, as in a big plan
    app = app_for(RETAIL)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await messages_tab(pilot)
        plan = plan_screen(app).document.plan
        index, target = len(plan.touchpoints) - 1, plan.touchpoints[-1]
        tree = pane.touchpoint_tree
        assert pane.choose_touchpoint(target.id)
        tree.show(plan, {index: Severity.ERROR})  # before the tree lays out its rows
        await pilot.pause()
        await pilot.pause()
        node = tree.cursor_node
        assert node is not None and node.data is not None
        assert node.data.touchpoint == target.id, node.data
        assert app.focused is tree
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is pane.editor.query_one("#v-body"), app.focused
