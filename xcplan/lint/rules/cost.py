"""Cost and reach rules: XC801 (over budget) and XC802 (one character that costs money).

Both read the estimate of format section 11 (``xcplan.journey.cost``), and run only where
``xcplan.toml`` has ``[costs]``. The estimate is made once per lint run from the renderings the
channel rules measured (``estimate_of``), and the export and ``xcplan cost`` reuse it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from xcplan.journey.cost import (
    EXACT,
    CostModel,
    Estimate,
    Line,
    SegmentsOf,
    TouchpointCost,
    exact_sum,
    format_count,
    format_money,
    round_money,
)
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding
from xcplan.model.currency import minor_unit
from xcplan.render.measure import GSM7_LOOKALIKES, measure_sms
from xcplan.render.preview import Rendering

_MEMO: Final = "cost.estimate"
_PLACEHOLDER: Final = "x"  # one GSM-7 septet: what a character without a look-alike becomes


def segments_from(ctx: LintContext) -> SegmentsOf:
    """Return the segments function of the estimate, reading the lint context's renderings."""

    def segments(t_index: int, v_index: int, persona_id: str) -> int | None:
        rendering = _rendering(ctx, t_index, v_index, persona_id)
        body = rendering.fields.get("body") if rendering is not None else None
        return body.sms.segments if body is not None and body.sms is not None else None

    return segments


def estimate_of(ctx: LintContext) -> Estimate | None:
    """Return the plan's estimate under the config's ``[costs]`` (made once per context), or
    None when the config has no ``[costs]``."""
    costs = ctx.config.costs
    if costs is None:
        return None
    return ctx.memo(
        _MEMO,
        lambda: CostModel(ctx.plan, costs).estimate(
            segments_from(ctx), kept=ctx.kept_costs, measured_with=ctx.config
        ),
    )


def _rendering(ctx: LintContext, t_index: int, v_index: int, persona_id: str) -> Rendering | None:
    for rendering in ctx.renderings(t_index, v_index):
        if rendering.persona == persona_id:
            return rendering
    return None


def _over_budget(estimate: Estimate) -> Iterator[Finding]:
    budget, over, balance = estimate.budget, estimate.over, estimate.balance()
    if budget is None or over is None or balance is None or over <= 0:
        return
    currency = estimate.currency
    by = format_money(balance[1], currency)
    if balance[1].is_zero():
        by = f"less than {format_money(Decimal(1).scaleb(-minor_unit(currency)), currency)}"
    dearest = [
        f"`{t.id}` ({format_money(t.totals.cost, currency)})" for t in estimate.most_expensive()
    ]
    where = ""
    if dearest:
        listed = (
            dearest[0] if len(dearest) == 1 else ", ".join(dearest[:-1]) + " and " + dearest[-1]
        )
        subject = "touchpoint is" if len(dearest) == 1 else "touchpoints are"
        where = f"; the most expensive {subject} {listed}"
    yield Finding(
        "XC801",
        ("campaign", "budget"),
        f"the estimated cost, {format_money(estimate.totals.cost, currency)}, is over the budget "
        f"of {format_money(budget, currency)} by {by}{where}",
    )


@dataclass(frozen=True, slots=True)
class _Extra:
    """What one character costs on one persona's rendering of an SMS."""

    culprit: str | None  # the character that forces UCS-2, or None: one character too long
    now: int
    instead: int


def _extra(rendering: Rendering, persona_data: set[str]) -> _Extra | None:
    body = rendering.fields.get("body")
    if body is None or body.sms is None:
        return None
    sms = body.sms
    if sms.encoding == "UCS-2" and len(sms.non_gsm) == 1:
        char = sms.non_gsm[0]
        # A character of the persona's own data (a name) is not the copy's to change.
        if not any(char in value for value in persona_data):
            fixed = body.text.replace(char, GSM7_LOOKALIKES.get(char, _PLACEHOLDER))
            instead = measure_sms(fixed).segments
            if instead < sms.segments:
                return _Extra(char, sms.segments, instead)
    if sms.segments >= 2:
        instead = measure_sms(body.text[:-1]).segments
        if instead < sms.segments:
            return _Extra(None, sms.segments, instead)
    return None


def _profile_text(ctx: LintContext, persona_id: str) -> set[str]:
    position = ctx.persona_index.get(persona_id)
    if position is None:
        return set()
    out: set[str] = set()
    for value in ctx.plan.personas[position].profile.values():
        if isinstance(value, list):
            out.update(value)
        else:
            out.add(str(value))
    return out


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class CostlyCharacter:
    """XC802 on one variant of an SMS touchpoint: one character that costs money.

    ``culprit`` is the character that makes the SMS UCS-2, or None when it is one character too
    long; ``now`` and ``instead`` are the segments with it and without it, ``lines`` the
    estimate's lines (one per persona) where that happens, ``money`` the extra cost over them.
    """

    v_index: int
    culprit: str | None
    now: int
    instead: int
    lines: tuple[Line, ...]
    every_persona: bool
    """Whether it happens for every persona the variant reaches with a price and an audience."""
    money: Decimal

    def describe(self, currency: str | None, where: str = "") -> str:
        """Return what it costs, as XC802 says it: "`ł` makes it UCS-2: 2 segments instead of
        1 for 48,000 customers, +1,536.00 PLN; write `l` instead" (``where``: " in `sms-x`")."""
        customers = format_count(exact_sum(line.audience for line in self.lines))
        who = ""
        if not self.every_persona:
            who = " of " + ", ".join(f"`{line.persona}`" for line in self.lines)
        change = (
            f"{_plural(self.now, 'segment')} instead of {self.instead} for {customers} "
            f"customers{who}, +{format_money(self.money, currency)}"
        )
        if self.culprit is not None:
            replacement = GSM7_LOOKALIKES.get(self.culprit)
            fix = f"; write `{replacement}` instead" if replacement else ""
            return f"`{self.culprit}`{where} makes it UCS-2: {change}{fix}"
        fits = _plural(self.instead, "segment")
        subject = where.removeprefix(" in ") or "it"
        return f"{subject} is one character too long for {fits}: {change}; cut one"


def costly_characters(
    ctx: LintContext, cost: TouchpointCost, currency: str | None, v_index: int | None = None
) -> Iterator[CostlyCharacter]:
    """Yield what XC802 finds on the variants of an SMS touchpoint's estimate (only variant
    ``v_index`` when given), reading each persona's rendering from ``ctx``: the extras of at
    least one minor unit of ``currency``."""
    touchpoint = ctx.plan.touchpoints[cost.index]
    for index, variant in enumerate(touchpoint.variants):
        if v_index is not None and index != v_index:
            continue
        lines = [line for line in cost.lines if line.variant == variant.id]
        groups: dict[_Extra, list[Line]] = {}
        for line in lines:
            if not line.price or line.audience.is_zero():
                continue
            rendering = _rendering(ctx, cost.index, index, line.persona)
            found = (
                None if rendering is None else _extra(rendering, _profile_text(ctx, line.persona))
            )
            if found is not None:
                groups.setdefault(found, []).append(line)
        for extra, group in groups.items():
            money = exact_sum(
                EXACT.multiply(
                    EXACT.multiply(line.audience, line.price or 0), extra.now - extra.instead
                )
                for line in group
            )
            if round_money(money, currency).is_zero():
                continue
            yield CostlyCharacter(
                index,
                extra.culprit,
                extra.now,
                extra.instead,
                tuple(group),
                len(group) == len(lines),
                money,
            )


def _costly_findings(
    ctx: LintContext, estimate: Estimate, cost: TouchpointCost
) -> Iterator[Finding]:
    touchpoint = ctx.plan.touchpoints[cost.index]
    for found in costly_characters(ctx, cost, estimate.currency):
        name = f"`{touchpoint.id}`"
        if len(touchpoint.variants) > 1:
            name += f" (variant `{touchpoint.variants[found.v_index].id}`)"
        yield Finding(
            "XC802",
            ("touchpoints", cost.index, "variants", found.v_index, "body"),
            found.describe(estimate.currency, f" in {name}"),
        )


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC801 and XC802 findings (nothing without ``[costs]`` in the config)."""
    estimate = estimate_of(ctx)
    if estimate is None:
        return
    yield from _over_budget(estimate)
    for cost in estimate.touchpoints:
        if cost.kind == "sms":
            yield from _costly_findings(ctx, estimate, cost)
