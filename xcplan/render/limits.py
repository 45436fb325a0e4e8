"""Channel limits: the built-in defaults of CHANNELS.md, overridden by ``[channels.KIND]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from xcplan.model.config import ChannelSettings, Config

SMS_MAX_SEGMENTS: Final = 2
SMS_HARD_MAX_SEGMENTS: Final = 10
SMS_OPT_OUT: Final = "STOP"
PUSH_PAYLOAD_BYTES: Final = 4096

# kind -> field -> (soft limit, hard limit) in characters (for social: X weighted characters).
_DEFAULTS: Final[dict[str, dict[str, tuple[int | None, int | None]]]] = {
    "email": {"subject": (60, 998), "preheader": (100, None)},
    "push": {"title": (50, None), "body": (150, None)},
    "web_push": {"title": (50, None), "body": (120, None)},
    "in_app": {"title": (50, None), "body": (150, None)},
    "whatsapp": {"body": (None, 1024), "headline": (None, 60)},
    "social": {"body": (280, None)},
    "ads": {"headline": (40, None), "body": (125, None)},
    "web": {"headline": (70, None)},
}
_PAYLOAD_KINDS: Final = frozenset({"push", "web_push"})
WEIGHTED_KINDS: Final = frozenset({"social"})
"""Kinds whose body is measured in X weighted characters (CJK and emoji count 2, URLs 23)."""


@dataclass(frozen=True, slots=True)
class FieldLimit:
    """The soft (warning) and hard (error) length limit of one field; None means no limit."""

    soft: int | None = None
    hard: int | None = None


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    """Every limit that applies to one channel kind."""

    kind: str
    fields: dict[str, FieldLimit] = field(default_factory=dict)
    max_segments: int = SMS_MAX_SEGMENTS
    hard_max_segments: int = SMS_HARD_MAX_SEGMENTS
    opt_out: str = SMS_OPT_OUT
    payload_max_bytes: int | None = None

    @property
    def weighted(self) -> bool:
        """Whether lengths are X weighted characters rather than code points."""
        return self.kind in WEIGHTED_KINDS


def default_settings(kind: str) -> dict[str, int | str]:
    """Return the built-in limits of a kind as ``[channels.KIND]`` keys (for ``xcplan init``)."""
    out: dict[str, int | str] = {}
    if kind == "sms":
        out.update(
            max_segments=SMS_MAX_SEGMENTS,
            hard_max_segments=SMS_HARD_MAX_SEGMENTS,
            opt_out=SMS_OPT_OUT,
        )
    if kind in _PAYLOAD_KINDS:
        out["payload_max_bytes"] = PUSH_PAYLOAD_BYTES
    for name, (soft, hard) in _DEFAULTS.get(kind, {}).items():
        if soft is not None:
            out[f"{name}_max"] = soft
        if hard is not None:
            out[f"{name}_hard_max"] = hard
    return out


def _override(settings: ChannelSettings | None, name: str) -> int | None:

    return None if settings is None else getattr(settings, name, None)


def limits_for(kind: str, config: Config) -> ChannelLimits:
    """Return the limits of a channel kind: built-in defaults, then ``[channels.KIND]``."""
    settings = config.channels.get(kind)  # type: ignore[call-overload]
    fields: dict[str, FieldLimit] = {}
    for name in ("subject", "preheader", "title", "headline", "body", "cta", "url"):
        soft, hard = _DEFAULTS.get(kind, {}).get(name, (None, None))
        soft = _override(settings, f"{name}_max") or soft
        hard = _override(settings, f"{name}_hard_max") or hard
        if soft is not None or hard is not None:
            fields[name] = FieldLimit(soft, hard)
    return ChannelLimits(
        kind=kind,
        fields=fields,
        max_segments=_override(settings, "max_segments") or SMS_MAX_SEGMENTS,
        hard_max_segments=_override(settings, "hard_max_segments") or SMS_HARD_MAX_SEGMENTS,
        opt_out=(settings.opt_out if settings is not None and settings.opt_out else SMS_OPT_OUT),
        payload_max_bytes=(
            _override(settings, "payload_max_bytes") or PUSH_PAYLOAD_BYTES
            if kind in _PAYLOAD_KINDS
            else _override(settings, "payload_max_bytes")
        ),
    )
