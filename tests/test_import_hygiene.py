"""The core layers never import textual, rich or typer; the fast CLI paths never import textual.

Each check runs in a fresh interpreter, so modules imported by other tests cannot hide a leak.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import xcplan
from tests.conftest import EXAMPLES, FIXTURES

CORE_LAYERS = ("model", "io", "render", "lint", "journey", "export", "edit", "diff")
PACKAGE_DIR = Path(xcplan.__file__).resolve().parent


def _layer_modules(layer: str) -> list[str]:
    """Return every module of a core layer, found on disk (no hand-kept list to forget)."""
    folder = PACKAGE_DIR / layer
    if not folder.is_dir():
        return []
    names = [f"xcplan.{layer}"]
    for info in pkgutil.walk_packages([str(folder)], prefix=f"xcplan.{layer}."):
        names.append(info.name)
    return sorted(names)


UI_PACKAGES = {"textual", "rich", "typer", "click"}


def _loaded_after(code: str) -> set[str]:
    listing = "sorted({m.split('.')[0] for m in sys.modules})"
    probe = f"{code}\nimport sys, json\nprint(json.dumps({listing}))"

    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_every_core_layer_is_found() -> None:
    # Guards the discovery itself: a wrong folder name would make the test below vacuous.
    for layer in ("model", "io", "render", "lint", "export", "edit", "diff", "journey"):
        assert len(_layer_modules(layer)) > 1, layer
    # The edit layer's modules are all found (the planner's core: a leak there is costly).
    found = set(_layer_modules("edit"))
    on_disk = {f"xcplan.edit.{path.stem}" for path in (PACKAGE_DIR / "edit").glob("*.py")}
    assert on_disk - {"xcplan.edit.__init__"} <= found


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layer_imports_no_ui(layer: str) -> None:
    # One fresh interpreter per module: a module that leaks cannot hide behind another that
    # was imported first and already loaded the UI package for some other reason.
    modules = _layer_modules(layer)
    for module in modules:
        leaked = _loaded_after(f"import {module}") & UI_PACKAGES
        assert not leaked, f"{module} imports {sorted(leaked)}"


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(EXAMPLES)],
        ["fmt", "--check", str(EXAMPLES)],
        ["schema"],
        ["rules", "XC301"],
        ["diff", str(EXAMPLES / "kampania-pl.yaml"), str(EXAMPLES / "hamla-ar.yaml")],
        ["validate", "--format", "sarif", str(EXAMPLES)],
        ["simulate", str(EXAMPLES / "retail-app-launch.yaml")],
        ["--version"],
        ["cost", str(FIXTURES / "cli" / "cost" / "plan.yaml")],
        ["cost", "--format", "json", str(FIXTURES / "cli" / "cost" / "plan.yaml")],
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
