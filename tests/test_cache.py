"""The validation cache: a hit gives the same diagnostics; any change of input is a miss."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import FIXTURES
from xcplan.io.cache import ResultCache, cache_dir

MIXED = FIXTURES / "cli" / "mixed.yaml"


@pytest.fixture
def cache_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.delenv("XCPLAN_NO_CACHE")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(root))
    return root


def _entries(root: Path) -> list[Path]:
    return sorted(root.rglob("*.json"))


def test_hit_gives_the_same_output(cache_root: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(MIXED, plan)
    first = xcplan("validate", "--format", "json", str(plan))
    assert len(_entries(cache_root)) == 1
    second = xcplan("validate", "--format", "json", str(plan))
    assert second.stdout == first.stdout
    assert second.code == first.code == 1
    assert len(_entries(cache_root)) == 1


def test_changed_plan_or_config_is_a_miss(cache_root: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(MIXED, plan)
    xcplan("validate", str(plan))
    plan.write_text(MIXED.read_text(encoding="utf-8").replace("    after: welcom\n", ""), "utf-8")
    assert xcplan("validate", str(plan)).code == 0
    (tmp_path / "xcplan.toml").write_text("[lint]\nseverity = {XC205 = 'error'}\n", "utf-8")
    assert xcplan("validate", str(plan)).code == 1
    assert len(_entries(cache_root)) == 3


def test_no_cache_flag_and_env(cache_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    xcplan("validate", "--no-cache", str(MIXED))
    assert _entries(cache_root) == []
    monkeypatch.setenv("XCPLAN_NO_CACHE", "1")
    assert cache_dir() is None


def test_damaged_entry_is_a_miss(cache_root: Path) -> None:
    xcplan("validate", str(MIXED))
    (entry,) = _entries(cache_root)
    entry.write_text("{not json", encoding="utf-8")
    run = xcplan("validate", "--format", "json", str(MIXED))
    assert len(json.loads(run.stdout)) == 5
    entry.write_text(json.dumps([{"code": "XC001"}]), encoding="utf-8")
    assert ResultCache(cache_root).get(entry.stem) is None


def test_unwritable_cache_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.delenv("XCPLAN_NO_CACHE")
    monkeypatch.setenv("XCPLAN_CACHE_DIR", str(blocker / "cache"))
    run = xcplan("validate", str(MIXED))
    assert run.code == 1
    assert "Traceback" not in run.stderr


def test_prune_keeps_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("xcplan.io.cache.MAX_ENTRIES", 2)
    cache = ResultCache(tmp_path)
    for index in range(4):
        cache.put(cache.key(f"plan {index}".encode(), None), [])
    cache.prune()
    assert len(list(tmp_path.rglob("*.json"))) == 2
