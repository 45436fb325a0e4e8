"""The command palette's commands for the plan editor (``ctrl+p``)."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import SystemCommand

from xcplan.tui.screens.plan import PlanScreen
from xcplan.tui.widgets.journey import JourneyPane
from xcplan.tui.widgets.personas import PersonasPane

TABS = (
    ("campaign", "Campaign", "name, objective, owner, dates, variables and KPIs"),
    ("personas", "Personas", "up to four persona cards"),
    ("journey", "Journey", "channels by stage for each persona"),
    ("messages", "Messages", "touchpoints, variants and the live preview"),
    ("problems", "Problems", "every diagnostic of the plan"),
)


def plan_commands(screen: PlanScreen) -> Iterator[SystemCommand]:
    """Yield the editor's commands: save, undo, redo, the tabs, and adding things."""
    yield SystemCommand("Save", "Save the plan in canonical form (ctrl+s)", screen.action_save)
    yield SystemCommand("Undo", "Undo the last edit (ctrl+z)", screen.action_undo)
    yield SystemCommand("Redo", "Redo the edit undone (ctrl+y)", screen.action_redo)
    tabs = screen.tabs
    for pane, title, what in TABS:

        def show(pane: str = pane) -> None:
            tabs.active = f"tab-{pane}"

        yield SystemCommand(f"Go to {title}", f"Show the {title} tab: {what}", show)
    personas = screen.query_one(PersonasPane)
    journey = screen.query_one(JourneyPane)
    yield SystemCommand("Add a persona", "Open an empty persona form", personas.action_add)
    yield SystemCommand(
        "Add a persona from the library", "Copy a library persona", personas.action_library
    )
    yield SystemCommand(
        "Add a channel", "Choose its kind, name and owner", journey.action_add_channel
    )
    yield SystemCommand(
        "Add a stage", "Add a stage at the end of the journey", journey.action_add_stage
    )
