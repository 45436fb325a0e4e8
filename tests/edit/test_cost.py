"""The planner's cost views (``xcplan.edit.cost``): the live cost of the touchpoint being
written and the campaign against its budget, and that they are the estimate ``xcplan cost``
prints (one estimate from the CLI, the export and the planner).

The Pilot tests in ``tests/tui/test_cost.py`` prove the wiring with a few keys; the facts are
checked here, fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES, FIXTURES
from xcplan.edit.cost import KeptSegments, LiveCost, budget_view, live_cost
from xcplan.edit.linting import Linter
from xcplan.edit.preview import live_preview
from xcplan.edit.touchpoints import set_variant_field
from xcplan.export.estimate import budget_line
from xcplan.io.config import load_config
from xcplan.io.load import load_plan
from xcplan.journey.cost import CostModel, format_money
from xcplan.lint.context import LintContext
from xcplan.model.config import Config, Costs
from xcplan.model.plan import Plan

COST = FIXTURES / "cli" / "cost"
GSM_BODY = "Acme: your first order ships free this week, and the app has a new look. Reply STOP"
"""83 GSM-7 characters: one segment; with one UCS-2 character, two (over 70)."""

SMS_PLAN = f"""\
xcplan: 1
campaign:
  id: spring
  name: Spring
  objective: First orders
  budget: 1000
  currency: EUR
personas:
  - id: nadia
    name: Nadia
    size: 12000
  - id: ghost
    name: Ghost
channels:
  - id: sms
    kind: sms
  - id: poster
    kind: in_store
touchpoints:
  - id: hello-sms
    personas: [nadia, ghost]
    stage: awareness
    channel: sms
    experiment:
      control: 10
    variants:
      - id: a
        weight: 45
        body: "{GSM_BODY}"
      - id: b
        weight: 45
        body: "{GSM_BODY}"
  - id: poster
    personas: [nadia]
    stage: awareness
    channel: poster
    variants:
      - id: a
        body: The app is here.
"""
PRICES = Config(costs=Costs(sms=0.045))


def _plan(text: str = SMS_PLAN) -> Plan:
    plan = load_plan(text).plan
    assert plan is not None
    return plan


def _live(
    plan: Plan,
    config: Config,
    t_index: int,
    v_index: int = 0,
    persona: str | None = None,
    kept: KeptSegments | None = None,
) -> LiveCost:
    ctx = LintContext(plan, config)
    preview = live_preview(plan, config, t_index, v_index, persona, ctx=ctx)
    assert preview is not None
    found = live_cost(ctx, preview, kept)
    assert found is not None
    return found


def _index(plan: Plan, touchpoint_id: str) -> int:
    return next(i for i, t in enumerate(plan.touchpoints) if t.id == touchpoint_id)


def test_the_hand_computed_sms_with_what_its_curly_apostrophe_costs() -> None:
    # 12,000 customers, 10% control, 2 UCS-2 segments at 0.045 = 972.00 (docs/format.md 9).
    plan = _plan(COST.joinpath("plan.yaml").read_text(encoding="utf-8"))
    config = load_config(COST / "xcplan.toml")
    live = _live(plan, config, _index(plan, "welcome-sms"))
    assert live.summary() == (
        "10,800 customers x 2 segments x 0.045 = 972.00 EUR · touchpoint 972.00 EUR"
    )
    assert live.extras() == (
        "`’` makes it UCS-2: 2 segments instead of 1 for 10,800 customers, +486.00 EUR; "
        "write `'` instead",
    )
    assert live.notes() == ()


def test_other_kinds_cost_their_price_per_message_and_every_variant_counts() -> None:
    plan = _plan(COST.joinpath("plan.yaml").read_text(encoding="utf-8"))
    config = load_config(COST / "xcplan.toml")
    email = _index(plan, "welcome-email")
    assert _live(plan, config, email, 0, "nadia").summary() == (
        "4,500 customers x 0.001 = 4.50 EUR · touchpoint 10.50 EUR"
    )
    # The `en` variant is not Ola's; the `pl` one is, at the `pl` price.
    assert _live(plan, config, email, 0, "ola").persona_text() == "not sent to this persona"
    assert _live(plan, config, email, 1, "ola").persona_text() == (
        "3,000 customers x 0.002 = 6.00 EUR"
    )
    ghost = _live(plan, config, email, 0, "ghost")
    assert ghost.persona_text() == "this persona has no `size`: left out of the estimate"
    assert ghost.notes() == ("Left out, no `size`: `ghost`.",)


def test_a_kind_without_a_price_is_named() -> None:
    plan = _plan()
    live = _live(plan, PRICES, 1)
    assert live.summary() == (
        "12,000 customers: no price for `in_store` in `[costs]`, counted as free"
        " · touchpoint 0.00 EUR"
    )
    assert live.notes() == ("No price in `[costs]`, counted as free: `in_store`.",)


def test_a_polish_letter_typed_doubles_the_cost_and_removing_it_brings_it_back() -> None:
    plan = _plan()
    kept = KeptSegments()
    before = _live(plan, PRICES, 0, kept=kept)
    # Each variant: 12,000 x 45% = 5,400 customers.
    assert before.summary() == (
        "5,400 customers x 1 segment x 0.045 = 243.00 EUR · touchpoint 486.00 EUR"
    )
    assert before.costly == ()
    typed = set_variant_field(plan, "hello-sms", 0, "body", GSM_BODY + " ł").plan
    after = _live(typed, PRICES, 0, kept=kept)
    assert after.summary() == (
        "5,400 customers x 2 segments x 0.045 = 486.00 EUR · touchpoint 729.00 EUR"
    )
    assert after.extras() == (
        "`ł` makes it UCS-2: 2 segments instead of 1 for 5,400 customers, +243.00 EUR",
    )
    back = set_variant_field(typed, "hello-sms", 0, "body", GSM_BODY).plan
    assert _live(back, PRICES, 0, kept=kept).summary() == before.summary()


def test_the_variants_not_typed_are_not_rendered_again_while_unchanged() -> None:
    plan = _plan()
    kept = KeptSegments()
    _live(plan, PRICES, 0, kept=kept)
    typed = set_variant_field(plan, "hello-sms", 0, "body", GSM_BODY + "!").plan
    ctx = LintContext(typed, PRICES)
    preview = live_preview(typed, PRICES, 0, 0, None, ctx=ctx)
    assert preview is not None
    found = live_cost(ctx, preview, kept)
    assert found is not None and found.total == Decimal("486.000")
    assert set(ctx._renderings) == {(0, 0)}  # variant b's segments were kept
    # A change to variant b is seen: its segments are measured again.
    other = set_variant_field(typed, "hello-sms", 1, "body", GSM_BODY + " ż").plan
    assert _live(other, PRICES, 0, kept=kept).touchpoint_text() == "touchpoint 729.00 EUR"


def test_no_prices_no_cost() -> None:
    plan = _plan()
    ctx = LintContext(plan, Config())
    preview = live_preview(plan, Config(), 0, 0, None, ctx=ctx)
    assert preview is not None
    assert live_cost(ctx, preview) is None


@pytest.mark.parametrize(
    ("size", "currency", "budget"),
    [("1" + "0" * 300, "EUR", "0"), ("0", "JPY", "1.0e+300"), ("12000", None, None)],
)
def test_extreme_plans_are_shown_without_error(
    size: str, currency: str | None, budget: str | None
) -> None:
    text = SMS_PLAN.replace("size: 12000", f"size: {size}").replace("  currency: EUR\n", "")
    text = text.replace("  budget: 1000\n", "" if budget is None else f"  budget: {budget}\n")
    if currency:
        text = text.replace("  objective:", f"  currency: {currency}\n  objective:")
    plan = _plan(text)
    live = _live(plan, PRICES, 0)
    assert live.summary().endswith(format_money(live.total, currency))
    estimate = CostModel(plan, PRICES.costs or Costs()).estimate()
    view = budget_view(estimate, plan)
    assert view.budget_line == budget_line(estimate)
    assert view.over is (budget == "0" and size != "0")
    assert view.used is None or view.used >= 0


def test_the_budget_view_is_the_cost_commands() -> None:
    plan = _plan(COST.joinpath("plan.yaml").read_text(encoding="utf-8"))
    report = Linter(load_config(COST / "xcplan.toml")).report(plan, 0)
    assert report.estimate is not None
    view = budget_view(report.estimate, plan, errors=0)
    assert view.total == "1,494.50 EUR"
    assert view.over and view.used == Decimal("1.4945")
    assert view.budget_line == (
        "Budget 1,000.00 EUR: the estimate, 1,494.50 EUR (149%), is 494.50 EUR over it."
    )
    assert [(d.id, d.cost) for d in view.dearest] == [
        ("welcome-sms", "972.00 EUR"),
        ("ola-sms", "512.00 EUR"),
        ("welcome-email", "10.50 EUR"),
    ]
    assert view.notes == (
        "Reach: 20,000 people get at least one message.",
        "No price in `[costs]`, counted as free: `in_store`.",
        "Left out, no `size`: `ghost`.",
    )
    assert budget_view(report.estimate, plan, errors=2).notes[-1] == (
        "The plan has 2 errors: `xcplan cost` gives no estimate until they are fixed."
    )


@pytest.mark.parametrize(
    ("plan_path", "config_path"),
    [
        (COST / "plan.yaml", COST / "xcplan.toml"),
        (EXAMPLES / "retail-app-launch.yaml", EXAMPLES / "xcplan.toml"),
        (EXAMPLES / "kampania-pl.yaml", EXAMPLES / "xcplan.toml"),
        (EXAMPLES / "hamla-ar.yaml", EXAMPLES / "xcplan.toml"),
    ],
    ids=["fixture", "retail", "kampania-pl", "hamla-ar"],
)
def test_the_planner_shows_the_estimate_of_xcplan_cost(plan_path: Path, config_path: Path) -> None:
    run = xcplan("cost", "--format", "json", "--config", str(config_path), str(plan_path))
    assert run.code == 0, run.stderr
    printed = json.loads(run.stdout)
    currency = printed["currency"]
    plan = _plan(plan_path.read_text(encoding="utf-8"))
    config = load_config(config_path)
    # The Campaign tab: the estimate of the planner's whole-plan lint.
    report = Linter(config, plan_path).report(plan, 0)
    assert report.estimate is not None
    view = budget_view(report.estimate, plan)
    assert view.total == format_money(Decimal(printed["total"]["cost"]), currency)
    if printed["budget"] is not None:
        remaining, over = (Decimal(printed["budget"][k]) for k in ("remaining", "over"))
        assert view.over is (over > 0)
        assert format_money(remaining if not view.over else over, currency) in view.budget_line
    # The live cost of every touchpoint, as the preview makes it while its copy is typed.
    kept = KeptSegments()
    for item in printed["touchpoints"]:
        t_index = _index(plan, item["touchpoint"])
        live = _live(plan, config, t_index, kept=kept)
        assert live.touchpoint_text() == (
            f"touchpoint {format_money(Decimal(item['cost']), currency)}"
        ), item["touchpoint"]
        shown = live.line
        if shown is not None:
            (line,) = [
                x
                for x in item["lines"]
                if x["variant"] == shown.variant and x["persona"] == shown.persona
            ]
            assert format_money(shown.cost, currency) == format_money(
                Decimal(line["cost"]), currency
            )


def test_the_budget_needs_no_rule_imported() -> None:
    """The Campaign tab shows the budget as the first report comes, before the planner's own
    linter imports the rules (36 ms): in an interpreter of its own, the budget's module imports
    no rule and no live preview."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys, xcplan.edit.cost; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    loaded = set(done.stdout.split())
    assert "xcplan.journey.cost" in loaded
    assert not {m for m in loaded if m.startswith(("xcplan.lint.rules", "xcplan.lint.engine"))}
    assert "xcplan.edit.preview" not in loaded
