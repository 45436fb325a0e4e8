"""The touchpoints of the Messages tab as a tree: by persona, then stage, then channel.

Planned cells that no touchpoint fills show ``◌ empty``; a channel a touchpoint uses where the
map does not plan it shows ``✖ not planned``; touchpoints with problems are marked ``✖`` or
``▲``. The tree is built again only when what it shows changed (its shape), not on every edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Final, Literal

from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from xcplan.edit.journey import Cell
from xcplan.lint.diagnostics import Severity
from xcplan.model.plan import Plan, Touchpoint
from xcplan.tui.plain import flat, plain

NodeKind = Literal["persona", "stage", "cell", "touchpoint"]

_MARK: Final = {Severity.ERROR: "✖", Severity.WARNING: "▲"}
EXPAND_ALL_BELOW: Final = 300
"""Trees with fewer touchpoint rows than this open fully; bigger ones open the personas only."""


@dataclass(frozen=True, slots=True)
class Node:
    """What a row of the touchpoint tree stands for."""

    kind: NodeKind
    persona: str
    stage: str = ""
    channel: str = ""
    touchpoint: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        """A key that names the row across rebuilds of the tree."""
        return (self.kind, self.persona, self.stage, self.channel, self.touchpoint)


def walk(node: TreeNode[Node]) -> list[TreeNode[Node]]:
    """Return the rows below ``node``, depth first, in the order they are shown."""
    out: list[TreeNode[Node]] = []
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(reversed(current.children))
    return out


def _shape(plan: Plan, marks: Mapping[int, Severity]) -> tuple[object, ...]:
    """Return everything the tree shows of ``plan``: when it is the same, so is the tree."""
    return (
        tuple((p.id, p.name) for p in plan.personas),
        tuple((s.id, s.name) for s in plan.journey()),
        tuple((c.id, c.name, c.kind) for c in plan.channels),
        tuple(
            (t.id, t.name, tuple(t.personas), t.stage, t.channel, len(t.variants))
            for t in plan.touchpoints
        ),
        tuple(
            sorted((p, tuple((s, tuple(c)) for s, c in row.items())) for p, row in plan.map.items())
        ),
        tuple(sorted(marks.items())),
    )


class TouchpointTree(Tree[Node]):
    """The plan's touchpoints by persona, stage and channel, with the empty planned cells."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            show=False,
            id="messages.open",
            tooltip="Edit the touchpoint; on an empty cell, add one",
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Touchpoints", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.signature: object = None
        self.touchpoint_nodes: dict[tuple[str, str], TreeNode[Node]] = {}
        """(persona id, touchpoint id) -> the row, to select a touchpoint."""
        self._going_to: tuple[str, ...] | None = None
        """The key of the row ``go_to`` puts the cursor on once the tree is laid out."""
        self.cell_nodes: dict[Cell, TreeNode[Node]] = {}
        """Each cell of the journey shown -> its row."""

    def go_to(self, node: TreeNode[Node]) -> None:
        """Open the rows above ``node`` and put the cursor on it (once the tree has laid the
        rows it opened out).

        The row is found again by its key when the cursor moves: a report that fills the tree
        again before then (new marks) makes new rows, and the cursor put on a row no longer in
        the tree went nowhere (Enter then opened nothing).
        """
        opened = False
        parent = node.parent
        while parent is not None:
            if not parent.is_expanded:
                parent.expand()
                opened = True
            parent = parent.parent
        if node.data is None or not (opened or node.line < 0):
            self.move_cursor(node)
            return
        # The rows' lines are laid out again at the next refresh.
        self._going_to = node.data.key
        self.call_after_refresh(self._arrive)

    def _arrive(self) -> None:
        """Put the cursor on the row ``go_to`` was asked for, as the tree is now."""
        key, self._going_to = self._going_to, None
        if key is None:
            return
        for node in walk(self.root):
            if node.data is not None and node.data.key == key:
                self.move_cursor(node)
                return

    def show(self, plan: Plan, marks: Mapping[int, Severity]) -> None:
        """Show the touchpoints of ``plan`` (``marks``: the worst problem of each, by position),
        unless what the tree shows is the same; the rows open and the cursor stay where they
        were."""
        shape = _shape(plan, marks)
        if shape == self.signature:
            return
        first_fill = self.signature is None
        self.signature = shape
        expanded = {
            node.data.key for node in walk(self.root) if node.data is not None and node.is_expanded
        }
        chosen = self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        if self._going_to is not None:  # where the cursor is going, not where it was
            chosen = self._going_to
        self.clear()
        self.touchpoint_nodes = {}
        self.cell_nodes = {}
        self._fill(plan, marks, expanded)
        cursor_line = -1
        if chosen is not None:
            for node in walk(self.root):
                if node.data is not None and node.data.key == chosen:
                    cursor_line = node.line
                    break
        if cursor_line >= 0:
            self.move_cursor_to_line(cursor_line)
        elif first_fill and self.touchpoint_nodes:
            self.move_cursor(next(iter(self.touchpoint_nodes.values())))

    def _fill(
        self, plan: Plan, marks: Mapping[int, Severity], expanded: set[tuple[str, ...]]
    ) -> None:
        channels = {c.id: c for c in plan.channels}
        by_cell: dict[Cell, list[tuple[int, Touchpoint]]] = {}
        for index, touchpoint in enumerate(plan.touchpoints):
            for persona_id in dict.fromkeys(touchpoint.personas):
                cell = (persona_id, touchpoint.stage, touchpoint.channel)
                by_cell.setdefault(cell, []).append((index, touchpoint))
        expand_all = len(plan.touchpoints) < EXPAND_ALL_BELOW
        for persona in plan.personas:
            node = self.root.add(
                plain(flat(persona.name), "bold"), Node("persona", persona.id), expand=True
            )
            row = plan.map.get(persona.id, {})
            for stage in plan.journey():
                planned = list(row.get(stage.id, []))
                filled = [c for (p, s, c) in by_cell if p == persona.id and s == stage.id]
                cells = planned + [c for c in dict.fromkeys(filled) if c not in planned]
                if not cells:
                    continue
                stage_data = Node("stage", persona.id, stage.id)
                stage_node = node.add(
                    plain(flat(stage.name)),
                    stage_data,
                    expand=expand_all or stage_data.key in expanded,
                )
                for channel_id in cells:
                    cell = (persona.id, stage.id, channel_id)
                    filling = by_cell.get(cell, [])
                    channel = channels.get(channel_id)
                    label = plain(flat(channel.name or channel.id if channel else channel_id))
                    if channel is not None and label.plain != channel.kind:
                        label.append(f" {channel.kind}", style="dim")
                    if channel_id not in planned:
                        label.append(" ✖ not planned", style="bold red")
                    elif not filling:
                        label.append(" ◌ empty", style="yellow")
                    cell_data = Node("cell", persona.id, stage.id, channel_id)
                    if not filling:
                        self.cell_nodes[cell] = stage_node.add_leaf(label, cell_data)
                        continue
                    cell_node = stage_node.add(
                        label, cell_data, expand=expand_all or cell_data.key in expanded
                    )
                    self.cell_nodes[cell] = cell_node
                    for index, touchpoint in filling:
                        leaf_label = plain(flat(touchpoint.name or touchpoint.id))
                        if len(touchpoint.variants) > 1:
                            leaf_label.append(f" ×{len(touchpoint.variants)}", style="dim")
                        mark = marks.get(index)
                        if mark is not None:
                            style = "bold red" if mark is Severity.ERROR else "yellow"
                            leaf_label.append(f" {_MARK[mark]}", style=style)
                        leaf = cell_node.add_leaf(
                            leaf_label,
                            Node("touchpoint", persona.id, stage.id, channel_id, touchpoint.id),
                        )
                        self.touchpoint_nodes[(persona.id, touchpoint.id)] = leaf
