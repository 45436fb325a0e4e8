"""Schema rules that need the whole plan: XC104 (date order, experiment rates, policies and
scenario ids the walk cannot use), XC105."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from xcplan.journey.scenarios import EAGER
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.model.durations import duration_minutes


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
    yield from _duplicates(plan.events, ("events",), "event")
    yield from _duplicates(plan.scenarios, ("scenarios",), "scenario")
    yield from journey_values(ctx)
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


def journey_values(ctx: LintContext) -> Iterator[Finding]:
    """Values the walk of section 10 cannot use: a cap over no time, quiet hours of no length,
    and a scenario that takes the name of the built-in `eager` one."""
    plan = ctx.plan
    policies = plan.policies
    cap = policies.frequency_cap if policies is not None else None
    if cap is not None and duration_minutes(cap.per) == 0:
        yield Finding(
            "XC104",
            ("policies", "frequency_cap", "per"),
            f"a frequency cap per `{cap.per}` counts no message: give the period it counts "
            "over, such as `1w`",
        )
    if policies is not None and policies.quiet_hours is not None:
        quiet = policies.quiet_hours
        if quiet.start == quiet.end:
            yield Finding(
                "XC104",
                ("policies", "quiet_hours", "end"),
                f"quiet hours start and end at {quiet.start}, so they hold no minute; give the "
                'window, such as `start: "21:00"` and `end: "08:00"`',
            )
    for s_index, scenario in enumerate(plan.scenarios):
        if scenario.id == EAGER:
            yield Finding(
                "XC104",
                ("scenarios", s_index, "id"),
                "`eager` is the name of the built-in scenario of a persona without one; give "
                "this scenario another id",
            )
