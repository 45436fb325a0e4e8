"""Edits of the scenarios: add, duplicate, remove, change a field, and what a scenario expects.

A scenario is a synthetic customer walked through the plan (format, section 3.9): its persona,
when it enters, the events it does and what must and must not reach it. The Timeline tab edits
them in place. Each edit returns an ``Edit``; it raises ``EditError`` (with the message for each
field at fault, the linter's own) when the data is invalid, an id is taken or a reference names
nothing, and ``KeyError`` for a scenario that is not in the plan.

A reference is refused only in the fields an edit changes: a scenario that already names an
unknown event (XC201, from the file) can still have its start edited.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any, Final, Literal

from xcplan.edit.change import Edit, position, replace_at, updated, without_at
from xcplan.edit.entities import EditError, FieldErrors, check_entity
from xcplan.edit.forms import unique_id
from xcplan.journey.scenarios import EAGER
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding
from xcplan.lint.rules.schema import journey_values
from xcplan.lint.rules.structure import journey_references
from xcplan.model.plan import Expectation, Plan, Scenario

Want = Literal["sent", "not_sent"]
"""An entry of a scenario's `expect`: the touchpoint must reach the customer, or must not."""

EXPECT_FIELDS: Final = ("sent", "not_sent")
"""The fields of `expect`, edited as fields of the scenario."""

_FIELDS: Final = frozenset({*Scenario.model_fields, *EXPECT_FIELDS})


def scenario_at(plan: Plan, scenario_id: str) -> tuple[int, Scenario]:
    """Return the position and the scenario of id ``scenario_id``; raise ``KeyError``."""
    index = position(plan.scenarios, scenario_id)
    return index, plan.scenarios[index]


def persona_scenarios(plan: Plan, persona_id: str) -> list[Scenario]:
    """Return the declared scenarios of a persona, in plan order."""
    return [s for s in plan.scenarios if s.persona == persona_id]


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """Return a scenario as the data its fields edit: ``expect`` as ``sent`` and ``not_sent``."""
    data = scenario.model_dump(exclude_defaults=True)
    expect = data.pop("expect", None) or {}
    for name in EXPECT_FIELDS:
        if expect.get(name):
            data[name] = expect[name]
    return data


def _model_data(data: dict[str, Any]) -> dict[str, Any]:
    """Return a scenario's field data as the model takes it (``sent`` and ``not_sent`` in
    ``expect``; an ``expect`` with neither goes)."""
    out = {key: value for key, value in data.items() if key not in EXPECT_FIELDS}
    expect = {name: data[name] for name in EXPECT_FIELDS if data.get(name)}
    if expect:
        out["expect"] = expect
    return out


def _field_of(loc: tuple[str | int, ...]) -> tuple[str, int | None]:
    """Return the field a place below a scenario is in (``expect`` lists by their name), and the
    position of the event it names."""
    if not loc:
        return "", None
    head = str(loc[0])
    if head == "expect":
        return (str(loc[1]) if len(loc) > 1 else "sent"), None
    if head == "events" and len(loc) > 1 and isinstance(loc[1], int):
        return head, loc[1]
    return head, None


def _keyed(field: str, event: int | None, message: str) -> tuple[str, str]:
    return field, (f"event {event + 1}: {message}" if event is not None else message)


def _problems(plan: Plan, s_index: int) -> Iterator[Finding]:
    """Yield the linter's findings about references and values of scenario ``s_index``."""
    ctx = LintContext(plan)
    for finding in (*journey_references(ctx), *journey_values(ctx)):
        if finding.loc[:2] == ("scenarios", s_index):
            yield finding


def check_scenario(
    plan: Plan,
    data: dict[str, Any],
    old_id: str | None = None,
    *,
    changed: Collection[str] | None = None,
) -> tuple[Scenario | None, FieldErrors]:
    """Check a scenario's field data (``sent`` and ``not_sent`` for its `expect`) as it would
    be in ``plan`` (``old_id``: the scenario it replaces).

    Returns the scenario, or None and the message for each field at fault: the model's, a taken
    id, and the linter's for an unknown persona, event or touchpoint and the id `eager`, in
    ``changed`` fields only (every field when None). Messages about an event say which
    (``event 2: ...``).
    """
    found, errors = check_entity("scenarios", _model_data(data), depth=2)
    if found is None:
        out: FieldErrors = {}
        for key, message in errors.items():
            parts = key.split(".")
            field, event = _field_of(
                tuple(int(p) if p.isdigit() else p for p in parts) if key else ()
            )
            name, text = _keyed(field, event, message)
            out.setdefault(name, text)
        return None, out
    scenario: Scenario = found
    others = [s.id for s in plan.scenarios if s.id != old_id]
    if scenario.id in others:
        return None, {"id": f"there is already a scenario `{scenario.id}`; ids must be unique"}
    candidate, s_index = _placed(plan, scenario, old_id)
    problems: FieldErrors = {}
    for finding in _problems(candidate, s_index):
        field, event = _field_of(finding.loc[2:])
        if changed is not None and field not in changed:
            continue
        name, text = _keyed(field, event, finding.message)
        problems.setdefault(name, text)
    if problems:
        return None, problems
    return scenario, {}


def _placed(plan: Plan, scenario: Scenario, old_id: str | None) -> tuple[Plan, int]:
    """Return ``plan`` with ``scenario`` in it (in the place of ``old_id``, or where a new one
    of its persona goes), and its position."""
    scenarios = plan.scenarios
    if old_id is not None:
        index = position(scenarios, old_id)
        return updated(plan, scenarios=replace_at(scenarios, index, scenario)), index
    mine = [i for i, s in enumerate(scenarios) if s.persona == scenario.persona]
    index = mine[-1] + 1 if mine else len(scenarios)
    new = [*scenarios[:index], scenario, *scenarios[index:]]
    return updated(plan, scenarios=new), index


def new_scenario_data(plan: Plan, persona_id: str) -> dict[str, Any]:
    """Return the data of a new scenario for a persona: a free id, a name, and the events of the
    persona's `eager` walk (every event that triggers one of its touchpoints, at entry), so it
    starts as the most the persona can receive, ready to change."""
    taken = {s.id for s in plan.scenarios} | {EAGER}
    names = {p.id: p.name for p in reversed(plan.personas)}
    triggers = [
        t.trigger for t in plan.touchpoints if persona_id in t.personas and t.trigger is not None
    ]
    data: dict[str, Any] = {
        "id": unique_id(f"{persona_id}-scenario", taken),
        "name": f"A new customer: {names.get(persona_id, persona_id)}",
        "persona": persona_id,
    }
    events = [{"event": event, "at": "0m"} for event in dict.fromkeys(triggers)]
    if events:
        data["events"] = events
    return data


def add_scenario(plan: Plan, data: dict[str, Any]) -> Edit[Scenario]:
    """Add a scenario after the other scenarios of its persona (at the end when it has none)."""
    scenario, errors = check_scenario(plan, data)
    if scenario is None:
        raise EditError.of(errors)
    new, _ = _placed(plan, scenario, None)
    return Edit(new, f"Add scenario {scenario.id}", scenario)


def duplicate_scenario(plan: Plan, scenario_id: str) -> Edit[Scenario]:
    """Add a copy of a scenario right after it, with a free id (``id-2``...) and its name marked
    as a copy."""
    index, scenario = scenario_at(plan, scenario_id)
    taken = {s.id for s in plan.scenarios} | {EAGER}
    copy = scenario.model_copy(
        update={
            "id": unique_id(scenario_id, taken),
            "name": f"{scenario.name or scenario_id} (copy)",
        }
    )
    scenarios = [*plan.scenarios[: index + 1], copy, *plan.scenarios[index + 1 :]]
    label = f"Duplicate scenario {scenario_id}"
    return Edit(updated(plan, scenarios=scenarios), label, copy)


def remove_scenario(plan: Plan, scenario_id: str) -> Edit[Scenario]:
    """Remove a scenario (its persona's `eager` walk takes its place when it was the last)."""
    index, scenario = scenario_at(plan, scenario_id)
    new = updated(plan, scenarios=without_at(plan.scenarios, index))
    return Edit(new, f"Remove scenario {scenario_id}", scenario)


def update_scenario(plan: Plan, scenario_id: str, data: dict[str, Any]) -> Edit[Scenario]:
    """Replace scenario ``scenario_id`` with the field data ``data`` (see ``check_scenario``);
    references are checked in the fields that change."""
    index, old = scenario_at(plan, scenario_id)
    before = scenario_data(old)
    changed = {key for key in {*before, *data} if before.get(key) != data.get(key)}
    scenario, errors = check_scenario(plan, data, scenario_id, changed=changed)
    if scenario is None:
        raise EditError.of(errors)
    label = f"Edit scenario {scenario.id}"
    if scenario == old:
        return Edit(plan, label, old)
    return Edit(
        updated(plan, scenarios=replace_at(plan.scenarios, index, scenario)), label, scenario
    )


def set_scenario_field(plan: Plan, scenario_id: str, name: str, value: Any) -> Edit[Scenario]:
    """Set one field of a scenario (``sent`` and ``not_sent`` for its `expect`; None or an empty
    list removes it); see ``update_scenario``. Raises ``ValueError`` for a field scenarios do
    not have."""
    if name not in _FIELDS:
        raise ValueError(f"a scenario has no field {name!r}")
    _, old = scenario_at(plan, scenario_id)
    data = scenario_data(old)
    if value is None or value == []:
        data.pop(name, None)
    else:
        data[name] = value
    return update_scenario(plan, scenario_id, data)


def expectation(scenario: Scenario, touchpoint_id: str) -> Want | None:
    """Return what a scenario expects of a touchpoint: ``sent``, ``not_sent`` or nothing."""
    expect = scenario.expect
    if expect is None:
        return None
    if touchpoint_id in expect.sent:
        return "sent"
    if touchpoint_id in expect.not_sent:
        return "not_sent"
    return None


def _listed(ids: Iterable[str], touchpoint_id: str, keep: bool) -> list[str]:
    kept = [t for t in ids if t != touchpoint_id]
    return [*kept, touchpoint_id] if keep else kept


def cycle_expectation(plan: Plan, scenario_id: str, touchpoint_id: str) -> Edit[Want | None]:
    """Change what a scenario expects of a touchpoint, in turn: nothing, must reach the customer
    (``sent``), must not (``not_sent``), nothing again. The result is the new expectation."""
    index, scenario = scenario_at(plan, scenario_id)
    now = expectation(scenario, touchpoint_id)
    wanted: Want | None = "sent" if now is None else "not_sent" if now == "sent" else None
    expect = scenario.expect or Expectation()
    sent = _listed(expect.sent, touchpoint_id, wanted == "sent")
    not_sent = _listed(expect.not_sent, touchpoint_id, wanted == "not_sent")
    new_expect = Expectation(sent=sent, not_sent=not_sent) if sent or not_sent else None
    changed = scenario.model_copy(update={"expect": new_expect})
    scenarios = replace_at(plan.scenarios, index, changed)
    words = {"sent": "must reach", "not_sent": "must not reach", None: "no expectation"}
    label = f"{scenario_id}: {touchpoint_id} {words[wanted]}"
    return Edit(updated(plan, scenarios=scenarios), label, wanted)
