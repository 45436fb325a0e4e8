"""The planner's first lint of a file is kept in the cache, and given back for the same bytes,
config and code only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from xcplan.edit.linting import Linter
from xcplan.edit.stored import store_diagnostics, stored_diagnostics
from xcplan.io.cache import ResultCache
from xcplan.io.config import load_config
from xcplan.io.load import load_plan
from xcplan.lint.diagnostics import Diagnostic

RETAIL = EXAMPLES / "retail-app-launch.yaml"


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.delenv("XCPLAN_NO_CACHE")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(root))
    return root


def _linted(raw: bytes) -> list[Diagnostic]:
    plan = load_plan(raw).plan
    assert plan is not None
    return Linter(load_config(EXAMPLES / "xcplan.toml"), "plan.yaml").lint(plan)


def _full(diagnostics: list[Diagnostic]) -> list[tuple[object, ...]]:
    # ``==`` on diagnostics leaves ``loc`` out; the planner needs it (jumps, marks).
    return [(d, d.loc, d.file) for d in diagnostics]


def test_kept_diagnostics_come_back_as_they_were(cache_root: Path) -> None:
    raw = RETAIL.read_bytes().replace(b"{{ first_name }}", b"{{ first_nam }}")
    config = load_config(EXAMPLES / "xcplan.toml")
    found = _linted(raw)
    assert any(d.code == "XC402" for d in found) and all(d.loc for d in found)
    assert stored_diagnostics(raw, config, "plan.yaml") is None
    store_diagnostics(raw, config, found)
    again = stored_diagnostics(raw, config, "plan.yaml")
    assert again is not None
    assert _full(again) == _full(found)
    # Another file name: the same problems, in that file.
    elsewhere = stored_diagnostics(raw, config, "other.yaml")
    assert elsewhere is not None and {d.file for d in elsewhere} == {"other.yaml"}


def test_other_bytes_or_config_miss(cache_root: Path) -> None:
    raw = RETAIL.read_bytes()
    config = load_config(EXAMPLES / "xcplan.toml")
    store_diagnostics(raw, config, _linted(raw))
    assert stored_diagnostics(raw + b"\n", config, "plan.yaml") is None
    assert config.brand is not None
    stricter = config.model_copy(
        update={"brand": config.brand.model_copy(update={"max_exclamations": 0})}
    )
    assert stored_diagnostics(raw, stricter, "plan.yaml") is None
    assert stored_diagnostics(raw, config, "plan.yaml") is not None


def test_an_unchanged_report_is_not_written_again(
    cache_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = RETAIL.read_bytes()
    config = load_config(EXAMPLES / "xcplan.toml")
    found = _linted(raw)
    store_diagnostics(raw, config, found)
    written: list[str] = []
    monkeypatch.setattr(ResultCache, "put", lambda self, key, entries: written.append(key))
    store_diagnostics(raw, config, found, kept=stored_diagnostics(raw, config, "plan.yaml"))
    assert written == []
    store_diagnostics(raw, config, found, kept=[])
    assert len(written) == 1


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        '[{"code": "XC402"}]',
        '[{"code": "XC402", "severity": "loud", "message": "m", "path": "p", "line": 1,'
        ' "column": 1, "loc": []}]',
        '[{"code": "XC402", "severity": "error", "message": "m", "path": "p", "line": 1,'
        ' "column": 1, "loc": [true]}]',
        '[{"code": "XC402", "severity": "error", "message": "m", "path": "p", "line": 1,'
        ' "column": 1, "loc": "touchpoints"}]',
    ],
)
def test_a_damaged_entry_is_a_miss(cache_root: Path, damage: str) -> None:
    raw = RETAIL.read_bytes()
    config = load_config(EXAMPLES / "xcplan.toml")
    store_diagnostics(raw, config, _linted(raw))
    (entry,) = cache_root.rglob("*.json")
    entry.write_text(damage, encoding="utf-8")
    assert stored_diagnostics(raw, config, "plan.yaml") is None


def test_nothing_is_kept_with_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XCPLAN_NO_CACHE", "1")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(tmp_path / "cache"))
    raw = RETAIL.read_bytes()
    config = load_config(EXAMPLES / "xcplan.toml")
    store_diagnostics(raw, config, _linted(raw))
    assert not (tmp_path / "cache").exists()
    assert stored_diagnostics(raw, config, "plan.yaml") is None
