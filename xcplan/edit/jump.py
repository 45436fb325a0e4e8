"""Jump targets: where in the editor the place a diagnostic names is.

A diagnostic's ``loc`` names a place in the plan it was found in (``("touchpoints", 3,
"variants", 1, "body")``). The plan may have changed since (the problems of the last lint are
shown while the writer edits), so positions are turned into ids in the plan the diagnostic
was found in, and looked up again in the current plan.

A finding of the journey in time (XC701 to XC707) points at a touchpoint, but is shown on the
Timeline tab, in the walk it was found in: the walks of the plan it was found in are looked at
in the rules' order, and the first whose own findings have it is the one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from xcplan.lint.diagnostics import Diagnostic, Loc
from xcplan.model.plan import Plan

if TYPE_CHECKING:
    # The walk and the journey rules are imported when a journey finding is followed, not when
    # the planner starts.
    from xcplan.journey.walk import Walk


@dataclass(frozen=True, slots=True)
class CampaignPlace:
    """A field of the campaign, or one of its KPIs (``loc`` as the diagnostic gives it)."""

    loc: Loc


@dataclass(frozen=True, slots=True)
class PersonaPlace:
    """The persona at ``index`` of the current plan."""

    index: int


@dataclass(frozen=True, slots=True)
class VariantPlace:
    """A touchpoint on the Messages tab: a variant of it and a field of that, when named."""

    touchpoint: str
    v_index: int | None = None
    field: str | None = None


@dataclass(frozen=True, slots=True)
class CellPlace:
    """A place on the journey grid: the persona's matrix, a stage's column, a channel's row.

    ``note`` says why a touchpoint's problem is shown on the grid (it fills that cell).
    """

    persona: str | None = None
    stage: str | None = None
    channel: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """A place the editor does not edit (``where``: the diagnostic's path)."""

    where: str


@dataclass(frozen=True, slots=True)
class TimelinePlace:
    """A walk on the Timeline tab: a persona's declared scenario (``scenario``) or its `eager`
    walk (None), a message in it, and a field of the scenario (``start``, ``events``, ``sent``...)
    or of the policies (``frequency_cap.per``, ``quiet_hours.end``, ``min_gap``).

    ``persona`` is None for a place that is not one persona's (the policies): the tab keeps the
    walk it shows.
    """

    persona: str | None
    scenario: str | None = None
    touchpoint: str | None = None
    field: str | None = None


Place = CampaignPlace | PersonaPlace | VariantPlace | CellPlace | TimelinePlace | Elsewhere

JOURNEY_CODES: Final = frozenset(f"XC70{n}" for n in range(1, 8))
"""The codes of the journey in time, shown on the Timeline tab."""


def place_of(diagnostic: Diagnostic, found_in: Plan, current: Plan) -> Place:
    """Return where the editor shows the place ``diagnostic`` names.

    ``found_in`` is the plan the diagnostic was found in; ``current`` the plan being edited.
    """
    loc = diagnostic.loc
    head = loc[0] if loc else None
    if head == "campaign":
        return CampaignPlace(loc)
    if head == "scenarios" or (head == "touchpoints" and diagnostic.code in JOURNEY_CODES):
        timeline = _timeline_place(diagnostic, found_in, current)
        if timeline is not None:
            return timeline
    if head == "policies":
        return TimelinePlace(None, field=".".join(str(part) for part in loc[1:3]) or None)
    if head == "personas":
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
        persona_id = found_in.personas[index].id if index < len(found_in.personas) else None
        ids = [p.id for p in current.personas]
        return PersonaPlace(ids.index(persona_id) if persona_id in ids else 0)
    if head == "touchpoints":
        variant = _variant_place(loc, found_in, current)
        if variant is not None:
            return variant
    if head in ("channels", "stages", "map", "touchpoints"):
        return _cell_place(loc, found_in)
    return Elsewhere(diagnostic.path or "the plan")


def _variant_place(loc: Loc, found_in: Plan, current: Plan) -> VariantPlace | None:
    """Return the touchpoint (its variant and field) that ``loc`` names; None when the place
    is about the journey (its personas, stage or channel) or the touchpoint is gone."""
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    if index is None or index >= len(found_in.touchpoints):
        return None
    if len(loc) > 2 and loc[2] in ("personas", "stage", "channel"):
        return None
    touchpoint_id = found_in.touchpoints[index].id
    if not any(t.id == touchpoint_id for t in current.touchpoints):
        return None
    if len(loc) > 3 and loc[2] == "variants" and isinstance(loc[3], int):
        return VariantPlace(touchpoint_id, loc[3], str(loc[4]) if len(loc) > 4 else None)
    return VariantPlace(touchpoint_id)


def _cell_place(loc: Loc, plan: Plan) -> CellPlace:
    index = loc[1] if len(loc) > 1 else None
    if loc[0] == "channels" and isinstance(index, int) and index < len(plan.channels):
        return CellPlace(channel=plan.channels[index].id)
    if loc[0] == "stages" and isinstance(index, int) and index < len(plan.journey()):
        return CellPlace(stage=plan.journey()[index].id)
    if loc[0] == "map":
        persona = str(loc[1]) if len(loc) > 1 else None
        stage = str(loc[2]) if len(loc) > 2 else None
        channel = None
        if len(loc) > 3 and isinstance(loc[3], int) and persona and stage:
            cells = plan.map.get(persona, {}).get(stage, [])
            channel = cells[loc[3]] if loc[3] < len(cells) else None
        return CellPlace(persona, stage, channel)
    if loc[0] == "touchpoints" and isinstance(index, int) and index < len(plan.touchpoints):
        touchpoint = plan.touchpoints[index]
        personas = touchpoint.personas
        if len(loc) > 3 and loc[2] == "personas" and isinstance(loc[3], int):
            personas = personas[loc[3] : loc[3] + 1] or personas
        return CellPlace(
            personas[0] if personas else None,
            touchpoint.stage,
            touchpoint.channel,
            f"Touchpoint `{touchpoint.id}` fills this cell.",
        )
    return CellPlace()


def _timeline_place(diagnostic: Diagnostic, found_in: Plan, current: Plan) -> TimelinePlace | None:
    """Return the walk and message a journey finding, or the scenario and field another finding
    about a scenario, is about; None when it is no longer in the current plan."""
    loc = diagnostic.loc
    personas = {p.id for p in current.personas}
    if loc[0] == "scenarios":
        index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
        if index is None or index >= len(found_in.scenarios):
            return None
        scenario = found_in.scenarios[index]
        if scenario.persona not in personas or all(s.id != scenario.id for s in current.scenarios):
            return None
        field = str(loc[2]) if len(loc) > 2 else None
        touchpoint = None
        if field == "expect":
            field = str(loc[3]) if len(loc) > 3 else "sent"
            if len(loc) > 4 and isinstance(loc[4], int):
                ids: list[str] = getattr(scenario.expect, field, [])
                touchpoint = ids[loc[4]] if loc[4] < len(ids) else None
        return TimelinePlace(scenario.persona, scenario.id, touchpoint, field)
    walk = _walk_with(diagnostic, found_in)
    if walk is None:
        return None
    customer = walk.customer
    index = customer.index
    scenario_id = found_in.scenarios[index].id if index is not None else None
    if customer.persona not in personas:
        return None
    if scenario_id is not None and all(s.id != scenario_id for s in current.scenarios):
        scenario_id = next((s.id for s in current.scenarios if s.persona == customer.persona), None)
    t_index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else None
    touchpoint = None
    if t_index is not None and t_index < len(found_in.touchpoints):
        touchpoint = found_in.touchpoints[t_index].id
    return TimelinePlace(customer.persona, scenario_id, touchpoint)


def _walk_with(diagnostic: Diagnostic, plan: Plan) -> Walk | None:
    """Return the first walk of ``plan`` (in the rules' order) whose own findings include the
    one ``diagnostic`` reports."""
    from xcplan.journey.walk import walk_plan
    from xcplan.lint.context import LintContext
    from xcplan.lint.rules.journey import walk_findings

    walks = walk_plan(plan)
    ctx = LintContext(plan)
    for walk in walks:
        for finding in walk_findings(ctx, walk, walks):
            if finding.code == diagnostic.code and finding.loc == diagnostic.loc:
                return walk
    return None
