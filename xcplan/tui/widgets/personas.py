"""The Personas tab: up to four persona cards side by side, and the actions on them."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static

from xcplan.edit.document import Document
from xcplan.edit.entities import PERSONAS_FULL, EditError, FieldErrors, check_entity, taken_id
from xcplan.edit.forms import PERSONA_FIELDS, id_from_name
from xcplan.edit.personas import add_persona, delete_persona, personas_full, update_persona
from xcplan.model.method import MAX_PERSONAS
from xcplan.model.plan import Persona, Plan
from xcplan.tui.dialogs.form import EntityForm
from xcplan.tui.dialogs.library import LibraryDialog, Loader
from xcplan.tui.dialogs.question import confirm
from xcplan.tui.messages import EditPlan
from xcplan.tui.plain import flat, plain


def _card_text(persona: Persona, channels: int, touchpoints: int) -> Text:
    facts: list[str] = [persona.lifecycle]
    if persona.locale:
        facts.append(persona.locale)
    if persona.size is not None:
        facts.append(f"{persona.size:,}")
    text = Text.assemble(plain(persona.name, "bold"), "\n", plain(" · ".join(facts), "dim"), "\n")
    preferred = ", ".join(persona.preferred_channels) if persona.preferred_channels else "—"
    text.append_text(plain(f"Prefers {preferred}"))
    text.append("\n")
    text.append(
        f"{channels} channel{'s' if channels != 1 else ''} · "
        f"{touchpoints} touchpoint{'s' if touchpoints != 1 else ''}\n",
        style="dim",
    )
    if persona.summary:
        text.append("\n")
        text.append_text(plain(flat(persona.summary), "italic"))
        text.append("\n")
    for title, items in (("Goals", persona.goals), ("Pain points", persona.pain_points)):
        if items:
            text.append(f"\n{title}\n", style="bold dim")
            for item in items:
                text.append_text(plain(f"• {flat(item)}"))
                text.append("\n")
    return text


class PersonaCard(Static, can_focus=True):
    """One persona, as a card; click or focus selects it, a double click edits it."""

    class Selected(Message):
        """The card was selected (focused or clicked)."""

        def __init__(self, index: int, *, edit: bool = False) -> None:
            super().__init__()
            self.index = index
            self.edit = edit

    def __init__(self, index: int) -> None:
        super().__init__(classes="persona-card")
        self.index = index
        self.shown: Text | None = None
        """The text the card shows."""

    def on_focus(self) -> None:
        """Select this card."""
        self.post_message(self.Selected(self.index))

    def on_click(self, event: events.Click) -> None:
        """Select this card; a double click opens the form."""
        self.post_message(self.Selected(self.index, edit=event.chain >= 2))


class PersonasPane(Vertical):
    """Shows the plan's personas and adds, edits, imports and deletes them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="personas.add", tooltip="Add a persona (at most four)"),
        Binding(
            "l", "library", "From library", id="personas.library", tooltip="Copy a library persona"
        ),
        Binding("e,enter", "edit", "Edit", id="personas.edit", tooltip="Edit every field"),
        Binding("d,delete", "delete", "Delete", id="personas.delete", tooltip="Delete the persona"),
        Binding(
            "left",
            "select(-1)",
            "Previous",
            show=False,
            id="personas.previous",
            tooltip="Select the persona on the left",
        ),
        Binding(
            "right",
            "select(1)",
            "Next",
            show=False,
            id="personas.next",
            tooltip="Select the persona on the right",
        ),
    ]

    def __init__(
        self, document: Document, *, library: Loader | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.library = library
        self.selected = 0
        self._cards: list[PersonaCard] = []
        self._focus_next_show = False
        self._empty: Static | None = None
        self._status: tuple[int, bool] | None = None

    def compose(self) -> ComposeResult:
        """Build the row of cards, the status line and the toolbar."""
        yield Horizontal(id="persona-cards")
        yield Static("", id="personas-status")
        with Horizontal(classes="toolbar"):
            yield Button("Add persona", id="persona-add", compact=True)
            yield Button("From library", id="persona-library", compact=True)
            yield Button("Edit", id="persona-edit", compact=True)
            yield Button("Delete", id="persona-delete", compact=True)

    def on_mount(self) -> None:
        """Show the plan's personas."""
        self.show(self.document.plan)

    # -- attributes down ------------------------------------------------------------------

    def show(self, plan: Plan) -> None:
        """Show the personas of ``plan`` with what the journey plans for each."""
        personas = plan.personas
        row = self.query_one("#persona-cards", Horizontal)
        cards = self._cards
        if len(cards) != len(personas) or (not personas and self._empty is None):
            row.remove_children()
            cards = self._cards = [PersonaCard(index) for index in range(len(personas))]
            self._empty = None
            if cards:
                row.mount_all(cards)
            else:
                self._empty = Static(
                    "No personas yet. Press a to add one, or l to copy one from the library.",
                    classes="persona-empty",
                )
                row.mount(self._empty)
        touchpoints: dict[str, int] = {}
        for touchpoint in plan.touchpoints:
            for persona_id in set(touchpoint.personas):
                touchpoints[persona_id] = touchpoints.get(persona_id, 0) + 1
        for card, persona in zip(cards, personas, strict=True):
            channels = {c for cells in plan.map.get(persona.id, {}).values() for c in cells}
            text = _card_text(persona, len(channels), touchpoints.get(persona.id, 0))
            # A card is drawn again only when what it says changed (not on every keystroke).
            if card.shown != text:
                card.shown = text
                card.update(text)
        self._after_show()
        full = len(personas) >= MAX_PERSONAS
        if self._status == (len(personas), full):
            return
        self._status = (len(personas), full)
        self.query_one("#persona-add", Button).disabled = full
        self.query_one("#persona-library", Button).disabled = full
        self.query_one("#persona-edit", Button).disabled = not personas
        self.query_one("#persona-delete", Button).disabled = not personas
        status = self.query_one("#personas-status", Static)
        if full:
            status.update(f"{len(personas)} of {MAX_PERSONAS} personas. {PERSONAS_FULL}")
        else:
            status.update(
                f"{len(personas)} of {MAX_PERSONAS} personas. Build up to four personas to "
                "cover the range of your customers."
            )
        status.set_class(full, "-full")

    def _after_show(self) -> None:
        self.selected = max(0, min(self.selected, len(self.document.plan.personas) - 1))
        self._mark_selected()
        if self._focus_next_show:
            self._focus_next_show = False
            self.call_after_refresh(self.select, self.selected)

    def _mark_selected(self) -> None:
        for card in self._cards:
            card.set_class(card.index == self.selected, "-selected")

    def select(self, index: int, *, focus: bool = True) -> None:
        """Select (and focus) the card of the persona at ``index``."""
        if not self.document.plan.personas:
            return
        self.selected = max(0, min(index, len(self.document.plan.personas) - 1))
        self._mark_selected()
        if focus and self.selected < len(self._cards):
            self._cards[self.selected].focus()

    # -- events ---------------------------------------------------------------------------

    @on(PersonaCard.Selected)
    def _card_selected(self, event: PersonaCard.Selected) -> None:
        event.stop()
        self.selected = event.index
        self._mark_selected()
        if event.edit:
            self.action_edit()

    @on(Button.Pressed, "#persona-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add()

    @on(Button.Pressed, "#persona-library")
    def _library_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_library()

    @on(Button.Pressed, "#persona-edit")
    def _edit_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_edit()

    @on(Button.Pressed, "#persona-delete")
    def _delete_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_delete()

    # -- actions --------------------------------------------------------------------------

    def _select_after_change(self, index: int) -> None:
        self.selected = index
        self._focus_next_show = True

    def _refused(self, title: str) -> Any:
        def refused(error: EditError) -> None:
            self.notify(error.message, title=title, severity="error", markup=False)

        return refused

    def action_select(self, delta: int) -> None:
        """Select the previous (-1) or next (+1) persona."""
        self.select(self.selected + delta)

    def _refuse_when_full(self) -> bool:
        if personas_full(self.document.plan):
            self.notify(PERSONAS_FULL, title="Cannot add a persona", severity="warning")
            return True
        return False

    def _validator(self, current: str | None) -> Any:
        taken = {p.id for p in self.document.plan.personas if p.id != current}

        def validate(data: dict[str, Any]) -> FieldErrors:
            _, errors = check_entity("personas", data)
            return taken_id("persona", data.get("id"), taken) | errors

        return validate

    def action_add(self) -> None:
        """Open an empty persona form (refused, with the reason, when there are four)."""
        if self._refuse_when_full():
            return

        def done(data: dict[str, Any] | None) -> None:
            if data is not None:
                self._add(data)

        self.app.push_screen(
            EntityForm(
                "Add a persona",
                PERSONA_FIELDS,
                {},
                self._validator(None),
                submit_label="Add persona",
                auto_id=id_from_name,
            ),
            done,
        )

    def action_library(self) -> None:
        """Open the persona library (refused, with the reason, when there are four)."""
        if self._refuse_when_full():
            return

        def done(persona: Persona | None) -> None:
            if persona is not None:
                self._add(persona, f"Added {persona.name} from the library.")

        in_plan = [p.id for p in self.document.plan.personas]
        self.app.push_screen(LibraryDialog(in_plan, self.library), done)

    def _add(self, data: dict[str, Any] | Persona, note: str = "") -> None:
        def added(persona: Persona) -> None:
            if note:
                self.notify(note, markup=False)
            self._select_after_change(self.document.plan.personas.index(persona))

        self.post_message(
            EditPlan(
                lambda plan: add_persona(plan, data),
                done=added,
                refused=self._refused("Persona not added"),
            )
        )

    def _current(self) -> Persona | None:
        personas = self.document.plan.personas
        if not personas:
            self.notify("There is no persona yet: add one first.", severity="warning")
            return None
        return personas[min(self.selected, len(personas) - 1)]

    def action_edit(self) -> None:
        """Open the selected persona in a form with every field."""
        persona = self._current()
        if persona is None:
            return
        old_id = persona.id

        def done(data: dict[str, Any] | None) -> None:
            if data is None:
                return
            self.post_message(
                EditPlan(
                    lambda plan: update_persona(plan, old_id, data),
                    done=lambda _: self._select_after_change(self.selected),
                    refused=self._refused("Persona not changed"),
                )
            )

        self.app.push_screen(
            EntityForm(
                f"Edit persona {persona.name}",
                PERSONA_FIELDS,
                persona.model_dump(),
                self._validator(old_id),
            ),
            done,
        )

    def action_delete(self) -> None:
        """Delete the selected persona, after saying what happens to its touchpoints."""
        persona = self._current()
        if persona is None:
            return
        impact = delete_persona(self.document.plan, persona.id).result

        def deleted(_: object) -> None:
            self._select_after_change(self.selected)
            self.notify(f"Deleted {persona.name}. ctrl+z brings it back.", markup=False)

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.post_message(
                    EditPlan(lambda plan: delete_persona(plan, persona.id), done=deleted)
                )

        lines = [f"{persona.name} will be removed from the plan.", *impact.lines()]
        self.app.push_screen(
            confirm(f"Delete persona {persona.id}?", lines, "Delete", tone="error"), done
        )
