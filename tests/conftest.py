"""Shared test helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def examples_dir() -> Path:
    """The repository's examples folder."""
    return EXAMPLES


@pytest.fixture(autouse=True)
def _no_result_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests see every check run afresh; tests/test_cache.py turns the cache on itself. What
    is kept whatever the setting (the planner's parsed styles, ``xcplan.tui.styles``) goes to
    a folder of the test run's own, never the cache of the user running the tests."""
    monkeypatch.setenv("XCPLAN_NO_CACHE", "1")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
