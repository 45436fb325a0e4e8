"""Properties of the semantic diff on random plans (``tests/strategies.py``).

- A plan and its canonical form (``xcplan fmt``) mean the same: the diff is empty.
- One change to a plan is always reported, in the section it belongs to, naming the entity.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, assume, given, settings

from tests.strategies import Mutation, mutated_plans, plans
from xcplan.diff.compare import diff_plans
from xcplan.diff.formats import to_json, to_markdown, to_text
from xcplan.io.canonical import dump_plan
from xcplan.io.yaml_source import SourceMap, parse
from xcplan.lint.schema import validate_plan
from xcplan.model.plan import Plan

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plan(data: dict[str, Any]) -> Plan:
    plan, findings = validate_plan(copy.deepcopy(data), SourceMap())
    assert plan is not None, findings
    return plan


def _integral_float_in_templates(data: dict[str, Any]) -> bool:
    values = list(data["campaign"].get("vars", {}).values())
    for persona in data["personas"]:
        values += persona.get("profile", {}).values()
    return any(isinstance(v, float) and v.is_integer() for v in values)


@SETTINGS
@given(plans())
def test_a_formatted_plan_is_the_same_plan(data: dict[str, Any]) -> None:
    # `fmt` writes a template value `10.0` as `10`, which renders differently (issue 10 lists
    # it; `test_diff.py` shows the diff reports it): such plans are left out here.
    assume(not _integral_float_in_templates(data))
    plan = _plan(data)
    formatted = _plan(parse(dump_plan(plan)).data)
    diff = diff_plans(plan, formatted)
    assert diff.same, to_text(diff)


@SETTINGS
@given(mutated_plans())
def test_every_change_is_reported(case: tuple[dict[str, Any], dict[str, Any], Mutation]) -> None:
    data, changed, (what, section, entity) = case
    diff = diff_plans(_plan(data), _plan(changed))
    assert not diff.same, what
    sections = {s.name: s for s in diff.sections}
    assert section in sections, (what, to_text(diff))
    if entity is not None:
        ids = {c.id for c in sections[section].changes}
        assert entity in ids, (what, to_text(diff))
    # Every format renders whatever the change was.
    assert to_text(diff) and to_markdown(diff) and to_json(diff)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), plans())
def test_any_two_plans_compare_without_failing(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    diff = diff_plans(_plan(first), _plan(second))
    for text in (to_text(diff), to_markdown(diff), to_json(diff)):
        assert "\x1b" not in text
