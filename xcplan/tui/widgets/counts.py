"""The Problems tab's title: the counts of a lint report by severity, ``Problems ✖2 ▲5 ℹ3``.

Apart from the Problems tab's module (its table and filters), which the plan screen imports
when it makes that tab's pane, once the first lint report is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from xcplan.lint.diagnostics import Severity

if TYPE_CHECKING:
    from xcplan.edit.report import LintReport

SYMBOLS: Final = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "ℹ"}
"""The mark of each severity, in the tab's title and the table."""


def tab_title(report: LintReport | None) -> str:
    """Return the Problems tab's title with the counts: ``Problems ✖2 ▲5 ℹ3``."""
    if report is None:
        return "Problems …"
    counts = " ".join(f"{SYMBOLS[s]}{report.count(s)}" for s in Severity if report.count(s))
    return f"Problems {counts}" if counts else "Problems ✔"
