"""A form for one entity in a dialog: a persona, a channel, a stage, a KPI, a touchpoint's
settings.

The form shows every field of the entity (``xcplan.edit.forms`` names them), validates the
whole entity as the user types (with the linter's messages, shown under each field), and
dismisses with the entity's data on save. A field the user did not touch keeps its value
exactly as it was (``xcplan.edit.forms.Form``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from xcplan.edit.entities import FieldErrors
from xcplan.edit.fields import TEXT_KINDS, FieldSpec
from xcplan.edit.forms import Form, FormValue
from xcplan.tui.plain import plain
from xcplan.tui.widgets.fields import FieldInput, FieldText, Picker
from xcplan.tui.widgets.footer import KeysFooter


class EntityForm(ModalScreen[dict[str, Any] | None]):
    """A form for one entity; dismisses with its data on save, or None on cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
        Binding(
            "ctrl+s",
            "submit",
            "Save",
            id="form.save",
            tooltip="Check the form and keep the changes",
            priority=True,
        ),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FieldSpec],
        initial: dict[str, Any],
        validate: Callable[[dict[str, Any]], FieldErrors],
        *,
        submit_label: str = "Save",
        auto_id: Callable[[dict[str, Any]], str] | None = None,
    ) -> None:
        super().__init__(classes="form")
        self._title = title
        self._fields = list(fields)
        self._form = Form(fields, initial)
        self._validate = validate
        self._submit_label = submit_label
        self._auto_id = auto_id
        self._last_auto: str | None = initial.get("id") if auto_id is not None else None
        self._ready = False
        self._touched: set[str] = set()
        self._show_all = False

    # -- building -------------------------------------------------------------------------

    def _widget(self, spec: FieldSpec) -> Widget:
        value = self._form.initial.get(spec.name)
        text = self._form.shown[spec.name]
        widget_id = f"field-{spec.name}"
        if spec.kind == "select":
            return Picker(
                [(plain(label), option) for label, option in spec.options],
                value=value if value is not None else Select.NULL,
                allow_blank=True,
                compact=True,
                id=widget_id,
                prompt=spec.placeholder or "(none)",
            )
        if spec.kind == "choices":
            chosen = set(value or ())
            return SelectionList[str](
                *[(plain(label), item, item in chosen) for label, item in spec.options],
                id=widget_id,
                classes="field-kinds",
            )
        if spec.kind in TEXT_KINDS:
            return FieldText(text, id=widget_id, classes=f"field-text -{spec.kind}")
        return FieldInput(text, placeholder=spec.placeholder, id=widget_id, compact=True)

    def compose(self) -> ComposeResult:
        """Build the title, a scrolling list of fields with their messages, and the buttons."""
        with Vertical(classes="form-box"):
            yield Static(plain(self._title), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                for spec in self._fields:
                    with Vertical(classes="form-row", id=f"row-{spec.name}"):
                        yield Static(spec.label, classes="form-label", markup=False)
                        yield self._widget(spec)
                        if spec.help:
                            yield Static(spec.help, classes="form-help", markup=False)
                        yield Static("", classes="form-error", id=f"error-{spec.name}")
            yield Static("", classes="form-error", id="error-")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._submit_label, id="form-save", variant="primary", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield KeysFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Focus the first field and show what is wrong already."""
        self._ready = True
        self.query_one(f"#field-{self._fields[0].name}").focus()
        self._check()

    # -- reading --------------------------------------------------------------------------

    def _values(self) -> dict[str, FormValue]:
        values: dict[str, FormValue] = {}
        for spec in self._fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                values[spec.name] = None if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, SelectionList):
                values[spec.name] = {str(item) for item in widget.selected}
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
            elif isinstance(widget, TextArea):
                values[spec.name] = widget.text
        return values

    def collect(self) -> tuple[dict[str, Any], FieldErrors]:
        """Return the entity's data from the fields, and the fields whose text is unusable."""
        return self._form.collect(self._values())

    def _check(self) -> FieldErrors:
        data, problems = self.collect()
        errors = dict(self._validate(data))
        errors.update(problems)
        # A new entry starts empty: say what is wrong with a field once it has been touched.
        for spec in self._fields:
            shown = self._show_all or spec.name in self._touched
            message = errors.get(spec.name, "") if shown else ""
            self._message(spec.name, message)
        general = errors.get("", "") if self._show_all or self._touched else ""
        self._message("", general)
        return errors

    def _message(self, name: str, message: str) -> None:
        widget = self.query_one(f"#error-{name}", Static)
        widget.update(plain(message, lines=True))
        widget.set_class(bool(message), "-shown")

    # -- events ---------------------------------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(SelectionList.SelectedChanged)
    def _changed(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        event.stop()
        if not self._ready:
            return
        control_id = getattr(event.control, "id", None) or ""
        self._touched.add(control_id.removeprefix("field-"))
        if self._auto_id is not None and getattr(event.control, "id", None) != "field-id":
            self._follow_id()
        self._check()

    def _follow_id(self) -> None:
        id_input = self.query_one("#field-id", Input)
        if id_input.value not in ("", self._last_auto):
            return
        data, _ = self.collect()
        assert self._auto_id is not None
        suggested = self._auto_id(data)
        if suggested != id_input.value:
            self._last_auto = suggested
            id_input.value = suggested

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_submit(self) -> None:
        """Return the data when the form is valid; otherwise point at the first problem."""
        self._show_all = True
        errors = self._check()
        if errors:
            for spec in self._fields:
                if spec.name in errors:
                    self.query_one(f"#field-{spec.name}").focus()
                    break
            first = next(iter(errors.values()))
            self.notify(first, title="Not saved yet", severity="error")
            return
        data, _ = self.collect()
        self.dismiss(data)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
