"""The bare Textual app ``tui_terminal.py`` measures the planner against: one TextArea, and one
Label that counts its characters on every change. It imports textual and nothing else, so it
starts as fast as a Textual app can; run it as ``python benchmarks/bare_app.py``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label, TextArea


class Bare(App[None]):
    """One text area and its counter."""

    def compose(self) -> ComposeResult:
        yield Label("0 characters", id="count")
        yield TextArea(id="text")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one("#count", Label).update(f"{len(event.text_area.text)} characters")


if __name__ == "__main__":
    Bare().run()
