"""Shell completion, through the protocol the shells use: ``_XCPLAN_COMPLETE`` and COMP_WORDS.

Each test runs ``xcplan`` as bash's completion function would and reads the candidates it
prints, one a line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES


def complete(monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    """Return what bash would offer for the last word of ``line`` (a trailing space: a new word)."""
    words = line.split(" ")
    monkeypatch.setenv("_XCPLAN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    run = xcplan()
    monkeypatch.delenv("_XCPLAN_COMPLETE")
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    return [item for item in run.stdout.split("\n") if item]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLES / "retail-app-launch.yaml", tmp_path / "retail.yaml")
    (tmp_path / "plans").mkdir()
    (tmp_path / "notes.txt").write_text("not a plan", encoding="utf-8")
    (tmp_path / "xcplan.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("folder")
def test_plan_arguments_complete_plan_files_and_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(monkeypatch, "xcplan validate ") == ["plans/", "retail.yaml"]
    assert complete(monkeypatch, "xcplan preview re") == ["retail.yaml"]
    assert complete(monkeypatch, "xcplan diff retail.yaml ") == ["plans/", "retail.yaml"]
    assert complete(monkeypatch, "xcplan validate --config ") == ["plans/", "xcplan.toml"]


@pytest.mark.usefixtures("folder")
def test_touchpoint_and_persona_ids_come_from_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    touchpoints = complete(monkeypatch, "xcplan preview retail.yaml --touchpoint ")
    assert "launch-email" in touchpoints
    assert "first-order-sms" in touchpoints
    assert complete(monkeypatch, "xcplan preview retail.yaml -t first-order-") == [
        "first-order-sms",
        "first-order-email",
    ]
    personas = complete(monkeypatch, "xcplan preview retail.yaml --persona ")
    assert personas == ["deal-seeker", "loyal-regular", "lapsed-shopper", "store-browser"]


def test_a_broken_or_missing_plan_completes_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "broken.yaml").write_text("touchpoints: [\n  - id: a\n", encoding="utf-8")
    (folder / "odd.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    for plan in ("broken.yaml", "odd.yaml", "missing.yaml", "plans"):
        assert complete(monkeypatch, f"xcplan preview {plan} --touchpoint ") == []


def test_library_templates_and_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "busy-parent" in complete(monkeypatch, "xcplan personas b")
    assert complete(monkeypatch, "xcplan new plan.yaml --template wel") == ["welcome"]
    codes = complete(monkeypatch, "xcplan rules XC50")
    assert codes[:8] == [f"XC50{n}" for n in range(1, 9)]
    assert all(code.startswith("XC50") for code in codes)


def test_completion_can_be_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    help_text = xcplan("--help").stdout
    assert "--install-completion" in help_text
    assert "--show-completion" in help_text
    # Typer finds the shell among the processes above this one (shellingham): a test run
    # with no shell above it (started from a service) finds none, so the test says which.
    monkeypatch.setattr("typer.completion._get_shell_name", lambda: "bash")
    shown = xcplan("--show-completion")
    assert shown.code == 0
    assert "_XCPLAN_COMPLETE=complete_bash" in shown.stdout
