"""The estimate of format section 11 (``xcplan.journey.cost``): hand-computed cases, money
formatting, and properties that hold for any plan (hypothesis)."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xcplan.export.estimate import budget_line
from xcplan.journey.cost import (
    EXACT,
    CostModel,
    Estimate,
    Totals,
    decimal_text,
    estimate,
    exact_sum,
    format_count,
    format_money,
    round_money,
    to_decimal,
)
from xcplan.lint.context import LintContext
from xcplan.lint.rules import cost as cost_rules
from xcplan.model.config import Config, Costs
from xcplan.model.plan import Plan

UCS2_TWO_SEGMENTS = "Żółte kwiaty czekają na Ciebie w sklepie Acme. Odpowiedz STOP, by zrezygnować."


def _plan(
    personas: list[dict[str, Any]],
    touchpoints: list[dict[str, Any]],
    *,
    events: list[dict[str, Any]] | None = None,
    channels: list[dict[str, Any]] | None = None,
    **campaign: Any,
) -> Plan:
    channels = channels or [
        {"id": "sms", "kind": "sms"},
        {"id": "email", "kind": "email"},
        {"id": "push", "kind": "push"},
        {"id": "store", "kind": "in_store"},
    ]
    for touchpoint in touchpoints:
        touchpoint.setdefault("personas", [p["id"] for p in personas])
        touchpoint.setdefault("stage", "purchase")
    return Plan.model_validate(
        {
            "xcplan": 1,
            "campaign": {"id": "c", "name": "C", "objective": "O", **campaign},
            "personas": [{"name": p["id"].title(), **p} for p in personas],
            "channels": channels,
            "touchpoints": touchpoints,
            "events": events or [],
        }
    )


def _sms(body: str = UCS2_TWO_SEGMENTS, **extra: Any) -> dict[str, Any]:
    return {"id": "sms-1", "channel": "sms", "variants": [{"id": "a", "body": body}], **extra}


def _email(tp_id: str, **extra: Any) -> dict[str, Any]:
    variant = {"id": "a", "subject": "Hi", "body": "Hello {{ unsubscribe_url }}"}
    return {"id": tp_id, "channel": "email", "variants": [variant], **extra}


def _costs(**prices: Any) -> Costs:
    return Costs.model_validate(prices)


# Hand-computed estimates --------------------------------------------------------------------


def test_twelve_thousand_customers_ten_percent_control_two_ucs2_segments() -> None:
    # 12,000 x 0.9 (10% held out) x 2 segments x 0.045 = 972.00 exactly.
    plan = _plan([{"id": "ola", "size": 12000}], [_sms(experiment={"control": 10})], currency="EUR")
    found = estimate(plan, _costs(sms=0.045))
    (touchpoint,) = found.touchpoints
    (line,) = touchpoint.lines
    assert line.share == Decimal("0.9")
    assert line.audience == Decimal(10800)
    assert line.segments == 2
    assert line.price == Decimal("0.045")
    assert found.totals.cost == Decimal("972")
    assert found.totals.segments == Decimal(21600)
    assert touchpoint.held_out == Decimal(1200)
    assert format_money(found.totals.cost, found.currency) == "972.00 EUR"


def test_rates_multiply_along_the_after_chain_and_exits_take_their_complement() -> None:
    # welcome: everyone installs at 0.5           -> 10,000 x 0.5             = 5,000
    # order:   after welcome, first_order 0.2     -> 10,000 x 0.5 x 0.2       = 1,000
    # nudge:   after order, stops on purchase .25 -> 10,000 x 0.5 x 0.2 x 0.75 = 750
    events = [
        {"id": "app_installed", "rate": 0.5},
        {"id": "first_order", "rate": 0.9, "rates": {"nadia": 0.2}},
        {"id": "purchase", "rate": 0.25},
    ]
    touchpoints = [
        _email("welcome", trigger="app_installed"),
        _email("order", after="welcome", trigger="first_order"),
        _email("nudge", after="order", exit_on=["purchase", "purchase"]),
    ]
    plan = _plan([{"id": "nadia", "size": 10000}], touchpoints, events=events)
    found = estimate(plan, _costs(email=0.001))
    audiences = [t.audience for t in found.touchpoints]
    assert audiences == [Decimal(5000), Decimal(1000), Decimal(750)]
    assert [t.totals.cost for t in found.touchpoints] == [Decimal(5), Decimal(1), Decimal("0.75")]
    assert found.undeclared_events == ()


def test_an_undeclared_exit_event_stops_everyone_and_is_named() -> None:
    plan = _plan([{"id": "nadia", "size": 10000}], [_email("nudge", exit_on=["purchase"])])
    found = estimate(plan, _costs(email=0.001))
    assert found.touchpoints[0].audience == 0
    assert found.undeclared_events == ("purchase",)


def test_prices_by_persona_locale_most_specific_table_first() -> None:
    personas = [
        {"id": "ola", "size": 1000, "locale": "pl-PL"},
        {"id": "kuba", "size": 1000, "locale": "pl"},
        {"id": "nadia", "size": 1000, "locale": "en-GB"},
        {"id": "anon", "size": 1000},  # reads the campaign's locale, `pl`
    ]
    body = "Acme: short and GSM-7. Reply STOP to opt out."
    sms = _sms(body)
    sms["variants"] = [{"id": "pl", "body": body}, {"id": "en", "locale": "en", "body": body}]
    plan = _plan(personas, [sms, _email("mail")], locale="pl")
    costs = _costs(
        sms=0.045,
        email=0.0008,
        locales={"pl": {"sms": 0.032, "email": 0.003}, "pl-PL": {"sms": 0.03}},
    )
    found = estimate(plan, costs)
    sms, mail = found.touchpoints
    assert {line.persona: line.price for line in sms.lines} == {
        "ola": Decimal("0.03"),  # pl-PL is more specific than pl
        "kuba": Decimal("0.032"),  # pl-PL does not serve plain pl
        "nadia": Decimal("0.045"),  # no table serves en-GB: [costs]
        "anon": Decimal("0.032"),
    }
    # pl-PL prices no email: the next table that serves pl-PL does.
    assert {line.persona: line.price for line in mail.lines}["ola"] == Decimal("0.003")
    assert sms.totals.cost == Decimal("30") + Decimal("32") + Decimal("45") + Decimal("32")


def test_personas_without_size_are_left_out_and_named() -> None:
    plan = _plan([{"id": "nadia", "size": 1000}, {"id": "ghost"}], [_email("mail")])
    found = estimate(plan, _costs(email=0.01))
    assert found.unsized_personas == ("ghost",)
    assert [p.id for p in found.personas] == ["nadia"]
    assert {line.persona for line in found.touchpoints[0].lines} == {"nadia"}
    assert found.totals.cost == Decimal(10)


def test_a_kind_without_a_price_costs_nothing_and_is_named() -> None:
    poster = {"id": "poster", "channel": "store", "variants": [{"id": "a", "body": "Spring is in"}]}
    plan = _plan([{"id": "nadia", "size": 1000}], [poster, _email("mail")])
    found = estimate(plan, _costs(email=0.01, push=0))
    assert found.unpriced_kinds == ("in_store",)
    assert found.touchpoints[0].totals.cost == 0
    assert found.touchpoints[0].unpriced
    assert found.touchpoints[0].audience == 1000
    assert not found.touchpoints[1].unpriced


def test_a_price_of_zero_is_a_price() -> None:
    push = {"id": "p", "channel": "push", "variants": [{"id": "a", "title": "Hi", "body": "Yo"}]}
    found = estimate(_plan([{"id": "nadia", "size": 1000}], [push]), _costs(push=0))
    assert found.unpriced_kinds == ()
    assert found.totals.cost == 0


def test_variants_in_different_locales_share_each_persona_whole_audience() -> None:
    # 45% + 45% + 10% control; `en` serves only Nadia and `pl` only Ola, so each persona's
    # variant takes all that the control leaves: 90%.
    touchpoint = {
        "id": "mail",
        "channel": "email",
        "experiment": {"control": 10},
        "variants": [
            {"id": "en", "weight": 45, "locale": "en", "subject": "Hi", "body": "Hello"},
            {"id": "pl", "weight": 45, "locale": "pl", "subject": "Cześć", "body": "Dzień dobry"},
        ],
    }
    personas = [
        {"id": "nadia", "size": 1000, "locale": "en-GB"},
        {"id": "ola", "size": 2000, "locale": "pl-PL"},
    ]
    found = estimate(_plan(personas, [touchpoint]), _costs(email=0.01))
    lines = {(line.variant, line.persona): line.audience for line in found.touchpoints[0].lines}
    assert lines == {("en", "nadia"): Decimal(900), ("pl", "ola"): Decimal(1800)}


def test_an_equal_split_that_does_not_come_out_even_is_carried_to_40_digits() -> None:
    variants = [{"id": v, "subject": "Hi", "body": "Hello"} for v in ("a", "b", "c")]
    touchpoint = {"id": "mail", "channel": "email", "variants": variants}
    found = estimate(_plan([{"id": "nadia", "size": 9000}], [touchpoint]), _costs(email=1))
    shares = {line.share for line in found.touchpoints[0].lines}
    assert shares == {Decimal("0." + "3" * 40)}
    assert format_count(found.totals.messages) == "9,000"
    assert found.totals.messages == exact_sum(line.audience for line in found.touchpoints[0].lines)


def test_conversions_and_cost_per_conversion_use_the_baseline() -> None:
    # 12,000 x 0.9 = 10,800 get the SMS; x 0.04 = 432 conversions; 972.00 / 432 = 2.25.
    experiment = {"control": 10, "baseline": 0.04}
    plan = _plan([{"id": "ola", "size": 12000}], [_sms(experiment=experiment)])
    touchpoint = estimate(plan, _costs(sms=0.045)).touchpoints[0]
    assert touchpoint.conversions == Decimal(432)
    assert touchpoint.cost_per_conversion == Decimal("2.25")


def test_no_baseline_no_conversions() -> None:
    plan = _plan([{"id": "ola", "size": 12000}], [_sms()])
    touchpoint = estimate(plan, _costs(sms=0.045)).touchpoints[0]
    assert touchpoint.conversions is None
    assert touchpoint.cost_per_conversion is None


def test_reach_is_bounded_by_the_largest_audience_and_the_sum() -> None:
    events = [{"id": "price_drop", "rate": 0.1}, {"id": "app_opened", "rate": 0.6}]
    touchpoints = [
        _email("a", trigger="app_opened"),  # 6,000
        _email("b", trigger="price_drop"),  # 1,000
    ]
    plan = _plan([{"id": "nadia", "size": 10000}], touchpoints, events=events)
    (nadia,) = estimate(plan, _costs(email=0.001)).personas
    assert (nadia.reach_min, nadia.reach_max) == (Decimal(6000), Decimal(7000))
    crowded = _plan([{"id": "nadia", "size": 10000}], [_email("a"), _email("b")])
    (nadia,) = estimate(crowded, _costs(email=0.001)).personas
    assert (nadia.reach_min, nadia.reach_max) == (Decimal(10000), Decimal(10000))


def test_budget_remaining_and_over() -> None:
    plan = _plan([{"id": "ola", "size": 12000}], [_sms()], budget=1000, currency="EUR")
    found = estimate(plan, _costs(sms=0.045))  # 12,000 x 2 x 0.045 = 1,080
    assert (found.remaining, found.over) == (Decimal(0), Decimal(80))
    plan = _plan([{"id": "ola", "size": 12000}], [_sms()], budget=1500.5, currency="EUR")
    found = estimate(plan, _costs(sms=0.045))
    assert (found.remaining, found.over) == (Decimal("420.5"), Decimal(0))
    assert estimate(_plan([{"id": "o", "size": 1}], [_sms()]), _costs()).remaining is None


def test_segments_come_from_the_measured_rendering_when_given() -> None:
    plan = _plan([{"id": "ola", "size": 100}], [_sms("Hi {{ name }}")])
    model = CostModel(plan, _costs(sms=1))
    assert model.touchpoint(0, lambda t, v, p: 3).totals.cost == Decimal(300)  # type: ignore[union-attr]
    # Without a measurement, the copy as written is measured: one segment.
    assert model.touchpoint(0).totals.cost == Decimal(100)  # type: ignore[union-attr]
    assert model.touchpoint(0, lambda t, v, p: None).totals.cost == Decimal(100)  # type: ignore[union-attr]


def test_after_loops_and_unknown_touchpoints_end_the_chain() -> None:
    touchpoints = [
        _email("a", after="b", trigger="x"),
        _email("b", after="a"),
        _email("c", after="nowhere"),
    ]
    events = [{"id": "x", "rate": 0.5}]
    found = estimate(_plan([{"id": "n", "size": 100}], touchpoints, events=events), _costs())
    assert [t.audience for t in found.touchpoints] == [Decimal(50), Decimal(50), Decimal(100)]


def test_a_touchpoint_on_an_unknown_channel_is_left_out() -> None:
    touchpoint = {"id": "x", "channel": "fax", "variants": [{"id": "a", "body": "Hi"}]}
    found = estimate(_plan([{"id": "n", "size": 100}], [touchpoint]), _costs())
    assert found.touchpoints == ()
    assert (
        CostModel(_plan([{"id": "n", "size": 100}], [touchpoint]), _costs()).touchpoint(0) is None
    )


def test_channel_and_persona_totals() -> None:
    personas = [{"id": "a", "size": 100}, {"id": "b", "size": 300}]
    plan = _plan(personas, [_email("m1"), _email("m2", personas=["b"]), _sms()])
    found = estimate(plan, _costs(email=0.01, sms=0.05))
    assert [(c.id, c.totals.messages, c.totals.cost) for c in found.channels] == [
        ("sms", Decimal(400), Decimal(40)),
        ("email", Decimal(700), Decimal(7)),
    ]
    assert [(p.id, p.totals.cost) for p in found.personas] == [
        ("a", Decimal(11)),
        ("b", Decimal(36)),
    ]
    assert [t.id for t in found.most_expensive()] == ["sms-1", "m1", "m2"]


# Money --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        ("1536", "PLN", "1,536.00 PLN"),
        ("0.005", "EUR", "0.01 EUR"),  # half up, as on an invoice
        ("0.0049", "EUR", "0.00 EUR"),
        ("1536.5", "JPY", "1,537 JPY"),  # no minor unit
        ("12.3456", "KWD", "12.346 KWD"),  # three places
        ("1", "XAU", "1.00 XAU"),  # no minor unit in ISO 4217: two places
        ("1234567.891", None, "1,234,567.89"),  # no currency: two places, no code
    ],
)
def test_money_is_rounded_to_the_minor_unit_when_shown(
    amount: str, currency: str | None, shown: str
) -> None:
    assert format_money(Decimal(amount), currency) == shown


def test_floats_are_converted_through_their_shortest_repr() -> None:
    assert to_decimal(0.045) == Decimal("0.045")
    assert to_decimal(0.1 + 0.2) == Decimal("0.30000000000000004")
    assert to_decimal(-0.0).is_signed() is False
    assert to_decimal(10**30) == Decimal(10**30)
    assert decimal_text(Decimal("0.0450")) == "0.045"
    assert decimal_text(Decimal("1E+2")) == "100"


def test_huge_audiences_stay_exact() -> None:
    size = 10**300
    plan = _plan([{"id": "a", "size": size}, {"id": "b", "size": 1}], [_sms()])
    found = estimate(plan, _costs(sms=0.045))
    with decimal.localcontext() as ctx:
        ctx.prec = 400
        assert found.totals.cost == (Decimal(size) + 1) * 2 * Decimal("0.045")
    assert round_money(found.totals.cost, None).as_tuple().exponent == -2
    assert format_money(found.totals.cost, "EUR").endswith(".09 EUR")


# Properties ---------------------------------------------------------------------------------

_KINDS = ("email", "sms", "push", "in_app", "in_store")
_ids = st.sampled_from(["a", "b", "c", "d"])
_rates = st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(0, 1, allow_nan=False))
_prices = st.one_of(st.none(), st.sampled_from([0, 0.045, 1e-9]), st.floats(0, 1e6))
_sizes = st.one_of(
    st.none(), st.sampled_from([0, 1, 10**300]), st.integers(0, 10**12), st.integers(0, 10**300)
)


@st.composite
def _cost_plans(draw: st.DrawFn) -> tuple[Plan, Costs]:
    personas = [
        {"id": f"p{i}", "size": draw(_sizes), "locale": draw(st.sampled_from(["en", "pl-PL"]))}
        for i in range(draw(st.integers(1, 4)))
    ]
    persona_ids = [p["id"] for p in personas]
    events = [
        {
            "id": event_id,
            "rate": draw(_rates),
            "rates": draw(st.dictionaries(st.sampled_from(persona_ids), _rates, max_size=2)),
        }
        for event_id in draw(st.lists(_ids, unique=True, max_size=4))
    ]
    channels = [{"id": kind, "kind": kind} for kind in _KINDS]
    touchpoints = []
    for index in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(_KINDS))
        count = draw(st.integers(1, 3))
        weighted = draw(st.booleans())
        variants = []
        for v in range(count):
            variant: dict[str, Any] = {
                "id": f"v{v}",
                "locale": draw(st.sampled_from([None, "en", "pl"])),
                "body": draw(st.sampled_from(["Hi", UCS2_TWO_SEGMENTS, "a" * 161, "€" * 90])),
            }
            if kind == "email":
                variant["subject"] = "Hi"
            if kind in ("push", "in_app"):
                variant["title"] = "Hi"
            if weighted:
                variant["weight"] = draw(st.floats(0, 100))
            variants.append({k: v for k, v in variant.items() if v is not None})
        touchpoint: dict[str, Any] = {
            "id": f"t{index}",
            "personas": draw(st.lists(st.sampled_from(persona_ids), min_size=1, max_size=4)),
            "stage": "purchase",
            "channel": kind,
            "variants": variants,
            "trigger": draw(st.one_of(st.none(), _ids)),
            "after": draw(st.one_of(st.none(), st.sampled_from([f"t{i}" for i in range(6)]))),
            "exit_on": draw(st.lists(_ids, max_size=3)),
        }
        if draw(st.booleans()):
            touchpoint["experiment"] = {
                "control": draw(st.floats(0, 50)),
                "baseline": draw(st.floats(0.001, 0.999)),
            }
        touchpoints.append({k: v for k, v in touchpoint.items() if v is not None})
    plan = Plan.model_validate(
        {
            "xcplan": 1,
            "campaign": {
                "id": "c",
                "name": "C",
                "objective": "O",
                "budget": draw(st.one_of(st.none(), st.floats(0, 1e300))),
            },
            "personas": [
                {"name": "P", **{k: v for k, v in p.items() if v is not None}} for p in personas
            ],
            "channels": channels,
            "touchpoints": touchpoints,
            "events": events,
        }
    )
    costs = Costs.model_validate(
        {
            **{kind: price for kind in _KINDS if (price := draw(_prices)) is not None},
            "locales": {"pl": {"sms": draw(st.floats(0, 10))}},
        }
    )
    return plan, costs


def _sum(items: list[Totals]) -> Totals:
    return Totals(
        exact_sum(t.messages for t in items),
        exact_sum(t.segments for t in items),
        exact_sum(t.cost for t in items),
    )


@given(_cost_plans())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_totals_are_the_exact_sums_of_their_parts(case: tuple[Plan, Costs]) -> None:
    plan, costs = case
    found: Estimate = estimate(plan, costs)
    lines = [line for t in found.touchpoints for line in t.lines]
    assert found.totals == Totals.of(lines)
    assert found.totals == _sum([t.totals for t in found.touchpoints])
    assert found.totals == _sum([c.totals for c in found.channels])
    assert found.totals == _sum([p.totals for p in found.personas])
    with decimal.localcontext(EXACT):  # the products as the estimate takes them: exact
        for line in lines:
            assert line.audience >= 0 and line.cost >= 0 and line.share >= 0
            assert 0 <= line.rate <= 1
            if line.price is None:
                assert line.cost == 0
            elif line.segments is not None:
                assert line.cost == line.audience * line.segments * line.price
            else:
                assert line.cost == line.audience * line.price
    for persona in found.personas:
        assert 0 <= persona.reach_min <= persona.reach_max <= persona.size
    for touchpoint in found.touchpoints:
        assert touchpoint.held_out >= 0
        if touchpoint.cost_per_conversion is not None:
            assert touchpoint.cost_per_conversion >= 0
    if found.budget is not None:
        assert found.remaining is not None and found.over is not None
        assert min(found.remaining, found.over) == 0
        difference = EXACT.subtract(found.budget, found.totals.cost)
        assert EXACT.subtract(found.remaining, found.over) == difference
    for amount in (found.totals.cost, found.totals.messages):
        format_money(amount, "EUR")
        format_count(amount)


@given(_cost_plans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_cost_rules_never_crash(case: tuple[Plan, Costs]) -> None:
    plan, costs = case
    ctx = LintContext(plan, Config(costs=costs))
    findings = list(cost_rules.check(ctx))
    assert {f.code for f in findings} <= {"XC801", "XC802"}
    over = [f for f in findings if f.code == "XC801"]
    found = cost_rules.estimate_of(ctx)
    assert found is not None
    assert bool(over) == (found.budget is not None and found.totals.cost > found.budget)
    for finding in findings:
        assert finding.message and "+-" not in finding.message


@pytest.mark.parametrize(
    ("currency", "budget", "cost", "line"),
    [
        (
            "EUR",
            "1000",
            "972",
            "Budget 1,000.00 EUR: the estimate uses 972.00 EUR (97%); 28.00 EUR remain.",
        ),
        (
            "EUR",
            "100",
            "100.001",
            "Budget 100.00 EUR: the estimate, 100.00 EUR (100%), is less than 0.01 EUR over it.",
        ),
        ("JPY", "100", "150", "Budget 100 JPY: the estimate, 150 JPY (150%), is 50 JPY over it."),
        (None, "0", "5", "Budget 0.00: the estimate, 5.00, is 5.00 over it."),
    ],
)
def test_the_budget_line(currency: str | None, budget: str, cost: str, line: str) -> None:
    found = Estimate(currency, Decimal(budget), (), (), (), Totals(cost=Decimal(cost)), (), (), ())
    assert budget_line(found) == line


# Estimates kept from one lint to the next ---------------------------------------------------


def _replaced(items: list[Any], index: int, **update: Any) -> list[Any]:
    """``items`` with the one at ``index`` copied with ``update``, the others the same objects
    (as an edit leaves them)."""
    return [item.model_copy(update=update) if i == index else item for i, item in enumerate(items)]


def _edits(plan: Plan) -> list[tuple[str, Plan]]:
    """A run of edits of the retail example, each of the plan the one before made."""
    from xcplan.edit.touchpoints import set_variant_field

    out: list[tuple[str, Plan]] = []

    def at(touchpoint_id: str) -> int:
        return next(i for i, t in enumerate(plan.touchpoints) if t.id == touchpoint_id)

    sms = plan.touchpoints[at("first-order-sms")]
    body = (sms.variants[0].body or "") + " Ąę"  # now UCS-2: more segments
    plan = set_variant_field(plan, sms.id, 0, "body", body).plan
    out.append(("an SMS body", plan))
    # first-order-sms is after welcome-push: its rate follows the trigger up its chain.
    touchpoints = _replaced(plan.touchpoints, at("welcome-push"), trigger="newsletter_signup")
    plan = plan.model_copy(update={"touchpoints": touchpoints})
    out.append(("a trigger up a chain", plan))
    plan = plan.model_copy(update={"personas": _replaced(plan.personas, 0, size=1234)})
    out.append(("a persona's size", plan))
    plan = plan.model_copy(update={"events": _replaced(plan.events, 0, rate=0.5)})
    out.append(("an event's rate", plan))
    plan = plan.model_copy(update={"touchpoints": plan.touchpoints[:-1]})
    out.append(("the last touchpoint removed", plan))
    moved = [plan.touchpoints[-1], *plan.touchpoints[:-1]]
    plan = plan.model_copy(update={"touchpoints": moved})
    out.append(("a touchpoint moved first", plan))
    return out


def test_an_estimate_made_with_the_last_one_s_kept_is_the_one_made_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.conftest import EXAMPLES
    from xcplan.edit.linting import Linter
    from xcplan.io.config import load_config
    from xcplan.io.load import load_plan

    config = load_config(EXAMPLES / "xcplan.toml")
    assert config.costs is not None
    plan = load_plan((EXAMPLES / "retail-app-launch.yaml").read_bytes()).plan
    assert plan is not None
    linter = Linter(config)
    assert linter.report(plan, 0).estimate == cost_rules.estimate_of(LintContext(plan, config))
    estimated: list[str] = []
    costed = CostModel.touchpoint

    def counted(self: CostModel, t_index: int, *args: Any) -> Any:
        estimated.append(self.plan.touchpoints[t_index].id)
        return costed(self, t_index, *args)

    monkeypatch.setattr(CostModel, "touchpoint", counted)
    for revision, (what, edited) in enumerate(_edits(plan), start=1):
        estimated.clear()
        kept = linter.report(edited, revision).estimate
        again = len(estimated)
        assert kept == cost_rules.estimate_of(LintContext(edited, config)), what
        if what == "an SMS body":
            assert estimated[:again] == ["first-order-sms"]  # the others are kept
        if what == "a trigger up a chain":
            # The touchpoint, and the two after it in its chain.
            assert sorted(estimated[:again]) == [
                "first-order-email",
                "first-order-sms",
                "welcome-push",
            ]
    # Another config: none is kept.
    other = config.model_copy(update={"costs": _costs(email=1, sms=1, push=1, in_app=1)})
    relinted = Linter(other)
    for revision, (_, edited) in enumerate(_edits(plan)):
        assert relinted.report(edited, revision).estimate == cost_rules.estimate_of(
            LintContext(edited, other)
        )
