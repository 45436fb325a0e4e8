"""The committed JSON Schemas match the models, and describe every field."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import EXAMPLES
from xcplan.model.schema import SCHEMA_DIR, SCHEMAS, render


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMAS[name]()), (
        f"xcplan/schemas/{name} is out of date: run `python -m xcplan.model.schema`"
    )


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for model, definition in [("root", schema), *schema.get("$defs", {}).items()]:
        for field, prop in definition.get("properties", {}).items():
            found.append((f"{model}.{field}", prop))
    return found


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_a_description(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    missing = [where for where, prop in _properties(schema) if not prop.get("description")]
    assert not missing


def test_examples_match_the_schema() -> None:
    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    for path in EXAMPLES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as text, as JSON tools see them
        jsonschema.validate(data, schema)


def test_the_schema_says_one_to_four_personas() -> None:
    import json

    schema = json.loads((SCHEMA_DIR / "plan.schema.json").read_text(encoding="utf-8"))
    personas = schema["properties"]["personas"]
    assert (personas["minItems"], personas["maxItems"]) == (1, 4)
    persona = {"id": "p", "name": "P"}
    plan = {
        "xcplan": 1,
        "campaign": {"id": "c", "name": "C", "objective": "O"},
        "channels": [{"id": "e", "kind": "email"}],
    }
    for count, valid in ((0, False), (1, True), (4, True), (5, False)):
        data = {**plan, "personas": [{**persona, "id": f"p{i}"} for i in range(count)]}
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
        assert (not errors) == valid, (count, errors)
