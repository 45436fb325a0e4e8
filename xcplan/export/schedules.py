"""The journey in time as the export carries it (format, section 8): `schedules`, `events`,
`scenarios` and `policies` with their defaults made explicit.

``schedule`` is also what ``xcplan simulate --format json`` prints, so a walk has one written
shape wherever it goes. Times are local date-times ``2026-04-01T09:00``; durations are written
in the format's notation (``1d2h``).
"""

from __future__ import annotations

from typing import Any

from xcplan.io.canonical import model_data
from xcplan.journey.expect import outcomes
from xcplan.journey.scenarios import declared
from xcplan.journey.times import iso
from xcplan.journey.walk import Message, Status, Walk
from xcplan.model.durations import format_minutes
from xcplan.model.plan import Plan


def _message(walk: Walk, message: Message) -> dict[str, Any]:
    out: dict[str, Any] = {
        "touchpoint": message.touchpoint,
        "channel": message.channel,
        "kind": message.kind,
        "flow": {"name": message.flow.name, "root": message.flow.root_id},
        "status": message.status.value,
        "pending": walk.iso(message.pending),
        "due": walk.iso(message.due),
        "send": walk.iso(message.time) if message.reached else None,
        "reason": message.reason or None,
    }
    if message.status in (Status.SKIPPED, Status.DROPPED):
        out["stopped"] = walk.iso(message.time)
    if message.status is Status.CANCELLED:
        out["cancelled_by"] = {"event": message.cause, "time": walk.iso(message.time)}
    return out


def schedule(walk: Walk, plan: Plan) -> dict[str, Any]:
    """Return one walk as the export writes it: who, when they enter, what they do, and each
    message with its due time, send time, status and reason (and, for a declared scenario, how
    its `expect` fares)."""
    customer = walk.customer
    out: dict[str, Any] = {
        "scenario": customer.id,
        "origin": customer.origin.value,
        "persona": customer.persona,
    }
    if customer.name:
        out["name"] = customer.name
    out["start"] = iso(customer.start)
    out["events"] = [
        {"event": o.event, "at": format_minutes(o.at), "time": walk.iso(o.at)}
        for o in customer.events
    ]
    out["messages"] = [_message(walk, message) for message in walk.messages]
    if customer.index is not None:
        known = {t.id for t in plan.touchpoints}
        expectation = plan.scenarios[customer.index].expect
        out["expect"] = [
            {"touchpoint": o.touchpoint, "want": o.want, "met": o.met}
            for o in outcomes(walk, expectation, known)
        ]
    out["ended"] = walk.iso(walk.ended)
    return out


def policies(plan: Plan) -> dict[str, Any] | None:
    """Return the plan's policies with every default made explicit (None without policies)."""
    if plan.policies is None:
        return None
    out: dict[str, Any] = {}
    cap = plan.policies.frequency_cap
    if cap is not None:
        out["frequency_cap"] = {
            "max": cap.max,
            "per": cap.per,
            "kinds": list(cap.kinds),
            "action": cap.action,
        }
    quiet = plan.policies.quiet_hours
    if quiet is not None:
        out["quiet_hours"] = {
            "start": quiet.start,
            "end": quiet.end,
            "kinds": list(quiet.kinds),
            "action": quiet.action,
        }
    if plan.policies.min_gap is not None:
        out["min_gap"] = plan.policies.min_gap
    return out


def events(plan: Plan) -> list[dict[str, Any]]:
    """Return each event the plan declares or names, with the touchpoints it triggers and stops
    and the scenarios in which it occurs: declared events first (in order, every field with its
    default), then the names used without a declaration, in order of first use."""
    used: dict[str, dict[str, list[str]]] = {}

    def use(name: str, how: str, who: str) -> None:
        entry = used.setdefault(name, {"triggers": [], "stops": [], "scenarios": []})
        if who not in entry[how]:
            entry[how].append(who)

    for touchpoint in plan.touchpoints:
        if touchpoint.trigger is not None:
            use(touchpoint.trigger, "triggers", touchpoint.id)
        for name in touchpoint.exit_on:
            use(name, "stops", touchpoint.id)
    for scenario in plan.scenarios:
        for occurrence in scenario.events:
            use(occurrence.event, "scenarios", scenario.id)
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for event in plan.events:
        if event.id in seen:
            continue
        seen.add(event.id)
        data = model_data(event)
        entry: dict[str, Any] = {"id": event.id}
        if event.name:
            entry["name"] = event.name
        entry["properties"] = list(event.properties)
        entry["rate"] = event.rate
        entry["rates"] = dict(event.rates)
        entry["declared"] = True
        entry.update(used.get(event.id, {"triggers": [], "stops": [], "scenarios": []}))
        entry.update({key: value for key, value in data.items() if key not in entry})
        out.append(entry)
    for name, uses in used.items():
        if name not in seen:
            out.append({"id": name, "properties": [], "declared": False, **uses})
    return out


def scenarios(plan: Plan) -> list[dict[str, Any]]:
    """Return the declared scenarios with their `start` made explicit."""
    out = []
    for index, scenario in enumerate(plan.scenarios):
        data = model_data(scenario)
        data["start"] = iso(declared(plan, index).start)
        out.append({name: data[name] for name in type(scenario).model_fields if name in data})
    return out
