"""What removing a persona, a channel, a stage or a touchpoint takes with it.

Confirmation dialogs say it before the edit is made; the edits use the same helpers, so what
they say is what happens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xcplan.model.plan import Touchpoint

PlanMap = dict[str, dict[str, list[str]]]
"""The journey matrix: persona id -> stage id -> the channel ids planned."""


@dataclass(frozen=True, slots=True)
class Impact:
    """What removing a persona, channel, stage or touchpoint does to the rest of the plan."""

    what: str
    deleted: tuple[str, ...] = ()
    """Touchpoints deleted with it."""
    narrowed: tuple[str, ...] = ()
    """Touchpoints that lose the persona but keep their other personas."""
    unlinked: tuple[str, ...] = ()
    """Touchpoints whose ``after`` named a deleted touchpoint: the link is removed."""
    cells: int = 0
    """Planned cells of the journey matrix that go."""
    kpis: tuple[str, ...] = ()
    """KPIs that lose their stage."""

    def lines(self) -> list[str]:
        """Return the consequences as sentences for a confirmation dialog."""
        out: list[str] = []

        def ids(items: tuple[str, ...]) -> str:
            shown = ", ".join(f"`{item}`" for item in items[:6])
            return shown + (f" and {len(items) - 6} more" if len(items) > 6 else "")

        if self.deleted:
            n = len(self.deleted)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} will be deleted with their variants: "
                f"{ids(self.deleted)}."
            )
        if self.narrowed:
            n = len(self.narrowed)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} also target other personas and will "
                f"keep them: {ids(self.narrowed)}."
            )
        if self.unlinked:
            n = len(self.unlinked)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} started after a deleted one; "
                f"their `after` link will be removed: {ids(self.unlinked)}."
            )
        if self.cells:
            out.append(
                f"{self.cells} planned cell{'s' if self.cells > 1 else ''} of the journey "
                "will be cleared."
            )
        if self.kpis:
            out.append(f"These KPIs will lose their stage: {ids(self.kpis)}.")
        if not out:
            out.append("No touchpoint uses it; nothing else changes.")
        return out


def without(
    touchpoints: list[Touchpoint],
    doomed: set[int],
    survivors: list[Touchpoint] | None = None,
) -> tuple[tuple[str, ...], list[Touchpoint], tuple[str, ...]]:
    """Return the deleted ids, the touchpoints kept, and those whose ``after`` was unlinked.

    ``doomed`` are the positions of the touchpoints deleted; ``survivors`` the touchpoints
    kept, already edited, in order (all but ``doomed`` when None).
    """
    deleted = tuple(touchpoints[i].id for i in sorted(doomed))
    if survivors is None:
        survivors = [t for i, t in enumerate(touchpoints) if i not in doomed]
    remaining = {t.id for t in survivors}
    gone = set(deleted) - remaining
    kept: list[Touchpoint] = []
    unlinked: list[str] = []
    for touchpoint in survivors:
        if touchpoint.after is not None and touchpoint.after in gone:
            touchpoint = touchpoint.model_copy(update={"after": None})
            unlinked.append(touchpoint.id)
        kept.append(touchpoint)
    return deleted, kept, tuple(unlinked)


def map_without(planned: PlanMap, drop: Callable[[str, str], bool]) -> PlanMap:
    """Return the map without the cells ``drop(stage_id, channel_id)`` selects."""
    out: PlanMap = {}
    for persona_id, row in planned.items():
        new_row = {}
        for stage_id, cells in row.items():
            kept = [c for c in cells if not drop(stage_id, c)]
            if kept:
                new_row[stage_id] = kept
        if new_row:
            out[persona_id] = new_row
    return out
