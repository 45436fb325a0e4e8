"""What the plan will cost, drawn: the live cost beside the SMS counter of the preview, and the
Campaign tab's estimate against the budget.

Both draw the views of ``xcplan.edit.cost`` (the estimate of ``xcplan cost``, with its wording);
nothing is computed here. Plan text (names, and the character XC802 names) goes through
``terminal_safe`` and into ``rich.text.Text``, never markup.

The Campaign tab is the first screen: this module imports the estimate's modules (and with them
the rules) only when the first lint report is shown, after that screen is painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from xcplan.tui.widgets.fields import update_in_place

if TYPE_CHECKING:
    from rich.console import RenderableType

    from xcplan.edit.cost import BudgetView, LiveCost
    from xcplan.edit.report import LintReport

BAR_WIDTH: Final = 30
"""Cells of the bar of the budget used."""


def _safe(text: str) -> str:
    from xcplan.render.hidden import terminal_safe

    return terminal_safe(text, one_line=True)


def cost_part(live: LiveCost | None, has_prices: bool) -> tuple[RenderableType, object] | None:
    """Return the preview's cost rows (labelled ``Cost`` as the fields are labelled) and a key
    that stands for them (equal keys, the same rows); None when there is nothing to show (a
    channel that is not in the plan)."""
    from xcplan.edit.cost import NO_PRICES_SHORT

    rows: list[Text]
    if live is not None:
        rows = [Text(_safe(live.persona_text())), Text(_safe(live.touchpoint_text()), "bold")]
        rows += [Text(_safe(extra), style="magenta") for extra in live.extras()]
        rows += [Text(_safe(note), style="dim") for note in live.notes()]
    elif not has_prices:
        rows = [Text(NO_PRICES_SHORT, style="dim")]
    else:
        return None
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column("field", style="bold", no_wrap=True, width=9)
    table.add_column("text", ratio=1, overflow="fold")
    for index, row in enumerate(rows):
        table.add_row("Cost" if index == 0 else "", row)
    return table, tuple(row.markup for row in rows)


def _bar(view: BudgetView) -> Text | None:
    if view.used is None:
        if not view.over:
            return None
        return Text("█" * BAR_WIDTH, style="bold red")
    share = 1.0 if view.used >= 1 else float(view.used)
    filled = min(BAR_WIDTH, round(share * BAR_WIDTH))
    bar = Text("█" * filled, style="bold red" if view.over else "green")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    return bar


def budget_rows(view: BudgetView) -> list[tuple[str, Text]]:
    """Return the rows of the budget panel: the total, the budget line and its bar, the
    touchpoints that cost most, and what the estimate left out."""
    rows: list[tuple[str, Text]] = [("Estimate", Text(view.total, style="bold"))]
    line = Text(_safe(view.budget_line))
    if view.over:
        line = Text.assemble(("✖ Over budget. ", "bold red"), (line.plain, "red"))
    rows.append(("", line))
    bar = _bar(view)
    if bar is not None:
        rows.append(("", bar))
    ids = max((len(d.id) for d in view.dearest), default=0)
    costs = max((len(d.cost) for d in view.dearest), default=0)
    for index, dearest in enumerate(view.dearest):
        item = Text.assemble((dearest.id.ljust(ids), "bold"), "  ", dearest.cost.rjust(costs))
        if dearest.name:
            item.append(f"  {_safe(dearest.name)}", style="dim")
        rows.append(("Costs most" if index == 0 else "", item))
    for note in view.notes:
        rows.append(("", Text(_safe(note), style="dim")))
    return rows


class BudgetPanel(Static):
    """The campaign's estimated cost against its budget, from the last lint of the plan."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.view: BudgetView | None = None
        """The view shown (None without prices or before the first lint)."""
        self._key: object = None

    def on_mount(self) -> None:
        """Say that the estimate comes with the first check of the plan."""
        self._draw([("Estimate", Text("estimating…", style="dim"))])

    def show(self, report: LintReport | None, has_prices: bool) -> None:
        """Show the estimate of ``report`` (or why there is none)."""
        from xcplan.edit.cost import NO_PRICES, budget_view
        from xcplan.lint.diagnostics import Severity

        if not has_prices:
            self.view = None
            self._draw([("Estimate", Text(NO_PRICES, style="dim"))])
            return
        estimate = report.estimate if report is not None else None
        if report is None or report.plan is None or estimate is None:
            self.view = None
            self._draw([("Estimate", Text("estimating…", style="dim"))])
            return
        self.view = budget_view(estimate, report.plan, report.count(Severity.ERROR))
        self._draw(budget_rows(self.view))

    def _draw(self, rows: list[tuple[str, Text]]) -> None:
        key = tuple((label, text.markup) for label, text in rows)
        if key == self._key:
            return
        self._key = key
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column("label", style="dim", no_wrap=True, width=11)
        table.add_column("text", ratio=1, overflow="fold")
        for label, text in rows:
            table.add_row(label, text)
        update_in_place(self, table)
