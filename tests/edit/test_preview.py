"""The preview model: a variant rendered for a persona, measured, with its findings.

What the planner's live preview shows as the writer types (the Pilot tests in
``tests/tui/test_messages.py`` prove the wiring with a few keys; the character-by-character
facts are checked here, fast).
"""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES
from tests.tui.test_messages import SMS_PLAN
from xcplan.edit.entities import EditError
from xcplan.edit.preview import live_preview
from xcplan.edit.touchpoints import set_variant_field, split_from_texts, split_total
from xcplan.io.config import load_config
from xcplan.io.load import load_plan
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.render.preview import Measured

RETAIL = EXAMPLES / "retail-app-launch.yaml"


def _sms(gsm: str, ucs: str) -> Plan:
    plan = load_plan(SMS_PLAN.replace("{gsm}", gsm).replace("{ucs}", ucs)).plan
    assert plan is not None
    return plan


def _body(plan: Plan, v_index: int, config: Config | None = None) -> Measured:
    shown = live_preview(plan, config or Config(), 0, v_index, None)
    assert shown is not None
    (body,) = [field.measured for field in shown.fields if field.name == "body"]
    assert body is not None
    return body


@pytest.mark.parametrize("length", range(150, 162))
def test_gsm7_sms_goes_to_two_segments_at_the_161st_character(length: int) -> None:
    plan = set_variant_field(_sms("x", "y"), "hello-sms", 0, "body", "x" * length).plan
    sms = _body(plan, 0).sms
    assert sms is not None and sms.encoding == "GSM-7"
    assert sms.segments == (1 if length <= 160 else 2), length


@pytest.mark.parametrize("length", range(61, 73))
def test_ucs2_sms_goes_to_two_segments_at_the_71st_character(length: int) -> None:
    plan = set_variant_field(_sms("x", "y"), "hello-sms", 1, "body", "ż" + "y" * (length - 1)).plan
    sms = _body(plan, 1).sms
    assert sms is not None and sms.encoding == "UCS-2"
    assert sms.segments == (1 if length <= 70 else 2), length
    assert sms.non_gsm == ("ż",)


def test_a_banned_term_is_a_finding_of_the_variant_as_typed() -> None:
    loaded = load_plan(RETAIL.read_bytes()).plan
    assert loaded is not None
    config = load_config(EXAMPLES / "xcplan.toml")
    index = next(i for i, t in enumerate(loaded.touchpoints) if t.id == "launch-email")
    subject = loaded.touchpoints[index].variants[0].subject or ""
    for text, banned in (
        (subject, False),
        (subject + " so chea", False),
        (subject + " so cheap", True),
    ):
        plan = set_variant_field(loaded, "launch-email", 0, "subject", text).plan
        shown = live_preview(plan, config, index, 0, None)
        assert shown is not None
        assert ("XC601" in [d.code for d in shown.findings]) is banned, text


def test_the_split_from_the_texts_typed() -> None:
    plan = load_plan(RETAIL.read_bytes()).plan
    assert plan is not None
    over = split_from_texts(plan, "launch-email", ["55", "45"], "10").plan
    touchpoint = next(t for t in over.touchpoints if t.id == "launch-email")
    total = split_total(touchpoint)
    assert not total.ok and "= 110" in total.text
    even = split_from_texts(over, "launch-email", ["55", "35"], None).plan
    touchpoint = next(t for t in even.touchpoints if t.id == "launch-email")
    assert [v.weight for v in touchpoint.variants] == [55, 35]
    assert split_total(touchpoint).text == "a 55 + b 35 + control 10 = 100 ✓"
    with pytest.raises(EditError) as raised:
        split_from_texts(plan, "launch-email", ["x", "45"], "10")
    assert raised.value.errors == {"weight-0": "a: `x` is not a number"}
