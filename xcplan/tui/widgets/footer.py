"""The footer: the keys of the focused widget, its screen and the app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer, with its keys in the first frame, composed again only when they change.

    Textual's (8.2.8, pinned) shows no key until the screen's bindings are first refreshed,
    after the first frame, and composes itself again at each refresh (the screen mounted, the
    terminal focused, focus moved): every key removed and mounted again, and the screen laid
    out and drawn again, also when the keys are the ones it shows. Three times as the planner
    opens.
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What the footer shows of the screen's bindings now."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.description, binding.action, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        """The keys of the bindings active now."""
        self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Compose the keys again, unless they are the ones shown (or about to be)."""
        if screen is self.screen and self.is_attached and screen.app.app_focus:
            keys = self._keys()
            if keys == self._shown:
                return
            self._shown = keys
        super().bindings_changed(screen)
