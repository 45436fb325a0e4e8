"""JSON Schemas of the plan and of ``xcplan.toml``, generated from the models.

The generated schemas are committed in ``xcplan/schemas/`` so that ``xcplan schema`` prints them
without building the models, and editors can point at them; a test fails when the committed
files drift from the models. Regenerate with ``python -m xcplan.model.schema``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Final

from xcplan.model.config import Config
from xcplan.model.plan import Plan

SCHEMA_DIR: Final = Path(__file__).resolve().parent.parent / "schemas"
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

# The schemas' `$id`s are names, not addresses: URNs of UUIDs minted for them (RFC 9562), which
# no one else can claim and no domain has to be kept up for. Editors find a schema by its file
# (`xcplan schema -o FILE`, README "Editors"); every `$ref` inside is local (`#/$defs/...`).
# They never change for format version 1.
PLAN_SCHEMA_ID: Final = "urn:uuid:9cc6e488-f541-4e2b-8541-79be8d513614"
"""The ``$id`` of the JSON Schema of a plan, format version 1."""
CONFIG_SCHEMA_ID: Final = "urn:uuid:0d2e89b5-3d1e-4c40-9677-6fa2db76bb67"
"""The ``$id`` of the JSON Schema of ``xcplan.toml``, format version 1."""


def _with_header(schema: dict[str, Any], schema_id: str) -> dict[str, Any]:
    return {"$schema": DIALECT, "$id": schema_id, **schema}


def plan_schema() -> dict[str, Any]:
    """Return the JSON Schema of a plan file."""
    return _with_header(Plan.model_json_schema(), PLAN_SCHEMA_ID)


def config_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``xcplan.toml`` (as data)."""
    return _with_header(Config.model_json_schema(), CONFIG_SCHEMA_ID)


def render(schema: dict[str, Any]) -> str:
    """Return a schema as the committed text: indented JSON, Unicode as itself, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


SCHEMAS: Final = {"plan.schema.json": plan_schema, "config.schema.json": config_schema}


def main() -> int:
    """Write the schemas into ``xcplan/schemas/``; return the exit code."""
    for name, build in SCHEMAS.items():
        target = SCHEMA_DIR / name
        target.write_text(render(build()), encoding="utf-8", newline="\n")
        print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
