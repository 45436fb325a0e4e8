"""The plan's `policies` as the walk applies them (format, sections 3.7 and 10).

``PolicySet.of(plan)`` reads the policies once into minutes and sets of kinds, so a walk never
parses text. Times of day are minutes since midnight, local time (no time zones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from xcplan.model.durations import MINUTES_PER_DAY, duration_minutes, format_minutes
from xcplan.model.kinds import CAPPED_KINDS, INTERRUPTING_KINDS
from xcplan.model.plan import Plan


def clock_minutes(clock: str) -> int:
    """Return a time of day ``HH:MM`` as minutes since midnight."""
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock_text(minutes: int) -> str:
    """Return minutes since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Cap:
    """A frequency cap: at most ``max`` counted sends in any sliding window of ``per`` minutes."""

    max: int
    per: int
    kinds: frozenset[str]
    action: Literal["skip", "defer"]
    per_text: str
    """``per`` as written in the plan, e.g. ``1w``."""

    @property
    def text(self) -> str:
        """The cap as people write it: ``4/1w``."""
        return f"{self.max}/{self.per_text}"


@dataclass(frozen=True, slots=True)
class Quiet:
    """Quiet hours: a daily window, ``start`` included and ``end`` excluded, in minutes of day.

    A window whose end is before its start runs over midnight; one whose start and end are equal
    holds no minute (XC104 reports it).
    """

    start: int
    end: int
    kinds: frozenset[str]
    action: Literal["defer", "drop"]

    @property
    def text(self) -> str:
        """The window as people write it: ``21:00-08:00``."""
        return f"{clock_text(self.start)}-{clock_text(self.end)}"

    def holds(self, minute_of_day: int) -> bool:
        """Return whether a minute of the day is inside the window."""
        if self.start < self.end:
            return self.start <= minute_of_day < self.end
        if self.start > self.end:
            return minute_of_day >= self.start or minute_of_day < self.end
        return False

    def until_end(self, minute_of_day: int) -> int:
        """Return the minutes from ``minute_of_day`` (inside the window) to the window's end."""
        return (self.end - minute_of_day) % MINUTES_PER_DAY


@dataclass(frozen=True, slots=True)
class PolicySet:
    """The policies of a plan, ready for the walk."""

    cap: Cap | None
    quiet: Quiet | None
    min_gap: int
    """Minutes; 0 when the plan sets no ``min_gap``."""
    counted: frozenset[str]
    """The channel kinds the cap and ``min_gap`` count: the cap's ``kinds``, or the default ones."""
    min_gap_text: str | None = None

    @classmethod
    def of(cls, plan: Plan) -> PolicySet:
        """Return the policies of ``plan`` (all absent when it has no ``policies``)."""
        policies = plan.policies
        if policies is None:
            return NO_POLICIES
        cap = None
        if policies.frequency_cap is not None:
            fc = policies.frequency_cap
            cap = Cap(fc.max, duration_minutes(fc.per), frozenset(fc.kinds), fc.action, fc.per)
        quiet = None
        if policies.quiet_hours is not None:
            qh = policies.quiet_hours
            quiet = Quiet(
                clock_minutes(qh.start), clock_minutes(qh.end), frozenset(qh.kinds), qh.action
            )
        counted = cap.kinds if cap is not None else frozenset(CAPPED_KINDS)
        gap = duration_minutes(policies.min_gap)
        return cls(cap, quiet, gap, counted, policies.min_gap if gap else None)

    def describe(self) -> list[str]:
        """Return each policy in words: ``frequency cap 4/1w (skip)``; the kinds are named when
        they are not the default ones."""
        lines = []
        if self.cap is not None:
            kinds = ""
            if self.cap.kinds != frozenset(CAPPED_KINDS):
                kinds = f"; counts {', '.join(sorted(self.cap.kinds))}"
            lines.append(f"frequency cap {self.cap.text} ({self.cap.action}{kinds})")
        if self.quiet is not None:
            kinds = ""
            if self.quiet.kinds != frozenset(INTERRUPTING_KINDS):
                kinds = f"; for {', '.join(sorted(self.quiet.kinds))}"
            lines.append(f"quiet hours {self.quiet.text} ({self.quiet.action}{kinds})")
        if self.min_gap:
            lines.append(f"min_gap {format_minutes(self.min_gap)} between counted messages")
        return lines


NO_POLICIES: Final = PolicySet(None, None, 0, frozenset(CAPPED_KINDS))
"""The policies of a plan that sets none."""
