"""``xcplan cost``: what the plan will cost and whom it reaches (format, section 11).

The estimate is the one the export and the brief carry (``xcplan.export.estimate``): text for
people (a rich table on a terminal, plain aligned text otherwise), JSON (the export's
``estimate``), CSV or Markdown. Exit 0 with an estimate, over budget or not (XC801 is the rule
that fails a strict ``xcplan validate``); 1 when the plan has errors; 2 without ``[costs]``.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from xcplan.cli.files import ConfigResolver, read_input
from xcplan.cli.output import Printer, err
from xcplan.cli.validate import format_text
from xcplan.errors import ConfigError, ExitCode
from xcplan.export.estimate import (
    HOW_TO_ADD_PRICES,
    Column,
    GroupBy,
    cell_text,
    columns,
    estimate_data,
    markdown_table,
    rows,
    summary_lines,
    title,
    to_csv,
    total_row,
)
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes
from xcplan.lint.rules.cost import estimate_of

if TYPE_CHECKING:
    from xcplan.journey.cost import Estimate


class CostFormat(StrEnum):
    """What ``xcplan cost`` prints."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def _no_prices(plan: Path, config: Path | None) -> ConfigError:
    if config is None:
        return ConfigError(
            f"{plan}: no xcplan.toml applies, so there are no prices: write one (`xcplan init`) "
            f"and {HOW_TO_ADD_PRICES}, or pass --config FILE"
        )
    return ConfigError(f"{config}: no prices to estimate with: {HOW_TO_ADD_PRICES}")


def _title(estimate: Estimate, name: str, by: GroupBy) -> str:
    currency = f", in {estimate.currency}" if estimate.currency else ""
    return f"{name}: estimated cost by {by.value}{currency}"


def _is_number(column: Column) -> bool:
    return column.kind != "text"


def plain_table(estimate: Estimate, by: GroupBy) -> list[str]:
    """Return the table by ``by`` as aligned plain-text lines, with the total row last."""
    shown = columns(by, estimate)
    currency = estimate.currency
    table = [[title(c, currency) for c in shown]]
    for row in [*rows(by, estimate), total_row(by, estimate)]:
        table.append([cell_text(c, row.get(c.key), currency) for c in shown])
    widths = [max(len(line[i]) for line in table) for i in range(len(shown))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(width) if _is_number(column) else cell.ljust(width)
            for cell, width, column in zip(cells, widths, shown, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return [line(table[0]), rule, *(line(cells) for cells in table[1:-1]), rule, line(table[-1])]


def _rich(estimate: Estimate, name: str, by: GroupBy) -> None:
    from rich.console import Console
    from rich.table import Table

    shown = columns(by, estimate)
    currency = estimate.currency
    table = Table(title=_title(estimate, name, by), title_justify="left", title_style="bold")
    for column in shown:
        table.add_column(
            title(column, currency),
            justify="right" if _is_number(column) else "left",
            no_wrap=True,
        )
    for row in rows(by, estimate):
        table.add_row(*(cell_text(c, row.get(c.key), currency) for c in shown))
    table.add_section()
    total = total_row(by, estimate)
    table.add_row(*(cell_text(c, total.get(c.key), currency) for c in shown), style="bold")
    console = Console(file=sys.stdout, highlight=False)
    console.print(table)
    for text in summary_lines(estimate):
        console.print(text, markup=False)


def _markdown(estimate: Estimate, name: str, by: GroupBy) -> str:
    first, *rest = summary_lines(estimate)
    notes = "".join(f"- {line}\n" for line in rest)
    return f"# {_title(estimate, name, by)}\n\n{first}\n\n{markdown_table(by, estimate)}\n{notes}"


def run(plan: Path, output: CostFormat, by: GroupBy, config: Path | None) -> int:
    """Print the estimate of ``plan``; return the exit code."""
    raw = read_input(plan)
    resolver = ConfigResolver(config)
    settings = resolver.config_for(plan)
    if settings.costs is None:
        raise _no_prices(plan, resolver.path_for(plan))
    result = check_bytes(raw, str(plan), settings)
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    estimate = None if result.context is None or errors else estimate_of(result.context)
    if estimate is None:
        notes = err()
        for diagnostic in errors or result.diagnostics:
            notes.line(format_text(diagnostic, notes))
        notes.line(f"{plan}: no estimate: fix the errors first (`xcplan validate {plan}`)")
        return ExitCode.FINDINGS
    assert result.plan is not None
    name = result.plan.campaign.name
    if output is CostFormat.JSON:
        from xcplan.export.formats import to_json

        sys.stdout.write(to_json(estimate_data(estimate)))
    elif output is CostFormat.CSV:
        sys.stdout.write(to_csv(by, estimate))
    elif output is CostFormat.MARKDOWN:
        sys.stdout.write(_markdown(estimate, name, by))
    elif sys.stdout.isatty():
        _rich(estimate, name, by)
    else:
        out = Printer(sys.stdout)
        out.line(_title(estimate, name, by))
        out.line()
        for text in plain_table(estimate, by):
            out.line(text)
        out.line()
        for text in summary_lines(estimate):
            out.line(text)
    sys.stdout.flush()
    return ExitCode.OK
