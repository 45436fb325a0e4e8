"""The walk of a customer through a plan, minute by minute (format, section 10).

``Walker(plan).walk(customer)`` returns a ``Walk``: every touchpoint that targets the customer's
persona, each with its status (`sent`, `deferred`, `skipped`, `dropped`, `cancelled`,
`not reached`), its times in minutes after entry, the policy moves that shaped it and the reason
in words. The walk is pure and deterministic: the same plan and customer give the same walk,
whatever else the plan holds and in whatever order unrelated touchpoints are written.

How it runs: each touchpoint that becomes pending is queued at its due time. The earliest one
(ties: earlier due time, then plan order) is taken and the policies are tried at that time, in
order: quiet hours (defer to the window's end, or drop), `min_gap` (wait until the gap after the
previous counted send has passed), the frequency cap (skip, or defer until the sliding window has
room). A move queues it again at its new time, where every policy is tried again, so a send
never lands in quiet hours or over the cap; otherwise it is sent, or stopped. Sends therefore
happen in time order, and the window of the cap and the gap only ever look back. Before a
message is sent, skipped or dropped, its `exit_on` events are looked up: one that occurs after
it became pending and at or before that moment cancels it instead.

The Timeline tab, ``xcplan simulate``, the export's ``schedules``, rules XC701-XC707 and the
walk diff all read the same ``Walk``:

- ``walk_plan(plan)`` gives the walks the rules read (declared scenarios, then `eager` ones),
  kept by ``walk_key(plan)``; ``Walker(plan).walk(customer)`` walks any customer, such as a
  what-if from ``xcplan.journey.scenarios.ad_hoc``.
- ``Walk.customer`` says who, when and what they do; ``Walk.messages`` every touchpoint of the
  persona, each a ``Message`` with its ``status``, ``pending``/``due``/``time`` in minutes after
  entry, the policy ``moves``, ``cause``, ``reason`` and ``flow``; ``Walk.message(id)`` finds one
  (a diff pairs messages by touchpoint id); ``Walk.reached`` those that reach the customer.
- ``Walk.moment``, ``Walk.iso`` and ``Walk.label`` turn minutes into a date-time, the export's
  text or words for people; ``Walk.quiet_spans()`` gives the quiet-hours windows to shade, and
  ``Walk.policies`` the policies as the walk applied them.
"""

from __future__ import annotations

import datetime as dt
import heapq
import threading
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Final

from xcplan.journey.flows import Flow, flows
from xcplan.journey.policies import PolicySet
from xcplan.journey.scenarios import Customer, customers
from xcplan.journey.times import HORIZON, iso, label_at, shifted
from xcplan.model.durations import MINUTES_PER_DAY, duration_minutes, format_minutes
from xcplan.model.plan import Plan


class Status(StrEnum):
    """What became of a message in a walk."""

    SENT = "sent"
    """Sent at its due time."""
    DEFERRED = "deferred"
    """Sent later than due: quiet hours, ``min_gap`` or the frequency cap moved it."""
    SKIPPED = "skipped"
    """Not sent: over the frequency cap (action ``skip``); what follows it goes on."""
    DROPPED = "dropped"
    """Not sent: due in quiet hours (action ``drop``)."""
    CANCELLED = "cancelled"
    """Not sent: one of its ``exit_on`` events occurred while it was pending."""
    NOT_REACHED = "not reached"
    """Never pending: its trigger never occurred, or its ``after`` was never sent."""

    @property
    def reached(self) -> bool:
        """Whether the message reaches the customer (``sent`` or ``deferred``)."""
        return self in _REACHED


_REACHED: Final = frozenset({Status.SENT, Status.DEFERRED})


class Policy(StrEnum):
    """A policy that can move or stop a message, named as in the plan."""

    QUIET_HOURS = "quiet_hours"
    MIN_GAP = "min_gap"
    FREQUENCY_CAP = "frequency_cap"


@dataclass(frozen=True, slots=True)
class Move:
    """One policy acting on a message: it was to be sent ``at``, and went to ``to``."""

    policy: Policy
    at: int
    to: int | None
    """The new time, in minutes after entry; None when the policy stopped it (a quiet-hours drop,
    a cap skip)."""
    others: tuple[str, ...] = ()
    """For ``min_gap``, the previous counted send; for the cap, the messages already in the
    window, oldest first."""


@dataclass(frozen=True, slots=True)
class Message:
    """One touchpoint in a walk. Times are minutes after the customer's entry."""

    touchpoint: str
    index: int
    """The touchpoint's position in ``plan.touchpoints``."""
    channel: str
    kind: str | None
    """The channel's kind; None when the channel is unknown (XC201)."""
    flow: Flow
    status: Status
    pending: int | None
    """When it became pending; None when it never did (``not reached``)."""
    due: int | None
    """``pending`` plus its ``delay``."""
    time: int | None
    """When its fate was sealed: sent (``sent``, ``deferred``), would have been sent
    (``skipped``, ``dropped``), or when the exit event occurred (``cancelled``); None for
    ``not reached``."""
    moves: tuple[Move, ...] = ()
    cause: str | None = None
    """``cancelled``: the exit event. ``not reached``: the event that never occurred, or the
    `after` touchpoint that was never sent."""
    reason: str = ""
    """Why, in words (empty for a message sent on time)."""
    counted: bool = False
    """Whether the frequency cap and ``min_gap`` count it."""

    @property
    def reached(self) -> bool:
        """Whether the message reaches the customer (``sent`` or ``deferred``)."""
        return self.status in _REACHED


@dataclass(frozen=True)
class Walk:
    """A customer walked through a plan: the messages in the order their fate was sealed
    (``not reached`` ones last, in plan order)."""

    customer: Customer
    messages: tuple[Message, ...]
    policies: PolicySet
    ended: int
    """When the walk ended, in minutes after entry: the last thing that happened, or the
    horizon (365 days) when something was still waiting."""
    _by_id: dict[str, Message] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for message in self.messages:
            self._by_id.setdefault(message.touchpoint, message)

    @property
    def persona(self) -> str:
        """The customer's persona id."""
        return self.customer.persona

    def message(self, touchpoint_id: str) -> Message | None:
        """Return the message of a touchpoint (None when it does not target the persona)."""
        return self._by_id.get(touchpoint_id)

    def moment(self, minutes: int) -> dt.datetime | None:
        """Return the local date-time ``minutes`` after entry (None past the year 9999)."""
        return shifted(self.customer.start, minutes)

    def iso(self, minutes: int | None) -> str | None:
        """Return a time of the walk as ``2026-04-01T09:00`` (None for None, and past the year
        9999)."""
        moment = None if minutes is None else self.moment(minutes)
        return None if moment is None else iso(moment)

    def label(self, minutes: int) -> str:
        """Return a time of the walk for people: ``Wed 1 Apr 09:00`` or ``day 3 09:00``."""
        return label_at(self.customer.start, minutes, relative=not self.customer.dated)

    @cached_property
    def reached(self) -> tuple[Message, ...]:
        """The messages that reach the customer, in send order."""
        return tuple(m for m in self.messages if m.reached)

    def quiet_spans(self) -> list[tuple[int, int]]:
        """Return the quiet-hours windows from entry to the end of the walk, as (start, end)
        minutes after entry (clipped to the walk); empty without quiet hours."""
        quiet = self.policies.quiet
        if quiet is None or quiet.start == quiet.end:
            return []
        entry = self.customer.start.hour * 60 + self.customer.start.minute
        length = (quiet.end - quiet.start) % MINUTES_PER_DAY
        first = quiet.start - entry - MINUTES_PER_DAY
        spans = []
        begin = first
        while begin < self.ended:
            end = begin + length
            if end > 0:
                spans.append((max(begin, 0), min(end, self.ended)))
            begin += MINUTES_PER_DAY
        return spans


@dataclass(slots=True)
class _State:
    pending: int | None = None
    due: int | None = None
    moves: list[Move] = field(default_factory=list)
    status: Status | None = None
    time: int | None = None
    cause: str | None = None
    reason: str = ""


class Walker:
    """Walks customers through one plan; what depends on the plan alone is worked out once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.policies = PolicySet.of(plan)
        self.flows = flows(plan)
        kinds = {c.id: c.kind for c in reversed(plan.channels)}
        self.kinds = [kinds.get(t.channel) for t in plan.touchpoints]
        self.delays = [duration_minutes(t.delay) for t in plan.touchpoints]
        self.index: dict[str, int] = {}
        for position, touchpoint in enumerate(plan.touchpoints):
            self.index.setdefault(touchpoint.id, position)
        self.targets: dict[str, list[int]] = {}
        for position, touchpoint in enumerate(plan.touchpoints):
            for persona in dict.fromkeys(touchpoint.personas):
                self.targets.setdefault(persona, []).append(position)

    def walk(self, customer: Customer) -> Walk:
        """Return the walk of ``customer`` through the plan."""
        return _Run(self, customer).walk()


def walk(plan: Plan, customer: Customer) -> Walk:
    """Return the walk of ``customer`` through ``plan`` (see ``Walker`` to walk many)."""
    return Walker(plan).walk(customer)


WalkKey = tuple[object, ...]
"""Everything the walks of a plan read, as plain values (see ``walk_key``)."""

_KEPT: Final = 8
_kept: OrderedDict[WalkKey, tuple[Walk, ...]] = OrderedDict()
_kept_lock = threading.Lock()


def walk_key(plan: Plan) -> WalkKey:
    """Return what the walks of ``plan`` depend on, as a tuple of plain values: the touchpoints'
    ids, personas, channels, triggers, `after`, delays and exits; the channels' kinds; the
    policies; the personas' ids; the scenarios; the campaign's start. Two plans with the same key
    have the same walks, whatever else differs (the map, the copy, names, notes)."""
    return (
        tuple(
            (t.id, tuple(t.personas), t.channel, t.trigger, t.after, t.delay, tuple(t.exit_on))
            for t in plan.touchpoints
        ),
        tuple((c.id, c.kind) for c in plan.channels),
        None if plan.policies is None else plan.policies.model_dump_json(),
        tuple(p.id for p in plan.personas),
        tuple(
            (s.id, s.name, s.persona, s.start, tuple((e.event, e.at) for e in s.events))
            for s in plan.scenarios
        ),
        plan.campaign.start,
    )


def forget_walks() -> None:
    """Drop the walks ``walk_plan`` keeps (benchmarks that time a first walk call it)."""
    with _kept_lock:
        _kept.clear()


def walk_plan(plan: Plan) -> tuple[Walk, ...]:
    """Return the walk of every customer of ``customers(plan)``, in that order.

    The walks of the last few keys (``walk_key``) are kept: an edit that does not touch what the
    walks read (a cell of the map, a variant's copy) gets them again at once. Walks are immutable,
    so sharing them is safe.
    """
    key = walk_key(plan)
    with _kept_lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    walker = Walker(plan)
    walks = tuple(walker.walk(customer) for customer in customers(plan))
    with _kept_lock:
        _kept[key] = walks
        while len(_kept) > _KEPT:
            _kept.popitem(last=False)
    return walks


class _Run:
    """One walk in progress."""

    def __init__(self, walker: Walker, customer: Customer) -> None:
        self.w = walker
        self.customer = customer
        self.plan = walker.plan
        self.mine = walker.targets.get(customer.persona, [])
        self.states = {position: _State() for position in self.mine}
        self.occurs: dict[str, list[int]] = {}
        for occurrence in customer.events:
            if occurrence.at <= HORIZON:
                self.occurs.setdefault(occurrence.event, []).append(occurrence.at)
        self.children: dict[str, list[int]] = {}
        for position in self.mine:
            after = self.plan.touchpoints[position].after
            if after is not None:
                self.children.setdefault(after, []).append(position)
        self.queue: list[tuple[int, int, int]] = []
        self.sends: list[int] = []
        self.send_ids: list[str] = []
        self.entry = customer.start.hour * 60 + customer.start.minute
        self.last = 0

    def label(self, minutes: int) -> str:
        return label_at(self.customer.start, minutes, relative=not self.customer.dated)

    def pend(self, position: int, at: int) -> None:
        state = self.states[position]
        if state.pending is not None:
            return
        state.pending = at
        state.due = at + self.w.delays[position]
        heapq.heappush(self.queue, (state.due, state.due, position))

    def never(self, position: int, cause: str, reason: str) -> None:
        state = self.states[position]
        state.status, state.cause, state.reason = Status.NOT_REACHED, cause, reason

    def start(self) -> None:
        for position in self.mine:
            touchpoint = self.plan.touchpoints[position]
            if touchpoint.after is not None:
                continue
            if touchpoint.trigger is None:
                self.pend(position, 0)
                continue
            times = self.occurs.get(touchpoint.trigger)
            if times:
                self.pend(position, times[0])
            else:
                self.never(position, touchpoint.trigger, f"`{touchpoint.trigger}` does not occur")

    def release(self, parent: int, at: int) -> None:
        """Make pending what starts after ``parent``, sent (or skipped) at ``at``."""
        parent_id = self.plan.touchpoints[parent].id
        for position in self.children.get(parent_id, ()):
            touchpoint = self.plan.touchpoints[position]
            if touchpoint.trigger is None:
                self.pend(position, at)
                continue
            times = self.occurs.get(touchpoint.trigger, [])
            found = bisect_left(times, at)
            if found < len(times):
                self.pend(position, times[found])
            elif self.states[position].pending is None:
                self.never(
                    position,
                    touchpoint.trigger,
                    f"`{touchpoint.trigger}` does not occur after `{parent_id}` is sent",
                )

    def exit_before(self, position: int, until: int) -> tuple[str, int] | None:
        """Return the first exit event of a touchpoint after it became pending and at or before
        ``until``, with its time."""
        pending = self.states[position].pending
        assert pending is not None
        first: tuple[int, str] | None = None
        for event in self.plan.touchpoints[position].exit_on:
            times = self.occurs.get(event, [])
            found = bisect_right(times, pending)
            if (
                found < len(times)
                and times[found] <= until
                and (first is None or times[found] < first[0])
            ):
                first = (times[found], event)
        return None if first is None else (first[1], first[0])

    def seal(self, position: int, status: Status, at: int) -> bool:
        """Give a message its final status at ``at``, unless an exit event cancelled it first;
        return whether the status stood."""
        state = self.states[position]
        cancelled = self.exit_before(position, at)
        self.last = max(self.last, at)
        if cancelled is not None:
            event, when = cancelled
            state.status, state.time, state.cause = Status.CANCELLED, when, event
            state.reason = f"by `{event}` on {self.label(when)}"
            return False
        state.status, state.time = status, at
        return True

    def place(self, position: int, at: int) -> None:
        """Try the policies on a message at ``at``: queue it again when one moves it, else seal
        its fate."""
        state = self.states[position]
        policies = self.w.policies
        kind = self.w.kinds[position]
        quiet = policies.quiet
        if quiet is not None and kind in quiet.kinds:
            minute = (self.entry + at) % MINUTES_PER_DAY
            if quiet.holds(minute):
                if quiet.action == "drop":
                    state.moves.append(Move(Policy.QUIET_HOURS, at, None))
                    self.seal(position, Status.DROPPED, at)
                    return
                self.move(position, Move(Policy.QUIET_HOURS, at, at + quiet.until_end(minute)))
                return
        counted = kind in policies.counted
        if counted and policies.min_gap and self.sends:
            ready = self.sends[-1] + policies.min_gap
            if at < ready:
                self.move(position, Move(Policy.MIN_GAP, at, ready, (self.send_ids[-1],)))
                return
        cap = policies.cap
        if cap is not None and counted:
            first = bisect_right(self.sends, at - cap.per)
            count = len(self.sends) - first
            if count >= cap.max:
                others = tuple(self.send_ids[first:])
                if cap.action == "skip":
                    state.moves.append(Move(Policy.FREQUENCY_CAP, at, None, others))
                    if self.seal(position, Status.SKIPPED, at):
                        self.release(position, at)
                    return
                room = self.sends[first + count - cap.max] + cap.per
                self.move(position, Move(Policy.FREQUENCY_CAP, at, room, others))
                return
        status = Status.SENT if at == state.due else Status.DEFERRED
        if self.seal(position, status, at):
            if counted:
                self.sends.append(at)
                self.send_ids.append(self.plan.touchpoints[position].id)
            self.release(position, at)

    def move(self, position: int, move: Move) -> None:
        state = self.states[position]
        state.moves.append(move)
        assert move.to is not None
        assert state.due is not None
        heapq.heappush(self.queue, (move.to, state.due, position))

    def walk(self) -> Walk:
        self.start()
        while self.queue:
            at, _, position = heapq.heappop(self.queue)
            if at > HORIZON:
                self.give_up(position)
                continue
            self.place(position, at)
        self.explain_unreached()
        return Walk(self.customer, tuple(self.messages()), self.w.policies, self.last)

    def give_up(self, position: int) -> None:
        """A message still waiting when the walk ends, 365 days after entry."""
        if self.seal(position, Status.NOT_REACHED, HORIZON):
            state = self.states[position]
            state.time = None
            state.reason = "still waiting when the walk ends, 365 days after entry"
        self.last = HORIZON

    def explain_unreached(self) -> None:
        for position in self.mine:
            state = self.states[position]
            if state.status is not None:
                continue
            after = self.plan.touchpoints[position].after
            assert after is not None
            parent = self.w.index.get(after)
            if parent is None:
                reason = f"it starts after `{after}`, which is not a touchpoint of the plan"
            elif parent not in self.states:
                reason = f"it starts after `{after}`, which is not for `{self.customer.persona}`"
            else:
                found = self.states[parent].status
                word = {Status.CANCELLED: "cancelled", Status.DROPPED: "dropped"}.get(
                    found or Status.NOT_REACHED, "never sent"
                )
                reason = f"it starts after `{after}`, which is {word}"
            state.status, state.cause, state.reason = Status.NOT_REACHED, after, reason

    def messages(self) -> Iterator[Message]:
        built = []
        for position in self.mine:
            state = self.states[position]
            assert state.status is not None
            touchpoint = self.plan.touchpoints[position]
            kind = self.w.kinds[position]
            reason = state.reason or self.explain(state)
            message = Message(
                touchpoint.id,
                position,
                touchpoint.channel,
                kind,
                self.w.flows[position],
                state.status,
                state.pending,
                state.due,
                state.time,
                tuple(state.moves),
                state.cause,
                reason,
                kind in self.w.policies.counted,
            )
            order = state.time if state.time is not None else HORIZON + 1
            built.append(((order, state.due if state.due is not None else 0, position), message))
        built.sort(key=lambda item: item[0])
        return (message for _, message in built)

    def explain(self, state: _State) -> str:
        """Return in words how the policies moved or stopped a message."""
        parts = []
        policies = self.w.policies
        for move in state.moves:
            moved = (
                ""
                if move.to is None
                else f": moved from {self.label(move.at)} to {self.label(move.to)}"
            )
            if move.policy is Policy.QUIET_HOURS:
                quiet = policies.quiet
                assert quiet is not None
                if move.to is None:
                    parts.append(f"due {self.label(move.at)}, in quiet hours {quiet.text}")
                else:
                    parts.append(f"quiet hours {quiet.text}{moved}")
            elif move.policy is Policy.MIN_GAP:
                gap = format_minutes(policies.min_gap)
                parts.append(f"min_gap {gap} after `{move.others[0]}`{moved}")
            else:
                cap = policies.cap
                assert cap is not None
                window = ", ".join(f"`{other}`" for other in move.others)
                parts.append(
                    f"frequency cap {cap.text}, {len(move.others)} already in the window "
                    f"({window}){moved}"
                )
        return "; ".join(parts)
