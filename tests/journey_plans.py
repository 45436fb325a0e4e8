"""Small plans for the tests of the walk: only what the walk reads, built in Python."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xcplan.journey.scenarios import Customer, Occurrence, ad_hoc
from xcplan.journey.walk import Message, Walk, Walker
from xcplan.model.plan import Plan

CHANNELS = [
    {"id": "email", "kind": "email"},
    {"id": "sms", "kind": "sms"},
    {"id": "push", "kind": "push"},
    {"id": "app", "kind": "in_app"},
    {"id": "web", "kind": "web"},
]
ENTRY = dt.datetime(2026, 4, 1, 9, 0)
"""Wednesday 1 April 2026, 09:00: the campaign's start at the default entry time."""

H = 60
D = 24 * H


def touchpoint(tid: str, channel: str = "email", **fields: Any) -> dict[str, Any]:
    """Return a touchpoint's data for persona `nadia` (unless ``personas`` is given)."""
    data: dict[str, Any] = {
        "id": tid,
        "personas": ["nadia"],
        "stage": "onboarding",
        "channel": channel,
        "variants": [{"id": "a", "body": "Hello"}],
    }
    data.update(fields)
    return data


def make_plan(
    *touchpoints: dict[str, Any],
    policies: dict[str, Any] | None = None,
    scenarios: list[dict[str, Any]] | None = None,
    start: str | None = "2026-04-01",
    end: str | None = None,
    personas: tuple[str, ...] = ("nadia", "omar"),
) -> Plan:
    """Return a plan with these touchpoints, the five channels and the two personas."""
    campaign: dict[str, Any] = {"id": "c", "name": "C", "objective": "O"}
    if start is not None:
        campaign["start"] = start
    if end is not None:
        campaign["end"] = end
    data: dict[str, Any] = {
        "xcplan": 1,
        "campaign": campaign,
        "personas": [{"id": p, "name": p.title()} for p in personas],
        "channels": CHANNELS,
        "touchpoints": list(touchpoints),
    }
    if policies is not None:
        data["policies"] = policies
    if scenarios is not None:
        data["scenarios"] = scenarios
    return Plan.model_validate(data)


def customer(
    plan: Plan,
    *events: tuple[str, int],
    start: dt.datetime = ENTRY,
    persona: str = "nadia",
) -> Customer:
    """Return a customer of ``persona`` entering at ``start`` who does ``events`` (minutes)."""
    return ad_hoc(plan, persona, start=start, events=tuple(Occurrence(e, at) for e, at in events))


def walk_of(plan: Plan, *events: tuple[str, int], **kwargs: Any) -> Walk:
    """Return the walk of ``customer(plan, *events, **kwargs)``."""
    return Walker(plan).walk(customer(plan, *events, **kwargs))


def msg(walk: Walk, touchpoint_id: str) -> Message:
    """Return a touchpoint's message in a walk (it must take part)."""
    found = walk.message(touchpoint_id)
    assert found is not None, f"{touchpoint_id} is not in the walk"
    return found
