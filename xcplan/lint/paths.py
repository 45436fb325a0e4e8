"""Human paths of plan nodes: ``touchpoints[welcome-push].variants[a].body``."""

from __future__ import annotations

import re
from typing import Any, Final

from pydantic import BaseModel

from xcplan.lint.diagnostics import Loc

_SIMPLE_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def child_of(node: Any, part: str | int) -> Any:
    """Return the child of a model, mapping or list at ``part``, or None."""
    if isinstance(part, int):
        if isinstance(node, list) and 0 <= part < len(node):
            return node[part]
        return None
    if isinstance(node, BaseModel):
        return getattr(node, part, None)
    if isinstance(node, dict):
        return node.get(part)
    return None


def id_of(node: Any) -> str | None:
    """Return the ``id`` of a model or mapping, when it has a non-empty text one."""
    value = node.get("id") if isinstance(node, dict) else getattr(node, "id", None)
    return value if isinstance(value, str) and value else None


def display_path(loc: Loc, root: Any) -> str:
    """Return the path of ``loc`` for people, naming list items by id where they have one.

    ``root`` is the plan model or the raw parsed data; it is only read to find ids.
    """
    out: list[str] = []
    node = root
    for part in loc:
        child = child_of(node, part)
        if isinstance(part, int):
            item_id = id_of(child)
            out.append(f"[{item_id}]" if item_id is not None else f"[{part}]")
        elif _SIMPLE_KEY.match(part):
            out.append(f".{part}" if out else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
        node = child
    return "".join(out)


_SINGULAR: Final = {
    "personas": "persona",
    "channels": "channel",
    "stages": "stage",
    "touchpoints": "touchpoint",
    "variants": "variant",
    "kpis": "KPI",
    "events": "event",
    "scenarios": "scenario",
}


def describe(loc: Loc, root: Any) -> str:
    """Return the node at ``loc`` in the marketer's words.

    ``("touchpoints", 2)`` is "touchpoint `welcome`", ``("touchpoints", 2, "variants", 0)``
    "variant `a` of touchpoint `welcome`", ``("touchpoints", 2, "experiment")`` "`experiment` of
    touchpoint `welcome`", ``("campaign",)`` "`campaign`", and ``()`` "the plan".
    """
    entities: list[tuple[str, int]] = []
    node = root
    for index, part in enumerate(loc):
        node = child_of(node, part)
        parent = loc[index - 1] if index else None
        if isinstance(part, int) and isinstance(parent, str) and parent in _SINGULAR:
            ident = id_of(node)
            name = _SINGULAR[parent]
            entities.append((f"{name} `{ident}`" if ident else f"{name} number {part + 1}", index))
    if not entities:
        return f"`{'.'.join(str(p) for p in loc)}`" if loc else "the plan"
    phrase, end = entities[-1]
    if len(entities) > 1:
        phrase = f"{phrase} of {entities[-2][0]}"
    rest = loc[end + 1 :]
    if rest:
        phrase = f"`{'.'.join(str(p) for p in rest)}` of {phrase}"
    return phrase
