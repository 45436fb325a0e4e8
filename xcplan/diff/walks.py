"""The walks section of a diff: what each scenario's customer now gets differently (section 10).

A plan edit far from a message can change its fate: a new `delay` pushes a push into quiet
hours, a lower cap skips an SMS, a dropped `exit_on` keeps a promotion going after a purchase.
This comparer walks every scenario of both plans (the declared ones, and `eager` for personas
without one, as the rules do) and reports, per walk, each message whose status or send time
moved: "`cart-sms` was sent Mon 2 Mar 13:00, now skipped by the frequency cap".

Walks are paired by scenario id (renames followed) and `eager` walks by persona. A walk that is
only in one plan is not reported here: the scenarios and personas sections already say it came
or went. Messages are compared by status and time, never by the wording of their reason.
"""

from __future__ import annotations

from typing import Final

from xcplan.diff.fields import tick
from xcplan.diff.model import Change, FieldChange, Section
from xcplan.diff.pair import Pair
from xcplan.journey.scenarios import Origin
from xcplan.journey.walk import Message, Policy, Status, Walk, walk_plan

_POLICY_WORDS: Final = {
    Policy.QUIET_HOURS: "quiet hours",
    Policy.MIN_GAP: "the minimum gap",
    Policy.FREQUENCY_CAP: "the frequency cap",
}


def _key(walk: Walk, scenario_renames: dict[str, str], persona_renames: dict[str, str]) -> str:
    customer = walk.customer
    persona = persona_renames.get(customer.persona, customer.persona)
    if customer.origin is Origin.EAGER:
        return f"eager ({persona})"
    return scenario_renames.get(customer.id, customer.id)


def _stopper(message: Message) -> str:
    last = message.moves[-1].policy if message.moves else None
    return _POLICY_WORDS.get(last, "a policy") if last is not None else "a policy"


def _fate(walk: Walk, message: Message | None) -> str:
    """Return what became of a message, for people: "sent Mon 2 Mar 13:00"."""
    if message is None:
        return "not in this walk"
    when = "" if message.time is None else f" {walk.label(message.time)}"
    status = message.status
    if status is Status.SENT:
        return f"sent{when}"
    if status is Status.DEFERRED:
        return f"deferred to{when}"
    if status is Status.SKIPPED:
        return f"skipped by the frequency cap{when}"
    if status is Status.DROPPED:
        return f"dropped by quiet hours{when}"
    if status is Status.CANCELLED:
        by = f" by {tick(message.cause)}" if message.cause else ""
        return f"cancelled{by}{when}"
    return "not reached"


def _state(walk: Walk, message: Message | None) -> dict[str, str | None] | None:
    if message is None:
        return None
    return {"status": message.status.value, "time": walk.iso(message.time)}


def _moved(old: Message | None, new: Message | None) -> bool:
    if old is None or new is None:
        # A touchpoint that came or went: worth saying only when it reaches the customer.
        side = new if new is not None else old
        return side is not None and side.status is not Status.NOT_REACHED
    return (old.status, old.time, old.cause) != (new.status, new.time, new.cause)


def _message_change(
    touchpoint: str, old_walk: Walk, old: Message | None, new_walk: Walk, new: Message | None
) -> FieldChange:
    was, now = _fate(old_walk, old), _fate(new_walk, new)
    if old is not None and new is not None and old.status is new.status:
        says = f"{tick(touchpoint)} is now {now} (was {was})"
    elif old is None:
        says = f"{tick(touchpoint)} (new) is {now}"
    elif new is None:
        says = f"{tick(touchpoint)} is gone (was {was})"
    else:
        says = f"{tick(touchpoint)} was {was}, now {now}"
    return FieldChange(
        f"messages.{touchpoint}",
        _state(old_walk, old),
        _state(new_walk, new),
        says=says,
    )


def _walk_change(pair: Pair, key: str, old: Walk, new: Walk) -> Change | None:
    renamed = pair.renames.touchpoint
    old_messages = {renamed.get(m.touchpoint, m.touchpoint): m for m in old.messages}
    new_messages = {m.touchpoint: m for m in new.messages}
    order = [m.touchpoint for m in new.messages]
    order += [t for t in old_messages if t not in new_messages]
    fields = tuple(
        _message_change(t, old, old_messages.get(t), new, new_messages.get(t))
        for t in order
        if _moved(old_messages.get(t), new_messages.get(t))
    )
    if not fields:
        return None
    customer = new.customer
    if customer.origin is Origin.EAGER:
        path = f"personas[{customer.persona}]"
    else:
        path = f"scenarios[{customer.id}]"
    return Change("changed", "walk", key, path, name=customer.name, fields=fields)


def compare_walks(pair: Pair) -> Section:
    """The walks of the scenarios: each message whose status or send time moved."""
    renames = pair.renames
    old_walks = {_key(w, renames.scenario, renames.persona): w for w in walk_plan(pair.old)}
    new_walks = {_key(w, {}, {}): w for w in walk_plan(pair.new)}
    changes = []
    for key, new in new_walks.items():
        old = old_walks.get(key)
        if old is None:
            continue
        change = _walk_change(pair, key, old, new)
        if change is not None:
            changes.append(change)
    return Section("walks", "Walks", tuple(changes))
