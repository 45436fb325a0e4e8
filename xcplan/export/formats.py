"""Writing the resolved plan as YAML or JSON, byte for byte the same for the same plan."""

from __future__ import annotations

import json
from typing import Any

from xcplan.io.canonical import dump_data
from xcplan.render.hidden import json_safe


def to_yaml(data: dict[str, Any]) -> str:
    """Return the export as YAML that YAML 1.1 and 1.2 parsers read the same way.

    It is written by the canonical writer, which quotes every string either version could read
    as something else (``"no"``, ``"2026-03-01"``, ``"1.0"``), and keeps every text exactly
    as the JSON export does (spaces at the end of a line included).
    """
    return dump_data(data, exact=True)


def to_json(data: dict[str, Any]) -> str:
    """Return the export as JSON: two-space indentation, Unicode as itself, final newline.

    DEL, C1 controls and the invisible characters are written as escapes (the same data), so
    the file can be shown on a terminal as it is.
    """
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)) + "\n"
