"""The core layers never import textual, rich or typer; the fast CLI paths never import textual.

Each check runs in a fresh interpreter, so modules imported by other tests cannot hide a leak.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

CORE_MODULES = [
    "xcplan.model",
    "xcplan.model.schema",
    "xcplan.io.yaml_source",
    "xcplan.io.canonical",
    "xcplan.io.config",
    "xcplan.io.atomic",
    "xcplan.io.cache",
    "xcplan.io.library",
    "xcplan.io.templates",
    "xcplan.export.resolved",
    "xcplan.export.brief",
    "xcplan.render.templates",
    "xcplan.render.copytext",
    "xcplan.lint.engine",
    "xcplan.lint.catalogue",
    "xcplan.render.measure",
]
UI_PACKAGES = {"textual", "rich", "typer", "click"}


def _loaded_after(code: str) -> set[str]:
    listing = "sorted({m.split('.')[0] for m in sys.modules})"
    probe = f"{code}\nimport sys, json\nprint(json.dumps({listing}))"

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_ui(module: str) -> None:
    leaked = _loaded_after(f"import {module}") & UI_PACKAGES
    assert not leaked, f"{module} imports {sorted(leaked)}"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLES)],
        ["fmt", "--check", str(EXAMPLES)],
        ["schema"],
        ["rules", "XC301"],
        ["--version"],
    ],
)
def test_fast_commands_do_not_import_textual(args: list[str]) -> None:
    code = (
        "import sys, io, contextlib\n"
        f"sys.argv = ['xcplan', *{args!r}]\n"
        "from xcplan.cli.app import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    loaded = _loaded_after(code)
    assert "textual" not in loaded
    assert "rich" not in loaded
    assert "xcplan" in loaded
