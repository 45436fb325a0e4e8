"""The two plans under comparison: their entities matched, renames, and the findings that moved.

A ``Pair`` is what every section comparer reads (``xcplan.diff.sections``). It matches the
entities of each kind once, in the order references need (personas, channels, stages and events
before the touchpoints and scenarios that name them), so a renamed persona is a rename and not a
change of every touchpoint that reaches it.

Findings come from the lint engine on both plans, but not from all of it: the rule families that
look at one touchpoint at a time (templates, channel limits, brand voice: the costly ones) run
only on the touchpoints whose inputs differ, since an unchanged touchpoint in an unchanged
context has the same findings in both plans. Every other family runs on both plans whole.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from xcplan.diff.match import Matched, Pairing, match
from xcplan.diff.model import FindingChange
from xcplan.io.yaml_source import SourceMap
from xcplan.lint.context import LintContext
from xcplan.lint.diagnostics import Diagnostic, Finding
from xcplan.lint.engine import (
    FAMILIES,
    TOUCHPOINT_FAMILIES,
    check_touchpoint,
    ignore_scopes,
    place,
    run_rules,
)
from xcplan.model.config import Config
from xcplan.model.plan import (
    Campaign,
    Channel,
    Event,
    Kpi,
    Persona,
    Plan,
    Scenario,
    Stage,
    Touchpoint,
    Variant,
)


def typed(value: Any) -> Any:
    """Return a comparison key of a template value that tells ``10`` from ``10.0``.

    Templates render the number as written (format, section 7), so the two are different copy.
    """
    if isinstance(value, int | float):
        return (type(value).__name__, value)
    if isinstance(value, list):
        return [typed(v) for v in value]
    return value


def same_values(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether two maps of template values (``vars``, ``profile``) render the same."""
    return old == new and all(typed(old[k]) == typed(new[k]) for k in old)


def same_campaign(old: Campaign, new: Campaign) -> bool:
    """Whether two campaigns are the same, template variables as written included."""
    return old == new and same_values(old.vars, new.vars)


def same_persona(old: Persona, new: Persona) -> bool:
    """Whether two personas are the same, profile values as written included."""
    return old == new and same_values(old.profile, new.profile)


def same_plan(old: Plan, new: Plan) -> bool:
    """Whether two plans are equal as models (the quick answer before any comparing)."""
    return (
        old == new
        and same_campaign(old.campaign, new.campaign)
        and all(same_persona(a, b) for a, b in zip(old.personas, new.personas, strict=True))
    )


@dataclass
class Renames:
    """Old id -> new id of renamed entities, by kind; variants by (new touchpoint id, old id)."""

    persona: dict[str, str] = field(default_factory=dict)
    channel: dict[str, str] = field(default_factory=dict)
    stage: dict[str, str] = field(default_factory=dict)
    event: dict[str, str] = field(default_factory=dict)
    touchpoint: dict[str, str] = field(default_factory=dict)
    scenario: dict[str, str] = field(default_factory=dict)
    kpi: dict[str, str] = field(default_factory=dict)
    variant: dict[tuple[str, str], str] = field(default_factory=dict)

    def ids(self, kind: dict[str, str], ids: list[str]) -> list[str]:
        """Return old ids in the new plan's names."""
        return [kind.get(i, i) for i in ids]

    def one(self, kind: dict[str, str], value: str | None) -> str | None:
        """Return an old id (or None) in the new plan's names."""
        return None if value is None else kind.get(value, value)

    def everywhere(self) -> dict[str, str]:
        """Return every rename of every kind, leaving out an old id renamed two ways."""
        out: dict[str, str] = {}
        clashes: set[str] = set()
        kinds = (self.persona, self.channel, self.stage, self.event, self.touchpoint)
        for kind in (*kinds, self.scenario, self.kpi):
            for old, new in kind.items():
                if out.get(old, new) != new:
                    clashes.add(old)
                out[old] = new
        for (_, old), new in self.variant.items():
            if out.get(old, new) != new:
                clashes.add(old)
            out[old] = new
        return {k: v for k, v in out.items() if k not in clashes}


def _rest(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude={"id"})
    return data


def _typed_rest(model: Persona | Campaign, name: str) -> dict[str, Any]:
    data = _rest(model)
    data[name] = {k: typed(v) for k, v in getattr(model, name).items()}
    return data


_ENTITY_PATH: Final = re.compile(
    r"\b(touchpoints|personas|channels|stages|events|scenarios|kpis)\[([^\]]+)\]"
)
_VARIANT_PATH: Final = re.compile(r"^touchpoints\[([^\]]+)\]\.variants\[([^\]]+)\]")
_TICKED: Final = re.compile(r"`([^`\n]+)`")


def variant_of(path: str) -> tuple[str, str] | None:
    """Return (touchpoint id, variant id) of a diagnostic path inside a variant, else None."""
    found = _VARIANT_PATH.match(path)
    return None if found is None else (found.group(1), found.group(2))


class Pair:
    """Two versions of a plan, one config, and what the comparers share."""

    def __init__(self, old: Plan, new: Plan, config: Config) -> None:
        self.old = old
        self.new = new
        self.config = config
        self.renames = renames = Renames()
        self.personas: Matched[Persona] = match(
            old.personas,
            new.personas,
            lambda p: _typed_rest(p, "profile"),
            lambda p: _typed_rest(p, "profile"),
        )
        renames.persona = self.personas.renames
        self.channels: Matched[Channel] = match(old.channels, new.channels, _rest, _rest)
        renames.channel = self.channels.renames
        self.stages: Matched[Stage] = match(old.journey(), new.journey(), _rest, _rest)
        renames.stage = self.stages.renames
        self.kpis: Matched[Kpi] = match(
            old.campaign.kpis, new.campaign.kpis, self._old_kpi_rest, _rest
        )
        renames.kpi = self.kpis.renames
        self.events: Matched[Event] = match(old.events, new.events, self._old_event_rest, _rest)
        renames.event = self.events.renames
        self.touchpoints: Matched[Touchpoint] = match(
            old.touchpoints, new.touchpoints, self._old_touchpoint_rest, _rest
        )
        renames.touchpoint = self.touchpoints.renames
        self.variants: dict[str, Matched[Variant]] = {}
        for old_t, new_t in self.touchpoints.both():
            matched = match(old_t.item.variants, new_t.item.variants, _rest, _rest)
            self.variants[new_t.key] = matched
            for old_id, new_id in matched.renames.items():
                renames.variant[(new_t.key, old_id)] = new_id
        self.scenarios: Matched[Scenario] = match(
            old.scenarios, new.scenarios, self._old_scenario_rest, _rest
        )
        renames.scenario = self.scenarios.renames

        self.renamed = any(
            (renames.persona, renames.channel, renames.stage, renames.event, renames.touchpoint)
        )
        """Whether any entity a touchpoint or scenario refers to was renamed."""

    def unchanged(self, pairing: Pairing[Any]) -> bool:
        """Whether an entity is in both plans, under one id, and equal: nothing to compare.

        The quick answer (model equality) is only taken when nothing it refers to was renamed,
        since references are compared in the new plan's names.
        """
        old, new = pairing.old, pairing.new
        return (
            not self.renamed
            and old is not None
            and new is not None
            and old.key == new.key
            and old.item == new.item
        )

    # The old plan's entities, apart from their ids, in the new plan's names.

    def _old_kpi_rest(self, kpi: Kpi) -> dict[str, Any]:
        data = _rest(kpi)
        data["stage"] = self.renames.one(self.renames.stage, kpi.stage)
        return data

    def _old_event_rest(self, event: Event) -> dict[str, Any]:
        data = _rest(event)
        data["rates"] = {self.renames.persona.get(k, k): v for k, v in event.rates.items()}
        return data

    def _old_touchpoint_rest(self, touchpoint: Touchpoint) -> dict[str, Any]:
        r = self.renames
        data = _rest(touchpoint)
        data["personas"] = r.ids(r.persona, touchpoint.personas)
        data["stage"] = r.one(r.stage, touchpoint.stage)
        data["channel"] = r.one(r.channel, touchpoint.channel)
        data["trigger"] = r.one(r.event, touchpoint.trigger)
        data["exit_on"] = r.ids(r.event, touchpoint.exit_on)
        return data

    def _old_scenario_rest(self, scenario: Scenario) -> dict[str, Any]:
        r = self.renames
        data = _rest(scenario)
        data["persona"] = r.one(r.persona, scenario.persona)
        for step in data["events"]:
            step["event"] = r.one(r.event, step["event"])
        if data.get("expect"):
            data["expect"]["sent"] = r.ids(r.touchpoint, data["expect"]["sent"])
            data["expect"]["not_sent"] = r.ids(r.touchpoint, data["expect"]["not_sent"])
        return data

    # Linting only what changed.

    @cached_property
    def contexts(self) -> tuple[LintContext, LintContext]:
        """The lint contexts of the old and new plan (their renderings are cached in them)."""
        return LintContext(self.old, self.config), LintContext(self.new, self.config)

    @cached_property
    def stale(self) -> frozenset[str]:
        """The keys (new names) of the touchpoints whose per-touchpoint findings and renderings
        may differ between the plans: the others need no linting and no measuring."""
        every = frozenset(p.key for p in self.touchpoints.pairings)
        if not same_campaign(self.old.campaign, self.new.campaign):
            return every
        out: set[str] = set()
        for pairing in self.touchpoints.pairings:
            old, new = pairing.old, pairing.new
            if old is None or new is None or not self._same_inputs(old.item, new.item):
                out.add(pairing.key)
        return frozenset(out)

    def _same_inputs(self, old: Touchpoint, new: Touchpoint) -> bool:
        # What a touchpoint's own findings depend on (engine, TOUCHPOINT_FAMILIES): itself, the
        # campaign (compared before), the personas it targets, its channel and the config.
        if old != new:
            return False
        wanted = set(new.personas)
        old_personas = [p for p in self.old.personas if p.id in wanted]
        new_personas = [p for p in self.new.personas if p.id in wanted]
        if len(old_personas) != len(new_personas) or not all(
            same_persona(a, b) for a, b in zip(old_personas, new_personas, strict=True)
        ):
            return False
        old_channels = [c for c in self.old.channels if c.id == new.channel]
        new_channels = [c for c in self.new.channels if c.id == new.channel]
        return old_channels == new_channels

    def _stale_indexes(self, old_side: bool) -> list[int]:
        out: list[int] = []
        for pairing in self.touchpoints.pairings:
            side = pairing.old if old_side else pairing.new
            if side is not None and pairing.key in self.stale:
                out.append(side.index)
        return sorted(out)

    def _diagnostics(self, old_side: bool) -> list[Diagnostic]:
        plan = self.old if old_side else self.new
        ctx = self.contexts[0 if old_side else 1]
        whole = [family for family in FAMILIES if family not in TOUCHPOINT_FAMILIES]
        found: list[Finding] = run_rules(ctx, whole)
        for t_index in self._stale_indexes(old_side):
            found.extend(check_touchpoint(ctx, t_index))
        return place(
            found,
            root=plan,
            source_map=SourceMap(),
            config=self.config,
            scopes=ignore_scopes(plan),
        )

    @cached_property
    def finding_changes(self) -> tuple[FindingChange, ...]:
        """The findings that appeared, went away or changed, sorted by path, code and message.

        Old findings are put in the new plan's names first (paths and backticked ids of renamed
        entities). Findings are matched by code, path, severity and message; what is left with
        the same code and path on both sides is one finding that changed. Findings that went
        away with a removed touchpoint, variant or other entity are not listed: they left with
        it.
        """
        everywhere = self.renames.everywhere()
        old = [self._translated(d, everywhere) for d in self._diagnostics(old_side=True)]
        new = [(d.code, d.path, d.severity.value, d.message) for d in self._diagnostics(False)]
        common = Counter(old) & Counter(new)
        old_left = list((Counter(old) - common).elements())
        new_left = list((Counter(new) - common).elements())
        by_place: dict[tuple[str, str], list[tuple[str, str, str, str]]] = {}
        for item in sorted(old_left):
            by_place.setdefault(item[:2], []).append(item)
        out: list[FindingChange] = []
        for code, path, severity, message in sorted(new_left):
            waiting = by_place.get((code, path))
            if waiting:
                _, _, old_severity, old_message = waiting.pop(0)
                out.append(
                    FindingChange(
                        "changed", code, severity, path, message, old_severity, old_message
                    )
                )
            else:
                out.append(FindingChange("appeared", code, severity, path, message))
        gone = self._removed_paths()
        for items in by_place.values():
            for code, path, severity, message in items:
                if not any(path == p or path.startswith((p + ".", p + "[")) for p in gone):
                    out.append(FindingChange("went_away", code, severity, path, message))
        out.sort(key=lambda f: (f.path, f.code, f.message, f.change))
        return tuple(out)

    def _translated(
        self, diagnostic: Diagnostic, everywhere: dict[str, str]
    ) -> tuple[str, str, str, str]:
        path = diagnostic.path
        message = diagnostic.message
        if everywhere:
            path = self._translate_path(path)
            message = _TICKED.sub(lambda m: f"`{everywhere.get(m.group(1), m.group(1))}`", message)
        return (diagnostic.code, path, diagnostic.severity.value, message)

    def _translate_path(self, path: str) -> str:
        r = self.renames
        kinds = {
            "touchpoints": r.touchpoint,
            "personas": r.persona,
            "channels": r.channel,
            "stages": r.stage,
            "events": r.event,
            "scenarios": r.scenario,
            "kpis": r.kpi,
        }

        def entity(found: re.Match[str]) -> str:
            name, key = found.group(1), found.group(2)
            return f"{name}[{kinds[name].get(key, key)}]"

        out = _ENTITY_PATH.sub(entity, path)
        variant = variant_of(out)
        if variant is not None and variant in r.variant:
            t_key, v_key = variant
            out = out.replace(
                f"touchpoints[{t_key}].variants[{v_key}]",
                f"touchpoints[{t_key}].variants[{r.variant[variant]}]",
                1,
            )
        if out.startswith("map."):
            parts = out.split(".")
            parts[1] = r.persona.get(parts[1], parts[1])
            if len(parts) > 2:
                parts[2] = r.stage.get(parts[2], parts[2])
            out = ".".join(parts)
        return out

    def _removed_paths(self) -> list[str]:
        out: list[str] = []
        kinds: list[tuple[str, Matched[Any]]] = [
            ("personas", self.personas),
            ("channels", self.channels),
            ("stages", self.stages),
            ("events", self.events),
            ("touchpoints", self.touchpoints),
            ("scenarios", self.scenarios),
            ("campaign.kpis", self.kpis),
        ]
        for name, matched in kinds:
            for pairing in matched.pairings:
                if pairing.new is None:
                    out.append(f"{name}[{pairing.key}]")
                    if name == "personas":
                        out.append(f"map.{pairing.key}")
        for t_key, variants in self.variants.items():
            for pairing in variants.pairings:
                if pairing.new is None:
                    out.append(f"touchpoints[{t_key}].variants[{pairing.key}]")
        return out
