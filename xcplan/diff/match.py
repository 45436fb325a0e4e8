"""Matching the entities of two plans by id, with renames found by content.

Two entities with the same id are the same entity. An id that is only in the old plan and one
that is only in the new plan are a removal and an addition, unless the rest of the two entities
is the same: then it is a rename. Ids that repeat in one plan (XC105) are told apart by their
occurrence (``a``, ``a#2``), so every entity is matched once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar


class HasId(Protocol):
    """Anything with an ``id``: personas, channels, stages, touchpoints, variants..."""

    @property
    def id(self) -> str:
        """The entity's id."""
        ...


T = TypeVar("T", bound=HasId)


@dataclass(frozen=True, slots=True)
class Keyed(Generic[T]):
    """An entity with its key (its id, or ``id#n`` for the n-th repeat) and list position."""

    key: str
    index: int
    item: T


@dataclass(frozen=True, slots=True)
class Pairing(Generic[T]):
    """An entity in the old plan, the new plan, or both (``old`` or ``new`` is None)."""

    old: Keyed[T] | None
    new: Keyed[T] | None

    @property
    def key(self) -> str:
        """The key in the new plan, or in the old plan for a removal."""
        found = self.new or self.old
        assert found is not None
        return found.key

    @property
    def renamed(self) -> bool:
        """Whether the entity is in both plans under different ids."""
        return self.old is not None and self.new is not None and self.old.key != self.new.key


@dataclass(frozen=True, slots=True)
class Matched(Generic[T]):
    """The entities of one kind in two plans, paired: new plan order first, then removals."""

    pairings: tuple[Pairing[T], ...]
    renames: dict[str, str] = field(default_factory=dict)
    """Old key -> new key of each renamed entity."""

    def both(self) -> list[tuple[Keyed[T], Keyed[T]]]:
        """Return the pairs of entities in both plans (renamed ones included)."""
        return [(p.old, p.new) for p in self.pairings if p.old is not None and p.new is not None]

    def order_changed(self) -> bool:
        """Whether the entities in both plans come in another order in the new plan."""
        pairs = self.both()
        old_order = [old.index for old, _new in sorted(pairs, key=lambda pair: pair[1].index)]
        return old_order != sorted(old_order)


def keyed(items: Sequence[T]) -> list[Keyed[T]]:
    """Return the items with their keys: the id, or ``id#n`` for its n-th occurrence."""
    seen: dict[str, int] = {}
    out: list[Keyed[T]] = []
    for index, item in enumerate(items):
        count = seen[item.id] = seen.get(item.id, 0) + 1
        out.append(Keyed(item.id if count == 1 else f"{item.id}#{count}", index, item))
    return out


def match(
    old: Sequence[T],
    new: Sequence[T],
    rest_old: Callable[[T], Any],
    rest_new: Callable[[T], Any],
) -> Matched[T]:
    """Pair the entities of two lists by id; find renames among the unpaired ones.

    ``rest_old`` and ``rest_new`` return what an entity is apart from its id (with the old plan's
    references put in the new plan's names): an old entity and a new one whose rests are equal
    are one entity renamed. Each old entity is paired at most once, first come first served.
    """
    old_keyed, new_keyed = keyed(old), keyed(new)
    old_by_key = {k.key: k for k in old_keyed}
    new_keys = {k.key for k in new_keyed}
    gone = [k for k in old_keyed if k.key not in new_keys]
    fresh = [k for k in new_keyed if k.key not in old_by_key]
    renamed_from: dict[str, Keyed[T]] = {}
    if gone and fresh:
        waiting: dict[str, list[Keyed[T]]] = {}
        for candidate in gone:
            waiting.setdefault(_fingerprint(rest_old(candidate.item)), []).append(candidate)
        for added in fresh:
            queue = waiting.get(_fingerprint(rest_new(added.item)))
            if queue:
                renamed_from[added.key] = queue.pop(0)
    used = {k.key for k in renamed_from.values()}
    pairings: list[Pairing[T]] = []
    for item in new_keyed:
        previous = old_by_key.get(item.key) or renamed_from.get(item.key)
        pairings.append(Pairing(previous, item))
    pairings.extend(Pairing(k, None) for k in gone if k.key not in used)
    renames = {previous.key: key for key, previous in renamed_from.items()}
    return Matched(tuple(pairings), renames)


def _fingerprint(value: Any) -> str:
    # The rests are plain data (mode="json" dumps); their repr is a faithful, hashable key that
    # tells 10 from 10.0, as templates do.
    return repr(value)
