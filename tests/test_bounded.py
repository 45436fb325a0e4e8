"""Bounded work: what is read is checked before it is read, and every command is linear."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from xcplan.cli.files import read_input
from xcplan.errors import InputError
from xcplan.export.resolved import anchors
from xcplan.io.limits import MAX_BYTES
from xcplan.lint.context import LintContext
from xcplan.lint.engine import check_bytes
from xcplan.lint.rules.structure import _after_loops
from xcplan.model.config import Config
from xcplan.model.plan import Plan


def test_a_huge_file_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: 2 GB that cost nothing to make
    assert len(read_input(path)) == MAX_BYTES + 1
    start = time.perf_counter()
    run = xcplan("validate", str(path))
    assert run.code == 1
    assert "XC006" in run.stdout
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_fifos_and_devices_are_refused(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "plan.yaml"
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read_input(path)
    for command in ("validate", "fmt", "export", "preview"):
        run = xcplan(command, str(path))
        assert run.code == 2
        assert run.stderr.count("\n") == 1, run.stderr


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        (codecs.BOM_UTF32_LE + "xcplan: 1\n".encode("utf-32-le"), "UTF-32"),
        (codecs.BOM_UTF32_BE + "xcplan: 1\n".encode("utf-32-be"), "UTF-32"),
        ("xcplan: 1\n".encode("utf-32-le"), "UTF-32"),
        (codecs.BOM_UTF16_LE + "xcplan: 1\n".encode("utf-16-le"), "UTF-16"),
        ("xcplan: 1\n".encode("utf-16-be"), "UTF-16"),
    ],
)
def test_wide_encodings_are_named_right(raw: bytes, word: str) -> None:
    (diagnostic,) = check_bytes(raw).diagnostics
    assert diagnostic.code == "XC001"
    assert word in diagnostic.message


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_deep_nesting_is_xc006(opener: str) -> None:
    raw = ("xcplan: 1\ncampaign: " + opener * 100_000).encode()
    if opener == "- ":
        raw = ("xcplan: 1\ncampaign:\n" + "".join("  " * i + "-\n" for i in range(200))).encode()
    codes = [d.code for d in check_bytes(raw).diagnostics]
    assert codes == ["XC006"]


def _chain(length: int, loop: bool = False) -> Plan:
    touchpoints = [
        {
            "id": f"t{i}",
            "personas": ["p"],
            "stage": "onboarding",
            "channel": "e",
            "delay": "1d",
            **({"after": f"t{i - 1}"} if i else {"trigger": "signed_up"}),
            "variants": [{"id": "a", "subject": "Hi", "body": "Hi"}],
        }
        for i in range(length)
    ]
    if loop:
        touchpoints[0]["after"] = f"t{length - 1}"
    return Plan.model_validate(
        {
            "xcplan": 1,
            "campaign": {"id": "c", "name": "C", "objective": "O"},
            "personas": [{"id": "p", "name": "P"}],
            "channels": [{"id": "e", "kind": "email"}],
            "touchpoints": touchpoints,
        }
    )


def test_after_chains_are_checked_in_linear_time() -> None:
    plan = _chain(30_000)
    start = time.perf_counter()
    assert _after_loops(LintContext(plan, Config())) == {}
    starts = anchors(plan)
    assert time.perf_counter() - start < 2
    assert starts["t29999"] == ("signed_up", 30_000 * 1440)
    looped = _chain(5_000, loop=True)
    assert list(_after_loops(LintContext(looped, Config()))) == [0]
    assert set(anchors(looped).values()) == {None}
