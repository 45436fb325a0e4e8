"""Numbers: templates render them as written, NaN and infinities are XC104, huge ones are sound."""

from __future__ import annotations

import copy
import json
import pickle

import pytest
import yaml

from xcplan.export import ExportFormat, export_plan
from xcplan.io.canonical import dump_plan
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text
from xcplan.model.numbers import WrittenFloat, WrittenInt, template_number

PLAN = """\
xcplan: 1
campaign:
  id: c
  name: Spring
  objective: Sell
  vars:
    price: {price}
personas:
  - id: p
    name: Nadia
    size: {size}
    profile:
      first_name: Nadia
channels:
  - id: push
    kind: push
map:
  p:
    onboarding: [push]
touchpoints:
  - id: t
    personas: [p]
    stage: onboarding
    channel: push
{experiment}    variants:
      - id: a
        title: Hi {{{{ first_name }}}}
        body: Only {{{{ price }}}} EUR
"""


def plan_text(price: str = "10.0", size: str = "120000", experiment: str = "") -> str:
    return PLAN.format(price=price, size=size, experiment=experiment)


def _rendered(text: str) -> str:
    result = check_text(text, "plan.yaml")
    assert result.context is not None, [d.message for d in result.diagnostics]
    (rendering,) = result.context.renderings(0, 0)
    return rendering.fields["body"].text


@pytest.mark.parametrize(
    ("written", "kept", "shown"),
    [
        ("10.0", "10.0", "Only 10.0 EUR"),
        ("10", "10", "Only 10 EUR"),
        ("10.50", "10.50", "Only 10.5 EUR"),
        ("1.5e+3", "1.5e+3", "Only 1500.0 EUR"),
        ("0x1F", "0x1F", "Only 31 EUR"),
        ("+5", "+5", "Only 5 EUR"),
        ("1_000", "1000", "Only 1000 EUR"),
        ("017", "15", "Only 15 EUR"),
        ("1:30", "90", "Only 90 EUR"),
        ("-0.0", "-0.0", "Only -0.0 EUR"),
        ("12345678901234567890123", "12345678901234567890123", None),
    ],
)
def test_vars_keep_the_form_they_were_written_in(
    written: str, kept: str, shown: str | None
) -> None:
    text = plan_text(price=written)
    result = check_text(text, "plan.yaml")
    assert result.plan is not None
    canonical = dump_plan(result.plan)
    assert f"    price: {kept}\n" in canonical
    again = check_text(canonical, "plan.yaml")
    assert again.plan is not None
    assert dump_plan(again.plan) == canonical
    before = result.plan.campaign.vars["price"]
    after = again.plan.campaign.vars["price"]
    assert after == before and isinstance(after, float) == isinstance(before, float)
    assert _rendered(canonical) == _rendered(text)
    if shown is not None:
        assert _rendered(text) == shown


def test_a_float_set_in_memory_stays_a_float() -> None:
    result = check_text(plan_text(), "plan.yaml")
    assert result.plan is not None
    plan = result.plan.model_copy(deep=True)
    plan.campaign.vars["price"] = WrittenFloat(20.0)
    assert "    price: 20.0\n" in dump_plan(plan)
    assert template_number(3.0) == "3.0"
    assert template_number(1e20) == "1.0e+20"
    assert template_number(7) == "7"


def test_written_numbers_copy_and_pickle() -> None:
    for number in (WrittenFloat(10.0, "10.0"), WrittenInt(31, "0x1F")):
        for clone in (copy.deepcopy(number), pickle.loads(pickle.dumps(number))):
            assert clone == number
            assert type(clone) is type(number)
            assert clone.written == number.written


def test_exports_keep_a_float_a_float_in_yaml_and_json() -> None:
    result = check_text(plan_text(), "plan.yaml")
    assert result.context is not None
    as_yaml = export_plan(result.context, result.diagnostics, ExportFormat.YAML, "plan.yaml")
    as_json = export_plan(result.context, result.diagnostics, ExportFormat.JSON, "plan.yaml")
    assert yaml.safe_load(as_yaml) == json.loads(as_json)
    assert json.loads(as_json)["campaign"]["vars"]["price"] == 10.0
    assert isinstance(yaml.safe_load(as_yaml)["campaign"]["vars"]["price"], float)
    assert "Only 10.0 EUR" in as_json


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.inf", ".INF"])
@pytest.mark.parametrize(
    "where",
    [
        ("    price: 10.0\n", "    price: {}\n"),
        ("      first_name: Nadia\n", "      first_name: {}\n"),
        ("    size: 120000\n", "    size: {}\n"),
        ("      - id: a\n", "      - id: a\n        weight: {}\n"),
        ("    variants:\n", "    experiment: {{control: {}}}\n    variants:\n"),
        ("    variants:\n", "    experiment: {{baseline: 0.1, mde: {}}}\n    variants:\n"),
        ("  vars:\n", "  budget: {}\n  vars:\n"),
        ("  vars:\n", "  kpis: [{{id: k, name: K, target: {}}}]\n  vars:\n"),
    ],
    ids=["vars", "profile", "size", "weight", "control", "mde", "budget", "target"],
)
def test_nan_and_infinities_are_xc104(value: str, where: tuple[str, str]) -> None:
    old, new = where
    text = plan_text()
    assert old in text
    result = check_text(text.replace(old, new.format(value), 1), "plan.yaml")
    assert result.plan is None
    codes = {d.code for d in result.diagnostics if d.severity is Severity.ERROR}
    assert codes == {"XC104"}, [d.message for d in result.diagnostics]


def test_event_rates_refuse_nan() -> None:
    text = plan_text() + "events:\n  - id: e\n    rate: .nan\n    rates: {p: .inf}\n"
    result = check_text(text, "plan.yaml")
    assert [d.code for d in result.diagnostics if d.severity is Severity.ERROR] == [
        "XC104",
        "XC104",
    ]


EXPERIMENT = "    experiment: {{control: 10, baseline: {baseline}, mde: {mde}}}\n"


@pytest.mark.parametrize(
    ("size", "baseline", "mde"),
    [
        ("1" + "0" * 300, "0.1", "0.2"),
        ("1" + "0" * 400, "0.1", "0.2"),
        ("1" + "0" * 4000, "0.5", "0.2"),
        ("120000", "1.0e-200", "0.2"),
        ("120000", "5.0e-324", "0.2"),
        ("120000", "0.1", "1.0e-300"),
        ("120000", "1.0e-300", "1.0e-300"),
        ("0", "0.1", "0.2"),
    ],
)
def test_xc304_is_sound_for_huge_and_tiny_numbers(size: str, baseline: str, mde: str) -> None:
    text = plan_text(size=size, experiment=EXPERIMENT.format(baseline=baseline, mde=mde))
    result = check_text(text, "plan.yaml")
    assert result.context is not None, [d.message for d in result.diagnostics]
    found = [d for d in result.diagnostics if d.code == "XC304"]
    small = int(size) < 10**6
    assert bool(found) == small, found
    brief = export_plan(result.context, result.diagnostics, ExportFormat.MARKDOWN, "plan.yaml")
    assert "## Experiments" in brief
