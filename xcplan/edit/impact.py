"""What removing a persona, a channel, a stage or a touchpoint takes with it.

Confirmation dialogs say it before the edit is made; the edits use the same helpers, so what
they say is what happens. Scenarios and events follow too: a touchpoint that goes leaves the
`expect` lists of every scenario, and a persona that goes takes its scenarios and its entries in
the events' `rates` with it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from xcplan.model.plan import Event, Expectation, Scenario, Touchpoint

PlanMap = dict[str, dict[str, list[str]]]
"""The journey matrix: persona id -> stage id -> the channel ids planned."""


@dataclass(frozen=True, slots=True)
class Impact:
    """What removing a persona, channel, stage or touchpoint does to the rest of the plan."""

    what: str
    deleted: tuple[str, ...] = ()
    """Touchpoints deleted with it."""
    narrowed: tuple[str, ...] = ()
    """Touchpoints that lose the persona but keep their other personas."""
    unlinked: tuple[str, ...] = ()
    """Touchpoints whose ``after`` named a deleted touchpoint: the link is removed."""
    cells: int = 0
    """Planned cells of the journey matrix that go."""
    kpis: tuple[str, ...] = ()
    """KPIs that lose their stage."""
    scenarios: tuple[str, ...] = ()
    """Scenarios deleted with their persona."""
    expects: tuple[str, ...] = ()
    """Scenarios whose `expect` names a deleted touchpoint: the entry is removed."""
    rates: tuple[str, ...] = ()
    """Events with a `rates` entry for the deleted persona: the entry is removed."""

    def lines(self) -> list[str]:
        """Return the consequences as sentences for a confirmation dialog."""

        def ids(items: tuple[str, ...]) -> str:
            shown = ", ".join(f"`{item}`" for item in items[:6])
            return shown + (f" and {len(items) - 6} more" if len(items) > 6 else "")

        def counted(items: tuple[str, ...], word: str, one: str, many: str, then: str) -> str:
            """``2 touchpoints also target``...: the count, the word, the verb, the ids."""
            n = len(items)
            return f"{n} {word}{'s' if n > 1 else ''} {many if n > 1 else one}{then}{ids(items)}."

        out = [
            counted(items, word, one, many, then)
            for items, word, one, many, then in (
                (self.deleted, "touchpoint", "will", "will", " be deleted with their variants: "),
                (self.narrowed, "touchpoint", "also targets", "also target",
                 " other personas and will keep them: "),
                (self.unlinked, "touchpoint", "started", "started",
                 " after a deleted one; their `after` link will be removed: "),
            )
            if items
        ]  # fmt: skip
        if self.cells:
            out.append(
                f"{self.cells} planned cell{'s' if self.cells > 1 else ''} of the journey "
                "will be cleared."
            )
        if self.kpis:
            out.append(f"These KPIs will lose their stage: {ids(self.kpis)}.")
        out += [
            counted(items, word, one, many, then)
            for items, word, one, many, then in (
                (self.scenarios, "scenario", "of the persona", "of the persona",
                 " will be deleted: "),
                (self.expects, "scenario", "expects", "expect",
                 " a deleted touchpoint; the entry will be removed from `expect`: "),
                (self.rates, "event", "gives", "give",
                 " the persona a rate, which will be removed: "),
            )
            if items
        ]  # fmt: skip
        if not out:
            out.append("No touchpoint uses it; nothing else changes.")
        return out


def without(
    touchpoints: list[Touchpoint],
    doomed: set[int],
    survivors: list[Touchpoint] | None = None,
) -> tuple[tuple[str, ...], list[Touchpoint], tuple[str, ...]]:
    """Return the deleted ids, the touchpoints kept, and those whose ``after`` was unlinked.

    ``doomed`` are the positions of the touchpoints deleted; ``survivors`` the touchpoints
    kept, already edited, in order (all but ``doomed`` when None).
    """
    deleted = tuple(touchpoints[i].id for i in sorted(doomed))
    if survivors is None:
        survivors = [t for i, t in enumerate(touchpoints) if i not in doomed]
    remaining = {t.id for t in survivors}
    gone = set(deleted) - remaining
    kept: list[Touchpoint] = []
    unlinked: list[str] = []
    for touchpoint in survivors:
        if touchpoint.after is not None and touchpoint.after in gone:
            touchpoint = touchpoint.model_copy(update={"after": None})
            unlinked.append(touchpoint.id)
        kept.append(touchpoint)
    return deleted, kept, tuple(unlinked)


def map_without(planned: PlanMap, drop: Callable[[str, str], bool]) -> PlanMap:
    """Return the map without the cells ``drop(stage_id, channel_id)`` selects."""
    out: PlanMap = {}
    for persona_id, row in planned.items():
        new_row = {}
        for stage_id, cells in row.items():
            kept = [c for c in cells if not drop(stage_id, c)]
            if kept:
                new_row[stage_id] = kept
        if new_row:
            out[persona_id] = new_row
    return out


def _expect_without(expect: Expectation, gone: Collection[str]) -> Expectation | None:
    sent = [t for t in expect.sent if t not in gone]
    not_sent = [t for t in expect.not_sent if t not in gone]
    if not sent and not not_sent:
        return None
    return expect.model_copy(update={"sent": sent, "not_sent": not_sent})


def scenarios_without(
    scenarios: list[Scenario], touchpoints: Collection[str]
) -> tuple[list[Scenario], tuple[str, ...]]:
    """Return the scenarios with ``touchpoints`` (ids) taken out of their `expect`, and the ids
    of the scenarios that lost an entry. An `expect` left empty goes. The list given is
    returned as it is when no scenario names one of them."""
    gone = set(touchpoints)
    out: list[Scenario] = []
    changed: list[str] = []
    for scenario in scenarios:
        expect = scenario.expect
        if expect is not None and gone.intersection((*expect.sent, *expect.not_sent)):
            scenario = scenario.model_copy(update={"expect": _expect_without(expect, gone)})
            changed.append(scenario.id)
        out.append(scenario)
    return (out if changed else scenarios), tuple(changed)


def expect_renamed(scenarios: list[Scenario], old: str, new: str) -> list[Scenario]:
    """Return the scenarios with touchpoint ``old`` named ``new`` in their `expect` (the list
    given when none names it)."""
    out: list[Scenario] = []
    changed = False
    for scenario in scenarios:
        expect = scenario.expect
        if expect is not None and old in (*expect.sent, *expect.not_sent):
            renamed = expect.model_copy(
                update={
                    "sent": [new if t == old else t for t in expect.sent],
                    "not_sent": [new if t == old else t for t in expect.not_sent],
                }
            )
            scenario = scenario.model_copy(update={"expect": renamed})
            changed = True
        out.append(scenario)
    return out if changed else scenarios


def events_without_persona(
    events: list[Event], persona_id: str
) -> tuple[list[Event], tuple[str, ...]]:
    """Return the events without a `rates` entry for ``persona_id``, and the ids of those that
    had one (the list given when none had)."""
    out: list[Event] = []
    changed: list[str] = []
    for event in events:
        if persona_id in event.rates:
            rates = {k: v for k, v in event.rates.items() if k != persona_id}
            event = event.model_copy(update={"rates": rates})
            changed.append(event.id)
        out.append(event)
    return (out if changed else events), tuple(changed)


def events_renamed_persona(events: list[Event], old: str, new: str) -> list[Event]:
    """Return the events with the `rates` key ``old`` renamed ``new``, in its place (the list
    given when no event has one)."""
    if not any(old in event.rates for event in events):
        return events
    return [
        event.model_copy(
            update={"rates": {(new if k == old else k): v for k, v in event.rates.items()}}
        )
        if old in event.rates
        else event
        for event in events
    ]
