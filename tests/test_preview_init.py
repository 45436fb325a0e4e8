"""`xcplan preview`, `xcplan init` and the per-variant lint the editor uses."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES
from xcplan.io.config import load_config
from xcplan.lint.context import LintContext
from xcplan.lint.engine import (
    FAMILIES,
    TOUCHPOINT_FAMILIES,
    check_bytes,
    check_touchpoint,
    lint_plan,
    lint_variant,
    run_rules,
)
from xcplan.model.config import Config
from xcplan.render.limits import limits_for

RETAIL = EXAMPLES / "retail-app-launch.yaml"
POLISH = EXAMPLES / "kampania-pl.yaml"


def test_preview_renders_each_persona_with_counters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    run = xcplan("preview", str(POLISH), "--touchpoint", "sms-koszyk")
    assert run.code == 0, run.stderr
    assert "Tomaszu, Twoje książki czekają w koszyku" in run.stdout
    assert "Kubo, Twoje książki czekają w koszyku" in run.stdout
    assert "UCS-2 · 126 units · 2 segments (max 2)" in run.stdout
    assert "{{" not in run.stdout


def test_preview_shows_findings_of_the_variant(tmp_path: Path) -> None:
    text = POLISH.read_text(encoding="utf-8").replace("Odpowiedz STOP", "Odpowiedz", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    (tmp_path / "xcplan.toml").write_bytes((EXAMPLES / "xcplan.toml").read_bytes())
    run = xcplan("preview", str(plan))
    assert "XC504" in run.stdout


def test_preview_filters_by_persona_and_refuses_unknown_ids() -> None:
    run = xcplan("preview", str(POLISH), "--persona", "student")
    assert run.code == 0
    assert "Tomasz" not in run.stdout
    unknown = xcplan("preview", str(POLISH), "--touchpoint", "sms-koszk")
    assert unknown.code == 2
    assert "did you mean `sms-koszyk`?" in unknown.stderr


def test_preview_of_a_broken_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    run = xcplan("preview", str(plan))
    assert run.code == 1
    assert "XC001" in run.stderr and "cannot preview" in run.stderr


def test_init_writes_every_setting_and_refuses_to_overwrite(tmp_path: Path) -> None:
    run = xcplan("init", str(tmp_path), "--brand", "Acme")
    assert run.code == 0
    target = tmp_path / "xcplan.toml"
    table = tomllib.loads(target.read_text(encoding="utf-8"))
    config = load_config(target)
    assert config.brand is not None and config.brand.name == "Acme"
    for field in (
        "voice",
        "banned",
        "acronyms",
        "preferred",
        "max_exclamations",
        "emoji",
        "max_sentence_words",
        "max_grade",
    ):
        assert field in table["brand"], field
    for kind in ("email", "sms", "push", "web_push", "in_app", "whatsapp", "social", "ads", "web"):
        assert kind in table["channels"], kind
        assert limits_for(kind, config) == limits_for(kind, Config()), kind
    before = target.read_bytes()
    again = xcplan("init", str(tmp_path))
    assert again.code == 2 and "already exists" in again.stderr
    assert target.read_bytes() == before
    assert xcplan("init", str(tmp_path), "--force", "--brand", "Other").code == 0
    other = load_config(target).brand
    assert other is not None and other.name == "Other"


def test_lint_variant_agrees_with_lint_plan() -> None:
    config = load_config(EXAMPLES / "xcplan.toml")
    text = POLISH.read_text(encoding="utf-8").replace("Odpowiedz STOP", "Odpowiedz tanio", 1)
    result = check_bytes(text.encode(), "plan.yaml", config)
    plan = result.plan
    assert plan is not None
    everything = lint_plan(plan, config)
    for t_index, touchpoint in enumerate(plan.touchpoints):
        for v_index in range(len(touchpoint.variants)):
            prefix = ("touchpoints", t_index, "variants", v_index)
            expected = {(d.code, d.message) for d in everything if d.loc[: len(prefix)] == prefix}
            got = {
                (d.code, d.message)
                for d in lint_variant(plan, config, t_index, v_index)
                if d.loc[: len(prefix)] == prefix
            }
            assert got == expected, touchpoint.id
    assert any(d.code == "XC601" for d in everything)
    assert any(d.code == "XC504" for d in everything)


@pytest.mark.parametrize("name", ["retail-app-launch.yaml", "kampania-pl.yaml", "hamla-ar.yaml"])
def test_touchpoint_families_are_the_sum_of_their_touchpoints(name: str) -> None:
    """The TUI keeps findings per touchpoint: that must be all these families find."""
    config = load_config(EXAMPLES / "xcplan.toml")
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    # Break the copy a little so that every family has something to say.
    text = text.replace("{{ ", "{{ nope_", 1).replace(" the ", " the cheap ", 2)
    text = text.replace(" your ", " yo\u200bur ", 1)
    plan = check_bytes(text.encode(), name, config).plan
    assert plan is not None
    families = [f for f in FAMILIES if f in TOUCHPOINT_FAMILIES]
    assert len(families) == 4
    whole = sorted(repr(f) for f in run_rules(LintContext(plan, config), families))
    ctx = LintContext(plan, config)
    parts = sorted(
        repr(f) for t_index in range(len(plan.touchpoints)) for f in check_touchpoint(ctx, t_index)
    )
    assert whole
    assert parts == whole
