"""Every rule code has fixtures: a plan that triggers it at the expected place, and a
near-identical one that does not.

Fixtures live in ``tests/fixtures/rules/<CODE>/``. Each starts with comment lines that say what
to expect::

    # expect: XC301 14:9          the code must be reported at line 14, column 9
    # expect-not: XC301           the code must not be reported at all
    # config: brand.toml          (optional) an xcplan.toml beside the fixture to lint with

A fixture may expect several findings (one ``expect`` line each); findings of other codes are
allowed, so fixtures can stay small.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from xcplan.io.config import load_config
from xcplan.lint.catalogue import RULES
from xcplan.lint.engine import check_bytes
from xcplan.model.config import Config

RULE_DIR = FIXTURES / "rules"
_EXPECT = re.compile(r"^# expect: (XC\d{3}) (\d+):(\d+)\s*$", re.MULTILINE)
_EXPECT_NOT = re.compile(r"^# expect-not: (XC\d{3})\s*$", re.MULTILINE)
_CONFIG = re.compile(r"^# config: (\S+)\s*$", re.MULTILINE)


def _fixtures() -> list[Path]:
    return sorted(RULE_DIR.glob("XC*/*.yaml"))


def _config(path: Path, text: str) -> Config:
    found = _CONFIG.search(text)
    return load_config(path.parent / found.group(1)) if found else Config()


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture(path: Path) -> None:
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    expected = [(code, int(line), int(col)) for code, line, col in _EXPECT.findall(text)]
    absent = _EXPECT_NOT.findall(text)
    assert expected or absent, f"{path} says nothing to expect"
    result = check_bytes(raw, path.name, _config(path, text))
    found = {(d.code, d.line, d.column) for d in result.diagnostics}
    shown = "\n".join(f"{d.line}:{d.column} {d.code} {d.message}" for d in result.diagnostics)
    for item in expected:
        assert item in found, f"expected {item} in {path.name}; got:\n{shown}"
    for code in absent:
        assert all(d.code != code for d in result.diagnostics), f"{code} in {path.name}:\n{shown}"


def test_every_code_has_a_failing_and_a_passing_fixture() -> None:
    triggered: set[str] = set()
    cleared: set[str] = set()
    for path in _fixtures():
        text = path.read_text(encoding="utf-8", errors="replace")
        triggered.update(code for code, _, _ in _EXPECT.findall(text))
        cleared.update(_EXPECT_NOT.findall(text))
    missing_bad = sorted(set(RULES) - triggered)
    missing_good = sorted(set(RULES) - cleared)
    assert not missing_bad, f"codes with no triggering fixture: {missing_bad}"
    assert not missing_good, f"codes with no passing fixture: {missing_good}"
