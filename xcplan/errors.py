"""The errors xcplan raises for problems that are not diagnostics, and the exit codes they map to.

Findings in a plan are diagnostics (``xcplan.lint``); these are the problems that stop a command
before or around the plan: a missing file, an unreadable config, a refused overwrite. The CLI
prints each as one line and exits with its code; nothing reaches the user as a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of every command."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class XcplanError(Exception):
    """Base of xcplan's errors: one line for the user, and the exit code."""

    exit_code: ExitCode = ExitCode.USAGE


class InputError(XcplanError):
    """A path that does not exist or cannot be read."""


class ConfigError(XcplanError):
    """An ``xcplan.toml`` that cannot be read or does not match the config model."""


class OutputError(XcplanError):
    """A file that cannot be written, or would be overwritten without being asked to."""
