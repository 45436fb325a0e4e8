"""The Campaign tab: id, name, objective, owner, dates, locale, notes, variables and KPIs.

Each field is validated as it is typed; a valid value goes into the plan at once (typing in one
field is one undo step), an invalid one stays in the field with the message beside it and the
plan keeps the last valid value.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Static, TextArea

from xcplan.io.canonical import dump_data, number
from xcplan.lint.diagnostics import Loc
from xcplan.model.plan import Campaign, Plan
from xcplan.tui.document import Document, EditError, FieldErrors, check_entity
from xcplan.tui.messages import PlanChanged
from xcplan.tui.screens.dialogs import confirm
from xcplan.tui.screens.forms import (
    EntityForm,
    FieldValueError,
    id_from_name,
    kpi_fields,
    parse_value,
)
from xcplan.tui.screens.forms import FieldSpec as _Spec
from xcplan.tui.widgets.fields import FieldInput, FieldText

FIELDS: Final[tuple[tuple[str, str, str], ...]] = (
    ("id", "Id", "lowercase-with-dashes"),
    ("name", "Name", "The campaign's name"),
    ("objective", "Objective", "The goal the campaign serves"),
    ("owner", "Owner", "Team or person accountable"),
    ("start", "Start", "YYYY-MM-DD"),
    ("end", "End", "YYYY-MM-DD"),
    ("locale", "Locale", "en (BCP 47, default locale of variants)"),
)
_OPTIONAL: Final = frozenset({"owner", "start", "end", "locale"})
_VARS_SPEC: Final = _Spec("vars", "Variables", "yaml")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _text(campaign: Campaign, name: str) -> str:
    value = getattr(campaign, name)
    if value is None:
        return ""
    return value.isoformat() if name in ("start", "end") else str(value)


class KpiTable(DataTable[Text]):
    """The campaign's KPIs, one per row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "request('add')", "Add KPI", id="kpi.add", tooltip="Add a KPI"),
        Binding("e", "request('edit')", "Edit KPI", id="kpi.edit", tooltip="Edit the KPI"),
        Binding(
            "d,delete",
            "request('delete')",
            "Delete KPI",
            id="kpi.delete",
            tooltip="Delete the KPI (asks first)",
        ),
    ]

    class Requested(Message):
        """The user asked to add, edit or delete a KPI."""

        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

    def action_request(self, what: str) -> None:
        """Ask the campaign tab to add, edit or delete a KPI."""
        self.post_message(self.Requested(what))


class CampaignPane(VerticalScroll):
    """Edits ``plan.campaign`` of the document."""

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self._shown: Campaign | None = None

    def compose(self) -> ComposeResult:
        """Build one row per field, then notes, variables and the KPI table."""
        yield Static(
            "What the campaign is for, who owns it and when it runs. "
            "Each field is checked as you type.",
            classes="pane-help",
        )
        for name, label, placeholder in FIELDS:
            with Horizontal(classes="field-row"):
                yield Static(label, classes="field-label")
                yield FieldInput(
                    placeholder=placeholder,
                    id=f"campaign-{name}",
                    classes="campaign-field",
                    compact=True,
                )
                yield Static("", id=f"campaign-{name}-error", classes="field-error")
        with Horizontal(classes="field-row -tall"):
            yield Static("Notes", classes="field-label")
            yield FieldText(id="campaign-notes", classes="campaign-text")
            yield Static("", id="campaign-notes-error", classes="field-error")
        with Horizontal(classes="field-row -tall"):
            yield Static("Variables", classes="field-label")
            yield FieldText(id="campaign-vars", classes="campaign-text")
            yield Static(
                "One `name: value` per line; copy uses them as {{ name }}.",
                id="campaign-vars-error",
                classes="field-error -help",
            )
        yield Static("KPIs", classes="section-title")
        table = KpiTable(id="campaign-kpis", cursor_type="row", zebra_stripes=True)
        table.add_columns("Id", "Name", "Target", "Stage", "Metric")
        yield table
        with Horizontal(classes="toolbar"):
            yield Button("Add KPI", id="kpi-add", compact=True)
            yield Button("Edit", id="kpi-edit", compact=True)
            yield Button("Delete", id="kpi-delete", compact=True)

    def on_mount(self) -> None:
        """Fill the fields from the plan."""
        self.show(self.document.plan)

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan) -> None:
        """Show the plan's campaign, unless it is the one the fields already hold."""
        campaign = plan.campaign
        if campaign is self._shown:
            return
        self._shown = campaign
        for name, _, _ in FIELDS:
            field = self.query_one(f"#campaign-{name}", Input)
            text = _text(campaign, name)
            if field.value != text:
                field.value = text
            self._message(name, "")
        notes = self.query_one("#campaign-notes", TextArea)
        if notes.text != (campaign.notes or ""):
            notes.text = campaign.notes or ""
        self._message("notes", "")
        variables = self.query_one("#campaign-vars", TextArea)
        shown = dump_data(dict(campaign.vars)).rstrip("\n") if campaign.vars else ""
        if variables.text != shown:
            variables.text = shown
        self._vars_help()
        self._fill_kpis(plan)

    def _fill_kpis(self, plan: Plan) -> None:
        table = self.query_one(KpiTable)
        row = table.cursor_row
        table.clear()
        stages = {stage.id: stage.name for stage in plan.journey()}
        for kpi in plan.campaign.kpis:
            target = "" if kpi.target is None else number(kpi.target) + (kpi.unit or "")
            stage = stages.get(kpi.stage, kpi.stage) if kpi.stage else ""
            table.add_row(
                Text(kpi.id),
                Text(kpi.name),
                Text(target),
                Text(stage or ""),
                Text(_short(kpi.metric or "", 40), style="dim"),
            )
        if plan.campaign.kpis:
            table.move_cursor(row=min(row, len(plan.campaign.kpis) - 1))

    def focus_place(self, loc: Loc) -> None:
        """Focus the field or KPI a diagnostic's ``loc`` names."""
        if len(loc) >= 2 and loc[1] == "kpis":
            table = self.query_one(KpiTable)
            table.focus()
            if len(loc) >= 3 and isinstance(loc[2], int) and loc[2] < table.row_count:
                table.move_cursor(row=loc[2])
            return
        name = str(loc[1]) if len(loc) >= 2 else "name"
        if name in ("notes", "vars"):
            self.query_one(f"#campaign-{name}", TextArea).focus()
            return
        known = {field for field, _, _ in FIELDS}
        self.query_one(f"#campaign-{name if name in known else 'name'}", Input).focus()

    # -- messages up ----------------------------------------------------------------------

    def _message(self, name: str, message: str) -> None:
        widget = self.query_one(f"#campaign-{name}-error", Static)
        widget.update(message)
        widget.set_class(bool(message), "-shown")

    def _vars_help(self) -> None:
        widget = self.query_one("#campaign-vars-error", Static)
        widget.update("One `name: value` per line; copy uses them as {{ name }}.")
        widget.remove_class("-shown")

    def _apply(self, name: str, value: Any, *, coalesce: bool = True) -> FieldErrors:
        data = self.document.plan.campaign.model_dump()
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
        before = self.document.revision
        errors = self.document.set_campaign(data, coalesce=f"campaign.{name}" if coalesce else None)
        if self.document.revision != before:
            self._shown = self.document.plan.campaign
            self.post_message(PlanChanged(typing=coalesce))
        return errors

    @on(Input.Changed, ".campaign-field")
    def _field_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = (event.input.id or "").removeprefix("campaign-")
        text = event.value
        value: str | None = text
        if name in _OPTIONAL and not text.strip():
            value = None
        errors = self._apply(name, value)
        self._message(name, errors.get(name) or errors.get("", ""))

    @on(Input.Blurred, ".campaign-field")
    def _field_left(self, event: Input.Blurred) -> None:
        self.document.break_coalescing()

    @on(TextArea.Changed, "#campaign-notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        errors = self._apply("notes", text if text.strip() else None)
        self._message("notes", errors.get("notes") or errors.get("", ""))

    @on(TextArea.Changed, "#campaign-vars")
    def _vars_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        try:
            variables = parse_value(_VARS_SPEC, event.text_area.text)
        except FieldValueError as error:
            self._message("vars", str(error))
            return
        errors = self._apply("vars", variables)
        message = errors.get("vars") or errors.get("", "")
        if message:
            self._message("vars", message)
        else:
            self._vars_help()

    # -- KPIs -----------------------------------------------------------------------------

    @on(KpiTable.Requested)
    def _kpi_requested(self, event: KpiTable.Requested) -> None:
        event.stop()
        self.kpi_action(event.what)

    @on(DataTable.RowSelected, "#campaign-kpis")
    def _kpi_selected(self, event: DataTable.RowSelected) -> None:
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
        index = self.query_one(KpiTable).cursor_row
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

        def deleted(answer: str | None) -> None:
            if answer == "yes":
                self.document.delete_kpi(index)
                self.post_message(PlanChanged())

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
            if data.get("id") in taken:
                errors.setdefault("id", f"there is already a KPI `{data['id']}`")
            return errors

        def done(data: dict[str, Any] | None) -> None:
            if data is None:
                return
            try:
                if index is None:
                    self.document.add_kpi(data)
                else:
                    self.document.update_kpi(index, data)
            except EditError as error:
                self.notify(error.message, severity="error")
                return
            self.post_message(PlanChanged())

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
