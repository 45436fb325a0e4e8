"""An edit of a plan: the new plan and what it did, and the helpers the edits share.

Plans are treated as values. An edit builds a new ``Plan`` that shares every untouched part with
the old one (``model_copy(update=...)`` copies references, not data), so keeping the old plan for
undo costs nothing, and the linter can tell which parts changed by identity
(``xcplan.edit.linting``). Nothing here mutates a model in place. An edit that changes nothing
returns the very plan it was given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from xcplan.model.plan import Plan

T = TypeVar("T")
R = TypeVar("R")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Edit(Generic[R]):
    """What an edit made: the new ``plan``, its ``label`` for undo, and its ``result``.

    ``plan`` is the plan given to the edit when nothing changed.
    """

    plan: Plan
    label: str
    result: R

    def changed(self, before: Plan) -> bool:
        """Whether the edit changed ``before``, the plan it was given."""
        return self.plan is not before


def updated(plan: Plan, **parts: Any) -> Plan:
    """Return ``plan`` with the top-level ``parts`` replaced (sharing everything else)."""
    return plan.model_copy(update=parts)


def position(items: Iterable[_HasId], wanted: str) -> int:
    """Return the position of the entity whose id is ``wanted``; raise ``KeyError`` when absent."""
    for index, item in enumerate(items):
        if item.id == wanted:
            return index
    raise KeyError(wanted)


def replace_at(items: list[T], index: int, item: T) -> list[T]:
    """Return ``items`` with the one at ``index`` replaced by ``item``."""
    return [*items[:index], item, *items[index + 1 :]]


def without_at(items: list[T], index: int) -> list[T]:
    """Return ``items`` without the one at ``index``."""
    return [*items[:index], *items[index + 1 :]]


def moved(items: list[T], index: int, delta: int) -> list[T] | None:
    """Return ``items`` with the one at ``index`` moved by ``delta``; None past either end."""
    target = index + delta
    if not 0 <= target < len(items) or delta == 0:
        return None
    out = list(items)
    out.insert(target, out.pop(index))
    return out
