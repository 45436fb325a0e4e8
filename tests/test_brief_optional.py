"""The Markdown brief works on every valid plan: each optional field may be absent."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from xcplan.export import ExportFormat, export_plan
from xcplan.io.canonical import dump_data
from xcplan.io.templates import list_templates, render_template
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_text

README_PLAN = re.search(
    r"A minimal plan:\n\n```yaml\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S
)


def _brief(text: str) -> str:
    result = check_text(text, "plan.yaml")
    errors = [d.message for d in result.diagnostics if d.severity is Severity.ERROR]
    assert not errors, errors
    assert result.context is not None
    return export_plan(result.context, result.diagnostics, ExportFormat.MARKDOWN, "plan.yaml")


def test_the_readme_minimal_plan_has_a_brief() -> None:
    assert README_PLAN is not None
    brief = _brief(README_PLAN.group(1))
    assert brief.startswith("# Spring launch\n")
    assert "Owner" not in brief


@pytest.mark.parametrize("name", [template.name for template in list_templates()])
def test_every_campaign_template_has_a_brief(name: str) -> None:
    brief = _brief(render_template(name, name_="Spring sale"))
    assert brief.startswith("# Spring sale\n")
    assert "## Messages" in brief


def _maybe(draw: st.DrawFn, key: str, value: Any, out: dict[str, Any]) -> None:
    if draw(st.booleans()):
        out[key] = value


@st.composite
def minimal_plans(draw: st.DrawFn) -> dict[str, Any]:
    """Valid plans in which every optional field is there or not, at random."""
    campaign: dict[str, Any] = {"id": "c", "name": "Camp", "objective": "Sell"}
    _maybe(draw, "owner", "Growth", campaign)
    _maybe(draw, "start", "2026-03-01", campaign)
    _maybe(draw, "end", "2026-04-01", campaign)
    _maybe(draw, "locale", "en-GB", campaign)
    _maybe(draw, "vars", {"code": "SPRING"}, campaign)
    _maybe(draw, "budget", 100, campaign)
    _maybe(draw, "currency", "EUR", campaign)
    kpis = []
    for index in range(draw(st.integers(0, 2))):
        kpi: dict[str, Any] = {"id": f"k{index}", "name": "Installs"}
        _maybe(draw, "metric", "installs", kpi)
        _maybe(draw, "target", draw(st.sampled_from([5, 2.5, 15000])), kpi)
        _maybe(draw, "unit", draw(st.sampled_from(["%", "orders"])), kpi)
        _maybe(draw, "stage", "onboarding", kpi)
        kpis.append(kpi)
    if kpis:
        campaign["kpis"] = kpis
    persona: dict[str, Any] = {"id": "p", "name": "Nadia"}
    for key, value in [
        ("summary", "A new user."),
        ("lifecycle", "active"),
        ("size", 5000),
        ("locale", "en"),
        ("demographics", {"age": "25-34"}),
        ("goals", ["save"]),
        ("pain_points", ["time"]),
        ("preferred_channels", ["email"]),
        ("profile", {"first_name": "Nadia"}),
        ("notes", "n"),
    ]:
        _maybe(draw, key, value, persona)
    channel: dict[str, Any] = {"id": "e", "kind": "email"}
    _maybe(draw, "name", "Newsletter", channel)
    _maybe(draw, "owner", "CRM", channel)
    _maybe(draw, "sender", "Acme", channel)
    variant: dict[str, Any] = {"id": "a", "subject": "Hi", "body": "Hello {{ unsubscribe_url }}"}
    _maybe(draw, "preheader", "Read on", variant)
    _maybe(draw, "cta", "Go", variant)
    _maybe(draw, "url", "https://acme.example", variant)
    touchpoint: dict[str, Any] = {
        "id": "t",
        "personas": ["p"],
        "stage": "onboarding",
        "channel": "e",
        "variants": [variant],
    }
    _maybe(draw, "name", "Welcome", touchpoint)
    _maybe(draw, "trigger", "signed_up", touchpoint)
    _maybe(draw, "delay", "1d", touchpoint)
    _maybe(draw, "exit_on", ["purchase"], touchpoint)
    if draw(st.booleans()):
        experiment: dict[str, Any] = {}
        _maybe(draw, "control", 10, experiment)
        _maybe(draw, "hypothesis", "It works", experiment)
        if draw(st.booleans()):
            experiment.update(baseline=0.05, mde=0.2)
        touchpoint["experiment"] = experiment
        touchpoint["variants"] = [variant, {**variant, "id": "b"}]
    plan: dict[str, Any] = {
        "xcplan": 1,
        "campaign": campaign,
        "personas": [persona],
        "channels": [channel],
        "map": {"p": {"onboarding": ["e"]}},
        "touchpoints": [touchpoint],
    }
    return plan


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(minimal_plans())
def test_the_brief_of_any_minimal_plan(data: dict[str, Any]) -> None:
    brief = _brief(dump_data(data))
    assert brief.startswith("# Camp\n")
    assert "None" not in brief
