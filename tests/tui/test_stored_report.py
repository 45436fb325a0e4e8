"""Opening a file the planner has linted before shows its problems at once, from the cache; the
plan is linted again in the background all the same."""

from __future__ import annotations

import select
import threading
from pathlib import Path
from typing import Any

import pytest

import xcplan.edit.document
from tests.tui.conftest import app_for, plan_screen, settle
from xcplan.edit import ahead
from xcplan.edit.linting import Linter
from xcplan.edit.report import LintReport
from xcplan.tui import styles
from xcplan.tui.widgets.problems import tab_title


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.delenv("XCPLAN_NO_CACHE")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(root))
    return root


def _held(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, list[LintReport]]:
    """Make every lint wait until the event returned is set; the list returned gets each
    report made."""
    go = threading.Event()
    made: list[LintReport] = []
    report = Linter.report

    def held(self: Linter, *args: Any, **kwargs: Any) -> LintReport:
        go.wait(30)
        made.append(report(self, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(Linter, "report", held)
    return go, made


async def _first_report(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch, *, lints: int | None = None
) -> LintReport | None:
    """Open the plan with the lint held; return the report shown before the lint is let go.
    With ``lints``, check that the planner's linter made that many reports (its first lint of
    the whole plan is one), and that it has findings to build on."""
    go, made = _held(monkeypatch)
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = plan_screen(app)
        for _ in range(40):
            await pilot.pause(0.05)
            if screen.report is not None:
                break
        shown = screen.report
        go.set()
        await settle(pilot)
        assert screen.report is not None
        if lints is not None:
            assert len(made) == lints
            assert screen.linter._shared is not None  # adopted what the second process found
        assert screen.tabs.get_tab("tab-problems").label.plain == tab_title(screen.report)
        if shown is not None:
            assert screen.tabs.get_tab("tab-problems").label.plain == tab_title(shown)
        return shown


async def test_a_file_linted_before_shows_its_problems_before_the_lint(
    retail_copy: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first time, nothing is shown until the lint is done; it is kept.
    assert await _first_report(retail_copy, monkeypatch) is None
    assert list((cache_root / "planner-1").rglob("*.json"))
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        linted = plan_screen(app).report
    assert linted is not None
    # The next time, the kept report is shown while the lint still waits.
    shown = await _first_report(retail_copy, monkeypatch)
    assert shown is not None
    assert [(d, d.loc) for d in shown.diagnostics] == [(d, d.loc) for d in linted.diagnostics]
    assert shown.cells == linted.cells


async def test_a_changed_file_is_linted_first(
    retail_copy: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    retail_copy.write_bytes(retail_copy.read_bytes() + b"\n")
    assert await _first_report(retail_copy, monkeypatch) is None


async def test_nothing_is_kept_with_the_cache_off(
    retail_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(tmp_path / "cache"))
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
    # Only what is derived from the code alone is kept with the cache of results off.
    cache = tmp_path / "cache"
    kept = {path.name for path in cache.iterdir()} if cache.exists() else set()
    assert kept <= {f"styles-{styles.FORMAT}"}, kept
    assert await _first_report(retail_copy, monkeypatch) is None


async def test_what_a_second_process_read_and_linted_is_shown_and_adopted(
    retail_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "LINTED_FROM", 1)  # the retail example is small: lint it too
    assert ahead.start(retail_copy)
    started = ahead._started[retail_copy.resolve()]
    assert select.select([started.pipe], [], [], 30)[0]

    def not_here(raw: bytes) -> None:
        raise AssertionError("the plan was parsed again")

    monkeypatch.setattr(xcplan.edit.document, "load_plan", not_here)
    # Shown while the planner's own lint is held; it never lints the whole plan itself.
    shown = await _first_report(retail_copy, monkeypatch, lints=0)
    assert shown is not None
    assert not ahead.started(retail_copy)


async def test_a_kept_report_is_shown_and_the_second_process_adopted(
    retail_copy: Path, cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # linted, and kept
    monkeypatch.setattr(ahead, "LINTED_FROM", 1)
    assert ahead.start(retail_copy)
    shown = await _first_report(retail_copy, monkeypatch, lints=0)
    assert shown is not None
    assert not ahead.started(retail_copy)
