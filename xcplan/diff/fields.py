"""Comparing the fields of two versions of an entity, and the sentences that say what changed.

Sentences embed ids, enumerations, numbers and durations only, each in backticks; free text
(names, copy, notes) stays in ``old``/``new``/``words`` for the formatters to escape.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from xcplan.diff.model import FieldChange, Value
from xcplan.diff.pair import typed
from xcplan.diff.words import word_diff


def plain(value: Any) -> Value:
    """Return a field's value as JSON-ready data (dates as text, models as mappings)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def tick(value: Any) -> str:
    """Return a value in backticks, numbers as people write them."""
    return f"`{number(value) if isinstance(value, int | float) else value}`"


def ticks(values: Iterable[Any]) -> str:
    """Return values in backticks, joined with commas and a final "and"."""
    shown = [tick(v) for v in values]
    if len(shown) <= 1:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


def number(value: float) -> str:
    """Return a number without a needless fraction: ``10``, ``22.5``, ``0.035``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if value.is_integer() and abs(value) < 1e15:
        return number(int(value))
    return f"{value:.6g}"


def multiset_delta(old: Sequence[Any], new: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """Return (added, removed) items of two lists taken as multisets, in list order."""
    keys_old = Counter(repr(v) for v in old)
    keys_new = Counter(repr(v) for v in new)
    added_left = keys_new - keys_old
    removed_left = keys_old - keys_new
    added: list[Any] = []
    for item in new:
        if added_left[repr(item)] > 0:
            added_left[repr(item)] -= 1
            added.append(item)
    removed: list[Any] = []
    for item in old:
        if removed_left[repr(item)] > 0:
            removed_left[repr(item)] -= 1
            removed.append(item)
    return added, removed


Says = Callable[[Any, Any], str | None]


def one_of(
    now: str,
    no_longer: str,
    instead: str,
) -> Says:
    """Return a sentence maker for an optional reference: set, cleared, or replaced.

    Each template has ``{new}`` and/or ``{old}`` slots, filled with ticked values.
    """

    def says(old: Any, new: Any) -> str:
        if old is None:
            return now.format(new=tick(new))
        if new is None:
            return no_longer.format(old=tick(old))
        return instead.format(old=tick(old), new=tick(new))

    return says


def arrow(label: str) -> Says:
    """Return a sentence maker ``label `old` → `new```, saying "none" for an absent side."""

    def says(old: Any, new: Any) -> str:
        was = "none" if old is None else tick(old)
        now = "none" if new is None else tick(new)
        return f"{label} {was} → {now}"

    return says


class Fields:
    """Collects the field changes of one entity."""

    def __init__(self) -> None:
        self.changes: list[FieldChange] = []

    def __bool__(self) -> bool:
        return bool(self.changes)

    def text(self, name: str, old: str | None, new: str | None) -> None:
        """Compare a free-text field; a change carries its word diff."""
        if old != new:
            self.changes.append(FieldChange(name, old, new, words=word_diff(old or "", new or "")))

    def texts(self, model_old: Any, model_new: Any, names: Iterable[str]) -> None:
        """Compare free-text fields of two models (either may be None)."""
        for name in names:
            self.text(name, getattr(model_old, name, None), getattr(model_new, name, None))

    def value(self, name: str, old: Any, new: Any, says: Says | None = None) -> None:
        """Compare a value (an id, a number, a date, an enumeration)."""
        old_plain, new_plain = plain(old), plain(new)
        if typed(old_plain) != typed(new_plain):
            sentence = says(old_plain, new_plain) if says is not None else None
            self.changes.append(FieldChange(name, old_plain, new_plain, says=sentence))

    def ids(
        self, name: str, old: Sequence[str], new: Sequence[str], gained: str, lost: str
    ) -> None:
        """Compare a list of ids as a set; ``gained``/``lost`` are templates with ``{}``."""
        added, removed = multiset_delta(old, new)
        if added or removed:
            parts = []
            if added:
                parts.append(gained.format(ticks(added)))
            if removed:
                parts.append(lost.format(ticks(removed)))
            self.changes.append(FieldChange(name, list(old), list(new), says="; ".join(parts)))

    def items(self, name: str, old: list[Any], new: list[Any]) -> None:
        """Compare a list of free text (goals, pain points...) as a multiset."""
        added, removed = multiset_delta(old, new)
        if added or removed:
            self.changes.append(FieldChange(name, plain(old), plain(new)))

    def mapping(
        self,
        name: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        *,
        text: bool = False,
    ) -> None:
        """Compare a mapping key by key: ``name.key`` fields; values as written (typed)."""
        for key in [*new, *(k for k in old if k not in new)]:
            was, now = old.get(key), new.get(key)
            if text and (isinstance(was, str) or was is None) and isinstance(now, str | None):
                self.text(f"{name}.{key}", was, now)
            else:
                self.value(f"{name}.{key}", was, now)
