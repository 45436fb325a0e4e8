"""The campaign brief: a Markdown view of the resolved plan for people (GitHub renders it,
Mermaid flowcharts included). The layout lives in ``templates/brief.md.j2``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from xcplan.lint.context import LintContext
from xcplan.lint.rules.experiments import sample_size_per_arm
from xcplan.model.method import arms
from xcplan.render.measure import GSM7_CHARS

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
_MERMAID_ID: Final = re.compile(r"[^A-Za-z0-9_]")


def cell(value: Any) -> str:
    """Return text safe inside a Markdown table cell: pipes escaped, line breaks as ``<br>``."""
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").strip()
    return "<br>".join(line.rstrip() for line in text.split("\n")) or " "


def mermaid_label(value: Any) -> str:
    """Return text safe inside a quoted Mermaid node label."""
    return str(value).replace('"', "#quot;").replace("\n", " ")


def mermaid_id(value: str) -> str:
    """Return a Mermaid node id for a plan id (letters, digits and underscores)."""
    return "n_" + _MERMAID_ID.sub("_", value)


def _ucs2_marks(text: str) -> str:
    """Return the first characters of an SMS that are outside GSM-7, each set apart."""
    found = list(dict.fromkeys(c for c in text if c not in GSM7_CHARS and c != "\n"))
    shown = " ".join(f"`{c}`" for c in found[:5])
    return shown + (f" and {len(found) - 5} more" if len(found) > 5 else "")


def target(value: Any, unit: str | None) -> str:
    """Return a KPI target with its unit: ``6%``, ``15,000 orders``."""
    number = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit in ("%", "‰", "pp") else f"{number} {unit}"


def _experiments(ctx: LintContext, data: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    sizes = {p.id: p.size for p in ctx.plan.personas}
    for touchpoint in ctx.plan.touchpoints:
        experiment = touchpoint.experiment
        if experiment is None:
            continue
        shares = arms(touchpoint)
        audience = None
        if all(sizes.get(p) is not None for p in touchpoint.personas):
            audience = sum(sizes[p] or 0 for p in dict.fromkeys(touchpoint.personas))
        needed = None
        if experiment.baseline is not None and experiment.mde is not None:
            try:
                needed = sample_size_per_arm(experiment.baseline, experiment.mde)
            except ValueError:
                needed = None
        smallest = min(share for _, share in shares) if shares else 0.0
        reach = None if audience is None else int(audience * smallest / 100)
        out.append(
            {
                "touchpoint": touchpoint.id,
                "name": touchpoint.name or touchpoint.id,
                "arms": shares,
                "metric": experiment.metric,
                "hypothesis": experiment.hypothesis,
                "baseline": experiment.baseline,
                "mde": experiment.mde,
                "audience": audience,
                "needed": needed,
                "smallest_reach": reach,
                "enough": None if needed is None or reach is None else reach >= needed,
            }
        )
    return out


def _matrix(ctx: LintContext, persona_id: str) -> dict[str, Any]:
    plan = ctx.plan
    stages = [s.id for s in ctx.journey]
    row = plan.map.get(persona_id, {})
    counts: dict[tuple[str, str], int] = {}
    for touchpoint in plan.touchpoints:
        if persona_id in touchpoint.personas:
            key = (touchpoint.stage, touchpoint.channel)
            counts[key] = counts.get(key, 0) + 1
    rows = []
    for channel in plan.channels:
        cells = []
        for stage in stages:
            planned = channel.id in row.get(stage, [])
            filled = counts.get((stage, channel.id), 0)
            if planned and filled:
                cells.append(f"✓ {filled}")
            elif planned:
                cells.append("planned, empty")
            else:
                cells.append("")
        if any(cells):
            rows.append({"channel": channel, "cells": cells})
    return {"stages": [s.name for s in ctx.journey], "rows": rows}


def render_brief(ctx: LintContext, data: dict[str, Any]) -> str:
    """Return the Markdown brief of a resolved plan (``data`` from ``resolved_plan``)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )

    env.filters.update(
        cell=cell, mermaid_label=mermaid_label, mermaid_id=mermaid_id, ucs2=_ucs2_marks
    )
    env.globals["target"] = target
    template = env.get_template("brief.md.j2")
    personas = {p["id"]: p for p in data["personas"]}
    channels = {c["id"]: c for c in data["channels"]}
    stages = {s["id"]: s for s in data["stages"]}
    text = template.render(
        data=data,
        personas=personas,
        channels=channels,
        stages=stages,
        matrices={p: _matrix(ctx, p) for p in personas},
        experiments=_experiments(ctx, data),
        limits={kind: ctx.limits(kind) for kind in {c["kind"] for c in data["channels"]}},
    )
    # One blank line at most between blocks, and one final newline.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
