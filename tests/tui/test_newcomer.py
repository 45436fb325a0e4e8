"""The newcomer's path through the planner, end to end, with keys, clicks and pasted copy.

A marketer opens a plan with two personas and three channels (adding personas has its own
tests), plans email and SMS for both on the journey grid, adds a touchpoint to each cell with
Enter, writes a three-variant experiment on each channel (the copy is pasted, as copy from a
brief is; typing is tested key by key elsewhere), fixes the finding the app shows, exports the
plan and saves a clean YAML file. No YAML is typed by hand.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, SelectionList, TextArea

from tests.conftest import EXAMPLES
from tests.tui.conftest import app_for, find_touchpoint, plan_screen, settle
from tests.tui.test_messages import messages, preview_ready
from xcplan.edit.document import Document
from xcplan.export import ExportFormat, export_plan
from xcplan.io.canonical import dump_plan
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes, lint_plan
from xcplan.tui.app import PlannerApp
from xcplan.tui.dialogs.export import ExportDialog
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.widgets.journey import JourneyGrid, JourneyPane

START = """\
xcplan: 1
campaign:
  id: autumn
  name: Autumn offer
  objective: Bring lapsed buyers back with the autumn range
  vars:
    code: AUTUMN10
personas:
  - id: ola
    name: Ola, lapsed buyer
    size: 900000
    profile:
      first_name: Ola
  - id: ben
    name: Ben, loyal member
    size: 900000
    profile:
      first_name: Ben
channels:
  - id: email
    kind: email
  - id: sms
    kind: sms
  - id: push
    kind: push
"""

BODIES = {
    "email": "Hi {{ first_name }}, the autumn range is here. Use {{ code }} for 10% off. "
    "Unsubscribe: {{ unsubscribe_url }}",
    "sms": "Acme: hi {{ first_name }}, the autumn range is in. Code {{ code }} gives 10% off. "
    "Reply STOP to opt out",
}


async def paste(pilot: Pilot[PlannerApp], text: str) -> None:
    """Paste ``text`` into the focused field, as a terminal sends a paste."""
    app = pilot.app
    assert app._driver is not None
    app._driver.send_message(events.Paste(text))
    await pilot.pause()


async def test_a_three_variant_experiment_for_two_personas(tmp_path: Path) -> None:
    (tmp_path / "xcplan.toml").write_bytes((EXAMPLES / "xcplan.toml").read_bytes())
    path = tmp_path / "autumn.yaml"
    path.write_text(START, encoding="utf-8")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        document = screen.document
        # Plan email, SMS and push in the purchase stage for both personas, on the grid.
        screen.tabs.active = "tab-journey"
        await pilot.pause()
        journey = screen.query_one(JourneyPane)
        grid = screen.query_one(JourneyGrid)
        for persona in ("ola", "ben"):
            journey.choose_persona(persona)
            grid.focus()
            for row in range(3):
                grid.move_cursor(row=row, column=2)  # purchase
                await pilot.press("space")
        await settle(pilot)
        assert document.plan.map["ola"]["purchase"] == ["email", "sms", "push"]
        # Enter on a planned, empty cell adds a touchpoint there; both personas get it.
        for row, channel in ((0, "email"), (1, "sms")):
            screen.tabs.active = "tab-journey"
            await pilot.pause()
            grid.focus()
            grid.move_cursor(row=row, column=2)
            await pilot.press("enter")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, EntityForm)
            personas = form.query_one("#field-personas", SelectionList)
            personas.select("ola")  # the cell is Ben's (the grid shows him): Ola too
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.pause()
            touchpoint_id = f"purchase-{channel}"
            assert find_touchpoint(document, touchpoint_id).personas == ["ben", "ola"]
            pane = messages(app)
            assert pane.editor.touchpoint_id == touchpoint_id
            # Write the copy of variant a.
            if channel == "email":
                subject = pane.editor.query_one("#v-subject", Input)
                subject.focus()
                await paste(pilot, "{{ first_name }}, the autumn range is here")
            body = pane.editor.query_one("#v-body", TextArea)
            body.focus()
            await paste(pilot, BODIES[channel])
            await preview_ready(pilot)
            assert not [d for d in pane.preview.diagnostics if d.severity is Severity.ERROR]
            # Two more variants, copies to change; then the split: 30 + 30 + 30 + control 10.
            pane.query_one("#messages-tree").focus()
            await pilot.press("v", "v")
            await pilot.pause()
            touchpoint = find_touchpoint(document, touchpoint_id)
            assert [v.id for v in touchpoint.variants] == ["a", "b", "c"]
            inputs = pane.editor.weight_inputs()
            for widget, value in zip(inputs, ("30", "30", "30", "10"), strict=True):
                widget.focus()
                await pilot.press("ctrl+u", *value)
            await pilot.pause()
            assert not pane.editor.query_one("#split-total").has_class("-bad")
            # Variant b tries a banned word: the preview says so at once; the writer fixes it.
            pane.query_one("#messages-tree").focus()
            await pilot.press("[")  # from c, the variant just added, back to b
            await pilot.pause()
            assert pane.editor.v_index == 1
            body.focus()
            await pilot.press("ctrl+end" if channel == "email" else "end", *" Cheap!")
            await preview_ready(pilot)
            assert "XC601" in [d.code for d in pane.preview.diagnostics]
            for _ in " Cheap!":
                await pilot.press("backspace")
            await preview_ready(pilot)
            assert "XC601" not in [d.code for d in pane.preview.diagnostics]
        # Export: no errors, so the dialog writes the brief.
        await settle(pilot)
        assert screen.report is not None
        errors = [d for d in screen.report.diagnostics if d.severity is Severity.ERROR]
        assert errors == []
        messages(app).query_one("#messages-tree").focus()  # in a text, ctrl+e goes to the end
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not dialog.query_one("#export-errors", OptionList).option_count
        await pilot.click("#export-write")
        await pilot.pause()
        exported = tmp_path / "autumn.export.yaml"
        assert exported.is_file()
        # Save: a canonical plan that loads back the same, and validates clean of errors.
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not document.dirty
        saved = document.plan
    text = path.read_text(encoding="utf-8")
    assert dump_plan(saved) == text
    reloaded = Document.open(path)
    assert isinstance(reloaded, Document) and reloaded.plan == saved
    result = check_bytes(text.encode(), str(path), document.config)
    assert [d for d in result.diagnostics if d.severity is Severity.ERROR] == []
    # The export is what `xcplan export` writes for the saved plan.
    diagnostics = lint_plan(saved, document.config)
    expected = export_plan(LintContext(saved, document.config), diagnostics, ExportFormat.YAML, "")
    assert "purchase-email" in exported.read_text(encoding="utf-8")
    assert expected.count("variants") == exported.read_text(encoding="utf-8").count("variants")
