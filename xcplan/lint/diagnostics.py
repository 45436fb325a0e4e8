"""Diagnostics: what every check in xcplan reports, with a code, a severity and a place."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

Loc: TypeAlias = tuple[str | int, ...]
"""A raw path into the plan: keys and list indices, e.g. ``("touchpoints", 3, "variants")``."""


class Severity(StrEnum):
    """How serious a finding is; errors fail validation, warnings fail it under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 0 for errors, 1 for warnings, 2 for infos (most serious first)."""
        return _RANKS[self]


_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports before the engine places it in the file.

    ``loc`` is the node at fault. ``about`` names further entities whose ``ignore:`` lists apply
    (a finding about a persona that points into ``map`` is silenced by the persona's ``ignore``).
    ``severity`` overrides the rule's default for rules with two levels (XC503, XC505).
    ``key`` asks for the position of the mapping key rather than of its value.
    """

    code: str
    loc: Loc
    message: str
    about: tuple[Loc, ...] = ()
    severity: Severity | None = None
    key: bool = False


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding placed in a file: ``file:line:column: CODE severity: message``."""

    code: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    file: str = ""
    loc: Loc = field(default=(), compare=False, repr=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the key diagnostics are sorted by: file, line, column, code."""
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, str | int]:
        """Return the diagnostic as a JSON-ready mapping (the ``--format json`` object)."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
        }
