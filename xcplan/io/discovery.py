"""Finding plan files: which files are plans, in a folder and below it.

A plan file is a ``*.yaml`` or ``*.yml`` file with a top-level ``xcplan:`` key. ``xcplan
validate`` and ``xcplan fmt`` look for them below the folders they are given (``walk_yaml``),
the planner lists those of one folder (``plans_in``). Hidden files and folders are skipped, and
so are the folders tools fill (``node_modules``, ``__pycache__``, ``venv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

PLAN_SUFFIXES: Final = (".yaml", ".yml")
"""The endings of plan files (a new plan's file name must have one)."""

_PLAN_MARK: Final = re.compile(rb"^xcplan[ \t]*:", re.MULTILINE)
_SKIP_DIRS: Final = frozenset({"node_modules", "__pycache__", "venv"})
_HEAD: Final = 65536
"""How much of a file ``plans_in`` reads to tell a plan (the key is near the top)."""


def looks_like_plan(raw: bytes) -> bool:
    """Whether the bytes of a YAML file have a top-level ``xcplan:`` key."""
    return _PLAN_MARK.search(raw) is not None


def _listed(path: Path) -> bool:
    return path.suffix in PLAN_SUFFIXES and not path.name.startswith(".")


def walk_yaml(folder: Path) -> Iterator[Path]:
    """Yield the ``*.yaml`` and ``*.yml`` files below ``folder``, sorted by name, depth first.

    Raises ``OSError`` when a folder cannot be listed.
    """
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in _SKIP_DIRS:
            continue
        if entry.is_dir():
            yield from walk_yaml(entry)
        elif _listed(entry) and entry.is_file():
            yield entry


def plans_in(folder: Path) -> list[Path]:
    """Return the plan files in ``folder`` itself, sorted by name.

    Files that cannot be read are left out, and so is everything when the folder cannot be
    listed.
    """
    found: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        if not _listed(entry) or not entry.is_file():
            continue
        try:
            with entry.open("rb") as handle:
                head = handle.read(_HEAD)
        except OSError:
            continue
        if looks_like_plan(head):
            found.append(entry)
    return found
