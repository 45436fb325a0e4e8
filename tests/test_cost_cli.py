"""``xcplan cost`` and the estimate in the export: golden outputs, exit codes, and one estimate
everywhere (the core, every format of the CLI, the YAML and JSON export, the brief).

The plan ``tests/fixtures/cli/cost/plan.yaml`` is computed by hand (prices in its
``xcplan.toml``, in EUR):

- ``welcome-sms``: 12,000 x 90% (10% held out) x 2 UCS-2 segments (a curly apostrophe) x
  0.045 = 972.00; 10,800 x 0.04 baseline = 432 conversions, 2.25 each.
- ``welcome-email``: after ``welcome-sms``, on ``app_installed`` (0.5), stops on ``purchase``
  (0.25): x 0.375. Each persona gets the variant in its locale: Nadia 12,000 x 0.375 x 0.001 =
  4.50, Ola 8,000 x 0.375 x 0.002 (the `pl` price) = 6.00.
- ``ola-sms``: 8,000 x 2 UCS-2 segments (`zł`) x 0.032 (the `pl` price) = 512.00.
- ``poster``: in store, no price: 20,000 people, nothing, and named.
- ``ghost`` has no size: left out and named. Total 1,494.50 EUR, 494.50 over the budget.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from ruamel.yaml import YAML

from tests.cli_runner import check_golden, xcplan
from tests.conftest import EXAMPLES, FIXTURES, ROOT
from xcplan.io.config import load_config, save_config
from xcplan.journey.cost import format_money, round_money
from xcplan.lint.engine import check_bytes
from xcplan.lint.rules.cost import estimate_of
from xcplan.model.config import Costs

COST = FIXTURES / "cli" / "cost"
PLAN = COST / "plan.yaml"


@pytest.fixture
def in_cost_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(COST)


@pytest.mark.usefixtures("in_cost_fixture")
@pytest.mark.parametrize(
    ("args", "golden"),
    [
        ([], "cost.text"),
        (["--by", "channel"], "cost-channel.text"),
        (["--by", "persona"], "cost-persona.text"),
        (["--format", "json"], "cost.json"),
        (["--format", "csv"], "cost.csv"),
        (["--format", "markdown", "--by", "persona"], "cost-persona.md"),
    ],
)
def test_cost_golden(args: list[str], golden: str) -> None:
    run = xcplan("cost", *args, "plan.yaml")
    assert run.code == 0, run.stderr
    assert run.stderr == ""
    text = run.stdout
    if golden.endswith(".csv"):  # RFC 4180 lines end in CRLF; the golden file is kept in LF
        assert text.count("\r\n") == text.count("\n")
        text = text.replace("\r\n", "\n")
    check_golden(golden, text)


def _core() -> dict[str, Decimal]:
    result = check_bytes(PLAN.read_bytes(), str(PLAN), load_config(COST / "xcplan.toml"))
    assert result.context is not None
    estimate = estimate_of(result.context)
    assert estimate is not None
    return {t.id: t.totals.cost for t in estimate.touchpoints} | {"total": estimate.totals.cost}


def test_the_hand_computed_estimate() -> None:
    assert _core() == {
        "welcome-sms": Decimal("972"),
        "welcome-email": Decimal("10.5"),
        "ola-sms": Decimal("512"),
        "poster": Decimal(0),
        "total": Decimal("1494.5"),
    }


def _yaml12(text: str) -> object:
    parser = YAML(typ="safe", pure=True)
    parser.version = (1, 2)
    return parser.load(text)


def test_one_estimate_from_the_core_the_cli_and_the_export() -> None:
    core = _core()
    as_json = json.loads(xcplan("cost", "-f", "json", str(PLAN)).stdout)
    exported = json.loads(xcplan("export", "-f", "json", str(PLAN)).stdout)["estimate"]
    exported_yaml = xcplan("export", str(PLAN)).stdout
    assert as_json == exported
    assert yaml.safe_load(exported_yaml)["estimate"] == exported
    assert _yaml12(exported_yaml)["estimate"] == exported  # type: ignore[index]
    money = {t["touchpoint"]: Decimal(t["cost"]) for t in as_json["touchpoints"]}
    assert money | {"total": Decimal(as_json["total"]["cost"])} == {
        key: round_money(value, "EUR") for key, value in core.items()
    }
    rows = list(csv.DictReader(io.StringIO(xcplan("cost", "-f", "csv", str(PLAN)).stdout)))
    assert {row["touchpoint"]: Decimal(row["cost"]) for row in rows} == money
    shown = format_money(core["total"], None)
    for args in (["-f", "markdown"], [], ["--by", "channel"], ["--by", "persona"]):
        assert f"{shown}" in xcplan("cost", *args, str(PLAN)).stdout
    brief = xcplan("export", "-f", "markdown", str(PLAN))  # no owner, dates, KPIs or summaries
    assert brief.code == 0, brief.stderr
    assert "## Cost and reach" in brief.stdout and f"**{shown}**" in brief.stdout
    assert as_json["budget"] == {"amount": "1000.00", "remaining": "0.00", "over": "494.50"}
    assert as_json["unpriced_kinds"] == ["in_store"]
    assert as_json["unsized_personas"] == ["ghost"]


def test_the_json_shape() -> None:
    data = json.loads(xcplan("cost", "-f", "json", str(PLAN)).stdout)
    assert list(data) == [
        "currency",
        "minor_unit",
        "total",
        "budget",
        "touchpoints",
        "channels",
        "personas",
        "unpriced_kinds",
        "unsized_personas",
        "undeclared_events",
    ]
    sms = data["touchpoints"][0]
    assert sms["conversions"] == 432 and sms["cost_per_conversion"] == "2.25"
    assert sms["lines"] == [
        {
            "variant": "a",
            "persona": "nadia",
            "locale": "en-GB",
            "share": "0.9",
            "rate": "1",
            "audience": 10800,
            "segments": 2,
            "price": "0.045",
            "cost": "972.00",
        }
    ]


def test_over_budget_is_shown_but_not_a_failure() -> None:
    run = xcplan("cost", str(PLAN))
    assert run.code == 0
    assert "494.50 EUR over it" in run.stdout


def test_without_costs_it_says_how_to_add_them(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(PLAN.read_bytes())
    (tmp_path / ".git").mkdir()
    run = xcplan("cost", str(plan))
    assert run.code == 2
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1
    assert "no xcplan.toml applies" in run.stderr and "[costs]" in run.stderr
    (tmp_path / "xcplan.toml").write_text("[lint]\nignore = []\n", encoding="utf-8")
    run = xcplan("cost", str(plan))
    assert run.code == 2
    assert "xcplan.toml: no prices" in run.stderr and "`sms = 0.045`" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_without_costs_the_export_has_no_estimate() -> None:
    data = json.loads(
        xcplan("export", "-f", "json", str(FIXTURES / "rules" / "XC802" / "good.yaml")).stdout
    )
    assert "estimate" not in data


def test_a_plan_with_errors_gets_no_estimate(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        PLAN.read_text(encoding="utf-8").replace("currency: EUR", "currency: EUO"),
        encoding="utf-8",
    )
    run = xcplan("cost", "--config", str(COST / "xcplan.toml"), str(plan))
    assert run.code == 1
    assert run.stdout == ""
    assert "XC104" in run.stderr and "did you mean `EUR`?" in run.stderr
    assert "no estimate" in run.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "stage"], "'stage' is not one of touchpoint, channel, persona"),
        (["--format", "xml"], "'xml' is not one of text, json, csv, markdown"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    run = xcplan("cost", *args, str(PLAN))
    assert run.code == 2
    assert message in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_a_missing_plan_is_one_line() -> None:
    run = xcplan("cost", "nowhere.yaml")
    assert run.code == 2
    assert "nowhere.yaml" in run.stderr and len(run.stderr.splitlines()) == 1


@pytest.mark.parametrize("plan", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_has_an_estimate_within_its_budget(plan: Path) -> None:
    data = json.loads(xcplan("cost", "-f", "json", str(plan)).stdout)
    assert data["currency"] in ("GBP", "PLN", "AED")
    assert Decimal(data["total"]["cost"]) > 0
    assert data["budget"]["over"] == f"{Decimal(0):.2f}"
    assert data["undeclared_events"] == []
    assert data["unsized_personas"] == []


def test_the_readme_example_is_what_the_command_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ xcplan cost examples/kampania-pl.yaml --by channel\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    run = xcplan("cost", "examples/kampania-pl.yaml", "--by", "channel")
    assert run.code == 0
    assert run.stdout == shown


def test_the_cost_rules_on_the_hand_computed_plan() -> None:
    result = check_bytes(PLAN.read_bytes(), str(PLAN), load_config(COST / "xcplan.toml"))
    found = {(d.code, d.path): d.message for d in result.diagnostics if d.code.startswith("XC8")}
    assert found == {
        ("XC801", "campaign.budget"): (
            "the estimated cost, 1,494.50 EUR, is over the budget of 1,000.00 EUR by 494.50 "
            "EUR; the most expensive touchpoints are `welcome-sms` (972.00 EUR), `ola-sms` "
            "(512.00 EUR) and `welcome-email` (10.50 EUR)"
        ),
        ("XC802", "touchpoints[welcome-sms].variants[a].body"): (
            "`’` in `welcome-sms` makes it UCS-2: 2 segments instead of 1 for 10,800 customers, "
            "+486.00 EUR; write `'` instead"
        ),
        ("XC802", "touchpoints[ola-sms].variants[a].body"): (
            "`ł` in `ola-sms` makes it UCS-2: 2 segments instead of 1 for 8,000 customers, "
            "+256.00 EUR"
        ),
    }


def test_init_shows_how_to_add_prices(tmp_path: Path) -> None:
    assert xcplan("init", str(tmp_path)).code == 0
    text = (tmp_path / "xcplan.toml").read_text(encoding="utf-8")
    assert "# [costs]\n# sms = 0.045\n" in text
    assert load_config(tmp_path / "xcplan.toml").costs is None  # a hint, not prices


@pytest.mark.parametrize("toml", [EXAMPLES / "xcplan.toml", COST / "xcplan.toml"], ids=str)
def test_saving_the_config_keeps_the_prices(tmp_path: Path, toml: Path) -> None:
    # The planner's Brand voice tab rewrites xcplan.toml: [costs] must survive it.
    config = load_config(toml)
    assert config.costs is not None
    target = tmp_path / "xcplan.toml"
    save_config(target, config)
    assert load_config(target) == config
    save_config(target, config.model_copy(update={"costs": Costs()}))
    assert load_config(target).costs == Costs()  # an empty [costs] still turns the rules on
