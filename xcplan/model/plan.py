"""Pydantic models of the plan format, version 1 (``PLAN_FORMAT.md``, section 3).

The field order of each model is the key order of the canonical form (section 7), so the
declaration order here is part of the contract. Every field has a description: it reaches the
JSON Schema, and editors show it on hover.
"""

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from xcplan.model.kinds import (
    CAPPED_KINDS,
    DEFAULT_STAGE_IDS,
    INTERRUPTING_KINDS,
    ChannelKind,
    Lifecycle,
    default_stage_name,
)
from xcplan.model.types import (
    Clock,
    Currency,
    Duration,
    Id,
    LocalDateTime,
    Locale,
    OptionalText,
    Percent,
    PlanDate,
    ProfileValue,
    Rate,
    RequiredText,
    Text,
    TextOrNumber,
)

RULE_CODE_PATTERN = r"^XC\d{3}$"
RuleCode = Annotated[str, Field(pattern=RULE_CODE_PATTERN)]

_NOTES: Any = Field(
    default=None,
    description="Free-text notes for the team. YAML comments are not kept by the canonical "
    "writer; notes are.",
)
_IGNORE: Any = Field(
    default_factory=list,
    description="Rule codes silenced on this entity and everything inside it, e.g. [XC503].",
)


def _list_if_none(value: Any) -> Any:
    return [] if value is None else value


class Entity(BaseModel):
    """Base of every model: unknown keys are errors, and YAML scalars are taken as they are.

    A null optional field (`goals:` with nothing after it) means the field is absent.
    """

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            fields = cls.model_fields
            return {
                k: v
                for k, v in data.items()
                if v is not None or k not in fields or fields[k].is_required()
            }
        return data


class Kpi(Entity):
    """A measure of the campaign's success."""

    id: Id = Field(description="Identifier of the KPI, referenced by experiments' `metric`.")
    name: RequiredText = Field(description="What the KPI measures, for people.")
    metric: OptionalText = Field(
        default=None, description="How it is measured, e.g. `orders / recipients`."
    )
    target: float | None = Field(default=None, description="The target value.")
    unit: OptionalText = Field(default=None, description="Unit of the target, e.g. `%`.")
    stage: Id | None = Field(default=None, description="The journey stage the KPI belongs to.")


class Campaign(Entity):
    """What the campaign is, who owns it, when it runs, and campaign-wide template variables."""

    id: Id = Field(description="Identifier of the campaign.")
    name: RequiredText = Field(description="Name of the campaign.")
    objective: RequiredText = Field(description="The goal the campaign serves.")
    owner: OptionalText = Field(default=None, description="Team or person accountable.")
    start: PlanDate | None = Field(default=None, description="First day, `YYYY-MM-DD`.")
    end: PlanDate | None = Field(
        default=None, description="Last day, `YYYY-MM-DD`; not before `start`."
    )
    locale: Locale = Field(
        default="en", description="Default locale (BCP 47) of variants that set none."
    )
    vars: dict[Id, TextOrNumber] = Field(
        default_factory=dict,
        description="Campaign-wide template variables: offer codes, landing URLs, hashtags.",
    )
    kpis: list[Kpi] = Field(default_factory=list, description="The campaign's KPIs.")
    budget: float | None = Field(
        default=None,
        ge=0,
        description="What the campaign may spend on sending, in `currency` (XC801).",
    )
    currency: Currency | None = Field(
        default=None,
        description="ISO 4217 code of `budget` and of `[costs]` in `xcplan.toml`, e.g. `EUR`.",
    )
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class Persona(Entity):
    """A kind of customer the campaign speaks to (at most four per plan)."""

    id: Id = Field(description="Identifier of the persona, used in `map` and touchpoints.")
    name: RequiredText = Field(description='Who the persona is, e.g. "Nadia, new app user".')
    summary: OptionalText = Field(default=None, description="One or two sentences.")
    lifecycle: Lifecycle = Field(default="new", description="Relationship with the brand.")
    size: int | None = Field(
        default=None, ge=0, description="Estimated reachable audience (people)."
    )
    locale: Locale | None = Field(default=None, description="Language the persona reads (BCP 47).")
    demographics: dict[str, Text] = Field(
        default_factory=dict, description="Age range, location, role and the like."
    )
    goals: list[Text] = Field(default_factory=list, description="What the persona wants.")
    pain_points: list[Text] = Field(
        default_factory=list, description="What gets in the persona's way."
    )
    behaviors: list[Text] = Field(
        default_factory=list, description="How the persona shops and uses channels."
    )
    motivations: list[Text] = Field(
        default_factory=list, description="What moves the persona to act."
    )
    preferred_channels: list[ChannelKind] = Field(
        default_factory=list, description="Channel kinds (not channel ids) the persona prefers."
    )
    profile: dict[Id, ProfileValue] = Field(
        default_factory=dict,
        description="Sample personalisation data: the template variables this persona "
        "provides, with sample values used for previews.",
    )
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class Channel(Entity):
    """A channel the campaign sends through."""

    id: Id = Field(description="Identifier of the channel, used in `map` and touchpoints.")
    kind: ChannelKind = Field(description="What kind of channel it is; sets the content fields.")
    name: OptionalText = Field(default=None, description="Display name.")
    owner: OptionalText = Field(default=None, description="The team that runs the channel.")
    sender: OptionalText = Field(
        default=None, description="SMS sender id, email From, or push app name."
    )
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class Stage(Entity):
    """A stage of the customer journey."""

    id: Id = Field(description="Identifier of the stage.")
    name: RequiredText = Field(description="Display name.")
    goal: OptionalText = Field(default=None, description="What the stage should achieve.")
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class Experiment(Entity):
    """An A/B test on a touchpoint's variants, with an optional control group held out."""

    control: float = Field(
        default=0, ge=0, le=50, description="Percent of the audience held out (0 to 50)."
    )
    metric: Id | None = Field(default=None, description="The KPI id the test is judged on.")
    hypothesis: OptionalText = Field(default=None, description="What the test should show.")
    baseline: float | None = Field(
        default=None, gt=0, lt=1, description="Expected conversion rate of the control, 0 < x < 1."
    )
    mde: float | None = Field(
        default=None,
        gt=0,
        description="Relative minimum detectable effect, e.g. 0.2 for +20%.",
    )


class Variant(Entity):
    """One version of a touchpoint's message. Content fields are Jinja2 templates."""

    id: Id = Field(description="Identifier, unique within the touchpoint.")
    weight: Percent | None = Field(
        default=None,
        description="Percent of the audience; on all variants or on none (equal split).",
    )
    locale: Locale | None = Field(
        default=None, description="Locale of the copy; the campaign's locale when absent."
    )
    subject: OptionalText = Field(default=None, description="Email subject line.")
    preheader: OptionalText = Field(default=None, description="Email preview text.")
    title: OptionalText = Field(default=None, description="Push, web push and in-app title.")
    headline: OptionalText = Field(
        default=None, description="Headline (web, ads, direct mail, WhatsApp header, ...)."
    )
    body: OptionalText = Field(default=None, description="The message text.")
    cta: OptionalText = Field(default=None, description="Call-to-action label.")
    url: OptionalText = Field(default=None, description="Link target.")
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class Touchpoint(Entity):
    """One message slot: who gets it, when, on which channel, and its variants."""

    id: Id = Field(description="Identifier of the touchpoint.")
    name: OptionalText = Field(default=None, description="Display name.")
    personas: list[Id] = Field(min_length=1, description="The personas it targets (at least one).")
    stage: Id = Field(description="The journey stage it belongs to.")
    channel: Id = Field(description="The channel it is sent on.")
    trigger: Id | None = Field(
        default=None, description="The event that starts it, e.g. `cart_abandoned`."
    )
    after: Id | None = Field(default=None, description="The touchpoint after which it starts.")
    delay: Duration | None = Field(
        default=None, description="Wait after the trigger or `after`, e.g. `2d`."
    )
    exit_on: list[Id] = Field(
        default_factory=list, description="Events that cancel it, e.g. `purchase`."
    )
    experiment: Experiment | None = Field(
        default=None, description="The A/B test settings, with a control group."
    )
    variants: list[Variant] = Field(min_length=1, description="The message versions.")
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


CapAction = Literal["skip", "defer"]
QuietAction = Literal["defer", "drop"]


class FrequencyCap(Entity):
    """At most `max` messages to one customer across the counted channel kinds per period."""

    max: int = Field(ge=1, description="Most messages per period.")
    per: Duration = Field(description="The period, a sliding window, e.g. `1w`.")
    kinds: list[ChannelKind] = Field(
        default_factory=lambda: list(CAPPED_KINDS),
        description="The channel kinds the cap counts; by default the kinds sent to one person "
        "(email, sms, push, web_push, whatsapp, direct_mail, call_center).",
    )
    action: CapAction = Field(
        default="skip",
        description="`skip`: a message over the cap is not sent and the journey goes on as if it "
        "had been; `defer`: it waits until the window has room.",
    )


class QuietHours(Entity):
    """A daily window with no sends, in the customer's local time."""

    start: Clock = Field(description="Start of the window, `HH:MM`.")
    end: Clock = Field(
        description="End of the window, `HH:MM`; before `start`, the window runs over midnight."
    )
    kinds: list[ChannelKind] = Field(
        default_factory=lambda: list(INTERRUPTING_KINDS),
        description="The channel kinds that keep quiet; by default the kinds that interrupt "
        "(sms, push, web_push, whatsapp, call_center).",
    )
    action: QuietAction = Field(
        default="defer",
        description="`defer`: a send in the window moves to its end; `drop`: it is not sent.",
    )


class Policies(Entity):
    """Cross-channel rules that hold for every touchpoint."""

    frequency_cap: FrequencyCap | None = Field(
        default=None, description="Cap on messages per customer across channels."
    )
    quiet_hours: QuietHours | None = Field(
        default=None, description="No sends in this window, customer's local time."
    )
    min_gap: Duration | None = Field(
        default=None,
        description="The least time between two messages to one customer on the kinds the "
        "frequency cap counts, e.g. `4h`.",
    )


class Event(Entity):
    """A customer event the plan reacts to: triggers, `exit_on` and scenarios name it."""

    id: Id = Field(
        description="The event's name as the sending system receives it, e.g. `cart_abandoned`."
    )
    name: OptionalText = Field(default=None, description="What the event is, for people.")
    properties: list[Id] = Field(
        default_factory=list,
        description="The data the event carries, e.g. `cart_value`, for the sending team.",
    )
    rate: Rate = Field(
        default=1,
        description="Share of a persona's audience expected to do the event during the "
        "campaign, 0 to 1 (cost and reach estimate).",
    )
    rates: dict[Id, Rate] = Field(
        default_factory=dict, description="Persona id -> `rate` for that persona."
    )
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


class ScenarioEvent(Entity):
    """An event the synthetic customer does, and when, counted from the scenario's start."""

    event: Id = Field(description="The event's id.")
    at: Duration = Field(description="When, counted from `start`: `0m` is at entry, `2d` later.")


class Expectation(Entity):
    """What must and must not reach the scenario's customer (XC702)."""

    sent: list[Id] = Field(
        default_factory=list,
        description="Touchpoints that must reach the customer (status `sent` or `deferred`).",
    )
    not_sent: list[Id] = Field(
        default_factory=list, description="Touchpoints that must not reach the customer."
    )


class Scenario(Entity):
    """A synthetic customer walked through the journey in time: the plan's own test."""

    id: Id = Field(description="Identifier of the scenario.")
    name: OptionalText = Field(
        default=None, description='What happens, e.g. "Installs at 8 pm, buys two days later".'
    )
    persona: Id = Field(description="The persona the customer belongs to.")
    start: LocalDateTime | None = Field(
        default=None,
        description="When the customer enters the journey, local time `YYYY-MM-DDTHH:MM`; by "
        "default the campaign's `start` at 09:00.",
    )
    events: list[ScenarioEvent] = Field(
        default_factory=list, description="What the customer does, and when."
    )
    expect: Expectation | None = Field(
        default=None, description="What must and must not reach the customer (XC702)."
    )
    notes: OptionalText = _NOTES
    ignore: list[RuleCode] = _IGNORE


StageCells = Annotated[list[Id], BeforeValidator(_list_if_none)]


def _drop_empty_cells(value: dict[str, dict[str, list[str]]]) -> dict[str, dict[str, list[str]]]:
    # An empty list and a missing stage mean the same (format, section 3.5): keep one form.
    out: dict[str, dict[str, list[str]]] = {}
    for persona_id, row in value.items():
        kept = {stage_id: cells for stage_id, cells in row.items() if cells}
        if kept:
            out[persona_id] = kept
    return out


class Plan(Entity):
    """A campaign plan, format version 1."""

    model_config = ConfigDict(title="xcplan plan, format version 1")

    xcplan: Literal[1] = Field(description="Format version; always 1.")
    campaign: Campaign = Field(description="The campaign.")
    personas: list[Persona] = Field(
        description="One to four personas.",
        # In the JSON Schema for editors; xcplan itself reports XC203 and XC202 (section 3.2).
        json_schema_extra={"minItems": 1, "maxItems": 4},
    )
    channels: list[Channel] = Field(
        min_length=1, description="The channels the campaign uses (at least one)."
    )
    stages: list[Stage] | None = Field(
        default=None,
        description="The journey, in order; the default journey (awareness to win-back) when "
        "absent.",
    )
    map: Annotated[dict[Id, dict[Id, StageCells]], AfterValidator(_drop_empty_cells)] = Field(
        default_factory=dict,
        description="The planning matrix: persona id -> stage id -> channel ids planned.",
    )
    touchpoints: list[Touchpoint] = Field(
        default_factory=list, description="The messages that fill the matrix."
    )
    policies: Policies | None = Field(default=None, description="Cross-channel rules.")
    events: list[Event] = Field(
        default_factory=list,
        description="The customer events the plan reacts to; when present, every trigger, "
        "`exit_on` and scenario event must be one of them.",
    )
    scenarios: list[Scenario] = Field(
        default_factory=list,
        description="Synthetic customers walked through the journey in time, with what must "
        "and must not reach them.",
    )

    def journey(self) -> list[Stage]:
        """Return the stages in order: the plan's own, or the default journey."""
        if self.stages is not None:
            return self.stages
        # Built, not validated: the values are the format's own (and the planner shows the
        # journey before it builds any model's validator).
        return [
            Stage.model_construct(id=sid, name=default_stage_name(sid)) for sid in DEFAULT_STAGE_IDS
        ]
