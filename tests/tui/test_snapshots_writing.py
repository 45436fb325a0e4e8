"""Snapshots of writing the copy: the Messages tab (an email, a Polish SMS, an Arabic SMS in
UCS-2, the small terminal), the Brand voice tab and the help screen.

Review changed snapshots with ``pytest tests/tui --snapshot-report`` before accepting them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.conftest import EXAMPLES
from tests.tui.conftest import RETAIL, app_for, plan_screen, settle
from xcplan.tui.widgets.messages import MessagesPane

SnapCompare = Callable[..., bool]


def on_touchpoint(touchpoint_id: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a ``run_before`` that opens a touchpoint on the Messages tab and types ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = plan_screen(pilot.app)  # type: ignore[arg-type]
        screen.tabs.active = "tab-messages"
        await pilot.pause()
        assert screen.query_one(MessagesPane).choose_touchpoint(touchpoint_id, 0, "body")
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


class TestMessages:
    """The Messages tab at 120x40 and at 80x24."""

    def test_email(self, snap_compare: SnapCompare) -> None:
        """The launch email: variants a and b, subject, preheader, body, CTA, the split."""
        assert snap_compare(
            app_for(RETAIL), terminal_size=(120, 40), run_before=on_touchpoint("launch-email")
        )

    def test_polish_sms(self, snap_compare: SnapCompare) -> None:
        """A Polish SMS: UCS-2 because of ą ż ć, two segments, the start of segment 2 marked."""
        assert snap_compare(
            app_for(EXAMPLES / "kampania-pl.yaml"),
            terminal_size=(120, 40),
            run_before=on_touchpoint("sms-koszyk"),
        )

    def test_arabic_sms(self, snap_compare: SnapCompare) -> None:
        """An Arabic SMS in UCS-2: right-aligned copy, the letters that forced UCS-2."""
        assert snap_compare(
            app_for(EXAMPLES / "hamla-ar.yaml"),
            terminal_size=(120, 40),
            run_before=on_touchpoint("eid-sms"),
        )

    def test_small_terminal(self, snap_compare: SnapCompare) -> None:
        """At 80x24 the preview goes under the editor; the tree stays on the left."""
        assert snap_compare(
            app_for(RETAIL), terminal_size=(80, 24), run_before=on_touchpoint("first-order-sms")
        )


def on_tab(tab: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Return a ``run_before`` that shows ``tab`` and presses ``keys``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        plan_screen(pilot.app).tabs.active = f"tab-{tab}"  # type: ignore[arg-type]
        await pilot.pause()
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


class TestBrandAndHelp:
    """The Brand voice tab and the help screen, on the retail example at 120x40."""

    def test_brand_voice(self, snap_compare: SnapCompare) -> None:
        """The examples' xcplan.toml: name, voice, banned and preferred terms, the limits."""
        assert snap_compare(app_for(RETAIL), terminal_size=(120, 40), run_before=on_tab("brand"))

    def test_help_screen(self, snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch) -> None:
        """f1 on the Messages tab: every key with its id, and how to change one."""
        # The keymap file it names, the same on every machine.
        monkeypatch.delenv("XCPLAN_KEYMAP", raising=False)
        monkeypatch.setenv("XDG_CONFIG_HOME", "/home/marketer/.config")
        assert snap_compare(
            app_for(RETAIL), terminal_size=(120, 40), run_before=on_tab("messages", "f1")
        )
