"""Edits of the campaign: its fields, variables and KPIs.

Each edit returns an ``Edit``; it raises ``EditError`` when the data is invalid or an id is
taken, and ``IndexError`` for a KPI position that does not exist.
"""

from __future__ import annotations

from typing import Any

from xcplan.edit.change import Edit, replace_at, updated, without_at
from xcplan.edit.entities import EditError, check_entity, check_unique, entity
from xcplan.model.plan import Campaign, Kpi, Plan, Touchpoint


def set_campaign(plan: Plan, data: dict[str, Any]) -> Edit[Campaign]:
    """Replace the campaign with ``data`` (its KPIs included); the result is the campaign."""
    campaign, errors = check_entity("campaign", data)
    if campaign is None:
        raise EditError.of(errors)
    if campaign == plan.campaign:
        return Edit(plan, "Edit campaign", plan.campaign)
    return Edit(updated(plan, campaign=campaign), "Edit campaign", campaign)


def set_campaign_field(plan: Plan, name: str, value: Any) -> Edit[Campaign]:
    """Set one field of the campaign (None removes it); see ``set_campaign``."""
    data = plan.campaign.model_dump()
    if value is None:
        data.pop(name, None)
    else:
        data[name] = value
    return set_campaign(plan, data)


def _with_kpis(plan: Plan, kpis: list[Kpi], **parts: Any) -> Plan:
    return updated(plan, campaign=plan.campaign.model_copy(update={"kpis": kpis}), **parts)


def add_kpi(plan: Plan, data: dict[str, Any] | Kpi) -> Edit[Kpi]:
    """Add a KPI at the end."""
    kpi: Kpi = entity("kpis", data)
    kpis = plan.campaign.kpis
    check_unique("KPI", kpi.id, (k.id for k in kpis))
    return Edit(_with_kpis(plan, [*kpis, kpi]), f"Add KPI {kpi.id}", kpi)


def _rename_metric(touchpoint: Touchpoint, old: str, new: str) -> Touchpoint:
    experiment = touchpoint.experiment
    if experiment is None or experiment.metric != old:
        return touchpoint
    return touchpoint.model_copy(
        update={"experiment": experiment.model_copy(update={"metric": new})}
    )


def update_kpi(plan: Plan, index: int, data: dict[str, Any] | Kpi) -> Edit[Kpi]:
    """Replace the KPI at ``index``; experiments that measured its old id follow a rename."""
    kpis = plan.campaign.kpis
    old = kpis[index]
    kpi: Kpi = entity("kpis", data)
    check_unique("KPI", kpi.id, (k.id for k in kpis), old.id)
    label = f"Edit KPI {kpi.id}"
    if kpi == old:
        return Edit(plan, label, kpi)
    touchpoints = plan.touchpoints
    if kpi.id != old.id:
        touchpoints = [_rename_metric(t, old.id, kpi.id) for t in touchpoints]
    return Edit(_with_kpis(plan, replace_at(kpis, index, kpi), touchpoints=touchpoints), label, kpi)


def delete_kpi(plan: Plan, index: int) -> Edit[Kpi]:
    """Delete the KPI at ``index`` (experiments measuring it are flagged by the linter)."""
    kpis = plan.campaign.kpis
    kpi = kpis[index]
    return Edit(_with_kpis(plan, without_at(kpis, index)), f"Delete KPI {kpi.id}", kpi)
