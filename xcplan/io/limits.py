"""Limits against hostile input (format, section 2): what is read at all is bounded here."""

from __future__ import annotations

from typing import Final

MAX_BYTES: Final = 5 * 1024 * 1024
"""A plan file over this many bytes is XC006 and is not parsed (nor read past this)."""

MAX_DEPTH: Final = 64
"""A plan nested deeper than this is XC006 and is not parsed further."""
