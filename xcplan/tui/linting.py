"""Linting as the user edits: every rule family, re-running only what an edit can change.

The TUI lints the whole plan after each edit. The rule families that render and read copy
(personalisation, channels, brand voice) are most of the cost and read only the campaign's
variables and locale, the personas, the channels and the touchpoints; their findings are kept
and reused while those are unchanged (the lists are compared by identity:
``xcplan.tui.document`` never changes a model in place). Toggling a cell of the journey, moving
or renaming a stage, or typing the campaign's name re-runs the cheap families only. Any other
family, including one added later, always runs.

No textual here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from xcplan.io.yaml_source import SourceMap
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Finding, Severity
from xcplan.lint.engine import FAMILIES, Family, _ignore_scopes, place, run_rules
from xcplan.lint.rules import brand, channels, personalisation
from xcplan.model.config import Config
from xcplan.model.plan import Plan
from xcplan.tui.document import Cell

REUSABLE: Final[frozenset[Family]] = frozenset({personalisation.check, channels.check, brand.check})
"""Families whose findings depend only on the campaign's variables and locale, the personas, the
channels and the touchpoints (templates render with the variables; locales pick variants)."""

_Inputs = tuple[tuple[tuple[str, type, object], ...], str, object, object, object]


def _inputs(plan: Plan) -> _Inputs:
    # Variables are compared by value and type (`1` and `1.0` render differently); the three
    # lists by identity, since edits never change a model in place.
    variables = tuple((key, type(value), value) for key, value in plan.campaign.vars.items())
    return (variables, plan.campaign.locale, plan.personas, plan.channels, plan.touchpoints)


def _same(a: _Inputs, b: _Inputs) -> bool:
    return a[:2] == b[:2] and all(x is y for x, y in zip(a[2:], b[2:], strict=True))


@dataclass(frozen=True)
class LintReport:
    """The diagnostics of one revision of the plan, with counts and the cells they mark."""

    plan: Plan | None
    revision: int
    diagnostics: tuple[Diagnostic, ...]
    counts: dict[Severity, int] = field(default_factory=dict)
    cells: dict[Cell, Severity] = field(default_factory=dict)
    """The most serious error or warning on each cell of the journey."""

    @classmethod
    def build(
        cls, plan: Plan | None, revision: int, diagnostics: Iterable[Diagnostic]
    ) -> LintReport:
        """Return the report of ``diagnostics`` on ``plan``: counts and marked cells.

        ``plan`` is None for a file that did not load (no cells to mark).
        """
        found = tuple(diagnostics)
        counts = dict.fromkeys(Severity, 0)
        for diagnostic in found:
            counts[diagnostic.severity] += 1
        marks = cell_marks(plan, found) if plan is not None else {}
        return cls(plan, revision, found, counts, marks)

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


class Linter:
    """Lints successive versions of one plan, reusing what an edit cannot have changed.

    Safe to call from a worker thread: one lint runs at a time.
    """

    def __init__(self, config: Config | None = None, file: Path | str = "") -> None:
        self.config = config if config is not None else Config()
        self.file = str(file)
        self._lock = threading.Lock()
        self._cache: dict[Family, tuple[_Inputs, list[Finding]]] = {}

    def _reusable(self, plan: Plan) -> bool:
        inputs = _inputs(plan)
        for family in FAMILIES:
            if family in REUSABLE:
                cached = self._cache.get(family)
                if cached is None or not _same(cached[0], inputs):
                    return False
        return True

    def quick_report(self, plan: Plan, revision: int) -> LintReport | None:
        """Return the report of ``plan`` when it is cheap to make, else None (use a worker).

        It is cheap when the costly families' findings can be reused: after an edit of the
        journey, the stages or the policies. Returns None at once, without waiting, while
        another lint runs.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if not self._reusable(plan):
                return None
            diagnostics = self._lint(plan, None)
        finally:
            self._lock.release()
        return LintReport.build(plan, revision, diagnostics)

    def lint(self, plan: Plan, *, context: LintContext | None = None) -> list[Diagnostic]:
        """Return the sorted diagnostics of ``plan``, as ``lint_plan`` gives them.

        ``context`` may be the lint context of this very plan from loading it, whose renderings
        are then reused. Positions are those of the plan as it would be saved: line 1, since an
        edited plan has no lines yet; the diagnostics' paths say where they are.
        """
        with self._lock:
            return self._lint(plan, context)

    def _lint(self, plan: Plan, context: LintContext | None) -> list[Diagnostic]:
        if context is None or context.plan is not plan or context.config is not self.config:
            context = LintContext(plan, self.config)
        inputs = _inputs(plan)
        findings: list[Finding] = []
        for family in FAMILIES:
            if family not in REUSABLE:
                findings.extend(run_rules(context, (family,)))
                continue
            cached = self._cache.get(family)
            if cached is not None and _same(cached[0], inputs):
                findings.extend(cached[1])
                continue
            found = run_rules(context, (family,))
            self._cache[family] = (inputs, found)
            findings.extend(found)
        return place(
            findings,
            root=plan,
            source_map=SourceMap(),
            config=self.config,
            file=self.file,
            scopes=_ignore_scopes(plan),
        )

    def report(
        self, plan: Plan, revision: int, *, context: LintContext | None = None
    ) -> LintReport:
        """Return the ``LintReport`` of ``plan`` at ``revision``."""
        return LintReport.build(plan, revision, self.lint(plan, context=context))
