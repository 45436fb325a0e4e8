"""Forms in dialogs: one generic form, and the fields of a persona, a channel, a stage and a KPI.

A form shows every field of an entity of the format, validates the whole entity as the user
types (with the linter's messages, shown under each field), and returns the entity's data on
save. A field the user did not touch keeps its value exactly as it was, so opening a form and
saving it never rewrites what it did not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Select, SelectionList, Static, TextArea

from xcplan.io.canonical import dump_data, number
from xcplan.io.templates import FALLBACK_ID, derive_id
from xcplan.io.yaml_source import parse
from xcplan.model.kinds import CHANNEL_KINDS, LIFECYCLES
from xcplan.model.plan import Plan
from xcplan.tui.document import FieldErrors
from xcplan.tui.widgets.fields import FieldInput, FieldText

FieldKind = Literal[
    "text", "required", "int", "number", "select", "multiline", "lines", "kinds", "pairs", "yaml",
    "codes",
]  # fmt: skip

_SEPARATORS = re.compile(r"[\s,_]")
_CODES = re.compile(r"[,\s]+")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form: its key in the entity, label, kind and help."""

    name: str
    label: str
    kind: FieldKind = "text"
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """(label, value) pairs of a ``select`` or ``kinds`` field."""
    placeholder: str = ""


class FieldValueError(Exception):
    """A field's text that cannot become a value (a line without ``key: value``)."""


def render_value(spec: FieldSpec, value: Any) -> str:
    """Return the text a field shows for ``value``."""
    if value is None:
        return ""
    kind = spec.kind
    if kind == "int":
        return str(value)
    if kind == "number":
        return number(value) if isinstance(value, int | float) else str(value)
    if kind in ("lines",):
        return "\n".join(str(item) for item in value)
    if kind == "pairs":
        return "\n".join(f"{key}: {item}" for key, item in value.items())
    if kind == "yaml":
        return dump_data(dict(value)).rstrip("\n") if value else ""
    if kind == "codes":
        return ", ".join(value)
    return str(value)


def parse_value(spec: FieldSpec, text: str) -> Any:
    """Return the value of a field's text; raise ``FieldValueError`` when it has none."""
    kind = spec.kind
    if kind == "required":
        return text
    if kind in ("text", "multiline"):
        return text if text.strip() else None
    if kind == "int":
        bare = _SEPARATORS.sub("", text)
        if not bare:
            return None
        return int(bare) if re.fullmatch(r"-?\d+", bare) else text
    if kind == "number":
        bare = text.strip()
        if not bare:
            return None
        try:
            return int(bare) if re.fullmatch(r"-?\d+", bare) else float(bare)
        except ValueError:
            return bare
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "codes":
        return [code for code in _CODES.split(text.strip()) if code]
    if kind == "pairs":
        out: dict[str, str] = {}
        for number_, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            key, colon, item = line.partition(":")
            if not colon or not key.strip():
                raise FieldValueError(f"line {number_}: write `name: value`")
            out[key.strip()] = item.strip()
        return out
    if kind == "yaml":
        if not text.strip():
            return {}
        parsed = parse(text)
        if parsed.problems:
            first = parsed.problems[0]
            raise FieldValueError(f"line {first.line}: {first.message}")
        if not isinstance(parsed.data, dict):
            raise FieldValueError("write one `name: value` per line")
        return parsed.data
    return text


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
        self._initial = dict(initial)
        self._shown = {spec.name: render_value(spec, initial.get(spec.name)) for spec in fields}
        self._validate = validate
        self._submit_label = submit_label
        self._auto_id = auto_id
        self._last_auto: str | None = initial.get("id") if auto_id is not None else None
        self._ready = False
        self._touched: set[str] = set()
        self._show_all = False

    # -- building -------------------------------------------------------------------------

    def _widget(self, spec: FieldSpec) -> Widget:
        value = self._initial.get(spec.name)
        text = self._shown[spec.name]
        widget_id = f"field-{spec.name}"
        if spec.kind == "select":
            return Select(
                list(spec.options),
                value=value if value is not None else Select.NULL,
                allow_blank=True,
                compact=True,
                id=widget_id,
                prompt=spec.placeholder or "(none)",
            )
        if spec.kind == "kinds":
            chosen = set(value or ())
            return SelectionList[str](
                *[(label, kind, kind in chosen) for label, kind in spec.options],
                id=widget_id,
                classes="field-kinds",
            )
        if spec.kind in ("multiline", "lines", "pairs", "yaml"):
            return FieldText(text, id=widget_id, classes=f"field-text -{spec.kind}")
        return FieldInput(text, placeholder=spec.placeholder, id=widget_id, compact=True)

    def compose(self) -> ComposeResult:
        """Build the title, a scrolling list of fields with their messages, and the buttons."""
        with Vertical(classes="form-box"):
            yield Static(self._title, classes="dialog-title", markup=False)
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
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Focus the first field and show what is wrong already."""
        self._ready = True
        self.query_one(f"#field-{self._fields[0].name}").focus()
        self._check()

    # -- reading --------------------------------------------------------------------------

    def _text_of(self, spec: FieldSpec) -> str | None:
        widget = self.query_one(f"#field-{spec.name}")
        if isinstance(widget, Input):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        return None

    def collect(self) -> tuple[dict[str, Any], FieldErrors]:
        """Return the entity's data from the fields, and the fields whose text is unusable."""
        data = dict(self._initial)
        problems: FieldErrors = {}
        for spec in self._fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, Select):
                selected = widget.value
                data[spec.name] = None if selected is Select.NULL else selected
                continue
            if isinstance(widget, SelectionList):
                chosen = set(widget.selected)
                before = list(self._initial.get(spec.name) or [])
                if chosen == set(before):
                    data[spec.name] = before
                else:
                    # Keep the order of the list the user started from, new choices after it.
                    kept = [kind for kind in before if kind in chosen]
                    added = [
                        kind for _, kind in spec.options if kind in chosen and kind not in kept
                    ]
                    data[spec.name] = kept + added
                continue
            text = self._text_of(spec)
            if text is None or text == self._shown[spec.name]:
                continue
            try:
                data[spec.name] = parse_value(spec, text)
            except FieldValueError as error:
                problems[spec.name] = str(error)
        return {key: value for key, value in data.items() if value is not None}, problems

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
        widget.update(message)
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


# -- the entities' fields ------------------------------------------------------------------

_KIND_OPTIONS = tuple((kind, kind) for kind in CHANNEL_KINDS)

PERSONA_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", "required", placeholder='e.g. "Nadia, new app user"'),
    FieldSpec("id", "Id", "required", "Lowercase letters and digits joined by - or _."),
    FieldSpec("summary", "Summary", "multiline", "One or two sentences."),
    FieldSpec(
        "lifecycle",
        "Lifecycle",
        "select",
        "Relationship with the brand (new when not set).",
        tuple((item, item) for item in LIFECYCLES),
    ),
    FieldSpec("size", "Size", "int", "Estimated reachable audience (people)."),
    FieldSpec("locale", "Locale", "text", "Language the persona reads (BCP 47), e.g. en-GB."),
    FieldSpec("preferred_channels", "Preferred channels", "kinds", "Channel kinds.", _KIND_OPTIONS),
    FieldSpec("demographics", "Demographics", "pairs", "One `name: value` per line."),
    FieldSpec("goals", "Goals", "lines", "One per line."),
    FieldSpec("pain_points", "Pain points", "lines", "One per line."),
    FieldSpec("behaviors", "Behaviours", "lines", "One per line."),
    FieldSpec("motivations", "Motivations", "lines", "One per line."),
    FieldSpec(
        "profile",
        "Profile (sample personalisation data)",
        "yaml",
        "Template variables with sample values, `first_name: Nadia`; lists as `[a, b]`.",
    ),
    FieldSpec("notes", "Notes", "multiline"),
    FieldSpec("ignore", "Ignored rules", "codes", "Rule codes silenced here, e.g. XC206."),
)

CHANNEL_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Kind", "select", "Sets the content fields its messages use.", _KIND_OPTIONS),
    FieldSpec("id", "Id", "required", "Used in the map and touchpoints."),
    FieldSpec("name", "Name", "text", "Display name, e.g. Marketing SMS."),
    FieldSpec("owner", "Owner", "text", "The team that runs the channel."),
    FieldSpec("sender", "Sender", "text", "SMS sender id, email From, or push app name."),
    FieldSpec("notes", "Notes", "multiline"),
    FieldSpec("ignore", "Ignored rules", "codes"),
)

STAGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", "required", placeholder="e.g. Onboarding"),
    FieldSpec("id", "Id", "required"),
    FieldSpec("goal", "Goal", "text", "What the stage should achieve."),
    FieldSpec("notes", "Notes", "multiline"),
    FieldSpec("ignore", "Ignored rules", "codes"),
)


def kpi_fields(stages: Sequence[tuple[str, str]]) -> tuple[FieldSpec, ...]:
    """Return the fields of a KPI; ``stages`` are (name, id) pairs of the journey."""
    return (
        FieldSpec("name", "Name", "required", placeholder="e.g. First order rate"),
        FieldSpec("id", "Id", "required", "Experiments name it as their metric."),
        FieldSpec("metric", "Metric", "text", "How it is measured."),
        FieldSpec("target", "Target", "number"),
        FieldSpec("unit", "Unit", "text", "e.g. %"),
        FieldSpec("stage", "Stage", "select", "The journey stage it belongs to.", tuple(stages)),
    )


def touchpoint_fields(plan: Plan, touchpoint_id: str | None) -> tuple[FieldSpec, ...]:
    """Return the fields of a touchpoint's settings (``touchpoint_id``: the one edited)."""
    personas = tuple((f"{p.name} ({p.id})", p.id) for p in plan.personas)
    stages = tuple((s.name, s.id) for s in plan.journey())
    channels = tuple((f"{c.name or c.id} ({c.kind})", c.id) for c in plan.channels)
    others = tuple(
        (f"{t.name or t.id} ({t.id})", t.id) for t in plan.touchpoints if t.id != touchpoint_id
    )
    return (
        FieldSpec("name", "Name", "text", "Display name, e.g. Welcome email."),
        FieldSpec("id", "Id", "required", "Lowercase letters and digits joined by - or _."),
        FieldSpec(
            "personas", "Personas", "kinds", "The personas it targets (one or more).", personas
        ),
        FieldSpec("stage", "Stage", "select", "The journey stage it belongs to.", stages),
        FieldSpec("channel", "Channel", "select", "The channel it is sent on.", channels),
        FieldSpec("trigger", "Trigger", "text", "The event that starts it, e.g. app_installed."),
        FieldSpec(
            "after",
            "After",
            "select",
            "The touchpoint after which it starts (must share a persona).",
            others,
            placeholder="(none)",
        ),
        FieldSpec("delay", "Delay", "text", "Wait after the trigger or `after`: 30m, 2d, 1w2d."),
        FieldSpec(
            "exit_on",
            "Exit on",
            "codes",
            "Events that cancel it, e.g. purchase (stops the promotion on every channel).",
        ),
        FieldSpec("notes", "Notes", "multiline"),
        FieldSpec("ignore", "Ignored rules", "codes", "Rule codes silenced here, e.g. XC505."),
    )


def id_from_name(data: dict[str, Any]) -> str:
    """Return an id made from the ``name`` field (for new personas, stages and KPIs)."""
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        return ""
    made = derive_id(name)
    # derive_id falls back to a campaign's default id when no letter or digit is left.
    return made if made != FALLBACK_ID or FALLBACK_ID in name.lower() else ""


def unique_id(base: str, taken: set[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``... whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
