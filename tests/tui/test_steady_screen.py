"""A SteadyScreen is laid out and drawn again only for what changed, and shows what a plain
Textual Screen shows: the layouts and repaints it drops drew nothing new."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from textual import events
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from tests.tui.conftest import screen_text
from xcplan.tui.screens.steady import SteadyScreen


def _rows() -> ComposeResult:
    with VerticalScroll():
        for row in range(30):
            with Horizontal(classes="row"):
                yield Static(f"label {row}")
                yield Input(f"value {row}")


class _Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield from _rows()


class _Steady(SteadyScreen[None]):
    def compose(self) -> ComposeResult:
        yield from _rows()


class _Cover(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("a screen over the rows")


class _Rows(App[None]):
    """Pushes a screen of rows over its default screen, as the planner pushes its plan's."""

    # The scrollbar from the first layout: else it comes after it, and lays the rows out again.
    CSS = """
    VerticalScroll { overflow-y: scroll; }
    .row { height: auto; }
    Static { width: 10; }
    Input { width: 20; }
    """

    def __init__(self, steady: bool) -> None:
        super().__init__()
        self.steady = steady

    def get_default_screen(self) -> Screen[Any]:
        return SteadyScreen(id="_default") if self.steady else Screen(id="_default")

    def on_mount(self) -> None:
        self.call_later(self.push_screen, _Steady() if self.steady else _Plain())


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Count the layouts and the full repaints of the screen of rows."""
    counts: Counter[str] = Counter()
    reflow, full = Compositor.reflow, Compositor.render_full_update

    def counted_reflow(self: Compositor, parent: Any, size: Size) -> Any:
        if isinstance(parent, (_Plain, _Steady)):
            counts["layout"] += 1
        return reflow(self, parent, size)

    def counted_full(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.root, (_Plain, _Steady)):
            counts["full"] += 1
        return full(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "reflow", counted_reflow)
    monkeypatch.setattr(Compositor, "render_full_update", counted_full)
    return counts


async def _pause(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()


@pytest.mark.parametrize("steady", [False, True], ids=["plain", "steady"])
async def test_a_steady_screen_is_drawn_whole_once_as_it_opens(
    drawn: Counter[str], steady: bool
) -> None:
    async with _Rows(steady).run_test(size=(80, 24)) as pilot:
        await _pause(pilot)
    if steady:
        assert drawn["full"] == 1
    else:  # what Textual does: drawn whole again, more than once
        assert drawn["full"] > 1


@pytest.mark.parametrize("steady", [False, True], ids=["plain", "steady"])
async def test_a_new_size_is_laid_out_and_drawn_once(drawn: Counter[str], steady: bool) -> None:
    async with _Rows(steady).run_test(size=(80, 24)) as pilot:
        await _pause(pilot)
        drawn.clear()
        await pilot.resize_terminal(60, 20)
        await _pause(pilot)
    if steady:
        assert drawn == {"layout": 1, "full": 1}
    else:
        assert drawn["layout"] > 1


@pytest.mark.parametrize("steady", [False, True], ids=["plain", "steady"])
async def test_what_changes_nothing_draws_nothing_whole(drawn: Counter[str], steady: bool) -> None:
    async with _Rows(steady).run_test(size=(80, 24)) as pilot:
        await _pause(pilot)
        drawn.clear()
        # The size it has (a terminal reports it again), then a layout alone (widgets mounted).
        pilot.app.post_message(events.Resize(Size(80, 24), Size(80, 24)))
        await _pause(pilot)
        pilot.app.screen.refresh(layout=True)
        await _pause(pilot)
    if steady:
        assert drawn["full"] == 0
    else:
        assert drawn["full"] > 0


async def test_a_steady_screen_shows_what_a_plain_one_shows() -> None:
    shown: list[str] = []
    for steady in (False, True):
        async with _Rows(steady).run_test(size=(80, 24)) as pilot:
            await _pause(pilot)
            shown.append(screen_text(pilot.app))  # type: ignore[arg-type]
            await pilot.resize_terminal(60, 20)
            await _pause(pilot)
            pilot.app.screen.query_one(Input).value = "changed"
            await _pause(pilot)
            shown.append(screen_text(pilot.app))  # type: ignore[arg-type]
            # Changed while another screen hides it: shown as it is once that one is gone.
            rows = pilot.app.screen
            await pilot.app.push_screen(_Cover())
            await _pause(pilot)
            rows.query_one(Input).value = "while hidden"
            await _pause(pilot)
            pilot.app.pop_screen()
            await _pause(pilot)
            shown.append(screen_text(pilot.app))  # type: ignore[arg-type]
    assert "label 0" in shown[0] and "value 0" in shown[0] and "value 6" in shown[0]
    assert "changed" in shown[1] and "value 0" not in shown[1]
    assert "while hidden" in shown[2]
    assert shown[3:] == shown[:3]
