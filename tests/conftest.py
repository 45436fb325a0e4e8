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
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see every check run afresh; tests/test_cache.py turns the cache on itself."""
    monkeypatch.setenv("XCPLAN_NO_CACHE", "1")
