"""Journey in time: XC701 to XC707, read from the walk of every scenario (format, section 10).

The walks are those of ``xcplan.journey.scenarios.customers``: every declared scenario of a known
persona, and the `eager` scenario of each persona without one. They are made once per lint
context (``plan_walks``), so the export and ``xcplan simulate`` reuse them, and kept for the
next plan whose walks read the same (``xcplan.journey.walk.walk_plan``).

A finding about a touchpoint that several walks share (the same cap skip in two scenarios) is
reported once, in the words of the first walk, and names the others. A scenario's `ignore:`, and
the persona's, silence what its walk finds, as a touchpoint's `ignore:` silences what is found on
the touchpoint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from xcplan.journey.expect import Outcome, outcomes
from xcplan.journey.scenarios import Origin
from xcplan.journey.times import ordinal, span
from xcplan.journey.walk import Message, Policy, Status, Walk, walk_plan
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Finding, Loc, Severity
from xcplan.model.durations import format_minutes
from xcplan.model.plan import Plan


def plan_walks(ctx: LintContext) -> tuple[Walk, ...]:
    """Return the walks the rules read: each declared scenario, then each persona's `eager` one
    (``xcplan.journey.walk.walk_plan``, kept in the lint context)."""
    return ctx.memo(("journey", "walks"), lambda: walk_plan(ctx.plan))


def scenario_label(walk: Walk) -> str:
    """Return how a finding names a walk: ``scenario `evening-install``` or, for the built-in one,
    ``scenario `eager```` (the persona is named beside it)."""
    return f"scenario `{walk.customer.id}`"


def _short_label(walk: Walk) -> str:
    if walk.customer.origin is Origin.EAGER:
        return f"`eager` (`{walk.persona}`)"
    return f"`{walk.customer.id}`"


@dataclass
class _Seen:
    finding: Finding
    first: str
    also: list[str] = field(default_factory=list)


class _Collector:
    """Findings by what they are about, each reported once with the other walks it occurs in."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.seen: dict[tuple[object, ...], _Seen] = {}
        self.personas = {p.id: p for p in reversed(plan.personas)}

    def silenced(self, walk: Walk) -> frozenset[str]:
        """Return the codes the walk's scenario and persona ignore."""
        customer = walk.customer
        codes: set[str] = set()
        if customer.index is not None:
            codes.update(self.plan.scenarios[customer.index].ignore)
        persona = self.personas.get(customer.persona)
        if persona is not None:
            codes.update(persona.ignore)
        return frozenset(codes)

    def ignored(self, walk: Walk, code: str) -> bool:
        return code in self.silenced(walk)

    def add(self, key: tuple[object, ...], walk: Walk, finding: Finding) -> None:
        if self.ignored(walk, finding.code):
            return
        full = (finding.code, finding.severity, *key)
        label = _short_label(walk)
        found = self.seen.get(full)
        if found is None:
            self.seen[full] = _Seen(finding, label)
        elif label != found.first and label not in found.also:
            found.also.append(label)

    def findings(self) -> Iterator[Finding]:
        for seen in self.seen.values():
            finding = seen.finding
            if seen.also:
                plural = "s" if len(seen.also) > 1 else ""
                message = f"{finding.message} (also in scenario{plural} {', '.join(seen.also)})"
                finding = Finding(
                    finding.code,
                    finding.loc,
                    message,
                    about=finding.about,
                    severity=finding.severity,
                    key=finding.key,
                )
            yield finding


def _window(walk: Walk, others: tuple[str, ...]) -> str:
    parts = []
    for touchpoint in others:
        message = walk.message(touchpoint)
        when = f" on {walk.label(message.time)}" if message and message.time is not None else ""
        parts.append(f"`{touchpoint}`{when}")
    return ", ".join(parts)


def _cap(walk: Walk, message: Message, collector: _Collector) -> None:
    cap = walk.policies.cap
    move = next((m for m in message.moves if m.policy is Policy.FREQUENCY_CAP), None)
    if cap is None or move is None:
        return
    if message.status is Status.SKIPPED:
        outcome = "the cap skips it"
    elif message.reached and message.time is not None:
        outcome = (
            f"the cap defers it from {walk.label(move.at)}; it is sent on "
            f"{walk.label(message.time)}"
        )
    else:
        outcome = f"the cap defers it from {walk.label(move.at)}; it is {message.status.value}"
    text = (
        f"`{message.touchpoint}` is the {ordinal(len(move.others) + 1)} message to "
        f"`{walk.persona}` in {span(cap.per)} (cap {cap.text}) in {scenario_label(walk)}; "
        f"{outcome} (already in the window: {_window(walk, move.others)})"
    )
    collector.add((message.index,), walk, Finding("XC701", ("touchpoints", message.index), text))


def _quiet(walk: Walk, message: Message, collector: _Collector) -> None:
    quiet = walk.policies.quiet
    move = next((m for m in message.moves if m.policy is Policy.QUIET_HOURS), None)
    if quiet is None or move is None:
        return
    where = f"for `{walk.persona}` in {scenario_label(walk)}"
    if move.to is None:
        text = (
            f"quiet hours ({quiet.text}) drop `{message.touchpoint}`, due "
            f"{walk.label(move.at)}, {where}"
        )
        severity: Severity | None = Severity.WARNING
    else:
        text = (
            f"quiet hours ({quiet.text}) move `{message.touchpoint}` from "
            f"{walk.label(move.at)} to {walk.label(move.to)} {where}"
        )
        severity = None
    collector.add(
        (message.index,),
        walk,
        Finding("XC705", ("touchpoints", message.index), text, severity=severity),
    )


def _after_end(walk: Walk, plan: Plan, collector: _Collector) -> None:
    end = plan.campaign.end
    if end is None or not walk.customer.dated:
        return
    if end == dt.date.max:
        return
    # The first minute after the campaign's last day, counted from the customer's entry.
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time()) - walk.customer.start
    limit = after // dt.timedelta(minutes=1)
    for message in walk.reached:
        if message.time is None or message.time < limit:
            continue
        text = (
            f"`{message.touchpoint}` reaches `{walk.persona}` on {walk.label(message.time)}, "
            f"after the campaign ends ({end.isoformat()}), in {scenario_label(walk)}"
        )
        loc: Loc = ("touchpoints", message.index)
        collector.add((message.index,), walk, Finding("XC706", loc, text))


def _together(walk: Walk, collector: _Collector) -> None:
    gap = walk.policies.min_gap
    limit = gap or 1
    by_flow: dict[int, list[Message]] = {}
    for message in walk.reached:
        by_flow.setdefault(message.flow.root, []).append(message)
    for members in by_flow.values():
        for later_at, later in enumerate(members):
            assert later.time is not None
            for earlier in reversed(members[:later_at]):
                assert earlier.time is not None
                apart = later.time - earlier.time
                if apart >= limit:
                    break
                if earlier.channel == later.channel:
                    continue
                when = (
                    f"in the same minute as `{earlier.touchpoint}` (`{earlier.channel}`), on "
                    f"{walk.label(later.time)}"
                    if apart == 0
                    else f"{span(apart)} after `{earlier.touchpoint}` (`{earlier.channel}`)"
                )
                harm = (
                    f"closer than min_gap {format_minutes(gap)}"
                    if gap
                    else "the customer is hit twice at once"
                )
                text = (
                    f"`{later.touchpoint}` (`{later.channel}`) reaches `{walk.persona}` {when}, "
                    f"both in flow `{later.flow.name}`, in {scenario_label(walk)}: {harm}"
                )
                collector.add(
                    (later.index, earlier.index),
                    walk,
                    Finding("XC703", ("touchpoints", later.index), text),
                )


def _exits(walk: Walk, plan: Plan, events: dict[str, int], collector: _Collector) -> None:
    by_flow: dict[int, list[Message]] = {}
    for message in walk.messages:
        if message.due is not None:
            by_flow.setdefault(message.flow.root, []).append(message)
    for members in by_flow.values():
        if len(members) < 2:
            continue
        for later in members:
            if not later.reached or later.time is None:
                continue
            stops = set(plan.touchpoints[later.index].exit_on)
            for earlier in members:
                if earlier is later or earlier.due is None or earlier.due > later.time:
                    continue
                for event in plan.touchpoints[earlier.index].exit_on:
                    if event in stops:
                        continue
                    has_exits = bool(stops)
                    loc: Loc = ("touchpoints", later.index, *(("exit_on",) if has_exits else ()))
                    about: tuple[Loc, ...] = (("events", events[event]),) if event in events else ()
                    text = (
                        f"`{later.touchpoint}` does not stop on `{event}`, but "
                        f"`{earlier.touchpoint}` before it in flow `{later.flow.name}` does: a "
                        f"customer who does `{event}` after `{earlier.touchpoint}` still gets "
                        f"`{later.touchpoint}` ({scenario_label(walk)} of `{walk.persona}`)"
                    )
                    collector.add(
                        (later.index, event),
                        walk,
                        Finding("XC704", loc, text, about=about, key=has_exits),
                    )


def _fate(walk: Walk, message: Message) -> str:
    status = message.status
    if status is Status.SKIPPED and message.time is not None:
        return f"the frequency cap skips it on {walk.label(message.time)}"
    if status is Status.DROPPED and message.time is not None:
        return f"quiet hours drop it on {walk.label(message.time)}"
    if status is Status.CANCELLED and message.time is not None:
        return f"it is cancelled by `{message.cause}` on {walk.label(message.time)}"
    return f"it is not reached: {message.reason}"


def _expectation(walk: Walk, outcome: Outcome, about: tuple[Loc, ...]) -> Finding:
    assert walk.customer.index is not None
    scenario = f"scenario `{walk.customer.id}`"
    message = outcome.message
    if outcome.want == "sent":
        if message is None:
            why = f"`{outcome.touchpoint}` is not for `{walk.persona}`"
        else:
            why = _fate(walk, message)
        text = f"{scenario} expects `{outcome.touchpoint}` to reach `{walk.persona}`, but {why}"
    else:
        assert message is not None
        assert message.time is not None
        text = (
            f"{scenario} expects `{outcome.touchpoint}` not to reach `{walk.persona}`, but it "
            f"is {message.status.value} on {walk.label(message.time)}"
        )
    loc: Loc = ("scenarios", walk.customer.index, "expect", outcome.want, outcome.position)
    return Finding("XC702", loc, text, about=about)


def _expectations(ctx: LintContext, walks: Sequence[Walk]) -> Iterator[Finding]:
    known = set(ctx.touchpoint_index)
    for walk in walks:
        customer = walk.customer
        if customer.origin is not Origin.DECLARED or customer.index is None:
            continue
        scenario = ctx.plan.scenarios[customer.index]
        about: tuple[Loc, ...] = (("personas", ctx.persona_index[customer.persona]),)
        for outcome in outcomes(walk, scenario.expect, known):
            if not outcome.met:
                yield _expectation(walk, outcome, about)


def _unsent(ctx: LintContext, walks: Sequence[Walk]) -> Iterator[Finding]:
    plan = ctx.plan
    declared: dict[str, list[Walk]] = {}
    for walk in walks:
        if walk.customer.origin is Origin.DECLARED:
            declared.setdefault(walk.persona, []).append(walk)
    for persona_id, persona_walks in declared.items():
        reached = {m.index for walk in persona_walks for m in walk.reached}
        names = ", ".join(f"`{walk.customer.id}`" for walk in persona_walks)
        about: tuple[Loc, ...] = (("personas", ctx.persona_index[persona_id]),)
        for t_index, touchpoint in enumerate(plan.touchpoints):
            if persona_id not in touchpoint.personas or t_index in reached:
                continue
            first = persona_walks[0]
            message = next(m for m in first.messages if m.index == t_index)
            fate = message.status.value + (f" ({message.reason})" if message.reason else "")
            yield Finding(
                "XC707",
                ("touchpoints", t_index, "personas", touchpoint.personas.index(persona_id)),
                f"none of the scenarios of `{persona_id}` ({names}) sends "
                f"`{touchpoint.id}`; in `{first.customer.id}` it is {fate}",
                about=about,
            )


def _event_positions(plan: Plan) -> dict[str, int]:
    events: dict[str, int] = {}
    for position, event in enumerate(plan.events):
        events.setdefault(event.id, position)
    return events


def _walk(walk: Walk, plan: Plan, events: dict[str, int], collector: _Collector) -> None:
    """Look for XC701 and XC703 to XC706 in one walk."""
    # What the walk's scenario or persona ignores is not worked out at all.
    skip = collector.silenced(walk)
    for message in walk.messages:
        if message.moves:
            if "XC701" not in skip:
                _cap(walk, message, collector)
            if "XC705" not in skip:
                _quiet(walk, message, collector)
    if "XC706" not in skip:
        _after_end(walk, plan, collector)
    if "XC703" not in skip:
        _together(walk, collector)
    if "XC704" not in skip:
        _exits(walk, plan, events, collector)


def check(ctx: LintContext) -> Iterator[Finding]:
    """Yield XC701 to XC707 findings."""
    plan = ctx.plan
    walks = plan_walks(ctx)
    events = _event_positions(plan)
    collector = _Collector(plan)
    for walk in walks:
        _walk(walk, plan, events, collector)
    yield from collector.findings()
    yield from _expectations(ctx, walks)
    yield from _unsent(ctx, walks)


def walk_findings(ctx: LintContext, walk: Walk, walks: Sequence[Walk] = ()) -> list[Finding]:
    """Return what XC701 to XC707 find in one walk, in its own words (``check`` words a finding
    that several walks share as the first of them does).

    XC701 and XC703 to XC706 are looked for in ``walk``; XC702 checks the `expect` of its
    scenario (a declared one, or the one a what-if changes); XC707 is found among ``walks`` for
    the walk's persona, when it is a declared scenario (none when ``walks`` is empty). For the
    Timeline tab, which shows one walk at a time as the plan is edited.
    """
    plan = ctx.plan
    collector = _Collector(plan)
    _walk(walk, plan, _event_positions(plan), collector)
    out = list(collector.findings())
    if walk.customer.index is not None and walk.customer.index < len(plan.scenarios):
        scenario = plan.scenarios[walk.customer.index]
        about: tuple[Loc, ...] = ()
        if walk.persona in ctx.persona_index:
            about = (("personas", ctx.persona_index[walk.persona]),)
        if "XC702" not in collector.silenced(walk):
            for outcome in outcomes(walk, scenario.expect, set(ctx.touchpoint_index)):
                if not outcome.met:
                    out.append(_expectation(walk, outcome, about))
    if walk.customer.origin is Origin.DECLARED:
        mine = [w for w in walks if w.persona == walk.persona]
        out.extend(_unsent(ctx, mine))
    return out
