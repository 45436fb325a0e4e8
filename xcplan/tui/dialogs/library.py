"""The persona library dialog: pick a persona to copy into the plan."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from xcplan.errors import XcplanError
from xcplan.lint.library import LibraryPersona, list_personas
from xcplan.model.plan import Persona
from xcplan.tui.plain import plain

Loader = Callable[[], list[LibraryPersona]]


def persona_lines(persona: Persona) -> Text:
    """Return a short description of a persona: who, lifecycle, locale, size, channels."""
    facts: list[str] = [persona.lifecycle]
    if persona.locale:
        facts.append(persona.locale)
    if persona.size is not None:
        facts.append(f"{persona.size:,} people")
    text = Text.assemble(plain(persona.name, "bold"), "\n", plain(" · ".join(facts), "dim"))
    if persona.preferred_channels:
        text.append_text(plain("\nPrefers " + ", ".join(persona.preferred_channels), lines=True))
    if persona.summary:
        text.append_text(plain("\n\n" + persona.summary.strip(), "italic", lines=True))
    return text


class LibraryDialog(ModalScreen[Persona | None]):
    """Lists the persona library; dismisses with the chosen persona, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="library.cancel", tooltip="Close the library"),
    ]

    def __init__(self, in_plan: Iterable[str], loader: Loader | None = None) -> None:
        super().__init__(classes="dialog -info")
        self._in_plan = set(in_plan)
        self._loader: Loader = loader if loader is not None else list_personas
        self._personas: dict[str, Persona] = {}
        self._problem = ""

    def compose(self) -> ComposeResult:
        """Build the list of library personas and a preview of the highlighted one."""
        try:
            found = self._loader()
        except (XcplanError, OSError) as error:
            found = []
            self._problem = f"The persona library does not load: {error}"
        self._personas = {entry.id: entry.persona for entry in found}
        with Vertical(classes="dialog-box library-box"):
            yield Static("Add a persona from the library", classes="dialog-title")
            yield Static(
                "The persona is copied into the plan: later changes to the library do not "
                "change this plan.",
                classes="dialog-text",
            )
            with Horizontal(classes="library-body"):
                options = [
                    Option(
                        Text.assemble(
                            plain(entry.persona.name),
                            (" (its id is in the plan)", "dim")
                            if entry.id in self._in_plan
                            else "",
                        ),
                        id=entry.id,
                        disabled=entry.id in self._in_plan,
                    )
                    for entry in found
                ]
                yield OptionList(*options, id="library-list")
                yield Static(plain(self._problem, lines=True), id="library-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add to plan", id="library-add", variant="primary", compact=True)
                yield Button("Cancel", id="library-cancel", compact=True)

    def on_mount(self) -> None:
        """Focus the list and preview its first persona."""
        options = self.query_one("#library-list", OptionList)
        options.focus()
        for index in range(options.option_count):
            if not options.get_option_at_index(index).disabled:
                options.highlighted = index
                break
        if not self._personas and not self._problem:
            self.query_one("#library-preview", Static).update("The library has no personas.")

    @on(OptionList.OptionHighlighted, "#library-list")
    def _preview(self, event: OptionList.OptionHighlighted) -> None:
        persona = self._personas.get(event.option.id or "")
        if persona is not None:
            self.query_one("#library-preview", Static).update(persona_lines(persona))

    @on(OptionList.OptionSelected, "#library-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._personas.get(event.option.id or ""))

    @on(Button.Pressed, "#library-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        options = self.query_one("#library-list", OptionList)
        if options.highlighted is None:
            self.notify("Choose a persona first.", severity="warning")
            return
        option = options.get_option_at_index(options.highlighted)
        if option.disabled:
            self.notify("That persona is in the plan already.", severity="warning")
            return
        self.dismiss(self._personas.get(option.id or ""))

    @on(Button.Pressed, "#library-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Close without adding a persona."""
        self.dismiss(None)


def library_from(folder: Path) -> Loader:
    """Return a loader of the persona library in ``folder`` (tests use their own library)."""
    return lambda: list_personas(folder)
