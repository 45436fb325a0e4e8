"""``xcplan validate --format sarif``: a SARIF 2.1.0 log that code scanning accepts.

The log is validated against the official SARIF 2.1.0 JSON Schema (``tests/fixtures/sarif``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES, FIXTURES
from xcplan import __version__
from xcplan.cli.rules import explain
from xcplan.lint.catalogue import RULES

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
MIXED = FIXTURES / "cli" / "mixed.yaml"


def _sarif(*args: str) -> tuple[int, dict[str, Any]]:
    run = xcplan("validate", "--format", "sarif", *args)
    return run.code, json.loads(run.stdout)


def _valid(log: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.fixture
def in_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "cli")


@pytest.mark.usefixtures("in_fixtures")
def test_sarif_matches_the_schema_and_says_everything() -> None:
    code, log = _sarif("mixed.yaml")
    assert code == 1
    _valid(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "xcplan"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["XC208", "XC206", "XC207", "XC205", "XC201"]
    for result in results:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "mixed.yaml", "uriBaseId": "%SRCROOT%"}
        assert physical["region"]["startLine"] >= 1
        assert physical["region"]["startColumn"] >= 1
        assert location["logicalLocations"][0]["fullyQualifiedName"]
    error = results[-1]
    assert error["level"] == "error"
    assert error["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "touchpoints[welcome].after"}
    ]
    assert {r["level"] for r in results[:-1]} <= {"warning", "note"}


def test_each_rule_carries_the_catalogue() -> None:
    _code, log = _sarif(str(EXAMPLES / "retail-app-launch.yaml"))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    xc503 = rules["XC503"]
    assert xc503["shortDescription"]["text"] == RULES["XC503"].summary
    assert xc503["fullDescription"]["text"] == RULES["XC503"].explanation
    assert xc503["help"]["text"] == explain(RULES["XC503"])
    assert xc503["help"]["markdown"].startswith("### XC503: ")
    assert xc503["defaultConfiguration"] == {"level": "warning"}
    assert rules["XC207"]["defaultConfiguration"] == {"level": "note"}
    assert xc503["name"].isalnum() and xc503["name"][0].isupper()


def test_clean_plans_give_notes_only_and_exit_0() -> None:
    code, log = _sarif("--strict", str(EXAMPLES))
    assert code == 0
    _valid(log)
    assert {r["level"] for r in log["runs"][0]["results"]} == {"note"}


def test_a_file_outside_the_working_folder_has_an_absolute_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    plan = tmp_path / "plan with space.yaml"
    shutil.copy(MIXED, plan)
    _code, log = _sarif(str(plan))
    _valid(log)
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": plan.resolve().as_uri()}


def test_file_errors_have_no_logical_location(tmp_path: Path) -> None:
    plan = tmp_path / "broken.yaml"
    plan.write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    _code, log = _sarif(str(plan))
    _valid(log)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "XC001"
    assert "logicalLocations" not in result["locations"][0]
