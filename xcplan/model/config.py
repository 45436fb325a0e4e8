"""Pydantic model of ``xcplan.toml``: brand voice, channel limits and lint settings (section 6)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from xcplan.model.kinds import ChannelKind
from xcplan.model.plan import RuleCode
from xcplan.model.types import Locale

Severity = Literal["error", "warning", "info"]
EmojiPolicy = Literal["none", "limited", "any"]


class Settings(BaseModel):
    """Base of the config models: unknown keys are errors, values are taken as written."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)


class BrandLocale(Settings):
    """Brand-voice lists for one locale; they add to the global lists."""

    banned: list[str] = Field(default_factory=list, description="Terms never to use (XC601).")
    preferred: dict[str, str] = Field(
        default_factory=dict, description="Wrong form = preferred form (XC602)."
    )
    acronyms: list[str] = Field(
        default_factory=list, description="All-capital words that are allowed (XC606)."
    )


class Brand(Settings):
    """The brand voice shared by every plan below this config."""

    name: str | None = Field(default=None, description="The brand's name; XC603 checks casing.")
    voice: list[str] = Field(
        default_factory=list, description="Words that describe the voice, shown to writers."
    )
    banned: list[str] = Field(default_factory=list, description="Terms never to use (XC601).")
    preferred: dict[str, str] = Field(
        default_factory=dict, description="Wrong form = preferred form (XC602)."
    )
    acronyms: list[str] = Field(
        default_factory=list, description="All-capital words that are allowed (XC606)."
    )
    max_exclamations: int = Field(
        default=1, ge=0, description="Most exclamation marks in one field (XC604)."
    )
    emoji: EmojiPolicy = Field(
        default="limited",
        description="`none`, `limited` (at most one per field) or `any` (XC605).",
    )
    max_sentence_words: int = Field(
        default=25, ge=1, description="Longest sentence, in words (XC607)."
    )
    max_grade: float = Field(
        default=8.0, gt=0, description="Highest Flesch-Kincaid grade, English only (XC608)."
    )
    locales: dict[Locale, BrandLocale] = Field(
        default_factory=dict, description="Lists that apply to variants in one locale."
    )


class ChannelSettings(Settings):
    """Limits for one channel kind; each unset value keeps the built-in default."""

    max_segments: int | None = Field(
        default=None, ge=1, description="SMS segments before XC503 warns (default 2)."
    )
    hard_max_segments: int | None = Field(
        default=None, ge=1, description="SMS segments above which XC503 is an error (default 10)."
    )
    opt_out: str | None = Field(
        default=None, description="The SMS opt-out word XC504 looks for (default STOP)."
    )
    payload_max_bytes: int | None = Field(
        default=None, ge=1, description="Push payload limit in UTF-8 bytes (default 4096)."
    )
    subject_max: int | None = Field(default=None, ge=1, description="Subject, soft limit.")
    subject_hard_max: int | None = Field(default=None, ge=1, description="Subject, hard limit.")
    preheader_max: int | None = Field(default=None, ge=1, description="Preheader, soft limit.")
    preheader_hard_max: int | None = Field(default=None, ge=1, description="Preheader, hard limit.")
    title_max: int | None = Field(default=None, ge=1, description="Title, soft limit.")
    title_hard_max: int | None = Field(default=None, ge=1, description="Title, hard limit.")
    headline_max: int | None = Field(default=None, ge=1, description="Headline, soft limit.")
    headline_hard_max: int | None = Field(default=None, ge=1, description="Headline, hard limit.")
    body_max: int | None = Field(default=None, ge=1, description="Body, soft limit.")
    body_hard_max: int | None = Field(default=None, ge=1, description="Body, hard limit.")
    cta_max: int | None = Field(default=None, ge=1, description="Call to action, soft limit.")
    cta_hard_max: int | None = Field(default=None, ge=1, description="Call to action, hard limit.")
    url_max: int | None = Field(default=None, ge=1, description="URL, soft limit.")
    url_hard_max: int | None = Field(default=None, ge=1, description="URL, hard limit.")


class LintSettings(Settings):
    """Which rules run and how severe their findings are."""

    ignore: list[RuleCode] = Field(default_factory=list, description="Rule codes never reported.")
    severity: dict[RuleCode, Severity] = Field(
        default_factory=dict, description="Rule code = severity, overriding the default."
    )


class Prices(Settings):
    """Price of one message per channel kind (for `sms`: of one segment), in the plan's currency.

    A kind without a price costs nothing in the estimate, and the estimate names it.
    """

    email: float | None = Field(default=None, ge=0, description="Price of one email.")
    sms: float | None = Field(default=None, ge=0, description="Price of one SMS segment.")
    push: float | None = Field(default=None, ge=0, description="Price of one push.")
    web_push: float | None = Field(default=None, ge=0, description="Price of one web push.")
    in_app: float | None = Field(default=None, ge=0, description="Price of one in-app message.")
    whatsapp: float | None = Field(default=None, ge=0, description="Price of one WhatsApp message.")
    web: float | None = Field(default=None, ge=0, description="Price of one web placement.")
    social: float | None = Field(default=None, ge=0, description="Price of one social post.")
    ads: float | None = Field(default=None, ge=0, description="Price of one ad impression.")
    direct_mail: float | None = Field(
        default=None, ge=0, description="Price of one piece of direct mail."
    )
    call_center: float | None = Field(default=None, ge=0, description="Price of one call.")
    in_store: float | None = Field(default=None, ge=0, description="Price of one in-store message.")
    chat: float | None = Field(default=None, ge=0, description="Price of one chat message.")


class Costs(Prices):
    """Prices for the cost estimate (format, section 11), with overrides per persona locale."""

    locales: dict[Locale, Prices] = Field(
        default_factory=dict,
        description="Prices for personas in one locale (BCP 47 lookup), over the global ones.",
    )


class Config(Settings):
    """The contents of an ``xcplan.toml``."""

    model_config = ConfigDict(title="xcplan.toml")

    brand: Brand | None = Field(
        default=None, description="The brand voice; without it XC6xx rules do not run."
    )
    channels: dict[ChannelKind, ChannelSettings] = Field(
        default_factory=dict, description="Limits per channel kind, over the built-in ones."
    )
    lint: LintSettings = Field(default_factory=LintSettings, description="Lint settings.")
    costs: Costs | None = Field(
        default=None,
        description="Prices per channel kind for the cost estimate; without it XC8xx do not run.",
    )
