"""`xcplan simulate`: golden outputs in each format, what-if customers, exit codes, one-line errors.

Regenerate the goldens after a deliberate change with
``XCPLAN_UPDATE_GOLDEN=1 pytest tests/test_simulate.py`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES, FIXTURES
from tests.test_cli import _golden
from xcplan.cli import simulate
from xcplan.lint.engine import check_bytes
from xcplan.lint.rules.journey import plan_walks

PLAN = FIXTURES / "cli" / "journey.yaml"


@pytest.fixture(autouse=True)
def _in_cli_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "cli")


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_simulate_golden(output: str) -> None:
    run = xcplan("simulate", "--format", output, "journey.yaml")
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    _golden(f"simulate.{'md' if output == 'markdown' else output}", run.stdout)


def test_what_if_golden() -> None:
    run = xcplan(
        "simulate",
        "journey.yaml",
        "--persona",
        "omar",
        "--start",
        "2026-04-03T20:00",
        "--event",
        "app_installed@0m",
        "--event",
        "purchase@1d2h",
    )
    assert run.code == 0, run.stderr
    _golden("simulate-what-if.text", run.stdout)


def test_json_is_the_exports_schedules() -> None:
    data = json.loads(xcplan("simulate", "-f", "json", "journey.yaml").stdout)
    exported = json.loads(xcplan("export", "-f", "json", "journey.yaml").stdout)
    assert data == {"source": "journey.yaml", "schedules": exported["schedules"]}
    first = data["schedules"][0]
    assert set(first) == {
        "scenario",
        "origin",
        "persona",
        "name",
        "start",
        "events",
        "messages",
        "expect",
        "ended",
    }
    push = next(m for m in first["messages"] if m["touchpoint"] == "welcome-push")
    assert (push["status"], push["due"], push["send"]) == (
        "deferred",
        "2026-04-01T21:30",
        "2026-04-02T08:00",
    )


def test_scenario_and_persona_narrow_the_walks() -> None:
    only = xcplan("simulate", "journey.yaml", "--scenario", "evening-install").stdout
    assert only.count("Scenario `") == 1
    eager = xcplan("simulate", "journey.yaml", "-s", "eager").stdout
    assert eager.count("Scenario `eager` of") == 2
    omar = xcplan("simulate", "journey.yaml", "-p", "omar").stdout
    assert omar.startswith("Scenario `eager` of Omar")
    assert "evening-install" not in omar


def test_a_what_if_changes_a_scenario() -> None:
    run = xcplan("simulate", "journey.yaml", "-s", "evening-install", "-e", "purchase@1h")
    assert run.code == 0
    assert run.stdout.startswith("What if: scenario `evening-install`")
    # The purchase at 21:30 cancels the welcome push held by quiet hours: the expectation fails.
    assert "✗ `welcome-push` reaches the customer (cancelled)" in run.stdout


def test_a_single_persona_needs_no_persona_option(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    plan = tmp_path / "one.yaml"
    plan.write_text(text, encoding="utf-8")
    run = xcplan("simulate", str(plan), "--event", "cart_abandoned@2h")
    assert run.code == 2
    assert "say whose with `--persona ID`" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-s", "evening-instal"],
            "no scenario `evening-instal` in journey.yaml; did you mean `evening-install`?",
        ),
        (["-p", "nadja"], "no persona `nadja` in journey.yaml; did you mean `nadia`?"),
        (
            ["-p", "nadia", "-e", "purchse@1d"],
            "no event `purchse` in the events of journey.yaml; did you mean `purchase`?",
        ),
        (["-p", "nadia", "-e", "purchase"], "`--event purchase` is not NAME@OFFSET"),
        (["-p", "nadia", "-e", "purchase@2days"], "`--event purchase@2days` is not NAME@OFFSET"),
        (
            ["-p", "nadia", "--start", "2026-02-30T10:00"],
            "`--start 2026-02-30T10:00` is not a local date-time",
        ),
        (
            ["-s", "evening-install", "-p", "omar"],
            "scenario `evening-install` is for `nadia`, not `omar`",
        ),
        (["-f", "xml"], "'xml' is not one of text, json, markdown"),
        (["-e", "purchase@1d"], "say whose with `--persona ID`"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    run = xcplan("simulate", "journey.yaml", *args)
    assert run.code == 2, run.stdout
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert message in lines[0]
    assert "Traceback" not in run.stderr


def test_a_plan_with_errors_is_walked_and_exits_1(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "        - offer-sms\n", "        - tour-card\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    run = xcplan("simulate", str(plan))
    assert run.code == 1
    assert "Scenario `evening-install`" in run.stdout
    assert "✗ `tour-card` does not reach the customer (sent)" in run.stdout
    assert "XC702 error: scenario `evening-install` expects `tour-card` not to reach" in run.stderr
    assert run.stderr.splitlines()[-1] == f"{plan}: 1 error in the plan (`xcplan validate {plan}`)"


def test_a_plan_that_does_not_load_exits_1(tmp_path: Path) -> None:
    plan = tmp_path / "broken.yaml"
    plan.write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    run = xcplan("simulate", str(plan))
    assert run.code == 1
    assert run.stdout == ""
    assert "XC001" in run.stderr
    assert "cannot simulate: the plan does not load" in run.stderr


def test_a_missing_file_is_one_line_exit_2() -> None:
    run = xcplan("simulate", "nope.yaml")
    assert run.code == 2
    assert run.stderr.strip() == "xcplan: error: nope.yaml: cannot read: No such file or directory"


def test_the_examples_simulate_cleanly() -> None:
    for plan in sorted(EXAMPLES.glob("*.yaml")):
        run = xcplan("simulate", str(plan))
        assert run.code == 0, run.stderr
        assert "✗" not in run.stdout


def test_on_a_terminal_the_walk_is_drawn_with_rich(capsys: pytest.CaptureFixture[str]) -> None:
    result = check_bytes(PLAN.read_bytes(), "journey.yaml")
    assert result.plan is not None
    assert result.context is not None
    simulate._rich(plan_walks(result.context), result.plan)
    shown = capsys.readouterr().out
    assert "Scenario `evening-install`" in shown
    assert "quiet hours 21:00-08:00" in shown
    assert "● sent" in shown
    assert "✓" in shown


def test_week_view_days_across_channels_down() -> None:
    result = check_bytes(PLAN.read_bytes(), "journey.yaml")
    assert result.context is not None
    omar = plan_walks(result.context)[1]
    [(title, days, lines)] = simulate.week_view(omar)
    assert title == "week 1"
    assert days == ["Wed 1 Apr", "Thu 2", "Fri 3", "Sat 4", "Sun 5", "Mon 6", "Tue 7"]
    assert lines == [
        ("email", ["●", "", "", "", "", "", ""]),
        ("sms", ["●", "○", "", "", "", "", ""]),
        ("push", ["●", "", "", "", "", "", ""]),
    ]
