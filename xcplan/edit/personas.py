"""Edits of the personas: add (new or from the library), change, delete.

Each edit returns an ``Edit``; it raises ``EditError`` when the data is invalid, an id is taken
or the plan has its four personas, and ``KeyError`` for a persona that is not in the plan.
"""

from __future__ import annotations

from typing import Any

from xcplan.edit.change import Edit, position, replace_at, updated, without_at
from xcplan.edit.entities import PERSONAS_FULL, EditError, check_unique, entity
from xcplan.edit.impact import (
    Impact,
    events_renamed_persona,
    events_without_persona,
    scenarios_without,
    without,
)
from xcplan.model.method import MAX_PERSONAS
from xcplan.model.plan import Persona, Plan, Touchpoint


def personas_full(plan: Plan) -> bool:
    """Whether the plan has its four personas already."""
    return len(plan.personas) >= MAX_PERSONAS


def add_persona(plan: Plan, data: dict[str, Any] | Persona) -> Edit[Persona]:
    """Add a persona at the end (a copy of a library persona, or a new one)."""
    if personas_full(plan):
        raise EditError(PERSONAS_FULL)
    persona: Persona = entity("personas", data)
    check_unique("persona", persona.id, (p.id for p in plan.personas))
    return Edit(
        updated(plan, personas=[*plan.personas, persona]), f"Add persona {persona.name}", persona
    )


def _rename_persona(touchpoint: Touchpoint, old: str, new: str) -> Touchpoint:
    if old not in touchpoint.personas:
        return touchpoint
    return touchpoint.model_copy(
        update={"personas": [new if p == old else p for p in touchpoint.personas]}
    )


def update_persona(plan: Plan, persona_id: str, data: dict[str, Any] | Persona) -> Edit[Persona]:
    """Replace persona ``persona_id``; a new id is followed in the map, the touchpoints, the
    scenarios and the events' ``rates``."""
    index = position(plan.personas, persona_id)
    personas = plan.personas
    persona: Persona = entity("personas", data)
    check_unique("persona", persona.id, (p.id for p in personas), persona_id)
    label = f"Edit persona {persona.name}"
    if persona == personas[index]:
        return Edit(plan, label, persona)
    parts: dict[str, Any] = {"personas": replace_at(personas, index, persona)}
    if persona.id != persona_id:
        parts["map"] = {
            (persona.id if key == persona_id else key): row for key, row in plan.map.items()
        }
        parts["touchpoints"] = [
            _rename_persona(t, persona_id, persona.id) for t in plan.touchpoints
        ]
        parts["scenarios"] = [
            s.model_copy(update={"persona": persona.id}) if s.persona == persona_id else s
            for s in plan.scenarios
        ]
        parts["events"] = events_renamed_persona(plan.events, persona_id, persona.id)
    return Edit(updated(plan, **parts), label, persona)


def delete_persona(plan: Plan, persona_id: str) -> Edit[Impact]:
    """Delete a persona, its row of the map, its place in touchpoints, its scenarios and its
    entries in the events' ``rates``.

    Touchpoints left with no persona are deleted, and ``after`` links to them and the other
    scenarios' ``expect`` entries naming them removed. The result says what went with it; a
    confirmation dialog shows it before the edit is made.
    """
    index = position(plan.personas, persona_id)
    persona = plan.personas[index]
    doomed: set[int] = set()
    narrowed: list[str] = []
    touchpoints: list[Touchpoint] = []
    for t_index, touchpoint in enumerate(plan.touchpoints):
        if persona_id not in touchpoint.personas:
            touchpoints.append(touchpoint)
            continue
        rest = [p for p in touchpoint.personas if p != persona_id]
        if rest:
            narrowed.append(touchpoint.id)
            touchpoints.append(touchpoint.model_copy(update={"personas": rest}))
        else:
            doomed.add(t_index)
    deleted, kept, unlinked = without(plan.touchpoints, doomed, touchpoints)
    cells = sum(len(c) for c in plan.map.get(persona_id, {}).values())
    gone = tuple(s.id for s in plan.scenarios if s.persona == persona_id)
    scenarios, expects = scenarios_without(
        [s for s in plan.scenarios if s.persona != persona_id], deleted
    )
    events, rates = events_without_persona(plan.events, persona_id)
    impact = Impact(
        f"persona `{persona_id}` ({persona.name})",
        deleted,
        tuple(narrowed),
        unlinked,
        cells,
        scenarios=gone,
        expects=expects,
        rates=rates,
    )
    new = updated(
        plan,
        personas=without_at(plan.personas, index),
        map={k: v for k, v in plan.map.items() if k != persona_id},
        touchpoints=kept,
        scenarios=scenarios,
        events=events,
    )
    return Edit(new, f"Delete persona {persona.name}", impact)
