"""The text of one plan that git's ``textconv`` diffs line by line.

It is the plan's canonical form (so a reformatted plan shows no change), then, as YAML comments,
the measurements of each variant's rendering per persona and the findings without line numbers:
a line diff of two such texts shows, next to the copy that changed, the SMS that now takes two
segments and the finding that appeared. Every line is made safe for a terminal.
"""

from __future__ import annotations

from xcplan.diff.visible import visible
from xcplan.io.canonical import dump_plan
from xcplan.lint.context import LintContext
from xcplan.lint.engine import lint_plan
from xcplan.model.config import Config
from xcplan.model.plan import Plan


def _safe(text: str) -> str:
    return "\n".join(visible(line) for line in text.split("\n"))


def outline(plan: Plan, config: Config) -> str:
    """Return the canonical text of ``plan`` followed by its measurements and findings."""
    ctx = LintContext(plan, config)
    diagnostics = lint_plan(plan, config, ctx=ctx)
    lines = [dump_plan(plan).rstrip("\n"), "", "# xcplan: measurements, per variant and persona"]
    for t_index, touchpoint in enumerate(plan.touchpoints):
        for v_index, variant in enumerate(touchpoint.variants):
            for rendering in ctx.renderings(t_index, v_index):
                for name, measured in rendering.fields.items():
                    figures = [f"{measured.characters} characters"]
                    if measured.weighted is not None:
                        figures.append(f"{measured.weighted} weighted")
                    if measured.sms is not None:
                        segments = measured.sms.segments
                        figures.append(
                            f"{measured.sms.encoding}, {segments} segment"
                            f"{'' if segments == 1 else 's'}"
                        )
                    lines.append(
                        f"# touchpoints[{touchpoint.id}].variants[{variant.id}].{name} for "
                        f"{rendering.persona}: {', '.join(figures)}"
                    )
    lines += ["", "# xcplan: findings"]
    for diagnostic in sorted(diagnostics, key=lambda d: (d.path, d.code, d.message)):
        lines.append(
            f"# {diagnostic.code} {diagnostic.severity.value} {diagnostic.path}: "
            f"{diagnostic.message}".replace("\n", " ")
        )
    return _safe("\n".join(lines)) + "\n"


def raw_outline(raw: bytes, reason: str) -> str:
    """Return the text of a file that does not load as a plan, as it is, made safe to show."""
    text = raw.decode("utf-8", "replace").replace("\r\n", "\n")
    return _safe(f"# xcplan: {reason}; shown as it is\n{text}")
