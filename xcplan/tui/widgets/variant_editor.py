"""The editor of one touchpoint on the Messages tab: its variants, the split, the experiment.

The variants are tabs; the fields shown are those the channel kind uses (required ones marked
``*``, one the kind does not allow but that is set marked ``✖``, so it can be cleared). Under
them, the split of the audience (a weight per variant and the control group) with its running
total, and the experiment. Every keystroke asks for an edit (``EditPlan``); the fields show what
is typed and are filled again only when the plan changed under them (undo, another variant).
Nothing is redrawn that did not change, so a keystroke redraws little more than its field.
"""

from __future__ import annotations

from typing import Any, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Select, Static, Tab, Tabs, TextArea

from xcplan.edit.document import Document
from xcplan.edit.entities import EditError, FieldErrors
from xcplan.edit.fields import NotANumber, parse_number, show_number
from xcplan.edit.forms import VARIANT_FIELDS
from xcplan.edit.touchpoints import (
    experiment_from_texts,
    set_variant_field,
    split_from_texts,
    split_total,
    weight_texts,
)
from xcplan.model.kinds import CONTENT_FIELDS, FIELD_USAGE
from xcplan.model.plan import Plan, Touchpoint, Variant
from xcplan.tui.messages import EditPlan, ask_now
from xcplan.tui.plain import flat, plain
from xcplan.tui.widgets.fields import FieldInput, FieldText, Picker, update_in_place

FIELD_NAMES: Final = tuple(field.name for field in VARIANT_FIELDS)
"""The variant's fields the editor shows, in order."""
_SPECS: Final = {field.name: field for field in VARIANT_FIELDS}


class VariantShown(Message):
    """The editor shows another variant: the preview follows."""


class WeightInput(FieldInput):
    """The weight of one variant (``position``), or the control group's share (None).

    ``generation`` tells the inputs of the current split row from those being removed.
    """

    def __init__(self, position: int | None, value: str, generation: int) -> None:
        super().__init__(value, compact=True, classes="weight", placeholder="—")
        self.position = position
        self.generation = generation


class TouchpointEditor(VerticalScroll):
    """The chosen touchpoint's variants, their fields, the split and the experiment."""

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.touchpoint_id: str | None = None
        self.v_index = 0
        self._tab_ids: list[str] = []
        self._tab_names: tuple[str, ...] = ()
        self._tab_generation = 0
        self._split_ids: tuple[str, ...] | None = None
        self._split_generation = 0
        self._kpis: list[tuple[str, str]] = []
        self._shown: dict[str, object] = {}
        """What each static part shows now, so that it is not redrawn with the same."""
        self._typing = 0
        """Grows when a field is left: typing in it again is another undo step."""
        self._view: tuple[object, ...] | None = None
        """What the fields were last filled from (by identity): the same again needs nothing."""

    def compose(self) -> ComposeResult:
        """Build the heading, the variant tabs and fields, the split and the experiment."""
        yield Static("", id="tp-heading")
        with Horizontal(classes="toolbar", id="tp-toolbar"):
            yield Button("Settings", id="tp-settings", compact=True)
            yield Button("+Variant", id="tp-add-variant", compact=True)
            yield Button("−Variant", id="tp-remove-variant", compact=True)
            yield Button("Delete", id="tp-delete", compact=True)
        yield Tabs(id="variant-tabs")
        with Vertical(id="variant-form"):
            for field in VARIANT_FIELDS:
                name = field.name
                with Horizontal(classes="vrow", id=f"vrow-{name}"):
                    yield Static(field.label, classes="vlabel", id=f"vlabel-{name}", markup=False)
                    if name == "body":
                        body = FieldText("", id="v-body", classes="v-body")
                        body.edited = self._body_edited
                        yield body
                    else:
                        widget = FieldInput("", id=f"v-{name}", compact=True)
                        if name in ("id", "locale"):
                            widget.tooltip = field.help
                        yield widget
                yield Static("", classes="verror", id=f"verror-{name}", markup=False)
        yield Static("Split of the audience", classes="section-title")
        yield Horizontal(id="split-row")
        yield Static("", id="split-total")
        yield Static("", classes="verror", id="split-error", markup=False)
        yield Static("Experiment", classes="section-title")
        with Horizontal(classes="vrow"):
            yield Static("Metric", classes="vlabel")
            yield Picker[str]([], id="x-metric", compact=True, prompt="(no KPI)", allow_blank=True)
        with Horizontal(classes="vrow"):
            yield Static("Baseline", classes="vlabel")
            yield FieldInput("", id="x-baseline", compact=True, placeholder="e.g. 0.04")
            yield Static("MDE", classes="vlabel -short")
            yield FieldInput("", id="x-mde", compact=True, placeholder="e.g. 0.2")
        with Horizontal(classes="vrow"):
            yield Static("Hypothesis", classes="vlabel")
            yield FieldInput("", id="x-hypothesis", compact=True)
        yield Static("", classes="verror", id="x-error", markup=False)

    # -- reading the model ----------------------------------------------------------------

    def current(self) -> tuple[int, Touchpoint] | None:
        """Return the position and the touchpoint shown, or None when there is none."""
        if self.touchpoint_id is None:
            return None
        for index, touchpoint in enumerate(self.document.plan.touchpoints):
            if touchpoint.id == self.touchpoint_id:
                return index, touchpoint
        return None

    def variant(self) -> Variant | None:
        """Return the variant shown, or None when no touchpoint is."""
        found = self.current()
        if found is None:
            return None
        variants = found[1].variants
        return variants[min(self.v_index, len(variants) - 1)]

    # -- showing --------------------------------------------------------------------------

    def _update(self, widget_id: str, content: str | Text) -> None:
        """Show ``content`` in the static ``widget_id``, unless it shows it already (a string
        as plain text: labels and messages quote what was typed)."""
        if self._shown.get(widget_id) == content:
            return
        self._shown[widget_id] = content
        shown = plain(content, lines=True) if isinstance(content, str) else content
        update_in_place(self.query_one(f"#{widget_id}", Static), shown)

    def load(self, touchpoint_id: str | None, v_index: int | None = None) -> None:
        """Show touchpoint ``touchpoint_id`` (None for none), on variant ``v_index``."""
        if touchpoint_id != self.touchpoint_id:
            self.touchpoint_id = touchpoint_id
            self.v_index = 0
            self._typing += 1
        if v_index is not None:
            self.v_index = v_index
        self.refresh_fields()

    def refresh_fields(self) -> None:
        """Show the current model in every part that does not show it already."""
        found = self.current()
        self.set_class(found is None, "-empty")
        if found is None:
            self.touchpoint_id = None
            self._update(
                "tp-heading",
                Text(
                    "Choose a touchpoint on the left, or a planned cell and press a to add one.",
                    style="italic",
                ),
            )
            return
        touchpoint = found[1]
        plan = self.document.plan
        self.v_index = min(self.v_index, len(touchpoint.variants) - 1)
        view = self._view_of(plan, touchpoint)
        if self._view is not None and _same(view, self._view):
            return
        self._view = view
        self._heading(plan, touchpoint)
        self._tabs(touchpoint)
        variant = touchpoint.variants[self.v_index]
        channel = next((c for c in plan.channels if c.id == touchpoint.channel), None)
        usage = FIELD_USAGE.get(channel.kind, {}) if channel is not None else {}
        for name in FIELD_NAMES:
            value = getattr(variant, name)
            row = self.query_one(f"#vrow-{name}")
            used = name in ("id", "locale") or name in usage or value is not None
            if row.display != used:
                row.display = used
            label = _SPECS[name].label + (" *" if usage.get(name) == "required" else "")
            if name in CONTENT_FIELDS and name not in usage:
                label += " ✖"
            self._update(f"vlabel-{name}", label)
            self._set_text(f"#v-{name}", "" if value is None else str(value))
        self._split(touchpoint)
        self._experiment(plan, touchpoint)

    def _view_of(self, plan: Plan, touchpoint: Touchpoint) -> tuple[object, ...]:
        return (
            touchpoint,
            self.v_index,
            plan.channels,
            plan.personas,
            plan.stages,
            plan.campaign.kpis,
        )

    def _echoed(self) -> None:
        """Note that the fields show the plan as it is now (after an edit typed in them)."""
        found = self.current()
        if found is not None and self._view is not None:
            self._view = self._view_of(self.document.plan, found[1])

    def _set_text(self, selector: str, text: str) -> None:
        """Put ``text`` in a field without it counting as typed (no edit follows)."""
        widget = self.query_one(selector)
        if isinstance(widget, TextArea):
            if widget.text != text:
                with widget.prevent(TextArea.Changed):
                    widget.load_text(text)
        elif isinstance(widget, Input) and widget.value != text:
            with widget.prevent(Input.Changed):
                widget.value = text

    def _heading(self, plan: Plan, touchpoint: Touchpoint) -> None:
        channel = next((c for c in plan.channels if c.id == touchpoint.channel), None)
        stage = next((s for s in plan.journey() if s.id == touchpoint.stage), None)
        names = {p.id: p.name for p in plan.personas}
        heading = plain(flat(touchpoint.name or touchpoint.id), "bold")
        if touchpoint.name:
            heading.append(f"  {touchpoint.id}", style="dim")
        facts = [
            f"{channel.name or channel.id} ({channel.kind})"
            if channel is not None
            else f"{touchpoint.channel} (not a channel of the plan)",
            stage.name if stage is not None else touchpoint.stage,
            ", ".join(names.get(p, p) for p in touchpoint.personas),
        ]
        when = []
        if touchpoint.trigger:
            when.append(f"on {touchpoint.trigger}")
        if touchpoint.after:
            when.append(f"after {touchpoint.after}")
        if touchpoint.delay:
            when.append(f"+{touchpoint.delay}")
        if touchpoint.exit_on:
            when.append(f"exits on {', '.join(touchpoint.exit_on)}")
        heading.append("\n")
        heading.append_text(plain(" · ".join(facts), "dim"))
        if when:
            heading.append("\n")
            heading.append_text(plain(" ".join(when), "dim"))
        self._update("tp-heading", heading)

    def _tabs(self, touchpoint: Touchpoint) -> None:
        tabs = self.query_one("#variant-tabs", Tabs)
        names = tuple(v.id for v in touchpoint.variants)
        if names != self._tab_names:
            # Removed tabs linger until the next refresh: new ones get new ids.
            self._tab_names = names
            self._tab_generation += 1
            generation = self._tab_generation
            self._tab_ids = [f"variant-{generation}-{i}" for i in range(len(names))]
            with tabs.prevent(Tabs.TabActivated):
                tabs.clear()
                for tab_id, name in zip(self._tab_ids, names, strict=True):
                    tabs.add_tab(Tab(plain(name), id=tab_id))
        active = self._tab_ids[self.v_index]
        if tabs.active != active:
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = active

    def _split(self, touchpoint: Touchpoint) -> None:
        row = self.query_one("#split-row", Horizontal)
        ids = tuple(v.id for v in touchpoint.variants)
        weights, control = weight_texts(touchpoint)
        if ids != self._split_ids:
            self._split_ids = ids
            self._split_generation += 1
            generation = self._split_generation
            row.remove_children()
            widgets: list[Static | FieldInput] = []
            for index, variant in enumerate(touchpoint.variants):
                widgets.append(Static(plain(variant.id), classes="split-label"))
                widgets.append(WeightInput(index, weights[index], generation))
            widgets.append(Static("control", classes="split-label"))
            widgets.append(WeightInput(None, control, generation))
            row.mount(*widgets)
        else:
            for widget in self.weight_inputs():
                text = control if widget.position is None else weights[widget.position]
                # Compared as numbers: `45.` typed on the way to `45.5` stays as typed.
                if _number_or_text(widget.value) != _number_or_text(text):
                    with widget.prevent(Input.Changed):
                        widget.value = text
        self._show_total(touchpoint)

    def _show_total(self, touchpoint: Touchpoint) -> None:
        total = split_total(touchpoint)
        line = Text()
        line.append(total.text, style="green" if total.ok else "bold red")
        self._update("split-total", line)
        self.query_one("#split-total").set_class(not total.ok, "-bad")

    def weight_inputs(self) -> list[WeightInput]:
        """Return the inputs of the split row shown (not those being removed)."""
        generation = self._split_generation
        return [w for w in self.query(WeightInput) if w.generation == generation]

    def _experiment(self, plan: Plan, touchpoint: Touchpoint) -> None:
        kpis = [(f"{k.name} ({k.id})", k.id) for k in plan.campaign.kpis]
        picker = self.query_one("#x-metric", Select)
        if kpis != self._kpis:
            self._kpis = kpis
            with picker.prevent(Select.Changed):
                picker.set_options([(plain(label), value) for label, value in kpis])
        experiment = touchpoint.experiment
        metric = experiment.metric if experiment is not None else None
        wanted = metric if metric in {k for _, k in kpis} else Select.NULL
        if picker.value != wanted:
            with picker.prevent(Select.Changed):
                picker.value = wanted
        for name in ("baseline", "mde"):
            value = getattr(experiment, name) if experiment is not None else None
            if _number_or_text(self.query_one(f"#x-{name}", Input).value) != value:
                self._set_text(f"#x-{name}", "" if value is None else show_number(value))
        hypothesis = (experiment.hypothesis if experiment is not None else None) or ""
        self._set_text("#x-hypothesis", hypothesis)

    # -- editing --------------------------------------------------------------------------

    def _show_errors(self, errors: FieldErrors, names: tuple[str, ...]) -> None:
        for name in names:
            message = errors.get(name, "")
            self._update(f"verror-{name}", message)
            self.query_one(f"#verror-{name}").set_class(bool(message), "-shown")

    def _ask(self, edit: Any, key: str, done: Any, refused: Any) -> None:
        # Carried out by the screen at once: what a keystroke changes is drawn with it.
        ask_now(
            self,
            EditPlan(
                edit,
                coalesce=f"{key}/{self._typing}",
                typing=True,
                done=done,
                refused=refused,
            ),
        )

    def edit_variant_field(self, name: str, text: str) -> None:
        """Ask for field ``name`` of the variant shown to become ``text`` (empty removes it)."""
        found = self.current()
        if found is None:
            return
        touchpoint_id, v_index = found[1].id, min(self.v_index, len(found[1].variants) - 1)

        def done(_: Variant) -> None:
            self._show_errors({}, (name,))
            if name == "id":
                self.refresh_fields()
            else:
                self._echoed()

        def refused(error: EditError) -> None:
            self._show_errors({name: error.errors.get(name, error.message)}, (name,))

        self._ask(
            lambda plan: set_variant_field(plan, touchpoint_id, v_index, name, text),
            f"variant/{touchpoint_id}/{v_index}/{name}",
            done,
            refused,
        )

    def _message(self, widget_id: str, problems: list[str]) -> None:
        self._update(widget_id, "\n".join(problems))
        self.query_one(f"#{widget_id}").set_class(bool(problems), "-shown")

    def edit_split(self) -> None:
        """Ask for the weights and the control group typed in the split row."""
        found = self.current()
        if found is None:
            return
        touchpoint = found[1]
        weights: list[str | None] = [None] * len(touchpoint.variants)
        control: str | None = None
        for widget in self.weight_inputs():
            if widget.position is None:
                control = widget.value
            elif widget.position < len(weights):
                weights[widget.position] = widget.value
        touchpoint_id = touchpoint.id

        def done(_: None) -> None:
            self._message("split-error", [])
            now = self.current()
            if now is not None:
                self._show_total(now[1])
            self._echoed()

        def refused(error: EditError) -> None:
            self._message("split-error", list(error.errors.values()))

        self._ask(
            lambda plan: split_from_texts(plan, touchpoint_id, weights, control),
            f"split/{touchpoint_id}",
            done,
            refused,
        )

    def edit_experiment(self) -> None:
        """Ask for the metric, baseline, MDE and hypothesis typed."""
        found = self.current()
        if found is None:
            return
        touchpoint_id = found[1].id
        picked = self.query_one("#x-metric", Select).value
        metric = picked if isinstance(picked, str) else None
        baseline = self.query_one("#x-baseline", Input).value
        mde = self.query_one("#x-mde", Input).value
        hypothesis = self.query_one("#x-hypothesis", Input).value

        def done(_: object) -> None:
            self._message("x-error", [])
            self._echoed()

        def refused(error: EditError) -> None:
            self._message("x-error", list(error.errors.values()))

        self._ask(
            lambda plan: experiment_from_texts(
                plan, touchpoint_id, metric, baseline, mde, hypothesis
            ),
            f"experiment/{touchpoint_id}",
            done,
            refused,
        )

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        widget_id = event.input.id or ""
        if isinstance(event.input, WeightInput):
            if event.input.generation == self._split_generation:
                self.edit_split()
        elif widget_id.startswith("v-"):
            self.edit_variant_field(widget_id[2:], event.value)
        elif widget_id.startswith("x-"):
            self.edit_experiment()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A field was left: typing in it again is another undo step."""
        self._typing += 1

    def _body_edited(self, body: FieldText) -> None:
        self.edit_variant_field("body", body.text)

    @on(Select.Changed, "#x-metric")
    def _metric_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.edit_experiment()

    @on(Tabs.TabActivated, "#variant-tabs")
    def _variant_chosen(self, event: Tabs.TabActivated) -> None:
        event.stop()
        tab_id = event.tab.id or ""
        if tab_id in self._tab_ids:
            index = self._tab_ids.index(tab_id)
            if index != self.v_index:
                self.v_index = index
                self._typing += 1
                self.refresh_fields()
                self.post_message(VariantShown())


def _number_or_text(text: str) -> object:
    """Return the number in a field's text (None for none), or the text when it is not one."""
    try:
        return parse_number(text, percent=True)
    except NotANumber:
        return text


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return all(x is y or (isinstance(x, int) and x == y) for x, y in zip(a, b, strict=True))
