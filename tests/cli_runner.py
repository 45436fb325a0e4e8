"""Run the CLI in-process, as the console script would, and capture what it prints."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass

from xcplan.cli.app import main


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
