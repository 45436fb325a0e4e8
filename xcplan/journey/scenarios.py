"""The customers a plan is walked with: its declared scenarios, the `eager` scenario of each
persona that has none, and ad-hoc ones (``xcplan simulate --event``); format, sections 3.9 and 10.

A ``Customer`` is a scenario resolved for the walk: its start as a date-time, and its events as
minutes after entry, in the order they happen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from xcplan.journey.times import DAY_ONE, ENTRY_TIME
from xcplan.model.durations import duration_minutes, parse_duration
from xcplan.model.plan import Plan
from xcplan.model.types import ID_MAX_LENGTH, ID_PATTERN

EAGER: Final = "eager"
"""The id of the built-in scenario of a persona without a declared one; no scenario may take it."""

AD_HOC: Final = "ad-hoc"
"""The id of a scenario made from ``xcplan simulate`` flags alone."""

_ID: Final = re.compile(ID_PATTERN)
_START: Final = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]([01]\d|2[0-3]):([0-5]\d))?$")


class Origin(StrEnum):
    """Where a walked scenario comes from."""

    DECLARED = "declared"
    EAGER = "eager"
    AD_HOC = "ad hoc"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event the customer does, ``at`` minutes after entry."""

    event: str
    at: int


@dataclass(frozen=True, slots=True)
class Customer:
    """A synthetic customer ready to walk: who, when they enter, and what they do."""

    id: str
    persona: str
    start: dt.datetime
    events: tuple[Occurrence, ...]
    """In the order they happen (ties: as written)."""
    origin: Origin
    index: int | None = None
    """The position of the scenario in ``plan.scenarios`` (declared ones, and ad-hoc ones made
    from a declared one)."""
    name: str | None = None
    default_start: bool = False
    """Whether ``start`` is the default one (the campaign's start, or day 1, at 09:00)."""
    dated: bool = True
    """False when ``start`` falls on the fixed day 1 of a campaign without a ``start``: the dates
    then mean nothing and times are shown as ``day N HH:MM``."""


def default_start(plan: Plan) -> tuple[dt.datetime, bool]:
    """Return the default entry (the campaign's ``start`` at 09:00, or day 1 at 09:00), and
    whether it is a real date (False for day 1)."""
    start = plan.campaign.start
    if start is None:
        return dt.datetime.combine(DAY_ONE, ENTRY_TIME), False
    return dt.datetime.combine(start, ENTRY_TIME), True


def parse_start(text: str) -> dt.datetime | None:
    """Return a local date-time ``YYYY-MM-DDTHH:MM`` (a space may stand for ``T``; a date alone
    means 09:00), or None when ``text`` is not one or names a day that does not exist."""
    found = _START.match(text.strip())
    if found is None:
        return None
    try:
        day = dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None
    if found.group(2) is None:
        return dt.datetime.combine(day, ENTRY_TIME)
    return dt.datetime.combine(day, dt.time(int(found.group(2)), int(found.group(3))))


def parse_occurrence(text: str) -> Occurrence | None:
    """Return ``NAME@OFFSET`` (``purchase@2d``) as an occurrence, or None when it is not one."""
    name, at, offset = text.strip().partition("@")
    minutes = parse_duration(offset) if at else None
    if minutes is None or len(name) > ID_MAX_LENGTH or not _ID.match(name):
        return None
    return Occurrence(name, minutes)


def _ordered(events: list[Occurrence]) -> tuple[Occurrence, ...]:
    return tuple(sorted(events, key=lambda o: o.at))


def declared(plan: Plan, index: int) -> Customer:
    """Return the declared scenario at ``index`` of ``plan.scenarios`` as a customer."""
    scenario = plan.scenarios[index]
    if scenario.start is None:
        start, dated = default_start(plan)
    else:
        start, dated = dt.datetime.fromisoformat(scenario.start), True
    events = [Occurrence(e.event, duration_minutes(e.at)) for e in scenario.events]
    return Customer(
        scenario.id,
        scenario.persona,
        start,
        _ordered(events),
        Origin.DECLARED,
        index=index,
        name=scenario.name,
        default_start=scenario.start is None,
        dated=dated,
    )


def eager(plan: Plan, persona_id: str) -> Customer:
    """Return the `eager` scenario of a persona: it enters at the default start, and every event
    that triggers one of its touchpoints occurs once, at entry (in the order the plan first
    names them)."""
    triggers = [
        t.trigger for t in plan.touchpoints if persona_id in t.personas and t.trigger is not None
    ]
    start, dated = default_start(plan)
    events = tuple(Occurrence(event, 0) for event in dict.fromkeys(triggers))
    return Customer(EAGER, persona_id, start, events, Origin.EAGER, default_start=True, dated=dated)


def ad_hoc(
    plan: Plan,
    persona_id: str,
    *,
    start: dt.datetime | None = None,
    events: tuple[Occurrence, ...] = (),
    base: Customer | None = None,
) -> Customer:
    """Return a what-if customer: ``base`` (a declared or eager scenario) with its start replaced
    and ``events`` added, or, without a base, a customer of ``persona_id`` who does exactly
    ``events``. ``start`` defaults to the base's start, or the default start."""
    if base is not None:
        entry = start or base.start
        return Customer(
            base.id,
            base.persona,
            entry,
            _ordered([*base.events, *events]),
            Origin.AD_HOC,
            index=base.index,
            name=base.name,
            default_start=start is None and base.default_start,
            dated=start is not None or base.dated,
        )
    if start is None:
        entry, dated = default_start(plan)
    else:
        entry, dated = start, True
    return Customer(
        AD_HOC,
        persona_id,
        entry,
        _ordered(list(events)),
        Origin.AD_HOC,
        default_start=start is None,
        dated=dated,
    )


def customers(plan: Plan) -> list[Customer]:
    """Return every customer the rules walk: each declared scenario of a known persona, in plan
    order, then the `eager` scenario of each persona that has no declared one."""
    personas = list(dict.fromkeys(p.id for p in plan.personas))
    out = [declared(plan, i) for i, s in enumerate(plan.scenarios) if s.persona in personas]
    covered = {c.persona for c in out}
    out += [eager(plan, p) for p in personas if p not in covered]
    return out
