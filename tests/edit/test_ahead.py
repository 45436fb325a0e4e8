"""A plan read and linted in a second process: what it sends is what the planner would have
made itself, and only ever used for the same bytes and config."""

from __future__ import annotations

import os
import select
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from xcplan.edit import ahead
from xcplan.edit.linting import Linter
from xcplan.io.config import load_config
from xcplan.io.load import load_plan

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "xcplan.toml", tmp_path / "xcplan.toml")
    target = tmp_path / "plan.yaml"
    source = (EXAMPLES / "retail-app-launch.yaml").read_bytes()
    # A finding with a place, so there is something to compare.
    target.write_bytes(source.replace(b"{{ first_name }}", b"{{ first_nam }}", 1))
    return target


def _sent(path: Path) -> None:
    """Wait until the second process for ``path`` has sent the plan's data."""
    started = ahead._started[path.resolve()]
    assert select.select([started.pipe], [], [], 30)[0]


def test_the_plan_and_diagnostics_are_those_made_here(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    assert ahead.started(plan_file)
    raw = plan_file.read_bytes()
    _sent(plan_file)
    plan = ahead.plan(plan_file, raw)
    here = load_plan(raw).plan
    assert plan is not None and plan == here
    config = load_config(plan_file.parent / "xcplan.toml")
    found = ahead.diagnostics(plan_file, raw, config, "shown.yaml")
    assert found is not None
    linted = Linter(config, "shown.yaml").lint(here)
    assert any(d.code == "XC402" for d in linted)
    assert [(d, d.loc, d.file) for d in found] == [(d, d.loc, d.file) for d in linted]
    assert not ahead.started(plan_file)
    # Taken once.
    assert ahead.plan(plan_file, raw) is None
    assert ahead.diagnostics(plan_file, raw, config, "shown.yaml") is None


def test_diagnostics_without_taking_the_plan_first(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    raw = plan_file.read_bytes()
    config = load_config(plan_file.parent / "xcplan.toml")
    found = ahead.diagnostics(plan_file, raw, config, "plan.yaml")
    plan = load_plan(raw).plan
    assert plan is not None and found == Linter(config, "plan.yaml").lint(plan)


def test_other_bytes_or_another_config_are_not_answered(plan_file: Path) -> None:
    raw = plan_file.read_bytes()
    assert ahead.start(plan_file)
    _sent(plan_file)
    assert ahead.plan(plan_file, raw + b"\n") is None
    assert not ahead.started(plan_file)
    assert ahead.start(plan_file)
    config = load_config(plan_file.parent / "xcplan.toml")
    assert config.brand is not None
    other = config.model_copy(update={"brand": config.brand.model_copy(update={"name": "X"})})
    assert ahead.diagnostics(plan_file, raw, other, "plan.yaml") is None


def test_the_plan_is_waited_for_as_long_as_parsing_it_would_take(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []

    def nothing_yet(*args: object) -> tuple[list[object], list[object], list[object]]:
        waits.append(float(args[3]))  # type: ignore[arg-type]
        return [], [], []

    monkeypatch.setattr(select, "select", nothing_yet)
    assert ahead.start(plan_file)
    raw = plan_file.read_bytes()
    # Not sent within the wait: the planner reads the file itself.
    assert ahead.plan(plan_file, raw) is None
    assert waits == [ahead.data_wait(len(raw))]
    monkeypatch.undo()
    config = load_config(plan_file.parent / "xcplan.toml")
    assert ahead.diagnostics(plan_file, raw, config, "plan.yaml") is not None


def test_the_wait_grows_with_the_file() -> None:
    assert 0.1 < ahead.data_wait(10_000) < 0.11
    assert ahead.data_wait(1_000_000) == pytest.approx(0.5)
    assert ahead.data_wait(5 * 1024 * 1024) < 2.3


def test_cancel_stops_the_process(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    pid = ahead._started[plan_file.resolve()].pid
    ahead.cancel(plan_file)
    assert not ahead.started(plan_file)
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
    config = load_config(plan_file.parent / "xcplan.toml")
    assert ahead.diagnostics(plan_file, plan_file.read_bytes(), config, "plan.yaml") is None
    ahead.cancel(plan_file)  # twice is nothing


@pytest.mark.parametrize(
    "text",
    [
        "xcplan: 1\ncampaign: [unclosed\n",
        # Parsed and sent before the models are imported: the planner validates it, and refuses.
        "xcplan: 1\ncampaign: 12\n",
    ],
    ids=["bad YAML", "refused by the schema"],
)
def test_a_file_that_does_not_load_is_left_to_the_planner(tmp_path: Path, text: str) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    assert ahead.start(broken)
    _sent(broken)
    assert ahead.plan(broken, broken.read_bytes()) is None
    assert not ahead.started(broken)


def test_nothing_is_started_for_what_is_not_a_file(tmp_path: Path) -> None:
    assert not ahead.start(tmp_path)
    assert not ahead.start(tmp_path / "missing.yaml")
    assert not ahead.started(tmp_path / "missing.yaml")


def test_the_process_ends_when_the_planner_is_done_with_it(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    pid = ahead._started[plan_file.resolve()].pid
    config = load_config(plan_file.parent / "xcplan.toml")
    ahead.diagnostics(plan_file, plan_file.read_bytes(), config, "plan.yaml")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError("the second process is still there")
