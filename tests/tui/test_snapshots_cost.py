"""Snapshots of the cost in the planner, on the hand-computed plan of ``tests/fixtures/cli/cost``
(prices in its ``xcplan.toml``, EUR): the live cost of a Polish SMS beside its counter, with
what its `ł` costs, and the Campaign tab's estimate over the budget; at 120x40 and at 80x24.

Review changed snapshots with ``pytest tests/tui --snapshot-report`` before accepting them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXTURES
from tests.tui.conftest import app_for, plan_screen, settle
from tests.tui.test_snapshots_writing import on_touchpoint
from xcplan.tui.widgets.cost import BudgetPanel

SnapCompare = Callable[..., bool]
PLAN = FIXTURES / "cli" / "cost" / "plan.yaml"
SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


def on_budget() -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a ``run_before`` that shows the Campaign tab scrolled to the estimate."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = plan_screen(pilot.app)  # type: ignore[arg-type]
        screen.query_one("#campaign-budget").focus()
        screen.query_one(BudgetPanel).scroll_visible(animate=False)
        await settle(pilot)

    return run_before


class TestCost:
    """The live cost and the budget panel."""

    @SIZES
    def test_polish_sms_cost(self, snap_compare: SnapCompare, size: tuple[int, int]) -> None:
        """Ola's SMS: 8,000 customers x 2 UCS-2 segments x 0.032 = 512.00 EUR, and `ł` makes it
        UCS-2 (+256.00 EUR), above the body's counter (at 80x24 the preview, under the editor,
        is scrolled to it)."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await on_touchpoint("ola-sms")(pilot)
            plan_screen(pilot.app).query_one("#preview-cost").scroll_visible(  # type: ignore[arg-type]
                animate=False, top=True
            )
            await settle(pilot)

        assert snap_compare(app_for(PLAN), terminal_size=size, run_before=run_before)

    @SIZES
    def test_budget_panel(self, snap_compare: SnapCompare, size: tuple[int, int]) -> None:
        """1,494.50 EUR against a budget of 1,000: over it, the three dearest touchpoints, the
        unpriced poster and the persona without a size."""
        assert snap_compare(app_for(PLAN), terminal_size=size, run_before=on_budget())
