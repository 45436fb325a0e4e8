"""Pilot tests of the cost in the planner: the live cost beside the SMS counter as the writer
types, and the Campaign tab's estimate against the budget after an edit.

The figures themselves are checked fast in ``tests/edit/test_cost.py``; here, the keys and what
the screen shows.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.edit.test_cost import GSM_BODY, SMS_PLAN
from tests.tui.conftest import app_for, plan_screen, screen_text, settle
from tests.tui.test_messages import open_touchpoint, preview_ready
from xcplan.tui.app import PlannerApp
from xcplan.tui.widgets.cost import BudgetPanel
from xcplan.tui.widgets.messages import MessagesPane

PRICES = "[costs]\nsms = 0.045\n"
GHOST = "Left out, no `size`: `ghost`."


def _plan(tmp_path: Path, config: str | None = PRICES) -> Path:
    path = tmp_path / "spring.yaml"
    path.write_text(SMS_PLAN, encoding="utf-8")
    if config is not None:
        (tmp_path / "xcplan.toml").write_text(config, encoding="utf-8")
    return path


def _shown(app: PlannerApp, selector: str) -> str:
    """Return what the screen shows in the widget of ``selector``, its lines joined by one
    space (so that a phrase wrapped over two lines reads whole)."""
    region = app.screen.query_one(selector).content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return " ".join(" ".join(line[region.x : region.right].split()) for line in lines).strip()


async def _retype(pilot: Pilot[Any], field_id: str, *keys: str) -> None:
    """Empty a field of the Campaign tab and type ``keys`` into it."""
    field = plan_screen(pilot.app).query_one(f"#{field_id}", Input)  # type: ignore[arg-type]
    field.focus()
    field.value = ""
    await pilot.press(*keys)
    await pilot.pause()


def _cost_line(pane: MessagesPane) -> str:
    live = pane.preview.cost
    assert live is not None
    return live.summary()


async def test_a_polish_letter_doubles_the_cost_as_it_is_typed(tmp_path: Path) -> None:
    app = app_for(_plan(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "hello-sms", 0, "body")
        await preview_ready(pilot)
        one = "5,400 customers x 1 segment x 0.045 = 243.00 EUR · touchpoint 486.00 EUR"
        assert _cost_line(pane) == one
        assert _shown(app, "#preview-cost") == f"Cost {one.replace(' ·', '')} {GHOST}"
        body = pane.editor.query_one("#v-body", TextArea)
        assert app.focused is body
        body.move_cursor(body.document.end)
        await pilot.press("space", "ł")
        await preview_ready(pilot)
        two = "5,400 customers x 2 segments x 0.045 = 486.00 EUR · touchpoint 729.00 EUR"
        assert _cost_line(pane) == two
        assert _shown(app, "#preview-cost") == (
            f"Cost {two.replace(' ·', '')} `ł` makes it UCS-2: 2 segments instead of 1 for "
            f"5,400 customers, +243.00 EUR {GHOST}"
        )
        assert _shown(app, "#preview-fields").startswith("Body UCS-2 · 85 units · 2 segments")
        await pilot.press("backspace")
        await preview_ready(pilot)
        assert _cost_line(pane) == one
        assert _shown(app, "#preview-cost") == f"Cost {one.replace(' ·', '')} {GHOST}"
        assert body.text == GSM_BODY + " "


async def test_without_prices_one_dim_line_says_where_they_come_from(tmp_path: Path) -> None:
    app = app_for(_plan(tmp_path, config=None))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_touchpoint(pilot, "hello-sms", 0, "body")
        await preview_ready(pilot)
        assert pane.preview.cost is None
        assert _shown(app, "#preview-cost") == "Cost no prices: `[costs]` in xcplan.toml sets them"
        await settle(pilot)
        plan_screen(app).tabs.active = "tab-campaign"
        await pilot.pause()
        assert plan_screen(app).query_one(BudgetPanel).view is None
        assert _shown(app, "#campaign-cost").startswith(
            "Estimate No prices in xcplan.toml, so no estimate: add a `[costs]` table"
        )


async def test_the_campaign_total_follows_an_edit_and_over_budget_shows(tmp_path: Path) -> None:
    app = app_for(_plan(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        panel = screen.query_one(BudgetPanel)
        assert panel.view is not None and panel.view.total == "486.00 EUR"
        assert not panel.view.over
        assert "the estimate uses 486.00 EUR (49%); 514.00 EUR remain" in _shown(
            app, "#campaign-cost"
        )
        # A letter typed in a body: the estimate of the next lint has it.
        pane = await open_touchpoint(pilot, "hello-sms", 0, "body")
        body = pane.editor.query_one("#v-body", TextArea)
        body.move_cursor(body.document.end)
        await pilot.press("ż")
        await settle(pilot)
        assert panel.view is not None and panel.view.total == "729.00 EUR"
        # The budget, typed on the Campaign tab: over it, it says so.
        screen.tabs.active = "tab-campaign"
        await pilot.pause()
        await _retype(pilot, "campaign-budget", "5", "0", "0")
        await settle(pilot)
        assert screen.document.plan.campaign.budget == 500
        assert panel.view is not None and panel.view.over
        text = _shown(app, "#campaign-cost")
        assert text.startswith(
            "Estimate 729.00 EUR ✖ Over budget. Budget 500.00 EUR: the estimate, 729.00 EUR "
            "(146%), is 229.00 EUR over it."
        )
        assert "Costs most hello-sms 729.00 EUR" in text


async def test_budget_and_currency_are_checked_as_typed(tmp_path: Path) -> None:
    app = app_for(_plan(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        await _retype(pilot, "campaign-currency", "p", "l")
        assert _shown(app, "#campaign-currency-error") == (
            "`pl` is not an ISO 4217 currency code such as `EUR` or `PLN`"
        )
        assert screen.document.plan.campaign.currency is None  # empty: none, then refused
        await pilot.press("backspace", "backspace", "P", "L", "N")
        await settle(pilot)
        assert screen.document.plan.campaign.currency == "PLN"
        view = screen.query_one(BudgetPanel).view
        assert view is not None and view.total == "486.00 PLN"
        await _retype(pilot, "campaign-budget", "minus", "1")
        assert _shown(app, "#campaign-budget-error") == "`budget` must be 0.0 or more"
        assert screen.document.plan.campaign.budget is None
        await pilot.press("backspace", "backspace", "0")
        await settle(pilot)
        assert screen.document.plan.campaign.budget == 0
        view = screen.query_one(BudgetPanel).view
        assert view is not None and view.over and view.used is None
        assert "is 486.00 PLN over it" in _shown(app, "#campaign-cost")


def test_the_first_screen_imports_no_estimate() -> None:
    # The Campaign tab is painted before the rules are imported; its budget panel must not
    # bring them in (the estimate's modules come with the first lint report).
    probe = (
        "import sys, xcplan.tui.app, xcplan.tui.screens.plan, xcplan.tui.widgets.campaign\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('xcplan.', 'jinja2')))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(done.stdout.split())
    assert "xcplan.tui.widgets.cost" in loaded
    heavy = {"xcplan.edit.cost", "xcplan.journey.cost", "xcplan.lint.engine", "xcplan.export"}
    assert loaded & heavy == set()
    # Only the marks of hidden characters (every label of plan text needs them); no template
    # engine, no renderer.
    assert {m for m in loaded if m.startswith("xcplan.render")} <= {
        "xcplan.render",
        "xcplan.render.hidden",
    }
    assert "jinja2" not in done.stdout
