"""The console script: a plain ``xcplan edit PLAN`` opens the planner without Typer, with what
Typer would have given it; every other command line goes to the Typer app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import xcplan
from tests.conftest import EXAMPLES
from tests.test_import_hygiene import _loaded_after
from xcplan.cli import edit, launch
from xcplan.cli.edit import simple_invocation, with_shorthand

PLAN = str(EXAMPLES / "retail-app-launch.yaml")
CONFIG = str(EXAMPLES / "xcplan.toml")

SIMPLE = [
    ["edit"],
    ["edit", PLAN],
    ["edit", "plans/"],
    ["edit", "new-plan.yaml"],
    ["edit", PLAN, "--config", CONFIG],
    ["edit", "--config", CONFIG, PLAN],
    ["edit", "--config", CONFIG],
    [PLAN],
    [PLAN, "--config", CONFIG],
]
OTHER = [
    [],
    ["--version"],
    ["edit", "--help"],
    ["edit", "-h"],
    ["edit", PLAN, PLAN],
    ["edit", "--config"],
    ["edit", f"--config={CONFIG}"],
    ["edit", "--config", CONFIG, "--config", CONFIG],
    ["edit", "--config", "-x.toml"],
    ["edit", "--plan", PLAN],
    ["edit", "--", PLAN],
    ["edit", ""],
    ["validate", PLAN],
    ["-v", PLAN],
]


def _typer_gives(args: list[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Return what the Typer app passes to ``edit.run`` for ``args`` (None when it does not)."""
    given: list[tuple[Path | None, Path | None]] = []

    def run(plan: Path | None, config: Path | None) -> int:
        given.append((plan, config))
        return 0

    monkeypatch.setattr(edit, "run", run)
    xcplan(*args)
    return given[0] if given else None


@pytest.mark.parametrize("args", SIMPLE)
def test_a_simple_invocation_is_what_typer_reads(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    found = simple_invocation(with_shorthand(args))
    assert found is not None
    assert found == _typer_gives(args, monkeypatch)


@pytest.mark.parametrize("args", OTHER)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert simple_invocation(with_shorthand(args)) is None


@pytest.mark.parametrize("args", [["edit", PLAN], [PLAN], ["edit", "--help"], ["--version"]])
def test_the_script_does_what_the_typer_app_does(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without a terminal, the planner refuses to start: the same message and exit code both
    # ways.
    codes = []
    for main in (launch.main, _typer_main):
        monkeypatch.setattr(sys, "argv", ["xcplan", *args])
        with pytest.raises(SystemExit) as done:
            main()
        codes.append(done.value.code)
        out = capsys.readouterr()
        codes.append((out.out, out.err))
    assert codes[0:2] == codes[2:4]
    assert codes[0] == (0 if args[-1] in ("--help", "--version") else 2)


def _typer_main() -> None:
    from xcplan.cli.app import main

    main()


def test_a_simple_invocation_does_not_import_typer() -> None:
    code = (
        "import sys, io, contextlib\n"
        f"sys.argv = ['xcplan', 'edit', {PLAN!r}]\n"
        "from xcplan.cli.launch import main\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    loaded = _loaded_after(code)
    assert "xcplan" in loaded
    assert "typer" not in loaded
    assert "click" not in loaded


def test_python_m_xcplan_is_the_script() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xcplan", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("xcplan ")
