"""A plan read and linted in a second process: what it sends is what the planner would have
made itself, and only ever used for the same bytes and config."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from xcplan.edit import ahead
from xcplan.edit.linting import Linter
from xcplan.edit.report import Linted
from xcplan.io.config import load_config
from xcplan.io.load import load_plan
from xcplan.model.config import Config
from xcplan.model.plan import Plan

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "xcplan.toml", tmp_path / "xcplan.toml")
    target = tmp_path / "plan.yaml"
    source = (EXAMPLES / "retail-app-launch.yaml").read_bytes()
    # A finding with a place, so there is something to compare.
    target.write_bytes(source.replace(b"{{ first_name }}", b"{{ first_nam }}", 1))
    return target


@pytest.fixture
def linted_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Have the second process lint the retail example too (it leaves small plans to the
    planner); set before ``start``, the fork copies it."""
    monkeypatch.setattr(ahead, "LINTED_FROM", 1)


def _stuck(*args: object) -> None:
    """Never done (in the second process, which is killed)."""
    time.sleep(60)


def _sent(path: Path) -> None:
    """Wait until the second process for ``path`` has sent the plan's data."""
    started = ahead._started[path.resolve()]
    assert select.select([started.pipe], [], [], 30)[0]


def _same(found: Linted | None, plan: Plan, config_path: Path, file: str) -> None:
    """Assert that ``found`` is what the planner's own lint of ``plan`` finds."""
    assert found is not None
    here = Linter(load_config(config_path), file).linted(plan)
    assert any(d.code == "XC402" for d in here.diagnostics)
    assert [(d, d.loc, d.file) for d in found.diagnostics] == [
        (d, d.loc, d.file) for d in here.diagnostics
    ]
    assert found.touchpoints == here.touchpoints
    assert found.estimate == here.estimate


@pytest.mark.usefixtures("linted_ahead")
def test_the_plan_and_lint_are_those_made_here(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    assert ahead.started(plan_file)
    raw = plan_file.read_bytes()
    _sent(plan_file)
    plan = ahead.plan(plan_file, raw)
    here = load_plan(raw).plan
    assert plan is not None and here is not None and plan == here
    config = load_config(plan_file.parent / "xcplan.toml")
    ahead.first_screen_drawn(plan_file)
    found = ahead.linted(plan_file, raw, config, "shown.yaml")
    _same(found, here, plan_file.parent / "xcplan.toml", "shown.yaml")
    assert not ahead.started(plan_file)
    # Taken once.
    assert ahead.plan(plan_file, raw) is None
    assert ahead.linted(plan_file, raw, config, "shown.yaml") is None


def test_the_config_is_the_one_read_here(plan_file: Path) -> None:
    found = plan_file.parent / "xcplan.toml"
    assert ahead.start(plan_file)
    # Asked before the plan (the planner finds its config first): the plan is kept for later.
    assert ahead.config(plan_file, found) == load_config(found)
    assert ahead.config(plan_file, found) is None  # taken once
    plan = ahead.plan(plan_file, plan_file.read_bytes())
    assert plan is not None and plan == load_plan(plan_file.read_bytes()).plan


def test_without_a_config_file_the_config_is_the_built_in_one(plan_file: Path) -> None:
    (plan_file.parent / "xcplan.toml").unlink()
    assert ahead.start(plan_file)
    assert ahead.config(plan_file, None) == Config()


def test_a_config_changed_since_or_found_elsewhere_is_not_taken(plan_file: Path) -> None:
    found = plan_file.parent / "xcplan.toml"
    assert ahead.start(plan_file)
    _sent(plan_file)
    found.write_bytes(found.read_bytes() + b"\n")
    assert ahead.config(plan_file, found) is None
    assert ahead.plan(plan_file, plan_file.read_bytes()) is not None  # the plan is still good
    assert ahead.start(plan_file.with_name("copy.yaml")) is False  # no such file
    shutil.copy(plan_file, plan_file.with_name("copy.yaml"))
    assert ahead.start(plan_file.with_name("copy.yaml"))
    assert ahead.config(plan_file.with_name("copy.yaml"), None) is None


def test_a_config_that_does_not_load_is_left_to_the_planner(plan_file: Path) -> None:
    found = plan_file.parent / "xcplan.toml"
    found.write_text("[brand\n", encoding="utf-8")
    assert ahead.start(plan_file)
    assert ahead.config(plan_file, found) is None
    assert ahead.plan(plan_file, plan_file.read_bytes()) is not None


def test_the_planner_takes_plan_and_config_without_building_a_validator(plan_file: Path) -> None:
    # In an interpreter of its own, as the planner starts: the models arrive validated.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from xcplan.edit import ahead\n"
        "path = Path(sys.argv[1])\n"
        "assert ahead.start(path)\n"
        "import select\n"
        "assert select.select([ahead._started[path.resolve()].pipe], [], [], 30)[0]\n"
        "config = ahead.config(path, path.parent / 'xcplan.toml')\n"
        "plan = ahead.plan(path, path.read_bytes())\n"
        "assert plan is not None and config is not None and plan.journey()\n"
        "from xcplan.model.validators import models\n"
        "print(sorted(model.__name__ for model in models() if model.__pydantic_complete__))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(plan_file)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.usefixtures("linted_ahead")
def test_the_estimate_is_sent_before_the_touchpoints_left_are_linted(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xcplan.lint.engine

    monkeypatch.setattr(xcplan.lint.engine, "check_touchpoint", _stuck)  # in the fork too
    monkeypatch.setattr(ahead, "lint_wait", lambda size: 0.2)
    found = plan_file.parent / "xcplan.toml"
    assert ahead.start(plan_file)
    # Told before it checks a touchpoint: it runs the rules of the whole plan at once.
    ahead.first_screen_drawn(plan_file)
    config = ahead.config(plan_file, found)
    assert config is not None
    started = ahead._read(plan_file, ahead._ESTIMATE, 30)
    assert started is not None
    estimate = ahead._take(started, ahead._ESTIMATE)
    assert estimate is not None
    monkeypatch.undo()
    plan = load_plan(plan_file.read_bytes()).plan
    assert plan is not None
    assert estimate == Linter(config, "plan.yaml").linted(plan).estimate
    # The touchpoints never done: stopped, and left to the planner.
    monkeypatch.setattr(ahead, "lint_wait", lambda size: 0.2)
    assert ahead.linted(plan_file, plan_file.read_bytes(), config, "plan.yaml") is None


@pytest.mark.usefixtures("linted_ahead")
def test_until_told_it_checks_the_touchpoints_first(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules of the whole plan wait until the first screen is drawn: then they run beside
    the touchpoints shared out, while until then the touchpoints can be checked ahead."""
    import xcplan.lint.engine

    monkeypatch.setattr(xcplan.lint.engine, "check_touchpoint", _stuck)  # in the fork too
    assert ahead.start(plan_file)
    assert ahead.config(plan_file, plan_file.parent / "xcplan.toml") is not None
    # Stuck on the first touchpoint, so no estimate (and the process is killed).
    assert ahead._read(plan_file, ahead._ESTIMATE, 0.5, stuck=True) is None


@pytest.fixture
def slow_in_the_second_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Have the second process (only) take half a second to validate a plan."""
    import xcplan.lint.schema

    here = os.getpid()
    validate = xcplan.lint.schema.validate_plan

    def slow(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != here:
            time.sleep(0.5)
        return validate(*args, **kwargs)

    monkeypatch.setattr(xcplan.lint.schema, "validate_plan", slow)
    monkeypatch.setattr(ahead, "DATA_FROM", 1)  # the retail example, sent as a big file is


@pytest.mark.usefixtures("slow_in_the_second_process")
def test_a_big_file_s_data_is_validated_here_when_its_plan_has_not_come(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    raw = plan_file.read_bytes()
    began = time.monotonic()
    assert ahead.config(plan_file, plan_file.parent / "xcplan.toml") is None  # not waited for
    plan = ahead.plan(plan_file, raw)
    assert time.monotonic() - began < 0.5
    assert plan is not None and plan == load_plan(raw).plan


def test_a_big_file_s_plan_is_taken_when_it_has_come(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xcplan.lint.schema

    monkeypatch.setattr(ahead, "DATA_FROM", 1)
    assert ahead.start(plan_file)
    started = ahead._read(plan_file, ahead._CONFIG, 30)  # everything it sends has come
    assert started is not None and ahead._CONFIG in started.received

    def not_here(*args: object) -> None:
        raise AssertionError("validated by the planner")

    monkeypatch.setattr(xcplan.lint.schema, "validate_plan", not_here)
    raw = plan_file.read_bytes()
    plan = ahead.plan(plan_file, raw)
    monkeypatch.undo()
    assert plan is not None and plan == load_plan(raw).plan


@pytest.mark.usefixtures("linted_ahead")
def test_the_lint_is_taken_under_the_config_taken_from_the_process(plan_file: Path) -> None:
    found = plan_file.parent / "xcplan.toml"
    assert ahead.start(plan_file)
    config = ahead.config(plan_file, found)
    raw = plan_file.read_bytes()
    plan = ahead.plan(plan_file, raw)
    assert config is not None and plan is not None
    _same(ahead.linted(plan_file, raw, config, "plan.yaml"), plan, found, "plan.yaml")


@pytest.mark.usefixtures("linted_ahead")
def test_the_lint_without_taking_the_plan_first(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    raw = plan_file.read_bytes()
    config = load_config(plan_file.parent / "xcplan.toml")
    found = ahead.linted(plan_file, raw, config, "plan.yaml")
    plan = load_plan(raw).plan
    assert plan is not None
    _same(found, plan, plan_file.parent / "xcplan.toml", "plan.yaml")


@pytest.mark.usefixtures("linted_ahead")
@pytest.mark.parametrize("told", [True, False], ids=["told at once", "told when asked"])
def test_the_touchpoints_shared_out_between_processes_are_linted_as_here(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch, told: bool
) -> None:
    monkeypatch.setattr(ahead, "SHARED_FROM", 1)
    monkeypatch.setattr(ahead, "_parts", lambda: 3)
    assert ahead.start(plan_file)
    if told:  # before it lints a touchpoint: it shares out all of them
        ahead.first_screen_drawn(plan_file)
    raw = plan_file.read_bytes()
    plan = load_plan(raw).plan
    assert plan is not None
    config = load_config(plan_file.parent / "xcplan.toml")
    found = ahead.linted(plan_file, raw, config, "plan.yaml")
    _same(found, plan, plan_file.parent / "xcplan.toml", "plan.yaml")


def test_a_small_plan_is_left_to_the_planner_to_lint(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    raw = plan_file.read_bytes()
    _sent(plan_file)
    assert ahead.plan(plan_file, raw) is not None
    config = load_config(plan_file.parent / "xcplan.toml")
    started = time.monotonic()
    assert ahead.linted(plan_file, raw, config, "plan.yaml") is None
    assert time.monotonic() - started < ahead.lint_wait(len(raw))  # it ended: no wait


@pytest.mark.usefixtures("linted_ahead")
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
    assert ahead.linted(plan_file, raw, other, "plan.yaml") is None


@pytest.mark.usefixtures("linted_ahead")
def test_the_plan_is_waited_for_as_long_as_loading_it_would_take(
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
    assert waits == [pytest.approx(ahead.data_wait(len(raw)), abs=0.01)]
    monkeypatch.undo()
    monkeypatch.setattr(ahead, "LINTED_FROM", 1)
    config = load_config(plan_file.parent / "xcplan.toml")
    assert ahead.linted(plan_file, raw, config, "plan.yaml") is not None


def test_the_waits_grow_with_the_file() -> None:
    assert 0.2 < ahead.data_wait(10_000) < 0.21
    assert ahead.data_wait(1_000_000) == pytest.approx(0.7)
    assert ahead.data_wait(5 * 1024 * 1024) < 2.9
    assert 2 < ahead.lint_wait(10_000) < 2.1
    assert ahead.lint_wait(1_000_000) == pytest.approx(6.0)


@pytest.mark.usefixtures("linted_ahead")
def test_a_process_that_takes_too_long_is_stopped(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "_lint", _stuck)  # in the fork too
    monkeypatch.setattr(ahead, "lint_wait", lambda size: 0.2)
    assert ahead.start(plan_file)
    pid = ahead._started[plan_file.resolve()].pid
    config = load_config(plan_file.parent / "xcplan.toml")
    assert ahead.linted(plan_file, plan_file.read_bytes(), config, "plan.yaml") is None
    assert not ahead.started(plan_file)
    _ends(pid)


@pytest.mark.parametrize(
    "text",
    [
        "xcplan: 1\ncampaign: [unclosed\n",
        # Parsed, and refused by the models: nothing is sent.
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


def _ends(pid: int) -> None:
    """Wait until process ``pid`` is gone (ended and reaped)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError("the second process is still there")


@pytest.mark.usefixtures("linted_ahead")
def test_the_process_ends_when_the_planner_is_done_with_it(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    pid = ahead._started[plan_file.resolve()].pid
    config = load_config(plan_file.parent / "xcplan.toml")
    assert ahead.linted(plan_file, plan_file.read_bytes(), config, "plan.yaml") is not None
    _ends(pid)


@pytest.mark.usefixtures("linted_ahead")
def test_the_process_ends_when_the_planner_lets_it_go(plan_file: Path) -> None:
    assert ahead.start(plan_file)
    pid = ahead._started[plan_file.resolve()].pid
    _sent(plan_file)
    # Other bytes: the planner is done with it before it is told the first screen is drawn.
    assert ahead.plan(plan_file, b"other") is None
    _ends(pid)


@pytest.mark.parametrize("parts", [1, 2, 3, 4])
@pytest.mark.parametrize("count", [0, 5, 31, 672])
@pytest.mark.parametrize("head", [0.0, 7.5, 400.0])
def test_the_touchpoints_are_dealt_out_once_each_and_evenly(
    parts: int, count: int, head: float
) -> None:
    weights = [1 + (index * 7) % 5 for index in range(count)]  # 1 to 5 variants
    shares = ahead._shares(list(range(count)), weights, parts, head)
    assert len(shares) == parts
    assert sorted(index for share in shares for index in share) == list(range(count))
    assert all(share == sorted(share) for share in shares)
    loads = [sum(weights[index] for index in share) for share in shares]
    loads[0] += head
    if parts > 1 and count and sum(weights) >= head * parts:
        # Each ends within one touchpoint of the others; the first started with ``head``.
        assert max(loads) - min(loads) <= max(weights)
        assert len(shares[0]) < max(len(share) for share in shares) or head == 0
