"""``xcplan simulate``: walk customers through a plan in time and show what reaches them.

Without options it shows every walk the rules read (each declared scenario, and the `eager`
scenario of each persona without one); ``--scenario`` and ``--persona`` narrow that down, and
``--start`` and ``--event`` ask "what if": they change a scenario (``--scenario``), or make a
customer of ``--persona`` who does exactly the events given.

Text is a table per walk (time, channel, touchpoint, status and why), a week view (days across,
channels down) and how the scenario's `expect` fares: drawn with rich on a terminal, written as
plain aligned columns otherwise. ``--format json`` prints ``{"source", "schedules"}`` with the
export's shape of a schedule; ``--format markdown`` the brief's "Journey in time" section.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Final

from xcplan.cli.files import ConfigResolver, read_input
from xcplan.cli.output import Printer, err
from xcplan.cli.validate import format_text
from xcplan.errors import ExitCode, InputError
from xcplan.journey.expect import outcomes
from xcplan.journey.scenarios import (
    EAGER,
    Customer,
    Occurrence,
    Origin,
    ad_hoc,
    declared,
    eager,
    parse_occurrence,
    parse_start,
)
from xcplan.journey.times import day_label
from xcplan.journey.walk import Status, Walk, Walker
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Severity
from xcplan.lint.engine import check_bytes
from xcplan.lint.rules.journey import plan_walks
from xcplan.lint.suggest import did_you_mean
from xcplan.model.durations import MINUTES_PER_DAY, format_minutes
from xcplan.model.plan import Plan


class SimulateFormat(StrEnum):
    """What ``xcplan simulate`` prints."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


MARKS: Final = {
    Status.SENT: "●",
    Status.DEFERRED: "◐",
    Status.SKIPPED: "○",
    Status.DROPPED: "×",
}
"""How the week view marks a message; cancelled and unreached ones are not on it."""

LEGEND: Final = "● sent  ◐ deferred  ○ skipped by the cap  × dropped in quiet hours"
HEADERS: Final = ("time", "channel", "touchpoint", "status", "why")
_STYLES: Final = {
    Status.SENT: "green",
    Status.DEFERRED: "yellow",
    Status.SKIPPED: "red",
    Status.DROPPED: "red",
    Status.CANCELLED: "magenta",
    Status.NOT_REACHED: "dim",
}


@dataclass(frozen=True, slots=True)
class Request:
    """What the user asked for on the command line."""

    scenario: str | None = None
    persona: str | None = None
    start: str | None = None
    events: tuple[str, ...] = ()


def _what_if(request: Request) -> tuple[dt.datetime | None, tuple[Occurrence, ...], bool]:
    """Return the parsed ``--start`` and ``--event`` occurrences, and whether they ask a what-if;
    raise ``InputError`` with one line when one cannot be read."""
    entry = None
    if request.start is not None:
        entry = parse_start(request.start)
        if entry is None:
            raise InputError(
                f"`--start {request.start}` is not a local date-time: write YYYY-MM-DDTHH:MM, "
                "such as 2026-04-01T20:00 (or a date alone for 09:00)"
            )
    extra = []
    for text in request.events:
        found = parse_occurrence(text)
        if found is None:
            raise InputError(
                f"`--event {text}` is not NAME@OFFSET: an event id and the time after entry, "
                "such as purchase@2d or app_installed@0m"
            )
        extra.append(found)
    return entry, tuple(extra), entry is not None or bool(extra)


def choose(plan: Plan, ctx: LintContext, request: Request, source: str) -> list[Walk]:
    """Return the walks ``request`` asks for; raise ``InputError`` for an unknown scenario,
    persona or event, or a what-if without a customer."""
    entry, extra, what_if = _what_if(request)
    personas = list(dict.fromkeys(p.id for p in plan.personas))
    persona = request.persona
    if persona is not None and persona not in personas:
        raise InputError(f"no persona `{persona}` in {source}{did_you_mean(persona, personas)}")
    known = [event.id for event in plan.events]
    for occurrence in extra:
        if known and occurrence.event not in known:
            hint = did_you_mean(occurrence.event, known)
            raise InputError(f"no event `{occurrence.event}` in the events of {source}{hint}")
    walker = Walker(plan)
    if request.scenario is not None:
        bases = _bases(plan, request.scenario, persona, personas, source)
        if what_if:
            bases = [ad_hoc(plan, b.persona, start=entry, events=extra, base=b) for b in bases]
        return [walker.walk(base) for base in bases]
    if what_if:
        if persona is None:
            if len(personas) != 1:
                raise InputError(
                    "`--start` and `--event` make a what-if customer: say whose with "
                    "`--persona ID`, or change a scenario with `--scenario ID`"
                )
            persona = personas[0]
        return [walker.walk(ad_hoc(plan, persona, start=entry, events=extra))]
    walks = plan_walks(ctx)
    return [w for w in walks if persona is None or w.persona == persona]


def _bases(
    plan: Plan, scenario: str, persona: str | None, personas: list[str], source: str
) -> list[Customer]:
    ids = [s.id for s in plan.scenarios]
    if scenario == EAGER:
        return [eager(plan, p) for p in ([persona] if persona is not None else personas)]
    if scenario not in ids:
        hint = did_you_mean(scenario, [*ids, EAGER])
        raise InputError(f"no scenario `{scenario}` in {source}{hint}")
    index = ids.index(scenario)
    owner = plan.scenarios[index].persona
    if owner not in personas:
        raise InputError(
            f"scenario `{scenario}` is for `{owner}`, who is not a persona of {source}"
        )
    if persona is not None and persona != owner:
        raise InputError(f"scenario `{scenario}` is for `{owner}`, not `{persona}`")
    return [declared(plan, index)]


def _title(walk: Walk, plan: Plan) -> str:
    customer = walk.customer
    names = {p.id: p.name for p in reversed(plan.personas)}
    who = f"{names.get(customer.persona, customer.persona)} ({customer.persona})"
    if customer.origin is Origin.EAGER:
        return f"Scenario `eager` of {who}: every event that triggers a touchpoint, at entry"
    what = f"Scenario `{customer.id}`" if customer.id else "A customer"
    if customer.origin is Origin.AD_HOC:
        what = f"What if: {what[0].lower()}{what[1:]}" if customer.index is not None else "What if"
    name = f": {customer.name}" if customer.name else ""
    return f"{what}{name} · {who}"


def _facts(walk: Walk) -> list[str]:
    customer = walk.customer
    since = ""
    if customer.default_start:
        since = " (the campaign's start)" if customer.dated else " (the campaign has no start)"
    start = customer.start
    entered = (
        f"{day_label(start.date())} {start.year} {start:%H:%M}" if customer.dated else walk.label(0)
    )
    events = ", ".join(
        f"`{o.event}` " + ("at entry" if o.at == 0 else f"after {format_minutes(o.at)}")
        for o in customer.events
    )
    rules = walk.policies.describe()
    return [
        f"Enters {entered}{since}.",
        f"Events: {events or 'none'}.",
        f"Policies: {'; '.join(rules) if rules else 'none'}.",
    ]


def rows(walk: Walk) -> list[tuple[str, str, str, Status, str]]:
    """Return the walk's table: time, channel, touchpoint, status and why, one row a message."""
    out = []
    for message in walk.messages:
        when = walk.label(message.time) if message.time is not None else ""
        out.append((when, message.channel, message.touchpoint, message.status, message.reason))
    return out


def week_view(walk: Walk) -> list[tuple[str, list[str], list[tuple[str, list[str]]]]]:
    """Return the walk by week: a title, the seven day labels, and per channel (in the order
    the walk first uses it) the marks of each day. Weeks with nothing on them are left out."""
    marks: dict[int, dict[str, dict[int, str]]] = {}
    channels: list[str] = []
    for message in walk.messages:
        mark = MARKS.get(message.status)
        moment = None if message.time is None else walk.moment(message.time)
        if mark is None or moment is None:
            continue
        day = (moment.date() - walk.customer.start.date()).days
        week = marks.setdefault(day // 7, {})
        week.setdefault(message.channel, {}).setdefault(day % 7, "")
        week[message.channel][day % 7] += mark
        if message.channel not in channels:
            channels.append(message.channel)
    out = []
    for week_number in sorted(marks):
        first = week_number * 7
        days = [_day(walk, first + offset) for offset in range(7)]
        week = marks[week_number]
        lines = [
            (channel, [week[channel].get(offset, "") for offset in range(7)])
            for channel in channels
            if channel in week
        ]
        out.append((f"week {week_number + 1}", days, lines))
    return out


def _day(walk: Walk, day: int) -> str:
    moment = walk.moment(day * MINUTES_PER_DAY)
    if moment is None or not walk.customer.dated:
        return f"day {day + 1}"
    label = day_label(moment.date())
    return label.rsplit(" ", 1)[0] if day % 7 else label


def expectations(walk: Walk, plan: Plan) -> list[tuple[bool, str]]:
    """Return each entry of the scenario's `expect`: whether it holds, and what it says."""
    index = walk.customer.index
    if index is None:
        return []
    known = {t.id for t in plan.touchpoints}
    out = []
    for outcome in outcomes(walk, plan.scenarios[index].expect, known):
        message = outcome.message
        fate = "not for this persona" if message is None else message.status.value
        want = "reaches the customer" if outcome.want == "sent" else "does not reach the customer"
        out.append((outcome.met, f"`{outcome.touchpoint}` {want} ({fate})"))
    return out


def _plain_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def plain(walks: Sequence[Walk], plan: Plan) -> str:
    """Return the walks as plain text: for pipes, files and tests."""
    out: list[str] = []
    for walk in walks:
        if out:
            out.append("")
        out.append(_title(walk, plan))
        out.extend(_facts(walk))
        out.append("")
        body = [(t, c, p, s.value, why) for t, c, p, s, why in rows(walk)]
        out.extend(_plain_table(HEADERS, body))
        for title, days, lines in week_view(walk):
            out.append("")
            out.extend(_plain_table([title, *days], [[c, *cells] for c, cells in lines]))
        if any(m.status in MARKS for m in walk.messages):
            out.append(LEGEND)
        checks = expectations(walk, plan)
        if checks:
            out.append("")
            out.append("Expect:")
            out.extend(f"  {'✓' if met else '✗'} {text}" for met, text in checks)
    return "\n".join(out) + "\n"


def _rich(walks: Sequence[Walk], plan: Plan) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    for number, walk in enumerate(walks):
        if number:
            console.print()
        console.print(Text(_title(walk, plan), style="bold"))
        for fact in _facts(walk):
            console.print(fact, style="dim", markup=False)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
        for name in HEADERS:
            table.add_column(name, no_wrap=name != "why", overflow="fold")
        for when, channel, touchpoint, status, why in rows(walk):
            table.add_row(when, channel, touchpoint, Text(status.value, _STYLES[status]), why)
        console.print(table)
        for title, days, lines in week_view(walk):
            grid = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
            grid.add_column(title, no_wrap=True)
            for day in days:
                grid.add_column(day, no_wrap=True)
            for channel, cells in lines:
                grid.add_row(channel, *cells)
            console.print(grid)
        if any(m.status in MARKS for m in walk.messages):
            console.print(LEGEND, style="dim", markup=False)
        for met, text in expectations(walk, plan):
            mark = Text("✓ " if met else "✗ ", style="green" if met else "bold red")
            console.print(Text.assemble(mark, text))


def run(path: Path, request: Request, output: SimulateFormat, config: Path | None) -> int:
    """Walk and print; return 0, or 1 when the plan has errors (they go to stderr)."""
    _what_if(request)  # a bad --start or --event is a usage error before anything is read
    raw = read_input(path)
    result = check_bytes(raw, str(path), ConfigResolver(config).config_for(path))
    notes = err()
    if result.plan is None or result.context is None:
        for diagnostic in result.diagnostics:
            notes.line(format_text(diagnostic, notes))
        notes.line(f"{path}: cannot simulate: the plan does not load")
        return ExitCode.FINDINGS
    plan = result.plan
    walks = choose(plan, result.context, request, str(path))
    out = Printer(sys.stdout)
    if output is SimulateFormat.JSON:
        from xcplan.export.formats import to_json
        from xcplan.export.schedules import schedule

        data = {"source": str(path), "schedules": [schedule(w, plan) for w in walks]}
        out.stream.write(to_json(data))
    elif output is SimulateFormat.MARKDOWN:
        from xcplan.export.brief import render_journey
        from xcplan.export.schedules import policies, schedule

        schedules = [schedule(w, plan) for w in walks]
        out.stream.write(render_journey(result.context, schedules, policies(plan)))
    elif out.stream.isatty():
        _rich(walks, plan)
    else:
        out.stream.write(plain(walks, plan))
    out.stream.flush()
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if errors:
        for diagnostic in errors:
            notes.line(format_text(diagnostic, notes))
        count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
        notes.line(f"{path}: {count} in the plan (`xcplan validate {path}`)")
        return ExitCode.FINDINGS
    return ExitCode.OK
