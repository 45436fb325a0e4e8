"""The persona library on disk: where it is, which files it holds, and reading them as YAML.

The library is a folder of persona files, one persona per file named ``<id>.yaml`` (format,
section 1). An installed wheel carries it inside the package at ``xcplan/_library/personas/``;
a source checkout has it at the repository's top level, next to the package. Validating a
persona file against the model, with messages in the marketer's words, is
``xcplan.lint.library``'s job: this module only finds and parses files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from xcplan.errors import InputError
from xcplan.io.canonical import dump_data, model_data
from xcplan.io.yaml_source import ParsedYaml, decode, parse
from xcplan.model.plan import Persona

PERSONAS: Final = "personas"
"""The name of the persona library's folder."""

SUFFIX: Final = ".yaml"

_PACKAGE: Final = Path(__file__).resolve().parent.parent


def library_candidates(name: str) -> list[Path]:
    """Return where library folder ``name`` may be, in the order they are tried.

    First the copy bundled in the package (``xcplan/_library/NAME``, in a wheel), then the folder
    next to the package (``NAME`` at the top of a source checkout or an editable install).
    """
    return [_PACKAGE / "_library" / name, _PACKAGE.parent / name]


def library_dir(name: str) -> Path:
    """Return the folder of library ``name`` (such as ``personas``).

    Raises ``InputError`` when neither the bundled copy nor the source checkout's folder exists.
    """
    candidates = library_candidates(name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    looked = " and ".join(str(c) for c in candidates)
    raise InputError(f"no {name} library found (looked in {looked})")


def shown_path(path: Path) -> str:
    """Return ``path`` as it is shown in messages: relative to the working folder when below it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def persona_files(folder: Path) -> dict[str, Path]:
    """Return the persona files in ``folder`` by the id their names give, sorted by id.

    Only ``*.yaml`` files count; hidden files (``.name.yaml``) are skipped.
    """
    found: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise InputError(
            f"{shown_path(folder)}: cannot read the folder: {error.strerror or error}"
        ) from None
    for entry in entries:
        if entry.suffix == SUFFIX and not entry.name.startswith(".") and entry.is_file():
            found[entry.stem] = entry
    return found


def read_yaml(path: Path) -> ParsedYaml:
    """Read and parse one library file; return its data and positions.

    Raises ``InputError`` (``file:line:col: CODE message``) when the file cannot be read, is not
    UTF-8, is not valid YAML, or uses what the format forbids (tags, anchors, duplicate keys...).
    """
    where = shown_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"{where}: cannot read: {error.strerror or error}") from None
    text, problem = decode(raw)
    if text is None:
        assert problem is not None
        raise InputError(
            f"{where}:{problem.line}:{problem.column}: {problem.code} {problem.message}"
        )
    parsed = parse(text)
    if parsed.problems:
        first = min(parsed.problems, key=lambda p: (p.line, p.column))
        more = len(parsed.problems) - 1
        extra = f" (and {more} more problem{'s' if more > 1 else ''} in this file)" if more else ""
        raise InputError(
            f"{where}:{first.line}:{first.column}: {first.code} {first.message}{extra}"
        )
    return parsed


def persona_text(persona: Persona) -> str:
    """Return the canonical text of a persona file: what ``xcplan fmt`` would write for it."""
    return dump_data(model_data(persona))


def plan_snippet(persona: Persona) -> str:
    """Return the persona as an item of a canonical plan's ``personas:`` list, ready to paste.

    The text is indented as it stands in a plan (``  - id: ...``), so it goes on the line after
    ``personas:`` or after the list's last item.
    """
    data: dict[str, Any] = {PERSONAS: [model_data(persona)]}
    return dump_data(data).split("\n", 1)[1]
