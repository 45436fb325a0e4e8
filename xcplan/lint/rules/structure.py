"""Structure and reference rules: XC201 to XC209."""

from __future__ import annotations

from collections.abc import Iterator

from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.lint.suggest import did_you_mean
from xcplan.model.method import MAX_PERSONAS, MIN_CHANNEL_KINDS


def _unknown(
    kind: str, name: str, choices: list[str] | dict[str, int], loc: Loc, *, key: bool = False
) -> Finding:
    return Finding(
        "XC201", loc, f"unknown {kind} `{name}`{did_you_mean(name, list(choices))}", key=key
    )


def _references(ctx: LintContext) -> Iterator[Finding]:
    plan = ctx.plan
    personas, stages, channels = ctx.persona_index, ctx.stage_index, ctx.channel_index
    for persona_id, row in plan.map.items():
        if persona_id not in personas:
            yield _unknown("persona", persona_id, personas, ("map", persona_id), key=True)
        for stage_id, channel_ids in row.items():
            if stage_id not in stages:
                yield _unknown("stage", stage_id, stages, ("map", persona_id, stage_id), key=True)
            for position, channel_id in enumerate(channel_ids):
                if channel_id not in channels:
                    yield _unknown(
                        "channel", channel_id, channels, ("map", persona_id, stage_id, position)
                    )
    for k_index, kpi in enumerate(plan.campaign.kpis):
        if kpi.stage is not None and kpi.stage not in stages:
            yield _unknown("stage", kpi.stage, stages, ("campaign", "kpis", k_index, "stage"))
    for t_index, touchpoint in enumerate(plan.touchpoints):
        base: Loc = ("touchpoints", t_index)
        for p_index, persona_id in enumerate(touchpoint.personas):
            if persona_id not in personas:
                yield _unknown("persona", persona_id, personas, (*base, "personas", p_index))
        if touchpoint.stage not in stages:
            yield _unknown("stage", touchpoint.stage, stages, (*base, "stage"))
        if touchpoint.channel not in channels:
            yield _unknown("channel", touchpoint.channel, channels, (*base, "channel"))
        if touchpoint.after is not None and touchpoint.after not in ctx.touchpoint_index:
            yield _unknown("touchpoint", touchpoint.after, ctx.touchpoint_index, (*base, "after"))
        experiment = touchpoint.experiment
        metric = experiment.metric if experiment is not None else None
        if metric is not None and metric not in ctx.kpi_ids:
            yield _unknown("KPI", metric, ctx.kpi_ids, (*base, "experiment", "metric"))


def journey_references(ctx: LintContext) -> Iterator[Finding]:
    """Events, when declared, and the ids scenarios and event rates name (sections 3.8, 3.9)."""
    plan = ctx.plan
    personas, touchpoints = ctx.persona_index, ctx.touchpoint_index
    events = [event.id for event in plan.events]
    declared = set(events)
    if plan.events:
        for t_index, touchpoint in enumerate(plan.touchpoints):
            base: Loc = ("touchpoints", t_index)
            if touchpoint.trigger is not None and touchpoint.trigger not in declared:
                yield _unknown("event", touchpoint.trigger, events, (*base, "trigger"))
            for e_index, exit_event in enumerate(touchpoint.exit_on):
                if exit_event not in declared:
                    yield _unknown("event", exit_event, events, (*base, "exit_on", e_index))
    for e_index, event in enumerate(plan.events):
        for persona_id in event.rates:
            if persona_id not in personas:
                loc: Loc = ("events", e_index, "rates", persona_id)
                yield _unknown("persona", persona_id, personas, loc, key=True)
    for s_index, scenario in enumerate(plan.scenarios):
        base = ("scenarios", s_index)
        if scenario.persona not in personas:
            yield _unknown("persona", scenario.persona, personas, (*base, "persona"))
        if plan.events:
            for o_index, occurrence in enumerate(scenario.events):
                if occurrence.event not in declared:
                    loc = (*base, "events", o_index, "event")
                    yield _unknown("event", occurrence.event, events, loc)
        if scenario.expect is not None:
            for name in ("sent", "not_sent"):
                for position, touchpoint_id in enumerate(getattr(scenario.expect, name)):
                    if touchpoint_id not in touchpoints:
                        loc = (*base, "expect", name, position)
                        yield _unknown("touchpoint", touchpoint_id, touchpoints, loc)


def _persona_count(ctx: LintContext) -> Iterator[Finding]:
    personas = ctx.plan.personas
    if not personas:
        yield Finding("XC203", ("personas",), "the plan has no personas; add at least one")
    for position in range(MAX_PERSONAS, len(personas)):
        yield Finding(
            "XC202",
            ("personas", position),
            f"persona `{personas[position].id}` is number {position + 1}; a plan has at most "
            f"{MAX_PERSONAS} personas",
        )


def _cells(ctx: LintContext) -> Iterator[Finding]:
    plan = ctx.plan
    filled: set[tuple[str, str, str]] = set()
    for t_index, touchpoint in enumerate(plan.touchpoints):
        stage, channel = touchpoint.stage, touchpoint.channel
        known = stage in ctx.stage_index and channel in ctx.channel_index
        for p_index, persona_id in enumerate(touchpoint.personas):
            filled.add((persona_id, stage, channel))
            if not known or persona_id not in ctx.persona_index:
                continue
            if channel not in plan.map.get(persona_id, {}).get(stage, []):
                yield Finding(
                    "XC204",
                    ("touchpoints", t_index, "personas", p_index),
                    f"touchpoint `{touchpoint.id}` sends `{channel}` to `{persona_id}` in "
                    f"`{stage}`, but `map` does not plan that cell; add `{channel}` to "
                    f"map.{persona_id}.{stage}",
                )
    for persona_id, row in plan.map.items():
        about = _persona_loc(ctx, persona_id)
        for stage_id, channel_ids in row.items():
            for position, channel_id in enumerate(channel_ids):
                if (persona_id, stage_id, channel_id) in filled:
                    continue
                if (
                    channel_id not in ctx.channel_index
                    or stage_id not in ctx.stage_index
                    or persona_id not in ctx.persona_index
                ):
                    continue
                yield Finding(
                    "XC205",
                    ("map", persona_id, stage_id, position),
                    f"`{channel_id}` is planned for `{persona_id}` in `{stage_id}`, but no "
                    "touchpoint fills it",
                    about=about,
                )


def _persona_loc(ctx: LintContext, persona_id: str) -> tuple[Loc, ...]:
    position = ctx.persona_index.get(persona_id)
    return () if position is None else (("personas", position),)


def _coverage(ctx: LintContext) -> Iterator[Finding]:
    plan = ctx.plan
    for p_index, persona in enumerate(plan.personas):
        if ctx.persona_index.get(persona.id) != p_index:
            continue
        row = plan.map.get(persona.id, {})
        loc: Loc = ("map", persona.id) if persona.id in plan.map else ("personas", p_index)
        about: tuple[Loc, ...] = (("personas", p_index),)
        kinds = ctx.planned_kinds(persona.id)
        if len(kinds) < MIN_CHANNEL_KINDS:
            reached = (
                f"{len(kinds)} channel kind{'' if len(kinds) == 1 else 's'} "
                f"({', '.join(sorted(kinds))})"
                if kinds
                else "no channel"
            )
            yield Finding(
                "XC206",
                loc,
                f"`{persona.id}` is reached through {reached}; plan at least "
                f"{MIN_CHANNEL_KINDS}: teams using three or more channels report far higher "
                "retention",
                about=about,
                key=loc[0] == "map",
            )
        silent = [stage.id for stage in ctx.journey if not row.get(stage.id)]
        if silent:
            stages = ", ".join(f"`{stage_id}`" for stage_id in silent)
            yield Finding(
                "XC207",
                loc,
                f"`{persona.id}` has no channel planned in {len(silent)} of "
                f"{len(ctx.journey)} stages: {stages}",
                about=about,
                key=loc[0] == "map",
            )

        for c_index, kind in enumerate(persona.preferred_channels):
            if kind not in kinds:
                yield Finding(
                    "XC208",
                    ("personas", p_index, "preferred_channels", c_index),
                    f"`{persona.id}` prefers `{kind}`, but no `{kind}` channel is planned "
                    "for this persona",
                )


def _after_loops(ctx: LintContext) -> dict[int, list[int]]:
    """Return each loop of `after` links, keyed by its first touchpoint in the plan's order.

    Each touchpoint has at most one `after`, so the links form chains that may end in a loop:
    one walk over each chain, remembering where every touchpoint was seen, finds them all in
    linear time (a plan with a 30,000-touchpoint chain is checked at once).
    """
    touchpoints = ctx.plan.touchpoints
    index = ctx.touchpoint_index
    state: dict[int, int] = {}  # touchpoint -> the walk that first reached it
    loops: dict[int, list[int]] = {}
    for start in range(len(touchpoints)):
        if start in state:
            continue
        path: list[int] = []
        current: int | None = start
        while current is not None and current not in state:
            state[current] = start
            path.append(current)
            after = touchpoints[current].after
            current = index.get(after) if after is not None else None
        if current is not None and state[current] == start:
            loop = path[path.index(current) :]
            first = loop.index(min(loop))
            ordered = loop[first:] + loop[:first]
            loops[ordered[0]] = ordered
    return loops


def _after_chains(ctx: LintContext) -> Iterator[Finding]:
    touchpoints = ctx.plan.touchpoints
    index = ctx.touchpoint_index
    loops = _after_loops(ctx)
    for t_index, touchpoint in enumerate(touchpoints):
        if touchpoint.after is None or touchpoint.after not in index:
            continue
        target = touchpoints[index[touchpoint.after]]
        known = all(p in ctx.persona_index for p in [*touchpoint.personas, *target.personas])
        if known and not set(touchpoint.personas) & set(target.personas):
            yield Finding(
                "XC209",
                ("touchpoints", t_index, "after"),
                f"`{touchpoint.id}` starts after `{target.id}`, but they share no persona",
            )
        loop = loops.get(t_index)
        if loop is not None:
            names = " -> ".join(touchpoints[i].id for i in [*loop, loop[0]])
            yield Finding("XC209", ("touchpoints", t_index, "after"), f"`after` loops: {names}")


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC201 to XC209 findings."""
    yield from _references(ctx)
    yield from journey_references(ctx)
    yield from _persona_count(ctx)
    yield from _cells(ctx)
    yield from _coverage(ctx)
    yield from _after_chains(ctx)
