"""Exports of a checked plan: the resolved plan (YAML, JSON), the brief (Markdown), the content
matrix (CSV). The CLI's ``export`` command and the editor's export dialog both call
``export_plan``."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xcplan.lint.context import LintContext
    from xcplan.lint.diagnostics import Diagnostic


class ExportFormat(StrEnum):
    """What an export writes."""

    YAML = "yaml"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.YAML: ".export.yaml",
    ExportFormat.JSON: ".export.json",
    ExportFormat.MARKDOWN: ".md",
    ExportFormat.CSV: ".csv",
}
"""The file ending suggested for each format (``plan.yaml`` -> ``plan.md``)."""


def export_plan(
    ctx: LintContext, diagnostics: list[Diagnostic], output: ExportFormat, source: str
) -> str:
    """Return the export of a plan that has no errors (the caller checks that first).

    ``ctx`` is the lint context of the plan (its renderings are reused), ``diagnostics`` its
    findings, ``source`` the plan's path as the user gave it.
    """
    if output is ExportFormat.CSV:
        from xcplan.export.matrix import content_matrix

        return content_matrix(ctx)
    from xcplan.export.resolved import resolved_plan

    data = resolved_plan(ctx, diagnostics, source)
    if output is ExportFormat.MARKDOWN:
        from xcplan.export.brief import render_brief

        return render_brief(ctx, data)
    from xcplan.export.formats import to_json, to_yaml

    return to_json(data) if output is ExportFormat.JSON else to_yaml(data)
