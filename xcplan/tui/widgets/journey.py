"""The Journey tab: for one persona, stages as columns and channels as rows.

Space or a click plans a cell or clears it; Enter opens the cell's touchpoints on the Messages
tab (and offers to add one to an empty cell). Each cell shows how many touchpoints fill it
and marks the ones with errors or warnings and the planned ones no touchpoint fills yet. Below
the grid a line sums up how many channels reach the persona. Channels and stages are added,
edited (renamed), moved and removed here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import Button, DataTable, Select, Static

from xcplan.edit.change import Edit
from xcplan.edit.document import Document
from xcplan.edit.entities import EditError, FieldErrors, check_entity, taken_id
from xcplan.edit.forms import CHANNEL_FIELDS, STAGE_FIELDS, id_from_name, unique_id
from xcplan.edit.impact import Impact
from xcplan.edit.journey import (
    Cell,
    add_channel,
    add_stage,
    cell_counts,
    is_planned,
    move_channel,
    move_stage,
    remove_channel,
    remove_stage,
    toggle_cell,
    update_channel,
    update_stage,
)
from xcplan.edit.report import LintReport
from xcplan.lint.diagnostics import Severity
from xcplan.model.method import MIN_CHANNEL_KINDS
from xcplan.model.plan import Channel, Plan, Stage
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.menu import MenuDialog
from xcplan.tui.dialogs.question import confirm
from xcplan.tui.messages import EditPlan
from xcplan.tui.plain import plain
from xcplan.tui.widgets.fields import Picker

LEGEND: Final = "● n touchpoints  ◌ planned, none yet  ✖ error  ▲ warning  · not planned"
_LABEL_MAX: Final = 16


@dataclass(frozen=True, slots=True)
class _CellStyles:
    error: str
    warning: str
    success: str


def _cell(styles: _CellStyles, planned: bool, count: int, mark: Severity | None) -> Text:
    """Return a cell: planned or not, how many touchpoints fill it, its worst problem."""
    if not planned:
        if count:
            return Text(f"✖ {count}", style=f"bold {styles.error}", justify="center")
        return Text("·", style="dim", justify="center")
    if count == 0:
        return Text("◌ 0", style=styles.warning, justify="center")
    if mark is Severity.ERROR:
        return Text(f"● {count} ✖", style=f"bold {styles.error}", justify="center")
    if mark is Severity.WARNING:
        return Text(f"● {count} ▲", style=styles.warning, justify="center")
    return Text(f"● {count}", style=styles.success, justify="center")


def _clip(text: str, width: int, style: str = "") -> Text:
    """Return a name as a grid label at most ``width`` cells wide."""
    label = plain(text, style)
    label.truncate(max(1, width), overflow="ellipsis")
    return label


class JourneyGrid(DataTable[Text]):
    """The matrix of one persona: a cell cursor, and a click or Space toggles a cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "toggle_cell",
            "Toggle",
            key_display="␣",
            id="journey.toggle",
            tooltip="Plan the channel in this stage for the persona, or clear it",
        ),
    ]

    class Toggle(Message):
        """The user toggled the cell at ``coordinate``."""

        def __init__(self, coordinate: Coordinate) -> None:
            super().__init__()
            self.coordinate = coordinate

    def action_toggle_cell(self) -> None:
        """Toggle the cell under the cursor."""
        if self.row_count and self.columns:
            self.post_message(self.Toggle(self.cursor_coordinate))

    class Open(Message):
        """The user asked to write the messages of the cell at ``coordinate`` (Enter)."""

        def __init__(self, coordinate: Coordinate) -> None:
            super().__init__()
            self.coordinate = coordinate

    def action_select_cursor(self) -> None:
        """Enter opens the cell's touchpoints on the Messages tab (adds one to an empty cell)."""
        if self.row_count and self.columns:
            self.post_message(self.Open(self.cursor_coordinate))

    def on_click(self, event: events.Click) -> None:
        """A click on a cell moves the cursor there and toggles it; labels are the table's."""
        meta = event.style.meta
        row, column = meta.get("row"), meta.get("column")
        if not isinstance(row, int) or not isinstance(column, int) or row < 0 or column < 0:
            return
        if meta.get("out_of_bounds", False):
            return
        event.prevent_default()
        event.stop()
        self.cursor_coordinate = Coordinate(row, column)
        self.post_message(self.Toggle(Coordinate(row, column)))


class JourneyPane(Vertical):
    """The journey matrix of the chosen persona, and the channel and stage actions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_channel", "+Channel", id="journey.add_channel", tooltip="Add a channel"),
        Binding("s", "add_stage", "+Stage", id="journey.add_stage", tooltip="Add a stage"),
        Binding(
            "m",
            "menu",
            "More",
            id="journey.menu",
            tooltip="Edit, move or remove the channel or stage under the cursor",
        ),
        Binding(
            "]",
            "persona(1)",
            "Next persona",
            show=False,
            id="journey.next_persona",
            tooltip="Show the next persona's journey",
        ),
        Binding(
            "[",
            "persona(-1)",
            "Previous persona",
            show=False,
            id="journey.previous_persona",
            tooltip="Show the previous persona's journey",
        ),
        Binding(
            "e",
            "edit_channel",
            "Edit channel",
            show=False,
            id="journey.edit_channel",
            tooltip="Rename the channel under the cursor, change its kind or owner",
        ),
        Binding(
            "E",
            "edit_stage",
            "Edit stage",
            show=False,
            id="journey.edit_stage",
            tooltip="Rename the stage under the cursor, set its goal",
        ),
        Binding(
            "shift+up",
            "move_channel(-1)",
            "Channel up",
            show=False,
            id="journey.channel_up",
            tooltip="Move the channel under the cursor up",
        ),
        Binding(
            "shift+down",
            "move_channel(1)",
            "Channel down",
            show=False,
            id="journey.channel_down",
            tooltip="Move the channel under the cursor down",
        ),
        Binding(
            "shift+left",
            "move_stage(-1)",
            "Stage earlier",
            show=False,
            id="journey.stage_earlier",
            tooltip="Move the stage under the cursor earlier in the journey",
        ),
        Binding(
            "shift+right",
            "move_stage(1)",
            "Stage later",
            show=False,
            id="journey.stage_later",
            tooltip="Move the stage under the cursor later in the journey",
        ),
        Binding(
            "x",
            "remove_channel",
            "Remove channel",
            show=False,
            id="journey.remove_channel",
            tooltip="Remove the channel under the cursor (asks first)",
        ),
        Binding(
            "X",
            "remove_stage",
            "Remove stage",
            show=False,
            id="journey.remove_stage",
            tooltip="Remove the stage under the cursor (asks first)",
        ),
    ]

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.persona_id: str | None = None
        self.report: LintReport | None = None
        self._width = 0
        self._options: list[tuple[str, str]] = []
        self._pending_focus: tuple[str | None, str | None] | None = None

    def compose(self) -> ComposeResult:
        """Build the persona picker, the grid, the summary, the legend and the toolbar."""
        with Horizontal(id="journey-top"):
            yield Static("Persona", classes="field-label")
            yield Picker[str](
                [], id="journey-persona", compact=True, prompt="No personas yet", allow_blank=True
            )
        yield JourneyGrid(id="journey-grid", cursor_type="cell", zebra_stripes=False)
        yield Static("", id="journey-summary")
        yield Static(LEGEND, id="journey-legend")
        with Horizontal(classes="toolbar"):
            yield Button("Add channel", id="journey-add-channel", compact=True)
            yield Button("Add stage", id="journey-add-stage", compact=True)
            yield Button("Channel…", id="journey-channel-menu", compact=True)
            yield Button("Stage…", id="journey-stage-menu", compact=True)

    def on_mount(self) -> None:
        """Show the first persona's matrix."""
        self.show(self.document.plan)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns to the new width."""
        if event.size.width != self._width:
            self._width = event.size.width
            self._fill(self.document.plan)

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan, report: LintReport | None = None) -> None:
        """Show the matrix of the chosen persona in ``plan``, with the marks of ``report``."""
        if report is not None:
            self.report = report
        personas = plan.personas
        ids = [persona.id for persona in personas]
        if self.persona_id not in ids:
            self.persona_id = ids[0] if ids else None
        picker = self.query_one("#journey-persona", Select)
        options = [(persona.name, persona.id) for persona in personas]
        if options != self._options:
            self._options = options
            with picker.prevent(Select.Changed):
                picker.set_options([(plain(name), value) for name, value in options])
        if self.persona_id is not None and picker.value != self.persona_id:
            with picker.prevent(Select.Changed):
                picker.value = self.persona_id
        self._fill(plan)

    def show_report(self, report: LintReport) -> None:
        """Mark the cells with the problems of ``report``."""
        self.report = report
        self._fill(self.document.plan)

    def _column_width(self, stages: int, label: int) -> int:
        width = self.size.width or (self.app.size.width - 2)
        return max(5, min(14, (width - label - 4) // max(1, stages) - 2))

    def _fill(self, plan: Plan) -> None:
        grid = self.query_one(JourneyGrid)
        coordinate = grid.cursor_coordinate
        journey = plan.journey()
        channels = plan.channels
        labels = [_clip(channel.name or channel.id, _LABEL_MAX) for channel in channels]
        label_width = max((label.cell_len for label in labels), default=4)
        width = self._column_width(len(journey), label_width)
        grid.clear(columns=True)
        for stage in journey:
            grid.add_column(_clip(stage.name, width, "bold"), width=width, key=stage.id)
        counts = cell_counts(plan)
        marks = self.report.cells if self.report is not None else {}
        persona_id = self.persona_id
        colours = self.app.get_css_variables()
        styles = _CellStyles(
            colours.get("error", "red"),
            colours.get("warning", "yellow"),
            colours.get("success", "green"),
        )
        for channel, label in zip(channels, labels, strict=True):
            cells = []
            for stage in journey:
                cell: Cell = (persona_id or "", stage.id, channel.id)
                planned = persona_id is not None and is_planned(plan, *cell)
                cells.append(_cell(styles, planned, counts.get(cell, 0), marks.get(cell)))
            grid.add_row(*cells, key=channel.id, label=label)
        if grid.row_count and journey:
            grid.move_cursor(
                row=min(coordinate.row, grid.row_count - 1),
                column=min(coordinate.column, len(journey) - 1),
                animate=False,
            )
        self._summarise(plan)
        if self._pending_focus is not None:
            stage_id, channel_id = self._pending_focus
            self._pending_focus = None
            self.focus_cell(stage_id, channel_id)

    def _focus_after_change(self, stage_id: str | None, channel_id: str | None) -> None:
        self._pending_focus = (stage_id, channel_id)

    def _refused(self, title: str) -> Callable[[EditError], object]:
        def refused(error: EditError) -> None:
            self.notify(error.message, title=title, severity="error", markup=False)

        return refused

    def _summarise(self, plan: Plan) -> None:
        summary = self.query_one("#journey-summary", Static)
        persona = next((p for p in plan.personas if p.id == self.persona_id), None)
        if persona is None:
            summary.update(
                Text("Add a persona on the Personas tab to plan its journey.", style="italic")
            )
            summary.set_class(True, "-warning")
            return
        row = plan.map.get(persona.id, {})
        kinds_by_id = {channel.id: channel.kind for channel in plan.channels}
        reached = {c for stage_cells in row.values() for c in stage_cells if c in kinds_by_id}
        kinds = {kinds_by_id[c] for c in reached}
        stage_ids = {stage.id for stage in plan.journey()}
        stages = sum(1 for stage_id, cells in row.items() if cells and stage_id in stage_ids)
        counts = cell_counts(plan)
        empty = sum(
            1
            for stage_id, cells in row.items()
            for c in cells
            if counts.get((persona.id, stage_id, c), 0) == 0
        )
        n, k = len(reached), len(kinds)
        text = Text.assemble(
            plain(persona.name, "bold"),
            f" is reached through {n} channel{'s' if n != 1 else ''} "
            f"({k} kind{'s' if k != 1 else ''}) in {stages} of {len(stage_ids)} stages",
        )
        if empty:
            text.append(f"; {empty} planned cell{'s' if empty != 1 else ''} without a touchpoint")
        text.append(".")
        warn = k < MIN_CHANNEL_KINDS
        if warn:
            text.append(
                f"\n▲ Fewer than {MIN_CHANNEL_KINDS} kinds of channel: teams using three or "
                "more channels report far higher retention (XC206).",
                style="bold",
            )
        summary.update(text)
        summary.set_class(warn, "-warning")

    def focus_cell(self, stage_id: str | None, channel_id: str | None) -> None:
        """Move the grid's cursor to a stage's column and a channel's row, and focus it."""
        plan = self.document.plan
        grid = self.query_one(JourneyGrid)
        row, column = grid.cursor_row, grid.cursor_column
        for index, channel in enumerate(plan.channels):
            if channel.id == channel_id:
                row = index
        for index, stage in enumerate(plan.journey()):
            if stage.id == stage_id:
                column = index
        grid.focus()
        if grid.row_count:
            grid.move_cursor(row=row, column=column, animate=False)

    def choose_persona(self, persona_id: str) -> None:
        """Show the matrix of ``persona_id``."""
        if persona_id != self.persona_id and any(
            p.id == persona_id for p in self.document.plan.personas
        ):
            self.persona_id = persona_id
            self.show(self.document.plan)

    # -- events ---------------------------------------------------------------------------

    @on(Select.Changed, "#journey-persona")
    def _persona_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.choose_persona(event.value)

    @on(JourneyGrid.Toggle)
    def _toggled(self, event: JourneyGrid.Toggle) -> None:
        event.stop()
        self.toggle(event.coordinate)

    def toggle(self, coordinate: Coordinate) -> None:
        """Plan or clear the cell at ``coordinate`` for the chosen persona."""
        plan = self.document.plan
        if self.persona_id is None:
            self.notify("Add a persona first (Personas tab).", severity="warning")
            return
        journey = plan.journey()
        if not (0 <= coordinate.row < len(plan.channels) and 0 <= coordinate.column < len(journey)):
            return
        channel = plan.channels[coordinate.row]
        stage = journey[coordinate.column]
        cell = (self.persona_id, stage.id, channel.id)

        def toggled(planned: bool) -> None:
            filled = cell_counts(self.document.plan).get(cell, 0)
            if not planned and filled:
                them = "them" if filled != 1 else "it"
                self.notify(
                    f"{filled} touchpoint{'s still fill' if filled != 1 else ' still fills'} "
                    f"this cell: plan it again, or move {them} (XC204).",
                    severity="warning",
                )

        self.post_message(EditPlan(lambda plan: toggle_cell(plan, *cell), done=toggled))

    class OpenCell(Message):
        """Show the touchpoints of ``cell`` on the Messages tab, or add one there."""

        def __init__(self, cell: Cell) -> None:
            super().__init__()
            self.cell = cell

    @on(JourneyGrid.Open)
    def _opened(self, event: JourneyGrid.Open) -> None:
        event.stop()
        plan = self.document.plan
        journey = plan.journey()
        row, column = event.coordinate.row, event.coordinate.column
        if self.persona_id is None:
            self.notify("Add a persona first (Personas tab).", severity="warning")
            return
        if not (0 <= row < len(plan.channels) and 0 <= column < len(journey)):
            return
        cell = (self.persona_id, journey[column].id, plan.channels[row].id)
        self.post_message(self.OpenCell(cell))

    @on(DataTable.HeaderSelected, "#journey-grid")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        grid = self.query_one(JourneyGrid)
        grid.move_cursor(column=event.column_index, animate=False)
        self._open_menu("stage")

    @on(DataTable.RowLabelSelected, "#journey-grid")
    def _label_clicked(self, event: DataTable.RowLabelSelected) -> None:
        event.stop()
        grid = self.query_one(JourneyGrid)
        grid.move_cursor(row=event.row_index, animate=False)
        self._open_menu("channel")

    @on(Button.Pressed, "#journey-add-channel")
    def _add_channel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_channel()

    @on(Button.Pressed, "#journey-add-stage")
    def _add_stage_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_stage()

    @on(Button.Pressed, "#journey-channel-menu")
    def _channel_menu_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._open_menu("channel")

    @on(Button.Pressed, "#journey-stage-menu")
    def _stage_menu_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._open_menu("stage")

    # -- actions --------------------------------------------------------------------------

    def _cursor_channel(self) -> str | None:
        channels = self.document.plan.channels
        row = self.query_one(JourneyGrid).cursor_row
        return channels[row].id if 0 <= row < len(channels) else None

    def _cursor_stage(self) -> str | None:
        journey = self.document.plan.journey()
        column = self.query_one(JourneyGrid).cursor_column
        return journey[column].id if 0 <= column < len(journey) else None

    def action_persona(self, delta: int) -> None:
        """Show the previous (-1) or next (+1) persona's matrix."""
        ids = [persona.id for persona in self.document.plan.personas]
        if not ids:
            return
        index = ids.index(self.persona_id) if self.persona_id in ids else 0
        self.choose_persona(ids[(index + delta) % len(ids)])

    def action_menu(self) -> None:
        """Open the menu of actions on the channel and stage under the cursor."""
        self._open_menu("both")

    def _open_menu(self, which: str) -> None:
        channel, stage = self._cursor_channel(), self._cursor_stage()
        actions: list[tuple[str, str]] = []
        if which in ("channel", "both") and channel is not None:
            actions += [
                ("edit_channel", f"Edit channel {channel} (rename, kind, owner)…   e"),
                ("move_channel(-1)", f"Move channel {channel} up   shift+↑"),
                ("move_channel(1)", f"Move channel {channel} down   shift+↓"),
                ("remove_channel", f"Remove channel {channel}…   x"),
                ("add_channel", "Add a channel…   a"),
            ]
        if which in ("stage", "both") and stage is not None:
            actions += [
                ("edit_stage", f"Edit stage {stage} (rename, goal)…   E"),
                ("move_stage(-1)", f"Move stage {stage} earlier   shift+←"),
                ("move_stage(1)", f"Move stage {stage} later   shift+→"),
                ("remove_stage", f"Remove stage {stage}…   X"),
                ("add_stage", "Add a stage…   s"),
            ]
        if not actions:
            actions = [("add_channel", "Add a channel…"), ("add_stage", "Add a stage…")]

        def chosen(action: str | None) -> None:
            if action is not None:
                self.call_after_refresh(self.run_action, action)

        title = {"channel": "Channel", "stage": "Stage"}.get(which, "Channel and stage")
        self.app.push_screen(MenuDialog(title, actions), chosen)

    def _channel_form(self, channel_id: str | None) -> None:
        plan = self.document.plan
        taken = {c.id for c in plan.channels if c.id != channel_id}
        initial: dict[str, Any] = {}
        if channel_id is not None:
            initial = next(c for c in plan.channels if c.id == channel_id).model_dump()

        def validate(data: dict[str, Any]) -> FieldErrors:
            _, errors = check_entity("channels", data)
            return taken_id("channel", data.get("id"), taken) | errors

        def auto_id(data: dict[str, Any]) -> str:
            kind = data.get("kind")
            return unique_id(str(kind).replace("_", "-"), taken) if kind else ""

        def done(data: dict[str, Any] | None) -> None:
            if data is None:
                return

            def edit(plan: Plan) -> Edit[Channel]:
                if channel_id is None:
                    return add_channel(plan, data)
                return update_channel(plan, channel_id, data)

            self.post_message(
                EditPlan(
                    edit,
                    done=lambda channel: self._focus_after_change(None, channel.id),
                    refused=self._refused("Channel not saved"),
                )
            )

        title = "Add a channel" if channel_id is None else f"Edit channel {channel_id}"
        self.app.push_screen(
            EntityForm(
                title,
                CHANNEL_FIELDS,
                initial,
                validate,
                submit_label="Add channel" if channel_id is None else "Save",
                auto_id=auto_id if channel_id is None else None,
            ),
            done,
        )

    def _stage_form(self, stage_id: str | None) -> None:
        journey = self.document.plan.journey()
        taken = {s.id for s in journey if s.id != stage_id}
        initial: dict[str, Any] = {}
        if stage_id is not None:
            initial = next(s for s in journey if s.id == stage_id).model_dump()

        def validate(data: dict[str, Any]) -> FieldErrors:
            _, errors = check_entity("stages", data)
            return taken_id("stage", data.get("id"), taken) | errors

        def done(data: dict[str, Any] | None) -> None:
            if data is None:
                return

            def edit(plan: Plan) -> Edit[Stage]:
                if stage_id is None:
                    return add_stage(plan, data)
                return update_stage(plan, stage_id, data)

            self.post_message(
                EditPlan(
                    edit,
                    done=lambda stage: self._focus_after_change(stage.id, None),
                    refused=self._refused("Stage not saved"),
                )
            )

        title = "Add a stage" if stage_id is None else f"Edit stage {stage_id}"
        self.app.push_screen(
            EntityForm(
                title,
                STAGE_FIELDS,
                initial,
                validate,
                submit_label="Add stage" if stage_id is None else "Save",
                auto_id=id_from_name if stage_id is None else None,
            ),
            done,
        )

    def action_add_channel(self) -> None:
        """Open the form of a new channel (its kind first)."""
        self._channel_form(None)

    def action_add_stage(self) -> None:
        """Open the form of a new stage, added at the end of the journey."""
        self._stage_form(None)

    def action_edit_channel(self) -> None:
        """Edit (rename, change the kind of) the channel under the cursor."""
        channel = self._cursor_channel()
        if channel is not None:
            self._channel_form(channel)

    def action_edit_stage(self) -> None:
        """Edit (rename, set the goal of) the stage under the cursor."""
        stage = self._cursor_stage()
        if stage is not None:
            self._stage_form(stage)

    def action_move_channel(self, delta: int) -> None:
        """Move the channel under the cursor up (-1) or down (+1), with the cursor."""
        channel = self._cursor_channel()
        if channel is None:
            return

        def moved(done: bool) -> None:
            if done:
                self._focus_after_change(None, channel)

        self.post_message(EditPlan(lambda plan: move_channel(plan, channel, delta), done=moved))

    def action_move_stage(self, delta: int) -> None:
        """Move the stage under the cursor earlier (-1) or later (+1), with the cursor."""
        stage = self._cursor_stage()
        if stage is None:
            return

        def moved(done: bool) -> None:
            if done:
                self._focus_after_change(stage, None)

        self.post_message(EditPlan(lambda plan: move_stage(plan, stage, delta), done=moved))

    def _remove(self, kind: str, item_id: str | None) -> None:
        if item_id is None:
            return
        remove: Callable[[Plan, str], Edit[Impact]] = (
            remove_channel if kind == "channel" else remove_stage
        )
        try:
            impact = remove(self.document.plan, item_id).result
        except EditError as error:
            self.notify(error.message, title=f"Cannot remove the {kind}", severity="warning")
            return

        def removed(_: object) -> None:
            self.notify(f"Removed {impact.what}. ctrl+z brings it back.", markup=False)

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(
                    EditPlan(
                        lambda plan: remove(plan, item_id), done=removed, refused=lambda _: None
                    )
                )

        lines = [f"The {impact.what} will be removed for every persona.", *impact.lines()]
        self.app.push_screen(
            confirm(f"Remove {kind} {item_id}?", lines, "Remove", tone="error"), done
        )

    def action_remove_channel(self) -> None:
        """Remove the channel under the cursor, after saying what goes with it."""
        self._remove("channel", self._cursor_channel())

    def action_remove_stage(self) -> None:
        """Remove the stage under the cursor, after saying what goes with it."""
        self._remove("stage", self._cursor_stage())
