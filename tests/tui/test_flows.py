"""Pilot tests of the planner's flows, driven with keys and clicks as a user would."""

from __future__ import annotations

import difflib
import random
from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, Static, TextArea

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
from xcplan.edit.entities import PERSONAS_FULL
from xcplan.io.canonical import dump_plan
from xcplan.lint.diagnostics import Severity
from xcplan.lint.library import load_persona
from xcplan.tui.app import PlannerApp
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.library import LibraryDialog
from xcplan.tui.dialogs.question import QuestionDialog
from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.screens.start import BrokenPlanScreen, FolderScreen, NewPlanScreen
from xcplan.tui.widgets.journey import JourneyGrid, JourneyPane
from xcplan.tui.widgets.messages import MessagesPane
from xcplan.tui.widgets.personas import PersonaCard, PersonasPane
from xcplan.tui.widgets.problems import ProblemsPane

ONE_PERSONA = """\
xcplan: 1
campaign:
  id: spring
  name: Spring sale
  objective: Sell the spring range
personas:
  - id: nadia
    name: Nadia, new app user
channels:
  - id: email
    kind: email
  - id: sms
    kind: sms
  - id: push
    kind: push
"""


async def _open_tab(app: PlannerApp, tab: str) -> PlanScreen:
    screen = plan_screen(app)
    screen.tabs.active = f"tab-{tab}"
    return screen


async def test_add_personas_up_to_four_then_refuse_the_fifth(tmp_path: Path) -> None:
    path = tmp_path / "spring.yaml"
    path.write_text(ONE_PERSONA)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "personas")
        await pilot.pause()
        for number, name in enumerate(["Bo, busy parent", "Cy, lapsed", "Di, loyal"], start=2):
            if number == 2:
                await pilot.click("#persona-add")  # the mouse for the first one
            else:
                await pilot.press("a")  # the keyboard for the others
            await pilot.pause()
            assert isinstance(app.screen, EntityForm)
            await pilot.press(*name)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert len(screen.document.plan.personas) == number
        assert [p.id for p in screen.document.plan.personas] == [
            "nadia",
            "bo-busy-parent",
            "cy-lapsed",
            "di-loyal",
        ]
        assert len(app.screen.query(PersonaCard)) == 4
        assert app.screen.query_one("#persona-add").disabled
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        assert PERSONAS_FULL in notifications(app)
        assert "4 of 4 personas" in screen_text(app)


async def test_a_persona_form_refuses_invalid_values(tmp_path: Path) -> None:
    path = tmp_path / "spring.yaml"
    path.write_text(ONE_PERSONA)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_tab(app, "personas")
        await pilot.pause()
        await pilot.click("#persona-add")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm)
        await pilot.press(*"Ola")
        form.query_one("#field-size", Input).value = "lots"
        form.query_one("#field-id", Input).value = "nadia"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        text = screen_text(app)
        assert "there is already a persona `nadia`" in text
        assert "`size` must be a whole number" in text
        form.query_one("#field-size", Input).value = "12 000"
        form.query_one("#field-id", Input).value = "ola"
        await pilot.press("ctrl+s")
        await settle(pilot)
        persona = plan_screen(app).document.plan.personas[-1]
        assert (persona.id, persona.size) == ("ola", 12000)


async def test_import_from_the_library(tmp_path: Path) -> None:
    path = tmp_path / "spring.yaml"
    path.write_text(ONE_PERSONA)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "personas")
        await pilot.pause()
        app.screen.query_one(PersonaCard).focus()
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LibraryDialog)
        options = dialog.query_one("#library-list", OptionList)
        chosen = options.get_option_at_index(options.highlighted or 0).id
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        added = screen.document.plan.personas[-1]
        assert added == load_persona(chosen).persona
        assert f"Added {added.name} from the library." in notifications(app)
        # The persona is in the plan now: the library shows it and refuses it.
        await pilot.press("l")
        await pilot.pause()
        options = app.screen.query_one("#library-list", OptionList)
        disabled = [
            options.get_option_at_index(i).id
            for i in range(options.option_count)
            if options.get_option_at_index(i).disabled
        ]
        assert disabled == [chosen]
        await pilot.press("escape")


async def test_toggle_cells_save_and_reload(retail_copy: Path) -> None:
    before = retail_copy.read_text()
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        grid = app.screen.query_one(JourneyGrid)
        grid.focus()
        # Dana, deal seeker: plan email in loyalty (row 0, column 5) and sms in win-back.
        await pilot.press("right", "right", "right", "right", "right", "space")
        await pilot.press("down", "right", "space")
        await settle(pilot)
        planned = screen.document.plan.map["deal-seeker"]
        assert planned["loyalty"] == ["email"] and planned["winback"] == ["sms"]
        assert "● unsaved" in screen_text(app)
        # The empty planned cells are marked, and the summary counts them.
        assert "2 planned cells without a touchpoint" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not screen.document.dirty
        assert "● unsaved" not in screen_text(app)
    after = retail_copy.read_text()
    diff = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert diff == ["+    loyalty: [email]", "+    winback: [sms]"]
    reopened = Document.open(retail_copy)
    assert isinstance(reopened, Document)
    assert reopened.plan == screen.document.plan
    assert after == dump_plan(reopened.plan)


async def test_clicking_a_cell_toggles_it(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        grid = app.screen.query_one(JourneyGrid)
        # A cell of the first row (below the header), in the last column.
        await pilot.click(JourneyGrid, offset=(grid.region.width - 10, 1))
        await settle(pilot)
        assert screen.document.dirty
        assert grid.cursor_row == 0


async def test_undo_and_redo_cover_every_edit(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        original = screen.document.plan
        # A campaign field, typed.
        name = app.screen.query_one("#campaign-name", Input)
        name.focus()
        await pilot.press("end", *" 2026")
        await settle(pilot)
        assert screen.document.plan.campaign.name == "Acme app launch 2026"
        # A cell of the journey.
        await _open_tab(app, "journey")
        await pilot.pause()
        app.screen.query_one(JourneyGrid).focus()
        await pilot.press("space")
        # A persona deleted.
        await _open_tab(app, "personas")
        await pilot.pause()
        app.screen.query_one(PersonaCard).focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await settle(pilot)
        assert len(screen.document.plan.personas) == 3
        await pilot.press("ctrl+z", "ctrl+z", "ctrl+z")
        await settle(pilot)
        assert screen.document.plan is original
        assert not screen.document.dirty
        assert app.screen.query_one("#campaign-name", Input).value == "Acme app launch"
        assert len(app.screen.query(PersonaCard)) == 4
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+y")
        await settle(pilot)
        assert len(screen.document.plan.personas) == 3
        assert screen.document.plan.campaign.name == "Acme app launch 2026"
        assert "Redone: Delete persona Dana, deal seeker" in notifications(app)


async def test_campaign_fields_are_checked_as_typed(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        field = app.screen.query_one("#campaign-id", Input)
        field.focus()
        await pilot.press("end", *" X")
        await pilot.pause()
        assert "is not a valid id" in screen_text(app)
        assert screen.document.plan.campaign.id == "acme-app-launch"
        await pilot.press("backspace", "backspace", *"-x")
        await settle(pilot)
        assert screen.document.plan.campaign.id == "acme-app-launch-x"
        assert "is not a valid id" not in screen_text(app)
        end = app.screen.query_one("#campaign-end", Input)
        end.value = "2026-02-01"
        await settle(pilot)
        assert "XC104" in "".join(d.code for d in screen.report.diagnostics)  # type: ignore[union-attr]


async def test_quit_with_unsaved_changes_asks(retail_copy: Path) -> None:
    before = retail_copy.read_text()
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        app.screen.query_one(JourneyGrid).focus()
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        assert "Save the changes to retail-app-launch.yaml?" in screen_text(app)
        await pilot.press("escape")  # cancel
        await pilot.pause()
        assert app.is_running and app.screen is screen
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert not app.is_running
    assert retail_copy.read_text() == before

    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        app.screen.query_one(JourneyGrid).focus()
        await pilot.press("space", "ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-save")
        await settle(pilot)
    assert not app.is_running
    assert retail_copy.read_text() == dump_plan(screen.document.plan) != before


async def test_quit_without_changes_does_not_ask(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_a_file_changed_on_disk_is_not_overwritten_without_asking(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        app.screen.query_one(JourneyGrid).focus()
        await pilot.press("space")
        theirs = retail_copy.read_text().replace("Acme app launch", "Acme app launch (pulled)")
        retail_copy.write_text(theirs)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        assert "changed on disk since you opened it" in screen_text(app)
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert retail_copy.read_text() == theirs
        assert screen.document.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#choice-overwrite")
        await settle(pilot)
        assert retail_copy.read_text() == dump_plan(screen.document.plan)
        assert not screen.document.dirty


async def test_comments_are_dropped_only_after_asking(retail_copy: Path) -> None:
    retail_copy.write_text("# Reviewed by legal in March\n" + retail_copy.read_text())
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        assert "Comments on line 1 will be dropped" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert retail_copy.read_text().startswith("# Reviewed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#choice-save")
        await settle(pilot)
    assert retail_copy.read_text() == RETAIL.read_text()


async def test_a_plan_that_does_not_load_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        ONE_PERSONA.replace("kind: sms", "kind: smss").replace(
            "xcplan: 1\n", "xcplan: 1\nxcplan: 1\n"
        )
    )
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrokenPlanScreen)
        text = screen_text(app)
        assert "does not load" in text and "read-only" in text
        table = app.screen.query_one("#problems-table", DataTable)
        assert table.row_count >= 1
        await pilot.press("ctrl+s", "ctrl+z", "enter", "space", "a")
        await pilot.pause()
        assert isinstance(app.screen, BrokenPlanScreen)
        assert path.read_text().count("xcplan: 1") == 2
        path.write_text(ONE_PERSONA)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)


async def test_a_missing_path_starts_a_new_plan_from_a_template(tmp_path: Path) -> None:
    path = tmp_path / "welcome-series.yaml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NewPlanScreen)
        assert "Empty plan" in screen_text(app)
        options = app.screen.query_one("#starters", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("welcome")
        await pilot.press("enter")
        await settle(pilot)
        screen = plan_screen(app)
        assert screen.document.dirty and not path.exists()
        assert screen.document.plan.campaign.name == "Welcome series"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert path.read_text() == dump_plan(screen.document.plan)


async def test_a_missing_path_without_a_template_is_an_empty_plan(tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    app = app_for(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        screen = plan_screen(app)
        assert screen.document.plan.personas == []
        assert "✖1" in screen_text(app)  # XC203: no personas yet


async def test_a_folder_lists_its_plans(tmp_path: Path) -> None:
    (tmp_path / "spring.yaml").write_text(ONE_PERSONA)
    (tmp_path / "notes.yaml").write_text("title: not a plan\n")
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FolderScreen)
        options = app.screen.query_one("#plans", OptionList)
        names = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert names[0] == "spring.yaml" and "notes.yaml" not in names
        await pilot.press("enter")
        await settle(pilot)
        assert plan_screen(app).document.path == tmp_path / "spring.yaml"


async def test_new_plan_from_a_folder(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"autumn", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NewPlanScreen)
        assert app.screen.path == tmp_path / "autumn.yaml"


async def test_enter_on_a_problem_goes_to_its_place(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        grid = app.screen.query_one(JourneyGrid)
        grid.focus()
        await pilot.press("space")  # email in awareness: touchpoints left outside the map
        await settle(pilot)
        await _open_tab(app, "problems")
        await pilot.pause()
        table = app.screen.query_one("#problems-table", DataTable)
        table.focus()
        assert "✖1" in str(screen.tabs.get_tab("tab-problems").label)
        await pilot.press("enter")  # errors come first
        await pilot.pause()
        assert screen.tabs.active == "tab-journey"
        assert app.focused is grid
        assert (grid.cursor_row, grid.cursor_column) == (0, 0)
        assert "Touchpoint `launch-email` fills this cell." in notifications(app)


async def test_problems_filter_by_severity(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _open_tab(app, "problems")
        await pilot.pause()
        table = app.screen.query_one("#problems-table", DataTable)
        assert table.row_count == 5
        table.focus()
        await pilot.press("3")
        await pilot.pause()
        assert table.row_count == 0
        assert not app.screen.query_one("#show-info", Checkbox).value
        assert "tick a filter" in screen_text(app)


async def test_journey_channels_and_stages(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        pane = app.screen.query_one(JourneyPane)
        grid = pane.query_one(JourneyGrid)
        grid.focus()
        # Add a channel: the form asks for the kind first and makes the id from it.
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm)
        form.query_one("#field-kind", Select).value = "whatsapp"
        await pilot.pause()
        assert form.query_one("#field-id", Input).value == "whatsapp"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.document.plan.channels[-1].id == "whatsapp"
        assert grid.cursor_row == len(screen.document.plan.channels) - 1
        # Move it up, then remove it (after the question).
        await pilot.press("shift+up")
        await settle(pilot)
        assert screen.document.plan.channels[-2].id == "whatsapp"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, QuestionDialog)
        await pilot.click("#choice-yes")
        await settle(pilot)
        assert "whatsapp" not in [c.id for c in screen.document.plan.channels]
        # Stages: the menu, then moving the first stage later.
        grid.move_cursor(row=0, column=0)
        await pilot.press("m")
        await pilot.pause()
        assert "Move stage awareness later" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("shift+right")
        await settle(pilot)
        assert [s.id for s in screen.document.plan.journey()][:2] == ["consideration", "awareness"]
        # Next persona.
        await pilot.press("]")
        await pilot.pause()
        assert pane.persona_id == "loyal-regular"


@pytest.mark.parametrize(("seed", "size"), [(2, (48, 14)), (5, (120, 40)), (11, (80, 24))])
async def test_random_keys_raise_nothing(
    retail_copy: Path, seed: int, size: tuple[int, int]
) -> None:
    """Random keys, anywhere, at any size: dialogs open and close, and nothing raises."""
    keys = ["a", "e", "d", "x", "X", "E", "m", "l", "s", "1", "2", "3", "]", "[", "enter",
            "space", "shift+up", "shift+left", "shift+right", "shift+down", "delete",
            "ctrl+z", "ctrl+y", "f1", "tab", "shift+tab", "up", "down", "left", "right",
            "escape", "ctrl+s", "b", "backspace", "home", "end", "pagedown", "v", "V", "p",
            "ctrl+b", "ctrl+e", "ctrl+r", "question_mark", "0", "5"]  # fmt: skip
    tabs = [
        "tab-campaign", "tab-personas", "tab-journey", "tab-messages", "tab-brand", "tab-problems"
    ]  # fmt: skip
    rng = random.Random(seed)
    app = app_for(retail_copy)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for step in range(100):
            if step % 25 == 0 and isinstance(app.screen, PlanScreen):
                plan_screen(app).tabs.active = rng.choice(tabs)
            await pilot.press(rng.choice(keys))
        await pilot.pause()
        assert app.is_running


async def test_keys_everywhere_raise_nothing(retail_copy: Path) -> None:
    """A storm of keys on every tab and in every dialog: the app must keep running."""
    app = app_for(retail_copy)
    keys = ["a", "e", "d", "x", "X", "E", "m", "l", "s", "1", "2", "3", "]", "[", "enter",
            "space", "shift+up", "shift+left", "shift+right", "shift+down", "delete",
            "ctrl+z", "ctrl+y", "f1"]  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for tab in ("campaign", "personas", "journey", "problems"):
            await _open_tab(app, tab)
            await pilot.pause()
            await pilot.press("tab")
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
                while not isinstance(app.screen, PlanScreen):
                    await pilot.press("escape")
                    await pilot.pause()
        await settle(pilot)
        assert app.is_running


def test_the_factory_makes_an_unstarted_app() -> None:
    app = app_for(EXAMPLES)
    assert isinstance(app, PlannerApp) and app.path == EXAMPLES and not app.is_running


async def test_quitting_twice_asks_once(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_tab(app, "journey")
        await pilot.pause()
        app.screen.query_one(JourneyGrid).focus()
        await pilot.press("space", "ctrl+q")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert sum(isinstance(s, QuestionDialog) for s in app.screen_stack) == 1
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)


async def test_kpis_and_variables(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        # Variables are YAML lines, checked as typed.
        variables = app.screen.query_one("#campaign-vars", TextArea)
        variables.text = "offer_code: [unclosed"
        await pilot.pause()
        message = str(app.screen.query_one("#campaign-vars-error", Static).content)
        assert message.startswith("line 2:") and "not closed" in message
        assert screen.document.plan.campaign.vars["offer_code"] == "APPFIRST15"
        variables.text = "offer_code: SPRING20\ndiscount: 20%"
        await settle(pilot)
        assert screen.document.plan.campaign.vars == {"offer_code": "SPRING20", "discount": "20%"}
        # Unknown variables in copy are now errors (XC402): the lint ran after the pause.
        assert screen.report is not None and screen.report.count(Severity.ERROR) > 0
        # A KPI, added with the form (its id made from the name) and deleted again.
        table = app.screen.query_one("#campaign-kpis", DataTable)
        table.focus()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, EntityForm)
        await pilot.press(*"Opt-out rate")
        app.screen.query_one("#field-target", Input).value = "0.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        kpi = screen.document.plan.campaign.kpis[-1]
        assert (kpi.id, kpi.name, kpi.target) == ("opt-out-rate", "Opt-out rate", 0.5)
        table.move_cursor(row=table.row_count - 1)
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#choice-yes")
        await settle(pilot)
        assert screen.document.plan.campaign.kpis[-1].id == "winback-rate"


async def test_rename_a_channel_and_add_a_stage(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        grid = app.screen.query_one(JourneyGrid)
        grid.focus()
        grid.move_cursor(row=1, column=0)  # sms
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntityForm)
        form.query_one("#field-id", Input).value = "text"
        form.query_one("#field-name", Input).value = "Texts"
        await pilot.press("ctrl+s")
        await settle(pilot)
        plan = screen.document.plan
        assert plan.channels[1].id == "text"
        assert plan.map["deal-seeker"]["purchase"] == ["push", "text"]
        assert all(t.channel != "sms" for t in plan.touchpoints)
        assert not [d for d in screen.report.diagnostics if d.code == "XC201"]  # type: ignore[union-attr]
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"Advocacy", "ctrl+s")
        await settle(pilot)
        assert screen.document.plan.journey()[-1].id == "advocacy"
        assert grid.cursor_column == len(screen.document.plan.journey()) - 1


async def test_enter_on_a_persona_problem_selects_the_persona(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_tab(app, "journey")
        await pilot.pause()
        pane = app.screen.query_one(JourneyPane)
        pane.choose_persona("store-browser")
        await pilot.pause()
        # Plan no in-store channel for Sam, who prefers in_store: XC208 on the persona.
        grid = pane.query_one(JourneyGrid)
        grid.focus()
        grid.move_cursor(row=7, column=0)  # store-signage in awareness
        await pilot.press("space")
        await settle(pilot)
        await _open_tab(app, "problems")
        await pilot.pause()
        table = app.screen.query_one("#problems-table", DataTable)
        table.focus()
        rows = [d.code for d in app.screen.query_one(ProblemsPane).shown]
        table.move_cursor(row=rows.index("XC208"))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.tabs.active == "tab-personas"
        assert app.screen.query_one(PersonasPane).selected == 3
        assert isinstance(app.focused, PersonaCard)


async def test_command_palette_has_the_planners_commands(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        titles = [command.title for command in app.get_system_commands(screen)]
        assert titles[:6] == ["Save", "Undo", "Redo", "Validate", "Export", "Go to Campaign"]
        for title in (
            "Add a persona",
            "Add a persona from the library",
            "Add a touchpoint",
            "Go to Messages",
            "Go to Brand voice",
            "Theme",
        ):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to journey")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.tabs.active == "tab-journey"


async def test_palette_jumps_to_a_touchpoint_by_name_and_validates(retail_copy: Path) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"wishlist")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert screen.tabs.active == "tab-messages"
        touchpoint = find_touchpoint(
            screen.document, screen.query_one(MessagesPane).editor.touchpoint_id or ""
        )
        assert "wishlist" in (touchpoint.name or "").lower()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"validate")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.tabs.active == "tab-problems"
        assert any(message.endswith("5 notes.") for message in notifications(app))
