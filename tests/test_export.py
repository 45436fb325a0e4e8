"""`xcplan export`: the resolved plan (YAML and JSON carry the same data under YAML 1.1 and
1.2), the Markdown brief, the CSV content matrix, and refusing plans with errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES, FIXTURES
from xcplan.model.durations import duration_minutes, format_minutes

PLANS = sorted(EXAMPLES.glob("*.yaml"))
BRIEF = EXAMPLES / "retail-app-launch.md"
JOURNEY_PLAN = FIXTURES / "cli" / "journey.yaml"


def _yaml12(text: str) -> object:
    parser = YAML(typ="safe", pure=True)
    parser.version = (1, 2)
    return parser.load(text)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_yaml_and_json_carry_the_same_data(plan: Path) -> None:
    as_yaml = xcplan("export", str(plan))
    as_json = xcplan("export", "--format", "json", str(plan))
    assert as_yaml.code == 0, as_yaml.stderr
    assert as_json.code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert _yaml12(as_yaml.stdout) == data
    assert yaml.safe_load(as_yaml.stdout) == data
    assert data["xcplan_export"] == 1
    assert data["digest"].startswith("sha256:")
    assert as_yaml.stderr == ""


@pytest.mark.parametrize("output", ["yaml", "json", "markdown", "csv"])
@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name)
def test_every_format_is_deterministic(plan: Path, output: str) -> None:
    first = xcplan("export", "--format", output, str(plan))
    second = xcplan("export", "--format", output, str(plan))
    assert first.code == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.strip()


def test_resolved_plan_makes_defaults_explicit_and_resolves_previews() -> None:
    data = json.loads(
        xcplan("export", "--format", "json", str(EXAMPLES / "kampania-pl.yaml")).stdout
    )
    assert [s["id"] for s in data["stages"]] == ["odkrycie", "zakup", "powrot"]
    assert all("locale" in p and "lifecycle" in p for p in data["personas"])
    sms = next(t for t in data["touchpoints"] if t["id"] == "sms-koszyk")
    weights = [v["weight"] for v in sms["variants"]]
    assert sum(weights) + sms["experiment"]["control"] == 100
    preview = sms["variants"][0]["previews"][0]
    body = preview["fields"]["body"]
    assert body["encoding"] == "UCS-2"
    assert body["segments"] == 2
    assert "{{" not in body["text"]
    assert sms["variants"][0]["variables"] == sorted(sms["variants"][0]["variables"])
    requirements = {r["variable"]: r for r in data["data_requirements"]}
    assert requirements["imie_wolacz"]["source"] == "customer profile"
    timeline = data["personas"][0]["timeline"]
    assert all({"touchpoint", "stage", "channel"} <= set(entry) for entry in timeline)


def test_brand_and_diagnostics_are_carried() -> None:
    data = json.loads(
        xcplan("export", "-f", "json", str(EXAMPLES / "retail-app-launch.yaml")).stdout
    )
    assert data["brand"]["name"] == "Acme"
    assert {d["severity"] for d in data["diagnostics"]} <= {"warning", "info"}
    assert all("file" not in d for d in data["diagnostics"])


def test_csv_content_matrix() -> None:
    run = xcplan("export", "--format", "csv", str(EXAMPLES / "kampania-pl.yaml"))
    assert "\r\n" in run.stdout
    rows = list(csv.DictReader(io.StringIO(run.stdout, newline="")))
    assert rows[0].keys() == {
        "touchpoint",
        "personas",
        "stage",
        "channel",
        "variant",
        "field",
        "locale",
        "text",
        "characters",
        "sms_segments",
    }
    sms = [r for r in rows if r["touchpoint"] == "sms-koszyk"]
    assert sms
    assert all(r["sms_segments"] == "2" for r in sms)
    multiline = [r for r in rows if "\n" in r["text"]]
    assert multiline, "email bodies span lines and must survive quoting"


def test_markdown_brief_has_every_part() -> None:
    text = xcplan("export", "-f", "markdown", str(EXAMPLES / "retail-app-launch.yaml")).stdout
    for heading in (
        "## KPIs",
        "## Personas",
        "## Journey",
        "## Messages",
        "## Experiments",
        "## Open findings",
    ):
        assert heading in text
    assert "```mermaid\nflowchart LR" in text
    assert "| Channel | Awareness |" in text


def test_committed_brief_is_up_to_date() -> None:
    fresh = xcplan("export", "-f", "markdown", "examples/retail-app-launch.yaml")
    assert fresh.code == 0
    assert BRIEF.read_text(encoding="utf-8") == fresh.stdout, (
        "examples/retail-app-launch.md is out of date: run `xcplan export -f markdown "
        "examples/retail-app-launch.yaml -o examples/retail-app-launch.md`"
    )


def test_plan_with_errors_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    run = xcplan("export", "-o", str(target), str(FIXTURES / "cli" / "mixed.yaml"))
    assert run.code == 1
    assert run.stdout == ""
    assert "XC201" in run.stderr and "not exported" in run.stderr
    assert not target.exists()


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old", encoding="utf-8")
    run = xcplan("export", "-f", "json", "-o", str(target), str(EXAMPLES / "kampania-pl.yaml"))
    assert run.code == 0
    assert run.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["xcplan_export"] == 1
    assert list(tmp_path.iterdir()) == [target]


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    run = xcplan(
        "export", "-o", str(tmp_path / "missing" / "x.yaml"), str(EXAMPLES / "kampania-pl.yaml")
    )
    assert run.code == 2
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(("text", "minutes"), [("30m", 30), ("23h30m", 1410), ("1w2d", 12960)])
def test_durations(text: str, minutes: int) -> None:
    assert duration_minutes(text) == minutes
    assert format_minutes(minutes) == text


def test_schedules_carry_each_walk() -> None:
    data = json.loads(
        xcplan("export", "-f", "json", str(EXAMPLES / "retail-app-launch.yaml")).stdout
    )
    walked = [(s["scenario"], s["persona"], s["origin"]) for s in data["schedules"]]
    assert walked == [
        ("dana-installs-in-the-evening", "deal-seeker", "declared"),
        ("leonora-orders-next-day", "loyal-regular", "declared"),
        ("leonora-installs-and-waits", "loyal-regular", "declared"),
        ("sam-signs-up-in-store", "store-browser", "declared"),
        ("eager", "lapsed-shopper", "eager"),
    ]
    dana = data["schedules"][0]
    push = next(m for m in dana["messages"] if m["touchpoint"] == "welcome-push")
    assert push == {
        "touchpoint": "welcome-push",
        "channel": "push",
        "kind": "push",
        "flow": {"name": "app_installed", "root": "welcome-push"},
        "status": "deferred",
        "pending": "2026-04-01T20:30",
        "due": "2026-04-01T21:30",
        "send": "2026-04-02T08:00",
        "reason": "quiet hours 21:00-08:00: moved from Wed 1 Apr 21:30 to Thu 2 Apr 08:00",
    }
    assert all(e["met"] for s in data["schedules"] for e in s.get("expect", []))
    leonora = data["schedules"][1]
    sms = next(m for m in leonora["messages"] if m["touchpoint"] == "first-order-sms")
    assert sms["cancelled_by"] == {"event": "purchase", "time": "2026-04-02T09:00"}
    assert sms["send"] is None


def test_events_scenarios_and_policies_with_their_defaults() -> None:
    data = json.loads(
        xcplan("export", "-f", "json", str(EXAMPLES / "retail-app-launch.yaml")).stdout
    )
    events = {e["id"]: e for e in data["events"]}
    assert events["purchase"]["stops"] == [
        "welcome-push",
        "first-order-sms",
        "first-order-email",
        "vip-points-push",
        "winback-email",
        "winback-sms",
    ]
    assert events["purchase"]["properties"] == ["order_id", "order_value", "channel"]
    assert events["first_app_order"]["triggers"] == ["app-tour", "vip-points-email"]
    assert events["purchase"]["rate"] == 0.3
    assert events["purchase"]["rates"] == {"loyal-regular": 0.5, "lapsed-shopper": 0.1}
    assert all(e["declared"] for e in data["events"])
    starts = {s["id"]: s["start"] for s in data["scenarios"]}
    assert starts["leonora-orders-next-day"] == "2026-04-01T09:00"
    assert data["policies"]["frequency_cap"]["action"] == "skip"
    assert data["policies"]["quiet_hours"]["kinds"] == [
        "sms",
        "push",
        "web_push",
        "whatsapp",
        "call_center",
    ]
    keys = list(data)
    # A declared event without a rate has rate 1 made explicit (format, section 3.8).
    journey = json.loads(xcplan("export", "-f", "json", str(JOURNEY_PLAN)).stdout)
    assert {e["id"]: e["rate"] for e in journey["events"]}["cart_abandoned"] == 1
    assert keys.index("policies") < keys.index("events") < keys.index("scenarios")
    assert keys.index("scenarios") < keys.index("schedules") < keys.index("data_requirements")


def test_events_used_without_a_declaration_are_listed(tmp_path: Path) -> None:
    text = (FIXTURES / "cli" / "mixed.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace("    after: welcom\n", ""), encoding="utf-8")
    data = json.loads(xcplan("export", "-f", "json", str(plan)).stdout)
    assert all(not e["declared"] for e in data.get("events", []))
    assert data["schedules"]
    assert all(s["origin"] == "eager" for s in data["schedules"])


def test_the_brief_draws_each_scenario_as_a_gantt() -> None:
    text = xcplan("export", "-f", "markdown", str(EXAMPLES / "retail-app-launch.yaml")).stdout
    assert "## Journey in time" in text
    assert text.count("```mermaid\ngantt\n") == 5
    assert "| Frequency cap | at most 4 per 1w to one customer" in text
    assert "| Quiet hours | 21:00 to 08:00, customer's local time" in text
    assert "### Scenario `eager` of Priya, lapsed shopper" in text


def test_gantt_labels_and_times_are_safe_for_mermaid() -> None:
    from xcplan.export.brief import gantt_label, gantt_time

    assert gantt_label("Offer: 20% #1; today\nonly") == "Offer  20%  1  today only"
    assert gantt_label(":") == "?"
    assert gantt_time("2026-04-01T09:00") == "2026-04-01 09:00"
    assert gantt_time(None) == ""
