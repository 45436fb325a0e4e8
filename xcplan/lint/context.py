"""What every rule sees: the plan, the config, and the look-ups rules share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from xcplan.model.config import Config
from xcplan.model.plan import Channel, Persona, Plan, Stage, Touchpoint, Variant
from xcplan.render.limits import ChannelLimits, limits_for
from xcplan.render.preview import Rendering, persona_context, render_variant, served_personas

if TYPE_CHECKING:
    from xcplan.journey.cost import KeptCosts

T = TypeVar("T")


def _first_index(ids: list[str]) -> dict[str, int]:

    index: dict[str, int] = {}
    for position, item in enumerate(ids):
        index.setdefault(item, position)
    return index


@dataclass
class LintContext:
    """A plan under lint, with indexes built once and shared by the rules."""

    plan: Plan
    config: Config = field(default_factory=Config)
    kept_costs: KeptCosts | None = field(default=None, repr=False)
    """The touchpoints' estimates of the lint before, to reuse (the planner's linter's)."""
    _limits: dict[str, ChannelLimits] = field(default_factory=dict, init=False, repr=False)
    _contexts: dict[tuple[str, str], dict[str, Any]] = field(
        default_factory=dict, init=False, repr=False
    )
    _renderings: dict[tuple[int, int], list[Rendering]] = field(
        default_factory=dict, init=False, repr=False
    )
    _memo: dict[object, Any] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def journey(self) -> list[Stage]:
        """The stages in order (the default journey when the plan has none)."""
        return self.plan.journey()

    @cached_property
    def persona_index(self) -> dict[str, int]:
        """Persona id -> position of its first occurrence."""
        return _first_index([p.id for p in self.plan.personas])

    @cached_property
    def channel_index(self) -> dict[str, int]:
        """Channel id -> position of its first occurrence."""
        return _first_index([c.id for c in self.plan.channels])

    @cached_property
    def stage_index(self) -> dict[str, int]:
        """Stage id -> position in the journey."""
        return _first_index([s.id for s in self.journey])

    @cached_property
    def touchpoint_index(self) -> dict[str, int]:
        """Touchpoint id -> position of its first occurrence."""
        return _first_index([t.id for t in self.plan.touchpoints])

    @cached_property
    def kpi_ids(self) -> list[str]:
        """The campaign's KPI ids."""
        return [k.id for k in self.plan.campaign.kpis]

    def channel(self, channel_id: str) -> Channel | None:
        """Return the channel with this id, or None."""
        position = self.channel_index.get(channel_id)
        return None if position is None else self.plan.channels[position]

    @cached_property
    def planned(self) -> dict[str, dict[str, list[str]]]:
        """The map as persona -> stage -> channel ids, with unknown names kept."""
        return {p: {s: list(c) for s, c in stages.items()} for p, stages in self.plan.map.items()}

    def memo(self, key: object, build: Callable[[], T]) -> T:
        """Return the value cached under ``key`` for this lint run, building it once."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]  # type: ignore[no-any-return]

    def kind_of(self, touchpoint: Touchpoint) -> str | None:
        """Return the kind of the touchpoint's channel, or None when the channel is unknown."""
        channel = self.channel(touchpoint.channel)
        return None if channel is None else channel.kind

    def limits(self, kind: str) -> ChannelLimits:
        """Return the limits of a channel kind under this config (computed once per kind)."""
        found = self._limits.get(kind)
        if found is None:
            found = self._limits[kind] = limits_for(kind, self.config)
        return found

    def template_context(self, persona: Persona, kind: str) -> dict[str, Any]:
        """Return the template variables of a persona on a channel kind (computed once)."""
        key = (persona.id, kind)
        found = self._contexts.get(key)
        if found is None:
            found = self._contexts[key] = persona_context(self.plan, persona, kind)
        return found

    def served(self, touchpoint: Touchpoint, variant: Variant) -> list[Persona]:
        """Return the targeted personas a variant reaches (by locale; all when none match)."""
        return served_personas(self.plan, touchpoint, variant)

    def renderings(self, t_index: int, v_index: int) -> list[Rendering]:
        """Return a variant rendered and measured for each persona it reaches (cached)."""
        key = (t_index, v_index)
        found = self._renderings.get(key)
        if found is None:
            touchpoint = self.plan.touchpoints[t_index]
            variant = touchpoint.variants[v_index]
            kind = self.kind_of(touchpoint) or ""
            found = [
                render_variant(variant, p.id, kind, self.template_context(p, kind))
                for p in self.served(touchpoint, variant)
            ]
            self._renderings[key] = found
        return found

    def planned_kinds(self, persona_id: str) -> set[str]:
        """Return the channel kinds planned anywhere in the journey for a persona."""
        kinds: set[str] = set()
        for channel_ids in self.plan.map.get(persona_id, {}).values():
            for channel_id in channel_ids:
                channel = self.channel(channel_id)
                if channel is not None:
                    kinds.add(channel.kind)
        return kinds
