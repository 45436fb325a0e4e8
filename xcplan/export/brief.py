"""The campaign brief: a Markdown view of the resolved plan for people (GitHub renders it,
Mermaid flowcharts included). The layout lives in ``templates/brief.md.j2``."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Final

from jinja2 import ChainableUndefined, Environment, FileSystemLoader, StrictUndefined
from jinja2.exceptions import TemplateRuntimeError, UndefinedError
from jinja2.utils import missing

from xcplan.export.estimate import brief_section
from xcplan.lint.context import LintContext
from xcplan.lint.rules.cost import estimate_of
from xcplan.lint.rules.experiments import arm_reach, sample_size_per_arm
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
        reach = None if audience is None else math.floor(arm_reach(audience, smallest))
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


class _Absent(ChainableUndefined):
    """What a lookup the data does not answer gives the brief's template.

    The resolved plan leaves optional fields out (no `owner`, a KPI `target` without `unit`), so
    a field the data lacks is absent: false in ``{% if %}``, empty when printed, and absent
    again when looked into. A name the template itself gets wrong (not a field of the data but
    one of the template's own variables) still fails loudly, so a typo cannot hide.
    """

    __slots__ = ()

    def __new__(
        cls,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[TemplateRuntimeError] = UndefinedError,
    ) -> Any:
        if obj is missing:
            return StrictUndefined(hint, obj, name, exc)
        return super().__new__(cls)


def gantt_label(value: Any) -> str:
    """Return text safe as a Mermaid gantt task or section name (no `:`, `#` or `;`)."""
    return re.sub(r"[:#;]", " ", str(value).replace("\n", " ")).strip() or "?"


def gantt_time(value: Any) -> str:
    """Return a local date-time ``2026-04-01T09:00`` as ``2026-04-01 09:00`` (empty stays empty)."""
    return "" if not value else str(value).replace("T", " ")


_GANTT_TAGS: Final = {
    "sent": "done, ",
    "deferred": "active, ",
    "skipped": "crit, ",
    "dropped": "crit, ",
}


def gantts(schedules: list[dict[str, Any]], names: dict[str, str]) -> list[list[dict[str, Any]]]:
    """Return, for each schedule, the sections of its Mermaid gantt: one per channel in the order
    the walk first uses it, each with a task per message sent, deferred, skipped or dropped."""
    out = []
    for number, schedule in enumerate(schedules):
        sections: dict[str, list[dict[str, Any]]] = {}
        for m_index, message in enumerate(schedule["messages"]):
            status = message["status"]
            time = message["send"] or message.get("stopped")
            if status not in _GANTT_TAGS or time is None:
                continue
            label = f"{names.get(message['touchpoint'], message['touchpoint'])} ({status})"
            sections.setdefault(message["channel"], []).append(
                {
                    "label": label,
                    "tag": _GANTT_TAGS[status],
                    "id": f"s{number}m{m_index}",
                    "time": time,
                }
            )
        out.append([{"channel": channel, "tasks": tasks} for channel, tasks in sections.items()])
    return out


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=_Absent,
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
    env.filters.update(gantt_label=gantt_label, gantt_time=gantt_time)
    return env


def _names(ctx: LintContext) -> dict[str, str]:
    return {t.id: t.name or t.id for t in reversed(ctx.plan.touchpoints)}


def render_journey(
    ctx: LintContext, schedules: list[dict[str, Any]], policies: dict[str, Any] | None
) -> str:
    """Return the brief's "Journey in time" section alone, for these schedules (as
    ``xcplan.export.schedules.schedule`` writes them): ``xcplan simulate --format markdown``."""
    data: dict[str, Any] = {"schedules": schedules}
    if policies is not None:
        data["policies"] = policies
    text = (
        _environment()
        .get_template("journey.md.j2")
        .render(
            data=data,
            personas={p.id: {"name": p.name} for p in reversed(ctx.plan.personas)},
            gantts=gantts(schedules, _names(ctx)),
        )
    )
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def render_brief(ctx: LintContext, data: dict[str, Any]) -> str:
    """Return the Markdown brief of a resolved plan (``data`` from ``resolved_plan``)."""
    template = _environment().get_template("brief.md.j2")
    estimate = estimate_of(ctx)  # the cost and reach section, with [costs] only
    personas = {p["id"]: p for p in data["personas"]}
    channels = {c["id"]: c for c in data["channels"]}
    stages = {s["id"]: s for s in data["stages"]}
    text = template.render(
        data=data,
        personas=personas,
        touchpoints={t["id"]: t for t in data["touchpoints"]},  # a lookup, not a search a line
        channels=channels,
        stages=stages,
        matrices={p: _matrix(ctx, p) for p in personas},
        experiments=_experiments(ctx, data),
        limits={kind: ctx.limits(kind) for kind in {c["kind"] for c in data["channels"]}},
        gantts=gantts(data["schedules"], _names(ctx)),
        cost=None if estimate is None else brief_section(estimate),
    )
    # One blank line at most between blocks, and one final newline.
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"
