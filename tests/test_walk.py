"""The walk of section 10, bullet by bullet: each test is named after the sentence it checks."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.journey_plans import ENTRY, D, H, customer, make_plan, msg, touchpoint, walk_of
from xcplan.journey.flows import flows
from xcplan.journey.scenarios import (
    EAGER,
    Origin,
    customers,
    declared,
    default_start,
    eager,
    parse_occurrence,
    parse_start,
)
from xcplan.journey.times import DAY_ONE, HORIZON
from xcplan.journey.walk import Policy, Status, Walker, walk

CAP = {"frequency_cap": {"max": 2, "per": "1d"}}
QUIET = {"quiet_hours": {"start": "21:00", "end": "08:00"}}
EVENING = dt.datetime(2026, 4, 1, 20, 0)

# Entry


def test_customer_enters_at_the_scenarios_start() -> None:
    plan = make_plan(touchpoint("hello", delay="2h"))
    walked = walk_of(plan, start=dt.datetime(2026, 5, 4, 14, 30))
    assert walked.moment(msg(walked, "hello").time or 0) == dt.datetime(2026, 5, 4, 16, 30)
    assert walked.iso(0) == "2026-05-04T14:30"


def test_only_touchpoints_that_target_the_persona_take_part() -> None:
    plan = make_plan(touchpoint("for-nadia"), touchpoint("for-omar", personas=["omar"]))
    walked = walk_of(plan)
    assert [m.touchpoint for m in walked.messages] == ["for-nadia"]
    assert walked.message("for-omar") is None


def test_each_touchpoint_is_sent_at_most_once_per_customer() -> None:
    plan = make_plan(touchpoint("cart", trigger="cart_abandoned"))
    walked = walk_of(plan, ("cart_abandoned", 0), ("cart_abandoned", 2 * D))
    assert len(walked.messages) == 1
    assert msg(walked, "cart").time == 0


# Pending and due


def test_with_neither_trigger_nor_after_pending_at_entry_and_due_after_its_delay() -> None:
    plan = make_plan(touchpoint("now"), touchpoint("later", delay="1d2h"))
    walked = walk_of(plan)
    assert (msg(walked, "now").pending, msg(walked, "now").due) == (0, 0)
    assert (msg(walked, "later").pending, msg(walked, "later").due) == (0, D + 2 * H)
    assert msg(walked, "later").status is Status.SENT


def test_with_trigger_pending_at_the_first_occurrence_of_the_event() -> None:
    plan = make_plan(touchpoint("cart", trigger="cart_abandoned", delay="1h"))
    walked = walk_of(plan, ("cart_abandoned", 3 * H), ("cart_abandoned", 5 * H))
    assert (msg(walked, "cart").pending, msg(walked, "cart").due) == (3 * H, 4 * H)


def test_with_trigger_that_never_occurs_not_reached() -> None:
    plan = make_plan(touchpoint("cart", trigger="cart_abandoned"))
    message = msg(walk_of(plan), "cart")
    assert message.status is Status.NOT_REACHED
    assert (message.cause, message.reason) == ("cart_abandoned", "`cart_abandoned` does not occur")


def test_with_after_pending_when_the_touchpoint_before_is_sent() -> None:
    plan = make_plan(
        touchpoint("first", "push", delay="3h"), touchpoint("second", after="first", delay="1d")
    )
    walked = walk_of(plan)
    assert msg(walked, "second").pending == 3 * H
    assert msg(walked, "second").due == 3 * H + D


def test_with_after_pending_when_the_touchpoint_before_is_deferred_at_its_send_time() -> None:
    plan = make_plan(
        touchpoint("first", "push", delay="13h"),
        touchpoint("second", after="first"),
        policies=QUIET,
    )
    walked = walk_of(plan)  # due 22:00, quiet hours move it to 08:00
    assert msg(walked, "first").status is Status.DEFERRED
    assert msg(walked, "second").pending == 23 * H


def test_with_after_pending_when_the_touchpoint_before_is_skipped_by_the_cap() -> None:
    plan = make_plan(
        touchpoint("a"),
        touchpoint("b"),
        touchpoint("c", delay="1h"),
        touchpoint("d", "app", after="c"),
        policies=CAP,
    )
    walked = walk_of(plan)
    assert msg(walked, "c").status is Status.SKIPPED
    assert msg(walked, "d").pending == H
    assert msg(walked, "d").status is Status.SENT


@pytest.mark.parametrize(
    ("first", "events", "policies", "word"),
    [
        pytest.param(
            {"exit_on": ["purchase"], "delay": "1h"}, [("purchase", 30)], None, "cancelled"
        ),
        pytest.param(
            {"delay": "13h"},
            [],
            {"quiet_hours": {**QUIET["quiet_hours"], "action": "drop"}},
            "dropped",
        ),
        pytest.param({"trigger": "never"}, [], None, "never sent"),
    ],
    ids=["cancelled", "dropped", "not-reached"],
)
def test_with_after_if_the_touchpoint_before_is_never_sent_neither_is_it(
    first: dict[str, object],
    events: list[tuple[str, int]],
    policies: dict[str, object] | None,
    word: str,
) -> None:
    plan = make_plan(
        touchpoint("first", "push", **first), touchpoint("second", after="first"), policies=policies
    )
    message = msg(walk_of(plan, *events), "second")
    assert message.status is Status.NOT_REACHED
    assert message.cause == "first"
    assert message.reason == f"it starts after `first`, which is {word}"


def test_with_after_a_touchpoint_of_another_persona_not_reached() -> None:
    plan = make_plan(touchpoint("first", personas=["omar"]), touchpoint("second", after="first"))
    message = msg(walk_of(plan), "second")
    assert message.status is Status.NOT_REACHED
    assert message.reason == "it starts after `first`, which is not for `nadia`"


def test_with_both_trigger_and_after_the_first_occurrence_after_the_touchpoint_was_sent() -> None:
    plan = make_plan(
        touchpoint("welcome", "push", delay="2h"),
        touchpoint("tour", "app", after="welcome", trigger="app_opened", delay="5m"),
    )
    # An occurrence before `welcome` is sent (at 2h) does not count; the next one does.
    walked = walk_of(plan, ("app_opened", H), ("app_opened", 4 * H), ("app_opened", 6 * H))
    assert (msg(walked, "tour").pending, msg(walked, "tour").due) == (4 * H, 4 * H + 5)


def test_with_both_an_occurrence_in_the_minute_the_touchpoint_is_sent_counts() -> None:
    plan = make_plan(
        touchpoint("welcome", "push"), touchpoint("tour", "app", after="welcome", trigger="opened")
    )
    assert msg(walk_of(plan, ("opened", 0)), "tour").status is Status.SENT


def test_with_both_no_occurrence_after_the_touchpoint_was_sent_not_reached() -> None:
    plan = make_plan(
        touchpoint("welcome", "push", delay="2h"),
        touchpoint("tour", "app", after="welcome", trigger="opened"),
    )
    message = msg(walk_of(plan, ("opened", H)), "tour")
    assert message.status is Status.NOT_REACHED
    assert message.reason == "`opened` does not occur after `welcome` is sent"


# Cancellation


def test_exit_on_event_after_pending_and_before_the_send_time_cancels() -> None:
    plan = make_plan(touchpoint("reminder", "sms", delay="1d", exit_on=["purchase"]))
    message = msg(walk_of(plan, ("purchase", 3 * H)), "reminder")
    assert message.status is Status.CANCELLED
    assert (message.cause, message.time) == ("purchase", 3 * H)
    assert message.reason == "by `purchase` on Wed 1 Apr 12:00"


def test_exit_on_event_at_the_send_time_cancels() -> None:
    plan = make_plan(touchpoint("reminder", "sms", delay="1d", exit_on=["purchase"]))
    assert msg(walk_of(plan, ("purchase", D)), "reminder").status is Status.CANCELLED


def test_exit_on_event_after_the_send_time_does_not_cancel() -> None:
    plan = make_plan(touchpoint("reminder", "sms", delay="1d", exit_on=["purchase"]))
    assert msg(walk_of(plan, ("purchase", D + 1)), "reminder").status is Status.SENT


def test_exit_on_event_before_or_when_it_became_pending_does_not_cancel() -> None:
    plan = make_plan(
        touchpoint("welcome", "push", trigger="app_installed", exit_on=["purchase"], delay="1h")
    )
    walked = walk_of(plan, ("purchase", 0), ("app_installed", 2 * H), ("purchase", 2 * H))
    assert msg(walked, "welcome").status is Status.SENT


def test_exit_on_event_while_a_policy_holds_the_message_cancels_it() -> None:
    plan = make_plan(touchpoint("late", "push", delay="13h", exit_on=["purchase"]), policies=QUIET)
    # Due at 22:00, moved to 08:00 by quiet hours; the purchase at 07:00 is before the send.
    message = msg(walk_of(plan, ("purchase", 22 * H)), "late")
    assert message.status is Status.CANCELLED
    assert message.moves[0].policy is Policy.QUIET_HOURS


# Policies


def test_quiet_hours_defer_to_the_windows_end() -> None:
    plan = make_plan(
        touchpoint("welcome", "push", trigger="app_installed", delay="1h"), policies=QUIET
    )
    message = msg(walk_of(plan, ("app_installed", 0), start=EVENING), "welcome")
    assert message.status is Status.DEFERRED
    assert (message.due, message.time) == (H, 12 * H)
    assert (
        message.reason == "quiet hours 21:00-08:00: moved from Wed 1 Apr 21:00 to Thu 2 Apr 08:00"
    )


def test_quiet_hours_end_minute_is_outside_and_start_minute_inside() -> None:
    plan = make_plan(
        touchpoint("at-end", "sms", delay="23h"),
        touchpoint("at-start", "sms", delay="12h"),
        policies=QUIET,
    )
    walked = walk_of(plan)
    assert msg(walked, "at-end").status is Status.SENT  # 08:00 next day
    assert msg(walked, "at-start").status is Status.DEFERRED  # 21:00


def test_quiet_hours_drop() -> None:
    policies = {"quiet_hours": {"start": "21:00", "end": "08:00", "action": "drop"}}
    plan = make_plan(touchpoint("welcome", "push", delay="1h"), policies=policies)
    message = msg(walk_of(plan, start=EVENING), "welcome")
    assert (message.status, message.time) == (Status.DROPPED, H)
    assert message.reason == "due Wed 1 Apr 21:00, in quiet hours 21:00-08:00"


def test_quiet_hours_hold_back_only_their_kinds() -> None:
    plan = make_plan(
        touchpoint("mail", "email", delay="1h"),
        touchpoint("text", "sms", delay="1h"),
        policies=QUIET,
    )
    walked = walk_of(plan, start=EVENING)
    assert msg(walked, "mail").status is Status.SENT
    assert msg(walked, "text").status is Status.DEFERRED
    kinds = {"quiet_hours": {**QUIET["quiet_hours"], "kinds": ["email"]}}
    walked = walk_of(
        make_plan(
            touchpoint("mail", delay="1h"), touchpoint("text", "sms", delay="1h"), policies=kinds
        ),
        start=EVENING,
    )
    assert msg(walked, "mail").status is Status.DEFERRED
    assert msg(walked, "text").status is Status.SENT


def test_quiet_hours_within_one_day() -> None:
    policies = {"quiet_hours": {"start": "12:00", "end": "14:00"}}
    plan = make_plan(touchpoint("lunch", "push", delay="3h"), policies=policies)
    assert msg(walk_of(plan), "lunch").time == 5 * H


def test_min_gap_waits_for_the_gap_after_the_previous_counted_send() -> None:
    plan = make_plan(
        touchpoint("first", "email"),
        touchpoint("second", "sms", delay="1h"),
        touchpoint("card", "app", delay="1h"),
        policies={"min_gap": "4h"},
    )
    walked = walk_of(plan)
    second = msg(walked, "second")
    assert (second.status, second.time) == (Status.DEFERRED, 4 * H)
    assert second.moves[0].others == ("first",)
    assert msg(walked, "card").status is Status.SENT  # in_app is not counted


def test_min_gap_then_quiet_hours_are_checked_again() -> None:
    plan = make_plan(
        touchpoint("first", "email", delay="11h"),  # 20:00
        touchpoint("second", "sms", delay="11h30m"),
        policies={"min_gap": "2h", **QUIET},
    )
    second = msg(walk_of(plan), "second")
    assert [m.policy for m in second.moves] == [Policy.MIN_GAP, Policy.QUIET_HOURS]
    assert walk_of(plan).label(second.time or 0) == "Thu 2 Apr 08:00"


def test_min_gap_counts_the_frequency_caps_kinds() -> None:
    policies = {"min_gap": "4h", "frequency_cap": {"max": 9, "per": "1d", "kinds": ["sms"]}}
    plan = make_plan(
        touchpoint("mail"),
        touchpoint("text", "sms"),
        touchpoint("text2", "sms", delay="1h"),
        policies=policies,
    )
    walked = walk_of(plan)
    assert msg(walked, "text").time == 0  # email is not counted: no gap after it
    assert msg(walked, "text2").time == 4 * H


def test_frequency_cap_skips_over_the_sliding_window() -> None:
    plan = make_plan(
        touchpoint("a"),
        touchpoint("b", delay="12h"),
        touchpoint("c", delay="23h59m"),
        touchpoint("d", delay="1d"),
        policies=CAP,
    )
    walked = walk_of(plan)
    c = msg(walked, "c")
    assert c.status is Status.SKIPPED
    assert c.moves[0].others == ("a", "b")
    # At 24h, `a` (sent at 0) has left the window of one day: room again.
    assert msg(walked, "d").status is Status.SENT


def test_frequency_cap_defers_until_the_window_has_room() -> None:
    policies = {"frequency_cap": {"max": 2, "per": "1d", "action": "defer"}}
    plan = make_plan(
        touchpoint("a"), touchpoint("b", delay="1h"), touchpoint("c", delay="2h"), policies=policies
    )
    c = msg(walk_of(plan), "c")
    assert (c.status, c.time) == (Status.DEFERRED, D)


def test_frequency_cap_counts_only_its_kinds() -> None:
    plan = make_plan(
        touchpoint("a"),
        touchpoint("b"),
        touchpoint("card", "app"),
        touchpoint("site", "web"),
        policies=CAP,
    )
    walked = walk_of(plan)
    assert all(m.status is Status.SENT for m in walked.messages)
    policies = {"frequency_cap": {"max": 1, "per": "1d", "kinds": ["in_app", "web"]}}
    walked = walk_of(
        make_plan(
            touchpoint("a"),
            touchpoint("b"),
            touchpoint("card", "app"),
            touchpoint("site", "web"),
            policies=policies,
        )
    )
    assert [m.status for m in walked.messages] == [
        Status.SENT,
        Status.SENT,
        Status.SENT,
        Status.SKIPPED,
    ]


def test_policies_in_order_quiet_hours_then_min_gap_then_the_cap() -> None:
    policies = {
        "frequency_cap": {"max": 1, "per": "1d", "action": "defer"},
        "min_gap": "1h",
        **QUIET,
    }
    plan = make_plan(
        touchpoint("a", "sms", delay="11h"), touchpoint("b", "sms", delay="12h"), policies=policies
    )
    b = msg(walk_of(plan), "b")
    # 21:00 is quiet: 08:00; then the cap (a sent at 20:00) defers to 20:00, which is not quiet.
    assert [m.policy for m in b.moves] == [Policy.QUIET_HOURS, Policy.FREQUENCY_CAP]
    assert b.time == D + 11 * H


def test_a_send_deferred_by_the_cap_into_quiet_hours_moves_again() -> None:
    policies = {"frequency_cap": {"max": 1, "per": "1d", "action": "defer"}, **QUIET}
    plan = make_plan(
        touchpoint("a", "sms", delay="13h"), touchpoint("b", "sms", delay="14h"), policies=policies
    )
    walked = walk_of(plan)  # a: 22:00 -> 08:00 (day 2); b: 23:00 -> 08:00 -> cap: 08:00 day 3
    assert msg(walked, "a").time == 23 * H
    assert msg(walked, "b").time == 23 * H + D


def test_ties_broken_by_due_time_then_plan_order() -> None:
    policies = {"frequency_cap": {"max": 1, "per": "1d"}, **QUIET}
    plan = make_plan(
        touchpoint("first-written", "sms", delay="23h"),  # 08:00
        touchpoint("second-written", "push", delay="23h"),
        touchpoint("late-due", "sms", delay="22h"),  # 07:00, moved to 08:00: due earlier
        policies=policies,
    )
    walked = walk_of(plan)
    assert msg(walked, "late-due").status is Status.DEFERRED
    assert msg(walked, "first-written").status is Status.SKIPPED
    assert msg(walked, "second-written").status is Status.SKIPPED
    plan = make_plan(
        touchpoint("one", "sms", delay="1h"),
        touchpoint("two", "sms", delay="1h"),
        policies=policies,
    )
    walked = walk_of(plan)
    assert [m.status for m in walked.messages] == [Status.SENT, Status.SKIPPED]


def test_the_walk_is_deterministic() -> None:
    plan = make_plan(
        touchpoint("a", "sms", trigger="x"),
        touchpoint("b", "push", trigger="x"),
        touchpoint("c", after="a"),
        policies={**CAP, **QUIET, "min_gap": "30m"},
    )
    first = walk_of(plan, ("x", 13 * H), start=EVENING)
    assert first == walk_of(plan, ("x", 13 * H), start=EVENING)


# The end of the walk


def test_the_walk_ends_when_nothing_is_pending() -> None:
    plan = make_plan(touchpoint("a", delay="2d"), touchpoint("b", after="a", delay="3h"))
    assert walk_of(plan).ended == 2 * D + 3 * H


def test_the_walk_ends_365_days_after_entry() -> None:
    plan = make_plan(
        touchpoint("last-day", delay="52w1d"),
        touchpoint("too-late", delay="52w1d1m"),
        touchpoint("late-event", trigger="anniversary"),
    )
    walked = walk_of(plan, ("anniversary", HORIZON + 1))
    assert msg(walked, "last-day").status is Status.SENT
    assert msg(walked, "too-late").status is Status.NOT_REACHED
    assert (
        msg(walked, "too-late").reason == "still waiting when the walk ends, 365 days after entry"
    )
    assert msg(walked, "late-event").status is Status.NOT_REACHED
    assert walked.ended == HORIZON


# Flows


def test_a_flow_is_the_touchpoints_connected_by_after_named_by_the_roots_trigger_or_entry() -> None:
    plan = make_plan(
        touchpoint("welcome", trigger="app_installed"),
        touchpoint("reminder", after="welcome"),
        touchpoint("nudge", after="reminder"),
        touchpoint("newsletter"),
        touchpoint("digest", after="newsletter"),
        touchpoint("other-install", trigger="app_installed"),
    )
    found = flows(plan)
    assert found[2].name == "app_installed"
    assert found[2].members == (0, 1, 2)
    assert (found[4].name, found[4].root_id) == ("entry", "newsletter")
    # Two chains that both start on app_installed are two flows with one name.
    assert found[5].name == "app_installed"
    assert found[5].root != found[0].root
    assert msg(walk_of(plan, ("app_installed", 0)), "nudge").flow.root_id == "welcome"


def test_a_flow_in_an_after_loop_is_rooted_at_its_first_touchpoint() -> None:
    plan = make_plan(
        touchpoint("x", after="z"),
        touchpoint("y", after="x"),
        touchpoint("z", after="y"),
        touchpoint("w", after="y"),
    )
    found = flows(plan)
    assert {found[i].root_id for i in range(4)} == {"x"}
    assert all(m.status is Status.NOT_REACHED for m in walk_of(plan).messages)


# The eager scenario


def test_eager_every_event_that_triggers_one_of_its_touchpoints_occurs_once_at_entry() -> None:
    plan = make_plan(
        touchpoint("install", "push", trigger="app_installed"),
        touchpoint("cart", "sms", trigger="cart_abandoned", exit_on=["purchase"]),
        touchpoint("omar-only", trigger="omar_event", personas=["omar"]),
        touchpoint("again", trigger="app_installed"),
    )
    customer_ = eager(plan, "nadia")
    assert customer_.id == EAGER
    assert [(o.event, o.at) for o in customer_.events] == [
        ("app_installed", 0),
        ("cart_abandoned", 0),
    ]
    assert customer_.start == ENTRY
    assert all(m.status is Status.SENT for m in Walker(plan).walk(customer_).messages)


def test_eager_runs_only_for_personas_without_a_declared_scenario() -> None:
    scenarios = [{"id": "buys", "persona": "omar", "events": [{"event": "purchase", "at": "1d"}]}]
    plan = make_plan(touchpoint("a", personas=["nadia", "omar"]), scenarios=scenarios)
    walked = [(c.id, c.persona, c.origin) for c in customers(plan)]
    assert walked == [("buys", "omar", Origin.DECLARED), ("eager", "nadia", Origin.EAGER)]


def test_default_start_is_the_campaign_start_at_9_or_day_1_at_9() -> None:
    assert default_start(make_plan()) == (ENTRY, True)
    start, dated = default_start(make_plan(start=None))
    assert (start, dated) == (dt.datetime.combine(DAY_ONE, dt.time(9, 0)), False)
    assert DAY_ONE.weekday() == 0
    walked = walk(
        make_plan(touchpoint("a", delay="1d"), start=None), eager(make_plan(start=None), "nadia")
    )
    assert walked.label(D) == "day 2 09:00"


def test_a_declared_scenario_resolves_its_start_and_events() -> None:
    scenarios = [
        {
            "id": "s",
            "persona": "nadia",
            "start": "2026-04-03T20:15",
            "events": [{"event": "b", "at": "1d"}, {"event": "a", "at": "2h"}],
        },
        {"id": "t", "persona": "nadia"},
    ]
    plan = make_plan(scenarios=scenarios)
    first = declared(plan, 0)
    assert first.start == dt.datetime(2026, 4, 3, 20, 15)
    assert [(o.event, o.at) for o in first.events] == [("a", 2 * H), ("b", D)]
    assert not first.default_start
    assert declared(plan, 1).start == ENTRY
    assert declared(plan, 1).default_start


# Statuses


def test_every_status_has_a_reason_but_an_on_time_send() -> None:
    policies = {
        "frequency_cap": {"max": 1, "per": "1d"},
        "quiet_hours": {**QUIET["quiet_hours"], "action": "drop"},
    }
    plan = make_plan(
        touchpoint("sent", "email"),
        touchpoint("skipped", "email", delay="1h"),
        touchpoint("dropped", "sms", delay="13h"),
        touchpoint("cancelled", "app", delay="2h", exit_on=["purchase"]),
        touchpoint("unreached", trigger="never"),
        policies=policies,
    )
    walked = walk_of(plan, ("purchase", H))
    statuses = {m.touchpoint: m.status.value for m in walked.messages}
    assert statuses == {
        "sent": "sent",
        "skipped": "skipped",
        "dropped": "dropped",
        "cancelled": "cancelled",
        "unreached": "not reached",
    }
    assert msg(walked, "sent").reason == ""
    assert all(m.reason for m in walked.messages if m.touchpoint != "sent")
    assert msg(walked, "skipped").reason == "frequency cap 1/1d, 1 already in the window (`sent`)"
    assert [m.touchpoint for m in walked.reached] == ["sent"]


def test_messages_are_in_the_order_their_fate_is_sealed() -> None:
    plan = make_plan(
        touchpoint("third", delay="2d"),
        touchpoint("never", trigger="x"),
        touchpoint("first"),
        touchpoint("second", delay="1d"),
    )
    assert [m.touchpoint for m in walk_of(plan).messages] == ["first", "second", "third", "never"]


def test_quiet_spans_cover_the_walk() -> None:
    plan = make_plan(touchpoint("a", delay="1d"), policies=QUIET)
    walked = walk_of(plan)
    assert walked.quiet_spans() == [(12 * H, 23 * H)]
    assert walk_of(make_plan(touchpoint("a", delay="1d"))).quiet_spans() == []


def test_a_customer_of_an_unknown_channel_is_walked_without_policies() -> None:
    plan = make_plan(touchpoint("a", "nowhere", delay="13h"), policies={**QUIET, **CAP})
    message = msg(walk_of(plan), "a")
    assert (message.kind, message.status, message.counted) == (None, Status.SENT, False)


# Reading scenarios from the command line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-01T20:00", dt.datetime(2026, 4, 1, 20, 0)),
        ("2026-04-01 20:00", dt.datetime(2026, 4, 1, 20, 0)),
        ("2026-04-01", dt.datetime(2026, 4, 1, 9, 0)),
        ("2026-02-30T10:00", None),
        ("2026-04-01T24:00", None),
        ("tomorrow", None),
        ("2026-04-01T20:00:00", None),
    ],
)
def test_parse_start(text: str, expected: dt.datetime | None) -> None:
    assert parse_start(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("purchase@2d", ("purchase", 2 * D)),
        ("app_installed@0m", ("app_installed", 0)),
        ("purchase@1d2h", ("purchase", D + 2 * H)),
        ("purchase", None),
        ("purchase@", None),
        ("purchase@2x", None),
        ("Purchase@2d", None),
        ("@2d", None),
    ],
)
def test_parse_occurrence(text: str, expected: tuple[str, int] | None) -> None:
    found = parse_occurrence(text)
    assert (None if found is None else (found.event, found.at)) == expected


def test_a_what_if_adds_events_to_a_scenario_and_can_move_its_start() -> None:
    from xcplan.journey.scenarios import Occurrence, ad_hoc

    plan = make_plan(touchpoint("cart", "sms", trigger="cart", delay="1d", exit_on=["purchase"]))
    base = eager(plan, "nadia")
    what_if = ad_hoc(plan, "nadia", events=(Occurrence("purchase", 2 * H),), base=base)
    assert what_if.origin is Origin.AD_HOC
    assert msg(Walker(plan).walk(what_if), "cart").status is Status.CANCELLED
    moved = ad_hoc(plan, "nadia", start=EVENING, base=base)
    assert (moved.start, moved.default_start, moved.dated) == (EVENING, False, True)
    assert customer(plan, persona="omar").persona == "omar"


# Walks kept between plans that read the same


def test_walks_are_kept_for_a_plan_whose_walks_read_the_same() -> None:
    from xcplan.journey.walk import forget_walks, walk_key, walk_plan

    forget_walks()
    plan = make_plan(touchpoint("a", name="First"), touchpoint("b", after="a", delay="1d"))
    first = walk_plan(plan)
    renamed = make_plan(touchpoint("a", name="Renamed"), touchpoint("b", after="a", delay="1d"))
    assert walk_key(renamed) == walk_key(plan)
    assert walk_plan(renamed) is first
    later = make_plan(touchpoint("a", name="First"), touchpoint("b", after="a", delay="2d"))
    assert walk_key(later) != walk_key(plan)
    moved = walk_plan(later)
    assert moved is not first
    assert msg(moved[0], "b").due == 2 * D
    assert [w.customer.id for w in first] == ["eager", "eager"]
    forget_walks()
    assert walk_plan(plan) is not first
    assert walk_plan(plan) == first


@pytest.mark.parametrize(
    "change",
    [
        {"policies": {"min_gap": "1h"}},
        {"scenarios": [{"id": "s", "persona": "nadia"}]},
        {"start": "2026-05-01"},
        {"personas": ("nadia",)},
    ],
)
def test_what_the_walks_read_is_in_their_key(change: dict[str, object]) -> None:
    from xcplan.journey.walk import walk_key

    base = make_plan(touchpoint("a"))
    assert walk_key(make_plan(touchpoint("a"), **change)) != walk_key(base)  # type: ignore[arg-type]
