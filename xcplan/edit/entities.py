"""Checking one entity of a plan, and the errors an edit is refused with.

New or changed entities are validated by the models through the schema phase of the linter,
inside a stub plan, so that a refused value comes back with the message ``xcplan validate``
would give, keyed by the field at fault.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from xcplan.io.yaml_source import SourceMap
from xcplan.lint.diagnostics import Loc
from xcplan.lint.schema import validate_plan
from xcplan.model.method import MAX_PERSONAS
from xcplan.model.plan import (
    Campaign,
    Channel,
    Experiment,
    Kpi,
    Persona,
    Policies,
    Scenario,
    Stage,
    Touchpoint,
    Variant,
)

M = TypeVar(
    "M", Campaign, Channel, Kpi, Persona, Stage, Touchpoint, Variant, Experiment, Scenario, Policies
)

FieldErrors = dict[str, str]
"""Messages by field name; the key ``""`` holds a message about the entity as a whole."""

_MODELS: Final[dict[str, type[BaseModel]]] = {
    "campaign": Campaign,
    "kpis": Kpi,
    "personas": Persona,
    "channels": Channel,
    "stages": Stage,
    "touchpoints": Touchpoint,
    "variants": Variant,
    "experiment": Experiment,
    "scenarios": Scenario,
    "policies": Policies,
}
SECTIONS: Final = frozenset(_MODELS)
"""The kinds of entity ``check_entity`` checks, named as the format's sections name them."""

PERSONAS_FULL: Final = (
    f"A plan has at most {MAX_PERSONAS} personas (the method's limit, XC202): "
    "delete or merge one before adding another."
)

_STUB_CAMPAIGN: Final[dict[str, Any]] = {"id": "stub", "name": "stub", "objective": "stub"}
_STUB_CHANNEL: Final[dict[str, Any]] = {"id": "stub", "kind": "email"}
_STUB_TOUCHPOINT: Final[dict[str, Any]] = {
    "id": "stub",
    "personas": ["stub"],
    "stage": "stub",
    "channel": "stub",
    "variants": [{"id": "stub"}],
}


class EditError(Exception):
    """An edit that was refused; ``errors`` holds the message for each field at fault."""

    def __init__(self, message: str, errors: FieldErrors | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: FieldErrors = errors if errors is not None else {"": message}

    @classmethod
    def of(cls, errors: FieldErrors) -> EditError:
        """Return the error of an entity refused with ``errors`` (its first message leads)."""
        return cls(next(iter(errors.values())), errors)


def _stub_plan(section: str, data: dict[str, Any]) -> tuple[dict[str, Any], Loc]:
    plan: dict[str, Any] = {
        "xcplan": 1,
        "campaign": _STUB_CAMPAIGN,
        "personas": [],
        "channels": [_STUB_CHANNEL],
    }
    if section == "campaign":
        plan["campaign"] = data
        return plan, ("campaign",)
    if section == "kpis":
        plan["campaign"] = {**_STUB_CAMPAIGN, "kpis": [data]}
        return plan, ("campaign", "kpis", 0)
    if section in ("personas", "channels", "stages", "touchpoints", "scenarios"):
        plan[section] = [data]
        return plan, (section, 0)
    if section == "policies":
        plan["policies"] = data
        return plan, ("policies",)
    if section == "variants":
        plan["touchpoints"] = [{**_STUB_TOUCHPOINT, "variants": [data]}]
        return plan, ("touchpoints", 0, "variants", 0)
    if section == "experiment":
        plan["touchpoints"] = [{**_STUB_TOUCHPOINT, "experiment": data}]
        return plan, ("touchpoints", 0, "experiment")
    raise ValueError(f"no section {section!r}")


def check_entity(section: str, data: dict[str, Any], *, depth: int = 1) -> tuple[Any, FieldErrors]:
    """Validate one entity's data (``section``: one of ``SECTIONS``).

    Returns the model and no errors, or None and the message for each field at fault: the
    messages of the schema phase of the linter (``xcplan validate`` says the same). A message is
    keyed by the field's name, or with ``depth`` 2 by the path below the entity to that depth
    (``events.1``, ``frequency_cap.max``). Raises ``ValueError`` for an unknown section.
    """
    if section not in _MODELS:
        raise ValueError(f"no section {section!r}")
    try:
        # Valid data is built at once (the schema phase validates the same models); only
        # refused data goes through a stub plan, for the linter's messages.
        return _MODELS[section].model_validate(data), {}
    except ValidationError:
        pass
    wrapped, prefix = _stub_plan(section, data)
    plan, findings = validate_plan(wrapped, SourceMap())
    if plan is None:
        errors: FieldErrors = {}
        for finding in findings:
            loc = finding.loc
            below = loc[len(prefix) : len(prefix) + depth] if loc[: len(prefix)] == prefix else ()
            key = ".".join(str(part) for part in below)
            errors.setdefault(key, finding.message)
        return None, errors or {"": "the values do not make a valid entry"}
    if section == "campaign":
        return plan.campaign, {}
    if section == "kpis":
        return plan.campaign.kpis[0], {}
    if section == "variants":
        return plan.touchpoints[0].variants[0], {}
    if section == "experiment":
        return plan.touchpoints[0].experiment, {}
    if section == "policies":
        return plan.policies, {}
    entities: list[Any] = getattr(plan, section)
    return entities[0], {}


def entity(section: str, data: dict[str, Any] | M) -> Any:
    """Return the model of ``data`` (a model is returned as it is).

    Raises ``EditError`` with the message of each field at fault when the data is invalid.
    """
    if not isinstance(data, dict):
        return data
    try:
        # Valid data (the usual case, as a writer types) is built at once; only refused data
        # goes through a stub plan, for the linter's messages.
        return _MODELS[section].model_validate(data)
    except ValidationError:
        pass
    model, errors = check_entity(section, data)
    if model is None:
        raise EditError.of(errors)
    return model


def check_unique(kind: str, new_id: str, ids: Iterable[str], old: str | None = None) -> None:
    """Raise ``EditError`` (on the ``id`` field) when ``new_id`` is taken by another entity.

    ``old`` is the id of the entity being edited, which may keep its own id.
    """
    if new_id != old and new_id in set(ids):
        message = f"there is already a {kind} `{new_id}`; ids must be unique"
        raise EditError(message, {"id": message})


def taken_id(kind: str, new_id: object, taken: Iterable[str]) -> FieldErrors:
    """Return the error of a form whose ``id`` is taken (``taken``: the others' ids), or none."""
    if isinstance(new_id, str) and new_id in set(taken):
        return {"id": f"there is already a {kind} `{new_id}`"}
    return {}
