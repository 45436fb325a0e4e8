"""The vocabulary of the format: channel kinds, the content fields each uses, lifecycles, stages."""

from typing import Final, Literal, get_args

ChannelKind = Literal[
    "email",
    "sms",
    "push",
    "web_push",
    "in_app",
    "whatsapp",
    "web",
    "social",
    "ads",
    "direct_mail",
    "call_center",
    "in_store",
    "chat",
]
CHANNEL_KINDS: Final[tuple[str, ...]] = get_args(ChannelKind)

# Section 3.7: the kinds a frequency cap (and `min_gap`) counts by default, the kinds sent to one
# person; and the kinds quiet hours hold back by default, the kinds that interrupt.
CAPPED_KINDS: Final[tuple[ChannelKind, ...]] = (
    "email",
    "sms",
    "push",
    "web_push",
    "whatsapp",
    "direct_mail",
    "call_center",
)
INTERRUPTING_KINDS: Final[tuple[ChannelKind, ...]] = (
    "sms",
    "push",
    "web_push",
    "whatsapp",
    "call_center",
)

Lifecycle = Literal["prospect", "new", "active", "loyal", "lapsed"]
LIFECYCLES: Final[tuple[str, ...]] = get_args(Lifecycle)

ContentField = Literal["subject", "preheader", "title", "headline", "body", "cta", "url"]
CONTENT_FIELDS: Final[tuple[str, ...]] = get_args(ContentField)

Usage = Literal["required", "optional"]

# Section 3.3 of the format: which content fields each channel kind uses.
# A field absent from a kind's entry is not allowed there (XC502).
_R: Final = "required"
_O: Final = "optional"
FIELD_USAGE: Final[dict[str, dict[str, Usage]]] = {
    "email": {"subject": _R, "preheader": _O, "body": _R, "cta": _O, "url": _O},
    "sms": {"body": _R, "url": _O},
    "push": {"title": _R, "body": _R, "url": _O},
    "web_push": {"title": _R, "body": _R, "url": _O},
    "in_app": {"title": _R, "body": _R, "cta": _O, "url": _O},
    "whatsapp": {"headline": _O, "body": _R, "cta": _O, "url": _O},
    "web": {"headline": _R, "body": _R, "cta": _O, "url": _O},
    "social": {"headline": _O, "body": _R, "url": _O},
    "ads": {"headline": _R, "body": _R, "cta": _O, "url": _O},
    "direct_mail": {"headline": _R, "body": _R, "cta": _O, "url": _O},
    "call_center": {"body": _R},
    "in_store": {"headline": _O, "body": _R},
    "chat": {"body": _R, "url": _O},
}

DEFAULT_STAGE_IDS: Final[tuple[str, ...]] = (
    "awareness",
    "consideration",
    "purchase",
    "onboarding",
    "retention",
    "loyalty",
    "winback",
)
_DEFAULT_STAGE_NAMES: Final[dict[str, str]] = {"winback": "Win-back"}


def default_stage_name(stage_id: str) -> str:
    """Return the display name of a default stage: the id capitalised ("Win-back" for winback)."""
    return _DEFAULT_STAGE_NAMES.get(stage_id, stage_id.capitalize())
