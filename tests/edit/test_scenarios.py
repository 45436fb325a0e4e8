"""The edits of scenarios and policies, and the references they follow (personas, touchpoints,
channels and stages that are renamed or removed). Fast: no textual."""

from __future__ import annotations

from functools import partial

import pytest

from tests.conftest import EXAMPLES
from xcplan.edit.change import Edit
from xcplan.edit.entities import EditError
from xcplan.edit.fields import FieldValueError, parse_events, parse_value, render_value
from xcplan.edit.forms import scenario_fields
from xcplan.edit.journey import remove_channel, remove_stage
from xcplan.edit.personas import delete_persona, update_persona
from xcplan.edit.policies import policy_from_values, policy_texts, set_policy
from xcplan.edit.scenarios import (
    add_scenario,
    check_scenario,
    cycle_expectation,
    duplicate_scenario,
    expectation,
    new_scenario_data,
    remove_scenario,
    scenario_at,
    scenario_data,
    set_scenario_field,
)
from xcplan.edit.touchpoints import delete_touchpoint, touchpoint_at, update_touchpoint
from xcplan.io.load import load_plan
from xcplan.lint.engine import lint_plan
from xcplan.model.plan import Plan

RETAIL = EXAMPLES / "retail-app-launch.yaml"
EVENING = "dana-installs-in-the-evening"


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_plan(RETAIL.read_bytes()).plan
    assert loaded is not None
    return loaded


def _errors(function: partial[Edit[object]]) -> dict[str, str]:
    with pytest.raises(EditError) as raised:
        function()
    return raised.value.errors


def _codes(plan: Plan, *codes: str) -> list[str]:
    return [f"{d.code} {d.message}" for d in lint_plan(plan) if d.code in codes]


class TestFollowing:
    """Renaming or removing what scenarios and events name takes them along."""

    def test_renaming_a_persona_renames_its_scenarios_and_rates(self, plan: Plan) -> None:
        data = next(p for p in plan.personas if p.id == "loyal-regular").model_dump()
        new = update_persona(plan, "loyal-regular", data | {"id": "leonora"}).plan
        owners = {s.id: s.persona for s in new.scenarios}
        assert owners["leonora-orders-next-day"] == "leonora"
        assert owners[EVENING] == "deal-seeker"
        installed = next(e for e in new.events if e.id == "app_installed")
        assert list(installed.rates) == ["leonora", "lapsed-shopper", "store-browser"]
        assert _codes(new, "XC201") == []

    def test_deleting_a_persona_deletes_its_scenarios_and_says_so(self, plan: Plan) -> None:
        done = delete_persona(plan, "loyal-regular")
        impact = done.result
        assert impact.scenarios == ("leonora-orders-next-day", "leonora-installs-and-waits")
        assert impact.rates == ("app_installed", "first_app_order", "purchase")
        text = " ".join(impact.lines())
        assert "2 scenarios of the persona will be deleted" in text
        assert "3 events give the persona a rate, which will be removed" in text
        assert all(s.persona != "loyal-regular" for s in done.plan.scenarios)
        assert all("loyal-regular" not in e.rates for e in done.plan.events)
        assert _codes(done.plan, "XC201") == []

    def test_a_deleted_touchpoint_leaves_every_expect(self, plan: Plan) -> None:
        done = delete_touchpoint(plan, "welcome-push")
        assert done.result.expects == (
            EVENING,
            "leonora-orders-next-day",
            "leonora-installs-and-waits",
            "sam-signs-up-in-store",
        )
        assert "4 scenarios expect a deleted touchpoint" in " ".join(done.result.lines())
        for scenario in done.plan.scenarios:
            assert scenario.expect is not None
            assert "welcome-push" not in scenario.expect.sent
        assert _codes(done.plan, "XC201") == []

    def test_an_expect_left_empty_goes(self, plan: Plan) -> None:
        plan = set_scenario_field(plan, EVENING, "sent", ["welcome-push"]).plan
        done = delete_touchpoint(plan, "welcome-push")
        assert scenario_at(done.plan, EVENING)[1].expect is None

    def test_removing_a_channel_or_a_stage_follows_expect(self, plan: Plan) -> None:
        by_channel = remove_channel(plan, "sms")
        assert "first-order-sms" in by_channel.result.deleted
        assert EVENING in by_channel.result.expects
        assert _codes(by_channel.plan, "XC201") == []
        by_stage = remove_stage(plan, "onboarding")
        assert by_stage.result.expects
        assert _codes(by_stage.plan, "XC201") == []

    def test_renaming_a_touchpoint_renames_it_in_expect(self, plan: Plan) -> None:
        _, touchpoint = touchpoint_at(plan, "first-order-sms")
        data = touchpoint.model_dump(exclude_defaults=True) | {"id": "first-order-text"}
        new = update_touchpoint(plan, "first-order-sms", data).plan
        waits = scenario_at(new, "leonora-installs-and-waits")[1].expect
        assert waits is not None and "first-order-text" in waits.sent
        next_day = scenario_at(new, "leonora-orders-next-day")[1].expect
        assert next_day is not None and next_day.not_sent == ["first-order-text"]
        assert _codes(new, "XC201") == []


class TestScenarioEdits:
    """Adding, duplicating, removing and changing scenarios, refused with the linter's words."""

    def test_a_new_scenario_starts_as_the_eager_walk(self, plan: Plan) -> None:
        data = new_scenario_data(plan, "lapsed-shopper")
        assert data["id"] == "lapsed-shopper-scenario"
        assert [e["event"] for e in data["events"]] == ["app_installed", "inactive_90_days"]
        done = add_scenario(plan, data)
        ids = [s.id for s in done.plan.scenarios]
        assert ids[-1] == "lapsed-shopper-scenario"
        again = add_scenario(done.plan, new_scenario_data(done.plan, "lapsed-shopper"))
        assert again.result.id == "lapsed-shopper-scenario-2"

    def test_added_after_the_scenarios_of_its_persona(self, plan: Plan) -> None:
        data = new_scenario_data(plan, "loyal-regular")
        ids = [s.id for s in add_scenario(plan, data).plan.scenarios]
        assert ids.index("loyal-regular-scenario") == ids.index("leonora-installs-and-waits") + 1

    def test_duplicate_and_remove(self, plan: Plan) -> None:
        done = duplicate_scenario(plan, EVENING)
        ids = [s.id for s in done.plan.scenarios]
        assert ids[:2] == [EVENING, f"{EVENING}-2"]
        assert done.result.name is not None and done.result.name.endswith("(copy)")
        assert done.result.events == scenario_at(plan, EVENING)[1].events
        removed = remove_scenario(done.plan, EVENING)
        assert removed.plan.scenarios[0].id == f"{EVENING}-2"
        with pytest.raises(KeyError):
            remove_scenario(plan, "nobody")

    def test_fields_are_checked_as_typed(self, plan: Plan) -> None:
        edit = partial(set_scenario_field, plan, EVENING)
        assert (
            "not a real calendar date"
            in _errors(partial(edit, "start", "2026-02-30T20:30"))["start"]
        )
        assert _errors(partial(edit, "id", "eager"))["id"].startswith("`eager` is the name")
        assert "already a scenario" in _errors(partial(edit, "id", "leonora-orders-next-day"))["id"]
        assert _errors(partial(edit, "persona", "dana"))["persona"].startswith(
            "unknown persona `dana`"
        )
        events = [{"event": "app_installed", "at": "0m"}, {"event": "purchse", "at": "2d"}]
        message = _errors(partial(edit, "events", events))["events"]
        assert message == "event 2: unknown event `purchse`; did you mean `purchase`?"
        bad_time = [{"event": "purchase", "at": "2 days"}]
        assert _errors(partial(edit, "events", bad_time))["events"].startswith(
            "event 1: `2 days` is not a duration"
        )
        assert "unknown touchpoint `welcome`" in _errors(partial(edit, "sent", ["welcome"]))["sent"]

    def test_a_valid_field_goes_into_the_plan(self, plan: Plan) -> None:
        done = set_scenario_field(plan, EVENING, "start", "2026-04-01T18:00")
        assert done.result.start == "2026-04-01T18:00"
        cleared = set_scenario_field(done.plan, EVENING, "start", None)
        assert cleared.result.start is None
        renamed = set_scenario_field(plan, EVENING, "id", "dana-evening")
        assert renamed.plan.scenarios[0].id == "dana-evening"

    def test_an_old_problem_does_not_block_another_field(self, plan: Plan) -> None:
        scenario = scenario_at(plan, EVENING)[1]
        broken = scenario.model_copy(update={"events": [*scenario.events[:1]]})
        broken = broken.model_copy(
            update={"events": [broken.events[0].model_copy(update={"event": "purchse"})]}
        )
        bad = plan.model_copy(update={"scenarios": [broken, *plan.scenarios[1:]]})
        assert set_scenario_field(bad, EVENING, "start", "2026-04-01T18:00").result.start
        _, errors = check_scenario(bad, scenario_data(broken), EVENING)
        assert "events" in errors

    def test_expectation_cycles(self, plan: Plan) -> None:
        scenario_id, touchpoint = "leonora-installs-and-waits", "app-tour"
        first = cycle_expectation(plan, scenario_id, touchpoint)
        assert first.result == "sent"
        second = cycle_expectation(first.plan, scenario_id, touchpoint)
        assert second.result == "not_sent"
        assert expectation(scenario_at(second.plan, scenario_id)[1], touchpoint) == "not_sent"
        third = cycle_expectation(second.plan, scenario_id, touchpoint)
        assert third.result is None
        assert scenario_at(third.plan, scenario_id)[1] == scenario_at(plan, scenario_id)[1]

    def test_events_codec(self, plan: Plan) -> None:
        field = next(f for f in scenario_fields(plan, "") if f.name == "events")
        scenario = scenario_at(plan, EVENING)[1]
        text = render_value(field, scenario.model_dump()["events"])
        assert text.splitlines()[:2] == ["app_installed@0m", "price_drop@3d"]
        assert parse_value(field, text + "\n\n") == scenario.model_dump()["events"]
        assert parse_events(" purchase @ 2d ") == [{"event": "purchase", "at": "2d"}]
        with pytest.raises(FieldValueError, match="line 2: write `event@time"):
            parse_events("purchase@2d\npurchase 3d")


class TestPolicies:
    """Each policy set as a whole from its row, or removed; the walk's own XC104 refused."""

    def test_texts_and_values(self, plan: Plan) -> None:
        assert policy_texts(plan, "frequency_cap") == {"max": 4, "per": "1w", "action": "skip"}
        assert policy_texts(plan, "min_gap") == {}
        values = {"max": "3", "per": "1w", "action": "defer", "kinds": "email, sms"}
        data, problems = policy_from_values("frequency_cap", values)
        assert problems == {}
        assert data == {"max": 3, "per": "1w", "action": "defer", "kinds": ["email", "sms"]}
        empty = {"max": "", "per": "", "action": "skip", "kinds": ""}
        assert policy_from_values("frequency_cap", empty) == (None, {})
        wrong = {"max": "four", "per": "1w", "action": "skip", "kinds": ""}
        assert policy_from_values("frequency_cap", wrong)[1] == {
            "frequency_cap.max": "`max` must be a whole number, not `four`"
        }

    def test_set_and_remove(self, plan: Plan) -> None:
        done = set_policy(plan, "min_gap", {"min_gap": "4h"})
        assert done.plan.policies is not None and done.plan.policies.min_gap == "4h"
        capped = set_policy(done.plan, "frequency_cap", {"max": 2, "per": "1d"})
        assert capped.plan.policies is not None
        cap = capped.plan.policies.frequency_cap
        assert cap is not None and cap.action == "skip"
        bare = set_policy(set_policy(capped.plan, "frequency_cap", None).plan, "min_gap", None)
        bare = set_policy(bare.plan, "quiet_hours", None)
        assert bare.plan.policies is None
        assert set_policy(bare.plan, "quiet_hours", None).plan is bare.plan

    def test_refused_with_the_linters_messages(self, plan: Plan) -> None:
        same = {"start": "21:00", "end": "21:00"}
        assert _errors(partial(set_policy, plan, "quiet_hours", same))[
            "quiet_hours.end"
        ].startswith("quiet hours start and end at 21:00")
        never = {"max": 4, "per": "0m"}
        assert (
            "counts no message"
            in _errors(partial(set_policy, plan, "frequency_cap", never))["frequency_cap.per"]
        )
        late = {"start": "25:00", "end": "08:00"}
        assert (
            "not a time of day"
            in _errors(partial(set_policy, plan, "quiet_hours", late))["quiet_hours.start"]
        )
        assert (
            "not a duration"
            in _errors(partial(set_policy, plan, "min_gap", {"min_gap": "4"}))["min_gap"]
        )
