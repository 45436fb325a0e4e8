"""The Messages tab: touchpoints by persona, stage and channel; the variant editor; the preview.

On the left, a tree of the plan's touchpoints grouped by persona, stage and channel, with the
planned cells no touchpoint fills yet. In the middle, the chosen touchpoint: its variants as
tabs, the content fields its channel kind uses (a multi-line editor for the body), the split of
the audience between the variants and the control group with its running total, and the
experiment's settings. On the right, the live preview for a chosen persona.

Every keystroke edits the document at once (one undo step per field) and refreshes the preview;
bursts of keystrokes are coalesced into one refresh, and the whole plan is linted in the
background after a pause (``PlanScreen``), so typing never waits for the linter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Literal

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Select, Static, Tab, Tabs, TextArea, Tree
from textual.widgets.tree import TreeNode

from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.model.kinds import CONTENT_FIELDS, FIELD_USAGE
from xcplan.model.plan import Plan, Touchpoint, Variant
from xcplan.tui.document import Cell, Document, EditError, FieldErrors, check_entity
from xcplan.tui.linting import LintReport
from xcplan.tui.messages import PlanChanged
from xcplan.tui.screens.dialogs import confirm
from xcplan.tui.screens.forms import EntityForm, touchpoint_fields
from xcplan.tui.widgets.fields import FieldInput, FieldText
from xcplan.tui.widgets.preview import FIELD_LABELS, PreviewPane, safe_label

NodeKind = Literal["persona", "stage", "cell", "touchpoint"]

_LABELS: Final = {"id": "Id", "locale": "Locale", **FIELD_LABELS}
_HELP: Final = {
    "id": "Names the variant in reports; unique in the touchpoint.",
    "locale": "Language of this variant (BCP 47); empty for the campaign's.",
}
_VARIANT_FIELDS: Final = ("id", "locale", *CONTENT_FIELDS)
_LIVE_CODES: Final = re.compile(r"XC[456]\d\d")
"""Codes the preview finds live for the variant; the touchpoint's others come from the plan."""
_MARK: Final = {Severity.ERROR: "✖", Severity.WARNING: "▲"}
NARROW_BELOW: Final = 108
"""Widths (in columns, of the Messages tab) under which the preview goes under the editor."""
_EXPAND_ALL_BELOW: Final = 300
"""Trees with fewer touchpoint rows than this open fully; bigger ones open the personas only."""


@dataclass(frozen=True, slots=True)
class Node:
    """What a row of the touchpoint tree stands for."""

    kind: NodeKind
    persona: str
    stage: str = ""
    channel: str = ""
    touchpoint: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """A key that names the row across rebuilds of the tree."""
        return (self.kind, self.persona, self.stage, self.channel, self.touchpoint)


def _number(text: str) -> float | int | str | None:
    """Return the number in ``text``, None when empty, or the text itself when not a number."""
    bare = text.strip().rstrip("%").strip()
    if not bare:
        return None
    try:
        value = float(bare)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in bare else value


def _show_number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _control(touchpoint: Touchpoint) -> float:
    """Return the share of the audience a touchpoint holds out as its control group (0: none)."""
    return touchpoint.experiment.control if touchpoint.experiment is not None else 0.0


def split_total(variants: list[Variant], control: float) -> tuple[Text, bool]:
    """Return the running total of a split as text, and whether it adds up to 100."""
    weights = [v.weight for v in variants]
    named = [v.id for v in variants]
    out = Text()
    if all(w is None for w in weights):
        share = (100 - control) / len(variants) if variants else 0
        parts = " · ".join(f"{name} {share:g}" for name in named)
        out.append(f"Equal split: {parts} · control {control:g} = 100 ✓", style="green")
        return out, True
    if any(w is None for w in weights):
        missing = ", ".join(n for n, w in zip(named, weights, strict=True) if w is None)
        out.append(
            f"✖ Weights on some variants but not all (missing: {missing}); give every variant "
            "a weight, or clear them all for an equal split (XC302).",
            style="bold red",
        )
        return out, False
    total = sum(w for w in weights if w is not None) + control
    parts = " + ".join(f"{name} {w:g}" for name, w in zip(named, weights, strict=True))
    ok = abs(total - 100) < 1e-9
    style = "green" if ok else "bold red"
    mark = "✓" if ok else f"✗ must be 100 ({100 - total:+g} to go)"
    out.append(f"{parts} + control {control:g} = {total:g} {mark}", style=style)
    return out, ok


class VariantShown(Message):
    """The editor shows another variant: the preview follows."""


class TouchpointTree(Tree[Node]):
    """The plan's touchpoints by persona, stage and channel, with the empty planned cells."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            show=False,
            id="messages.open",
            tooltip="Edit the touchpoint; on an empty cell, add one",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Touchpoints", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.signature: object = None
        self.touchpoint_nodes: dict[tuple[str, str], TreeNode[Node]] = {}
        """(persona id, touchpoint id) -> the row, to select a touchpoint."""
        self.cell_nodes: dict[Cell, TreeNode[Node]] = {}


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
            for name in _VARIANT_FIELDS:
                with Horizontal(classes="vrow", id=f"vrow-{name}"):
                    yield Static(_LABELS[name], classes="vlabel", id=f"vlabel-{name}")
                    if name == "body":
                        yield FieldText("", id="v-body", classes="v-body")
                    else:
                        field = FieldInput("", id=f"v-{name}", compact=True)
                        field.tooltip = _HELP.get(name)
                        yield field
                yield Static("", classes="verror", id=f"verror-{name}")
        yield Static("Split of the audience", classes="section-title")
        yield Horizontal(id="split-row")
        yield Static("", id="split-total")
        yield Static("", classes="verror", id="split-error")
        yield Static("Experiment", classes="section-title")
        with Horizontal(classes="vrow"):
            yield Static("Metric", classes="vlabel")
            yield Select[str]([], id="x-metric", compact=True, prompt="(no KPI)", allow_blank=True)
        with Horizontal(classes="vrow"):
            yield Static("Baseline", classes="vlabel")
            yield FieldInput("", id="x-baseline", compact=True, placeholder="e.g. 0.04")
            yield Static("MDE", classes="vlabel -short")
            yield FieldInput("", id="x-mde", compact=True, placeholder="e.g. 0.2")
        with Horizontal(classes="vrow"):
            yield Static("Hypothesis", classes="vlabel")
            yield FieldInput("", id="x-hypothesis", compact=True)
        yield Static("", classes="verror", id="x-error")

    # -- reading the model ----------------------------------------------------------------

    def _touchpoint(self) -> tuple[int, Touchpoint] | None:
        if self.touchpoint_id is None:
            return None
        try:
            index = self.document.touchpoint_index(self.touchpoint_id)
        except KeyError:
            return None
        return index, self.document.plan.touchpoints[index]

    def _variant(self) -> Variant | None:
        found = self._touchpoint()
        if found is None:
            return None
        variants = found[1].variants
        return variants[min(self.v_index, len(variants) - 1)]

    # -- showing --------------------------------------------------------------------------

    def load(self, touchpoint_id: str | None, v_index: int | None = None) -> None:
        """Show touchpoint ``touchpoint_id`` (None for none), on variant ``v_index``."""
        if touchpoint_id != self.touchpoint_id:
            self.touchpoint_id = touchpoint_id
            self.v_index = 0
        if v_index is not None:
            self.v_index = v_index
        self.refresh_fields()

    def refresh_fields(self) -> None:
        """Show the current model in every widget that does not show it already."""
        found = self._touchpoint()
        self.set_class(found is None, "-empty")
        if found is None:
            self.touchpoint_id = None
            self.query_one("#tp-heading", Static).update(
                Text(
                    "Choose a touchpoint on the left, or a planned cell and press a to add one.",
                    style="italic",
                )
            )
            return
        touchpoint = found[1]
        plan = self.document.plan
        self.v_index = min(self.v_index, len(touchpoint.variants) - 1)
        self._heading(plan, touchpoint)
        self._tabs(touchpoint)
        variant = touchpoint.variants[self.v_index]
        channel = next((c for c in plan.channels if c.id == touchpoint.channel), None)
        usage = FIELD_USAGE.get(channel.kind, {}) if channel is not None else {}
        for name in _VARIANT_FIELDS:
            value = getattr(variant, name)
            used = name in ("id", "locale") or name in usage or value is not None
            row = self.query_one(f"#vrow-{name}")
            row.display = used
            label = _LABELS[name] + (" *" if usage.get(name) == "required" else "")
            if name in CONTENT_FIELDS and name not in usage:
                label += " ✖"
            self.query_one(f"#vlabel-{name}", Static).update(label)
            self._set_text(f"#v-{name}", "" if value is None else str(value))
        self._split(touchpoint)
        self._experiment(touchpoint)

    def _set_text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector)
        if isinstance(widget, TextArea):
            if widget.text != text:
                widget.load_text(text)
        elif isinstance(widget, Input) and widget.value != text:
            widget.value = text

    def _heading(self, plan: Plan, touchpoint: Touchpoint) -> None:
        channel = next((c for c in plan.channels if c.id == touchpoint.channel), None)
        stage = next((s for s in plan.journey() if s.id == touchpoint.stage), None)
        names = {p.id: p.name for p in plan.personas}
        heading = safe_label(touchpoint.name or touchpoint.id)
        heading.stylize("bold")
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
        heading.append("\n" + " · ".join(facts), style="dim")
        if when:
            heading.append("\n" + " ".join(when), style="dim")
        self.query_one("#tp-heading", Static).update(heading)

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
                    tabs.add_tab(Tab(name, id=tab_id))
        active = self._tab_ids[self.v_index]
        if tabs.active != active:
            with tabs.prevent(Tabs.TabActivated):
                tabs.active = active

    def _split(self, touchpoint: Touchpoint) -> None:
        row = self.query_one("#split-row", Horizontal)
        ids = tuple(v.id for v in touchpoint.variants)
        if ids != self._split_ids:
            self._split_ids = ids
            self._split_generation += 1
            generation = self._split_generation
            row.remove_children()
            widgets: list[Static | FieldInput] = []
            for index, variant in enumerate(touchpoint.variants):
                widgets.append(Static(variant.id, classes="split-label"))
                widgets.append(WeightInput(index, _show_number(variant.weight), generation))
            widgets.append(Static("control", classes="split-label"))
            widgets.append(
                WeightInput(None, _show_number(_control(touchpoint) or None), generation)
            )
            row.mount(*widgets)
        else:
            for widget in self.weight_inputs():
                if widget.position is None:
                    text = _show_number(_control(touchpoint) or None)
                else:
                    text = _show_number(touchpoint.variants[widget.position].weight)
                if _number(widget.value) != _number(text):
                    widget.value = text
        total, ok = split_total(touchpoint.variants, _control(touchpoint))
        label = self.query_one("#split-total", Static)
        label.update(total)
        label.set_class(not ok, "-bad")

    def weight_inputs(self) -> list[WeightInput]:
        """Return the inputs of the split row shown (not those being removed)."""
        generation = self._split_generation
        return [w for w in self.query(WeightInput) if w.generation == generation]

    def _experiment(self, touchpoint: Touchpoint) -> None:
        plan = self.document.plan
        kpis = [(f"{k.name} ({k.id})", k.id) for k in plan.campaign.kpis]
        picker = self.query_one("#x-metric", Select)
        if kpis != self._kpis:
            self._kpis = kpis
            with picker.prevent(Select.Changed):
                picker.set_options(kpis)
        experiment = touchpoint.experiment
        metric = experiment.metric if experiment is not None else None
        wanted = metric if metric in {k for _, k in kpis} else Select.NULL
        if picker.value != wanted:
            with picker.prevent(Select.Changed):
                picker.value = wanted
        for name in ("baseline", "mde"):
            value = getattr(experiment, name) if experiment is not None else None
            widget = self.query_one(f"#x-{name}", Input)
            if _number(widget.value) != value:
                widget.value = _show_number(value)
        hypothesis = (experiment.hypothesis if experiment is not None else None) or ""
        self._set_text("#x-hypothesis", hypothesis)

    # -- editing --------------------------------------------------------------------------

    def _changed(self, revision: int) -> None:
        """Tell the screen about an edit, when the document changed since ``revision``."""
        if self.document.revision != revision:
            self.post_message(PlanChanged(typing=True))

    def _show_errors(self, errors: FieldErrors, names: tuple[str, ...]) -> None:
        for name in names:
            message = errors.get(name, "")
            widget = self.query_one(f"#verror-{name}", Static)
            widget.update(message)
            widget.set_class(bool(message), "-shown")

    def edit_variant_field(self, name: str, text: str) -> None:
        """Set field ``name`` of the current variant to ``text`` (empty removes it)."""
        found = self._touchpoint()
        variant = self._variant()
        if found is None or variant is None:
            return
        current = getattr(variant, name)
        value: str | None = text if text != "" or name == "id" else None
        if value == current:
            self._show_errors({}, (name,))
            return
        data = variant.model_dump(exclude_defaults=True)
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
        touchpoint = found[1]
        revision = self.document.revision
        errors = self.document.set_variant(
            touchpoint.id, self.v_index, data, coalesce=f"variant/{touchpoint.id}/{name}"
        )
        self._show_errors(errors, (name,))
        if not errors:
            if name == "id":
                self.refresh_fields()
            self._changed(revision)

    def edit_split(self) -> None:
        """Apply the weights and the control group typed in the split row."""
        found = self._touchpoint()
        if found is None:
            return
        touchpoint = found[1]
        weights: list[float | None] = [v.weight for v in touchpoint.variants]
        control: float | None = touchpoint.experiment.control if touchpoint.experiment else None
        problems: list[str] = []
        for widget in self.weight_inputs():
            if widget.position is not None and widget.position >= len(weights):
                continue
            value = _number(widget.value)
            who = "control" if widget.position is None else touchpoint.variants[widget.position].id
            if isinstance(value, str):
                problems.append(f"{who}: `{value}` is not a number")
                continue
            if widget.position is None:
                control = value
            else:
                weights[widget.position] = value
        error = self.query_one("#split-error", Static)
        if not problems:
            revision = self.document.revision
            errors = self.document.set_split(
                touchpoint.id, weights, control, coalesce=f"split/{touchpoint.id}"
            )
            problems = [
                f"{'control' if key == 'control' else touchpoint.variants[int(key[7:])].id}: "
                f"{message}"
                for key, message in errors.items()
            ]
            if not errors:
                self._changed(revision)
        error.update("\n".join(problems))
        error.set_class(bool(problems), "-shown")
        found = self._touchpoint()
        if found is not None:
            total, ok = split_total(found[1].variants, _control(found[1]))
            label = self.query_one("#split-total", Static)
            label.update(total)
            label.set_class(not ok, "-bad")

    def edit_experiment(self) -> None:
        """Apply the metric, baseline, MDE and hypothesis typed."""
        found = self._touchpoint()
        if found is None:
            return
        touchpoint = found[1]
        data: dict[str, Any] = (
            touchpoint.experiment.model_dump(exclude_defaults=True)
            if touchpoint.experiment is not None
            else {}
        )
        problems: list[str] = []
        metric = self.query_one("#x-metric", Select).value
        data["metric"] = metric if isinstance(metric, str) else None
        for name in ("baseline", "mde"):
            value = _number(self.query_one(f"#x-{name}", Input).value)
            if isinstance(value, str):
                problems.append(f"{name}: `{value}` is not a number")
                value = getattr(touchpoint.experiment, name, None)
            data[name] = value
        hypothesis = self.query_one("#x-hypothesis", Input).value
        data["hypothesis"] = hypothesis if hypothesis.strip() else None
        data = {k: v for k, v in data.items() if v is not None}
        if not problems:
            revision = self.document.revision
            errors = self.document.set_experiment(
                touchpoint.id, data or None, coalesce=f"experiment/{touchpoint.id}"
            )
            problems = [f"{key or 'experiment'}: {message}" for key, message in errors.items()]
            if not errors:
                self._changed(revision)
        error = self.query_one("#x-error", Static)
        error.update("\n".join(problems))
        error.set_class(bool(problems), "-shown")

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

    @on(TextArea.Changed, "#v-body")
    def _body_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edit_variant_field("body", event.text_area.text)

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
                self.refresh_fields()
                self.post_message(VariantShown())


class WeightInput(FieldInput):
    """The weight of one variant (``position``), or the control group's share (None).

    ``generation`` tells the inputs of the current split row from those being removed.
    """

    def __init__(self, position: int | None, value: str, generation: int) -> None:
        super().__init__(value, compact=True, classes="weight", placeholder="—")
        self.position = position
        self.generation = generation


class MessagesPane(Horizontal):
    """The touchpoint tree, the editor of the chosen touchpoint, and its live preview."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_touchpoint",
            "+Touchpoint",
            id="messages.add_touchpoint",
            tooltip="Add a touchpoint to the chosen cell (its stage and channel)",
        ),
        Binding(
            "e",
            "edit_touchpoint",
            "Settings",
            show=False,
            id="messages.edit_touchpoint",
            tooltip="Edit the touchpoint's name, personas, trigger, after, delay and exit_on",
        ),
        Binding(
            "v",
            "add_variant",
            "+Variant",
            id="messages.add_variant",
            tooltip="Add a variant: a copy of the one shown, to change for an A/B test",
        ),
        Binding(
            "V",
            "remove_variant",
            "−Variant",
            show=False,
            id="messages.remove_variant",
            tooltip="Remove the variant shown (asks first)",
        ),
        Binding(
            "delete",
            "delete_touchpoint",
            "Delete",
            show=False,
            id="messages.delete_touchpoint",
            tooltip="Delete the chosen touchpoint and its variants (asks first)",
        ),
        Binding(
            "]",
            "variant(1)",
            "Next variant",
            show=False,
            id="messages.next_variant",
            tooltip="Show the next variant",
        ),
        Binding(
            "[",
            "variant(-1)",
            "Previous variant",
            show=False,
            id="messages.previous_variant",
            tooltip="Show the previous variant",
        ),
        Binding(
            "p",
            "next_persona",
            "Preview persona",
            show=False,
            id="messages.preview_persona",
            tooltip="Preview for the next persona the touchpoint targets",
        ),
    ]

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.report: LintReport | None = None
        self.cell: Cell | None = None
        """The cell of the tree row chosen last (where ``a`` adds a touchpoint)."""
        self.preview_revision = -1
        """The document revision the preview shows (-1 before the first)."""
        self._preview_pending = False
        self._shown_plan: Plan | None = None

    def compose(self) -> ComposeResult:
        """Build the tree, the editor and the preview."""
        yield TouchpointTree(id="messages-tree")
        with Horizontal(id="messages-right"):
            yield TouchpointEditor(self.document, id="messages-editor")
            yield PreviewPane(id="messages-preview")

    def on_resize(self, event: events.Resize) -> None:
        """Under 110 columns, the preview goes under the editor (class ``-narrow``).

        The class is set here rather than by screen breakpoints, which would restyle every
        widget of the screen when the app starts.
        """
        self.set_class(event.size.width < NARROW_BELOW, "-narrow")

    @property
    def editor(self) -> TouchpointEditor:
        """The editor of the chosen touchpoint."""
        return self.query_one(TouchpointEditor)

    @property
    def preview(self) -> PreviewPane:
        """The preview pane."""
        return self.query_one(PreviewPane)

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan, report: LintReport | None = None) -> None:
        """Show ``plan``: the tree when its shape changed, the editor, then the preview."""
        if report is not None:
            self.report = report
        self._fill_tree(plan)
        editor = self.editor
        if editor.touchpoint_id is None or editor._touchpoint() is None:
            first = next(iter(self.query_one(TouchpointTree).touchpoint_nodes), None)
            editor.load(first[1] if first is not None else None)
        elif plan is not self._shown_plan:
            # Only when the plan changed: a text the writer is fixing stays as typed.
            editor.refresh_fields()
        self._shown_plan = plan
        self.request_preview()

    def show_report(self, report: LintReport) -> None:
        """Mark the touchpoints with the problems of ``report``."""
        self.report = report
        self._fill_tree(self.document.plan)
        self.request_preview()

    def _marks(self, plan: Plan) -> dict[int, Severity]:
        marks: dict[int, Severity] = {}
        if self.report is None or self.report.plan is None:
            return marks
        for diagnostic in self.report.diagnostics:
            loc = diagnostic.loc
            if diagnostic.severity is Severity.INFO or len(loc) < 2:
                continue
            if loc[0] != "touchpoints" or not isinstance(loc[1], int):
                continue
            known = marks.get(loc[1])
            if known is None or diagnostic.severity.rank < known.rank:
                marks[loc[1]] = diagnostic.severity
        return marks

    def _fill_tree(self, plan: Plan) -> None:
        tree = self.query_one(TouchpointTree)
        marks = self._marks(plan) if self.report is not None and self.report.plan is plan else {}
        journey = plan.journey()
        shape = (
            tuple((p.id, p.name) for p in plan.personas),
            tuple((s.id, s.name) for s in journey),
            tuple((c.id, c.name, c.kind) for c in plan.channels),
            tuple(
                (t.id, t.name, tuple(t.personas), t.stage, t.channel, len(t.variants))
                for t in plan.touchpoints
            ),
            tuple(
                sorted(
                    (p, tuple((s, tuple(c)) for s, c in row.items())) for p, row in plan.map.items()
                )
            ),
            tuple(sorted(marks.items(), key=lambda item: item[0])),
        )
        if shape == tree.signature:
            return
        first_fill = tree.signature is None
        tree.signature = shape
        expanded = {
            node.data.key for node in _walk(tree.root) if node.data is not None and node.is_expanded
        }
        chosen = tree.cursor_node.data.key if tree.cursor_node and tree.cursor_node.data else None
        tree.clear()
        tree.touchpoint_nodes = {}
        tree.cell_nodes = {}
        channels = {c.id: c for c in plan.channels}
        by_cell: dict[Cell, list[tuple[int, Touchpoint]]] = {}
        for index, touchpoint in enumerate(plan.touchpoints):
            for persona_id in dict.fromkeys(touchpoint.personas):
                cell = (persona_id, touchpoint.stage, touchpoint.channel)
                by_cell.setdefault(cell, []).append((index, touchpoint))
        expand_all = len(plan.touchpoints) < _EXPAND_ALL_BELOW
        cursor_line = -1
        for persona in plan.personas:
            node = tree.root.add(
                Text(persona.name, style="bold"), Node("persona", persona.id), expand=True
            )
            row = plan.map.get(persona.id, {})
            for stage in journey:
                planned = list(row.get(stage.id, []))
                filled = [c for (p, s, c) in by_cell if p == persona.id and s == stage.id]
                cells = planned + [c for c in dict.fromkeys(filled) if c not in planned]
                if not cells:
                    continue
                stage_data = Node("stage", persona.id, stage.id)
                stage_node = node.add(
                    Text(stage.name),
                    stage_data,
                    expand=expand_all or stage_data.key in expanded,
                )
                for channel_id in cells:
                    cell = (persona.id, stage.id, channel_id)
                    filling = by_cell.get(cell, [])
                    channel = channels.get(channel_id)
                    label = Text(channel.name or channel.id if channel else channel_id)
                    if channel is not None and label.plain != channel.kind:
                        label.append(f" {channel.kind}", style="dim")
                    if channel_id not in planned:
                        label.append(" ✖ not planned", style="bold red")
                    elif not filling:
                        label.append(" ◌ empty", style="yellow")
                    cell_data = Node("cell", persona.id, stage.id, channel_id)
                    if not filling:
                        tree.cell_nodes[cell] = stage_node.add_leaf(label, cell_data)
                        continue
                    cell_node = stage_node.add(
                        label, cell_data, expand=expand_all or cell_data.key in expanded
                    )
                    tree.cell_nodes[cell] = cell_node
                    for index, touchpoint in filling:
                        leaf_label = safe_label(touchpoint.name or touchpoint.id)
                        if len(touchpoint.variants) > 1:
                            leaf_label.append(f" ×{len(touchpoint.variants)}", style="dim")
                        mark = marks.get(index)
                        if mark is not None:
                            style = "bold red" if mark is Severity.ERROR else "yellow"
                            leaf_label.append(f" {_MARK[mark]}", style=style)
                        leaf = cell_node.add_leaf(
                            leaf_label,
                            Node("touchpoint", persona.id, stage.id, channel_id, touchpoint.id),
                        )
                        tree.touchpoint_nodes[(persona.id, touchpoint.id)] = leaf
        if chosen is not None:
            for node in _walk(tree.root):
                if node.data is not None and node.data.key == chosen:
                    cursor_line = node.line
                    break
        if cursor_line >= 0:
            tree.move_cursor_to_line(cursor_line)
        elif first_fill and tree.touchpoint_nodes:
            first = next(iter(tree.touchpoint_nodes.values()))
            tree.move_cursor(first)

    def request_preview(self) -> None:
        """Refresh the preview soon: once for a burst of edits."""
        if self._preview_pending:
            return
        self._preview_pending = True
        self.call_later(self._refresh_preview)

    def _refresh_preview(self) -> None:
        self._preview_pending = False
        document = self.document
        editor = self.editor
        found = editor._touchpoint()
        preview = self.preview
        if found is None:
            preview.clear("No touchpoint chosen.")
            self.preview_revision = document.revision
            return
        t_index, touchpoint = found
        others: list[Diagnostic] = []
        report = self.report
        if report is not None and report.plan is not None:
            ids = [t.id for t in report.plan.touchpoints]
            if touchpoint.id in ids:
                old = ids.index(touchpoint.id)
                others = [
                    d
                    for d in report.diagnostics
                    if len(d.loc) >= 2
                    and d.loc[0] == "touchpoints"
                    and d.loc[1] == old
                    and not _LIVE_CODES.fullmatch(d.code)
                ]
        preview.show(document.plan, document.config, t_index, editor.v_index, others)
        self.preview_revision = document.revision

    # -- choosing -------------------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#messages-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind in ("cell", "touchpoint"):
            self.cell = (data.persona, data.stage, data.channel)
        if data.kind == "touchpoint":
            self.preview.persona_id = data.persona
            if data.touchpoint != self.editor.touchpoint_id:
                self.editor.load(data.touchpoint)
            self.request_preview()

    @on(Tree.NodeSelected, "#messages-tree")
    def _selected(self, event: Tree.NodeSelected[Node]) -> None:
        event.stop()
        data = event.node.data
        if data is None:
            return
        if data.kind == "touchpoint":
            self.editor.load(data.touchpoint)
            self.focus_field()
        elif data.kind == "cell" and not event.node.children:
            self.cell = (data.persona, data.stage, data.channel)
            self.action_add_touchpoint()

    @on(VariantShown)
    def _variant_shown(self, event: VariantShown) -> None:
        event.stop()
        self.request_preview()

    @on(PreviewPane.PersonaChosen)
    def _persona_chosen(self, event: PreviewPane.PersonaChosen) -> None:
        event.stop()
        self.request_preview()

    @on(PlanChanged)
    def _edited(self, event: PlanChanged) -> None:
        # Let the screen see the edit; the preview follows at once.
        self.request_preview()

    def focus_field(self, name: str | None = None) -> None:
        """Focus a field of the variant shown (the body, or the first field, by default)."""
        editor = self.editor
        candidates = [name] if name else ["body", "subject", "title", "headline"]
        for candidate in candidates:
            if candidate not in _VARIANT_FIELDS:
                continue
            row = editor.query_one(f"#vrow-{candidate}")
            if row.display:
                widget = editor.query_one(f"#v-{candidate}")
                widget.focus()
                widget.scroll_visible(animate=False)
                return
        editor.query_one("#v-id").focus()

    def choose_touchpoint(
        self, touchpoint_id: str, v_index: int | None = None, field: str | None = None
    ) -> bool:
        """Show touchpoint ``touchpoint_id`` (and variant, and field); False when absent."""
        plan = self.document.plan
        touchpoint = next((t for t in plan.touchpoints if t.id == touchpoint_id), None)
        if touchpoint is None:
            return False
        tree = self.query_one(TouchpointTree)
        persona = self.preview.persona_id
        if persona not in touchpoint.personas:
            persona = touchpoint.personas[0]
        node = tree.touchpoint_nodes.get((persona, touchpoint_id))
        if node is not None:
            _open_to(node)
            tree.move_cursor(node)
        self.preview.persona_id = persona
        self.cell = (persona, touchpoint.stage, touchpoint.channel)
        self.editor.load(touchpoint_id, v_index)
        self.request_preview()
        if field is not None or v_index is not None:
            self.focus_field(field)
        else:
            tree.focus()
        return True

    def open_cell(self, cell: Cell) -> None:
        """Show the first touchpoint of a journey cell, or offer to add one when it has none."""
        persona_id, stage_id, channel_id = cell
        self.cell = cell
        for touchpoint in self.document.plan.touchpoints:
            if (
                persona_id in touchpoint.personas
                and touchpoint.stage == stage_id
                and touchpoint.channel == channel_id
            ):
                self.preview.persona_id = persona_id
                self.choose_touchpoint(touchpoint.id)
                return
        node = self.query_one(TouchpointTree).cell_nodes.get(cell)
        if node is not None:
            _open_to(node)
            self.query_one(TouchpointTree).move_cursor(node)
        self.action_add_touchpoint()

    # -- actions --------------------------------------------------------------------------

    def _cell_for_new(self) -> Cell | None:
        if self.cell is not None:
            return self.cell
        plan = self.document.plan
        for persona_id, row in plan.map.items():
            for stage_id, cells in row.items():
                if cells:
                    return (persona_id, stage_id, cells[0])
        if plan.personas and plan.channels:
            return (plan.personas[0].id, plan.journey()[0].id, plan.channels[0].id)
        return None

    def action_add_touchpoint(self) -> None:
        """Add a touchpoint to the chosen cell, in a form prefilled for it."""
        cell = self._cell_for_new()
        if cell is None:
            self.notify("Add a persona and a channel first.", severity="warning")
            return
        data = self.document.new_touchpoint_data(*cell)
        self._touchpoint_form("Add a touchpoint", data, None)

    def action_edit_touchpoint(self) -> None:
        """Edit the chosen touchpoint's settings in a form."""
        touchpoint_id = self.editor.touchpoint_id
        if touchpoint_id is None:
            self.notify("Choose a touchpoint first.", severity="warning")
            return
        touchpoint = self.document.touchpoint(touchpoint_id)
        data = touchpoint.model_dump(exclude_defaults=True)
        self._touchpoint_form(f"Touchpoint {touchpoint_id}", data, touchpoint_id)

    def _touchpoint_form(self, title: str, data: dict[str, Any], old_id: str | None) -> None:
        document = self.document
        plan = document.plan
        taken = {t.id for t in plan.touchpoints} - ({old_id} if old_id else set())

        def validate(values: dict[str, Any]) -> FieldErrors:
            _, errors = check_entity("touchpoints", values)
            if not errors and values.get("id") in taken:
                return {"id": f"there is already a touchpoint `{values['id']}`"}
            if not errors and old_id is not None and values.get("after") == old_id:
                return {"after": "a touchpoint cannot start after itself"}
            return errors

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            try:
                if old_id is None:
                    made = document.add_touchpoint(result)
                else:
                    made = document.update_touchpoint(old_id, result)
            except EditError as error:
                self.notify(error.message, title="Not saved", severity="error")
                return
            self.post_message(PlanChanged())
            self.call_after_refresh(self.choose_touchpoint, made.id, 0, None)

        fields = touchpoint_fields(plan, old_id)
        submit = "Add" if old_id is None else "Save"
        self.app.push_screen(EntityForm(title, fields, data, validate, submit_label=submit), done)

    def action_delete_touchpoint(self) -> None:
        """Delete the chosen touchpoint, after saying what goes with it."""
        touchpoint_id = self.editor.touchpoint_id
        if touchpoint_id is None:
            self.notify("Choose a touchpoint first.", severity="warning")
            return
        impact = self.document.touchpoint_impact(touchpoint_id)
        variants = len(self.document.touchpoint(touchpoint_id).variants)

        def done(answer: str | None) -> None:
            if answer != "yes":
                return
            try:
                self.document.delete_touchpoint(touchpoint_id)
            except KeyError:
                return
            self.editor.load(None)
            self.post_message(PlanChanged())

        lines = [f"Its {variants} variant{'s' if variants != 1 else ''} go with it."]
        lines += [line for line in impact.lines() if not line.startswith("1 touchpoint will")]
        self.app.push_screen(confirm(f"Delete {impact.what}?", lines, "Delete", tone="error"), done)

    def action_add_variant(self) -> None:
        """Add a variant, a copy of the one shown."""
        editor = self.editor
        if editor.touchpoint_id is None:
            self.notify("Choose a touchpoint first.", severity="warning")
            return
        variant = self.document.add_variant(editor.touchpoint_id, copy_of=editor.v_index)
        editor.load(
            editor.touchpoint_id, len(self.document.touchpoint(editor.touchpoint_id).variants) - 1
        )
        self.post_message(PlanChanged())
        note = " with weight 0: share the split again" if variant.weight is not None else ""
        self.notify(f"Added variant {variant.id}, a copy of the one shown{note}.")

    def action_remove_variant(self) -> None:
        """Remove the variant shown, after asking."""
        editor = self.editor
        touchpoint_id = editor.touchpoint_id
        if touchpoint_id is None:
            self.notify("Choose a touchpoint first.", severity="warning")
            return
        touchpoint = self.document.touchpoint(touchpoint_id)
        if len(touchpoint.variants) == 1:
            self.notify(
                "A touchpoint needs at least one variant: add another first.", severity="warning"
            )
            return
        v_index = editor.v_index
        variant = touchpoint.variants[v_index]

        def done(answer: str | None) -> None:
            if answer != "yes":
                return
            try:
                self.document.remove_variant(touchpoint_id, v_index)
            except (EditError, KeyError, IndexError) as error:
                self.notify(str(error), severity="error")
                return
            editor.load(touchpoint_id, max(0, v_index - 1))
            self.post_message(PlanChanged())

        lines = ["Its copy goes with it. Undo (ctrl+z) brings it back."]
        if variant.weight is not None:
            lines.append(f"Its weight ({variant.weight:g}) is left to share out again.")
        title = f"Remove variant {variant.id} of {touchpoint_id}?"
        self.app.push_screen(confirm(title, lines, "Remove", tone="error"), done)

    def action_variant(self, delta: int) -> None:
        """Show the next (1) or previous (-1) variant."""
        editor = self.editor
        found = editor._touchpoint()
        if found is None:
            return
        count = len(found[1].variants)
        editor.load(editor.touchpoint_id, (editor.v_index + delta) % count)
        self.request_preview()

    def action_next_persona(self) -> None:
        """Preview for the next persona the touchpoint targets."""
        found = self.editor._touchpoint()
        if found is None:
            return
        personas = list(dict.fromkeys(found[1].personas))
        current = self.preview.persona_id
        index = personas.index(current) if current in personas else -1
        self.preview.persona_id = personas[(index + 1) % len(personas)]
        self.request_preview()

    @on(Button.Pressed, "#tp-settings")
    def _settings_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_edit_touchpoint()

    @on(Button.Pressed, "#tp-add-variant")
    def _add_variant_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_variant()

    @on(Button.Pressed, "#tp-remove-variant")
    def _remove_variant_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_remove_variant()

    @on(Button.Pressed, "#tp-delete")
    def _delete_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_delete_touchpoint()


def _walk(node: TreeNode[Node]) -> list[TreeNode[Node]]:
    out: list[TreeNode[Node]] = []
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children))
    return out


def _open_to(node: TreeNode[Node]) -> None:
    parent = node.parent
    while parent is not None:
        parent.expand()
        parent = parent.parent
