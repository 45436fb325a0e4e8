"""Edits of the journey: the matrix of which channel reaches which persona in which stage, and
the channels and stages themselves.

Each edit returns an ``Edit``; it raises ``EditError`` when the data is invalid, an id is taken
or the last channel or stage would go, and ``KeyError`` for an id that is not in the plan.
"""

from __future__ import annotations

from typing import Any

from xcplan.edit.change import Edit, moved, position, replace_at, updated, without_at
from xcplan.edit.entities import EditError, check_unique, entity
from xcplan.edit.impact import Impact, map_without, scenarios_without, without
from xcplan.model.plan import Channel, Plan, Stage

Cell = tuple[str, str, str]
"""A cell of the journey matrix: (persona id, stage id, channel id)."""


def is_planned(plan: Plan, persona_id: str, stage_id: str, channel_id: str) -> bool:
    """Whether the map plans ``channel_id`` for the persona in the stage."""
    return channel_id in plan.map.get(persona_id, {}).get(stage_id, [])


def cell_counts(plan: Plan) -> dict[Cell, int]:
    """Return how many touchpoints fill each (persona, stage, channel) cell."""
    counts: dict[Cell, int] = {}
    for touchpoint in plan.touchpoints:
        for persona_id in dict.fromkeys(touchpoint.personas):
            cell = (persona_id, touchpoint.stage, touchpoint.channel)
            counts[cell] = counts.get(cell, 0) + 1
    return counts


def toggle_cell(plan: Plan, persona_id: str, stage_id: str, channel_id: str) -> Edit[bool]:
    """Plan the cell, or clear it when it is planned; the result: whether it is planned now."""
    row = dict(plan.map.get(persona_id, {}))
    cells = list(row.get(stage_id, []))
    planned = channel_id not in cells
    if planned:
        cells.append(channel_id)
    else:
        cells = [c for c in cells if c != channel_id]
    if cells:
        row[stage_id] = cells
    else:
        row.pop(stage_id, None)
    new_map = dict(plan.map)
    if row:
        new_map[persona_id] = row
    else:
        new_map.pop(persona_id, None)
    verb = "Plan" if planned else "Clear"
    label = f"{verb} {channel_id} for {persona_id} in {stage_id}"
    return Edit(updated(plan, map=new_map), label, planned)


# -- channels -----------------------------------------------------------------------------


def add_channel(plan: Plan, data: dict[str, Any] | Channel) -> Edit[Channel]:
    """Add a channel at the end."""
    channel: Channel = entity("channels", data)
    check_unique("channel", channel.id, (c.id for c in plan.channels))
    new = updated(plan, channels=[*plan.channels, channel])
    return Edit(new, f"Add channel {channel.id}", channel)


def update_channel(plan: Plan, channel_id: str, data: dict[str, Any] | Channel) -> Edit[Channel]:
    """Replace channel ``channel_id``; a new id is followed in the map and touchpoints."""
    index = position(plan.channels, channel_id)
    channels = plan.channels
    channel: Channel = entity("channels", data)
    check_unique("channel", channel.id, (c.id for c in channels), channel_id)
    label = f"Edit channel {channel.id}"
    if channel == channels[index]:
        return Edit(plan, label, channel)
    parts: dict[str, Any] = {"channels": replace_at(channels, index, channel)}
    if channel.id != channel_id:
        new = channel.id
        parts["map"] = {
            p: {s: [new if c == channel_id else c for c in cells] for s, cells in row.items()}
            for p, row in plan.map.items()
        }
        parts["touchpoints"] = [
            t.model_copy(update={"channel": new}) if t.channel == channel_id else t
            for t in plan.touchpoints
        ]
    return Edit(updated(plan, **parts), label, channel)


def move_channel(plan: Plan, channel_id: str, delta: int) -> Edit[bool]:
    """Move a channel up (-1) or down (+1) the list; the result is False at either end."""
    index = position(plan.channels, channel_id)
    order = moved(plan.channels, index, delta)
    label = f"Move channel {channel_id}"
    if order is None:
        return Edit(plan, label, False)
    return Edit(updated(plan, channels=order), label, True)


def remove_channel(plan: Plan, channel_id: str) -> Edit[Impact]:
    """Remove a channel, its cells of the map and the touchpoints sent on it (and the
    scenarios' ``expect`` entries naming them).

    Raises ``EditError`` for the plan's last channel (a plan needs at least one).
    """
    index = position(plan.channels, channel_id)
    channels = plan.channels
    if len(channels) == 1:
        raise EditError("a plan needs at least one channel: add another before removing this")
    doomed = {i for i, t in enumerate(plan.touchpoints) if t.channel == channel_id}
    deleted, kept, unlinked = without(plan.touchpoints, doomed)
    scenarios, expects = scenarios_without(plan.scenarios, deleted)
    cells = sum(cells.count(channel_id) for row in plan.map.values() for cells in row.values())
    channel = channels[index]
    impact = Impact(
        f"channel `{channel_id}` ({channel.name or channel.kind})",
        deleted,
        (),
        unlinked,
        cells,
        expects=expects,
    )
    new = updated(
        plan,
        channels=without_at(channels, index),
        map=map_without(plan.map, lambda s, c: c == channel_id),
        touchpoints=kept,
        scenarios=scenarios,
    )
    return Edit(new, f"Remove channel {channel_id}", impact)


# -- stages -------------------------------------------------------------------------------


def add_stage(plan: Plan, data: dict[str, Any] | Stage) -> Edit[Stage]:
    """Add a stage at the end of the journey (which becomes the plan's own ``stages``)."""
    stage: Stage = entity("stages", data)
    journey = plan.journey()
    check_unique("stage", stage.id, (s.id for s in journey))
    return Edit(updated(plan, stages=[*journey, stage]), f"Add stage {stage.id}", stage)


def update_stage(plan: Plan, stage_id: str, data: dict[str, Any] | Stage) -> Edit[Stage]:
    """Replace stage ``stage_id``; a new id is followed in the map, touchpoints and KPIs."""
    journey = plan.journey()
    index = position(journey, stage_id)
    stage: Stage = entity("stages", data)
    check_unique("stage", stage.id, (s.id for s in journey), stage_id)
    label = f"Edit stage {stage.id}"
    if stage == journey[index]:
        return Edit(plan, label, stage)
    parts: dict[str, Any] = {"stages": replace_at(journey, index, stage)}
    if stage.id != stage_id:
        new = stage.id
        parts["map"] = {
            p: {(new if s == stage_id else s): cells for s, cells in row.items()}
            for p, row in plan.map.items()
        }
        parts["touchpoints"] = [
            t.model_copy(update={"stage": new}) if t.stage == stage_id else t
            for t in plan.touchpoints
        ]
        kpis = [
            k.model_copy(update={"stage": new}) if k.stage == stage_id else k
            for k in plan.campaign.kpis
        ]
        parts["campaign"] = plan.campaign.model_copy(update={"kpis": kpis})
    return Edit(updated(plan, **parts), label, stage)


def move_stage(plan: Plan, stage_id: str, delta: int) -> Edit[bool]:
    """Move a stage earlier (-1) or later (+1); the result is False at either end."""
    journey = plan.journey()
    order = moved(journey, position(journey, stage_id), delta)
    label = f"Move stage {stage_id}"
    if order is None:
        return Edit(plan, label, False)
    return Edit(updated(plan, stages=order), label, True)


def remove_stage(plan: Plan, stage_id: str) -> Edit[Impact]:
    """Remove a stage, its cells of the map and its touchpoints (and the scenarios' ``expect``
    entries naming them); KPIs lose the stage.

    Raises ``EditError`` for the journey's last stage.
    """
    journey = plan.journey()
    index = position(journey, stage_id)
    if len(journey) == 1:
        raise EditError("a journey needs at least one stage: add another before removing this")
    doomed = {i for i, t in enumerate(plan.touchpoints) if t.stage == stage_id}
    deleted, kept, unlinked = without(plan.touchpoints, doomed)
    scenarios, expects = scenarios_without(plan.scenarios, deleted)
    cells = sum(len(row.get(stage_id, [])) for row in plan.map.values())
    kpis = tuple(k.id for k in plan.campaign.kpis if k.stage == stage_id)
    impact = Impact(
        f"stage `{stage_id}` ({journey[index].name})",
        deleted,
        (),
        unlinked,
        cells,
        kpis,
        expects=expects,
    )
    campaign = plan.campaign
    if kpis:
        campaign = campaign.model_copy(
            update={
                "kpis": [
                    k.model_copy(update={"stage": None}) if k.stage == stage_id else k
                    for k in campaign.kpis
                ]
            }
        )
    new = updated(
        plan,
        campaign=campaign,
        stages=without_at(journey, index),
        map=map_without(plan.map, lambda s, c: s == stage_id),
        touchpoints=kept,
        scenarios=scenarios,
    )
    return Edit(new, f"Remove stage {stage_id}", impact)
