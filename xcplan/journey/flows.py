"""Flows: the touchpoints connected by `after` links (format, section 10).

A flow is one tree of `after` links. Its root is the touchpoint the links lead back to: the one
with no `after`, or whose `after` names no touchpoint; in an `after` loop (XC209), the first of
the loop in plan order. The flow is named by the root's `trigger`, or `entry` when it has none,
so two flows can share a name (two chains that both start on `app_installed`); the root's id
tells them apart. XC703 and XC704 compare touchpoints within one flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from xcplan.model.plan import Plan

ENTRY: Final = "entry"
"""The name of a flow whose root has no trigger: it starts when the customer enters."""


@dataclass(frozen=True, slots=True)
class Flow:
    """One flow of a plan."""

    root: int
    """The position of the root touchpoint in ``plan.touchpoints``."""
    root_id: str
    name: str
    """The root's trigger, or ``entry``."""
    members: tuple[int, ...]
    """The positions of its touchpoints, in plan order (the root included)."""


def flows(plan: Plan) -> dict[int, Flow]:
    """Return the flow of each touchpoint, by its position in ``plan.touchpoints``."""
    touchpoints = plan.touchpoints
    index: dict[str, int] = {}
    for position, touchpoint in enumerate(touchpoints):
        index.setdefault(touchpoint.id, position)
    roots: dict[int, int] = {}
    for position in range(len(touchpoints)):
        chain = [position]
        current = position
        while current not in roots:
            after = touchpoints[current].after
            parent = index.get(after) if after is not None else None
            if parent is None:
                roots[current] = current
                break
            if parent in chain:
                loop = chain[chain.index(parent) :]
                roots[current] = min(loop)
                break
            chain.append(parent)
            current = parent
        root = roots[current]
        for member in chain:
            roots.setdefault(member, root)
    members: dict[int, list[int]] = {}
    for position in range(len(touchpoints)):
        members.setdefault(roots[position], []).append(position)
    out: dict[int, Flow] = {}
    for root, positions in members.items():
        touchpoint = touchpoints[root]
        flow = Flow(root, touchpoint.id, touchpoint.trigger or ENTRY, tuple(positions))
        for position in positions:
            out[position] = flow
    return out
