"""Jump targets: where in the editor the place a diagnostic names is.

A diagnostic's ``loc`` names a place in the plan it was found in (``("touchpoints", 3,
"variants", 1, "body")``). The plan may have changed since (the problems of the last lint are
shown while the writer edits), so positions are turned into ids in the plan the diagnostic
was found in, and looked up again in the current plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from xcplan.lint.diagnostics import Diagnostic, Loc
from xcplan.model.plan import Plan


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


Place = CampaignPlace | PersonaPlace | VariantPlace | CellPlace | Elsewhere


def place_of(diagnostic: Diagnostic, found_in: Plan, current: Plan) -> Place:
    """Return where the editor shows the place ``diagnostic`` names.

    ``found_in`` is the plan the diagnostic was found in; ``current`` the plan being edited.
    """
    loc = diagnostic.loc
    head = loc[0] if loc else None
    if head == "campaign":
        return CampaignPlace(loc)
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
