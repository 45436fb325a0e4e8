"""Run the CLI in-process, as the console script would, and capture what it prints."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from xcplan.cli.app import main

GOLDEN = Path(__file__).resolve().parent / "golden"


@dataclass
class Run:
    """What one command printed and its exit code."""

    code: int
    stdout: str
    stderr: str


def xcplan(*args: str) -> Run:
    """Run ``xcplan ARGS`` through ``main()`` and return its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["xcplan", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 2)
    finally:
        sys.argv = argv
    return Run(code, out.getvalue(), err.getvalue())


def check_golden(name: str, actual: str) -> None:
    """Assert that ``actual`` is the golden file ``tests/golden/NAME``; with
    ``XCPLAN_UPDATE_GOLDEN=1``, write it instead (review the diff before committing)."""
    path = GOLDEN / name
    if os.environ.get("XCPLAN_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert actual == path.read_text(encoding="utf-8")
