"""What a semantic diff of two plans is made of: sections of changes, field by field.

Every object here is frozen and turns into plain JSON data with ``as_dict``; that data is the
documented shape of ``xcplan diff --format json`` (README, "xcplan diff"). Sentences in ``says``
embed only identifiers, enumerations, numbers and durations (in backticks), never free text
from the plan: formatters escape free text themselves, so the sentences can go to a terminal or
into Markdown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

Value: TypeAlias = Any
"""A JSON-ready value of a field: text, a number, a boolean, a list or a mapping of them."""

ChangeKind = Literal["added", "removed", "changed", "renamed"]
FindingKind = Literal["appeared", "went_away", "changed"]
WordOp: TypeAlias = tuple[Literal["=", "-", "+"], str]
"""One run of a word diff: unchanged (``=``), removed (``-``) or added (``+``) text."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entity that differs: its old and new values.

    ``old`` is None when the field was absent, ``new`` when it is gone. ``words`` is the word
    diff of a text field; ``says`` a sentence for people when the field has one (otherwise
    formatters show ``field: old → new``).
    """

    field: str
    old: Value
    new: Value
    says: str | None = None
    words: tuple[WordOp, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object of the change."""
        return {
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "says": self.says,
            "words": None if self.words is None else [list(op) for op in self.words],
        }


@dataclass(frozen=True, slots=True)
class MeasureChange:
    """A measurement of a variant's rendering for one persona that moved.

    ``measure`` is ``characters``, ``weighted_characters`` (social), ``encoding`` or ``segments``
    (SMS bodies). ``old`` is None for a variant or persona that was not measured before.
    """

    field: str
    persona: str
    measure: str
    old: Value
    new: Value

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object of the change."""
        return {
            "field": self.field,
            "persona": self.persona,
            "measure": self.measure,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A diagnostic that appeared, went away, or kept its code and place but changed.

    ``path`` is the place in the plan in the new plan's names (``touchpoints[a].variants[b]``),
    never a line: findings are matched by code, path and message, so they survive line shifts.
    """

    change: FindingKind
    code: str
    severity: str
    path: str
    message: str
    old_severity: str | None = None
    old_message: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object of the change."""
        return {
            "change": self.change,
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "old_severity": self.old_severity,
            "old_message": self.old_message,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One entity added, removed, renamed or changed, with what changed in it.

    ``id`` is the entity's id in the new plan (in the old plan for a removal); ``old_id`` is set
    for renames. ``path`` names it the way diagnostics do. ``name`` is its display name (free
    text, escaped by formatters). ``parent`` is the id of the entity that holds it (a variant's
    touchpoint), else None.
    """

    change: ChangeKind
    entity: str
    id: str
    path: str
    name: str | None = None
    old_id: str | None = None
    parent: str | None = None
    says: tuple[str, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    measures: tuple[MeasureChange, ...] = ()
    findings: tuple[FindingChange, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object of the change."""
        return {
            "change": self.change,
            "entity": self.entity,
            "id": self.id,
            "old_id": self.old_id,
            "parent": self.parent,
            "path": self.path,
            "name": self.name,
            "says": list(self.says),
            "fields": [f.as_dict() for f in self.fields],
            "measures": [m.as_dict() for m in self.measures],
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Section:
    """A group of changes the way a marketer reads a plan: touchpoints, variants, policies...

    ``findings`` holds finding changes that belong to the section itself rather than to one of
    its changes (the brand-voice section, the other findings).
    """

    name: str
    title: str
    changes: tuple[Change, ...] = ()
    findings: tuple[FindingChange, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the section has nothing to report."""
        return not self.changes and not self.findings

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON object of the section."""
        return {
            "name": self.name,
            "title": self.title,
            "changes": [c.as_dict() for c in self.changes],
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class PlanDiff:
    """The semantic diff of two plans: the sections that have something to report, in order."""

    old: str
    new: str
    sections: tuple[Section, ...] = field(default=())

    @property
    def same(self) -> bool:
        """Whether the two plans mean the same (no section has anything to report)."""
        return not self.sections

    def counts(self) -> dict[str, int]:
        """Return how many entities were added, removed, renamed and changed, and how many
        findings appeared and went away (changed findings count as both)."""
        counts = dict.fromkeys(("added", "removed", "renamed", "changed"), 0)
        counts["findings_appeared"] = counts["findings_went_away"] = 0
        for section in self.sections:
            for change in section.changes:
                counts[change.change] += 1
            for found in _all_findings(section):
                if found.change != "went_away":
                    counts["findings_appeared"] += 1
                if found.change != "appeared":
                    counts["findings_went_away"] += 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``xcplan diff --format json``."""
        return {
            "xcplan_diff": 1,
            "old": self.old,
            "new": self.new,
            "same": self.same,
            "counts": self.counts(),
            "sections": [s.as_dict() for s in self.sections],
        }


def _all_findings(section: Section) -> list[FindingChange]:
    found = list(section.findings)
    for change in section.changes:
        found.extend(change.findings)
    return found
