"""Saving in the planner keeps what the file was: a symlink, the mode, the owner; a read-only
plan or ``xcplan.toml`` is replaced only after asking. Real files in temporary folders."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.conftest import EXAMPLES
from tests.tui.conftest import (
    RETAIL,
    app_for,
    notifications,
    plan_screen,
    question,
    settle,
    type_in_name,
)
from xcplan.tui.dialogs.file_name import FileNameDialog
from xcplan.tui.dialogs.question import QuestionDialog


async def _save(pilot: Pilot[Any]) -> None:
    plan_screen(pilot.app).focus()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def _asked_read_only(pilot: Pilot[Any]) -> QuestionDialog:
    """Edit the plan and save it: the planner asks first, the file being read-only."""
    await settle(pilot)
    await type_in_name(pilot, " 2")
    await _save(pilot)
    return await question(pilot, "plan.yaml is read-only")


async def test_a_symlink_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "plans" / "real.yaml"
    real.parent.mkdir()
    shutil.copy(RETAIL, real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    app = app_for(link)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_in_name(pilot, " 2")
        await _save(pilot)
        await settle(pilot)
    assert link.is_symlink() and link.resolve() == real
    assert "name: Acme app launch 2\n" in real.read_text()
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.yaml"]  # no temp file left


async def test_mode_and_owner_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    shutil.copy(RETAIL, path)
    path.chmod(0o640)
    owner = None
    if os.geteuid() == 0:
        owner = (12345, 23456)
        os.chown(path, *owner)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_in_name(pilot, " 2")
        await _save(pilot)
        await settle(pilot)
    info = path.stat()
    assert "name: Acme app launch 2\n" in path.read_text()
    assert stat.S_IMODE(info.st_mode) == 0o640
    if owner is not None:
        assert (info.st_uid, info.st_gid) == owner


@pytest.fixture
def read_only_plan(tmp_path: Path) -> Path:
    """A canonical plan (no comments to ask about) that is read-only."""
    path = tmp_path / "plan.yaml"
    path.write_text((EXAMPLES / "kampania-pl.yaml").read_text())
    path.chmod(0o444)
    return path


async def test_a_read_only_plan_is_not_replaced_without_asking(read_only_plan: Path) -> None:
    before = read_only_plan.read_bytes()
    app = app_for(read_only_plan)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _asked_read_only(pilot)
        assert [choice.label for choice in dialog._choices] == [
            "Save anyway",
            "Save as…",
            "Cancel",
        ]
        await pilot.click("#choice-cancel")
        await settle(pilot)
        assert read_only_plan.read_bytes() == before
        assert plan_screen(app).document.dirty
        assert "Not saved." in notifications(app)
        await _save(pilot)
        await question(pilot, "plan.yaml is read-only")
        await pilot.click("#choice-anyway")
        await settle(pilot)
        assert not plan_screen(app).document.dirty
    assert read_only_plan.read_bytes() != before
    assert "name: Wiosna z książką 2\n" in read_only_plan.read_text()
    assert stat.S_IMODE(read_only_plan.stat().st_mode) == 0o444  # still read-only


async def test_save_as_writes_another_file_and_edits_it(read_only_plan: Path) -> None:
    before = read_only_plan.read_bytes()
    app = app_for(read_only_plan)
    async with app.run_test(size=(120, 40)) as pilot:
        await _asked_read_only(pilot)
        await pilot.click("#choice-save_as")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, FileNameDialog):
                break
        assert isinstance(app.screen, FileNameDialog)
        await pilot.press(*"copy", "enter")
        await settle(pilot)
        screen = plan_screen(app)
        assert screen.document.path == read_only_plan.parent / "copy.yaml"
        assert not screen.document.dirty
        assert "copy.yaml" in str(screen.query_one("#plan-header").render())
    assert read_only_plan.read_bytes() == before
    assert (read_only_plan.parent / "copy.yaml").read_text().count(" 2\n") >= 1


async def test_a_read_only_xcplan_toml_is_not_replaced_without_asking(
    retail_copy: Path,
) -> None:
    config = retail_copy.parent / "xcplan.toml"
    config.write_text((EXAMPLES / "xcplan.toml").read_text())
    config.chmod(0o444)
    before = config.read_bytes()
    app = app_for(retail_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = plan_screen(app)
        screen.tabs.active = "tab-brand"
        await settle(pilot)
        field = screen.query_one("#brand-name", Input)
        field.focus()
        await pilot.press("end", "X")
        await pilot.press("ctrl+b")
        dialog = await question(pilot, "xcplan.toml is read-only")
        assert [choice.value for choice in dialog._choices] == ["anyway", "cancel"]
        await pilot.click("#choice-cancel")
        await pilot.pause()
        assert config.read_bytes() == before
        await pilot.press("ctrl+b")
        await question(pilot, "xcplan.toml is read-only")
        await pilot.click("#choice-anyway")
        await settle(pilot)
    assert 'name = "AcmeX"' in config.read_text()
    assert stat.S_IMODE(config.stat().st_mode) == 0o444
