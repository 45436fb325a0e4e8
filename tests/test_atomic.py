"""Saving keeps what the file was, and killed saves leave at most one temporary file."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES
from xcplan.io.atomic import (
    TEMP_SUFFIX,
    ReadOnlyError,
    check_writable,
    is_read_only,
    save_target,
    temp_path,
    write_atomic,
)

PLAN = (EXAMPLES / "retail-app-launch.yaml").read_text(encoding="utf-8")
LAYOUT = PLAN.replace("xcplan: 1\n", "xcplan:   1\n", 1)  # not canonical: fmt rewrites it


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "plan.yaml"
    real.write_text(LAYOUT, encoding="utf-8")
    link = tmp_path / "plan.yaml"
    link.symlink_to(Path("real") / "plan.yaml")
    assert save_target(link) == real.resolve()
    run = xcplan("fmt", str(link))
    assert run.code == 0, run.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == PLAN
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


def test_mode_and_owner_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LAYOUT, encoding="utf-8")
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 12345, 23456)
    write_atomic(path, PLAN)
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (12345, 23456)
    assert path.read_text(encoding="utf-8") == PLAN


def test_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", PLAN)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


def test_fmt_does_not_replace_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LAYOUT, encoding="utf-8")
    path.chmod(0o444)
    assert is_read_only(path)
    with pytest.raises(ReadOnlyError):
        check_writable(path)
    run = xcplan("fmt", str(path))
    assert run.code == 2
    assert run.stderr.strip().splitlines() == [
        f"xcplan: error: {path}: the file is read-only; not formatted"
    ]
    assert path.read_text(encoding="utf-8") == LAYOUT
    export = xcplan("export", str(EXAMPLES / "retail-app-launch.yaml"), "-o", str(path))
    assert export.code == 2
    assert "read-only; not written" in export.stderr
    assert path.read_text(encoding="utf-8") == LAYOUT


def test_the_planner_may_replace_a_read_only_file_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(LAYOUT, encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(ReadOnlyError):
        write_atomic(path, PLAN)
    write_atomic(path, PLAN, replace_read_only=True)
    assert path.read_text(encoding="utf-8") == PLAN
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_stray_temporary_file_is_reused_and_removed(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    temp_path(path).write_text("half a save", encoding="utf-8")
    write_atomic(path, PLAN)
    assert path.read_text(encoding="utf-8") == PLAN
    assert _leftovers(tmp_path) == []


_SAVER = """
import sys
from pathlib import Path
from xcplan.io.atomic import write_atomic
path = Path(sys.argv[1])
texts = [sys.argv[2] * 20000, sys.argv[3] * 20000]
print("ready", flush=True)
i = 0
while True:
    write_atomic(path, texts[i % 2])
    i += 1
"""


def test_killed_saves_leave_at_most_one_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    a, b = "a" * 50 + "\n", "b" * 50 + "\n"
    path.write_text(a * 20000, encoding="utf-8")
    rng = random.Random(10)
    deadline = time.monotonic() + 20
    kills = 0
    while kills < 60 and time.monotonic() < deadline:
        saver = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(path), a, b],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert saver.stdout is not None
        assert saver.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0, 0.03))
        saver.send_signal(signal.SIGKILL)
        saver.wait()
        kills += 1
        assert path.read_text(encoding="utf-8") in (a * 20000, b * 20000)
        assert len(_leftovers(tmp_path)) <= 1
    assert kills >= 20
    write_atomic(path, PLAN)
    assert _leftovers(tmp_path) == []


def test_bytes_are_written_as_they_are(tmp_path: Path) -> None:
    """Bytes (a pickle, say) are written unchanged, atomically like text."""
    target = tmp_path / "kept.bin"
    data = bytes(range(256)) + b"\r\n\x00"
    write_atomic(target, data)
    assert target.read_bytes() == data
    write_atomic(target, b"again")
    assert target.read_bytes() == b"again"
    assert sorted(tmp_path.iterdir()) == [target]
