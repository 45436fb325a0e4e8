"""The Timeline tab's model: which walk it shows, what the rules find in it, and the walk laid
out as lanes over time. No UI here: the tab (``xcplan.tui.widgets.timeline``) draws this.

- A ``Pick`` says which walk: a declared scenario of a persona, the persona's `eager` walk, or
  a what-if (``WhatIf``: a start and events typed on the tab, made from one of them and not saved
  in the plan). ``options`` lists what can be picked for a persona, ``walk_of`` walks it
  (declared and `eager` walks come from ``walk_plan``, which the whole-plan lint then reuses).
- ``walk_diagnostics`` is what XC701 to XC707 find in that one walk, placed as ``xcplan
  validate`` places them (severities, ``ignore:``), for the findings beside the lanes.
- ``lay_out`` draws the walk as one lane per channel over time: columns of ``zoom`` minutes
  from midnight of the entry day, each message marked by its status at the column of its time,
  quiet hours shaded on the lanes of the kinds they hold, the wait of a deferred message traced
  from its due time, and the campaign's end marked. ``message_at`` finds the message under a
  click. ``message_facts`` says what became of one message, in words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from xcplan.edit.entities import FieldErrors
from xcplan.edit.fields import FieldValueError, parse_events
from xcplan.io.yaml_source import SourceMap
from xcplan.journey.expect import outcomes
from xcplan.journey.scenarios import (
    Customer,
    Occurrence,
    Origin,
    ad_hoc,
    default_start,
    eager,
    parse_occurrence,
    parse_start,
)
from xcplan.journey.times import DAYS, MONTHS, iso
from xcplan.journey.walk import Message, Status, Walk, Walker, walk_plan
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic
from xcplan.lint.engine import ignore_scopes, place
from xcplan.lint.rules.journey import walk_findings
from xcplan.lint.suggest import did_you_mean
from xcplan.model.config import Config
from xcplan.model.durations import MINUTES_PER_DAY, format_minutes
from xcplan.model.plan import Plan

PickKind = Literal["declared", "eager", "what_if"]


@dataclass(frozen=True, slots=True)
class Pick:
    """The walk the tab shows: a persona's declared scenario (``scenario``), its `eager` walk,
    or a what-if made from one of them (``scenario``: the declared one, None for `eager`)."""

    persona: str
    kind: PickKind
    scenario: str | None = None


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A what-if customer: when they enter and what they do (not saved in the plan)."""

    start: dt.datetime
    events: tuple[Occurrence, ...]


@dataclass(frozen=True, slots=True)
class Option:
    """One entry of the scenario picker."""

    label: str
    pick: Pick


WHAT_IF_LABEL: Final = "What if… (tried here, not saved)"
EAGER_LABEL: Final = "eager: every event that triggers a touchpoint, at entry"


def options(plan: Plan, persona_id: str) -> list[Option]:
    """Return what can be shown for a persona: its declared scenarios in plan order (its `eager`
    walk when it has none), then a what-if."""
    out = [
        Option(f"{s.id} · {s.name}" if s.name else s.id, Pick(persona_id, "declared", s.id))
        for s in plan.scenarios
        if s.persona == persona_id
    ]
    if not out:
        out.append(Option(EAGER_LABEL, Pick(persona_id, "eager")))
    base = out[0].pick.scenario
    out.append(Option(WHAT_IF_LABEL, Pick(persona_id, "what_if", base)))
    return out


def default_pick(plan: Plan, persona_id: str) -> Pick:
    """Return the first walk of a persona: its first declared scenario, or its `eager` walk."""
    return options(plan, persona_id)[0].pick


def still_valid(plan: Plan, pick: Pick) -> bool:
    """Whether ``pick`` can still be shown in ``plan`` (its persona and scenario are there, and
    an `eager` walk is one the persona has)."""
    if pick.persona not in {p.id for p in plan.personas}:
        return False
    mine = [s.id for s in plan.scenarios if s.persona == pick.persona]
    if pick.kind == "declared":
        return pick.scenario in mine
    if pick.kind == "eager":
        return not mine
    return pick.scenario is None or pick.scenario in mine


def _declared_index(plan: Plan, pick: Pick) -> int | None:
    for index, scenario in enumerate(plan.scenarios):
        if scenario.id == pick.scenario and scenario.persona == pick.persona:
            return index
    return None


def base_customer(plan: Plan, pick: Pick) -> Customer | None:
    """Return the customer a pick starts from: its declared scenario, or the persona's `eager`
    one; None when the pick is not in the plan any more."""
    if not still_valid(plan, pick):
        return None
    index = _declared_index(plan, pick) if pick.scenario is not None else None
    for walk in walk_plan(plan):
        customer = walk.customer
        if index is not None and customer.index == index:
            return customer
        if index is None and customer.origin is Origin.EAGER and customer.persona == pick.persona:
            return customer
    return None if index is not None else eager(plan, pick.persona)


def what_if_of(plan: Plan, pick: Pick) -> WhatIf | None:
    """Return a what-if that starts as the walk of ``pick`` (its start and events)."""
    customer = base_customer(plan, pick)
    if customer is None:
        return None
    return WhatIf(customer.start, customer.events)


def walk_of(plan: Plan, pick: Pick, what_if: WhatIf | None = None) -> Walk | None:
    """Return the walk of ``pick`` (None when it is not in the plan any more).

    A what-if walks ``what_if`` (the walk of its base when None); it keeps its base scenario's
    position, so that scenario's `expect` is checked against it, as ``xcplan simulate --start``
    does.
    """
    base = base_customer(plan, pick)
    if base is None:
        return None
    if pick.kind != "what_if":
        for walk in walk_plan(plan):
            if walk.customer == base:
                return walk
        return Walker(plan).walk(base)
    if what_if is None:
        what_if = WhatIf(base.start, base.events)
    customer = ad_hoc(
        plan,
        pick.persona,
        start=what_if.start,
        events=what_if.events,
        base=dataclasses.replace(base, events=()),
    )
    return Walker(plan).walk(customer)


def walk_diagnostics(plan: Plan, config: Config, walk: Walk) -> list[Diagnostic]:
    """Return what XC701 to XC707 find in ``walk``, in its own words, placed as ``xcplan
    validate`` places findings (the config's severities and ignores, the entities' ``ignore:``).
    """
    ctx = LintContext(plan, config)
    found = walk_findings(ctx, walk, walk_plan(plan))
    return place(
        found, root=plan, source_map=SourceMap(), config=config, scopes=ignore_scopes(plan)
    )


def expectations(plan: Plan, walk: Walk) -> dict[str, tuple[str, bool]]:
    """Return what the walk's scenario expects of each touchpoint it names: ``sent`` or
    ``not_sent``, and whether the walk meets it."""
    index = walk.customer.index
    if index is None or index >= len(plan.scenarios):
        return {}
    known = {t.id for t in plan.touchpoints}
    return {
        o.touchpoint: (o.want, o.met) for o in outcomes(walk, plan.scenarios[index].expect, known)
    }


# -- what-if fields ------------------------------------------------------------------------


def start_text(customer_start: dt.datetime) -> str:
    """Return an entry time as the start field shows it: ``2026-04-01T20:30``."""
    return iso(customer_start)


def events_text(events: Sequence[Occurrence]) -> str:
    """Return a customer's events as the events field shows them, one ``event@time`` a line."""
    return "\n".join(f"{o.event}@{format_minutes(o.at)}" for o in events)


def what_if_from_texts(plan: Plan, start: str, events: str) -> tuple[WhatIf | None, FieldErrors]:
    """Return the what-if the start and events fields hold, or None and the message for each
    field at fault (``start``, ``events``). An empty start is the default one; when the plan
    declares its events, each event must be one of them (with did-you-mean)."""
    problems: FieldErrors = {}
    entry = default_start(plan)[0]
    if start.strip():
        parsed = parse_start(start)
        if parsed is None:
            problems["start"] = (
                f"`{start.strip()}` is not a local date-time: write YYYY-MM-DDTHH:MM, such as "
                "2026-04-01T20:00 (or a date alone for 09:00)"
            )
        else:
            entry = parsed
    occurrences: list[Occurrence] = []
    try:
        typed = parse_events(events)
    except FieldValueError as error:
        problems["events"] = str(error)
        typed = []
    known = [e.id for e in plan.events]
    for number, item in enumerate(typed, 1):
        found = parse_occurrence(f"{item['event']}@{item['at']}")
        if found is None:
            problems.setdefault(
                "events",
                f"event {number}: `{item['event']}@{item['at']}` is not an event id and a time "
                "after entry, such as `purchase@2d`",
            )
        elif known and found.event not in known:
            problems.setdefault(
                "events",
                f"event {number}: unknown event `{found.event}`{did_you_mean(found.event, known)}",
            )
        else:
            occurrences.append(found)
    if problems:
        return None, problems
    return WhatIf(entry, tuple(sorted(occurrences, key=lambda o: o.at))), {}


def default_start_text(plan: Plan) -> str:
    """Return what an empty start field stands for, for its placeholder."""
    start, dated = default_start(plan)
    if not dated:
        return f"{iso(start)} (day 1: the campaign has no start)"
    return f"{iso(start)} (the campaign's start)"


# -- the lanes -----------------------------------------------------------------------------

ZOOMS: Final = (30, 60, 180, 360, 720, 1440)
"""The minutes one column stands for, finest first; each divides a day."""

GLYPHS: Final = {
    Status.SENT: "●",
    Status.DEFERRED: "◐",
    Status.SKIPPED: "○",
    Status.DROPPED: "×",
    Status.CANCELLED: "⊘",
}
"""How a message is marked on its lane; `not reached` ones have no time and are listed beside."""

QUIET: Final = "░"
TRAIL: Final = "╌"
END: Final = "┃"
LEGEND: Final = (
    "● sent  ◐ deferred (╌ its wait)  ○ skipped by the cap  × dropped in quiet hours  "
    "⊘ cancelled  ░ quiet hours  ┃ campaign end"
)
_LABEL_MAX: Final = 12
_COUNTS: Final = "²³⁴⁵⁶⁷⁸⁹"

Role = Literal["", "quiet", "trail", "end", "sent", "deferred", "skipped", "dropped", "cancelled"]
"""What a cell of a lane shows: nothing, quiet hours, a deferred message's wait, the campaign's
end, or a message by its status."""

_ROLES: Final[dict[Status, Role]] = {
    Status.SENT: "sent",
    Status.DEFERRED: "deferred",
    Status.SKIPPED: "skipped",
    Status.DROPPED: "dropped",
    Status.CANCELLED: "cancelled",
}


def zoom_label(zoom: int) -> str:
    """Return what a column stands for, short: ``3h``, ``30m``, ``1d``."""
    return format_minutes(zoom)


@dataclass(frozen=True, slots=True)
class Cell:
    """One column of a lane: what it shows, what it is, and the message marked there."""

    text: str
    role: Role
    message: int | None = None
    """The position in ``walk.messages`` of the message marked here."""


@dataclass(frozen=True, slots=True)
class Lane:
    """One channel's row."""

    channel: str
    label: str
    held: bool
    """Whether quiet hours hold the channel's kind (its quiet columns are shaded)."""
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Layout:
    """A walk laid out as lanes over the columns in view."""

    zoom: int
    origin: int
    """The first column in view, counted from midnight of the day the customer enters."""
    columns: int
    """How many columns are in view."""
    total: int
    """How many columns the walk takes."""
    label_width: int
    days: str
    """The first line of the time axis: the days (or weeks, zoomed out)."""
    ticks: str
    """The second line: the hours (or the days of the week, zoomed out)."""
    end_column: int | None
    """The column in view where the campaign's end is marked, if it is in view."""
    lanes: tuple[Lane, ...]
    marks: dict[int, tuple[int, int]]
    """The position in ``walk.messages`` of each message marked in view -> (lane, column)."""
    unreached: tuple[int, ...]
    """The positions of the `not reached` messages."""

    @property
    def more_before(self) -> bool:
        """Whether columns are hidden on the left."""
        return self.origin > 0

    @property
    def more_after(self) -> bool:
        """Whether columns are hidden on the right."""
        return self.origin + self.columns < self.total


def _entry_minute(walk: Walk) -> int:
    start = walk.customer.start
    return start.hour * 60 + start.minute


def column_of(walk: Walk, minutes: int, zoom: int) -> int:
    """Return the column of a time of the walk, counted from midnight of the entry day."""
    return (minutes + _entry_minute(walk)) // zoom


def _last(walk: Walk) -> int:
    return max((m.time for m in walk.messages if m.time is not None), default=0)


def fit_zoom(walk: Walk, columns: int) -> int:
    """Return the finest zoom at which the whole walk fits in ``columns`` (the coarsest when
    nothing does)."""
    for zoom in ZOOMS:
        if column_of(walk, _last(walk), zoom) < columns:
            return zoom
    return ZOOMS[-1]


def zoomed(zoom: int, step: int) -> int:
    """Return the zoom ``step`` levels finer (negative) or coarser (positive), within the
    levels there are."""
    index = ZOOMS.index(zoom) if zoom in ZOOMS else 2
    return ZOOMS[max(0, min(len(ZOOMS) - 1, index + step))]


def _campaign_end(walk: Walk, plan: Plan) -> int | None:
    """Return the minute after the campaign's last day, counted from entry (None without an
    end, or a walk without real dates)."""
    end = plan.campaign.end
    if end is None or not walk.customer.dated or end == dt.date.max:
        return None
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) - walk.customer.start
    return after // dt.timedelta(minutes=1)


def _quiet_columns(walk: Walk, zoom: int, first: int, count: int) -> list[bool]:
    """Return, for each column from ``first``, whether quiet hours hold most of it."""
    quiet = walk.policies.quiet
    if quiet is None or quiet.start == quiet.end:
        return [False] * count
    out = []
    for column in range(first, first + count):
        begin = (column * zoom) % MINUTES_PER_DAY
        held = 0
        for offset in range(0, zoom, 30 if zoom >= 60 else zoom):
            if quiet.holds((begin + offset) % MINUTES_PER_DAY):
                held += 30 if zoom >= 60 else zoom
        out.append(held * 2 > zoom)
    return out


def _day(walk: Walk, day: int) -> dt.date:
    start = walk.customer.start.date()
    try:
        return start + dt.timedelta(days=day)
    except OverflowError:
        return dt.date.max


def _day_labels(walk: Walk, day: int, room: int, *, week: bool) -> str:
    """Return the longest label of a day (or a week's first day) that fits in ``room``."""
    if walk.customer.dated:
        date = _day(walk, day)
        name, month = DAYS[date.weekday()], MONTHS[date.month - 1]
        candidates = (
            [f"{name} {date.day} {month}", f"{date.day} {month}", f"{date.day}"]
            if week
            else [f"{name} {date.day} {month}", f"{name} {date.day}", f"{date.day}"]
        )
    else:
        candidates = [f"day {day + 1}", f"d{day + 1}", f"{day + 1}"]
    return next((c for c in candidates if len(c) <= room), "")


def _put(row: list[str], at: int, text: str) -> None:
    for offset, char in enumerate(text):
        if 0 <= at + offset < len(row):
            row[at + offset] = char


def _axis(walk: Walk, zoom: int, origin: int, columns: int) -> tuple[str, str]:
    """Return the two lines of the time axis for the columns in view."""
    per_day = MINUTES_PER_DAY // zoom
    days = [" "] * columns
    ticks = [" "] * columns
    first_day = origin // per_day
    last_day = (origin + columns - 1) // per_day
    dated = walk.customer.dated
    for day in range(first_day, last_day + 1):
        at = day * per_day - origin
        if per_day >= 4:
            _put(days, at, _day_labels(walk, day, per_day - 1, week=False))
        elif day % 7 == 0:
            _put(days, at, _day_labels(walk, day, 7 * per_day - 1, week=True))
        if per_day >= 8:
            step = next(h for h in (3, 6, 12) if h * per_day // 24 >= 3)
            for hour in range(0, 24, step):
                _put(ticks, at + hour * per_day // 24, f"{hour:02d}")
        elif dated:
            name = DAYS[_day(walk, day).weekday()]
            _put(ticks, at, name[:2] if per_day == 4 else name[0])
        else:
            _put(ticks, at, "·")
    return "".join(days), "".join(ticks)


def _label(channel: str) -> str:
    return channel if len(channel) <= _LABEL_MAX else channel[: _LABEL_MAX - 1] + "…"


def lay_out(
    walk: Walk,
    plan: Plan,
    *,
    width: int,
    zoom: int,
    selected: int | None = None,
    origin: int | None = None,
) -> Layout:
    """Return the walk laid out in ``width`` characters (a label column, then the time).

    ``selected`` is the position in ``walk.messages`` of the message chosen: the view keeps it
    in sight, starting at ``origin`` (the view shown before) when it is there already. Lanes are
    the channels of the persona's touchpoints, in the plan's order of channels (unknown ones
    after); a cell with more than one message shows the chosen one, or the first, and their
    count in the next column when it is free.
    """
    order = {c.id: i for i, c in reversed(list(enumerate(plan.channels)))}
    kinds: dict[str, str | None] = {}
    for message in walk.messages:
        kinds.setdefault(message.channel, message.kind)
    channels = sorted(kinds, key=lambda c: (order.get(c, len(order)), c))
    labels = [_label(c) for c in channels]
    label_width = max([len(label) for label in labels] + [7]) + 1
    columns = max(8, width - label_width)
    last_column = column_of(walk, _last(walk), zoom)
    per_day = MINUTES_PER_DAY // zoom
    total = max(columns, (last_column // per_day + 1) * per_day)
    chosen = walk.messages[selected] if selected is not None else None
    if chosen is not None and chosen.time is not None:
        at = column_of(walk, chosen.time, zoom)
        if origin is None or not origin <= at < origin + columns:
            origin = at - columns // 4
    origin = max(0, min(origin or 0, total - columns))
    quiet = _quiet_columns(walk, zoom, origin, columns)
    held_kinds = walk.policies.quiet.kinds if walk.policies.quiet is not None else frozenset()
    end_minute = _campaign_end(walk, plan)
    end_column = None
    if end_minute is not None:
        candidate = column_of(walk, end_minute, zoom) - origin
        end_column = candidate if 0 <= candidate < columns else None
    rows: dict[str, list[Cell]] = {}
    for channel in channels:
        held = kinds[channel] in held_kinds
        rows[channel] = [Cell(QUIET, "quiet") if held and q else Cell(" ", "") for q in quiet]
        if end_column is not None:
            rows[channel][end_column] = Cell(END, "end")
    marks: dict[int, tuple[int, int]] = {}
    unreached: list[int] = []
    placed: dict[tuple[str, int], list[int]] = {}
    for position, message in enumerate(walk.messages):
        if message.time is None:
            unreached.append(position)
            continue
        column = column_of(walk, message.time, zoom) - origin
        if message.status is Status.DEFERRED and message.due is not None:
            due = column_of(walk, message.due, zoom) - origin
            row = rows[message.channel]
            for trail in range(max(0, due), min(column, columns)):
                if row[trail].role in ("", "quiet"):
                    row[trail] = Cell(TRAIL, "trail")
        if 0 <= column < columns:
            placed.setdefault((message.channel, column), []).append(position)
    lane_of = {channel: number for number, channel in enumerate(channels)}
    for (channel, column), positions in placed.items():
        shown = selected if selected in positions else positions[0]
        message = walk.messages[shown]
        role = _ROLES[message.status]
        row = rows[channel]
        row[column] = Cell(GLYPHS[message.status], role, shown)
        for position in positions:
            marks[position] = (lane_of[channel], column)
        free = column + 1 < columns and row[column + 1].role in ("", "quiet", "trail")
        if len(positions) > 1 and free and (channel, column + 1) not in placed:
            count = _COUNTS[min(len(positions), 9) - 2] if len(positions) <= 9 else "⁺"
            row[column + 1] = Cell(count, role, shown)
    days, ticks = _axis(walk, zoom, origin, columns)
    if end_column is not None:
        # The mark does not cut a day's label in two; the hours give way to it.
        if days[end_column] == " ":
            days = days[:end_column] + END + days[end_column + 1 :]
        ticks = ticks[:end_column] + END + ticks[end_column + 1 :]
    lanes = tuple(
        Lane(channel, label, kinds[channel] in held_kinds, tuple(rows[channel]))
        for channel, label in zip(channels, labels, strict=True)
    )
    return Layout(
        zoom,
        origin,
        columns,
        total,
        label_width,
        days,
        ticks,
        end_column,
        lanes,
        marks,
        tuple(unreached),
    )


def month_label(walk: Walk, layout: Layout) -> str:
    """Return the month and year of the first day in view (``Apr 2026``); empty for a walk
    without real dates."""
    if not walk.customer.dated:
        return ""
    date = _day(walk, layout.origin * layout.zoom // MINUTES_PER_DAY)
    return f"{MONTHS[date.month - 1]} {date.year}"


def message_at(layout: Layout, lane: int, column: int) -> int | None:
    """Return the position of the message marked nearest to ``column`` (within one column) on
    ``lane``, or None."""
    if not 0 <= lane < len(layout.lanes):
        return None
    cells = layout.lanes[lane].cells
    for offset in (0, -1, 1):
        at = column + offset
        if 0 <= at < len(cells) and cells[at].message is not None:
            return cells[at].message
    return None


def step(walk: Walk, selected: int | None, delta: int) -> int | None:
    """Return the message ``delta`` places after ``selected`` along the walk (its order: by
    time, then the `not reached` ones), staying at either end; None for an empty walk."""
    if not walk.messages:
        return None
    if selected is None:
        return 0 if delta >= 0 else len(walk.messages) - 1
    return max(0, min(len(walk.messages) - 1, selected + delta))


# -- one message in words ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageFacts:
    """What became of one message of a walk, for the line under the lanes."""

    headline: str
    """``welcome-push · Welcome push · push (push) · deferred``."""
    times: str
    """When it became pending, was due and was sent, stopped or cancelled."""
    reason: str
    """Why, in words (the policies' moves, the exit event, what never occurred)."""
    expect: str
    """What its scenario expects of it, and whether the walk meets it (empty: nothing)."""
    met: bool | None
    """Whether the expectation is met (None when there is none)."""


def message_facts(
    walk: Walk, message: Message, plan: Plan, expected: dict[str, tuple[str, bool]]
) -> MessageFacts:
    """Return what became of ``message`` in ``walk``, in words."""
    names = {t.id: t.name for t in reversed(plan.touchpoints)}
    name = names.get(message.touchpoint)
    kind = f" ({message.kind})" if message.kind and message.kind != message.channel else ""
    title = [message.touchpoint, *([name] if name else []), f"{message.channel}{kind}"]
    headline = " · ".join([*title, message.status.value])
    label = walk.label
    parts: list[str] = []
    status = message.status
    if message.time is not None and message.due is not None:
        if status is Status.SENT:
            parts.append(f"sent {label(message.time)}, when due")
        elif status is Status.DEFERRED:
            parts.append(f"due {label(message.due)}, sent {label(message.time)}")
        elif status is Status.SKIPPED:
            parts.append(f"due {label(message.due)}, skipped {label(message.time)}")
        elif status is Status.DROPPED:
            parts.append(f"due {label(message.due)}, dropped {label(message.time)}")
    if status is Status.CANCELLED and message.time is not None:
        pending = message.pending if message.pending is not None else 0
        parts.append(f"pending from {label(pending)}, cancelled {label(message.time)}")
    elif message.pending is not None:
        parts.append(f"pending {'at entry' if message.pending == 0 else label(message.pending)}")
    parts.append(f"flow `{message.flow.name}`")
    times = "; ".join(parts)
    want, met = expected.get(message.touchpoint, ("", False))
    expect = ""
    result: bool | None = None
    if want:
        wish = "to reach the customer" if want == "sent" else "not to reach the customer"
        expect = f"expected {wish}: {'met' if met else 'NOT met (XC702)'}"
        result = met
    return MessageFacts(headline, times, message.reason, expect, result)
