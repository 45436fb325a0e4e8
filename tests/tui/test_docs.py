"""The planner's guide, docs/tui.md, documents every key the planner binds."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding

import xcplan.tui

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "tui.md"


def _binding_ids() -> dict[str, str]:
    """Return every binding id declared in xcplan.tui, with its keys."""
    found: dict[str, str] = {}
    for info in pkgutil.walk_packages(xcplan.tui.__path__, "xcplan.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding) and binding.id:
                    found[binding.id] = binding.key
    return found


def test_every_key_is_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", text, re.MULTILINE))
    ids = _binding_ids()
    assert len(ids) > 40
    assert set(ids) - documented == set(), "add these keys to docs/tui.md"
    assert documented - set(ids) == set(), "docs/tui.md names keys that do not exist"
