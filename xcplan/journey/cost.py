"""What a plan will cost and whom it reaches: the estimate of format section 11, exactly.

For each touchpoint, each of its variants and each persona P the variant reaches::

    audience = P.size x share x rate
    share    = weight / 100; without weights, an equal part of (100 - control) / 100
    rate     = the rate of the touchpoint's trigger for P, times that of the trigger of every
               touchpoint up its `after` chain, times (1 - rate) of each of its own `exit_on`
               events; an event's rate for P is `rates[P]`, else `rate`; an event the plan does
               not declare has rate 1
    messages = audience
    cost     = messages x segments of P's rendering x the `sms` price for P's locale (SMS),
               messages x the price of the channel's kind for P's locale (every other kind)

Each such *line* is the atom of the estimate: every total (per touchpoint, channel, persona and
campaign) is the exact sum of its lines. Money is ``Decimal``: prices and the budget arrive as
floats from TOML and YAML and are converted through their shortest ``repr`` (``0.045`` is
``Decimal("0.045")``, never ``Decimal(0.045)``), and all sums and products are carried out
without rounding (a context of the largest precision ``decimal`` has), so a total equals the sum
of its parts to the last digit whatever the sizes. Only two things round: an equal split that
does not come out even in decimals (a third of the audience) is carried to 40 significant
digits, and ratios (cost per conversion) are. Amounts are rounded to the currency's minor unit
only where they are shown (``format_money``).

The planner computes one touchpoint's cost live while the copy is typed:
``CostModel(plan, costs).touchpoint(t_index, segments)`` takes the segments already measured
for the preview and does no rendering of its own (about 0.1 ms on the 2,688-variant plan of
``benchmarks/cost_speed.py``); ``segments(t_index, v_index, persona_id)`` returns the segments
of that persona's rendering, or None to have the body measured as written. The campaign's total
against its budget is ``CostModel(plan, costs).estimate(segments)``: ``.totals.cost``,
``.budget`` and ``.balance()``, shown with ``format_money``. ``xcplan.lint.rules.cost.estimate_of``
gives the estimate a lint run already made, with the lint's renderings; the planner's linter
keeps the touchpoints' estimates from one lint to the next (``KeptCosts``), so an edit estimates
again only the touchpoints it changed.

Pure standard library and the models; no UI imports.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cached_property, reduce
from typing import Final, TypeVar

from xcplan.model.config import Costs, Prices
from xcplan.model.currency import minor_unit
from xcplan.model.plan import Event, Persona, Plan, Touchpoint
from xcplan.render.locale import serves
from xcplan.render.measure import measure_sms
from xcplan.render.preview import persona_locale, served_personas

__all__ = [
    "EXACT",
    "ChannelCost",
    "CostModel",
    "Estimate",
    "KeptCosts",
    "Line",
    "PersonaCost",
    "SegmentsOf",
    "Totals",
    "TouchpointCost",
    "decimal_text",
    "divide",
    "estimate",
    "exact_sum",
    "format_count",
    "format_money",
    "round_count",
    "round_money",
    "to_decimal",
]

EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    rounding=decimal.ROUND_HALF_UP,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""Sums and products without rounding. Never divide in it: a third would never end."""

_DIVIDE: Final = decimal.Context(
    prec=40,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""Divisions, carried to 40 significant digits."""

ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)

SegmentsOf = Callable[[int, int, str], int | None]
"""``(touchpoint index, variant index, persona id)`` -> the SMS segments of that persona's
rendering of the variant's body, or None when it has none (the copy as written is measured)."""


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """Return the sum of ``values`` without rounding, whatever their sizes."""
    return reduce(EXACT.add, values, ZERO)


def divide(dividend: Decimal, divisor: Decimal) -> Decimal:
    """Return a quotient to 40 significant digits (the only rounding before money is shown)."""
    return _DIVIDE.divide(dividend, divisor)


def to_decimal(value: float | int) -> Decimal:
    """Return a number of the plan or config as a ``Decimal``, through its shortest ``repr``.

    ``0.045`` becomes ``Decimal("0.045")``. The models allow no NaN, infinity or negative
    number here; a negative zero becomes zero.
    """
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    return number.copy_abs() if number.is_zero() else number


def round_money(amount: Decimal, currency: str | None) -> Decimal:
    """Return ``amount`` rounded half up to the minor unit of ``currency`` (2 places without)."""
    return amount.quantize(Decimal(1).scaleb(-minor_unit(currency)), context=EXACT)


def format_money(amount: Decimal, currency: str | None, *, code: bool = True) -> str:
    """Return money as people read it: ``1,536.00 PLN`` (``code=False``: ``1,536.00``).

    Rounded half up to the currency's minor unit: ``JPY`` has none (``1,536 JPY``), ``KWD``
    three places; amounts without a currency have two places and no code.
    """
    text = f"{round_money(amount, currency):,f}"
    return f"{text} {currency}" if code and currency else text


def round_count(amount: Decimal) -> int:
    """Return a number of people or messages rounded half up to a whole number."""
    return int(amount.quantize(ONE, context=EXACT))


def format_count(amount: Decimal) -> str:
    """Return a number of people or messages as ``48,000``."""
    return f"{round_count(amount):,}"


def decimal_text(value: Decimal) -> str:
    """Return a decimal in plain notation without trailing zeros: ``0.045``, ``100``."""
    return f"{value.normalize(context=EXACT):f}"


_Part = TypeVar("_Part")


def _pickled_by_fields(cls: type[_Part]) -> type[_Part]:
    """Pickle the instances of the dataclass ``cls`` as a call with their fields' values, in
    order. (By default each carries a dict of its slots' names: the estimate of the
    2,688-variant plan, sent from the planner's second process, took a third longer to pickle
    and 60% longer to unpickle.)"""
    names = tuple(part.name for part in fields(cls))  # type: ignore[arg-type]

    def reduce_by_fields(self: _Part) -> tuple[type[_Part], tuple[object, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    cls.__reduce__ = reduce_by_fields  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Line:
    """One variant of one touchpoint for one persona: the atom of every total.

    ``share`` is the variant's part of the persona's audience, ``rate`` the product of the event
    rates, ``segments`` the SMS segments of one message (None on other kinds), ``price`` the
    price of one message or, for SMS, of one segment (None: the kind has no price).
    """

    variant: str
    persona: str
    locale: str
    share: Decimal
    rate: Decimal
    audience: Decimal
    segments: int | None
    price: Decimal | None
    cost: Decimal

    @property
    def messages(self) -> Decimal:
        """Messages sent: one per person of the audience."""
        return self.audience

    @property
    def sent_segments(self) -> Decimal:
        """SMS segments sent (0 on other kinds)."""
        return EXACT.multiply(self.audience, Decimal(self.segments or 0))


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Totals:
    """Messages, SMS segments and cost added up over lines."""

    messages: Decimal = ZERO
    segments: Decimal = ZERO
    cost: Decimal = ZERO

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Totals:
        """Return the exact sums of ``lines``."""
        with decimal.localcontext(EXACT):
            messages = segments = cost = ZERO
            for line in lines:
                messages += line.audience
                if line.segments:
                    segments += line.audience * line.segments
                cost += line.cost
        return cls(messages, segments, cost)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class TouchpointCost:
    """The estimate of one touchpoint: its lines, their totals, its control group.

    ``held_out`` is the audience of the control group, who get no message and cost nothing.
    With an experiment ``baseline``, ``conversions`` is the audience that gets a variant times
    the baseline (the variants are assumed to convert as the control does), and
    ``cost_per_conversion`` the cost divided by it.
    """

    index: int
    id: str
    channel: str
    kind: str
    stage: str
    lines: tuple[Line, ...]
    held_out: Decimal
    baseline: Decimal | None
    totals: Totals
    unpriced: bool

    @property
    def audience(self) -> Decimal:
        """People who get this touchpoint: one message each."""
        return self.totals.messages

    @property
    def conversions(self) -> Decimal | None:
        """Expected conversions (audience x baseline), or None without a baseline."""
        if self.baseline is None:
            return None
        return EXACT.multiply(self.audience, self.baseline)

    @property
    def cost_per_conversion(self) -> Decimal | None:
        """Cost divided by the expected conversions, or None when there are none."""
        conversions = self.conversions
        if conversions is None or conversions.is_zero():
            return None
        return divide(self.totals.cost, conversions)

    def audience_of(self, persona_id: str) -> Decimal:
        """Return the people of one persona who get this touchpoint."""
        return exact_sum(line.audience for line in self.lines if line.persona == persona_id)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ChannelCost:
    """The estimate of one channel: the totals of its touchpoints."""

    id: str
    kind: str
    totals: Totals
    unpriced: bool


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class PersonaCost:
    """The estimate of one persona with a size, and whom the plan reaches in it.

    Reach is the number of distinct people who get at least one message. The estimate cannot
    know how the audiences of two touchpoints overlap, so it gives the bounds that hold however
    they do: ``reach_min``, the largest audience of one touchpoint, and ``reach_max``, the sum
    of the audiences of every touchpoint; both at most the persona's size.
    """

    id: str
    size: int
    locale: str
    totals: Totals
    reach_min: Decimal
    reach_max: Decimal


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Estimate:
    """The estimate of a whole plan (format, section 11)."""

    currency: str | None
    budget: Decimal | None
    touchpoints: tuple[TouchpointCost, ...]
    channels: tuple[ChannelCost, ...]
    personas: tuple[PersonaCost, ...]
    totals: Totals
    unpriced_kinds: tuple[str, ...]
    """Channel kinds with messages and no price: they cost nothing here."""
    unsized_personas: tuple[str, ...]
    """Personas without a `size`, left out of the estimate."""
    undeclared_events: tuple[str, ...]
    """Events that start or stop a touchpoint but are not in the plan's `events`: their rate is
    1, so a touchpoint that stops on one reaches nobody."""

    @property
    def reach_min(self) -> Decimal:
        """At least this many people get a message (personas are distinct people)."""
        return exact_sum(p.reach_min for p in self.personas)

    @property
    def reach_max(self) -> Decimal:
        """At most this many people get a message."""
        return exact_sum(p.reach_max for p in self.personas)

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the budget (0 when over it), or None without a budget."""
        if self.budget is None:
            return None
        return max(EXACT.subtract(self.budget, self.totals.cost), ZERO)

    @property
    def over(self) -> Decimal | None:
        """How far the estimate is over the budget (0 when within it), or None without one."""
        if self.budget is None:
            return None
        return max(EXACT.subtract(self.totals.cost, self.budget), ZERO)

    def balance(self) -> tuple[Decimal, Decimal] | None:
        """Return what remains of the budget and how far over it the estimate is, from the
        amounts as shown (each rounded to the minor unit), so that a budget line adds up; one
        of the two is 0. None without a budget."""
        if self.budget is None:
            return None
        gap = EXACT.subtract(
            round_money(self.budget, self.currency), round_money(self.totals.cost, self.currency)
        )
        return max(gap, ZERO), max(gap.copy_negate(), ZERO)

    def most_expensive(self, count: int = 3) -> list[TouchpointCost]:
        """Return the ``count`` touchpoints that cost most, dearest first (plan order on ties)."""
        costly = [t for t in self.touchpoints if t.totals.cost > 0]
        return sorted(costly, key=lambda t: (-t.totals.cost, t.index))[:count]


_Named = TypeVar("_Named", Persona, Event, Touchpoint)


def _first_by_id(items: Iterable[_Named]) -> dict[str, _Named]:
    found: dict[str, _Named] = {}
    for item in items:
        found.setdefault(item.id, item)
    return found


def _specificity(tag: str) -> tuple[int, int]:
    return tag.count("-"), len(tag)


class _PriceList:
    """Prices by channel kind and persona locale: the most specific `[costs.locales.TAG]` that
    serves the locale (BCP 47 lookup) and prices the kind, else `[costs]`, else None."""

    def __init__(self, costs: Costs) -> None:
        self._global: Prices = costs
        # Most specific first; equally specific tags keep their order in the file.
        self._tables = sorted(
            costs.locales.items(), key=lambda item: _specificity(item[0]), reverse=True
        )
        self._found: dict[tuple[str, str], Decimal | None] = {}

    def price(self, kind: str, locale: str) -> Decimal | None:
        key = (kind, locale)
        if key in self._found:
            return self._found[key]
        value: float | None = None
        for tag, table in self._tables:
            if serves(tag, locale) and getattr(table, kind, None) is not None:
                value = getattr(table, kind)
                break
        else:
            value = getattr(self._global, kind, None)
        found = None if value is None else to_decimal(value)
        self._found[key] = found
        return found


class KeptCosts:
    """The touchpoints' estimates of one estimate, kept for the next one (of the plan edited).

    Edits never change a model in place: a part of the plan an edit did not touch is the very
    object it was. A touchpoint's estimate depends on it, its place, the touchpoints up its
    `after` chain, the personas, events, channels and campaign, the prices, and what the
    segments are measured with: when all of those are the same objects, it is the one kept.
    (Estimating every touchpoint of the 2,688-variant plan again took 70 to 100 ms a lint.)
    """

    def __init__(self) -> None:
        self._inputs: tuple[object, ...] = ()
        self._kept: dict[int, tuple[tuple[Touchpoint, ...], TouchpointCost | None]] = {}

    def start(self, inputs: tuple[object, ...], count: int) -> None:
        """Begin an estimate of ``inputs`` (objects, compared by identity) with ``count``
        touchpoints: what was kept under other inputs, or at a place past the last, is
        dropped."""
        if not _same_objects(inputs, self._inputs):
            self._kept = {}
        self._inputs = inputs  # held: an object kept cannot be freed and its id reused
        for index in [i for i in self._kept if i >= count]:
            del self._kept[index]

    def get(
        self, t_index: int, chain: tuple[Touchpoint, ...]
    ) -> tuple[bool, TouchpointCost | None]:
        """Return whether an estimate is kept for the touchpoint at ``t_index`` with this
        ``chain`` (itself first), and that estimate (None: its channel is unknown)."""
        found = self._kept.get(t_index)
        if found is None or not _same_objects(found[0], chain):
            return False, None
        return True, found[1]

    def put(self, t_index: int, chain: tuple[Touchpoint, ...], cost: TouchpointCost | None) -> None:
        """Keep the estimate of the touchpoint at ``t_index`` made with this ``chain``."""
        self._kept[t_index] = (chain, cost)


def _same_objects(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    """Whether ``a`` and ``b`` hold the very same objects, in the same order."""
    return len(a) == len(b) and all(x is y for x, y in zip(a, b, strict=True))


class CostModel:
    """What the estimate of one plan needs, looked up once: sizes, locales, prices, rates.

    Build one per plan and config; it is cheap (no rendering, no touchpoint is costed until
    asked for). ``touchpoint`` costs one touchpoint, ``estimate`` the whole plan.
    """

    def __init__(self, plan: Plan, costs: Costs) -> None:
        self.plan = plan
        self.currency = plan.campaign.currency
        self._costs = costs
        self._prices = _PriceList(costs)
        self._personas = _first_by_id(plan.personas)
        self._events = _first_by_id(plan.events)
        self._kinds: dict[str, str] = {}
        for channel in plan.channels:
            self._kinds.setdefault(channel.id, channel.kind)
        self._rates: dict[tuple[str, str], Decimal] = {}

    @cached_property
    def _touchpoints(self) -> dict[str, Touchpoint]:
        return _first_by_id(self.plan.touchpoints)

    def price(self, kind: str, persona: Persona) -> Decimal | None:
        """Return the price of one message of ``kind`` (one segment for SMS) for a persona."""
        return self._prices.price(kind, persona_locale(self.plan, persona))

    def rate(self, event_id: str, persona_id: str) -> Decimal:
        """Return the share of a persona's audience expected to do an event (1 if undeclared)."""
        key = (event_id, persona_id)
        found = self._rates.get(key)
        if found is None:
            event = self._events.get(event_id)
            if event is None:
                found = ONE
            else:
                written = event.rates.get(persona_id)
                found = to_decimal(event.rate if written is None else written)
            self._rates[key] = found
        return found

    def chain(self, touchpoint: Touchpoint) -> list[Touchpoint]:
        """Return the touchpoint and those up its `after` chain, nearest first.

        The walk stops at an unknown id or a loop (XC201, XC209 report them).
        """
        out: list[Touchpoint] = []
        seen: set[str] = set()
        current: Touchpoint | None = touchpoint
        while current is not None and current.id not in seen:
            seen.add(current.id)
            out.append(current)
            current = self._touchpoints.get(current.after) if current.after else None
        return out

    def events_of(self, touchpoint: Touchpoint) -> tuple[list[str], list[str]]:
        """Return the triggers up the touchpoint's chain and its own exit events, deduplicated."""
        triggers = [t.trigger for t in self.chain(touchpoint) if t.trigger is not None]
        return triggers, list(dict.fromkeys(touchpoint.exit_on))

    def persona_rate(self, touchpoint: Touchpoint, persona_id: str) -> Decimal:
        """Return the product of event rates that scales a persona's audience of a touchpoint."""
        triggers, exits = self.events_of(touchpoint)
        return self._rate_of(triggers, exits, persona_id)

    def _rate_of(self, triggers: list[str], exits: list[str], persona_id: str) -> Decimal:
        rate = ONE
        for event_id in triggers:
            rate = EXACT.multiply(rate, self.rate(event_id, persona_id))
        for event_id in exits:
            rate = EXACT.multiply(rate, EXACT.subtract(ONE, self.rate(event_id, persona_id)))
        return rate

    def touchpoint(self, t_index: int, segments: SegmentsOf | None = None) -> TouchpointCost | None:
        """Return the estimate of one touchpoint, or None when its channel is unknown.

        ``segments`` gives the SMS segments already measured for each persona's rendering
        (the lint context's, or the planner's preview); without it, or where it returns None,
        the body is measured as written.
        """
        touchpoint = self.plan.touchpoints[t_index]
        kind = self._kinds.get(touchpoint.channel)
        if kind is None:
            return None
        with decimal.localcontext(EXACT):
            return self._touchpoint(t_index, touchpoint, kind, segments)

    def _touchpoint_kept(
        self, t_index: int, segments: SegmentsOf | None, kept: KeptCosts | None
    ) -> TouchpointCost | None:
        if kept is None:
            return self.touchpoint(t_index, segments)
        chain = tuple(self.chain(self.plan.touchpoints[t_index]))
        found, cost = kept.get(t_index, chain)
        if not found:
            cost = self.touchpoint(t_index, segments)
            kept.put(t_index, chain, cost)
        return cost

    def _touchpoint(
        self, t_index: int, touchpoint: Touchpoint, kind: str, segments: SegmentsOf | None
    ) -> TouchpointCost:
        shares, control = _shares(touchpoint)
        variants = touchpoint.variants
        served = [
            {p.id for p in served_personas(self.plan, touchpoint, variant)} for variant in variants
        ]
        targeted = [
            self._personas[pid]
            for pid in dict.fromkeys(touchpoint.personas)
            if pid in self._personas and self._personas[pid].size is not None
        ]
        everyone = exact_sum(shares)
        triggers, exits = self.events_of(touchpoint)
        rates = {p.id: self._rate_of(triggers, exits, p.id) for p in targeted}
        held_out = exact_sum(Decimal(p.size or 0) * control * rates[p.id] for p in targeted)
        # The share of the variants that serve each persona: all of them, unless their locales
        # differ; then the ones that serve it share its whole audience, in proportion.
        serving = {
            p.id: exact_sum(s for s, who in zip(shares, served, strict=True) if p.id in who)
            for p in targeted
        }
        lines: list[Line] = []
        for v_index, variant in enumerate(variants):
            for persona in targeted:
                if persona.id not in served[v_index]:
                    continue
                share = shares[v_index]
                mine = serving[persona.id]
                if mine != everyone and not mine.is_zero():
                    share = divide(share * everyone, mine)
                rate = rates[persona.id]
                audience = Decimal(persona.size or 0) * share * rate
                price = self.price(kind, persona)
                count: int | None = None
                if kind == "sms":
                    count = segments(t_index, v_index, persona.id) if segments else None
                    if count is None:
                        count = measure_sms(variant.body or "").segments
                    cost = audience * count * price if price is not None else ZERO
                else:
                    cost = audience * price if price is not None else ZERO
                lines.append(
                    Line(
                        variant=variant.id,
                        persona=persona.id,
                        locale=persona_locale(self.plan, persona),
                        share=share,
                        rate=rate,
                        audience=audience,
                        segments=count,
                        price=price,
                        cost=cost,
                    )
                )
        experiment = touchpoint.experiment
        baseline = None
        if experiment is not None and experiment.baseline is not None:
            baseline = to_decimal(experiment.baseline)
        return TouchpointCost(
            index=t_index,
            id=touchpoint.id,
            channel=touchpoint.channel,
            kind=kind,
            stage=touchpoint.stage,
            lines=tuple(lines),
            held_out=held_out,
            baseline=baseline,
            totals=Totals.of(lines),
            unpriced=any(line.price is None for line in lines),
        )

    def estimate(
        self,
        segments: SegmentsOf | None = None,
        *,
        kept: KeptCosts | None = None,
        measured_with: object = None,
    ) -> Estimate:
        """Return the estimate of the whole plan; see ``touchpoint`` for ``segments``.

        With ``kept``, the touchpoints' estimates kept there by the estimate before are reused
        where nothing they depend on changed, and this estimate's are kept; ``measured_with``
        is what ``segments`` measures with (the lint's config): another one drops them all.
        """
        with decimal.localcontext(EXACT):
            return self._estimate(segments, kept, measured_with)

    def _estimate(
        self, segments: SegmentsOf | None, kept: KeptCosts | None, measured_with: object
    ) -> Estimate:
        plan = self.plan
        if kept is not None:
            parts = (plan.personas, plan.events, plan.channels, plan.campaign, self._costs)
            kept.start((*parts, measured_with), len(plan.touchpoints))
        touchpoints = [
            found
            for t_index in range(len(plan.touchpoints))
            if (found := self._touchpoint_kept(t_index, segments, kept)) is not None
        ]
        channels: list[ChannelCost] = []
        for channel_id, kind in self._kinds.items():
            mine = [t for t in touchpoints if t.channel == channel_id]
            if mine:
                channels.append(
                    ChannelCost(
                        channel_id,
                        kind,
                        Totals.of(line for t in mine for line in t.lines),
                        any(t.unpriced for t in mine),
                    )
                )
        personas: list[PersonaCost] = []
        for persona in self._personas.values():
            if persona.size is None:
                continue
            reached = [t.audience_of(persona.id) for t in touchpoints]
            personas.append(
                PersonaCost(
                    id=persona.id,
                    size=persona.size,
                    locale=persona_locale(plan, persona),
                    totals=Totals.of(
                        line for t in touchpoints for line in t.lines if line.persona == persona.id
                    ),
                    reach_min=min(max(reached, default=ZERO), Decimal(persona.size)),
                    reach_max=min(exact_sum(reached), Decimal(persona.size)),
                )
            )
        unpriced = list(dict.fromkeys(c.kind for c in channels if c.unpriced))
        budget = plan.campaign.budget
        return Estimate(
            currency=self.currency,
            budget=None if budget is None else to_decimal(budget),
            touchpoints=tuple(touchpoints),
            channels=tuple(channels),
            personas=tuple(personas),
            totals=Totals.of(line for t in touchpoints for line in t.lines),
            unpriced_kinds=tuple(unpriced),
            unsized_personas=tuple(p.id for p in self._personas.values() if p.size is None),
            undeclared_events=tuple(self._undeclared_events()),
        )

    def _undeclared_events(self) -> Iterator[str]:
        seen: set[str] = set(self._events)
        for touchpoint in self.plan.touchpoints:
            if touchpoint.channel not in self._kinds:
                continue
            triggers, exits = self.events_of(touchpoint)
            for event_id in (*triggers, *exits):
                if event_id not in seen:
                    seen.add(event_id)
                    yield event_id


def _shares(touchpoint: Touchpoint) -> tuple[list[Decimal], Decimal]:
    """Return each variant's share of the audience and the control group's, as fractions."""
    experiment = touchpoint.experiment
    control = to_decimal(experiment.control).scaleb(-2, EXACT) if experiment else ZERO
    variants = touchpoint.variants
    if variants and all(v.weight is not None for v in variants):
        return [to_decimal(v.weight or 0).scaleb(-2, EXACT) for v in variants], control
    left = EXACT.subtract(ONE, control)
    if len(variants) <= 1:
        return [left] * len(variants), control
    return [divide(left, Decimal(len(variants)))] * len(variants), control


def estimate(plan: Plan, costs: Costs, segments: SegmentsOf | None = None) -> Estimate:
    """Return the estimate of a plan under ``[costs]``; see ``CostModel.touchpoint``."""
    return CostModel(plan, costs).estimate(segments)
