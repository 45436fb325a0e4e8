"""No import cycle anywhere in the package, checked by the team's tool (``shared/tools``).

The tool reads every module's imports from its source (function-level and ``TYPE_CHECKING``
imports included), so a cycle cannot hide behind a lazy import.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

TOOL = ROOT.parent / "shared" / "tools" / "import-cycles.py"


def test_the_package_has_no_import_cycle() -> None:
    if not TOOL.is_file():
        pytest.skip(f"{TOOL} is not there (the team's shared tools sit beside the repository)")
    done = subprocess.run(
        [sys.executable, str(TOOL), str(ROOT / "xcplan")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "0 import cycles", done.stdout
