"""Experiment rules: XC301 to XC305, with the sample-size formula of CHANNELS.md."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import ROUND_CEILING, Decimal, localcontext
from fractions import Fraction
from typing import Final

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.model.method import arms
from xcplan.model.plan import Touchpoint

Z_ALPHA: Final = 1.959964  # two-sided, alpha 0.05
Z_POWER: Final = 0.841621  # power 0.8
_Z_ALPHA: Final = Decimal("1.959964")
_Z_POWER: Final = Decimal("0.841621")
MIN_CONTROL: Final = 2.0
_TOLERANCE: Final = 1e-6


def sample_size_per_arm(baseline: float, mde: float) -> int:
    """Return the people needed per arm to detect a relative lift ``mde`` on ``baseline``.

    Two-sided two-proportion z-test, alpha 0.05, power 0.8 (CHANNELS.md). The arithmetic is
    decimal, so a baseline of ``1e-200`` gives its (astronomical) answer instead of dividing by
    a difference that floats round to zero. Raises ``ValueError`` when ``baseline * (1 + mde)``
    is not a rate between 0 and 1.
    """
    with localcontext() as ctx:
        ctx.prec = 40
        p1 = Decimal(baseline)
        lift = p1 * Decimal(mde)
        p2 = p1 + lift
        if not (0 < p1 < 1 and 0 < p2 < 1) or lift == 0:
            raise ValueError("baseline and mde must give two different rates between 0 and 1")
        p_bar = (p1 + p2) / 2
        root = (
            _Z_ALPHA * (2 * p_bar * (1 - p_bar)).sqrt()
            + _Z_POWER * (p1 * (1 - p1) + p2 * (1 - p2)).sqrt()
        )
        return int((root * root / (lift * lift)).to_integral_value(rounding=ROUND_CEILING))


def arm_reach(audience: int, share: float) -> Fraction:
    """Return the people an arm with ``share`` percent of ``audience`` reaches, exactly."""
    return Fraction(audience) * Fraction(share) / 100


def _fmt(value: float) -> str:
    return f"{value:g}"


def people(count: int) -> str:
    """Return a count of people for a message: ``12,000``, or ``about 4.32e+201`` when huge."""
    if count < 10**15:
        return f"{count:,}"
    return f"about {Decimal(count):.3g}"


def _weights(touchpoint: Touchpoint, base: Loc) -> Iterator[Finding]:
    variants = touchpoint.variants
    weighted = [v for v in variants if v.weight is not None]
    if weighted and len(weighted) != len(variants):
        missing = next(i for i, v in enumerate(variants) if v.weight is None)
        yield Finding(
            "XC302",
            (*base, "variants", missing),
            f"variant `{variants[missing].id}` has no weight, but `{weighted[0].id}` has one; "
            "give every variant a weight, or none for an equal split",
        )
        return
    if not weighted:
        return
    control = touchpoint.experiment.control if touchpoint.experiment is not None else 0.0
    total = sum(float(v.weight or 0) for v in variants) + control
    if abs(total - 100) > _TOLERANCE:
        parts = " + ".join(_fmt(float(v.weight or 0)) for v in variants)
        control_text = f" plus control {_fmt(control)}" if control else ""
        yield Finding(
            "XC301",
            (*base, "variants"),
            f"weights ({parts}){control_text} add up to {_fmt(total)}, not 100",
        )


def _audience(ctx: LintContext, touchpoint: Touchpoint) -> int | None:
    sizes = []
    for persona_id in dict.fromkeys(touchpoint.personas):
        position = ctx.persona_index.get(persona_id)
        if position is None:
            return None
        size = ctx.plan.personas[position].size
        if size is None:
            return None
        sizes.append(size)
    return sum(sizes)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC301 to XC305 findings."""
    for t_index, touchpoint in enumerate(ctx.plan.touchpoints):
        base: Loc = ("touchpoints", t_index)
        yield from _weights(touchpoint, base)
        experiment = touchpoint.experiment
        if experiment is None:
            continue
        shares = arms(touchpoint)
        if len(shares) < 2:
            yield Finding(
                "XC303",
                (*base, "experiment"),
                f"the experiment on `{touchpoint.id}` has {len(shares)} arm; add a variant or "
                "a control group to compare against",
            )
        if 0 < experiment.control < MIN_CONTROL:
            yield Finding(
                "XC305",
                (*base, "experiment", "control"),
                f"a control group of {_fmt(experiment.control)}% is too small to measure; "
                f"hold out at least {_fmt(MIN_CONTROL)}%",
            )
        if experiment.baseline is None or experiment.mde is None or len(shares) < 2:
            continue
        try:
            needed = sample_size_per_arm(experiment.baseline, experiment.mde)
        except ValueError:
            continue  # XC104 reports the impossible rate
        audience = _audience(ctx, touchpoint)
        if audience is None:
            continue
        arm, share = min(shares, key=lambda item: item[1])
        reach = arm_reach(audience, share)
        if reach < needed:
            yield Finding(
                "XC304",
                (*base, "experiment"),
                f"arm `{arm}` reaches about {people(math.floor(reach))} people ({_fmt(share)}% "
                f"of {people(audience)}); detecting +{_fmt(experiment.mde * 100)}% on a "
                f"{_fmt(experiment.baseline * 100)}% baseline needs {people(needed)} per arm",
            )
