"""Schema rules that need the whole plan: XC104 (date order, experiment rates), XC105."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc


class _HasId(Protocol):
    id: str


def _duplicates(items: Sequence[_HasId], base: Loc, kind: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for position, item in enumerate(items):
        if item.id in seen:
            yield Finding(
                "XC105",
                (*base, position, "id"),
                f"duplicate {kind} id `{item.id}` (already used by {kind} number "
                f"{seen[item.id] + 1})",
            )
        else:
            seen[item.id] = position


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC104 and XC105 findings."""
    plan = ctx.plan
    campaign = plan.campaign
    if campaign.start is not None and campaign.end is not None and campaign.end < campaign.start:
        yield Finding(
            "XC104",
            ("campaign", "end"),
            f"the campaign ends ({campaign.end}) before it starts ({campaign.start})",
        )
    yield from _duplicates(plan.personas, ("personas",), "persona")
    yield from _duplicates(plan.channels, ("channels",), "channel")
    if plan.stages is not None:
        yield from _duplicates(plan.stages, ("stages",), "stage")
    yield from _duplicates(campaign.kpis, ("campaign", "kpis"), "KPI")
    yield from _duplicates(plan.touchpoints, ("touchpoints",), "touchpoint")
    for t_index, touchpoint in enumerate(plan.touchpoints):
        yield from _duplicates(touchpoint.variants, ("touchpoints", t_index, "variants"), "variant")
        experiment = touchpoint.experiment
        if experiment is not None and experiment.baseline is not None and experiment.mde:
            expected = experiment.baseline * (1 + experiment.mde)
            if expected >= 1:
                yield Finding(
                    "XC104",
                    ("touchpoints", t_index, "experiment", "mde"),
                    f"a baseline of {experiment.baseline:g} raised by {experiment.mde:g} "
                    f"gives a rate of {expected:g}; the rate a test can detect must stay "
                    "below 1",
                )
