"""Properties of the walk on random plans and customers (hypothesis).

- With quiet hours that defer, nothing of a quiet kind is sent inside the window.
- Under either action of the cap, no window of `per` holds more than `max` counted sends.
- Counted sends are at least `min_gap` apart.
- The walk of a persona does not depend on where the touchpoints of other personas are written.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.journey_plans import CHANNELS, customer, make_plan
from xcplan.journey.walk import Walk, Walker
from xcplan.model.durations import format_minutes
from xcplan.model.plan import Plan

EVENTS = ("installed", "cart", "purchase", "opened")
KINDS = {c["id"]: c["kind"] for c in CHANNELS}

clocks = st.tuples(st.integers(0, 23), st.sampled_from([0, 30])).map(
    lambda hm: f"{hm[0]:02d}:{hm[1]:02d}"
)
delays = st.one_of(
    st.none(),
    # On a half-hour grid, so sends meet the edges of windows and gaps exactly.
    st.integers(0, 6 * 24).map(lambda n: format_minutes(n * 30)),
    st.sampled_from(["30m", "1h", "4h", "1d", "1w"]),
)


@st.composite
def touchpoints(draw: st.DrawFn, persona: str, prefix: str) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 9))
    out: list[dict[str, Any]] = []
    for n in range(count):
        data: dict[str, Any] = {
            "id": f"{prefix}{n}",
            "personas": [persona],
            "stage": "onboarding",
            "channel": draw(st.sampled_from(list(KINDS))),
            "variants": [{"id": "a", "body": "Hi"}],
        }
        trigger = draw(st.one_of(st.none(), st.sampled_from(EVENTS)))
        if trigger:
            data["trigger"] = trigger
        if out and draw(st.booleans()):
            data["after"] = draw(st.sampled_from([t["id"] for t in out]))
        delay = draw(delays)
        if delay:
            data["delay"] = delay
        exits = draw(st.lists(st.sampled_from(EVENTS), max_size=2, unique=True))
        if exits:
            data["exit_on"] = exits
        out.append(data)
    return out


@st.composite
def policies(draw: st.DrawFn, cap_action: str, quiet_action: str) -> dict[str, Any]:
    start, end = draw(st.tuples(clocks, clocks).filter(lambda se: se[0] != se[1]))
    out: dict[str, Any] = {
        "frequency_cap": {
            "max": draw(st.integers(1, 4)),
            "per": draw(st.sampled_from(["1h", "6h", "1d", "3d", "1w"])),
            "action": cap_action,
        },
        "quiet_hours": {"start": start, "end": end, "action": quiet_action},
    }
    if draw(st.booleans()):
        out["frequency_cap"]["kinds"] = draw(
            st.lists(st.sampled_from(sorted(set(KINDS.values()))), min_size=1, unique=True)
        )
    if draw(st.booleans()):
        out["min_gap"] = draw(st.sampled_from(["30m", "2h", "6h"]))
    return out


occurrences = st.lists(
    st.tuples(st.sampled_from(EVENTS), st.integers(0, 7 * 48).map(lambda n: n * 30)), max_size=6
)
starts = st.tuples(st.integers(0, 23), st.sampled_from([0, 30])).map(
    lambda hm: dt.datetime(2026, 4, 1, hm[0], hm[1])
)


def _walk(plan: Plan, events: list[tuple[str, int]], start: dt.datetime) -> Walk:
    return Walker(plan).walk(customer(plan, *events, start=start))


def _minute_of_day(walk: Walk, minutes: int) -> int:
    moment = walk.moment(minutes)
    return moment.hour * 60 + moment.minute


@settings(max_examples=150, deadline=None)
@given(
    st.data(),
    touchpoints("nadia", "t"),
    occurrences,
    starts,
    st.sampled_from(["skip", "defer"]),
)
def test_no_send_inside_quiet_hours_under_defer(
    data: st.DataObject,
    tps: list[dict[str, Any]],
    events: list[tuple[str, int]],
    start: dt.datetime,
    cap_action: str,
) -> None:
    plan = make_plan(*tps, policies=data.draw(policies(cap_action, "defer")))
    walk = _walk(plan, events, start)
    quiet = walk.policies.quiet
    assert quiet is not None
    for message in walk.reached:
        assert message.time is not None
        if message.kind in quiet.kinds:
            assert not quiet.holds(_minute_of_day(walk, message.time)), message


@settings(max_examples=150, deadline=None)
@given(
    st.data(),
    touchpoints("nadia", "t"),
    occurrences,
    starts,
    st.sampled_from(["skip", "defer"]),
    st.sampled_from(["defer", "drop"]),
)
def test_never_more_than_max_counted_sends_in_any_window(
    data: st.DataObject,
    tps: list[dict[str, Any]],
    events: list[tuple[str, int]],
    start: dt.datetime,
    cap_action: str,
    quiet_action: str,
) -> None:
    plan = make_plan(*tps, policies=data.draw(policies(cap_action, quiet_action)))
    walk = _walk(plan, events, start)
    cap = walk.policies.cap
    assert cap is not None
    sends = sorted(m.time for m in walk.reached if m.time is not None and m.kind in cap.kinds)
    for first, at in enumerate(sends):
        inside = [s for s in sends[first:] if s < at + cap.per]
        assert len(inside) <= cap.max, (sends, cap)
    gap = walk.policies.min_gap
    for before, after in itertools.pairwise(sends):
        assert after - before >= gap


@settings(max_examples=100, deadline=None)
@given(
    st.data(),
    touchpoints("nadia", "t"),
    touchpoints("omar", "o"),
    occurrences,
    starts,
    st.sampled_from(["skip", "defer"]),
    st.sampled_from(["defer", "drop"]),
)
def test_the_walk_does_not_depend_on_where_unrelated_touchpoints_are_written(
    data: st.DataObject,
    mine: list[dict[str, Any]],
    others: list[dict[str, Any]],
    events: list[tuple[str, int]],
    start: dt.datetime,
    cap_action: str,
    quiet_action: str,
) -> None:
    rules = data.draw(policies(cap_action, quiet_action))
    alone = _walk(make_plan(*mine, policies=rules), events, start)
    # Interleave the other persona's touchpoints anywhere, in any order; keep ours in order.
    shuffled = data.draw(st.permutations(others))
    slots = data.draw(
        st.lists(st.integers(0, len(mine)), min_size=len(shuffled), max_size=len(shuffled))
    )
    mixed: list[dict[str, Any]] = list(mine)
    for slot, item in sorted(zip(slots, shuffled, strict=True), key=lambda pair: -pair[0]):
        mixed.insert(slot, item)
    together = _walk(make_plan(*mixed, policies=rules), events, start)

    def shape(walk: Walk) -> list[tuple[object, ...]]:
        return [
            (
                m.touchpoint,
                m.status,
                m.pending,
                m.due,
                m.time,
                m.moves,
                m.cause,
                m.reason,
                m.flow.root_id,
            )
            for m in walk.messages
        ]

    assert shape(together) == shape(alone)
