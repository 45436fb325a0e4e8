"""The Timeline tab: a persona's walk through the plan in time, and the scenario and policies
that shape it, edited in place.

At the top, the persona and the walk to show: one of its declared scenarios, its `eager` walk
when it has none, or a what-if tried here and not saved. Under them the walk as lanes, one per
channel, over time (``TimelineLanes``, drawn from ``xcplan.edit.timeline.lay_out``): each message
marked by its status with its own glyph and colour, quiet hours shaded, the campaign's end
marked, and the messages never reached listed under the lanes. Left and right move along the
walk (a click selects too); the line below says what became of the message selected, and the
preview beside it is the Messages tab's own, for the walk's persona. On the left, what XC701 to
XC707 find in this walk, then the scenario's fields and the plan's policies: each is checked as
it is typed, goes into the plan at once (one undo step per field) and the walk, its findings and
the lanes follow within the keystroke. The whole plan is linted after a pause, as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Final

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Select, Static, TextArea

from xcplan.edit.change import Edit
from xcplan.edit.document import Document
from xcplan.edit.entities import EditError
from xcplan.edit.fields import FieldSpec, FieldValueError, parse_value, render_value
from xcplan.edit.forms import CAP_FIELDS, MIN_GAP_FIELD, QUIET_FIELDS, scenario_fields, unique_id
from xcplan.edit.jump import TimelinePlace
from xcplan.edit.policies import PolicyName, policy_from_values, policy_texts, set_policy
from xcplan.edit.scenarios import (
    add_scenario,
    cycle_expectation,
    duplicate_scenario,
    new_scenario_data,
    remove_scenario,
    scenario_at,
    scenario_data,
    set_scenario_field,
)
from xcplan.edit.timeline import (
    GLYPHS,
    Layout,
    Pick,
    WhatIf,
    default_pick,
    default_start_text,
    events_text,
    expectations,
    fit_zoom,
    lay_out,
    message_at,
    message_facts,
    month_label,
    options,
    start_text,
    step,
    still_valid,
    walk_diagnostics,
    walk_of,
    what_if_from_texts,
    what_if_of,
    zoom_label,
    zoomed,
)
from xcplan.journey.walk import Status, Walk
from xcplan.lint.diagnostics import Diagnostic
from xcplan.model.config import Config
from xcplan.model.durations import format_minutes
from xcplan.model.plan import Plan, Policies, Scenario
from xcplan.render.hidden import terminal_safe
from xcplan.render.preview import served_personas
from xcplan.richtext import findings
from xcplan.tui.dialogs.question import confirm
from xcplan.tui.messages import EditPlan
from xcplan.tui.widgets.fields import FieldInput, FieldText, update_in_place
from xcplan.tui.widgets.preview import PreviewPane

STYLES: Final = {
    "sent": "bold green",
    "deferred": "bold yellow",
    "skipped": "bold red",
    "dropped": "bold bright_blue",
    "cancelled": "bold magenta",
    "quiet": "grey42",
    "trail": "yellow",
    "end": "bold red",
    "": "",
}
"""How each role of a lane's cell is drawn (the glyphs tell statuses apart without colour)."""
_STATUS_STYLES: Final = {
    Status.SENT: STYLES["sent"],
    Status.DEFERRED: STYLES["deferred"],
    Status.SKIPPED: STYLES["skipped"],
    Status.DROPPED: STYLES["dropped"],
    Status.CANCELLED: STYLES["cancelled"],
    Status.NOT_REACHED: "dim",
}
LEGEND: Final = "● sent ◐ deferred ○ skipped × dropped ⊘ cancelled ░ quiet hours ┃ end"
_SCENARIO_ROWS: Final = ("name", "id", "persona", "start", "events", "sent", "not_sent")
_WHAT_IF_ROWS: Final = frozenset({"start", "events"})
_POLICY_ROWS: Final[dict[PolicyName, tuple[FieldSpec, ...]]] = {
    "frequency_cap": CAP_FIELDS,
    "quiet_hours": QUIET_FIELDS,
    "min_gap": (MIN_GAP_FIELD,),
}
_POLICY_LABELS: Final = {"frequency_cap": "Cap", "quiet_hours": "Quiet", "min_gap": "Min gap"}


def _safe(text: str) -> str:
    return terminal_safe(text, one_line=True)


class TimelineLanes(Widget, can_focus=True):
    """The walk as lanes over time; a cursor on the message selected."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "left",
            "step(-1)",
            "Previous",
            show=False,
            id="timeline.previous",
            tooltip="Select the previous message of the walk",
        ),
        Binding(
            "right",
            "step(1)",
            "Next",
            show=False,
            id="timeline.next",
            tooltip="Select the next message of the walk",
        ),
        Binding(
            "home",
            "step(-1000)",
            "First",
            show=False,
            id="timeline.first",
            tooltip="Select the first message of the walk",
        ),
        Binding(
            "end",
            "step(1000)",
            "Last",
            show=False,
            id="timeline.last",
            tooltip="Select the last message of the walk (the ones never reached come last)",
        ),
        Binding(
            "enter",
            "open",
            "Edit copy",
            id="timeline.open",
            tooltip="Show the selected message on the Messages tab, to edit its copy",
        ),
    ]

    class Selected(Message):
        """The user selected the message at ``position`` of the walk."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    class Open(Message):
        """The user asked to edit the selected message's copy."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.walk: Walk | None = None
        self.plan: Plan | None = None
        self.selected: int | None = None
        self.zoom: int | None = None
        """Minutes per column; None until the walk is first laid out (it then fits the walk)."""
        self.origin: int | None = None
        self.drawn: Layout | None = None
        """The layout drawn last (for clicks and tests)."""
        self._unreached_spans: list[tuple[int, int, int]] = []

    def show(self, walk: Walk | None, plan: Plan, selected: int | None, *, fit: bool) -> None:
        """Draw ``walk`` with ``selected`` chosen; ``fit`` zooms to fit a newly chosen walk."""
        lines = self._height()
        self.walk, self.plan, self.selected = walk, plan, selected
        if fit:
            self.zoom = None
            self.origin = None
        self.refresh(layout=self._height() != lines)

    def _height(self) -> int:
        walk = self.walk
        if walk is None:
            return 1
        lanes = len({m.channel for m in walk.messages})
        unreached = any(m.time is None for m in walk.messages)
        return 2 + lanes + (1 if unreached else 0)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """As many lines as the axis, the lanes and the list of messages never reached."""
        return self._height()

    def zoom_by(self, steps: int) -> str:
        """Zoom in (negative) or out; return what a column stands for now."""
        current = self.zoom if self.zoom is not None else self._fitted()
        self.zoom = zoomed(current, steps)
        self.refresh()
        return zoom_label(self.zoom)

    def _fitted(self) -> int:
        if self.walk is None:
            return 180
        return fit_zoom(self.walk, max(8, self.size.width - 13))

    def render(self) -> Text:
        """Draw the axis, the lanes, and the messages never reached."""
        walk, plan = self.walk, self.plan
        if walk is None or plan is None:
            return Text("No walk to show.", style="italic")
        if not walk.messages:
            return Text(
                f"No touchpoint targets {_safe(walk.persona)}: nothing to walk.", style="italic"
            )
        if self.zoom is None:
            self.zoom = self._fitted()
        width = max(20, self.size.width)
        layout = lay_out(
            walk, plan, width=width, zoom=self.zoom, selected=self.selected, origin=self.origin
        )
        self.drawn = layout
        self.origin = layout.origin
        pad = layout.label_width
        cursor = layout.marks.get(self.selected) if self.selected is not None else None
        out = Text(no_wrap=True, overflow="crop")
        out.append(f"{zoom_label(layout.zoom)}/col".ljust(pad), style="dim")
        out.append(layout.days, style="bold")
        out.append("\n")
        arrows = ("◂" if layout.more_before else " ") + ("▸" if layout.more_after else " ")
        month = month_label(walk, layout)
        out.append(f"{month:<{pad - 3}}"[: pad - 3], style="dim")
        out.append(arrows.ljust(3), style="bold")
        out.append(layout.ticks, style="dim")
        for number, lane in enumerate(layout.lanes):
            out.append("\n")
            chosen = cursor is not None and cursor[0] == number
            out.append(_safe(lane.label), style="bold underline" if chosen else "")
            out.append(" " * (pad - len(_safe(lane.label))))
            for cell in lane.cells:
                style = STYLES[cell.role]
                if cell.message is not None and cell.message == self.selected:
                    style = f"{style} reverse"
                out.append(cell.text, style=style)
        self._unreached_spans = []
        if layout.unreached:
            out.append("\n")
            out.append("not reached".ljust(pad), style="dim")
            column = pad
            for number, position in enumerate(layout.unreached):
                if number:
                    out.append(", ", style="dim")
                    column += 2
                name = _safe(walk.messages[position].touchpoint)
                chosen = position == self.selected
                out.append(name, style="reverse" if chosen else "dim")
                self._unreached_spans.append((column, column + len(name), position))
                column += len(name)
        return out

    def on_click(self, event: events.Click) -> None:
        """Select the message under the click (on a lane, or in the list never reached)."""
        layout = self.drawn
        if layout is None:
            return
        x, y = event.x, event.y
        found: int | None = None
        if 2 <= y < 2 + len(layout.lanes) and x >= layout.label_width:
            found = message_at(layout, y - 2, x - layout.label_width)
        elif y == 2 + len(layout.lanes):
            found = next((p for start, end, p in self._unreached_spans if start <= x < end), None)
        self.focus()
        if found is not None:
            event.stop()
            self.post_message(self.Selected(found))

    def action_step(self, delta: int) -> None:
        """Select the message ``delta`` places along the walk."""
        if self.walk is None:
            return
        found = step(self.walk, self.selected, delta)
        if found is not None and found != self.selected:
            self.post_message(self.Selected(found))

    def action_open(self) -> None:
        """Ask to edit the selected message's copy."""
        if self.selected is not None:
            self.post_message(self.Open())


class TimelinePane(Vertical):
    """A persona's walk in time, its findings, and the scenario and policies edited in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "]",
            "scenario(1)",
            "Next scenario",
            show=False,
            id="timeline.next_scenario",
            tooltip="Show the next walk of the persona (its scenarios, then a what-if)",
        ),
        Binding(
            "[",
            "scenario(-1)",
            "Previous scenario",
            show=False,
            id="timeline.previous_scenario",
            tooltip="Show the previous walk of the persona",
        ),
        Binding(
            "p",
            "persona(1)",
            "Next persona",
            show=False,
            id="timeline.next_persona",
            tooltip="Show the next persona's walks",
        ),
        Binding(
            "plus,equals_sign",
            "zoom(-1)",
            "Zoom in",
            key_display="+",
            id="timeline.zoom_in",
            tooltip="Fewer minutes per column: see the hours",
        ),
        Binding(
            "minus",
            "zoom(1)",
            "Zoom out",
            key_display="-",
            id="timeline.zoom_out",
            tooltip="More minutes per column: see the weeks",
        ),
        Binding(
            "a",
            "add_scenario",
            "+Scenario",
            id="timeline.add_scenario",
            tooltip="Add a scenario for the persona (it starts as the eager walk)",
        ),
        Binding(
            "c",
            "duplicate_scenario",
            "Duplicate",
            show=False,
            id="timeline.duplicate_scenario",
            tooltip="Add a copy of the scenario shown, to change one thing",
        ),
        Binding(
            "delete",
            "remove_scenario",
            "Remove",
            show=False,
            id="timeline.remove_scenario",
            tooltip="Remove the scenario shown (asks first; undo brings it back)",
        ),
        Binding(
            "w",
            "what_if",
            "What if",
            show=False,
            id="timeline.what_if",
            tooltip="Try another start or other events on the walk shown, without saving them",
        ),
        Binding(
            "k",
            "keep_what_if",
            "Keep",
            show=False,
            id="timeline.keep_what_if",
            tooltip="Keep the what-if as a scenario of the plan",
        ),
        Binding(
            "x",
            "expect",
            "Expect",
            id="timeline.expect",
            tooltip="What the scenario expects of the selected message, in turn: it reaches "
            "the customer, it does not, nothing",
        ),
        Binding(
            "s",
            "focus_field('start')",
            "Start",
            show=False,
            id="timeline.edit_start",
            tooltip="Edit when the customer enters",
        ),
        Binding(
            "e",
            "focus_field('events')",
            "Events",
            show=False,
            id="timeline.edit_events",
            tooltip="Edit the events the customer does",
        ),
        Binding(
            "o",
            "focus_field('policies')",
            "Policies",
            show=False,
            id="timeline.edit_policies",
            tooltip="Edit the plan's policies: the frequency cap, quiet hours, min_gap",
        ),
    ]

    class OpenTouchpoint(Message):
        """The user asked to edit a touchpoint's copy (on the Messages tab)."""

        def __init__(self, touchpoint_id: str) -> None:
            super().__init__()
            self.touchpoint_id = touchpoint_id

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.pick: Pick | None = None
        """The walk shown."""
        self.what_if: WhatIf | None = None
        """The what-if tried (when ``pick`` is one)."""
        self.walk: Walk | None = None
        self.diagnostics: list[Diagnostic] = []
        """What XC701 to XC707 find in the walk shown."""
        self.selected: str | None = None
        """The touchpoint of the message selected (kept as the walk changes)."""
        self.lanes = TimelineLanes(id="timeline-lanes")
        self.preview = PreviewPane(id="timeline-preview")
        self._plan: Plan | None = None
        self._config: Config | None = None
        self._shown_scenario: Scenario | None = None
        """The scenario the fields show (the fields are filled again when it changes)."""
        self._shown_what_if: WhatIf | None = None
        self._shown_policies: Policies | bool | None = False
        """The policies the fields show (False before they show any)."""
        self._scenario_personas: list[tuple[str, str]] = []
        self._said: dict[str, str] = {}
        """The message shown under each field (by its widget id)."""
        self._options: list[tuple[str, Pick]] = []
        self._personas: list[tuple[str, str]] = []
        self._preview_key: object = None
        self._typing = 0
        self._fields = scenario_fields(document.plan, default_start_text(document.plan))
        self._specs = {field.name: field for field in self._fields}

    # -- building -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Build the pickers, the lanes, the detail line, the fields and the preview."""
        with Horizontal(id="timeline-top"):
            yield Select[str]([], id="timeline-persona", compact=True, allow_blank=True)
            yield Select[Pick]([], id="timeline-scenario", compact=True, allow_blank=True)
        yield self.lanes
        yield Static(LEGEND, id="timeline-legend", markup=False)
        yield Static("", id="timeline-detail")
        with Horizontal(id="timeline-body"):
            with VerticalScroll(id="timeline-side"):
                yield Static("", id="timeline-findings")
                yield Static("Scenario", classes="section-title", id="timeline-scenario-title")
                yield Static("", id="timeline-note", classes="pane-help")
                for field in self._fields:
                    yield from self._row(field)
                yield Static("Policies (the whole plan)", classes="section-title")
                yield Static("", id="timeline-policies")
                for name, fields in _POLICY_ROWS.items():
                    yield from self._policy_row(name, fields)
                with Horizontal(classes="toolbar"):
                    yield Button("Add", id="timeline-add", compact=True)
                    yield Button("Duplicate", id="timeline-duplicate", compact=True)
                    yield Button("Remove", id="timeline-remove", compact=True)
                    yield Button("Keep what-if", id="timeline-keep", compact=True)
            yield self.preview

    def _row(self, field: FieldSpec) -> ComposeResult:
        with Vertical(classes="tl-field", id=f"tlrow-{field.name}"):
            with Horizontal(classes="tl-line"):
                yield Static(field.label, classes="field-label", markup=False)
                widget_id = f"tl-{field.name}"
                if field.kind == "select":
                    yield Select[str]([], id=widget_id, compact=True, allow_blank=True)
                elif field.kind == "events":
                    yield FieldText(id=widget_id, classes="tl-events", compact=True)
                else:
                    yield FieldInput(
                        placeholder=field.placeholder,
                        id=widget_id,
                        classes="tl-input",
                        compact=True,
                    )
            yield Static("", id=f"tl-{field.name}-error", classes="tl-error", markup=False)

    def _policy_row(self, name: PolicyName, fields: tuple[FieldSpec, ...]) -> ComposeResult:
        with Vertical(classes="tl-field", id=f"tlrow-{name}"):
            with Horizontal(classes="tl-line"):
                yield Static(_POLICY_LABELS[name], classes="field-label")
                for field in fields:
                    widget_id = f"tl-{name}-{field.name}"
                    if field.name == "kinds":
                        continue
                    if field.kind == "select":
                        yield Select[str](
                            [(Text(label), value) for label, value in field.options],
                            id=widget_id,
                            compact=True,
                            allow_blank=False,
                            classes=f"tl-policy -{field.name}",
                        )
                        continue
                    if field.label[:1].islower():
                        yield Static(field.label, classes="tl-word")
                    yield FieldInput(
                        placeholder=field.placeholder,
                        id=widget_id,
                        classes=f"tl-policy -{field.name}",
                        compact=True,
                    )
            kinds = next((f for f in fields if f.name == "kinds"), None)
            if kinds is not None:
                with Horizontal(classes="tl-line"):
                    yield Static(kinds.label, classes="field-label")
                    yield FieldInput(
                        placeholder=kinds.placeholder,
                        id=f"tl-{name}-kinds",
                        classes="tl-policy -kinds",
                        compact=True,
                    )
            yield Static("", id=f"tl-{name}-error", classes="tl-error", markup=False)

    def on_mount(self) -> None:
        """Show the first persona's first walk."""
        self.show(self.document.plan)

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan) -> None:
        """Show the walk picked in ``plan``: walk it again, draw the lanes, the findings, the
        detail and the preview, and bring the fields up to date (not the one being typed)."""
        config = self.document.config
        if plan is self._plan and config is self._config:
            return
        self._plan, self._config = plan, config
        pick = self.pick
        if pick is None or not still_valid(plan, pick):
            personas = [p.id for p in plan.personas]
            persona = pick.persona if pick is not None and pick.persona in personas else None
            persona = persona or (personas[0] if personas else None)
            self._set_pick(None if persona is None else default_pick(plan, persona), plan)
        self._pickers(plan)
        self._fill_fields(plan)
        self._walk(plan, fit=False)

    def _set_pick(self, pick: Pick | None, plan: Plan) -> None:
        changed = pick != self.pick
        self.pick = pick
        if changed and pick is not None and pick.kind == "what_if":
            self.what_if = what_if_of(plan, pick)
        if changed:
            self._shown_scenario = None
            self._shown_what_if = None

    def _pickers(self, plan: Plan) -> None:
        persona_picker = self.query_one("#timeline-persona", Select)
        personas = [(p.name, p.id) for p in plan.personas]
        if personas != self._personas:
            self._personas = personas
            with persona_picker.prevent(Select.Changed):
                persona_picker.set_options([(Text(_safe(name)), value) for name, value in personas])
        pick = self.pick
        if pick is not None and persona_picker.value != pick.persona:
            with persona_picker.prevent(Select.Changed):
                persona_picker.value = pick.persona
        picker = self.query_one("#timeline-scenario", Select)
        shown = [(o.label, o.pick) for o in options(plan, pick.persona)] if pick else []
        if shown != self._options:
            self._options = shown
            with picker.prevent(Select.Changed):
                picker.set_options([(Text(_safe(label)), value) for label, value in shown])
        if pick is not None and picker.value != pick:
            with picker.prevent(Select.Changed):
                picker.value = pick

    def _walk(self, plan: Plan, *, fit: bool) -> None:
        """Walk the pick again and show everything that follows from the walk."""
        pick = self.pick
        walk = walk_of(plan, pick, self.what_if) if pick is not None else None
        self.walk = walk
        config = self.document.config
        self.diagnostics = walk_diagnostics(plan, config, walk) if walk is not None else []
        position = self._position()
        if position is None and walk is not None and walk.messages:
            position = 0
            self.selected = walk.messages[0].touchpoint
        self.lanes.show(walk, plan, position, fit=fit)
        self._findings()
        self._detail(plan)
        self._show_preview(plan)

    def _position(self) -> int | None:
        walk = self.walk
        if walk is None or self.selected is None:
            return None
        return next((i for i, m in enumerate(walk.messages) if m.touchpoint == self.selected), None)

    def _findings(self) -> None:
        box = self.query_one("#timeline-findings", Static)
        walk = self.walk
        if walk is None:
            shown = Text("No persona to walk: add one on the Personas tab.", style="italic")
        elif self.diagnostics:
            shown = Text.assemble(
                ("In this walk", "bold"), "\n", findings(self.diagnostics, places=False)
            )
        else:
            shown = Text("✓ Nothing found in this walk (XC701-XC707).", style="green")
        update_in_place(box, shown)
        rules = walk.policies.describe() if walk is not None else []
        update_in_place(
            self.query_one("#timeline-policies", Static),
            Text("; ".join(rules) if rules else "none: nothing holds a message back", style="dim"),
        )

    def _detail(self, plan: Plan) -> None:
        box = self.query_one("#timeline-detail", Static)
        walk = self.walk
        position = self._position()
        if walk is None or position is None:
            update_in_place(box, "")
            return
        message = walk.messages[position]
        facts = message_facts(walk, message, plan, expectations(plan, walk))
        style = _STATUS_STYLES[message.status]
        glyph = GLYPHS.get(message.status, "·")
        out = Text.assemble(
            (f"{glyph} ", style),
            (f"{position + 1}/{len(walk.messages)} ", "dim"),
            (_safe(facts.headline), "bold"),
        )
        # What moved or stopped it comes before the times: at 80 columns the third line may
        # not fit.
        if facts.reason or facts.expect:
            out.append("\n")
        if facts.reason:
            out.append(_safe(facts.reason), style=style if message.moves else "")
        if facts.expect:
            out.append(" · " if facts.reason else "")
            out.append(
                f"{'✓' if facts.met else '✗'} {_safe(facts.expect)}",
                style="green" if facts.met else "bold red",
            )
        out.append(f"\n{_safe(facts.times)}")
        update_in_place(box, out)

    def _show_preview(self, plan: Plan) -> None:
        walk = self.walk
        position = self._position()
        if walk is None or position is None:
            self.preview.clear("Select a message of the walk to see it.")
            self._preview_key = None
            return
        message = walk.messages[position]
        if message.index >= len(plan.touchpoints):
            return
        touchpoint = plan.touchpoints[message.index]
        served = [
            v
            for v, variant in enumerate(touchpoint.variants)
            if any(p.id == walk.persona for p in served_personas(plan, touchpoint, variant))
        ]
        v_index = served[0] if served else 0
        others = [d for d in self.diagnostics if d.loc[:2] == ("touchpoints", message.index)]
        key = (touchpoint, message.index, v_index, walk.persona, self.document.config, others)
        if key == self._preview_key:
            return
        self._preview_key = key
        self.preview.persona_id = walk.persona
        self.preview.show(plan, self.document.config, message.index, v_index, others)

    # -- fields ---------------------------------------------------------------------------

    def _scenario(self, plan: Plan) -> Scenario | None:
        pick = self.pick
        if pick is None or pick.kind != "declared" or pick.scenario is None:
            return None
        try:
            return scenario_at(plan, pick.scenario)[1]
        except KeyError:
            return None

    def _fill_fields(self, plan: Plan) -> None:
        pick = self.pick
        scenario = self._scenario(plan)
        kind = pick.kind if pick is not None else None
        for name in _SCENARIO_ROWS:
            shown = kind == "declared" or (kind == "what_if" and name in _WHAT_IF_ROWS)
            self.query_one(f"#tlrow-{name}").display = shown
        for button, shown in (
            ("timeline-duplicate", kind == "declared"),
            ("timeline-remove", kind == "declared"),
            ("timeline-keep", kind == "what_if"),
        ):
            self.query_one(f"#{button}").display = shown
        self._note(plan)
        start = self.query_one("#tl-start", Input)
        start.placeholder = default_start_text(plan)
        persona_field = self.query_one("#tl-persona", Select)
        people = [(p.name, p.id) for p in plan.personas]
        if people != self._scenario_personas:
            self._scenario_personas = people
            with persona_field.prevent(Select.Changed):
                persona_field.set_options([(Text(_safe(label)), value) for label, value in people])
        if kind == "declared" and scenario is not None and scenario is not self._shown_scenario:
            self._shown_scenario = scenario
            data = scenario_data(scenario)
            for name in _SCENARIO_ROWS:
                self._set_text(name, render_value(self._specs[name], data.get(name)))
                self._message(f"tl-{name}", "")
        if kind == "declared" and scenario is not None and persona_field.value != scenario.persona:
            with persona_field.prevent(Select.Changed):
                persona_field.value = scenario.persona
        if (
            kind == "what_if"
            and self.what_if is not None
            and self.what_if is not self._shown_what_if
        ):
            self._shown_what_if = self.what_if
            self._set_text("start", start_text(self.what_if.start))
            self._set_text("events", events_text(self.what_if.events))
            for name in _WHAT_IF_ROWS:
                self._message(f"tl-{name}", "")
        policies = plan.policies
        if self._shown_policies is False or policies is not self._shown_policies:
            self._shown_policies = policies
            for name, fields in _POLICY_ROWS.items():
                values = policy_texts(plan, name)
                for field in fields:
                    self._set_policy_text(name, field, values.get(field.name))
                self._message(f"tl-{name}", "")

    def _note(self, plan: Plan) -> None:
        pick = self.pick
        note = self.query_one("#timeline-note", Static)
        walk_text = ""
        if pick is not None and pick.kind == "eager":
            names = {p.id: p.name for p in plan.personas}
            walk_text = (
                f"`eager`: {names.get(pick.persona, pick.persona)} has no scenario, so the rules "
                "walk one who does every event that triggers one of its touchpoints, at entry. "
                "a adds a scenario; w tries a what-if."
            )
        elif pick is not None and pick.kind == "what_if":
            walk_text = (
                "A what-if: change the start and the events to see what would happen. It is not "
                "saved in the plan: k keeps it as a scenario."
            )
        if self._said.get("timeline-note") != walk_text:
            self._said["timeline-note"] = walk_text
            note.update(Text(_safe(walk_text)))
            note.display = bool(walk_text)

    def _set_text(self, name: str, text: str) -> None:
        widget = self.query_one(f"#tl-{name}")
        if isinstance(widget, Input) and widget.value != text:
            with widget.prevent(Input.Changed):
                widget.value = text
            if not widget.has_focus:
                widget.cursor_position = 0  # the start of a long name, not its end
        elif isinstance(widget, TextArea) and widget.text != text:
            with widget.prevent(TextArea.Changed):
                widget.text = text

    @staticmethod
    def _policy_shown(field: FieldSpec, value: Any) -> str:
        """What the widget of a policy's ``field`` shows for ``value``."""
        if field.kind == "select":
            return str(value if value is not None else field.options[0][1])
        return render_value(field, value)

    def _set_policy_text(self, name: PolicyName, field: FieldSpec, value: Any) -> None:
        widget = self.query_one(f"#tl-{name}-{field.name}")
        shown = self._policy_shown(field, value)
        if isinstance(widget, Select):
            if widget.value != shown:
                with widget.prevent(Select.Changed):
                    widget.value = shown
        elif isinstance(widget, Input) and widget.value != shown:
            with widget.prevent(Input.Changed):
                widget.value = shown

    def _message(self, widget_id: str, message: str) -> None:
        if self._said.get(widget_id, "") == message:
            return  # what it says already: nothing to draw or lay out again
        self._said[widget_id] = message
        box = self.query_one(f"#{widget_id}-error", Static)
        box.update(message)
        box.set_class(bool(message), "-shown")

    # -- choosing -------------------------------------------------------------------------

    def choose(self, pick: Pick, touchpoint: str | None = None) -> None:
        """Show the walk of ``pick`` (the message of ``touchpoint`` selected, when given)."""
        plan = self.document.plan
        if not still_valid(plan, pick):
            pick = default_pick(plan, pick.persona)
        self._set_pick(pick, plan)
        if touchpoint is not None:
            self.selected = touchpoint
        self._pickers(plan)
        self._fill_fields(plan)
        self._walk(plan, fit=True)

    def choose_persona(self, persona_id: str) -> None:
        """Show a persona's first walk (the selected touchpoint kept when it has it)."""
        plan = self.document.plan
        if persona_id in {p.id for p in plan.personas}:
            self.choose(default_pick(plan, persona_id))

    def go_to(self, place: TimelinePlace) -> None:
        """Show the walk, message and field a diagnostic names."""
        if place.persona is not None:
            pick = (
                Pick(place.persona, "declared", place.scenario)
                if place.scenario is not None
                else Pick(place.persona, "eager")
            )
            self.choose(pick, place.touchpoint)
        field = place.field
        if field is None:
            self.lanes.focus()
        elif "." in field or field == "min_gap":
            policy, _, name = field.partition(".")
            target = f"#tl-{policy}-{name}" if name else f"#tl-{policy}-min_gap"
            found = self.query(target)
            (found.first() if found else self.query_one("#tl-frequency_cap-max")).focus()
        elif field in self._specs:
            self.query_one(f"#tl-{field}").focus()
        else:
            self.lanes.focus()
        self.call_after_refresh(self._scroll_focused)

    def _scroll_focused(self) -> None:
        focused = self.screen.focused
        if focused is not None and self in focused.ancestors:
            focused.scroll_visible(animate=False)

    @on(Select.Changed, "#timeline-persona")
    def _persona_picked(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.choose_persona(event.value)

    @on(Select.Changed, "#timeline-scenario")
    def _scenario_picked(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, Pick) and event.value != self.pick:
            self.choose(event.value)

    @on(TimelineLanes.Selected)
    def _selected(self, event: TimelineLanes.Selected) -> None:
        event.stop()
        walk = self.walk
        if walk is None or not 0 <= event.position < len(walk.messages):
            return
        self.selected = walk.messages[event.position].touchpoint
        plan = self.document.plan
        self.lanes.show(walk, plan, event.position, fit=False)
        self._detail(plan)
        self._show_preview(plan)

    @on(TimelineLanes.Open)
    def _open(self, event: TimelineLanes.Open) -> None:
        event.stop()
        if self.selected is not None:
            self.post_message(self.OpenTouchpoint(self.selected))

    @on(PreviewPane.PersonaChosen)
    def _preview_persona(self, event: PreviewPane.PersonaChosen) -> None:
        """The preview's persona picker shows another persona's walk, on the same message."""
        event.stop()
        plan = self.document.plan
        if event.persona_id in {p.id for p in plan.personas}:
            self.choose(default_pick(plan, event.persona_id), self.selected)

    # -- typing ---------------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A field was left: typing in it again is another undo step."""
        self._typing += 1

    @on(Input.Changed, ".tl-input")
    def _input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._typed((event.input.id or "").removeprefix("tl-"), event.value)

    @on(TextArea.Changed, "#tl-events")
    def _events_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._typed("events", event.text_area.text)

    @on(Select.Changed, "#tl-persona")
    def _scenario_persona(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self._typed("persona", event.value)

    def _typed(self, name: str, text: str) -> None:
        """Take what was typed in a field of the scenario (or of the what-if)."""
        pick = self.pick
        if pick is None:
            return
        if pick.kind == "what_if":
            self._what_if_typed()
            return
        if pick.kind != "declared" or pick.scenario is None or name not in self._specs:
            return
        try:
            value = parse_value(self._specs[name], text)
        except FieldValueError as error:
            self._message(f"tl-{name}", str(error))
            return
        scenario_id = pick.scenario

        def done(scenario: Scenario) -> None:
            self._shown_scenario = scenario
            self._message(f"tl-{name}", "")
            if self.pick is not None and (
                scenario.id != scenario_id or scenario.persona != self.pick.persona
            ):
                self.pick = Pick(scenario.persona, "declared", scenario.id)

        def refused(error: EditError) -> None:
            self._message(f"tl-{name}", error.errors.get(name) or error.message)

        self.post_message(
            EditPlan(
                lambda plan: set_scenario_field(plan, scenario_id, name, value),
                coalesce=f"scenario.{scenario_id}.{name}.{self._typing}",
                typing=True,
                done=done,
                refused=refused,
            )
        )

    def _what_if_typed(self) -> None:
        plan = self.document.plan
        start = self.query_one("#tl-start", Input).value
        typed = self.query_one("#tl-events", TextArea).text
        what_if, problems = what_if_from_texts(plan, start, typed)
        for name in _WHAT_IF_ROWS:
            self._message(f"tl-{name}", problems.get(name, ""))
        if what_if is None:
            return
        self.what_if = self._shown_what_if = what_if
        self._walk(plan, fit=False)

    @on(Input.Changed, ".tl-policy")
    @on(Select.Changed, ".tl-policy")
    def _policy_changed(self, event: Input.Changed | Select.Changed) -> None:
        event.stop()
        widget_id = event.control.id or ""
        name = next((n for n in _POLICY_ROWS if widget_id.startswith(f"tl-{n}-")), None)
        if name is None:
            return
        values: dict[str, str | None] = {}
        for field in _POLICY_ROWS[name]:
            widget = self.query_one(f"#tl-{name}-{field.name}")
            if isinstance(widget, Select):
                values[field.name] = None if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[field.name] = widget.value
        held = policy_texts(self.document.plan, name)
        if not self._said.get(f"tl-{name}") and all(
            value == self._policy_shown(field, held.get(field.name))
            for field in _POLICY_ROWS[name]
            if (value := values.get(field.name, ...)) is not ...
        ):
            return  # what the plan holds (a field says its value once it is mounted)
        data, problems = policy_from_values(name, values)
        if problems:
            self._message(f"tl-{name}", next(iter(problems.values())))
            return
        policy: PolicyName = name

        def done(policies: Policies | None) -> None:
            self._shown_policies = policies
            self._message(f"tl-{policy}", "")

        def refused(error: EditError) -> None:
            self._message(f"tl-{policy}", error.message)

        self.post_message(
            EditPlan(
                lambda plan: set_policy(plan, policy, data),
                coalesce=f"policy.{policy}.{self._typing}",
                typing=True,
                done=done,
                refused=refused,
            )
        )

    # -- actions --------------------------------------------------------------------------

    def action_scenario(self, delta: int) -> None:
        """Show the next (1) or previous (-1) walk of the persona."""
        pick = self.pick
        if pick is None:
            return
        picks = [o.pick for o in options(self.document.plan, pick.persona)]
        at = picks.index(pick) if pick in picks else 0
        self.choose(picks[(at + delta) % len(picks)])

    def action_persona(self, delta: int) -> None:
        """Show the next persona's first walk."""
        ids = [p.id for p in self.document.plan.personas]
        if not ids:
            return
        current = self.pick.persona if self.pick is not None else ids[0]
        at = ids.index(current) if current in ids else -1
        self.choose_persona(ids[(at + delta) % len(ids)])

    def action_zoom(self, steps: int) -> None:
        """Zoom the lanes in or out."""
        self.notify(f"One column: {self.lanes.zoom_by(steps)}.", timeout=2)

    def _then_pick(self, persona: str) -> Callable[[Scenario], None]:
        def picked(scenario: Scenario) -> None:
            self.pick = Pick(persona, "declared", scenario.id)
            self._shown_scenario = None

        return picked

    def action_add_scenario(self) -> None:
        """Add a scenario for the persona shown and show it."""
        pick = self.pick
        if pick is None:
            self.notify("Add a persona first: a scenario is a customer of one.", severity="warning")
            return
        data = new_scenario_data(self.document.plan, pick.persona)
        self.post_message(
            EditPlan(lambda plan: add_scenario(plan, data), done=self._then_pick(pick.persona))
        )

    def _declared(self, verb: str) -> Pick | None:
        pick = self.pick
        if pick is None or pick.kind != "declared" or pick.scenario is None:
            self.notify(f"Show one of the plan's scenarios to {verb} it.", severity="warning")
            return None
        return pick

    def action_duplicate_scenario(self) -> None:
        """Add a copy of the scenario shown, and show the copy."""
        pick = self._declared("duplicate")
        if pick is None or pick.scenario is None:
            return
        scenario_id = pick.scenario
        self.post_message(
            EditPlan(
                lambda plan: duplicate_scenario(plan, scenario_id),
                done=self._then_pick(pick.persona),
            )
        )

    def action_remove_scenario(self) -> None:
        """Remove the scenario shown, after asking."""
        pick = self._declared("remove")
        if pick is None or pick.scenario is None:
            return
        scenario_id = pick.scenario

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(EditPlan(lambda plan: remove_scenario(plan, scenario_id)))

        lines = [
            "Its start, events and expectations go with it. Undo (ctrl+z) brings it back.",
        ]
        if len(options(self.document.plan, pick.persona)) == 2:
            lines.append("It is the persona's last scenario: the eager walk takes its place.")
        self.app.push_screen(
            confirm(f"Remove scenario {_safe(scenario_id)}?", lines, "Remove", tone="error"),
            answered,
        )

    def action_what_if(self) -> None:
        """Try a what-if made from the walk shown."""
        pick = self.pick
        if pick is None:
            return
        if pick.kind == "what_if":
            self.query_one("#tl-events").focus()
            return
        what_if = what_if_of(self.document.plan, pick)
        self.choose(Pick(pick.persona, "what_if", pick.scenario))
        if what_if is not None:
            self.what_if = what_if
            plan = self.document.plan
            self._fill_fields(plan)
            self._walk(plan, fit=False)
        self.query_one("#tl-events").focus()

    def action_keep_what_if(self) -> None:
        """Keep the what-if as a new scenario of the persona, and show it."""
        pick, what_if = self.pick, self.what_if
        if pick is None or pick.kind != "what_if" or what_if is None:
            self.notify("Try a what-if first (w).", severity="warning")
            return
        plan = self.document.plan
        base = scenario_at(plan, pick.scenario)[1] if pick.scenario is not None else None
        taken = {s.id for s in plan.scenarios} | {"eager"}
        data: dict[str, Any] = {
            "id": unique_id(f"{pick.persona}-what-if", taken),
            "name": f"What if: {base.name or base.id}" if base is not None else "What if",
            "persona": pick.persona,
            "start": start_text(what_if.start),
            "events": [{"event": o.event, "at": format_minutes(o.at)} for o in what_if.events],
        }
        if base is not None and base.expect is not None:
            data |= {k: v for k, v in scenario_data(base).items() if k in ("sent", "not_sent")}

        def kept(scenario: Scenario) -> None:
            self._then_pick(pick.persona)(scenario)
            self.notify(f"Kept as scenario {scenario.id}.", markup=False)

        self.post_message(EditPlan(lambda now: add_scenario(now, data), done=kept))

    def action_expect(self) -> None:
        """Change what the scenario expects of the selected message."""
        pick = self._declared("set what it expects in")
        if pick is None or pick.scenario is None or self.selected is None:
            return
        scenario_id, touchpoint = pick.scenario, self.selected

        def done(wanted: str | None) -> None:
            self._shown_scenario = None
            words = {
                "sent": "must reach the customer",
                "not_sent": "must not reach the customer",
                None: "no longer expected either way",
            }
            self.notify(f"{touchpoint}: {words[wanted]}.", markup=False)

        def edit(plan: Plan) -> Edit[Any]:
            return cycle_expectation(plan, scenario_id, touchpoint)

        self.post_message(EditPlan(edit, done=done))

    def action_focus_field(self, name: str) -> None:
        """Focus a field: the start, the events, or the policies."""
        if name == "policies":
            target = self.query_one("#tl-frequency_cap-max")
        else:
            if self.pick is None or self.pick.kind == "eager":
                self.notify(
                    "The eager walk is made from the plan: add a scenario (a) or try a what-if "
                    "(w) to change it.",
                    severity="warning",
                )
                return
            target = self.query_one(f"#tl-{name}")
        target.focus()
        target.scroll_visible(animate=False)

    @on(Button.Pressed, "#timeline-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add_scenario()

    @on(Button.Pressed, "#timeline-duplicate")
    def _duplicate_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_duplicate_scenario()

    @on(Button.Pressed, "#timeline-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_remove_scenario()

    @on(Button.Pressed, "#timeline-keep")
    def _keep_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_keep_what_if()
