"""The JSON Schema editors read: a stable `$id`, and `xcplan schema -o` writes it for a team."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from tests.cli_runner import xcplan
from tests.conftest import ROOT
from xcplan.model.schema import CONFIG_SCHEMA_ID, PLAN_SCHEMA_ID, SCHEMA_DIR


@pytest.mark.parametrize(
    ("name", "schema_id"),
    [("plan.schema.json", PLAN_SCHEMA_ID), ("config.schema.json", CONFIG_SCHEMA_ID)],
)
def test_schema_id_is_a_urn_nobody_else_owns(name: str, schema_id: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert schema["$id"] == schema_id
    assert schema_id.startswith("urn:uuid:")
    assert str(uuid.UUID(schema_id.removeprefix("urn:uuid:"))) == schema_id[9:]
    # Editors resolve references inside the file: none may point elsewhere.
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(schema, indent=1))
    assert refs
    assert all(ref.startswith("#/") for ref in refs)


@pytest.mark.parametrize(
    ("args", "name"), [([], "plan.schema.json"), (["--config"], "config.schema.json")]
)
def test_schema_output_writes_the_committed_schema(
    args: list[str], name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = xcplan("schema", *args, "-o", f".xcplan/{name}")
    assert run.code == 0, run.stderr
    assert run.stdout == ""
    written = (tmp_path / ".xcplan" / name).read_text(encoding="utf-8")
    assert written == (SCHEMA_DIR / name).read_text(encoding="utf-8")


def test_schema_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    run = xcplan("schema", "-o", str(tmp_path / "file" / "plan.schema.json"))
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1


def test_readme_shows_the_modeline_and_the_editor_settings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OWNER/REPO" not in readme
    assert "# yaml-language-server: $schema=" in readme
    assert '"yaml.schemas"' in readme
    assert "xcplan schema -o .xcplan/plan.schema.json" in readme
