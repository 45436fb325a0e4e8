"""The command palette of the plan editor (``ctrl+p``) and its commands.

``plan_commands`` lists the editor's own commands (save, validate, export, the tabs, adding
things; Textual adds "Theme" to switch theme, and "Quit"). ``TouchpointCommands`` finds a
touchpoint by its name or id as the user types, and jumps to it on the Messages tab.
``PlannerPalette`` is Textual's palette, made safe to close while the user is still typing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual import on
from textual.app import SystemCommand
from textual.command import CommandPalette, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Input

from xcplan.render.hidden import terminal_safe
from xcplan.tui.plain import flat
from xcplan.tui.screens.plan import PlanScreen

TABS = (
    ("campaign", "Campaign", "name, objective, owner, dates, variables and KPIs"),
    ("personas", "Personas", "up to four persona cards"),
    ("journey", "Journey", "channels by stage for each persona"),
    ("messages", "Messages", "touchpoints, variants and the live preview"),
    ("timeline", "Timeline", "a scenario walked through the plan in time, and the policies"),
    ("brand", "Brand voice", "the brand settings of xcplan.toml"),
    ("problems", "Problems", "every diagnostic of the plan"),
)


def plan_commands(screen: PlanScreen) -> Iterator[SystemCommand]:
    """Yield the editor's commands: save, validate, export, the tabs, and adding things."""
    yield SystemCommand("Save", "Save the plan in canonical form (ctrl+s)", screen.action_save)
    yield SystemCommand("Undo", "Undo the last edit (ctrl+z)", screen.action_undo)
    yield SystemCommand("Redo", "Redo the edit undone (ctrl+y)", screen.action_redo)
    yield SystemCommand(
        "Validate",
        "Check the whole plan now, as `xcplan validate` does, and show the problems",
        screen.action_validate,
    )
    yield SystemCommand(
        "Export", "Export the plan: YAML, JSON, Markdown brief or CSV", screen.action_export
    )
    tabs = screen.tabs
    for pane, title, what in TABS:
        if not tabs.query(f"#tab-{pane}"):
            continue

        def show(pane: str = pane) -> None:
            tabs.active = f"tab-{pane}"

        yield SystemCommand(f"Go to {title}", f"Show the {title} tab: {what}", show)
    personas, journey, messages = screen.personas, screen.journey, screen.messages
    timeline = screen.timeline
    yield SystemCommand(
        "Add a persona",
        "Open an empty persona form",
        partial(screen.show_tab_then, "tab-personas", personas.action_add),
    )
    yield SystemCommand(
        "Add a persona from the library",
        "Copy a library persona",
        partial(screen.show_tab_then, "tab-personas", personas.action_library),
    )
    yield SystemCommand(
        "Add a channel",
        "Choose its kind, name and owner",
        partial(screen.show_tab_then, "tab-journey", journey.action_add_channel),
    )
    yield SystemCommand(
        "Add a stage",
        "Add a stage at the end of the journey",
        partial(screen.show_tab_then, "tab-journey", journey.action_add_stage),
    )
    yield SystemCommand(
        "Add a touchpoint",
        "A new message slot in the chosen cell of the Messages tab",
        partial(screen.show_tab_then, "tab-messages", messages.action_add_touchpoint),
    )
    yield SystemCommand(
        "Add a scenario",
        "A customer of the persona on the Timeline tab, walked through the plan in time",
        partial(screen.show_tab_then, "tab-timeline", timeline.action_add_scenario),
    )


def highlighted(matcher: Matcher, text: str) -> Content:
    """Return ``text`` (plain text, never markup) with what ``matcher`` matched in it
    highlighted: ``Matcher.highlight`` would read it as markup."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class TouchpointCommands(Provider):
    """Go to a touchpoint: type part of its name or id.

    It offers nothing before the user types (the default ``discover``): a plan may have
    hundreds of touchpoints. Names are plan text: shown as they are, never as markup, with
    their control characters as marks.
    """

    async def search(self, query: str) -> Hits:
        """Yield the touchpoints whose name or id matches ``query``."""
        screen = self.screen
        if not isinstance(screen, PlanScreen):
            return
        matcher = self.matcher(query)
        for touchpoint in screen.document.plan.touchpoints:
            name = terminal_safe(flat(touchpoint.name or touchpoint.id), one_line=True)
            text = f"Go to touchpoint {name} ({touchpoint.id})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, text),
                    partial(screen.show_touchpoint, touchpoint.id),
                    text=text,
                    help=f"{touchpoint.channel} · {touchpoint.stage} · "
                    + ", ".join(touchpoint.personas),
                )


class PlannerPalette(CommandPalette):
    """Textual's command palette, which ignores what is typed once it has been closed.

    Keys typed just before Escape reach the palette's input as ``Input.Changed`` messages that
    it handles after Escape has closed it: Textual's palette then starts a search whose worker
    fills the list of commands while the palette's widgets are being removed, and the app dies
    of ``NoMatches: CommandList`` (ctrl+p, a few letters, Escape, at typing speed, a dozen
    times). A closed palette has nothing to search for: the search is not started.
    """

    @on(Input.Changed)
    def _typed_after_closing(self, event: Input.Changed) -> None:
        if self not in self.app.screen_stack:
            event.stop()
            event.prevent_default()  # Textual's own handler (the search) does not run
