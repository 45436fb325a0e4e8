"""The help screen: every key of the planner, grouped by where it applies, with its id.

The keys of the screen the help was opened on come first (the app's, the screen's, then those
of each part of it, in the order they appear), then those of the dialogs and other screens.
Keys are shown as the user's keymap file makes them, with the id to give a key of one's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Final, Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from xcplan.tui.keymap import KEYMAP_ENV, binding_classes, keymap_path
from xcplan.tui.plain import plain

GROUP_TITLES: Final = {
    "PlannerApp": "Everywhere",
    "PlanScreen": "Plan editor",
    "CampaignPane": "Campaign",
    "KpiTable": "Campaign: KPIs",
    "PersonasPane": "Personas",
    "JourneyPane": "Journey",
    "JourneyGrid": "Journey grid",
    "MessagesPane": "Messages",
    "TouchpointTree": "Messages: touchpoints",
    "TimelinePane": "Timeline",
    "TimelineLanes": "Timeline: the lanes",
    "BrandPane": "Brand voice",
    "ProblemsPane": "Problems",
    "NewPlanScreen": "New plan",
    "FolderScreen": "Folder of plans",
    "BrokenPlanScreen": "Plan that does not load",
    "QuestionDialog": "Questions",
    "MenuDialog": "Menus",
    "EntityForm": "Forms",
    "LibraryDialog": "Persona library",
    "FileNameDialog": "File name of a new plan",
    "ExportDialog": "Export",
    "HelpScreen": "This list of keys",
}
"""The heading of each class's keys; a class not named here is titled from its name."""

TEXT_KEYS_NOTE: Final = (
    "Text fields, lists and tables also use the usual editing and arrow keys "
    "(home, end, page up and down, ctrl+x/c/v)."
)


def group_title(cls: type[DOMNode]) -> str:
    """Return the heading of a class's keys: ``JourneyGrid`` -> ``Journey grid``."""
    known = GROUP_TITLES.get(cls.__name__)
    if known is not None:
        return known
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", cls.__name__)
    return " ".join([words[0], *(word.lower() for word in words[1:])]) if words else "Keys"


@dataclass(frozen=True, slots=True)
class KeyRow:
    """One binding: its keys as shown, what it does, and its id."""

    keys: str
    description: str
    tooltip: str
    binding_id: str


@dataclass(frozen=True, slots=True)
class KeyGroup:
    """The keys of one part of the app, and whether that part is on the screen shown."""

    title: str
    rows: tuple[KeyRow, ...]
    where: Literal["here", "elsewhere"] = "here"


def _keymap(app: App[Any]) -> dict[str, str]:
    # The keymap the app was given (``App.set_keymap``); Textual keeps it private.
    keymap: dict[str, str] = getattr(app, "_keymap", {})
    return keymap


def key_rows(app: App[Any], bindings: BindingsMap) -> list[KeyRow]:
    """Return a row per binding id in ``bindings``, in the order they are declared, with the
    keys the app's keymap gives them (none, when the keymap gave their key to another)."""
    mapped = bindings.copy()
    keymap = _keymap(app)
    if keymap:
        mapped.apply_keymap(keymap)
    keys: dict[str, list[str]] = {}
    for _key, binding in mapped:
        if binding.id:
            shown = app.get_key_display(binding)
            keys.setdefault(binding.id, [])
            if shown not in keys[binding.id]:
                keys[binding.id].append(shown)
    rows: dict[str, KeyRow] = {}
    for _key, binding in bindings:
        if binding.id and binding.id not in rows:
            rows[binding.id] = KeyRow(
                " ".join(keys.get(binding.id, [])) or "(none)",
                binding.description,
                binding.tooltip,
                binding.id,
            )
    return list(rows.values())


def _bindings_of(node: DOMNode) -> BindingsMap:
    return node._bindings


def _class_bindings(cls: type[DOMNode]) -> BindingsMap:
    merged = getattr(cls, "_merged_bindings", None)
    return merged if isinstance(merged, BindingsMap) else BindingsMap(cls.__dict__["BINDINGS"])


def key_groups(app: App[Any], screen: Screen[Any]) -> list[KeyGroup]:
    """Return the keys of the app, grouped: the app's (Tab and shift+Tab among them), ``screen``'s,
    those of each part of ``screen`` (one group per class), then those of every other class of
    the planner (dialogs, other screens)."""
    groups: list[KeyGroup] = []
    seen: set[type[DOMNode]] = set()

    def add(cls: type[DOMNode], bindings: BindingsMap, where: Literal["here", "elsewhere"]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        rows = key_rows(app, bindings)
        if rows:
            groups.append(KeyGroup(group_title(cls), tuple(rows), where))

    seen.add(type(app))
    groups.append(KeyGroup(group_title(type(app)), tuple(key_rows(app, _bindings_of(app)))))
    nodes: Iterable[DOMNode] = [screen, *screen.walk_children(with_self=False)]
    for node in nodes:
        add(type(node), _bindings_of(node), "here")
    for cls in binding_classes():
        if not issubclass(cls, App):
            add(cls, _class_bindings(cls), "elsewhere")
    return groups


WIDE: Final = 96
"""From this width on, a binding's name and what it does have a column each."""


@dataclass(frozen=True, slots=True)
class _Widths:
    """The widths of the key, name and id columns, the same in every group so they align."""

    key: int
    name: int
    binding_id: int


def _table(rows: Iterable[KeyRow], widths: _Widths, *, wide: bool) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("Key", style="bold", no_wrap=True, width=widths.key)
    if wide:
        table.add_column("Name", width=widths.name)
    table.add_column("Does", ratio=1)
    table.add_column("Id", style="dim", no_wrap=True, width=widths.binding_id)
    # Keys come from the user's keymap file: never markup (``[`` and ``]`` are keys).
    for row in rows:
        keys, binding_id = plain(row.keys), plain(row.binding_id or "—")
        if wide:
            table.add_row(keys, plain(row.description), plain(row.tooltip), binding_id)
            continue
        does = plain(row.description, "bold")
        if row.tooltip and row.tooltip != row.description:
            does.append_text(
                plain(f": {row.tooltip}" if row.description else row.tooltip, "not bold")
            )
        table.add_row(keys, does, binding_id)
    return table


class KeyList:
    """The groups of keys as one renderable: a heading and a table of keys each, laid out for
    the width there is."""

    def __init__(self, groups: Iterable[KeyGroup]) -> None:
        self.groups = list(groups)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render the headings and tables."""
        wide = options.max_width >= WIDE
        rows = [row for group in self.groups for row in group.rows]
        widths = _Widths(
            key=min(14, max((cell_len(row.keys) for row in rows), default=4)),
            name=min(18, max((cell_len(row.description) for row in rows), default=4)),
            binding_id=min(28, max((cell_len(row.binding_id) for row in rows), default=4)),
        )
        elsewhere = False
        for group in self.groups:
            if group.where == "elsewhere" and not elsewhere:
                elsewhere = True
                yield Text("\nIn dialogs and other screens", style="bold underline")
            yield Text("\n").append_text(plain(group.title, "bold reverse"))
            yield _table(group.rows, widths, wide=wide)


def remap_help(path_shown: str) -> Text:
    """Return how to give a binding a key of one's own."""
    return Text.assemble(
        "To change a key, give its id a new key in ",
        plain(path_shown, "bold"),
        f" (or the file ${KEYMAP_ENV} names), then start xcplan again:\n",
        ('  [keys]\n  "plan.save" = "ctrl+w"\n  "journey.toggle" = "space,t"', "bold"),
    )


class HelpScreen(ModalScreen[None]):
    """Every key of the app, grouped by where it applies, with the id to change it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-box {
        width: 110;
        max-width: 98%;
        height: 94%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    #help-title {
        text-style: bold;
        height: 1;
    }
    #help-keys {
        height: 1fr;
    }
    #help-note {
        height: auto;
        color: $text-muted;
        margin-top: 1;
    }
    #help-remap {
        height: auto;
        border-top: solid $primary;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,f1,q,question_mark",
            "close",
            "Close",
            id="help.close",
            tooltip="Close the list of keys",
        ),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        """List the keys of the app and of ``screen`` (the one the help was opened on) first."""
        super().__init__()
        self.of_screen = screen
        self.groups: list[KeyGroup] = []

    def compose(self) -> ComposeResult:
        """Build the scrolling list of keys and the note on changing them."""
        self.groups = key_groups(self.app, self.of_screen)
        with Vertical(id="help-box"):
            yield Static("Keys  (↑ ↓ page up/down scroll; esc closes)", id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(KeyList(self.groups), id="help-groups")
                yield Static(TEXT_KEYS_NOTE, id="help-note")
            yield Static(remap_help(_shown_path()), id="help-remap")

    def on_mount(self) -> None:
        """Focus the list, so the arrow keys scroll it."""
        self.query_one("#help-keys", VerticalScroll).focus()

    def binding_ids(self) -> Iterator[str]:
        """Yield the id of every binding listed."""
        for group in self.groups:
            for row in group.rows:
                if row.binding_id:
                    yield row.binding_id

    def action_close(self) -> None:
        """Close the list of keys."""
        self.dismiss(None)


def _shown_path() -> str:
    path = keymap_path()
    try:
        return f"~/{path.relative_to(path.home())}"
    except (ValueError, RuntimeError):
        return str(path)
