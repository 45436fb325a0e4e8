"""Snapshots of the dialogs added in part 2, each shown on its own in a small app.

The dialog is shown by ``DialogHost`` (cursor blink and animations off) rather than over the
plan editor, so a change to the editor does not change these snapshots. The plan is opened by a
relative path from the examples folder, so no absolute path of the checkout is in them. Review
changed snapshots with ``pytest tests/tui --snapshot-report`` before accepting them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import EXAMPLES
from tests.tui.hosts import DialogHost, settled
from xcplan.io.config import load_config
from xcplan.lint.engine import check_bytes
from xcplan.model.plan import Plan
from xcplan.tui.dialogs.export import ExportDialog

SnapCompare = Callable[..., bool]
RETAIL_NAME = "retail-app-launch.yaml"


def _retail(monkeypatch: pytest.MonkeyPatch) -> tuple[Plan, Path]:
    monkeypatch.chdir(EXAMPLES)
    path = Path(RETAIL_NAME)
    result = check_bytes(path.read_bytes(), RETAIL_NAME, load_config(Path("xcplan.toml")))
    assert result.plan is not None
    return result.plan, path


class TestExportDialog:
    """The export dialog on the retail example, at 120x40."""

    def test_ready(self, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch) -> None:
        """Checked: the formats, the file beside the plan, no errors, the infos it lists."""
        plan, path = _retail(monkeypatch)
        host = DialogHost(ExportDialog(plan, load_config(Path("xcplan.toml")), path))

        async def run_before(pilot: Pilot[Any]) -> None:
            await settled(pilot)

        assert snap_compare(host, terminal_size=(120, 40), run_before=run_before)

    def test_errors(self, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch) -> None:
        """A plan with two errors: they are listed, the list has the focus, Export is off."""
        plan, path = _retail(monkeypatch)
        touchpoints = list(plan.touchpoints)
        touchpoints[1] = touchpoints[1].model_copy(update={"channel": "fax"})
        touchpoints[3] = touchpoints[3].model_copy(update={"stage": "nowhere"})
        plan = plan.model_copy(update={"touchpoints": touchpoints})
        host = DialogHost(ExportDialog(plan, load_config(Path("xcplan.toml")), path))

        async def run_before(pilot: Pilot[Any]) -> None:
            await settled(pilot)

        assert snap_compare(host, terminal_size=(120, 40), run_before=run_before)
