"""Shell completion: plan files where a plan is expected, and the ids a plan or the library holds.

Each function is a Typer ``autocompletion`` callback. They run on every Tab press, so they are
quick (the plan is parsed, never validated or linted) and they never fail: a missing, broken or
hostile file completes nothing rather than printing a traceback into the shell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, ParamSpec, TypeVar

import typer

PLAN_SUFFIXES: Final = (".yaml", ".yml")
CONFIG_SUFFIXES: Final = (".toml",)
MAX_ITEMS: Final = 200

P = ParamSpec("P")
T = TypeVar("T")


def _quiet(complete: Callable[P, list[T]]) -> Callable[P, list[T]]:
    """Make a completion callback offer nothing instead of failing.

    Whatever goes wrong while completing (an unreadable folder, a plan that is not YAML, a
    library that is missing) must not print a traceback into the user's shell, and there is no
    place to report it: offering nothing is the answer.
    """

    @functools.wraps(complete)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> list[T]:
        try:
            return complete(*args, **kwargs)
        except Exception:
            return []

    return guarded


def _paths(incomplete: str, suffixes: tuple[str, ...]) -> list[str]:
    """Return the folders and the files with one of ``suffixes`` that start with ``incomplete``."""
    head, slash, prefix = incomplete.rpartition("/")
    folder_text = head + slash
    folder = Path(folder_text).expanduser() if folder_text else Path(".")
    out: list[str] = []
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not name.startswith(prefix) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            if entry.is_dir():
                out.append(f"{folder_text}{name}/")
            elif name.endswith(suffixes):
                out.append(f"{folder_text}{name}")
        except OSError:
            continue
        if len(out) >= MAX_ITEMS:
            break
    return out


@_quiet
def plan_paths(incomplete: str) -> list[str]:
    """Complete a plan path: folders, and ``*.yaml`` / ``*.yml`` files."""
    return _paths(incomplete, PLAN_SUFFIXES)


@_quiet
def config_paths(incomplete: str) -> list[str]:
    """Complete a config path: folders, and ``*.toml`` files."""
    return _paths(incomplete, CONFIG_SUFFIXES)


def _plan_entities(ctx: typer.Context, key: str) -> Iterator[tuple[str, str]]:
    """Yield (id, name) of the entities under ``key`` in the plan named so far on the line.

    While an option's value is being completed the parser stops at that option, so the plan
    named before it is still among the context's unparsed arguments.
    """
    plan = ctx.params.get("plan") or next(
        (arg for arg in ctx.args if not arg.startswith("-")), None
    )
    if not plan:
        return
    from xcplan.io.limits import MAX_BYTES
    from xcplan.io.yaml_source import decode, parse

    path = Path(plan)
    if not path.is_file() or path.stat().st_size > MAX_BYTES:
        return
    text, _problem = decode(path.read_bytes())
    if text is None:
        return
    data: Any = parse(text).data
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            name = item.get("name")
            yield item["id"], name if isinstance(name, str) else ""


def _matching(pairs: Iterator[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for item_id, help_text in pairs:
        if item_id.startswith(incomplete) and all(item_id != seen for seen, _ in out):
            out.append((item_id, help_text.replace("\n", " ")))
    return out[:MAX_ITEMS]


@_quiet
def touchpoint_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Complete a touchpoint id of the plan given earlier on the command line."""
    return _matching(_plan_entities(ctx, "touchpoints"), incomplete)


@_quiet
def persona_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Complete a persona id of the plan given earlier on the command line."""
    return _matching(_plan_entities(ctx, "personas"), incomplete)


@_quiet
def library_persona_ids(incomplete: str) -> list[tuple[str, str]]:
    """Complete the id of a persona in the library (``xcplan personas ID``)."""
    from xcplan.io.library import library_dir, persona_files

    found = persona_files(library_dir("personas"))
    return _matching(((pid, "") for pid in sorted(found)), incomplete)


@_quiet
def template_names(incomplete: str) -> list[tuple[str, str]]:
    """Complete a campaign template's name (``xcplan new --template NAME``)."""
    from xcplan.io.templates import list_templates

    found = list_templates()
    return _matching(((t.name, t.description) for t in found), incomplete)


@_quiet
def rule_codes(incomplete: str) -> list[tuple[str, str]]:
    """Complete a rule code (``xcplan rules CODE``), with the rule's summary."""
    from xcplan.lint.catalogue import RULES

    return _matching(((code, rule.summary) for code, rule in RULES.items()), incomplete)
