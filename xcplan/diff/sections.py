"""The sections of a plan diff, each made by one comparer of a ``Pair``.

``COMPARERS`` lists them in the order a marketer reads a plan: the campaign, personas,
channels, the journey, touchpoints, variants, experiments, policies, events, scenarios, then the
brand-voice findings and the other findings that moved. A comparer is a function
``(Pair) -> Section``; adding a kind of change to the diff is writing one and putting it in the
tuple (see ``xcplan.diff``).

``COMPARED`` names, for each model, the fields the comparers read, so a test can tell when the
format grows a field that the diff would not see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from pydantic import BaseModel

from xcplan.diff.fields import Fields, arrow, multiset_delta, number, one_of, plain, tick, ticks
from xcplan.diff.match import Keyed, Matched, Pairing, keyed
from xcplan.diff.model import Change, ChangeKind, FieldChange, FindingChange, MeasureChange, Section
from xcplan.diff.pair import Pair, Renames, variant_of
from xcplan.diff.walks import compare_walks
from xcplan.model.kinds import CONTENT_FIELDS
from xcplan.model.plan import (
    Campaign,
    Channel,
    Event,
    Expectation,
    Experiment,
    FrequencyCap,
    Kpi,
    Persona,
    Plan,
    Policies,
    QuietHours,
    Scenario,
    ScenarioEvent,
    Stage,
    Touchpoint,
    Variant,
)
from xcplan.render.preview import Measured

Comparer = Callable[[Pair], Section]

BRAND_PREFIX: Final = "XC6"
"""Findings with this prefix are the brand voice's (section ``brand_voice``)."""

_CAMPAIGN_TEXT: Final = ("name", "objective", "owner", "notes")
_KPI_TEXT: Final = ("name", "metric", "unit")
_PERSONA_TEXT: Final = ("name", "summary", "notes")
_PERSONA_LISTS: Final = ("goals", "pain_points", "behaviors", "motivations")
_CHANNEL_TEXT: Final = ("name", "owner", "sender", "notes")
_STAGE_TEXT: Final = ("name", "goal", "notes")
_TOUCHPOINT_TEXT: Final = ("name", "notes")
_VARIANT_TEXT: Final = (*CONTENT_FIELDS, "notes")
_EVENT_TEXT: Final = ("name", "notes")
_SCENARIO_TEXT: Final = ("name", "notes")


def _kind(pairing: Pairing[Any]) -> ChangeKind:
    if pairing.old is None:
        return "added"
    if pairing.new is None:
        return "removed"
    return "renamed" if pairing.renamed else "changed"


def _change(
    pairing: Pairing[Any],
    entity: str,
    path: str,
    fields: Fields | None = None,
    *,
    says: tuple[str, ...] = (),
    parent: str | None = None,
    measures: tuple[MeasureChange, ...] = (),
    findings: tuple[FindingChange, ...] = (),
) -> Change | None:
    """Return the change of a pairing, or None when the entity is the same in both plans."""
    kind = _kind(pairing)
    changes = tuple(fields.changes) if fields is not None else ()
    if kind == "changed" and not changes and not says and not measures and not findings:
        return None
    side = pairing.new or pairing.old
    assert side is not None
    return Change(
        kind,
        entity,
        pairing.key,
        path,
        name=getattr(side.item, "name", None),
        old_id=pairing.old.key if pairing.renamed and pairing.old is not None else None,
        parent=parent,
        says=says,
        fields=changes,
        measures=measures,
        findings=findings,
    )


def _sides(pairing: Pairing[Any]) -> tuple[Any, Any]:
    return (
        pairing.old.item if pairing.old is not None else None,
        pairing.new.item if pairing.new is not None else None,
    )


def _order(matched: Matched[Any], entity: str, path: str, says: str) -> Change | None:
    """Return a change of order of the entities in both plans, or None when it is kept.

    ``says`` is a template with ``{}`` for the new order.
    """
    if not matched.order_changed():
        return None
    both = matched.both()
    old_order = [new.key for old, new in sorted(both, key=lambda pair: pair[0].index)]
    new_order = [new.key for _old, new in sorted(both, key=lambda pair: pair[1].index)]
    sentence = says.format(", ".join(tick(key) for key in new_order))
    return Change(
        "changed",
        entity,
        path,
        path,
        fields=(FieldChange("order", old_order, new_order, says=sentence),),
    )


def _section(name: str, title: str, changes: list[Change | None]) -> Section:
    return Section(name, title, tuple(c for c in changes if c is not None))


# Campaign


def compare_campaign(pair: Pair) -> Section:
    """The campaign's own fields, its template variables and its KPIs."""
    old, new = pair.old.campaign, pair.new.campaign
    fields = Fields()
    fields.value("id", old.id, new.id, arrow("campaign id"))
    fields.texts(old, new, _CAMPAIGN_TEXT[:3])
    fields.value("start", old.start, new.start, arrow("starts"))
    fields.value("end", old.end, new.end, arrow("ends"))
    fields.value("locale", old.locale, new.locale, arrow("locale"))
    fields.mapping("vars", old.vars, new.vars, text=True)
    fields.value("budget", old.budget, new.budget, arrow("budget"))
    fields.value("currency", old.currency, new.currency, arrow("currency"))
    fields.text("notes", old.notes, new.notes)
    _ignore(fields, old.ignore, new.ignore)
    changes: list[Change | None] = []
    if fields:
        changes.append(
            Change(
                "changed",
                "campaign",
                new.id,
                "campaign",
                name=new.name,
                fields=tuple(fields.changes),
            )
        )
    for pairing in pair.kpis.pairings:
        kpi_old, kpi_new = _sides(pairing)
        kpi_fields = Fields()
        if kpi_old is not None and kpi_new is not None:
            kpi_fields.texts(kpi_old, kpi_new, _KPI_TEXT)
            kpi_fields.value("target", kpi_old.target, kpi_new.target, arrow("target"))
            kpi_fields.value(
                "stage",
                pair.renames.one(pair.renames.stage, kpi_old.stage),
                kpi_new.stage,
                arrow("stage"),
            )
        changes.append(_change(pairing, "kpi", f"campaign.kpis[{pairing.key}]", kpi_fields))
    return _section("campaign", "Campaign", changes)


def _ignore(fields: Fields, old: list[str], new: list[str]) -> None:
    fields.ids("ignore", old, new, "now ignores {}", "no longer ignores {}")


# Personas and channels


def compare_personas(pair: Pair) -> Section:
    """Personas added, removed, renamed, and every field of those in both plans."""
    changes: list[Change | None] = []
    for pairing in pair.personas.pairings:
        old, new = _sides(pairing)
        fields = Fields()
        says: tuple[str, ...] = ()
        if old is not None and new is not None:
            fields.texts(old, new, _PERSONA_TEXT[:2])
            fields.value("lifecycle", old.lifecycle, new.lifecycle, arrow("lifecycle"))
            fields.value("size", old.size, new.size, arrow("audience size"))
            fields.value("locale", old.locale, new.locale, arrow("locale"))
            fields.mapping("demographics", old.demographics, new.demographics, text=True)
            for name in _PERSONA_LISTS:
                fields.items(name, getattr(old, name), getattr(new, name))
            fields.ids(
                "preferred_channels",
                old.preferred_channels,
                new.preferred_channels,
                "now prefers {}",
                "no longer prefers {}",
            )
            fields.mapping("profile", old.profile, new.profile, text=True)
            fields.text("notes", old.notes, new.notes)
            _ignore(fields, old.ignore, new.ignore)
        elif new is not None:
            says = (_persona_summary(new),)
        changes.append(_change(pairing, "persona", f"personas[{pairing.key}]", fields, says=says))
    return _section("personas", "Personas", changes)


def _persona_summary(persona: Persona) -> str:
    parts = [f"lifecycle {tick(persona.lifecycle)}"]
    if persona.locale:
        parts.append(f"locale {tick(persona.locale)}")
    if persona.size is not None:
        parts.append(f"audience {number(persona.size)}")
    return ", ".join(parts)


def compare_channels(pair: Pair) -> Section:
    """Channels added, removed, renamed, and their kind, name, owner and sender."""
    changes: list[Change | None] = []
    for pairing in pair.channels.pairings:
        old, new = _sides(pairing)
        fields = Fields()
        says: tuple[str, ...] = ()
        if old is not None and new is not None:
            fields.value("kind", old.kind, new.kind, arrow("kind"))
            fields.texts(old, new, _CHANNEL_TEXT)
            _ignore(fields, old.ignore, new.ignore)
        elif new is not None:
            says = (f"kind {tick(new.kind)}",)
        changes.append(_change(pairing, "channel", f"channels[{pairing.key}]", fields, says=says))
    return _section("channels", "Channels", changes)


# The journey: stages and the planned cells of each persona


def compare_journey(pair: Pair) -> Section:
    """The journey's stages, their order, and each persona's planned cells (``map``)."""
    changes: list[Change | None] = []
    for pairing in pair.stages.pairings:
        old, new = _sides(pairing)
        fields = Fields()
        if old is not None and new is not None:
            fields.texts(old, new, _STAGE_TEXT)
            _ignore(fields, old.ignore, new.ignore)
        changes.append(_change(pairing, "stage", f"stages[{pairing.key}]", fields))
    changes.append(_order(pair.stages, "stage order", "stages", "the stages now come in order {}"))
    old_map = _translated_map(pair.old, pair.renames)
    new_map = {p: {s: list(c) for s, c in row.items()} for p, row in pair.new.map.items()}
    stage_order = [s.id for s in pair.new.journey()]
    persona_ids = [p.id for p in pair.new.personas]
    rows = _ordered([*new_map, *(p for p in old_map if p not in new_map)], persona_ids)
    for persona_id in rows:
        old_row, new_row = old_map.get(persona_id, {}), new_map.get(persona_id, {})
        fields = Fields()
        stages = _ordered([*new_row, *(s for s in old_row if s not in new_row)], stage_order)
        for stage_id in stages:
            fields.ids(
                stage_id,
                list(dict.fromkeys(old_row.get(stage_id, []))),
                list(dict.fromkeys(new_row.get(stage_id, []))),
                f"planned {{}} in {tick(stage_id)}",
                f"unplanned {{}} in {tick(stage_id)}",
            )
        if fields:
            changes.append(
                Change(
                    "changed",
                    "journey",
                    persona_id,
                    f"map.{persona_id}",
                    fields=tuple(fields.changes),
                )
            )
    return _section("journey", "Journey", changes)


def _translated_map(plan: Plan, renames: Renames) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for persona_id, row in plan.map.items():
        target = out.setdefault(renames.persona.get(persona_id, persona_id), {})
        for stage_id, cells in row.items():
            stage = renames.stage.get(stage_id, stage_id)
            target.setdefault(stage, []).extend(renames.ids(renames.channel, cells))
    return out


def _ordered(keys: list[str], order: list[str]) -> list[str]:
    rank = {key: index for index, key in enumerate(order)}
    return sorted(dict.fromkeys(keys), key=lambda key: rank.get(key, len(rank)))


# Touchpoints


def compare_touchpoints(pair: Pair) -> Section:
    """Touchpoints added, removed, renamed, moved (stage, channel, personas) and re-timed."""
    changes: list[Change | None] = []
    r = pair.renames
    for pairing in pair.touchpoints.pairings:
        if pair.unchanged(pairing):
            continue
        old, new = _sides(pairing)
        fields = Fields()
        says: tuple[str, ...] = ()
        if old is not None and new is not None:
            fields.text("name", old.name, new.name)
            fields.ids(
                "personas",
                r.ids(r.persona, old.personas),
                new.personas,
                "now also reaches {}",
                "no longer reaches {}",
            )
            fields.value(
                "stage",
                r.one(r.stage, old.stage),
                new.stage,
                lambda a, b: f"moved from stage {tick(a)} to {tick(b)}",
            )
            fields.value(
                "channel",
                r.one(r.channel, old.channel),
                new.channel,
                lambda a, b: f"moved from channel {tick(a)} to {tick(b)}",
            )
            fields.value(
                "trigger",
                r.one(r.event, old.trigger),
                new.trigger,
                one_of(
                    "now starts on {new}", "no longer starts on {old}", "starts on {new}, not {old}"
                ),
            )
            fields.value(
                "after",
                r.one(r.touchpoint, old.after),
                new.after,
                one_of(
                    "now starts after {new}",
                    "no longer starts after {old}",
                    "starts after {new}, not {old}",
                ),
            )
            fields.value(
                "delay",
                old.delay,
                new.delay,
                one_of("now waits {new}", "no longer waits {old}", "waits {new}, not {old}"),
            )
            fields.ids(
                "exit_on",
                r.ids(r.event, old.exit_on),
                new.exit_on,
                "now stops on {}",
                "no longer stops on {}",
            )
            fields.text("notes", old.notes, new.notes)
            _ignore(fields, old.ignore, new.ignore)
        elif new is not None:
            says = (_touchpoint_summary(new),)
        elif old is not None:
            says = (f"with its {_count(len(old.variants), 'variant')}",)
        changes.append(
            _change(pairing, "touchpoint", f"touchpoints[{pairing.key}]", fields, says=says)
        )
    changes.append(
        _order(
            pair.touchpoints,
            "touchpoint order",
            "touchpoints",
            "the touchpoints now come in order {} (the order breaks ties in the journey walk)",
        )
    )
    return _section("touchpoints", "Touchpoints", changes)


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _touchpoint_summary(touchpoint: Touchpoint) -> str:
    parts = [
        f"on {tick(touchpoint.channel)} in {tick(touchpoint.stage)} for "
        f"{ticks(touchpoint.personas)}"
    ]
    if touchpoint.trigger:
        parts.append(f"starts on {tick(touchpoint.trigger)}")
    if touchpoint.after:
        parts.append(f"starts after {tick(touchpoint.after)}")
    if touchpoint.delay:
        parts.append(f"waits {tick(touchpoint.delay)}")
    if touchpoint.exit_on:
        parts.append(f"stops on {ticks(touchpoint.exit_on)}")
    parts.append(_count(len(touchpoint.variants), "variant"))
    if touchpoint.experiment is not None and touchpoint.experiment.control:
        parts.append(f"a control group of {number(touchpoint.experiment.control)}%")
    return "; ".join(parts)


# Variants: copy, measurements, findings


def _own_findings(pair: Pair) -> dict[tuple[str, str], list[FindingChange]]:
    """Finding changes inside a variant, but for the brand voice's, by (touchpoint, variant)."""
    out: dict[tuple[str, str], list[FindingChange]] = {}
    for found in pair.finding_changes:
        where = variant_of(found.path)
        if where is not None and not found.code.startswith(BRAND_PREFIX):
            out.setdefault(where, []).append(found)
    return out


def compare_variants(pair: Pair) -> Section:
    """Variants added, removed, renamed; copy changed (word diffs); measurements that moved
    (characters, SMS encoding and segments, per persona); findings that appeared or went away.

    Variants of an added touchpoint are listed as added, with their copy; those of a removed
    touchpoint leave with it.
    """
    findings = _own_findings(pair)
    with_findings = {t_key for t_key, _ in findings}
    changes: list[Change | None] = []
    for t_pairing in pair.touchpoints.pairings:
        if t_pairing.new is None:
            continue
        t_key = t_pairing.key
        if t_key not in pair.stale and t_key not in with_findings and pair.unchanged(t_pairing):
            continue
        matched = pair.variants.get(t_key)
        pairings: tuple[Pairing[Variant], ...] = (
            matched.pairings
            if matched is not None
            else tuple(Pairing(None, v) for v in keyed(t_pairing.new.item.variants))
        )
        for pairing in pairings:
            old, new = _sides(pairing)
            fields = Fields()
            if new is not None:
                fields.value(
                    "locale",
                    old.locale if old is not None else None,
                    new.locale,
                    arrow("locale") if old is not None else None,
                )
                fields.texts(old, new, _VARIANT_TEXT)
                if old is not None:
                    _ignore(fields, old.ignore, new.ignore)
            measures: tuple[MeasureChange, ...] = ()
            if pairing.new is not None and t_key in pair.stale:
                measures = _measures(pair, t_pairing, pairing)
            changes.append(
                _change(
                    pairing,
                    "variant",
                    f"touchpoints[{t_key}].variants[{pairing.key}]",
                    fields,
                    parent=t_key,
                    measures=measures,
                    findings=tuple(findings.get((t_key, pairing.key), ())),
                )
            )
    return _section("variants", "Variants", changes)


def _measured(
    pair: Pair, old_side: bool, t_keyed: Keyed[Touchpoint], v_keyed: Keyed[Variant]
) -> dict[str, dict[str, Measured]]:
    ctx = pair.contexts[0 if old_side else 1]
    renames = pair.renames.persona if old_side else {}
    out: dict[str, dict[str, Measured]] = {}
    for rendering in ctx.renderings(t_keyed.index, v_keyed.index):
        out[renames.get(rendering.persona, rendering.persona)] = rendering.fields
    return out


def _measures(
    pair: Pair, t_pairing: Pairing[Touchpoint], v_pairing: Pairing[Variant]
) -> tuple[MeasureChange, ...]:
    assert t_pairing.new is not None
    assert v_pairing.new is not None
    new = _measured(pair, False, t_pairing.new, v_pairing.new)
    old: dict[str, dict[str, Measured]] = {}
    if t_pairing.old is not None and v_pairing.old is not None:
        old = _measured(pair, True, t_pairing.old, v_pairing.old)
    out: list[MeasureChange] = []
    for field in CONTENT_FIELDS:
        for persona in [*new, *(p for p in old if p not in new)]:
            was, now = old.get(persona, {}).get(field), new.get(persona, {}).get(field)
            if now is None:
                continue
            for measure, old_value, new_value in _figures(was, now):
                if old_value != new_value:
                    out.append(MeasureChange(field, persona, measure, old_value, new_value))
    return tuple(out)


def _figures(was: Measured | None, now: Measured) -> list[tuple[str, Any, Any]]:
    figures: list[tuple[str, Any, Any]] = [
        ("characters", was.characters if was else None, now.characters)
    ]
    if now.weighted is not None:
        figures.append(("weighted_characters", was.weighted if was else None, now.weighted))
    if now.sms is not None:
        old_sms = was.sms if was is not None else None
        figures.append(("encoding", old_sms.encoding if old_sms else None, now.sms.encoding))
        figures.append(("segments", old_sms.segments if old_sms else None, now.sms.segments))
    return figures


# Experiments


def shares(touchpoint: Touchpoint) -> dict[str, float | None]:
    """Return each variant's share of the audience in percent (format, section 11): its weight,
    or an equal part of what the control group leaves when the variants have no weights."""
    control = touchpoint.experiment.control if touchpoint.experiment is not None else 0
    weights = [v.weight for v in touchpoint.variants]
    if all(w is None for w in weights):
        equal = (100 - control) / len(touchpoint.variants)
        return {v.id: equal for v in touchpoint.variants}
    return {v.id: v.weight for v in touchpoint.variants}


def _control(touchpoint: Touchpoint) -> float:
    return touchpoint.experiment.control if touchpoint.experiment is not None else 0


def compare_experiments(pair: Pair) -> Section:
    """Each touchpoint's experiment: the control group, the split between variants, the metric,
    hypothesis, baseline and minimum detectable effect."""
    changes: list[Change | None] = []
    for old_keyed, new_keyed in pair.touchpoints.both():
        if pair.unchanged(Pairing(old_keyed, new_keyed)):
            continue
        old, new = old_keyed.item, new_keyed.item
        t_key = new_keyed.key
        fields = Fields()
        says: list[str] = []
        if (old.experiment is None) != (new.experiment is None):
            says.append(
                "now runs an experiment"
                if old.experiment is None
                else "no longer runs an experiment"
            )
        old_exp, new_exp = old.experiment or Experiment(), new.experiment or Experiment()
        fields.value(
            "control",
            old_exp.control,
            new_exp.control,
            lambda a, b: f"the control group holds {number(b)}% of the audience, not {number(a)}%",
        )
        fields.value(
            "metric",
            pair.renames.one(pair.renames.kpi, old_exp.metric),
            new_exp.metric,
            arrow("judged on"),
        )
        fields.text("hypothesis", old_exp.hypothesis, new_exp.hypothesis)
        fields.value("baseline", old_exp.baseline, new_exp.baseline, arrow("baseline"))
        fields.value("mde", old_exp.mde, new_exp.mde, arrow("minimum detectable effect"))
        renamed = {
            old_id: new_id for (t, old_id), new_id in pair.renames.variant.items() if t == t_key
        }
        old_shares = {renamed.get(k, k): v for k, v in shares(old).items()}
        new_shares = shares(new)
        moved = {
            v: (old_shares[v], new_shares[v])
            for v in new_shares
            if v in old_shares and old_shares[v] != new_shares[v]
        }
        sentences = _share_sentences(moved, _control(new) - _control(old))
        for variant_id, (was, now) in moved.items():
            fields.changes.append(
                FieldChange(f"variants[{variant_id}].share", was, now, says=sentences[variant_id])
            )
        if says or fields:
            changes.append(
                Change(
                    "changed",
                    "experiment",
                    t_key,
                    f"touchpoints[{t_key}].experiment",
                    name=new.name,
                    says=tuple(says),
                    fields=tuple(fields.changes),
                )
            )
    return _section("experiments", "Experiments", changes)


def _share_sentences(
    moved: dict[str, tuple[float | None, float | None]], control: float
) -> dict[str, str]:
    """Say who gained or lost audience, and to or from the control group when it took it."""
    known = {
        v: (was, now) for v, (was, now) in moved.items() if was is not None and now is not None
    }
    deltas = {v: now - was for v, (was, now) in known.items()}
    to_control = (
        control != 0
        and bool(deltas)
        and len(deltas) == len(moved)
        and all((d < 0) == (control > 0) for d in deltas.values())
        and abs(sum(-d for d in deltas.values()) - control) < 1e-9
    )
    out: dict[str, str] = {}
    for variant_id, (was, now) in moved.items():
        if variant_id not in known:
            out[variant_id] = (
                f"variant {tick(variant_id)}: weight {_percent(was)} → {_percent(now)}"
            )
            continue
        delta = deltas[variant_id]
        figures = f"({_percent(was)} → {_percent(now)})"
        if to_control:
            verb, where = ("lost", "to") if delta < 0 else ("gained", "from")
            out[variant_id] = (
                f"variant {tick(variant_id)} {verb} {number(abs(delta))}% of the audience "
                f"{where} the control group {figures}"
            )
        else:
            verb = "gains" if delta > 0 else "loses"
            out[variant_id] = (
                f"variant {tick(variant_id)} {verb} {number(abs(delta))}% of the audience {figures}"
            )
    return out


def _percent(value: float | None) -> str:
    return "none" if value is None else f"{number(value)}%"


# Policies, events, scenarios


_POLICY_NAMES: Final = ("frequency_cap", "quiet_hours", "min_gap")


def compare_policies(pair: Pair) -> Section:
    """The frequency cap, quiet hours and minimum gap: added, removed, or changed."""
    old_policies = pair.old.policies or Policies()
    new_policies = pair.new.policies or Policies()
    changes: list[Change | None] = []
    for name in _POLICY_NAMES:
        old, new = getattr(old_policies, name), getattr(new_policies, name)
        if plain(old) == plain(new):
            continue
        kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
        fields = Fields()
        if name == "min_gap":
            fields.value("min_gap", old, new, arrow("the least time between two messages:"))
        elif isinstance(old or new, FrequencyCap):
            _cap_fields(fields, old, new)
        else:
            _quiet_fields(fields, old, new)
        changes.append(
            Change(kind, "policy", name, f"policies.{name}", fields=tuple(fields.changes))
        )
    return _section("policies", "Policies", changes)


def _cap_fields(fields: Fields, old: FrequencyCap | None, new: FrequencyCap | None) -> None:
    fields.value("max", old and old.max, new and new.max, arrow("at most (messages)"))
    fields.value("per", old and old.per, new and new.per, arrow("per"))
    fields.ids(
        "kinds",
        old.kinds if old else [],
        new.kinds if new else [],
        "now counts {}",
        "no longer counts {}",
    )
    fields.value("action", old and old.action, new and new.action, arrow("over the cap:"))


def _quiet_fields(fields: Fields, old: QuietHours | None, new: QuietHours | None) -> None:
    fields.value("start", old and old.start, new and new.start, arrow("from"))
    fields.value("end", old and old.end, new and new.end, arrow("until"))
    fields.ids(
        "kinds",
        old.kinds if old else [],
        new.kinds if new else [],
        "now holds back {}",
        "no longer holds back {}",
    )
    fields.value("action", old and old.action, new and new.action, arrow("in the window:"))


def compare_events(pair: Pair) -> Section:
    """Events added, removed, renamed, and their name, properties and rates."""
    changes: list[Change | None] = []
    r = pair.renames
    for pairing in pair.events.pairings:
        old, new = _sides(pairing)
        fields = Fields()
        if old is not None and new is not None:
            fields.text("name", old.name, new.name)
            fields.ids(
                "properties",
                old.properties,
                new.properties,
                "now carries {}",
                "no longer carries {}",
            )
            fields.value("rate", old.rate, new.rate, arrow("rate"))
            old_rates = {r.persona.get(k, k): v for k, v in old.rates.items()}
            fields.mapping("rates", old_rates, new.rates)
            fields.text("notes", old.notes, new.notes)
            _ignore(fields, old.ignore, new.ignore)
        changes.append(_change(pairing, "event", f"events[{pairing.key}]", fields))
    return _section("events", "Events", changes)


def _steps(scenario: Scenario, renames: dict[str, str]) -> list[dict[str, str]]:
    return [{"event": renames.get(s.event, s.event), "at": s.at} for s in scenario.events]


def _step_change(old: list[dict[str, str]], new: list[dict[str, str]]) -> FieldChange | None:
    added, removed = multiset_delta(old, new)
    if not added and not removed:
        return None
    parts = []
    if added:
        parts.append("now does " + ", ".join(_step(s) for s in added))
    if removed:
        parts.append("no longer does " + ", ".join(_step(s) for s in removed))
    return FieldChange("events", old, new, says="; ".join(parts))


def _step(step: dict[str, str]) -> str:
    return f"{tick(step['event'])} at {tick(step['at'])}"


def compare_scenarios(pair: Pair) -> Section:
    """Scenarios as defined: their persona, start, events and expectations."""
    changes: list[Change | None] = []
    r = pair.renames
    for pairing in pair.scenarios.pairings:
        old, new = _sides(pairing)
        fields = Fields()
        if old is not None and new is not None:
            fields.text("name", old.name, new.name)
            fields.value("persona", r.one(r.persona, old.persona), new.persona, arrow("persona"))
            fields.value("start", old.start, new.start, arrow("enters at"))
            steps = _step_change(_steps(old, r.event), _steps(new, {}))
            if steps is not None:
                fields.changes.append(steps)
            old_expect, new_expect = old.expect or Expectation(), new.expect or Expectation()
            fields.ids(
                "expect.sent",
                r.ids(r.touchpoint, old_expect.sent),
                new_expect.sent,
                "now expects {} to reach the customer",
                "no longer expects {} to reach the customer",
            )
            fields.ids(
                "expect.not_sent",
                r.ids(r.touchpoint, old_expect.not_sent),
                new_expect.not_sent,
                "now expects {} not to reach the customer",
                "no longer expects {} not to reach the customer",
            )
            fields.text("notes", old.notes, new.notes)
            _ignore(fields, old.ignore, new.ignore)
        changes.append(_change(pairing, "scenario", f"scenarios[{pairing.key}]", fields))
    return _section("scenarios", "Scenarios", changes)


# Findings that belong to no entity shown above


def compare_brand_voice(pair: Pair) -> Section:
    """Brand-voice findings (XC6xx) that appeared, went away or changed."""
    found = tuple(f for f in pair.finding_changes if f.code.startswith(BRAND_PREFIX))
    return Section("brand_voice", "Brand voice", findings=found)


def compare_findings(pair: Pair) -> Section:
    """Every other finding that moved and is not inside a variant (those are the variant's)."""
    found = tuple(
        f
        for f in pair.finding_changes
        if not f.code.startswith(BRAND_PREFIX) and variant_of(f.path) is None
    )
    return Section("findings", "Other findings", findings=found)


COMPARERS: Final[tuple[Comparer, ...]] = (
    compare_campaign,
    compare_personas,
    compare_channels,
    compare_journey,
    compare_touchpoints,
    compare_variants,
    compare_experiments,
    compare_policies,
    compare_events,
    compare_scenarios,
    compare_walks,
    compare_brand_voice,
    compare_findings,
)
"""The sections of a plan diff, in the order they are shown."""

COMPARED: Final[dict[type[BaseModel], frozenset[str]]] = {
    Plan: frozenset(
        {
            "xcplan",
            "campaign",
            "personas",
            "channels",
            "stages",
            "map",
            "touchpoints",
            "policies",
            "events",
            "scenarios",
        }
    ),
    Campaign: frozenset(
        {"id", *_CAMPAIGN_TEXT, "start", "end", "locale", "vars", "kpis", "budget", "currency"}
        | {"ignore"}
    ),
    Kpi: frozenset({"id", *_KPI_TEXT, "target", "stage"}),
    Persona: frozenset(
        {"id", *_PERSONA_TEXT, *_PERSONA_LISTS, "lifecycle", "size", "locale", "demographics"}
        | {"preferred_channels", "profile", "ignore"}
    ),
    Channel: frozenset({"id", "kind", *_CHANNEL_TEXT, "ignore"}),
    Stage: frozenset({"id", *_STAGE_TEXT, "ignore"}),
    Touchpoint: frozenset(
        {"id", *_TOUCHPOINT_TEXT, "personas", "stage", "channel", "trigger", "after", "delay"}
        | {"exit_on", "experiment", "variants", "ignore"}
    ),
    Experiment: frozenset({"control", "metric", "hypothesis", "baseline", "mde"}),
    Variant: frozenset({"id", "weight", "locale", *_VARIANT_TEXT, "ignore"}),
    Policies: frozenset(_POLICY_NAMES),
    FrequencyCap: frozenset({"max", "per", "kinds", "action"}),
    QuietHours: frozenset({"start", "end", "kinds", "action"}),
    Event: frozenset({"id", *_EVENT_TEXT, "properties", "rate", "rates", "ignore"}),
    Scenario: frozenset({"id", *_SCENARIO_TEXT, "persona", "start", "events", "expect", "ignore"}),
    ScenarioEvent: frozenset({"event", "at"}),
    Expectation: frozenset({"sent", "not_sent"}),
}
"""The fields of each model that the comparers read (a test holds this to the models)."""
