"""The Campaign tab: id, name, objective, owner, dates, locale, budget and currency, the cost
estimate against the budget, notes, variables and KPIs.

Each field is validated as it is typed; a valid value goes into the plan at once (typing in one
field is one undo step), an invalid one stays in the field with the message beside it and the
plan keeps the last valid value. The estimate is the one the last lint of the plan made
(``BudgetPanel``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static, TextArea

from xcplan.edit.campaign import add_kpi, delete_kpi, set_campaign_field, update_kpi
from xcplan.edit.document import Document
from xcplan.edit.entities import EditError, FieldErrors, check_entity, taken_id
from xcplan.edit.fields import FieldSpec, FieldValueError, parse_value, render_value, show_number
from xcplan.edit.forms import CAMPAIGN_FIELDS, id_from_name, kpi_fields
from xcplan.lint.diagnostics import Loc
from xcplan.model.plan import Campaign, Plan
from xcplan.tui.messages import EditPlan
from xcplan.tui.plain import plain
from xcplan.tui.widgets.cost import BudgetPanel
from xcplan.tui.widgets.fields import FieldInput, FieldText

if TYPE_CHECKING:
    from textual.widgets import DataTable

    from xcplan.edit.report import LintReport
    from xcplan.tui.widgets.kpis import KpiTable

_SPECS: Final = {field.name: field for field in CAMPAIGN_FIELDS}
_LINES: Final = tuple(field for field in CAMPAIGN_FIELDS if field.kind not in ("multiline", "yaml"))
"""The one-line fields, in order; notes and variables have text areas under them."""
_VARS_HELP: Final = _SPECS["vars"].help
_COST_FIELDS: Final = ("budget", "currency")
"""The one-line fields shown with the estimate, under their help."""
_KPI_LINES: Final = 12
"""The most lines the KPI table takes (``#campaign-kpis`` in the style sheet)."""
_COST_HELP: Final = " ".join(f"{_SPECS[name].label}: {_SPECS[name].help}" for name in _COST_FIELDS)


def _short(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis")
    return text


def _text(campaign: Campaign, field: FieldSpec) -> str:
    """The text of ``field`` as its widget shows it."""
    value = getattr(campaign, field.name)
    if field.name in ("start", "end") and value is not None:
        return str(value.isoformat())
    if field.name == "vars":
        value = value or None  # no variables: an empty text area
    return render_value(field, value)


class CampaignPane(VerticalScroll):
    """Shows ``plan.campaign`` and asks for its edits."""

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self._shown: Campaign | None = None
        self._kpis_shown: tuple[object, ...] | None = None
        self._typing = 0
        """Grows when a field is left: typing in it again is another undo step."""
        self._messages: dict[str, str] = {}
        """The message beside each field that shows one."""
        self._kpis_mounting = False

    def compose(self) -> ComposeResult:
        """Build one row per field, the budget with the estimate, then notes, variables and
        the KPI table."""
        yield Static(
            "What the campaign is for, who owns it, when it runs and what it may spend. "
            "Each field is checked as you type.",
            classes="pane-help",
        )
        # Built holding the campaign: filling the fields once they are mounted would draw the
        # first screen twice.
        campaign = self.document.plan.campaign
        self._shown = campaign
        for field in _LINES:
            if field.name not in _COST_FIELDS:
                yield from self._line(field, campaign)
        yield Static("Cost and budget", classes="section-title")
        yield Static(_COST_HELP, classes="pane-help", markup=False)
        for name in _COST_FIELDS:
            yield from self._line(_SPECS[name], campaign)
        yield BudgetPanel(id="campaign-cost")
        with Horizontal(classes="field-row -tall"):
            yield Static("Notes", classes="field-label")
            yield FieldText(
                _text(campaign, _SPECS["notes"]), id="campaign-notes", classes="campaign-text"
            )
            yield Static("", id="campaign-notes-error", classes="field-error", markup=False)
        with Horizontal(classes="field-row -tall"):
            yield Static("Variables", classes="field-label")
            yield FieldText(
                _text(campaign, _SPECS["vars"]), id="campaign-vars", classes="campaign-text"
            )
            yield Static(
                _VARS_HELP, id="campaign-vars-error", classes="field-error -help", markup=False
            )
        yield Static("KPIs", classes="section-title")
        section = Vertical(id="campaign-kpi-section")  # filled once the first frame is drawn
        # As tall as it will be (the table's heading and rows, at most 12 lines, then the
        # buttons under a blank line): filled, it lays out nothing else again.
        section.styles.height = min(1 + len(campaign.kpis), _KPI_LINES) + 2
        yield section

    def _line(self, field: FieldSpec, campaign: Campaign) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Static(field.label, classes="field-label", markup=False)
            yield FieldInput(
                _text(campaign, field),
                placeholder=field.placeholder,
                id=f"campaign-{field.name}",
                classes="campaign-field",
                compact=True,
            )
            yield Static("", id=f"campaign-{field.name}-error", classes="field-error", markup=False)

    async def mount_kpis(self) -> None:
        """Mount the KPI table and its buttons (once; the plan screen asks once the plan's
        first lint report is shown). The table is under the first frame, in a place kept as
        tall as it will be; mounted with the first screen it was a tenth of its styling and
        mounting, and mounted once that was drawn, its two frames took a core from the lint
        of a big plan then being shared out between the cores."""
        if self._kpis_mounting:
            return
        self._kpis_mounting = True
        from xcplan.tui.widgets.kpis import KpiTable

        table = KpiTable(id="campaign-kpis", cursor_type="row", zebra_stripes=True)
        table.add_columns("Id", "Name", "Target", "Stage", "Metric")
        toolbar = Horizontal(
            Button("Add KPI", id="kpi-add", compact=True),
            Button("Edit", id="kpi-edit", compact=True),
            Button("Delete", id="kpi-delete", compact=True),
            classes="toolbar",
        )
        section = self.query_one("#campaign-kpi-section", Vertical)
        await section.mount(table, toolbar)
        section.styles.height = "auto"
        self.show(self.document.plan)

    def _kpi_table(self) -> KpiTable | None:
        """The KPI table, once it is mounted."""
        found = self.query("#campaign-kpis")
        return found.first() if found else None  # type: ignore[return-value]

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan) -> None:
        """Show the plan's campaign, unless it is the one the fields already hold."""
        campaign = plan.campaign
        kpis = (tuple(campaign.kpis), tuple((s.id, s.name) for s in plan.journey()))
        table = self._kpi_table()
        if kpis != self._kpis_shown and table is not None:
            self._kpis_shown = kpis
            self._fill_kpis(table, plan)
        if campaign is self._shown:
            return
        self._shown = campaign
        for field in _LINES:
            widget = self.query_one(f"#campaign-{field.name}", Input)
            text = _text(campaign, field)
            if widget.value != text:
                with widget.prevent(Input.Changed):
                    widget.value = text
            self._message(field.name, "")
        for name in ("notes", "vars"):
            self._set_area(name, _text(campaign, _SPECS[name]))
            self._message(name, "")

    def _set_area(self, name: str, text: str) -> None:
        area = self.query_one(f"#campaign-{name}", TextArea)
        if area.text != text:
            with area.prevent(TextArea.Changed):
                area.text = text

    def _fill_kpis(self, table: KpiTable, plan: Plan) -> None:
        row = table.cursor_row
        table.clear()
        stages = {stage.id: stage.name for stage in plan.journey()}
        for kpi in plan.campaign.kpis:
            target = "" if kpi.target is None else show_number(kpi.target) + (kpi.unit or "")
            stage = stages.get(kpi.stage, kpi.stage) if kpi.stage else ""
            table.add_row(
                Text(kpi.id),
                plain(kpi.name),
                plain(target),
                plain(stage or ""),
                _short(plain(kpi.metric or "", "dim"), 40),
            )
        if plan.campaign.kpis:
            table.move_cursor(row=min(row, len(plan.campaign.kpis) - 1))

    def focus_place(self, loc: Loc) -> None:
        """Focus the field or KPI a diagnostic's ``loc`` names."""
        if len(loc) >= 2 and loc[1] == "kpis":
            table = self._kpi_table()
            if table is None:  # asked before it is mounted
                self.call_after_refresh(self.focus_place, loc)
                return
            table.focus()
            if len(loc) >= 3 and isinstance(loc[2], int) and loc[2] < table.row_count:
                table.move_cursor(row=loc[2])
            return
        name = str(loc[1]) if len(loc) >= 2 else "name"
        if name in ("notes", "vars"):
            self.query_one(f"#campaign-{name}", TextArea).focus()
            return
        known = {field.name for field in _LINES}
        self.query_one(f"#campaign-{name if name in known else 'name'}", Input).focus()

    # -- messages up ----------------------------------------------------------------------

    def show_cost(self, report: LintReport | None) -> None:
        """Show the estimate of the last lint against the budget (or why there is none)."""
        self.query_one(BudgetPanel).show(report, self.document.config.costs is not None)

    def _message(self, name: str, message: str) -> None:
        """Show ``message`` beside field ``name``; none clears it (the variables show their
        help then). A message already shown is left as it is: updating it lays the screen
        out again."""
        if self._messages.get(name, "") == message:
            return
        if message:
            self._messages[name] = message
        else:
            del self._messages[name]
        widget = self.query_one(f"#campaign-{name}-error", Static)
        if message or name != "vars":
            widget.update(plain(message, lines=True))
        else:
            widget.update(_VARS_HELP)
        widget.set_class(bool(message), "-shown")

    def _typed(self, name: str, value: Any, shown: str) -> None:
        """Ask for field ``name`` to take ``value``; show the outcome beside it (``shown``:
        the field whose message says it, ``vars`` for the variables' help)."""

        def done(campaign: Campaign) -> None:
            self._shown = campaign
            self._message(shown, "")

        def refused(error: EditError) -> None:
            self._message(shown, error.errors.get(name) or error.errors.get("", error.message))

        self.post_message(
            EditPlan(
                lambda plan: set_campaign_field(plan, name, value),
                coalesce=f"campaign.{name}.{self._typing}",
                typing=True,
                done=done,
                refused=refused,
            )
        )

    def _read(self, name: str, text: str) -> None:
        if name not in self._messages and (
            self._shown is not None and text == _text(self._shown, _SPECS[name])
        ):
            return  # what the plan holds (a field says its value once it is mounted)
        try:
            value = parse_value(_SPECS[name], text)
        except FieldValueError as error:
            self._message(name, str(error))
            return
        self._typed(name, value, name)

    @on(Input.Changed, ".campaign-field")
    def _field_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._read((event.input.id or "").removeprefix("campaign-"), event.value)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A field was left: typing in it again is another undo step."""
        self._typing += 1

    @on(TextArea.Changed, "#campaign-notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._read("notes", event.text_area.text)

    @on(TextArea.Changed, "#campaign-vars")
    def _vars_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._read("vars", event.text_area.text)

    # -- KPIs -----------------------------------------------------------------------------

    # By name, not with ``@on``: the table's classes are imported when it is mounted.
    def on_kpi_table_requested(self, event: KpiTable.Requested) -> None:
        """The KPI table asked for a KPI to be added, edited or deleted."""
        event.stop()
        self.kpi_action(event.what)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a KPI edits it."""
        if event.data_table.id == "campaign-kpis":
            event.stop()
            self.kpi_action("edit")

    @on(Button.Pressed, "#kpi-add, #kpi-edit, #kpi-delete")
    def _kpi_button(self, event: Button.Pressed) -> None:
        event.stop()
        self.kpi_action((event.button.id or "").removeprefix("kpi-"))

    def kpi_action(self, what: str) -> None:
        """Add, edit or delete (with a question) the KPI under the cursor."""
        plan = self.document.plan
        kpis = plan.campaign.kpis
        table = self._kpi_table()
        index = table.cursor_row if table is not None else 0
        stages = [(stage.name, stage.id) for stage in plan.journey()]
        if what == "add":
            self._kpi_form(None, stages)
            return
        if not kpis or not 0 <= index < len(kpis):
            self.notify("There is no KPI to change yet: add one first.", severity="warning")
            return
        if what == "edit":
            self._kpi_form(index, stages)
            return
        kpi = kpis[index]

        from xcplan.tui.dialogs.question import confirm

        def deleted(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(EditPlan(lambda plan: delete_kpi(plan, index)))

        self.app.push_screen(
            confirm(
                f"Delete KPI {kpi.id}?",
                [f"{kpi.name}. Experiments that measure `{kpi.id}` will be flagged (XC201)."],
                "Delete",
            ),
            deleted,
        )

    def _kpi_form(self, index: int | None, stages: list[tuple[str, str]]) -> None:
        kpis = self.document.plan.campaign.kpis
        initial = kpis[index].model_dump() if index is not None else {}
        taken = {kpi.id for i, kpi in enumerate(kpis) if i != index}

        def validate(data: dict[str, Any]) -> FieldErrors:
            _, errors = check_entity("kpis", data)
            return taken_id("KPI", data.get("id"), taken) | errors

        def done(data: dict[str, Any] | None) -> None:
            if data is None:
                return
            if index is None:
                self.post_message(EditPlan(lambda plan: add_kpi(plan, data)))
            else:
                self.post_message(EditPlan(lambda plan: update_kpi(plan, index, data)))

        from xcplan.tui.dialogs.form import EntityForm

        title = "Add a KPI" if index is None else f"Edit KPI {kpis[index].id}"
        self.app.push_screen(
            EntityForm(
                title,
                kpi_fields(stages),
                initial,
                validate,
                auto_id=id_from_name if index is None else None,
            ),
            done,
        )
