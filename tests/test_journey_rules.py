"""Rules XC701-XC707 beyond their fixtures: severities, one finding for several walks, ignores,
references, and no crash on any plan."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.journey_plans import make_plan, touchpoint
from tests.test_walk_properties import occurrences, policies, touchpoints
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.lint.engine import lint_plan
from xcplan.lint.rules.journey import plan_walks
from xcplan.model.durations import format_minutes
from xcplan.model.plan import Plan

CAP = {"frequency_cap": {"max": 1, "per": "1d"}}
EVENING = {"id": "evening", "persona": "nadia", "start": "2026-04-01T20:30"}


def _found(plan: Plan, code: str) -> list[Diagnostic]:
    return [d for d in lint_plan(plan) if d.code == code]


def test_quiet_hours_moving_a_message_is_an_info_and_dropping_it_a_warning() -> None:
    late = touchpoint("late", "push", delay="1h")
    moved = _found(
        make_plan(
            late, policies={"quiet_hours": {"start": "21:00", "end": "08:00"}}, scenarios=[EVENING]
        ),
        "XC705",
    )
    assert [d.severity for d in moved] == [Severity.INFO]
    drop = {"quiet_hours": {"start": "21:00", "end": "08:00", "action": "drop"}}
    dropped = _found(make_plan(late, policies=drop, scenarios=[EVENING]), "XC705")
    assert [d.severity for d in dropped] == [Severity.WARNING]
    assert dropped[0].message.startswith(
        "quiet hours (21:00-08:00) drop `late`, due Wed 1 Apr 21:30"
    )


def test_one_finding_names_every_walk_it_occurs_in() -> None:
    scenarios = [
        {"id": "first", "persona": "nadia"},
        {"id": "second", "persona": "nadia", "start": "2026-04-05T09:00"},
    ]
    plan = make_plan(
        touchpoint("a", personas=["nadia", "omar"]),
        touchpoint("b", personas=["nadia", "omar"]),
        policies=CAP,
        scenarios=scenarios,
    )
    [found] = _found(plan, "XC701")
    assert "in scenario `first`" in found.message
    assert found.message.endswith("(also in scenarios `second`, `eager` (`omar`))")
    assert found.path == "touchpoints[b]"


def test_the_message_names_the_count_the_window_and_the_messages_in_it() -> None:
    plan = make_plan(
        touchpoint("a"),
        touchpoint("b", delay="1h"),
        policies={"frequency_cap": {"max": 1, "per": "1d", "action": "defer"}},
    )
    [found] = _found(plan, "XC701")
    assert found.message == (
        "`b` is the 2nd message to `nadia` in 1 day (cap 1/1d) in scenario `eager`; the cap "
        "defers it from Wed 1 Apr 10:00; it is sent on Thu 2 Apr 09:00 (already in the window: "
        "`a` on Wed 1 Apr 09:00)"
    )


def test_a_scenarios_ignore_silences_its_walk_only() -> None:
    scenarios = [
        {"id": "quiet", "persona": "nadia", "ignore": ["XC701"]},
        {"id": "loud", "persona": "nadia", "start": "2026-04-05T09:00"},
    ]
    plan = make_plan(touchpoint("a"), touchpoint("b"), policies=CAP, scenarios=scenarios)
    [found] = _found(plan, "XC701")
    assert "scenario `loud`" in found.message
    assert "also in" not in found.message


def test_a_personas_ignore_silences_the_walks_of_that_persona() -> None:
    plan = make_plan(touchpoint("a"), touchpoint("b"), policies=CAP)
    assert _found(plan, "XC701")
    data = plan.model_dump(exclude_defaults=True)
    data["personas"][0]["ignore"] = ["XC701"]
    assert not _found(Plan.model_validate(data), "XC701")


def test_a_touchpoints_ignore_silences_what_is_found_on_it() -> None:
    plan = make_plan(touchpoint("a"), touchpoint("b", ignore=["XC701"]), policies=CAP)
    assert not _found(plan, "XC701")


def test_findings_inside_scenarios_and_events_follow_their_ignore() -> None:
    scenarios = [
        {"id": "s", "persona": "nadja", "ignore": ["XC201"]},
        {"id": "t", "persona": "nadja"},
    ]
    found = _found(make_plan(touchpoint("a"), scenarios=scenarios), "XC201")
    assert [d.path for d in found] == ["scenarios[t].persona"]


def test_two_touchpoints_on_one_channel_at_once_are_not_xc703() -> None:
    plan = make_plan(touchpoint("a", "email"), touchpoint("b", "email", after="a"))
    assert not _found(plan, "XC703")
    plan = make_plan(touchpoint("a", "email"), touchpoint("b", "push", after="a"))
    assert [d.path for d in _found(plan, "XC703")] == ["touchpoints[b]"]


def test_touchpoints_of_two_flows_are_not_compared() -> None:
    plan = make_plan(touchpoint("a", "email", exit_on=["purchase"]), touchpoint("b", "push"))
    assert not _found(plan, "XC703")
    assert not _found(plan, "XC704")


def test_xc704_reads_earlier_or_simultaneous_touchpoints_of_the_flow() -> None:
    # The earlier touchpoint stops on nothing; the later one stops on purchase: nothing to say.
    plan = make_plan(
        touchpoint("a", "email"),
        touchpoint("b", "sms", after="a", delay="1d", exit_on=["purchase"]),
    )
    assert not _found(plan, "XC704")
    plan = make_plan(
        touchpoint("a", "email", exit_on=["purchase"]),
        touchpoint("b", "sms", after="a", delay="1d"),
    )
    [found] = _found(plan, "XC704")
    assert (
        "`b` does not stop on `purchase`, but `a` before it in flow `entry` does" in found.message
    )


def test_xc706_needs_an_end_and_real_dates() -> None:
    tps = (touchpoint("a"), touchpoint("b", after="a", delay="5w"))
    assert _found(make_plan(*tps, end="2026-04-30"), "XC706")
    assert not _found(make_plan(*tps), "XC706")
    assert not _found(make_plan(*tps, start=None, end="2026-04-30"), "XC706")
    dated = [{"id": "s", "persona": "nadia", "start": "2026-04-01T09:00"}]
    assert _found(make_plan(*tps, start=None, end="2026-04-30", scenarios=dated), "XC706")


def test_xc707_only_for_personas_with_declared_scenarios() -> None:
    plan = make_plan(
        touchpoint("cart", trigger="cart_abandoned", personas=["nadia", "omar"]),
        scenarios=[{"id": "s", "persona": "nadia"}],
    )
    [found] = _found(plan, "XC707")
    assert found.path == "touchpoints[cart].personas[0]"
    assert found.message == (
        "none of the scenarios of `nadia` (`s`) sends `cart`; in `s` it is not reached "
        "(`cart_abandoned` does not occur)"
    )


def test_xc702_names_what_became_of_the_touchpoint() -> None:
    scenarios = [
        {
            "id": "s",
            "persona": "nadia",
            "events": [{"event": "purchase", "at": "1h"}],
            "expect": {"sent": ["reminder", "for-omar"], "not_sent": ["welcome"]},
        }
    ]
    plan = make_plan(
        touchpoint("welcome"),
        touchpoint("reminder", "sms", delay="2h", exit_on=["purchase"]),
        touchpoint("for-omar", personas=["omar"]),
        scenarios=scenarios,
    )
    messages = [d.message for d in _found(plan, "XC702")]
    assert messages == [
        "scenario `s` expects `reminder` to reach `nadia`, but it is cancelled by `purchase` on "
        "Wed 1 Apr 10:00",
        "scenario `s` expects `for-omar` to reach `nadia`, but `for-omar` is not for `nadia`",
        "scenario `s` expects `welcome` not to reach `nadia`, but it is sent on Wed 1 Apr 09:00",
    ]


def test_the_walks_are_made_once_per_lint_context() -> None:
    ctx = LintContext(make_plan(touchpoint("a")))
    assert plan_walks(ctx) is plan_walks(ctx)


@settings(max_examples=100, deadline=None)
@given(
    st.data(),
    touchpoints("nadia", "t"),
    touchpoints("omar", "o"),
    occurrences,
    st.sampled_from(["skip", "defer"]),
    st.sampled_from(["defer", "drop"]),
    st.booleans(),
)
def test_the_rules_never_fail_on_any_plan(
    data: st.DataObject,
    mine: list[dict[str, Any]],
    others: list[dict[str, Any]],
    events: list[tuple[str, int]],
    cap_action: str,
    quiet_action: str,
    with_scenario: bool,
) -> None:
    scenarios = []
    if with_scenario:
        scenarios.append(
            {
                "id": "s",
                "persona": data.draw(st.sampled_from(["nadia", "omar", "nobody"])),
                "events": [{"event": e, "at": format_minutes(at)} for e, at in events],
                "expect": {"sent": [mine[0]["id"], "nothing"], "not_sent": [others[-1]["id"]]},
            }
        )
    plan = make_plan(
        *mine,
        *others,
        policies=data.draw(policies(cap_action, quiet_action)),
        scenarios=scenarios,
        end="2026-04-20",
    )
    for diagnostic in lint_plan(plan):
        assert diagnostic.message
        assert diagnostic.code.startswith("XC")


def test_times_past_the_year_9999_are_words_not_a_crash() -> None:
    from xcplan.cli.simulate import plain
    from xcplan.export.schedules import schedule

    scenarios = [{"id": "late", "persona": "nadia", "start": "9999-12-31T20:30"}]
    plan = make_plan(
        touchpoint("welcome", "push", delay="1h"),
        touchpoint("far", after="welcome", delay="99999999999w"),
        policies={"quiet_hours": {"start": "21:00", "end": "08:00"}},
        scenarios=scenarios,
        start="9999-12-30",
        end="9999-12-31",
    )
    ctx = LintContext(plan)
    [late, omar] = plan_walks(ctx)
    assert late.label(late.message("welcome").time or 0) == "11h30m after entry"  # type: ignore[union-attr]
    assert late.iso(12 * 60) is None
    found = [d.code for d in lint_plan(plan)]
    assert "XC705" in found
    data = schedule(late, plan)
    far = next(m for m in data["messages"] if m["touchpoint"] == "far")
    assert (far["status"], far["due"]) == ("not reached", None)
    assert "after entry" in plain([late, omar], plan)
