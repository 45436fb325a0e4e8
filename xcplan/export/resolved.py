"""The resolved plan for other systems (format, section 8): one structure, written as YAML or JSON.

Everything in the plan with its defaults made explicit, the brand voice that applied, each
variant's variables and per-persona previews with measurements, each persona's timeline, the
customer data the sending system must provide, and the warnings and infos that remained.

The structure holds only text, integers, floats, booleans, lists and mappings (dates are
``YYYY-MM-DD`` text, integral floats are integers), so the YAML export reads the same under
YAML 1.1 and 1.2 parsers and carries exactly the data of the JSON export.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

from xcplan import __version__
from xcplan.export.estimate import estimate_data
from xcplan.export.schedules import events, policies, scenarios, schedule
from xcplan.io.canonical import dump_plan, model_data
from xcplan.io.yaml_source import composed
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Severity
from xcplan.lint.rules.cost import estimate_of
from xcplan.lint.rules.journey import plan_walks
from xcplan.model.durations import duration_minutes, format_minutes
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.method import arms
from xcplan.model.plan import Persona, Plan, Touchpoint, Variant
from xcplan.render.preview import (
    BUILTIN_VARIABLES,
    Measured,
    persona_locale,
    variant_locale,
)
from xcplan.render.templates import analyse

EXPORT_VERSION: Final = 1


def _plain(value: Any) -> Any:
    """Return ``value`` with dates as text and integral floats of typed fields as integers."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return composed(value)  # what the counters measured is what goes out (section 7)
    if type(value) is float and value.is_integer() and abs(value) < 1e15:
        # A number a template renders (`vars`, `profile`) keeps its type: `10.0` stays a float.
        return int(value)
    return value


def _measured(measured: Measured) -> dict[str, Any]:
    out: dict[str, Any] = {"text": measured.text, "characters": measured.characters}
    if measured.weighted is not None:
        out["weighted_characters"] = measured.weighted
    out["utf8_bytes"] = measured.utf8_bytes
    if measured.sms is not None:
        out["encoding"] = measured.sms.encoding
        out["units"] = measured.sms.units
        out["segments"] = measured.sms.segments
    return out


def _variables(variant: Variant) -> list[str]:
    names: set[str] = set()
    for name in CONTENT_FIELDS:
        source = getattr(variant, name)
        if source is not None:
            names |= analyse(source).variables
    return sorted(names)


def _variant(ctx: LintContext, t_index: int, v_index: int, weight: float) -> dict[str, Any]:
    touchpoint = ctx.plan.touchpoints[t_index]
    variant = touchpoint.variants[v_index]
    data = model_data(variant)
    data["weight"] = weight
    data["locale"] = variant_locale(ctx.plan, variant)
    ordered: dict[str, Any] = {key: data[key] for key in ("id", "weight", "locale") if key in data}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    ordered["variables"] = _variables(variant)
    previews = []
    for rendering in ctx.renderings(t_index, v_index):
        preview: dict[str, Any] = {
            "persona": rendering.persona,
            "fields": {name: _measured(m) for name, m in rendering.fields.items()},
        }
        if ctx.kind_of(touchpoint) in ("push", "web_push"):
            preview["payload_bytes"] = rendering.payload_bytes
        previews.append(preview)
    ordered["previews"] = previews
    return ordered


def _touchpoint(ctx: LintContext, t_index: int) -> dict[str, Any]:
    touchpoint = ctx.plan.touchpoints[t_index]
    data = model_data(touchpoint)
    shares = dict(arms(touchpoint))
    if touchpoint.experiment is not None:
        experiment = model_data(touchpoint.experiment)
        experiment["control"] = touchpoint.experiment.control
        data["experiment"] = {"control": experiment.pop("control"), **experiment}
    data["variants"] = [
        _variant(ctx, t_index, v_index, shares.get(variant.id, 0.0))
        for v_index, variant in enumerate(touchpoint.variants)
    ]
    return {name: data[name] for name in Touchpoint.model_fields if name in data}


def anchors(plan: Plan) -> dict[str, tuple[str, int] | None]:
    """Return what each touchpoint's timing counts from, and its offset in minutes, by id.

    A touchpoint with neither ``after`` nor ``trigger`` counts from the journey start; one with
    a ``trigger`` from that event; one with ``after`` from what the touchpoint it follows counts
    from, its delay added. None when an ``after`` chain is broken or loops. Each chain is walked
    once, so the cost is linear in the touchpoints.
    """
    by_id = {t.id: t for t in plan.touchpoints}
    found: dict[str, tuple[str, int] | None] = {}
    for touchpoint in plan.touchpoints:
        path: list[Touchpoint] = []
        on_path: set[str] = set()
        current: Touchpoint | None = touchpoint
        base: tuple[str, int] | None = None
        while current is not None:
            if current.id in found:
                base = found[current.id]
                break
            if current.id in on_path:
                base = None  # a loop: nothing on it or leading to it has a start
                break
            path.append(current)
            on_path.add(current.id)
            if current.after is None:
                base = (current.trigger or "journey start", 0)
                found[current.id] = (base[0], duration_minutes(current.delay))
                path.pop()
                base = found[current.id]
                break
            current = by_id.get(current.after)
        for item in reversed(path):
            base = None if base is None else (base[0], base[1] + duration_minutes(item.delay))
            found[item.id] = base
    return found


def timeline(ctx: LintContext, persona: Persona) -> list[dict[str, Any]]:
    """Return a persona's touchpoints in journey order, with when each starts."""
    plan = ctx.plan
    entries = []
    starts = anchors(plan)
    for t_index, touchpoint in enumerate(plan.touchpoints):
        if persona.id not in touchpoint.personas:
            continue
        anchor = starts[touchpoint.id]
        entry: dict[str, Any] = {
            "touchpoint": touchpoint.id,
            "stage": touchpoint.stage,
            "channel": touchpoint.channel,
        }
        if touchpoint.name:
            entry["name"] = touchpoint.name
        if anchor is not None:
            entry["from"] = anchor[0]
            entry["offset"] = format_minutes(anchor[1])
            entry["offset_minutes"] = anchor[1]
        if touchpoint.exit_on:
            entry["exit_on"] = list(touchpoint.exit_on)
        stage_rank = ctx.stage_index.get(touchpoint.stage, len(ctx.stage_index))
        entries.append(((stage_rank, anchor[1] if anchor else 0, t_index), entry))
    entries.sort(key=lambda item: item[0])
    return [entry for _, entry in entries]


def data_requirements(ctx: LintContext) -> list[dict[str, Any]]:
    """Return each variable the plan's copy uses, with who needs it and where it comes from."""
    plan = ctx.plan
    # The touchpoints of each variable as an ordered set: a variable every touchpoint uses
    # (`unsubscribe_url`) costs one step per touchpoint, not a search of the list so far.
    usage: dict[str, tuple[set[str], dict[str, None]]] = {}
    for touchpoint in plan.touchpoints:
        for variant in touchpoint.variants:
            for name in _variables(variant):
                personas, touchpoints = usage.setdefault(name, (set(), {}))
                personas.update(touchpoint.personas)
                touchpoints[touchpoint.id] = None
    builtins = set().union(*BUILTIN_VARIABLES.values())
    order = [p.id for p in plan.personas]
    out = []
    for name in sorted(usage):
        personas, touchpoints = usage[name]
        ranked = sorted(personas, key=lambda p: (order.index(p) if p in order else len(order), p))
        if name in builtins:
            source = "xcplan (email)"
        elif name in plan.campaign.vars:
            source = "campaign.vars"
        else:
            source = "customer profile"
        entry: dict[str, Any] = {
            "variable": name,
            "source": source,
            "personas": ranked,
            "touchpoints": list(touchpoints),
        }
        if source == "customer profile":
            profiles = {p.id: p.profile for p in plan.personas}
            missing = [p for p in ranked if name not in profiles.get(p, {})]
            if missing:
                entry["not_in_sample_profile"] = missing
        out.append(entry)
    return out


def _brand(ctx: LintContext) -> dict[str, Any] | None:
    brand = ctx.config.brand
    if brand is None:
        return None
    return brand.model_dump(mode="python")


def resolved_plan(ctx: LintContext, diagnostics: list[Diagnostic], source: str) -> dict[str, Any]:
    """Return the whole export structure of a plan that has no errors."""
    plan = ctx.plan
    canonical = dump_plan(plan)
    campaign = model_data(plan.campaign)
    campaign["locale"] = plan.campaign.locale
    campaign = {
        name: campaign[name] for name in type(plan.campaign).model_fields if name in campaign
    }
    personas = []
    for persona in plan.personas:
        data = model_data(persona)
        data["lifecycle"] = persona.lifecycle
        data["locale"] = persona_locale(plan, persona)
        data = {name: data[name] for name in Persona.model_fields if name in data}
        data["timeline"] = timeline(ctx, persona)
        personas.append(data)
    out: dict[str, Any] = {
        "xcplan_export": EXPORT_VERSION,
        "generator": f"xcplan {__version__}",
        "source": source,
        "digest": "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
        "campaign": campaign,
        "brand": _brand(ctx),
        "personas": personas,
        "channels": [model_data(channel) for channel in plan.channels],
        "stages": [model_data(stage) for stage in plan.journey()],
        "map": {
            persona: {stage: list(cells) for stage, cells in row.items()}
            for persona, row in plan.map.items()
        },
        "touchpoints": [_touchpoint(ctx, t) for t in range(len(plan.touchpoints))],
    }
    # The journey in time (section 8): policies with their defaults, events with what they
    # trigger and stop, scenarios with their start, and the walk of each one.
    rules = policies(plan)
    if rules is not None:
        out["policies"] = rules
    if plan.events or any(t.trigger or t.exit_on for t in plan.touchpoints):
        out["events"] = events(plan)
    if plan.scenarios:
        out["scenarios"] = scenarios(plan)
    out["schedules"] = [schedule(walk, plan) for walk in plan_walks(ctx)]
    out["data_requirements"] = data_requirements(ctx)
    out["diagnostics"] = [
        {key: value for key, value in d.as_dict().items() if key != "file"}
        for d in diagnostics
        if d.severity is not Severity.ERROR
    ]
    # The cost and reach estimate (format section 11), where xcplan.toml has [costs].
    estimate = estimate_of(ctx)
    if estimate is not None:
        out["estimate"] = estimate_data(estimate)
    plain: dict[str, Any] = _plain(out)
    return plain
