"""BCP 47 lookup: which variants serve which personas (format, section 4)."""

from __future__ import annotations


def serves(variant_locale: str, persona_locale: str) -> bool:
    """Return whether copy in ``variant_locale`` serves a reader of ``persona_locale``.

    Lookup goes from the specific to the general: a variant in ``en`` serves ``en-GB``; one in
    ``en-GB`` does not serve ``en-US`` or plain ``en``. Tags compare case-insensitively.
    """
    variant = variant_locale.lower()
    persona = persona_locale.lower()
    return persona == variant or persona.startswith(variant + "-")


def is_english(locale: str) -> bool:
    """Return whether a locale is English (``en`` or ``en-*``)."""
    return serves("en", locale)
