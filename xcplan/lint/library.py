"""Loading the persona library: each file checked against the persona model.

``xcplan.io.library`` finds and parses the files; this module validates them with the same
messages as a plan's personas (XC101 to XC104, ``xcplan.lint.schema``), so a broken library file
reads like a broken plan: ``personas/busy-parent.yaml:12:3: XC102 unknown field ...``. Each
problem is raised as one ``InputError`` line; library files are not diagnostics of a plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from xcplan.errors import InputError
from xcplan.io import library as files
from xcplan.io.yaml_source import SourceMap
from xcplan.lint.diagnostics import Finding, Loc
from xcplan.lint.schema import _error_finding
from xcplan.lint.suggest import did_you_mean
from xcplan.model.plan import Persona

# A library persona is checked as the first persona of a plan, so that the schema phase's
# messages ("persona `x` is missing the required field `name`") and did-you-mean for unknown
# fields apply as they are; the places are then read back in the persona file's own terms.
_PREFIX: Final[Loc] = ("personas", 0)


@dataclass(frozen=True, slots=True)
class LibraryPersona:
    """A persona from the library, and the file it was read from."""

    persona: Persona
    path: Path

    @property
    def id(self) -> str:
        """Return the persona's id (also its file name without ``.yaml``)."""
        return self.persona.id


def _folder(folder: Path | None) -> Path:
    # Looked up on the module at call time, so tests can point the library elsewhere.
    return folder if folder is not None else files.library_dir(files.PERSONAS)


def _describe(data: Any) -> str:
    if isinstance(data, list):
        return "a list; write the fields at the top level, without a leading `- `"
    if isinstance(data, str):
        return "text"
    return "a single value" if data is not None else "empty"


def _first_problem(findings: list[Finding], source_map: SourceMap) -> tuple[int, int, Finding]:
    placed = []
    for finding in findings:
        loc = finding.loc[len(_PREFIX) :] if finding.loc[: len(_PREFIX)] == _PREFIX else ()
        line, column = source_map.locate(loc, key=finding.key)
        placed.append((line, column, finding))
    placed.sort(key=lambda item: (item[0], item[1], item[2].code))
    return placed[0]


def validate_persona_data(data: Any, source_map: SourceMap, path: Path) -> Persona:
    """Return the persona that parsed ``data`` describes; raise ``InputError`` when it has none.

    The error names the file, the line and column of the first problem, its rule code and how
    many more problems the file has.
    """
    where = files.shown_path(path)
    if not isinstance(data, dict):
        raise InputError(
            f"{where}:1:1: a persona file holds the fields of one persona as a mapping; "
            f"this one is {_describe(data)}"
        )
    try:
        persona = Persona.model_validate(data)
    except ValidationError as error:
        wrapped: dict[str, Any] = {"personas": [data]}
        shifted = SourceMap(raw={(*_PREFIX, *loc): raw for loc, raw in source_map.raw.items()})
        findings = []
        for item in error.errors():
            moved = dict(item)
            moved["loc"] = (*_PREFIX, *item["loc"])
            findings.append(_error_finding(moved, wrapped, shifted))
        line, column, first = _first_problem(findings, source_map)
        more = len(findings) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''} in this file)" if more else ""
        raise InputError(f"{where}:{line}:{column}: {first.code} {first.message}{extra}") from None
    if persona.id != path.stem:
        line, column = source_map.locate(("id",))
        raise InputError(
            f"{where}:{line}:{column}: the persona's id `{persona.id}` does not match its file "
            f"name: rename the file to `{persona.id}{files.SUFFIX}` or the id to `{path.stem}`"
        )
    return persona


def read_persona(path: Path) -> LibraryPersona:
    """Read, parse and validate one persona file; raise ``InputError`` for any problem."""
    parsed = files.read_yaml(path)
    return LibraryPersona(validate_persona_data(parsed.data, parsed.source_map, path), path)


def persona_ids(folder: Path | None = None) -> list[str]:
    """Return the ids of the library's personas (from the file names), sorted."""
    return list(files.persona_files(_folder(folder)))


def list_personas(folder: Path | None = None) -> list[LibraryPersona]:
    """Return every persona of the library, sorted by id.

    ``folder`` defaults to the installed library. Raises ``InputError`` for the first file that
    does not load.
    """
    return [read_persona(path) for path in files.persona_files(_folder(folder)).values()]


def load_persona(persona_id: str, folder: Path | None = None) -> LibraryPersona:
    """Return the library persona ``persona_id``.

    Raises ``InputError`` for an unknown id (with the closest one, when there is one) or a file
    that does not load.
    """
    found = files.persona_files(_folder(folder))
    path = found.get(persona_id)
    if path is None:
        hint = did_you_mean(persona_id, found) or "; `xcplan personas` lists them"
        raise InputError(f"no persona `{persona_id}` in the library{hint}")
    return read_persona(path)
