"""No input gets a traceback: random bytes, truncated plans, binary files, huge files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES
from xcplan.io.limits import MAX_BYTES
from xcplan.lint.engine import check_bytes

RETAIL = (EXAMPLES / "retail-app-launch.yaml").read_bytes()


def _assert_well_formed(raw: bytes) -> None:
    result = check_bytes(raw, "input.yaml")
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1
        assert diagnostic.column >= 1
        assert diagnostic.code.startswith("XC")
        assert diagnostic.message
    if result.plan is None:
        assert any(d.severity == "error" for d in result.diagnostics)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes(raw: bytes) -> None:
    _assert_well_formed(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="xcplan: 1\n-[]{}&*!|>'\"%@`#,?~ \tab\u00e9\x00\ufeff", max_size=200))
def test_random_yaml_like_text(text: str) -> None:
    _assert_well_formed(text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(RETAIL)))
def test_truncated_plan(cut: int) -> None:
    _assert_well_formed(RETAIL[:cut])


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=len(RETAIL) - 1), st.integers(0, 255))
def test_one_corrupted_byte(position: int, byte: int) -> None:
    _assert_well_formed(RETAIL[:position] + bytes([byte]) + RETAIL[position + 1 :])


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\x01\x02\xff\xfe",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"xcplan: 1\n",
        b"xcplan: 1\ncampaign: 7\npersonas: x\nchannels: {}\n",
        b"xcplan: [1]\n",
        b"xcplan: true\n",
        b"- xcplan: 1\n",
        b"xcplan: 1\ncampaign:\n  id: a\n  name: b\n  objective: c\n  vars: {a: {b: c}}\n"
        b"personas: [{id: p, name: n, profile: {x: {y: z}}}]\nchannels: [{id: e, kind: email}]\n"
        b"map: {p: {awareness: email}}\ntouchpoints: [{id: t, personas: p, stage: 1, channel: e,"
        b" variants: {id: a}}]\npolicies: {quiet_hours: {start: 25:00, end: 7}}\n",
        b"xcplan: 1\ncampaign: {id: a, name: b, objective: c, start: 2026-01-01 10:00:00}\n"
        b"personas: []\nchannels: []\n",
        "xcplan: 1\ncampaign: {id: ą, name: \u202e, objective: \U0001f600}\n".encode(),
    ],
    ids=[
        "empty",
        "binary",
        "png",
        "only-version",
        "wrong-types",
        "version-list",
        "version-bool",
        "top-level-list",
        "nested-wrong-types",
        "datetime",
        "unicode-ids",
    ],
)
def test_odd_inputs(raw: bytes) -> None:
    _assert_well_formed(raw)


def test_cli_on_binary_and_huge_files(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x00\xff" * 100)
    run = xcplan("validate", str(binary))
    assert run.code == 1
    assert "XC001" in run.stdout
    assert "Traceback" not in run.stderr
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"xcplan: 1\n" + b"# padding\n" * (MAX_BYTES // 10 + 1))
    run = xcplan("validate", str(huge))
    assert run.code == 1
    assert "XC006" in run.stdout


def test_unreadable_file_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "plan.yaml"
    folder.mkdir()
    run = xcplan("validate", str(folder))
    assert run.code == 0  # a folder named *.yaml holds no plans; nothing to report
    link = tmp_path / "dangling.yaml"
    link.symlink_to(tmp_path / "missing-target.yaml")
    run = xcplan("validate", str(link))
    assert run.code == 2
    assert run.stderr.count("\n") == 1
