"""Edits of the plan's `policies`: the frequency cap, quiet hours and ``min_gap`` (format, 3.7).

Each policy is set as a whole (``None`` removes it) from the fields of its row on the Timeline
tab: ``policy_from_values`` reads the text typed there with the forms' codec. An edit raises
``EditError`` with the linter's message for each field at fault, keyed ``frequency_cap.max``,
``quiet_hours.end``, ``min_gap``: the model's messages, and the walk's own (a cap per ``0m``,
quiet hours that start and end at the same minute, XC104). A plan whose policies are all removed
has no ``policies`` at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from xcplan.edit.change import Edit, updated
from xcplan.edit.entities import EditError, FieldErrors, check_entity
from xcplan.edit.fields import FieldSpec
from xcplan.edit.forms import CAP_FIELDS, MIN_GAP_FIELD, QUIET_FIELDS, Form, FormValue
from xcplan.lint.context import LintContext
from xcplan.lint.rules.schema import journey_values
from xcplan.model.plan import Plan, Policies

PolicyName = Literal["frequency_cap", "quiet_hours", "min_gap"]

POLICY_FIELDS: Final[dict[PolicyName, tuple[FieldSpec, ...]]] = {
    "frequency_cap": CAP_FIELDS,
    "quiet_hours": QUIET_FIELDS,
    "min_gap": (MIN_GAP_FIELD,),
}
"""The fields of each policy, by its name in the plan."""

_NEEDED: Final[dict[PolicyName, tuple[str, ...]]] = {
    "frequency_cap": ("max", "per"),
    "quiet_hours": ("start", "end"),
    "min_gap": ("min_gap",),
}
"""The fields without which a policy is not set at all (the others have defaults)."""


def policy_texts(plan: Plan, name: PolicyName) -> dict[str, Any]:
    """Return the values a policy's row shows (empty when the plan does not set it)."""
    policies = plan.policies
    if policies is None:
        return {}
    if name == "min_gap":
        return {"min_gap": policies.min_gap} if policies.min_gap else {}
    policy = getattr(policies, name)
    if policy is None:
        return {}
    data: dict[str, Any] = policy.model_dump(exclude_defaults=True)
    return data | {"action": policy.action}


def policy_from_values(
    name: PolicyName, values: Mapping[str, FormValue]
) -> tuple[dict[str, Any] | None, FieldErrors]:
    """Return a policy's data from the text of its row's fields (None when the fields that set
    it are empty: the policy is removed), and the fields whose text holds no value, keyed as
    ``set_policy`` keys its errors."""
    fields = POLICY_FIELDS[name]
    data, problems = Form(fields, {}).collect(values)
    keyed = {_key(name, field): message for field, message in problems.items()}
    if not any(data.get(field) for field in _NEEDED[name]):
        return None, keyed
    return data, keyed


def _key(name: PolicyName, field: str) -> str:
    return name if name == "min_gap" else f"{name}.{field}"


def set_policy(plan: Plan, name: PolicyName, data: dict[str, Any] | None) -> Edit[Policies | None]:
    """Set one policy to ``data`` (for ``min_gap``, ``{"min_gap": "4h"}``), or remove it with
    None; the result is the plan's policies after the edit."""
    current = plan.policies.model_dump(exclude_defaults=True) if plan.policies else {}
    if data is None:
        current.pop(name, None)
    elif name == "min_gap":
        current["min_gap"] = data.get("min_gap")
    else:
        current[name] = data
    current = {key: value for key, value in current.items() if value is not None}
    label = f"Edit {name.replace('_', ' ')}"
    if not current:
        if plan.policies is None:
            return Edit(plan, label, None)
        return Edit(updated(plan, policies=None), label, None)
    made, errors = check_entity("policies", current, depth=2)
    if made is None:
        raise EditError.of(errors)
    policies: Policies = made
    if policies == plan.policies:
        return Edit(plan, label, plan.policies)
    new = updated(plan, policies=policies)
    problems: FieldErrors = {}
    for finding in journey_values(LintContext(new)):
        loc = finding.loc
        if loc[:2] == ("policies", name):
            key = ".".join(str(part) for part in loc[1:3])
            problems.setdefault(key, finding.message)
    if problems:
        raise EditError.of(problems)
    return Edit(new, label, policies)
