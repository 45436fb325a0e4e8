"""``xcplan edit``: what it refuses before starting the app, and that it stays lazy."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.test_import_hygiene import _loaded_after
from xcplan.cli import edit
from xcplan.errors import ExitCode, InputError


def test_the_command_module_does_not_import_textual() -> None:
    assert "textual" not in _loaded_after("import xcplan.cli.edit")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("plan.txt", "must end in .yaml or .yml"),
        ("missing/plan.yaml", "no such folder"),
    ],
)
def test_refuses_paths_it_cannot_open(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        edit.run(tmp_path / name, None, interactive=True)


def test_refuses_a_missing_config(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such config"):
        edit.run(EXAMPLES, tmp_path / "nope.toml", interactive=True)


def test_needs_a_terminal() -> None:
    with pytest.raises(InputError, match="interactive terminal"):
        edit.run(EXAMPLES / "retail-app-launch.yaml", None, interactive=False)


def test_runs_the_app_made_by_the_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []

    class FakeApp:
        crash = None
        stopped_by = None
        return_code = None

        def __init__(self, path: Path, config: Any) -> None:
            self.path, self.config = path, config

        def run(self) -> None:
            started.append((self.path, self.config))

    import xcplan.tui.app

    monkeypatch.setattr(xcplan.tui.app, "make_app", lambda path, config=None: FakeApp(path, config))
    plan = EXAMPLES / "retail-app-launch.yaml"
    assert edit.run(plan, None, interactive=True) == ExitCode.OK
    assert started == [(plan, None)]
    # Paused for the start, the collector runs again though this app never drew a screen.
    assert gc.isenabled()
    gc.unfreeze()
