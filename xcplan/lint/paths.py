"""Human paths of plan nodes: ``touchpoints[welcome-push].variants[a].body``."""

from __future__ import annotations

import re
from typing import Any, Final

from pydantic import BaseModel

from xcplan.lint.diagnostics import Loc

_SIMPLE_KEY: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def _child(node: Any, part: str | int) -> Any:
    if isinstance(part, int):
        if isinstance(node, list) and 0 <= part < len(node):
            return node[part]
        return None
    if isinstance(node, BaseModel):
        return getattr(node, part, None)
    if isinstance(node, dict):
        return node.get(part)
    return None


def _id_of(node: Any) -> str | None:
    value = node.get("id") if isinstance(node, dict) else getattr(node, "id", None)
    return value if isinstance(value, str) and value else None


def display_path(loc: Loc, root: Any) -> str:
    """Return the path of ``loc`` for people, naming list items by id where they have one.

    ``root`` is the plan model or the raw parsed data; it is only read to find ids.
    """
    out: list[str] = []
    node = root
    for part in loc:
        child = _child(node, part)
        if isinstance(part, int):
            item_id = _id_of(child)
            out.append(f"[{item_id}]" if item_id is not None else f"[{part}]")
        elif _SIMPLE_KEY.match(part):
            out.append(f".{part}" if out else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
        node = child
    return "".join(out)
