"""The command line: golden outputs for each format, exit codes, and one-line errors.

Golden files live in ``tests/golden/``. After a deliberate change of output, regenerate them
with ``XCPLAN_UPDATE_GOLDEN=1 pytest tests/test_cli.py`` and review the diff before committing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_runner import check_golden as _golden
from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES, FIXTURES, ROOT
from xcplan import __version__

MIXED = FIXTURES / "cli" / "mixed.yaml"


@pytest.fixture
def in_cli_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "cli")


@pytest.mark.usefixtures("in_cli_fixtures")
@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_validate_golden(output: str) -> None:
    run = xcplan("validate", "--format", output, "mixed.yaml")
    assert run.code == 1
    _golden(f"validate.{output}", run.stdout)
    assert "Traceback" not in run.stderr


@pytest.mark.usefixtures("in_cli_fixtures")
def test_validate_text_summary_goes_to_stderr() -> None:
    run = xcplan("validate", "mixed.yaml")
    assert run.stderr.splitlines()[-1] == "1 error, 3 warnings, 1 info in 1 file."
    assert "no xcplan.toml applies to 1 file" in run.stderr


def test_validate_json_is_a_list_of_diagnostics() -> None:
    run = xcplan("validate", "--format", "json", str(MIXED))
    data = json.loads(run.stdout)
    assert [d["code"] for d in data] == ["XC208", "XC206", "XC207", "XC205", "XC201"]
    assert set(data[0]) == {"file", "line", "column", "code", "severity", "message", "path"}


def test_validate_examples_is_clean_and_strict() -> None:
    run = xcplan("validate", "--strict", str(EXAMPLES))
    assert run.code == 0, run.stdout
    assert "error" not in run.stdout
    assert "warning" not in run.stdout
    assert "no xcplan.toml" not in run.stderr


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    plan = MIXED.read_text(encoding="utf-8").replace("    after: welcom\n", "")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    assert xcplan("validate", str(tmp_path / "plan.yaml")).code == 0
    assert xcplan("validate", "--strict", str(tmp_path / "plan.yaml")).code == 1


def test_folders_only_pick_plan_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(MIXED, tmp_path / "sub" / "plan.yaml")
    (tmp_path / "other.yaml").write_text("name: not a plan\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(MIXED, tmp_path / ".hidden" / "plan.yaml")
    run = xcplan("validate", "--format", "json", str(tmp_path))
    files = {d["file"] for d in json.loads(run.stdout)}
    assert files == {str(tmp_path / "sub" / "plan.yaml")}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no/such/plan.yaml"], "no/such/plan.yaml: no such file or folder"),
        (["fmt", "no/such/plan.yaml"], "no/such/plan.yaml: no such file or folder"),
        (["rules", "XC999"], "unknown rule `XC999`"),
        (["validate", "--config", "missing.toml", str(MIXED)], "missing.toml: no such config"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    run = xcplan(*args)
    assert run.code == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert message in run.stderr
    assert run.stderr.startswith("xcplan: error:")


def test_bad_format_option_is_a_usage_error() -> None:
    run = xcplan("validate", "--format", "xml", str(MIXED))
    assert run.code == 2
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[brand\nname = 1\n", "invalid TOML"),
        ("[brand]\nmax_grade = 'high'\n", "`brand.max_grade`"),
        ("[lint]\nignore = ['E501']\n", "`lint.ignore.0`"),
        ("[channels.fax]\nmax_segments = 2\n", "`channels.fax"),
    ],
)
def test_bad_config_is_one_line_exit_2(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "xcplan.toml").write_text(toml, encoding="utf-8")
    shutil.copy(MIXED, tmp_path / "plan.yaml")
    run = xcplan("validate", str(tmp_path / "plan.yaml"))
    assert run.code == 2
    assert message in run.stderr
    assert run.stderr.count("\n") == 1, run.stderr


def test_fmt_check_diff_and_write(tmp_path: Path) -> None:
    messy = (
        "xcplan: 1\n"
        "campaign: {name: Spring, id: spring, objective: 'Sell: more', locale: en}\n"
        "channels: [{id: email, kind: email}]\n"
        "personas:\n- {id: nadia, name: Nadia, lifecycle: new}\n"
        "map: {nadia: {onboarding: [email], purchase: []}}\n"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(messy, encoding="utf-8")
    check = xcplan("fmt", "--check", str(path))
    assert check.code == 1
    assert f"would reformat {path}" in check.stderr
    diff = xcplan("fmt", "--diff", str(path))
    assert diff.code == 1
    assert diff.stdout.startswith(f"--- {path} (before)")
    assert path.read_text(encoding="utf-8") == messy
    write = xcplan("fmt", str(path))
    assert write.code == 0
    _golden("fmt.yaml", path.read_text(encoding="utf-8"))
    assert xcplan("fmt", "--check", str(path)).code == 0


def test_fmt_refuses_a_plan_that_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("xcplan: 1\ncampaign: [\n", encoding="utf-8")
    run = xcplan("fmt", str(path))
    assert run.code == 1
    assert "XC001" in run.stderr
    assert "not formatted" in run.stderr
    assert path.read_text(encoding="utf-8") == "xcplan: 1\ncampaign: [\n"


def test_fmt_check_examples() -> None:
    assert xcplan("fmt", "--check", str(EXAMPLES)).code == 0


def test_schema_prints_the_committed_schema() -> None:
    run = xcplan("schema")
    assert run.code == 0
    committed = (ROOT / "xcplan" / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    assert run.stdout == committed
    assert json.loads(xcplan("schema", "--config").stdout)["title"] == "xcplan.toml"


def test_rules_list_and_explain() -> None:
    listing = xcplan("rules")
    assert listing.code == 0
    assert "XC001" in listing.stdout
    assert "XC305" in listing.stdout
    explained = xcplan("rules", "xc301")
    assert explained.code == 0
    assert explained.stdout.startswith("XC301 (error, Experiments)")
    assert "Fails:" in explained.stdout
    assert "Passes:" in explained.stdout


def test_version_and_bare_help() -> None:
    assert xcplan("--version").stdout == f"xcplan {__version__}\n"
    bare = xcplan()
    assert "validate" in bare.stdout + bare.stderr


def test_docs_rules_md_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == xcplan("rules", "--markdown").stdout, (
        "docs/rules.md is out of date: run `xcplan rules --markdown > docs/rules.md`"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "Missing argument"),
        (["schema", "--bogus"], "No such option: --bogus"),
        (["validate", "--format", "xml", "x.yaml"], "'xml' is not one of text, json, github"),
        (["nonsense"], "No such command"),
    ],
)
def test_usage_errors_from_the_parser_are_one_line(args: list[str], message: str) -> None:
    run = xcplan(*args)
    assert run.code == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert message in run.stderr
    assert "--help`)" in run.stderr


def test_a_plan_path_alone_opens_the_editor_which_needs_a_terminal() -> None:
    run = xcplan(str(EXAMPLES / "retail-app-launch.yaml"))
    assert run.code == 2
    assert "xcplan edit needs an interactive terminal" in run.stderr
    missing = xcplan("edit", "no/such/folder/plan.yaml")
    assert missing.code == 2
    assert "no such folder" in missing.stderr
