"""What the plan will cost, as the planner shows it: the touchpoint being written, live, and the
campaign against its budget (format section 11).

Both are views of the estimate of ``xcplan.journey.cost``, the one ``xcplan cost``, the export
and XC801/XC802 make, with their wording (``xcplan.export.estimate``, XC802's
``costly_characters``), so the planner's figures are theirs:

- ``live_cost``: the touchpoint whose copy is being typed, for the persona previewed and in
  total over its variants and personas. It reads the segments the live preview measured
  (``live_preview`` with the same ``LintContext``): the variant being typed is not rendered
  again, and the segments of the touchpoint's other variants are kept from one keystroke to the
  next while they are unchanged (``KeptSegments``). No rendering, a fraction of a millisecond.
- ``budget_view``: the campaign's total against its budget, from the estimate the whole-plan
  lint made (``LintReport.estimate``): the budget line and the notes of ``xcplan cost`` and the
  three touchpoints that cost most.

Both are None without ``[costs]`` in the config: there are no prices (``NO_PRICES`` says where
they come from). Plain text for people; the planner styles it. No UI imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from xcplan.export.estimate import (
    HOW_TO_ADD_PRICES,
    budget_line,
    summary_lines,
    unpriced_line,
    unsized_line,
)
from xcplan.journey.cost import (
    CostModel,
    Estimate,
    Line,
    SegmentsOf,
    TouchpointCost,
    decimal_text,
    divide,
    format_count,
    format_money,
)
from xcplan.model.plan import Plan, Variant

if TYPE_CHECKING:
    from xcplan.edit.preview import VariantPreview
    from xcplan.lint.context import LintContext
    from xcplan.lint.rules.cost import CostlyCharacter

NO_PRICES: Final = f"No prices in xcplan.toml, so no estimate: {HOW_TO_ADD_PRICES}."
"""What the Campaign tab says without ``[costs]``."""
NO_PRICES_SHORT: Final = "no prices: `[costs]` in xcplan.toml sets them"
"""What the live preview says without ``[costs]`` (one dim line)."""
DEAREST: Final = 3
"""How many of the touchpoints that cost most the Campaign tab names."""


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class KeptSegments:
    """The SMS segments of a touchpoint's variants other than the one being typed, kept from
    one keystroke to the next.

    A kept figure is used while the variant, its touchpoint's channel and personas are the same
    and so are the campaign (its variables and locale), the personas, the channels and the
    config, compared by identity: the edits of ``xcplan.edit`` never change a model in place.
    Anything else is read from the context (rendered there once).
    """

    def __init__(self) -> None:
        self._basis: tuple[object, ...] = ()
        self._t_index = -1
        self._kept: dict[tuple[int, str], tuple[Variant, str, tuple[str, ...], int | None]] = {}

    def segments(self, ctx: LintContext, t_index: int, v_index: int) -> SegmentsOf:
        """Return the segments function for the cost of touchpoint ``t_index`` while variant
        ``v_index`` is typed: that variant's from the renderings ``ctx`` holds (the preview's),
        the others' kept or read from ``ctx``."""
        plan = ctx.plan
        basis = (plan.campaign, plan.personas, plan.channels, ctx.config)
        if (
            t_index != self._t_index
            or len(basis) != len(self._basis)
            or any(a is not b for a, b in zip(basis, self._basis, strict=True))
        ):
            self._basis, self._t_index, self._kept = basis, t_index, {}
        from xcplan.lint.rules.cost import segments_from

        measured = segments_from(ctx)
        kept = self._kept

        def segments(t: int, v: int, persona_id: str) -> int | None:
            if t != t_index or v == v_index:
                return measured(t, v, persona_id)
            touchpoint = plan.touchpoints[t]
            variant = touchpoint.variants[v]
            personas = tuple(touchpoint.personas)
            found = kept.get((v, persona_id))
            if (
                found is not None
                and found[0] is variant
                and found[1] == touchpoint.channel
                and found[2] == personas
            ):
                return found[3]
            count = measured(t, v, persona_id)
            kept[(v, persona_id)] = (variant, touchpoint.channel, personas, count)
            return count

        return segments


@dataclass(frozen=True, slots=True)
class LiveCost:
    """The cost of the touchpoint being written: for the persona previewed and in total.

    ``line`` is the estimate's line of the variant shown for the persona shown: None when the
    persona has no `size` (``unsized``) or the variant is not sent to them. ``costly`` is what
    XC802 finds on the variant shown: a character that makes it UCS-2, or one too many.
    """

    currency: str | None
    kind: str
    touchpoint: TouchpointCost
    line: Line | None
    unsized: bool
    """Whether the persona shown has no `size` (left out of the estimate)."""
    unsized_personas: tuple[str, ...]
    """The personas the touchpoint targets that have no `size`."""
    costly: tuple[CostlyCharacter, ...]

    @property
    def total(self) -> Decimal:
        """The touchpoint's cost over its variants and personas."""
        return self.touchpoint.totals.cost

    def persona_text(self) -> str:
        """Return the persona's part: ``10,800 customers x 2 segments x 0.045 = 972.00 EUR``."""
        line = self.line
        if self.unsized:
            return "this persona has no `size`: left out of the estimate"
        if line is None:
            return "not sent to this persona"
        customers = format_count(line.audience)
        people = f"{customers} customer{'' if customers == '1' else 's'}"
        if line.price is None:
            return f"{people}: no price for `{self.kind}` in `[costs]`, counted as free"
        each = decimal_text(line.price)
        if line.segments is not None:
            each = f"{_plural(line.segments, 'segment')} x {each}"
        return f"{people} x {each} = {format_money(line.cost, self.currency)}"

    def touchpoint_text(self) -> str:
        """Return the touchpoint's part: ``touchpoint 1,944.00 EUR``."""
        return f"touchpoint {format_money(self.total, self.currency)}"

    def summary(self) -> str:
        """Return the line beside the counter: the persona's part, then the touchpoint's total
        (``... = 972.00 EUR · touchpoint 1,944.00 EUR``)."""
        return f"{self.persona_text()} · {self.touchpoint_text()}"

    def extras(self) -> tuple[str, ...]:
        """Return what XC802 says the variant shown costs extra, without the touchpoint's name
        ("`ł` makes it UCS-2: 2 segments instead of 1 for 12,000 customers, +540.00 EUR")."""
        return tuple(found.describe(self.currency) for found in self.costly)

    def notes(self) -> tuple[str, ...]:
        """Return what the touchpoint's estimate leaves out: personas without a `size`, a kind
        without a price (the lines of ``xcplan cost``)."""
        out: list[str] = []
        if self.touchpoint.unpriced:
            out.append(unpriced_line([self.kind]))
        if self.unsized_personas:
            out.append(unsized_line(self.unsized_personas))
        return tuple(out)


def live_cost(
    ctx: LintContext, preview: VariantPreview, kept: KeptSegments | None = None
) -> LiveCost | None:
    """Return the cost of the touchpoint ``preview`` shows, from the renderings ``ctx`` holds
    (the context ``live_preview`` made the preview with); None without ``[costs]`` or when the
    touchpoint's channel is not in the plan."""
    costs = ctx.config.costs
    if costs is None or preview.kind is None:
        return None
    plan = ctx.plan
    t_index, v_index = preview.t_index, preview.v_index
    segments = (kept or KeptSegments()).segments(ctx, t_index, v_index)
    cost = CostModel(plan, costs).touchpoint(t_index, segments)
    if cost is None:
        return None
    currency = plan.campaign.currency
    persona, variant = preview.persona, preview.variant
    line = next(
        (x for x in cost.lines if x.variant == variant.id and x.persona == persona.id), None
    )
    by_id = {p.id: p for p in plan.personas}
    unsized = tuple(
        pid
        for pid in dict.fromkeys(preview.touchpoint.personas)
        if pid in by_id and by_id[pid].size is None
    )
    costly: tuple[CostlyCharacter, ...] = ()
    if cost.kind == "sms":
        # The rules are imported with the live preview; the Campaign tab's budget needs none.
        from xcplan.lint.rules.cost import costly_characters

        costly = tuple(costly_characters(ctx, cost, currency, v_index))
    return LiveCost(
        currency=currency,
        kind=cost.kind,
        touchpoint=cost,
        line=line,
        unsized=persona.size is None,
        unsized_personas=unsized,
        costly=costly,
    )


@dataclass(frozen=True, slots=True)
class Dearest:
    """One of the touchpoints that cost most."""

    id: str
    name: str
    cost: str
    """The cost as shown: ``1,536.00 PLN``."""


@dataclass(frozen=True, slots=True)
class BudgetView:
    """The campaign's estimate against its budget, as the Campaign tab shows it."""

    total: str
    """The estimated cost as shown: ``1,494.50 EUR``."""
    budget_line: str
    """What ``xcplan cost`` says of the budget: used and remaining, or how far over."""
    over: bool
    used: Decimal | None
    """The share of the budget the estimate uses (1 is all of it), None without a budget or
    with a budget of 0."""
    dearest: tuple[Dearest, ...]
    notes: tuple[str, ...]
    """The reach, and what the estimate left out (``xcplan cost``'s lines)."""


def budget_view(estimate: Estimate, plan: Plan, errors: int = 0) -> BudgetView:
    """Return the Campaign tab's view of ``estimate`` (the one the lint of ``plan`` made).

    ``errors`` is how many errors the plan has: ``xcplan cost`` makes no estimate until they are
    fixed, so the view says so.
    """
    currency = estimate.currency
    budget, cost = estimate.budget, estimate.totals.cost
    used = None
    if budget is not None and not budget.is_zero():
        used = divide(cost, budget)
    over = (estimate.over or 0) > 0
    dearest = tuple(
        Dearest(t.id, plan.touchpoints[t.index].name or "", format_money(t.totals.cost, currency))
        for t in estimate.most_expensive(DEAREST)
        if t.index < len(plan.touchpoints)
    )
    notes = summary_lines(estimate)[1:]
    if errors:
        notes.append(
            f"The plan has {_plural(errors, 'error')}: `xcplan cost` gives no estimate until "
            "they are fixed."
        )
    return BudgetView(
        total=format_money(cost, currency),
        budget_line=budget_line(estimate),
        over=over,
        used=used,
        dearest=dearest,
        notes=tuple(notes),
    )
