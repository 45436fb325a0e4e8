"""The canonical writer: a fixed point, a faithful round trip, and the layout of section 7."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES
from tests.strategies import plans
from xcplan.io.canonical import dump_data, dump_plan, number, scalar
from xcplan.lint.engine import check_text
from xcplan.model.plan import Plan, Touchpoint


def _load(text: str) -> Plan:
    result = check_text(text)
    assert result.plan is not None, [f"{d.line}:{d.column} {d.message}" for d in result.diagnostics]
    return result.plan


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_round_trip_and_fixed_point(data: dict[str, Any]) -> None:
    plan = Plan.model_validate(data)
    text = dump_plan(plan)
    again = _load(text)
    assert again == plan
    assert dump_plan(again) == text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\r" not in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_fmt_is_a_fixed_point_from_any_layout(data: dict[str, Any]) -> None:
    # The same plan written by another tool, in flow style with its own quoting and key order.
    foreign = yaml.safe_dump(
        dict(reversed(list(data.items()))), default_flow_style=True, allow_unicode=False, width=40
    )
    first = dump_plan(_load(foreign))
    assert dump_plan(_load(first)) == first
    assert _load(first) == Plan.model_validate(data)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_are_canonical(path: Any) -> None:
    text = path.read_text(encoding="utf-8")
    assert dump_plan(_load(text)) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hello", "hello"),
        ("no", '"no"'),
        ("on", '"on"'),
        ("y", '"y"'),
        ("1.0", '"1.0"'),
        ("2026-03-01", '"2026-03-01"'),
        ("12:30", '"12:30"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("#b", '"#b"'),
        ("- x", '"- x"'),
        (" lead", '" lead"'),
        ("", '""'),
        ("Zażółć gęślą jaźń", "Zażółć gęślą jaźń"),
        ("bell\x07", '"bell\\x07"'),
        ("line\u2028sep", '"line\\Lsep"'),
        ('say "hi"', 'say "hi"'),
        ("50% off", "50% off"),
        ("%d", '"%d"'),
    ],
)
def test_scalar_quoting(value: str, expected: str) -> None:
    assert scalar(value) == expected
    assert yaml.safe_load(f"k: {expected}")["k"] == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50.0, "50"), (0.05, "0.05"), (1e-05, "1.0e-05"), (2.5e20, "2.5e+20"), (-3.0, "-3")],
)
def test_numbers_read_back_as_numbers_in_yaml_1_1(value: float, expected: str) -> None:
    assert number(value) == expected
    assert yaml.safe_load(expected) == value


def test_layout() -> None:
    text = dump_data(
        {
            "campaign": {"id": "x", "vars": {"code": "SPRING15"}},
            "personas": [{"id": "a", "goals": ["one", "two"]}],
            "body": "first line\nsecond line   \n",
            "indented": "  code\nmore",
            "keep": "a\n\n",
        }
    )
    assert text == (
        "campaign:\n"
        "  id: x\n"
        "  vars:\n"
        "    code: SPRING15\n"
        "personas:\n"
        "  - id: a\n"
        "    goals:\n"
        "      - one\n"
        "      - two\n"
        "body: |\n"
        "  first line\n"
        "  second line\n"
        "indented: |2-\n"
        "    code\n"
        "  more\n"
        'keep: "a\\n\\n"\n'
    )
    data = yaml.safe_load(text)
    assert data["body"] == "first line\nsecond line\n"
    assert data["indented"] == "  code\nmore"
    assert data["keep"] == "a\n\n"


def test_map_is_flow_and_ordered_by_personas_and_journey() -> None:
    plan = Plan.model_validate(
        {
            "xcplan": 1,
            "campaign": {"id": "c", "name": "C", "objective": "O", "locale": "en"},
            "personas": [{"id": "b", "name": "B", "lifecycle": "new"}, {"id": "a", "name": "A"}],
            "channels": [{"id": "email", "kind": "email"}, {"id": "push", "kind": "push"}],
            "map": {
                "a": {"winback": ["email"], "awareness": ["push", "email"], "purchase": []},
                "b": {"purchase": []},
            },
        }
    )
    text = dump_plan(plan)
    assert "map:\n  a:\n    awareness: [push, email]\n    winback: [email]\n" in text
    assert "  b:" not in text.split("map:")[1]
    assert "locale" not in text
    assert "lifecycle" not in text


_SCALAR_CHARACTERS = "0123456789-+._:eExXbBoO tTZ\tyYnNfFlLuUaAsSrRiI~<=!&*"


def _read_as_text_by_pyyaml(text: str) -> bool:
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    return Resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


@pytest.mark.parametrize(
    "text",
    [
        "yes", "Off", "1_000", "0b101", "0o17", "017", "0x1F", "190:20:30", "1.5e+3", ".5",
        "-.inf", ".NaN", "<<", "~", "null", "=", "!", "&", "*", "2026-03-01",
        "2026-3-1 9:05:00", "2026-03-01t09:05:00.5 +01:00", "2026-03-01 09:05:00Z",
        "15%", "30 June", "APPFIRST15", "1.2.3", "1e3", "y", "+12", "0", "00", "08",
    ],
)  # fmt: skip
def test_the_writer_knows_what_yaml_1_1_reads_as_other_than_text(text: str) -> None:
    from xcplan.io.canonical import _YAML11_NOT_TEXT

    assert (_YAML11_NOT_TEXT.match(text) is None) == _read_as_text_by_pyyaml(text)


@given(text=st.text(alphabet=_SCALAR_CHARACTERS, max_size=12))
@settings(max_examples=3000, deadline=None)
def test_the_writer_and_pyyaml_agree_on_every_plain_scalar(text: str) -> None:
    # The writer has PyYAML's implicit resolvers' patterns, not the resolver (writing needs no
    # YAML library): for any text the two must say the same.
    from xcplan.io.canonical import _YAML11_NOT_TEXT

    assert (_YAML11_NOT_TEXT.match(text) is None) == _read_as_text_by_pyyaml(text)


def test_the_text_written_with_the_lines_kept_is_the_text_written_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from xcplan.edit.touchpoints import set_variant_field
    from xcplan.io import canonical
    from xcplan.io.canonical import KeptText
    from xcplan.io.load import load_plan

    plan = load_plan((EXAMPLES / "retail-app-launch.yaml").read_bytes()).plan
    assert plan is not None
    kept = KeptText()
    assert dump_plan(plan, kept=kept) == dump_plan(plan)
    written: list[object] = []
    made = canonical.model_data

    def counted(model: Any, **kwargs: Any) -> Any:
        written.append(model)
        return made(model, **kwargs)

    monkeypatch.setattr(canonical, "model_data", counted)
    sms = plan.touchpoints[3]
    edits = [
        ("a body", set_variant_field(plan, sms.id, 0, "body", "Ahoy  \nthere").plan),
        ("the name", plan.model_copy(update={"campaign": plan.campaign.model_copy(
            update={"name": "Another name"})})),
        ("one removed", plan.model_copy(update={"touchpoints": plan.touchpoints[1:]})),
        ("one moved", plan.model_copy(update={"touchpoints": plan.touchpoints[::-1]})),
        ("none left", plan.model_copy(update={"touchpoints": []})),
        ("all back", plan),
    ]  # fmt: skip
    for what, edited in edits:
        written.clear()
        text = dump_plan(edited, kept=kept)
        touched = [model.id for model in written if isinstance(model, Touchpoint)]
        assert text == dump_plan(edited), what
        if what == "a body":  # only the touchpoint edited is written again
            assert touched == [sms.id]
    # What is kept is let go with the touchpoints no plan written since holds.
    monkeypatch.undo()
    written.clear()
    gone = plan.touchpoints[0].model_copy()
    alive = weakref.ref(gone)
    dump_plan(plan.model_copy(update={"touchpoints": [gone]}), kept=kept)
    dump_plan(plan, kept=kept)
    del gone
    gc.collect()
    assert alive() is None


@given(first=plans(), second=plans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_lines_kept_for_one_plan_give_another_its_own_text(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    from xcplan.io.canonical import KeptText

    kept = KeptText()
    for plan in (Plan.model_validate(first), Plan.model_validate(second)):
        assert dump_plan(plan, kept=kept) == dump_plan(plan)
