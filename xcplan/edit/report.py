"""The problems of one revision of a plan: its diagnostics, their counts, the cells of the
journey they mark, and the cost estimate the lint made. What the editor's tabs show of a lint
(``xcplan.edit.linting`` makes it); and ``Linted``, all a whole lint found, which a second
process sends the planner (``xcplan.edit.ahead``) without the rules being imported."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xcplan.edit.journey import Cell
from xcplan.lint.diagnostics import Diagnostic, Finding, Severity
from xcplan.model.plan import Plan

if TYPE_CHECKING:
    # The planner imports this module before its first screen; the estimate's, after it.
    from xcplan.journey.cost import Estimate


@dataclass(frozen=True)
class Linted:
    """What one whole lint of a plan found: its diagnostics, the cost estimate (None without
    ``[costs]``) and each touchpoint's findings, in order: what a ``Linter``
    (``xcplan.edit.linting``) keeps to re-check only what an edit changes, so another
    ``Linter`` can take them over (``adopt``)."""

    diagnostics: list[Diagnostic]
    estimate: Estimate | None
    touchpoints: tuple[tuple[Finding, ...], ...]


@dataclass(frozen=True)
class LintReport:
    """The diagnostics of one revision of the plan, with counts and the cells they mark."""

    plan: Plan | None
    revision: int
    diagnostics: tuple[Diagnostic, ...]
    counts: dict[Severity, int] = field(default_factory=dict)
    cells: dict[Cell, Severity] = field(default_factory=dict)
    """The most serious error or warning on each cell of the journey."""
    estimate: Estimate | None = None
    """The cost estimate the lint made (format section 11), None without ``[costs]``."""

    @classmethod
    def build(
        cls,
        plan: Plan | None,
        revision: int,
        diagnostics: Iterable[Diagnostic],
        estimate: Estimate | None = None,
    ) -> LintReport:
        """Return the report of ``diagnostics`` on ``plan``: counts and marked cells.

        ``plan`` is None for a file that did not load (no cells to mark).
        """
        found = tuple(diagnostics)
        counts = dict.fromkeys(Severity, 0)
        for diagnostic in found:
            counts[diagnostic.severity] += 1
        marks = cell_marks(plan, found) if plan is not None else {}
        return cls(plan, revision, found, counts, marks, estimate)

    def count(self, severity: Severity) -> int:
        """Return how many diagnostics have ``severity``."""
        return self.counts.get(severity, 0)


def cells_of(plan: Plan, diagnostic: Diagnostic) -> list[Cell]:
    """Return the journey cells a diagnostic is about (none for most of the plan)."""
    loc = diagnostic.loc
    if len(loc) >= 2 and loc[0] == "touchpoints" and isinstance(loc[1], int):
        if loc[1] >= len(plan.touchpoints):
            return []
        touchpoint = plan.touchpoints[loc[1]]
        personas = touchpoint.personas
        if len(loc) >= 4 and loc[2] == "personas" and isinstance(loc[3], int):
            personas = personas[loc[3] : loc[3] + 1]
        return [(p, touchpoint.stage, touchpoint.channel) for p in dict.fromkeys(personas)]
    if len(loc) == 4 and loc[0] == "map" and isinstance(loc[3], int):
        persona_id, stage_id = str(loc[1]), str(loc[2])
        cells = plan.map.get(persona_id, {}).get(stage_id, [])
        if loc[3] < len(cells):
            return [(persona_id, stage_id, cells[loc[3]])]
    return []


def cell_marks(plan: Plan, diagnostics: Iterable[Diagnostic]) -> dict[Cell, Severity]:
    """Return the most serious error or warning on each cell.

    XC205 (a planned cell no touchpoint fills) is left out: the grid shows empty planned cells
    with a mark of their own.
    """
    marks: dict[Cell, Severity] = {}
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.INFO or diagnostic.code == "XC205":
            continue
        for cell in cells_of(plan, diagnostic):
            known = marks.get(cell)
            if known is None or diagnostic.severity.rank < known.rank:
                marks[cell] = diagnostic.severity
    return marks
