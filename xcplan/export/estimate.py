"""The estimate of format section 11 as data and as views: the ``estimate`` of the YAML and
JSON export (and of ``xcplan cost --format json``), tables by touchpoint, channel or persona
for text, CSV and Markdown, and the lines that go with them (budget, reach, what was left out).

Every view is made from one ``Estimate``, so the export, the brief and ``xcplan cost`` always
show the same figures. Money is written as decimal text rounded to the currency's minor unit
(``"1536.00"``), so YAML 1.1 and 1.2 parsers and JSON read the same value; people and messages
are whole numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final, Literal

from xcplan.journey.cost import (
    EXACT,
    Estimate,
    Totals,
    TouchpointCost,
    decimal_text,
    divide,
    exact_sum,
    format_count,
    format_money,
    round_count,
    round_money,
)
from xcplan.model.currency import minor_unit


class GroupBy(StrEnum):
    """What the rows of an estimate table are."""

    TOUCHPOINT = "touchpoint"
    CHANNEL = "channel"
    PERSONA = "persona"


ColumnKind = Literal["text", "count", "money"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an estimate table: its key (the CSV header), title and kind of value."""

    key: str
    title: str
    kind: ColumnKind


Cell = str | int | Decimal | None
Row = dict[str, Cell]

_COLUMNS: Final[dict[GroupBy, tuple[Column, ...]]] = {
    GroupBy.TOUCHPOINT: (
        Column("touchpoint", "Touchpoint", "text"),
        Column("channel", "Channel", "text"),
        Column("audience", "Audience", "count"),
        Column("held_out", "Held out", "count"),
        Column("segments", "SMS segments", "count"),
        Column("cost", "Cost", "money"),
        Column("conversions", "Conversions", "count"),
        Column("cost_per_conversion", "Per conversion", "money"),
    ),
    GroupBy.CHANNEL: (
        Column("channel", "Channel", "text"),
        Column("kind", "Kind", "text"),
        Column("messages", "Messages", "count"),
        Column("segments", "SMS segments", "count"),
        Column("cost", "Cost", "money"),
    ),
    GroupBy.PERSONA: (
        Column("persona", "Persona", "text"),
        Column("size", "Size", "count"),
        Column("reach_min", "Reach from", "count"),
        Column("reach_max", "Reach to", "count"),
        Column("messages", "Messages", "count"),
        Column("segments", "SMS segments", "count"),
        Column("cost", "Cost", "money"),
    ),
}


HOW_TO_ADD_PRICES: Final = (
    "add a `[costs]` table with the price of one message per channel kind, in the plan's "
    "currency (for SMS, of one segment), such as `sms = 0.045` and `email = 0.0008` "
    "(docs/format.md, section 6)"
)
"""How to give the estimate its prices, for ``xcplan cost`` and the planner."""


def money(amount: Decimal, currency: str | None) -> str:
    """Return money as export text: rounded to the minor unit, plain notation (``"1536.00"``)."""
    return f"{round_money(amount, currency):f}"


def _sms_only(kind: str, value: Decimal) -> int | None:
    return round_count(value) if kind == "sms" else None


def _touchpoint_data(cost: TouchpointCost, currency: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "touchpoint": cost.id,
        "channel": cost.channel,
        "kind": cost.kind,
        "stage": cost.stage,
        "audience": round_count(cost.audience),
        "held_out": round_count(cost.held_out),
    }
    if cost.kind == "sms":
        data["segments"] = round_count(cost.totals.segments)
    data["cost"] = money(cost.totals.cost, currency)
    data["unpriced"] = cost.unpriced
    conversions = cost.conversions
    if conversions is not None:
        per = cost.cost_per_conversion
        data["conversions"] = round_count(conversions)
        data["cost_per_conversion"] = None if per is None else money(per, currency)
    lines = []
    for line in cost.lines:
        item: dict[str, Any] = {
            "variant": line.variant,
            "persona": line.persona,
            "locale": line.locale,
            "share": decimal_text(line.share),
            "rate": decimal_text(line.rate),
            "audience": round_count(line.audience),
        }
        if line.segments is not None:
            item["segments"] = line.segments
        item["price"] = None if line.price is None else decimal_text(line.price)
        item["cost"] = money(line.cost, currency)
        lines.append(item)
    data["lines"] = lines
    return data


def _totals(totals: Totals, currency: str | None) -> dict[str, Any]:
    return {
        "messages": round_count(totals.messages),
        "segments": round_count(totals.segments),
        "cost": money(totals.cost, currency),
    }


def estimate_data(estimate: Estimate) -> dict[str, Any]:
    """Return the estimate as export data (format section 8 ``estimate``; docs/format.md 9)."""
    currency = estimate.currency
    budget = None
    balance = estimate.balance()
    if estimate.budget is not None and balance is not None:
        budget = {
            "amount": money(estimate.budget, currency),
            "remaining": money(balance[0], currency),
            "over": money(balance[1], currency),
        }
    return {
        "currency": currency,
        "minor_unit": minor_unit(currency),
        "total": {
            **_totals(estimate.totals, currency),
            "reach": {
                "min": round_count(estimate.reach_min),
                "max": round_count(estimate.reach_max),
            },
        },
        "budget": budget,
        "touchpoints": [_touchpoint_data(t, currency) for t in estimate.touchpoints],
        "channels": [
            {
                "channel": c.id,
                "kind": c.kind,
                **_totals(c.totals, currency),
                "unpriced": c.unpriced,
            }
            for c in estimate.channels
        ],
        "personas": [
            {
                "persona": p.id,
                "size": p.size,
                "locale": p.locale,
                **_totals(p.totals, currency),
                "reach": {"min": round_count(p.reach_min), "max": round_count(p.reach_max)},
            }
            for p in estimate.personas
        ],
        "unpriced_kinds": list(estimate.unpriced_kinds),
        "unsized_personas": list(estimate.unsized_personas),
        "undeclared_events": list(estimate.undeclared_events),
    }


def columns(by: GroupBy, estimate: Estimate) -> tuple[Column, ...]:
    """Return the columns of a table by ``by``, without those that would be empty throughout."""
    shown = _COLUMNS[by]
    if by is GroupBy.TOUCHPOINT:
        if all(t.conversions is None for t in estimate.touchpoints):
            shown = tuple(c for c in shown if c.key not in ("conversions", "cost_per_conversion"))
        if all(t.held_out.is_zero() for t in estimate.touchpoints):
            shown = tuple(c for c in shown if c.key != "held_out")
    if not any(c.kind == "sms" for c in estimate.channels):
        shown = tuple(c for c in shown if c.key != "segments")
    return shown


def rows(by: GroupBy, estimate: Estimate) -> list[Row]:
    """Return the rows of a table by ``by``: counts exact as ``Decimal`` or ``int``, money
    exact; each view rounds when it shows them."""
    if by is GroupBy.TOUCHPOINT:
        return [
            {
                "touchpoint": t.id,
                "channel": t.channel,
                "audience": t.audience,
                "held_out": t.held_out,
                "segments": t.totals.segments if t.kind == "sms" else None,
                "cost": t.totals.cost,
                "conversions": t.conversions,
                "cost_per_conversion": t.cost_per_conversion,
            }
            for t in estimate.touchpoints
        ]
    if by is GroupBy.CHANNEL:
        return [
            {
                "channel": c.id,
                "kind": c.kind,
                "messages": c.totals.messages,
                "segments": c.totals.segments if c.kind == "sms" else None,
                "cost": c.totals.cost,
            }
            for c in estimate.channels
        ]
    return [
        {
            "persona": p.id,
            "size": p.size,
            "reach_min": p.reach_min,
            "reach_max": p.reach_max,
            "messages": p.totals.messages,
            "segments": p.totals.segments,
            "cost": p.totals.cost,
        }
        for p in estimate.personas
    ]


def total_row(by: GroupBy, estimate: Estimate) -> Row:
    """Return the closing row of a table: the campaign's totals under the same columns."""
    totals = estimate.totals
    row: Row = {"messages": totals.messages, "segments": totals.segments, "cost": totals.cost}
    if by is GroupBy.TOUCHPOINT:
        row["audience"] = totals.messages
        row["held_out"] = exact_sum(t.held_out for t in estimate.touchpoints)
    if by is GroupBy.PERSONA:
        row["size"] = sum(p.size for p in estimate.personas)
        row["reach_min"] = estimate.reach_min
        row["reach_max"] = estimate.reach_max
    row[_COLUMNS[by][0].key] = "total"
    return row


def cell_text(column: Column, value: Cell, currency: str | None) -> str:
    """Return a cell as people read it: ``48,000``, ``1,536.00`` (no currency code)."""
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, Decimal):
        return format_money(value, currency, code=False)
    if column.kind == "count" and isinstance(value, Decimal | int):
        return format_count(Decimal(value))
    return str(value)


def _cell_data(column: Column, value: Cell, currency: str | None) -> str | int:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, Decimal):
        return money(value, currency)
    if column.kind == "count" and isinstance(value, Decimal | int):
        return round_count(Decimal(value))
    return str(value)


def title(column: Column, currency: str | None) -> str:
    """Return a column's title, with the currency on money columns: ``Cost (PLN)``."""
    return f"{column.title} ({currency})" if column.kind == "money" and currency else column.title


def to_csv(by: GroupBy, estimate: Estimate) -> str:
    """Return one table of the estimate as CSV (RFC 4180, CRLF, like the content matrix).

    One row per touchpoint, channel or persona, no total row; money as decimal text rounded to
    the minor unit, with the currency in the last column.
    """
    shown = columns(by, estimate)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in shown] + ["currency"])
    for row in rows(by, estimate):
        cells = [_cell_data(c, row.get(c.key), estimate.currency) for c in shown]
        writer.writerow([*cells, estimate.currency or ""])
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


def markdown_table(by: GroupBy, estimate: Estimate) -> str:
    """Return one table of the estimate as Markdown, with a bold total row."""
    shown = columns(by, estimate)
    currency = estimate.currency
    head = "| " + " | ".join(title(c, currency) for c in shown) + " |"
    rule = "| " + " | ".join("---:" if c.kind != "text" else "---" for c in shown) + " |"
    lines = [head, rule]
    for row in rows(by, estimate):
        cells = [cell_text(c, row.get(c.key), currency) for c in shown]
        cells[0] = f"`{cells[0]}`"
        lines.append("| " + " | ".join(_md(cell) for cell in cells) + " |")
    total = total_row(by, estimate)
    cells = [cell_text(c, total.get(c.key), currency) for c in shown]
    lines.append("| " + " | ".join(f"**{_md(cell)}**" if cell else "" for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def _percent(part: Decimal, whole: Decimal) -> str:
    return f"{round_count(divide(EXACT.multiply(part, Decimal(100)), whole)):,}%"


def budget_line(estimate: Estimate) -> str:
    """Return the budget line: what the estimate uses of the budget, or how far it is over."""
    currency = estimate.currency
    budget, cost = estimate.budget, estimate.totals.cost
    if budget is None:
        return "No budget: set `campaign.budget` to compare the estimate with it."
    used = format_money(cost, currency)
    share = "" if budget.is_zero() else f" ({_percent(cost, budget)})"
    head = f"Budget {format_money(budget, currency)}"
    remaining, over = estimate.balance() or (Decimal(0), Decimal(0))
    if over > 0 or (estimate.over or 0) > 0:
        least = format_money(Decimal(1).scaleb(-minor_unit(currency)), currency)
        by = format_money(over, currency) if over > 0 else f"less than {least}"
        return f"{head}: the estimate, {used}{share}, is {by} over it."
    return f"{head}: the estimate uses {used}{share}; {format_money(remaining, currency)} remain."


def _listed(items: Sequence[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


def unpriced_line(kinds: Sequence[str]) -> str:
    """Return the line naming channel kinds without a price: ``No price in `[costs]`...``."""
    return f"No price in `[costs]`, counted as free: {_listed(kinds)}."


def unsized_line(personas: Sequence[str]) -> str:
    """Return the line naming the personas without a `size`, left out of the estimate."""
    return f"Left out, no `size`: {_listed(personas)}."


def summary_lines(estimate: Estimate) -> list[str]:
    """Return what goes with the tables: the budget line, the reach and what was left out."""
    lines = [budget_line(estimate)]
    low, high = estimate.reach_min, estimate.reach_max
    reach = (
        format_count(low)
        if round_count(low) == round_count(high)
        else (f"{format_count(low)} to {format_count(high)}")
    )
    lines.append(f"Reach: {reach} people get at least one message.")
    if estimate.unpriced_kinds:
        lines.append(unpriced_line(estimate.unpriced_kinds))
    if estimate.unsized_personas:
        lines.append(unsized_line(estimate.unsized_personas))
    if estimate.undeclared_events:
        lines.append(
            "Events not in the plan's `events`, so with rate 1 (everyone does them, and a "
            f"touchpoint that stops on one reaches nobody): {_listed(estimate.undeclared_events)}."
        )
    return lines


def brief_section(estimate: Estimate) -> str:
    """Return the brief's cost and reach section (without its heading): the budget line, a
    table per channel and per persona, and what the estimate left out."""
    first, *rest = summary_lines(estimate)
    parts = [
        f"{first}\n",
        f"### By channel\n\n{markdown_table(GroupBy.CHANNEL, estimate)}",
        f"### By persona\n\n{markdown_table(GroupBy.PERSONA, estimate)}",
        "".join(f"- {line}\n" for line in rest),
        "The estimate of format section 11: each persona's `size`, times each variant's share "
        "after the control group, times the rates of the events that start and stop the "
        "touchpoint, times the price in `[costs]` of `xcplan.toml` (for SMS, per segment of "
        "the persona's rendering). `xcplan cost` shows it by touchpoint.\n",
    ]
    return "\n".join(parts)
