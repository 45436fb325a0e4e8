"""The plan being edited: the current plan, its file, undo and redo, and every edit the TUI makes.

This module never imports textual: the app calls it, and tests drive it directly.

Plans are treated as values. An edit builds a new ``Plan`` that shares every untouched part with
the old one (``model_copy(update=...)`` copies references, not data), so keeping the old plan for
undo costs nothing, and the linter can tell which parts changed by identity
(``xcplan.tui.linting``). Nothing here mutates a model in place.

New or changed entities are validated by the models through ``validate_plan``, inside a stub
plan, so that a refused value comes back with the message ``xcplan validate`` would give, keyed
by the field at fault. Edits that break a rule of the TUI (a fifth persona, a duplicate id)
raise ``EditError``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

import yaml

from xcplan.io.atomic import write_atomic
from xcplan.io.canonical import dump_plan
from xcplan.io.yaml_source import SourceMap, decode, parse
from xcplan.lint.diagnostics import Diagnostic, Loc
from xcplan.lint.engine import CheckResult, check_bytes
from xcplan.lint.rules.structure import MAX_PERSONAS
from xcplan.lint.schema import validate_plan
from xcplan.model.config import Config
from xcplan.model.plan import (
    Campaign,
    Channel,
    Experiment,
    Kpi,
    Persona,
    Plan,
    Stage,
    Touchpoint,
    Variant,
)

M = TypeVar("M", Campaign, Channel, Kpi, Persona, Stage, Touchpoint, Variant, Experiment)
T = TypeVar("T")

FieldErrors = dict[str, str]
"""Messages by field name; the key ``""`` holds a message about the entity as a whole."""

UNDO_LIMIT: Final = 1000
"""How many edits undo remembers."""

PERSONAS_FULL: Final = (
    f"A plan has at most {MAX_PERSONAS} personas (the method's limit, XC202): "
    "delete or merge one before adding another."
)

_STUB_CAMPAIGN: Final[dict[str, Any]] = {"id": "stub", "name": "stub", "objective": "stub"}
_STUB_CHANNEL: Final[dict[str, Any]] = {"id": "stub", "kind": "email"}
_STUB_TOUCHPOINT: Final[dict[str, Any]] = {
    "id": "stub",
    "personas": ["stub"],
    "stage": "stub",
    "channel": "stub",
    "variants": [{"id": "stub"}],
}

Cell = tuple[str, str, str]
"""A cell of the journey matrix: (persona id, stage id, channel id)."""


class EditError(Exception):
    """An edit that was refused; ``errors`` holds the message for each field at fault."""

    def __init__(self, message: str, errors: FieldErrors | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: FieldErrors = errors if errors is not None else {"": message}


def _stub_plan(section: str, data: dict[str, Any]) -> tuple[dict[str, Any], Loc]:
    plan: dict[str, Any] = {
        "xcplan": 1,
        "campaign": _STUB_CAMPAIGN,
        "personas": [],
        "channels": [_STUB_CHANNEL],
    }
    if section == "campaign":
        plan["campaign"] = data
        return plan, ("campaign",)
    if section == "kpis":
        plan["campaign"] = {**_STUB_CAMPAIGN, "kpis": [data]}
        return plan, ("campaign", "kpis", 0)
    if section in ("personas", "channels", "stages", "touchpoints"):
        plan[section] = [data]
        return plan, (section, 0)
    if section == "variants":
        plan["touchpoints"] = [{**_STUB_TOUCHPOINT, "variants": [data]}]
        return plan, ("touchpoints", 0, "variants", 0)
    if section == "experiment":
        plan["touchpoints"] = [{**_STUB_TOUCHPOINT, "experiment": data}]
        return plan, ("touchpoints", 0, "experiment")
    raise ValueError(f"no section {section!r}")


def check_entity(section: str, data: dict[str, Any]) -> tuple[Any, FieldErrors]:
    """Validate one entity's data (``section``: campaign, kpis, personas, channels, stages,
    touchpoints, variants or experiment).

    Returns the model and no errors, or None and the message for each field at fault: the
    messages of the schema phase of the linter (``xcplan validate`` says the same).
    """
    wrapped, prefix = _stub_plan(section, data)
    plan, findings = validate_plan(wrapped, SourceMap())
    if plan is None:
        errors: FieldErrors = {}
        for finding in findings:
            loc = finding.loc
            key = (
                str(loc[len(prefix)])
                if loc[: len(prefix)] == prefix and len(loc) > len(prefix)
                else ""
            )
            errors.setdefault(key, finding.message)
        return None, errors or {"": "the values do not make a valid entry"}
    if section == "campaign":
        return plan.campaign, {}
    if section == "kpis":
        return plan.campaign.kpis[0], {}
    if section == "variants":
        return plan.touchpoints[0].variants[0], {}
    if section == "experiment":
        return plan.touchpoints[0].experiment, {}
    entities: list[Any] = getattr(plan, section)
    return entities[0], {}


def _entity(section: str, data: dict[str, Any] | M) -> Any:
    if not isinstance(data, dict):
        return data
    model, errors = check_entity(section, data)
    if model is None:
        first = next(iter(errors.values()))
        raise EditError(first, errors)
    return model


def comment_lines(text: str) -> list[int]:
    """Return the line numbers (1-based) that hold a YAML comment in ``text``.

    A ``#`` is a comment when no YAML token covers it: the ones inside quoted scalars, block
    scalars (``|``) and plain scalars such as ``x#y`` are text. Returns an empty list for text
    that does not scan as YAML.
    """
    if "#" not in text:
        return []
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    spans: list[tuple[int, int]] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            start, end = token.start_mark.index, token.end_mark.index
            if end > start:
                spans.append((start, end))
    except yaml.YAMLError:
        return []
    starts = [start for start, _ in spans]
    lines: list[int] = []
    index = text.find("#")
    while index != -1:
        position = bisect.bisect_right(starts, index) - 1
        if position >= 0 and spans[position][0] <= index < spans[position][1]:
            index = text.find("#", index + 1)
            continue
        lines.append(text.count("\n", 0, index) + 1)
        newline = text.find("\n", index)
        index = -1 if newline == -1 else text.find("#", newline)
    return lines


@dataclass(frozen=True, slots=True)
class Impact:
    """What removing a persona, channel or stage does to the rest of the plan."""

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

    def lines(self) -> list[str]:
        """Return the consequences as sentences for a confirmation dialog."""
        out: list[str] = []

        def ids(items: tuple[str, ...]) -> str:
            shown = ", ".join(f"`{item}`" for item in items[:6])
            return shown + (f" and {len(items) - 6} more" if len(items) > 6 else "")

        if self.deleted:
            n = len(self.deleted)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} will be deleted with their variants: "
                f"{ids(self.deleted)}."
            )
        if self.narrowed:
            n = len(self.narrowed)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} also target other personas and will "
                f"keep them: {ids(self.narrowed)}."
            )
        if self.unlinked:
            n = len(self.unlinked)
            out.append(
                f"{n} touchpoint{'s' if n > 1 else ''} started after a deleted one; "
                f"their `after` link will be removed: {ids(self.unlinked)}."
            )
        if self.cells:
            out.append(
                f"{self.cells} planned cell{'s' if self.cells > 1 else ''} of the journey "
                "will be cleared."
            )
        if self.kpis:
            out.append(f"These KPIs will lose their stage: {ids(self.kpis)}.")
        if not out:
            out.append("No touchpoint uses it; nothing else changes.")
        return out


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A plan file that did not load: why, and its diagnostics (for a read-only view)."""

    path: Path
    reason: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None


@dataclass(frozen=True, slots=True)
class _Step:
    plan: Plan
    label: str


def _position(
    items: Iterable[Campaign | Channel | Kpi | Persona | Stage | Touchpoint], wanted: str
) -> int:
    """Return the position of the entity whose id is ``wanted``; raise ``KeyError`` when absent."""
    for index, item in enumerate(items):
        if item.id == wanted:
            return index
    raise KeyError(wanted)


def _replace_at(items: list[T], index: int, item: T) -> list[T]:
    return [*items[:index], item, *items[index + 1 :]]


def _moved(items: list[T], index: int, delta: int) -> list[T] | None:
    target = index + delta
    if not 0 <= target < len(items) or delta == 0:
        return None
    out = list(items)
    out.insert(target, out.pop(index))
    return out


class Document:
    """One plan open for editing.

    ``plan`` is the current plan; every edit method replaces it with a new one and remembers the
    old one for ``undo``. ``dirty`` tells whether it differs from what is on disk (by identity
    with the plan last loaded or saved, so undoing back to it makes the document clean again).
    """

    def __init__(
        self,
        plan: Plan,
        path: Path,
        *,
        config: Config | None = None,
        config_path: Path | None = None,
        loaded: bytes | None = None,
        check: CheckResult | None = None,
    ) -> None:
        self.path = path
        self.config = config if config is not None else Config()
        self.config_path = config_path
        """The ``xcplan.toml`` that ``config`` was read from; None for the built-in defaults."""
        self._plan = plan
        self._saved: Plan | None = plan if loaded is not None else None
        self._loaded = loaded
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._coalesce: str | None = None
        self._comments: list[int] | None = None if loaded is not None else []
        self.check = check
        """The result of checking the file at load (its diagnostics carry line numbers)."""
        self.revision = 0
        """Grows by one with every change of ``plan``, undo and redo included."""

    # -- loading and saving ---------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, config: Config | None = None, config_path: Path | None = None
    ) -> Document | LoadFailure:
        """Read and load the plan at ``path``; return the document, or why it did not load.

        A plan that loads is not linted here: the editor lints it in the background, so a big
        plan opens without waiting for every rule. A file that does not load is checked in
        full (``check_bytes``), for the read-only list of its problems.
        """
        try:
            raw = path.read_bytes()
        except OSError as error:
            return LoadFailure(path, f"cannot read {path}: {error.strerror or error}")
        text, _ = decode(raw)
        if text is not None:
            # The first phases of `check_text`: a plan loads when the YAML has no problem at
            # all and the schema accepts it; anything else takes the full check below.
            parsed = parse(text)
            if not parsed.problems and parsed.data is not None:
                plan, _findings = validate_plan(parsed.data, parsed.source_map)
                if plan is not None:
                    return cls(plan, path, config=config, config_path=config_path, loaded=raw)
        result = check_bytes(raw, str(path), config)
        if result.plan is None:
            errors = result.errors
            reason = (
                f"{path} does not load: {errors} error{'s' if errors != 1 else ''} "
                "must be fixed in the file first"
            )
            return LoadFailure(path, reason, result.diagnostics, result.text)
        return cls(
            result.plan, path, config=config, config_path=config_path, loaded=raw, check=result
        )

    @property
    def plan(self) -> Plan:
        """The current plan."""
        return self._plan

    @property
    def dirty(self) -> bool:
        """Whether the plan has changes that are not saved."""
        return self._plan is not self._saved

    @property
    def is_new(self) -> bool:
        """Whether the plan has never been saved to its file."""
        return self._loaded is None

    def canonical_text(self) -> str:
        """Return the text a save writes: the canonical form of the plan."""
        return dump_plan(self._plan)

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what was loaded or last saved (a `git pull`, an editor).

        A new plan's file that has appeared since counts as changed; so does a file deleted
        since it was loaded. A file that cannot be read does not: saving will say why it fails.
        """
        try:
            current = self.path.read_bytes()
        except FileNotFoundError:
            return self._loaded is not None
        except OSError:
            return False
        return current != self._loaded

    def comment_lines(self) -> list[int]:
        """Return the lines of the loaded file with YAML comments, which a save would drop.

        Empty once the plan has been saved (the file is then canonical) and for new plans.
        """
        if self._comments is None:
            text = None
            if self._loaded is not None:
                text, _ = decode(self._loaded)
            self._comments = comment_lines(text) if text is not None else []
        return self._comments

    def save(self) -> str:
        """Write the canonical text atomically; return it. Raises ``OSError`` on failure."""
        text = self.canonical_text()
        write_atomic(self.path, text)
        self._loaded = text.encode("utf-8")
        self._saved = self._plan
        self._comments = []
        self._coalesce = None
        return text

    # -- undo and redo --------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """Whether there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone edit to redo."""
        return bool(self._redo)

    def undo(self) -> str | None:
        """Undo the last edit; return its label, or None when there is nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(_Step(self._plan, step.label))
        self._set(step.plan)
        return step.label

    def redo(self) -> str | None:
        """Redo the last undone edit; return its label, or None when there is nothing to redo."""
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(_Step(self._plan, step.label))
        self._set(step.plan)
        return step.label

    def _set(self, plan: Plan) -> None:
        self._plan = plan
        self._coalesce = None
        self.revision += 1

    def _commit(self, plan: Plan, label: str, coalesce: str | None = None) -> None:
        # Typing in one field makes one undo step, not one per keystroke.
        if coalesce is None or coalesce != self._coalesce or not self._undo:
            self._undo.append(_Step(self._plan, label))
            del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._plan = plan
        self._coalesce = coalesce
        self.revision += 1

    def _update(self, label: str, coalesce: str | None = None, **parts: Any) -> None:
        self._commit(self._plan.model_copy(update=parts), label, coalesce)

    def break_coalescing(self) -> None:
        """Make the next edit its own undo step (a field lost focus)."""
        self._coalesce = None

    # -- campaign -------------------------------------------------------------------------

    def set_campaign(self, data: dict[str, Any], *, coalesce: str | None = None) -> FieldErrors:
        """Replace the campaign with ``data``; return the errors (empty when it was accepted)."""
        campaign, errors = check_entity("campaign", data)
        if campaign is None:
            return errors
        if campaign != self._plan.campaign:
            self._update("Edit campaign", coalesce, campaign=campaign)
        return {}

    def _set_kpis(self, kpis: list[Kpi], label: str) -> None:
        campaign = self._plan.campaign.model_copy(update={"kpis": kpis})
        self._update(label, campaign=campaign)

    def _check_unique(self, kind: str, new_id: str, ids: Iterable[str], old: str | None) -> None:
        if new_id != old and new_id in set(ids):
            message = f"there is already a {kind} `{new_id}`; ids must be unique"
            raise EditError(message, {"id": message})

    def add_kpi(self, data: dict[str, Any] | Kpi) -> Kpi:
        """Add a KPI; raise ``EditError`` when ``data`` is invalid or its id is taken."""
        kpi: Kpi = _entity("kpis", data)
        kpis = self._plan.campaign.kpis
        self._check_unique("KPI", kpi.id, (k.id for k in kpis), None)
        self._set_kpis([*kpis, kpi], f"Add KPI {kpi.id}")
        return kpi

    def update_kpi(self, index: int, data: dict[str, Any] | Kpi) -> Kpi:
        """Replace the KPI at ``index``; experiments that measured its old id follow a rename."""
        kpis = self._plan.campaign.kpis
        old = kpis[index]
        kpi: Kpi = _entity("kpis", data)
        self._check_unique("KPI", kpi.id, (k.id for k in kpis), old.id)
        if kpi == old:
            return kpi
        campaign = self._plan.campaign.model_copy(update={"kpis": _replace_at(kpis, index, kpi)})
        touchpoints = self._plan.touchpoints
        if kpi.id != old.id:
            touchpoints = [_rename_metric(t, old.id, kpi.id) for t in touchpoints]
        self._update(f"Edit KPI {kpi.id}", campaign=campaign, touchpoints=touchpoints)
        return kpi

    def delete_kpi(self, index: int) -> None:
        """Delete the KPI at ``index`` (experiments measuring it are flagged by the linter)."""
        kpis = self._plan.campaign.kpis
        self._set_kpis([*kpis[:index], *kpis[index + 1 :]], f"Delete KPI {kpis[index].id}")

    # -- personas -------------------------------------------------------------------------

    def persona_index(self, persona_id: str) -> int:
        """Return the position of persona ``persona_id``; raise ``KeyError`` when absent."""
        return _position(self._plan.personas, persona_id)

    @property
    def personas_full(self) -> bool:
        """Whether the plan has its four personas already."""
        return len(self._plan.personas) >= MAX_PERSONAS

    def add_persona(self, data: dict[str, Any] | Persona) -> Persona:
        """Add a persona (a copy of a library persona, or a new one).

        Raises ``EditError`` when the plan has four personas, the data is invalid, or the id is
        taken.
        """
        if self.personas_full:
            raise EditError(PERSONAS_FULL)
        persona: Persona = _entity("personas", data)
        self._check_unique("persona", persona.id, (p.id for p in self._plan.personas), None)
        self._update(f"Add persona {persona.name}", personas=[*self._plan.personas, persona])
        return persona

    def update_persona(self, persona_id: str, data: dict[str, Any] | Persona) -> Persona:
        """Replace persona ``persona_id``; a new id is followed in the map and touchpoints."""
        index = self.persona_index(persona_id)
        personas = self._plan.personas
        persona: Persona = _entity("personas", data)
        self._check_unique("persona", persona.id, (p.id for p in personas), persona_id)
        if persona == personas[index]:
            return persona
        parts: dict[str, Any] = {"personas": _replace_at(personas, index, persona)}
        if persona.id != persona_id:
            parts["map"] = {
                (persona.id if key == persona_id else key): row
                for key, row in self._plan.map.items()
            }
            parts["touchpoints"] = [
                _rename_persona(t, persona_id, persona.id) for t in self._plan.touchpoints
            ]
        self._update(f"Edit persona {persona.name}", **parts)
        return persona

    def persona_impact(self, persona_id: str) -> Impact:
        """Return what deleting persona ``persona_id`` would do."""
        return self._delete_persona(persona_id, apply=False)

    def delete_persona(self, persona_id: str) -> Impact:
        """Delete a persona, its row of the map, and its place in touchpoints.

        Touchpoints left with no persona are deleted, and ``after`` links to them removed.
        """
        return self._delete_persona(persona_id, apply=True)

    def _delete_persona(self, persona_id: str, *, apply: bool) -> Impact:
        index = self.persona_index(persona_id)
        persona = self._plan.personas[index]
        doomed: set[int] = set()
        narrowed: list[str] = []
        touchpoints: list[Touchpoint] = []
        for t_index, touchpoint in enumerate(self._plan.touchpoints):
            if persona_id not in touchpoint.personas:
                touchpoints.append(touchpoint)
                continue
            rest = [p for p in touchpoint.personas if p != persona_id]
            if rest:
                narrowed.append(touchpoint.id)
                touchpoints.append(touchpoint.model_copy(update={"personas": rest}))
            else:
                doomed.add(t_index)
        deleted, kept, unlinked = _without(self._plan.touchpoints, doomed, touchpoints)
        cells = sum(len(c) for c in self._plan.map.get(persona_id, {}).values())
        impact = Impact(
            f"persona `{persona_id}` ({persona.name})",
            deleted,
            tuple(narrowed),
            unlinked,
            cells,
        )
        if apply:
            self._update(
                f"Delete persona {persona.name}",
                personas=[p for i, p in enumerate(self._plan.personas) if i != index],
                map={k: v for k, v in self._plan.map.items() if k != persona_id},
                touchpoints=kept,
            )
        return impact

    # -- channels -------------------------------------------------------------------------

    def channel_index(self, channel_id: str) -> int:
        """Return the position of channel ``channel_id``; raise ``KeyError`` when absent."""
        return _position(self._plan.channels, channel_id)

    def add_channel(self, data: dict[str, Any] | Channel) -> Channel:
        """Add a channel at the end; raise ``EditError`` for invalid data or a taken id."""
        channel: Channel = _entity("channels", data)
        self._check_unique("channel", channel.id, (c.id for c in self._plan.channels), None)
        self._update(f"Add channel {channel.id}", channels=[*self._plan.channels, channel])
        return channel

    def update_channel(self, channel_id: str, data: dict[str, Any] | Channel) -> Channel:
        """Replace channel ``channel_id``; a new id is followed in the map and touchpoints."""
        index = self.channel_index(channel_id)
        channels = self._plan.channels
        channel: Channel = _entity("channels", data)
        self._check_unique("channel", channel.id, (c.id for c in channels), channel_id)
        if channel == channels[index]:
            return channel
        parts: dict[str, Any] = {"channels": _replace_at(channels, index, channel)}
        if channel.id != channel_id:
            new = channel.id
            parts["map"] = {
                p: {s: [new if c == channel_id else c for c in cells] for s, cells in row.items()}
                for p, row in self._plan.map.items()
            }
            parts["touchpoints"] = [
                t.model_copy(update={"channel": new}) if t.channel == channel_id else t
                for t in self._plan.touchpoints
            ]
        self._update(f"Edit channel {channel.id}", **parts)
        return channel

    def move_channel(self, channel_id: str, delta: int) -> bool:
        """Move a channel up (-1) or down (+1) the list; return False at either end."""
        index = self.channel_index(channel_id)
        moved = _moved(self._plan.channels, index, delta)
        if moved is None:
            return False
        self._update(f"Move channel {channel_id}", channels=moved)
        return True

    def channel_impact(self, channel_id: str) -> Impact:
        """Return what removing channel ``channel_id`` would do."""
        return self._remove_channel(channel_id, apply=False)

    def remove_channel(self, channel_id: str) -> Impact:
        """Remove a channel, its cells of the map and the touchpoints sent on it.

        Raises ``EditError`` for the plan's last channel (a plan needs at least one).
        """
        return self._remove_channel(channel_id, apply=True)

    def _remove_channel(self, channel_id: str, *, apply: bool) -> Impact:
        index = self.channel_index(channel_id)
        channels = self._plan.channels
        if len(channels) == 1:
            raise EditError("a plan needs at least one channel: add another before removing this")
        doomed = {i for i, t in enumerate(self._plan.touchpoints) if t.channel == channel_id}
        deleted, kept, unlinked = _without(self._plan.touchpoints, doomed)
        cells = sum(
            cells.count(channel_id) for row in self._plan.map.values() for cells in row.values()
        )
        channel = channels[index]
        impact = Impact(
            f"channel `{channel_id}` ({channel.name or channel.kind})", deleted, (), unlinked, cells
        )
        if apply:
            self._update(
                f"Remove channel {channel_id}",
                channels=[c for i, c in enumerate(channels) if i != index],
                map=_map_without(self._plan.map, lambda s, c: c == channel_id),
                touchpoints=kept,
            )
        return impact

    # -- stages ---------------------------------------------------------------------------

    def stage_index(self, stage_id: str) -> int:
        """Return the position of stage ``stage_id`` in the journey; raise ``KeyError``."""
        return _position(self._plan.journey(), stage_id)

    def add_stage(self, data: dict[str, Any] | Stage) -> Stage:
        """Add a stage at the end of the journey (which becomes the plan's own ``stages``)."""
        stage: Stage = _entity("stages", data)
        journey = self._plan.journey()
        self._check_unique("stage", stage.id, (s.id for s in journey), None)
        self._update(f"Add stage {stage.id}", stages=[*journey, stage])
        return stage

    def update_stage(self, stage_id: str, data: dict[str, Any] | Stage) -> Stage:
        """Replace stage ``stage_id``; a new id is followed in the map, touchpoints and KPIs."""
        index = self.stage_index(stage_id)
        journey = self._plan.journey()
        stage: Stage = _entity("stages", data)
        self._check_unique("stage", stage.id, (s.id for s in journey), stage_id)
        if stage == journey[index]:
            return stage
        parts: dict[str, Any] = {"stages": _replace_at(journey, index, stage)}
        if stage.id != stage_id:
            new = stage.id
            parts["map"] = {
                p: {(new if s == stage_id else s): cells for s, cells in row.items()}
                for p, row in self._plan.map.items()
            }
            parts["touchpoints"] = [
                t.model_copy(update={"stage": new}) if t.stage == stage_id else t
                for t in self._plan.touchpoints
            ]
            kpis = [
                k.model_copy(update={"stage": new}) if k.stage == stage_id else k
                for k in self._plan.campaign.kpis
            ]
            parts["campaign"] = self._plan.campaign.model_copy(update={"kpis": kpis})
        self._update(f"Edit stage {stage.id}", **parts)
        return stage

    def move_stage(self, stage_id: str, delta: int) -> bool:
        """Move a stage earlier (-1) or later (+1) in the journey; return False at either end."""
        index = self.stage_index(stage_id)
        moved = _moved(self._plan.journey(), index, delta)
        if moved is None:
            return False
        self._update(f"Move stage {stage_id}", stages=moved)
        return True

    def stage_impact(self, stage_id: str) -> Impact:
        """Return what removing stage ``stage_id`` would do."""
        return self._remove_stage(stage_id, apply=False)

    def remove_stage(self, stage_id: str) -> Impact:
        """Remove a stage, its cells of the map and its touchpoints; KPIs lose the stage.

        Raises ``EditError`` for the journey's last stage.
        """
        return self._remove_stage(stage_id, apply=True)

    def _remove_stage(self, stage_id: str, *, apply: bool) -> Impact:
        index = self.stage_index(stage_id)
        journey = self._plan.journey()
        if len(journey) == 1:
            raise EditError("a journey needs at least one stage: add another before removing this")
        doomed = {i for i, t in enumerate(self._plan.touchpoints) if t.stage == stage_id}
        deleted, kept, unlinked = _without(self._plan.touchpoints, doomed)
        cells = sum(len(row.get(stage_id, [])) for row in self._plan.map.values())
        kpis = tuple(k.id for k in self._plan.campaign.kpis if k.stage == stage_id)
        impact = Impact(
            f"stage `{stage_id}` ({journey[index].name})", deleted, (), unlinked, cells, kpis
        )
        if apply:
            campaign = self._plan.campaign
            if kpis:
                campaign = campaign.model_copy(
                    update={
                        "kpis": [
                            k.model_copy(update={"stage": None}) if k.stage == stage_id else k
                            for k in campaign.kpis
                        ]
                    }
                )
            self._update(
                f"Remove stage {stage_id}",
                campaign=campaign,
                stages=[s for i, s in enumerate(journey) if i != index],
                map=_map_without(self._plan.map, lambda s, c: s == stage_id),
                touchpoints=kept,
            )
        return impact

    # -- the journey matrix ---------------------------------------------------------------

    def is_planned(self, persona_id: str, stage_id: str, channel_id: str) -> bool:
        """Whether the map plans ``channel_id`` for the persona in the stage."""
        return channel_id in self._plan.map.get(persona_id, {}).get(stage_id, [])

    def toggle_cell(self, persona_id: str, stage_id: str, channel_id: str) -> bool:
        """Plan the cell, or clear it when it is planned; return whether it is planned now."""
        row = dict(self._plan.map.get(persona_id, {}))
        cells = list(row.get(stage_id, []))
        planned = channel_id not in cells
        if planned:
            cells.append(channel_id)
        else:
            cells = [c for c in cells if c != channel_id]
        if cells:
            row[stage_id] = cells
        else:
            row.pop(stage_id, None)
        new_map = dict(self._plan.map)
        if row:
            new_map[persona_id] = row
        else:
            new_map.pop(persona_id, None)
        verb = "Plan" if planned else "Clear"
        self._update(f"{verb} {channel_id} for {persona_id} in {stage_id}", map=new_map)
        return planned

    # -- touchpoints ----------------------------------------------------------------------

    def touchpoint_index(self, touchpoint_id: str) -> int:
        """Return the position of touchpoint ``touchpoint_id``; raise ``KeyError`` when absent."""
        return _position(self._plan.touchpoints, touchpoint_id)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """Return touchpoint ``touchpoint_id``; raise ``KeyError`` when absent."""
        return self._plan.touchpoints[self.touchpoint_index(touchpoint_id)]

    def new_touchpoint_data(
        self, persona_id: str, stage_id: str, channel_id: str
    ) -> dict[str, Any]:
        """Return the data of a new touchpoint for a cell: a free id, a name, one variant ``a``."""
        taken = {t.id for t in self._plan.touchpoints}
        base = f"{stage_id}-{channel_id}".replace("_", "-")
        touchpoint_id = base
        n = 2
        while touchpoint_id in taken:
            touchpoint_id = f"{base}-{n}"
            n += 1
        stage = next((s for s in self._plan.journey() if s.id == stage_id), None)
        channel = next((c for c in self._plan.channels if c.id == channel_id), None)
        stage_name = stage.name if stage is not None else stage_id
        channel_name = (channel.name or channel.kind) if channel is not None else channel_id
        return {
            "id": touchpoint_id,
            "name": f"{stage_name} {channel_name}",
            "personas": [persona_id],
            "stage": stage_id,
            "channel": channel_id,
            "variants": [{"id": "a"}],
        }

    def _planned_with(self, touchpoint: Touchpoint) -> dict[str, dict[str, list[str]]] | None:
        """Return the map with the touchpoint's cells planned, or None when they all are."""
        new_map: dict[str, dict[str, list[str]]] | None = None
        for persona_id in dict.fromkeys(touchpoint.personas):
            if self.is_planned(persona_id, touchpoint.stage, touchpoint.channel):
                continue
            if new_map is None:
                new_map = {p: dict(row) for p, row in self._plan.map.items()}
            row = new_map.setdefault(persona_id, {})
            row[touchpoint.stage] = [*row.get(touchpoint.stage, []), touchpoint.channel]
        return new_map

    def add_touchpoint(self, data: dict[str, Any] | Touchpoint) -> Touchpoint:
        """Add a touchpoint after the others of its stage and channel; plan its cells.

        Cells of the journey it fills that were not planned yet are planned with it (one undo
        step). Raises ``EditError`` for invalid data or a taken id.
        """
        touchpoint: Touchpoint = _entity("touchpoints", data)
        touchpoints = self._plan.touchpoints
        self._check_unique("touchpoint", touchpoint.id, (t.id for t in touchpoints), None)
        same_cell = [
            i
            for i, t in enumerate(touchpoints)
            if t.stage == touchpoint.stage and t.channel == touchpoint.channel
        ]
        same_stage = [i for i, t in enumerate(touchpoints) if t.stage == touchpoint.stage]
        found = same_cell or same_stage
        position = found[-1] + 1 if found else len(touchpoints)
        parts: dict[str, Any] = {
            "touchpoints": [*touchpoints[:position], touchpoint, *touchpoints[position:]]
        }
        planned = self._planned_with(touchpoint)
        if planned is not None:
            parts["map"] = planned
        self._update(f"Add touchpoint {touchpoint.id}", **parts)
        return touchpoint

    def update_touchpoint(
        self, touchpoint_id: str, data: dict[str, Any] | Touchpoint, *, coalesce: str | None = None
    ) -> Touchpoint:
        """Replace touchpoint ``touchpoint_id``; a new id is followed in the others' ``after``.

        Cells it now fills that were not planned are planned with it.
        """
        index = self.touchpoint_index(touchpoint_id)
        touchpoints = self._plan.touchpoints
        touchpoint: Touchpoint = _entity("touchpoints", data)
        self._check_unique("touchpoint", touchpoint.id, (t.id for t in touchpoints), touchpoint_id)
        if touchpoint == touchpoints[index]:
            return touchpoints[index]
        new = _replace_at(touchpoints, index, touchpoint)
        if touchpoint.id != touchpoint_id:
            new = [
                t.model_copy(update={"after": touchpoint.id}) if t.after == touchpoint_id else t
                for t in new
            ]
        parts: dict[str, Any] = {"touchpoints": new}
        planned = self._planned_with(touchpoint)
        if planned is not None:
            parts["map"] = planned
        self._update(f"Edit touchpoint {touchpoint.id}", coalesce, **parts)
        return touchpoint

    def touchpoint_impact(self, touchpoint_id: str) -> Impact:
        """Return what deleting touchpoint ``touchpoint_id`` would do."""
        return self._delete_touchpoint(touchpoint_id, apply=False)

    def delete_touchpoint(self, touchpoint_id: str) -> Impact:
        """Delete a touchpoint with its variants; ``after`` links to it are removed."""
        return self._delete_touchpoint(touchpoint_id, apply=True)

    def _delete_touchpoint(self, touchpoint_id: str, *, apply: bool) -> Impact:
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        deleted, kept, unlinked = _without(self._plan.touchpoints, {index})
        impact = Impact(
            f"touchpoint `{touchpoint_id}` ({touchpoint.name or touchpoint_id})",
            deleted,
            (),
            unlinked,
        )
        if apply:
            self._update(f"Delete touchpoint {touchpoint_id}", touchpoints=kept)
        return impact

    def _replace_touchpoint(
        self, index: int, touchpoint: Touchpoint, label: str, coalesce: str | None = None
    ) -> None:
        touchpoints = _replace_at(self._plan.touchpoints, index, touchpoint)
        self._update(label, coalesce, touchpoints=touchpoints)

    # -- variants and the experiment -----------------------------------------------------

    def set_variant(
        self,
        touchpoint_id: str,
        v_index: int,
        data: dict[str, Any],
        *,
        coalesce: str | None = None,
    ) -> FieldErrors:
        """Replace variant ``v_index`` of a touchpoint with ``data``; return the errors.

        An empty result means the variant was accepted (or was unchanged). ``coalesce`` makes
        successive edits of one field a single undo step, as the writer types.
        """
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        old = touchpoint.variants[v_index]
        try:
            variant = Variant.model_validate(data)
        except ValueError:
            variant, errors = check_entity("variants", data)
            if variant is None:
                return errors
        others = [v.id for i, v in enumerate(touchpoint.variants) if i != v_index]
        if variant.id in others:
            message = f"`{touchpoint_id}` has a variant `{variant.id}` already; ids must be unique"
            return {"id": message}
        if variant == old:
            return {}
        variants = _replace_at(touchpoint.variants, v_index, variant)
        label = (
            f"Rename variant {old.id} to {variant.id}"
            if variant.id != old.id
            else f"Edit variant {variant.id} of {touchpoint_id}"
        )
        updated = touchpoint.model_copy(update={"variants": variants})
        self._replace_touchpoint(index, updated, label, coalesce)
        return {}

    def add_variant(self, touchpoint_id: str, copy_of: int | None = None) -> Variant:
        """Add a variant at the end of a touchpoint's variants, with the next free id.

        It copies the content and locale of variant ``copy_of`` (none when None), so an A/B
        test starts from the copy it tests. When the variants have weights, the new one gets
        weight 0, so the split stays as it was until the writer changes it.
        """
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        taken = {v.id for v in touchpoint.variants}
        variant_id = next_variant_id(taken)
        data: dict[str, Any] = {"id": variant_id}
        if copy_of is not None:
            source = touchpoint.variants[copy_of]
            data = source.model_dump(exclude_defaults=True, exclude={"id", "weight", "ignore"})
            data["id"] = variant_id
        if any(v.weight is not None for v in touchpoint.variants):
            data["weight"] = 0
        variant = Variant.model_validate(data)
        updated = touchpoint.model_copy(update={"variants": [*touchpoint.variants, variant]})
        self._replace_touchpoint(index, updated, f"Add variant {variant_id} to {touchpoint_id}")
        return variant

    def remove_variant(self, touchpoint_id: str, v_index: int) -> Variant:
        """Remove variant ``v_index``; raise ``EditError`` for a touchpoint's last variant.

        Weights are left as they are: the split shows what is left to share out.
        """
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        if len(touchpoint.variants) == 1:
            raise EditError("a touchpoint needs at least one variant: add another first")
        variant = touchpoint.variants[v_index]
        variants = [v for i, v in enumerate(touchpoint.variants) if i != v_index]
        updated = touchpoint.model_copy(update={"variants": variants})
        self._replace_touchpoint(index, updated, f"Remove variant {variant.id} of {touchpoint_id}")
        return variant

    def set_split(
        self,
        touchpoint_id: str,
        weights: list[float | None],
        control: float | None,
        *,
        coalesce: str | None = None,
    ) -> FieldErrors:
        """Set the variants' weights and the control group's share; return the errors.

        Errors are keyed ``weight-N`` (N the variant's position) and ``control``. A control of
        None or 0 on a touchpoint with no other experiment setting removes the experiment.
        """
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        errors: FieldErrors = {}
        variants: list[Variant] = []
        for v_index, (variant, weight) in enumerate(zip(touchpoint.variants, weights, strict=True)):
            if weight == variant.weight:
                variants.append(variant)
                continue
            data = variant.model_dump(exclude_defaults=True) | {"weight": weight}
            if weight is None:
                del data["weight"]
            made, problems = check_entity("variants", data)
            if made is None:
                errors[f"weight-{v_index}"] = problems.get("weight", next(iter(problems.values())))
                variants.append(variant)
            else:
                variants.append(made)
        experiment = touchpoint.experiment
        current = experiment.control if experiment is not None else 0.0
        if (control or 0.0) != current:
            base = experiment.model_dump(exclude_defaults=True) if experiment is not None else {}
            base.pop("control", None)
            if control:
                base["control"] = control
            if base:
                made_experiment, problems = check_entity("experiment", base)
                if made_experiment is None:
                    errors["control"] = problems.get("control", next(iter(problems.values())))
                else:
                    experiment = made_experiment
            else:
                experiment = None
        if errors:
            return errors
        if variants == touchpoint.variants and experiment == touchpoint.experiment:
            return {}
        updated = touchpoint.model_copy(update={"variants": variants, "experiment": experiment})
        self._replace_touchpoint(index, updated, f"Change the split of {touchpoint_id}", coalesce)
        return {}

    def set_experiment(
        self, touchpoint_id: str, data: dict[str, Any] | None, *, coalesce: str | None = None
    ) -> FieldErrors:
        """Replace a touchpoint's experiment (None or empty data removes it); return the errors."""
        index = self.touchpoint_index(touchpoint_id)
        touchpoint = self._plan.touchpoints[index]
        experiment: Experiment | None = None
        if data:
            experiment, errors = check_entity("experiment", data)
            if experiment is None:
                return errors
        if experiment == touchpoint.experiment:
            return {}
        updated = touchpoint.model_copy(update={"experiment": experiment})
        self._replace_touchpoint(
            index, updated, f"Edit the experiment of {touchpoint_id}", coalesce
        )
        return {}


def _rename_persona(touchpoint: Touchpoint, old: str, new: str) -> Touchpoint:
    if old not in touchpoint.personas:
        return touchpoint
    return touchpoint.model_copy(
        update={"personas": [new if p == old else p for p in touchpoint.personas]}
    )


def _rename_metric(touchpoint: Touchpoint, old: str, new: str) -> Touchpoint:
    experiment = touchpoint.experiment
    if experiment is None or experiment.metric != old:
        return touchpoint
    return touchpoint.model_copy(
        update={"experiment": experiment.model_copy(update={"metric": new})}
    )


def _without(
    touchpoints: list[Touchpoint],
    doomed: set[int],
    survivors: list[Touchpoint] | None = None,
) -> tuple[tuple[str, ...], list[Touchpoint], tuple[str, ...]]:
    """Return the deleted ids, the touchpoints kept, and those whose ``after`` was unlinked.

    ``survivors`` are the touchpoints kept, already edited, in order (all but ``doomed`` when
    None).
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


def _map_without(
    planned: dict[str, dict[str, list[str]]], drop: Callable[[str, str], bool]
) -> dict[str, dict[str, list[str]]]:
    """Return the map without the cells ``drop(stage_id, channel_id)`` selects."""
    out: dict[str, dict[str, list[str]]] = {}
    for persona_id, row in planned.items():
        new_row = {}
        for stage_id, cells in row.items():
            kept = [c for c in cells if not drop(stage_id, c)]
            if kept:
                new_row[stage_id] = kept
        if new_row:
            out[persona_id] = new_row
    return out


def next_variant_id(taken: set[str]) -> str:
    """Return the first of ``a``, ``b``, ... ``z``, ``v27``, ``v28``... that is not taken."""
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if letter not in taken:
            return letter
    n = 27
    while f"v{n}" in taken:
        n += 1
    return f"v{n}"


def cell_counts(plan: Plan) -> dict[Cell, int]:
    """Return how many touchpoints fill each (persona, stage, channel) cell."""
    counts: dict[Cell, int] = {}
    for touchpoint in plan.touchpoints:
        for persona_id in dict.fromkeys(touchpoint.personas):
            cell = (persona_id, touchpoint.stage, touchpoint.channel)
            counts[cell] = counts.get(cell, 0) + 1
    return counts
