"""Linting as the user edits: every rule family, re-running only what an edit can change.

The TUI lints the whole plan after each edit. The rule families that render and read copy
(personalisation, channels, brand voice: ``TOUCHPOINT_FAMILIES``) are most of the cost; their
findings on a touchpoint depend only on that touchpoint, its position, the campaign's variables
and locale, the personas and the channels. They are kept per touchpoint and reused while those
are unchanged (models are compared by identity: the edits of ``xcplan.edit`` never change a
model in place). Toggling a cell of the journey or renaming a stage re-runs the cheap families only;
typing in a variant re-runs them and that one touchpoint. Any other family, including one added
later, always runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from xcplan.collect import collector_paused
from xcplan.edit.report import Linted, LintReport
from xcplan.io.yaml_source import SourceMap
from xcplan.journey.cost import Estimate, KeptCosts
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Finding
from xcplan.lint.engine import (
    FAMILIES,
    TOUCHPOINT_FAMILIES,
    check_touchpoint,
    ignore_scopes,
    place,
    run_rules,
)
from xcplan.lint.rules.cost import estimate_of
from xcplan.model.config import Config
from xcplan.model.plan import Plan, Touchpoint

QUICK_TOUCHPOINTS: Final = 8
"""At most this many touchpoints to re-check for a lint to count as quick (done at once)."""

_Shared = tuple[tuple[tuple[str, type, object], ...], str, object, object]


def _shared(plan: Plan) -> _Shared:
    # Variables are compared by value and type (`1` and `1.0` render differently); the two
    # lists by identity, since edits never change a model in place.
    variables = tuple((key, type(value), value) for key, value in plan.campaign.vars.items())
    return (variables, plan.campaign.locale, plan.personas, plan.channels)


def _same(a: _Shared, b: _Shared) -> bool:
    return a[:2] == b[:2] and a[2] is b[2] and a[3] is b[3]


def plan_findings(context: LintContext) -> list[Finding]:
    """Return what the rule families that are not a touchpoint's find in ``context``'s plan (the
    cost rules make its estimate: ``estimate_of``)."""
    findings: list[Finding] = []
    for family in FAMILIES:
        if family not in TOUCHPOINT_FAMILIES:
            findings.extend(run_rules(context, (family,)))
    return findings


class Linter:
    """Lints successive versions of one plan, reusing what an edit cannot have changed.

    Safe to call from a worker thread: one lint runs at a time.
    """

    def __init__(self, config: Config | None = None, file: Path | str = "") -> None:
        self.config = config if config is not None else Config()
        self.file = str(file)
        self._lock = threading.Lock()
        self._shared: _Shared | None = None
        self._touchpoints: dict[int, tuple[Touchpoint, list[Finding]]] = {}
        """Position -> (the touchpoint checked there, its findings), valid for ``_shared``."""
        self._costs = KeptCosts()
        """The touchpoints' estimates of the last lint, reused where nothing changed."""

    def _stale(self, plan: Plan) -> list[int]:
        """Return the positions of the touchpoints whose kept findings cannot be reused."""
        shared = _shared(plan)
        if self._shared is None or not _same(self._shared, shared):
            return list(range(len(plan.touchpoints)))
        kept = self._touchpoints
        return [
            index
            for index, touchpoint in enumerate(plan.touchpoints)
            if (found := kept.get(index)) is None or found[0] is not touchpoint
        ]

    def quick_report(self, plan: Plan, revision: int) -> LintReport | None:
        """Return the report of ``plan`` when it is cheap to make, else None (use a worker).

        It is cheap when at most ``QUICK_TOUCHPOINTS`` touchpoints need checking again: after
        an edit of the journey, the stages, the policies or a few touchpoints. Returns None at
        once, without waiting, while another lint runs.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if len(self._stale(plan)) > QUICK_TOUCHPOINTS:
                return None
            with collector_paused():
                diagnostics, estimate = self._lint(plan, None)
        finally:
            self._lock.release()
        return LintReport.build(plan, revision, diagnostics, estimate)

    def adopt(self, plan: Plan, found: Sequence[Sequence[Finding]]) -> bool:
        """Take ``found``, each touchpoint's findings on ``plan`` in order (as another linter
        with an equal config found them, ``Linted.touchpoints``), as this linter's own: the next
        lint re-checks only the touchpoints an edit replaced since ``plan``. Only a linter that
        has not linted yet takes them; return whether this one did."""
        if len(found) != len(plan.touchpoints):
            return False
        with self._lock:
            if self._shared is not None:
                return False
            self._shared = _shared(plan)
            self._touchpoints = {
                index: (touchpoint, list(findings))
                for index, (touchpoint, findings) in enumerate(
                    zip(plan.touchpoints, found, strict=True)
                )
            }
        return True

    def linted(
        self,
        plan: Plan,
        *,
        context: LintContext | None = None,
        whole: list[Finding] | None = None,
    ) -> Linted:
        """Lint ``plan`` in full, as ``lint`` does (``context`` as there); return all it found
        (``Linted``). ``whole`` is what ``plan_findings`` found in ``context`` already."""
        with self._lock, collector_paused():
            diagnostics, estimate = self._lint(plan, context, whole)
            touchpoints = tuple(
                tuple(self._touchpoints[index][1]) for index in range(len(plan.touchpoints))
            )
        return Linted(diagnostics, estimate, touchpoints)

    def lint(self, plan: Plan, *, context: LintContext | None = None) -> list[Diagnostic]:
        """Return the sorted diagnostics of ``plan``, as ``lint_plan`` gives them.

        ``context`` may be the lint context of this very plan from loading it, whose renderings
        are then reused. Positions are those of the plan as it would be saved: line 1, since an
        edited plan has no lines yet; the diagnostics' paths say where they are.
        """
        with self._lock, collector_paused():
            return self._lint(plan, context)[0]

    def _lint(
        self, plan: Plan, context: LintContext | None, whole: list[Finding] | None = None
    ) -> tuple[list[Diagnostic], Estimate | None]:
        """Return the diagnostics of ``plan`` and the cost estimate the cost rules made (None
        without ``[costs]``); ``whole``: what ``plan_findings`` found in ``context``."""
        if context is None or context.plan is not plan or context.config is not self.config:
            context = LintContext(plan, self.config, kept_costs=self._costs)
            whole = None
        stale = self._stale(plan)
        shared = _shared(plan)
        if self._shared is None or not _same(self._shared, shared):
            self._touchpoints = {}
        self._shared = shared
        for index in stale:
            found = list(check_touchpoint(context, index))
            self._touchpoints[index] = (plan.touchpoints[index], found)
        for index in [i for i in self._touchpoints if i >= len(plan.touchpoints)]:
            del self._touchpoints[index]
        findings = list(whole) if whole is not None else plan_findings(context)
        for index in range(len(plan.touchpoints)):
            findings.extend(self._touchpoints[index][1])
        diagnostics = place(
            findings,
            root=plan,
            source_map=SourceMap(),
            config=self.config,
            file=self.file,
            scopes=ignore_scopes(plan),
        )
        return diagnostics, estimate_of(context)

    def report(
        self, plan: Plan, revision: int, *, context: LintContext | None = None
    ) -> LintReport:
        """Return the ``LintReport`` of ``plan`` at ``revision``, with the cost estimate the
        lint made (the one ``xcplan cost`` prints for the plan saved)."""
        with self._lock:
            diagnostics, estimate = self._lint(plan, context)
        return LintReport.build(plan, revision, diagnostics, estimate)
