"""API models -> table rows (plain dicts keyed by column name).

The one place where LinkedIn's payload shape meets the public schema, so a reader can
check the mapping of every column against ``persistence/tables.py`` in one screen.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkedin.models import (
    ANALYTICS_METRIC_FIELDS,
    MONEY_FIELDS,
    AdAccount,
    AnalyticsElement,
    Campaign,
    CampaignGroup,
    Creative,
    Money,
    element_dates,
    element_metric,
    money_to_micros,
    parse_urn,
)

Row = dict[str, Any]

# The count metrics (money is converted apart): read with one dict lookup each on the
# hot path of a sync (hundreds of thousands of rows).
_COUNT_FIELDS = tuple(
    (api_field, column)
    for api_field, column in ANALYTICS_METRIC_FIELDS.items()
    if api_field not in MONEY_FIELDS
)


def _micros(money: Money | None) -> int | None:
    return money.amount if money is not None else None


def account_row(account: AdAccount, now: datetime) -> Row:
    return {
        "id": account.id,
        "name": account.name,
        "currency": account.currency,
        "status": account.status,
        "type": account.type,
        "test": account.test,
        "reference": account.reference,
        "synced_at": now,
    }


def campaign_group_row(group: CampaignGroup, now: datetime) -> Row:
    schedule = group.run_schedule
    return {
        "id": group.id,
        "account_id": group.account_id,
        "name": group.name,
        "status": group.status,
        "run_start": schedule.start if schedule else None,
        "run_end": schedule.end if schedule else None,
        "total_budget_micros": _micros(group.total_budget),
        "synced_at": now,
    }


def campaign_row(campaign: Campaign, account_currency: str, now: datetime) -> Row:
    schedule = campaign.run_schedule
    money = campaign.daily_budget or campaign.total_budget or campaign.unit_cost
    return {
        "id": campaign.id,
        "account_id": campaign.account_id,
        "campaign_group_id": campaign.campaign_group_id,
        "name": campaign.name,
        "status": campaign.status,
        "type": campaign.type,
        "cost_type": campaign.cost_type,
        "objective_type": campaign.objective_type,
        "optimization_target_type": campaign.optimization_target_type,
        "format": campaign.format,
        "daily_budget_micros": _micros(campaign.daily_budget),
        "total_budget_micros": _micros(campaign.total_budget),
        "unit_cost_micros": _micros(campaign.unit_cost),
        "currency": (money.currency_code if money and money.currency_code else account_currency),
        "offsite_delivery_enabled": campaign.offsite_delivery_enabled,
        "audience_expansion_enabled": campaign.audience_expansion_enabled,
        "run_start": schedule.start if schedule else None,
        "run_end": schedule.end if schedule else None,
        "synced_at": now,
    }


def creative_row(creative: Creative, now: datetime) -> Row:
    return {
        "id": creative.numeric_id,
        "account_id": creative.account_id,
        "campaign_id": creative.campaign_id,
        "name": creative.name,
        "intended_status": creative.intended_status,
        "is_serving": creative.is_serving,
        "content_reference": creative.content_reference,
        "review_status": creative.review_status,
        "created_at": creative.created_at,
        "last_modified_at": creative.last_modified_at,
        "synced_at": now,
    }


def daily_metrics_row(
    element: AnalyticsElement, *, key: str, urn_kind: str, account_id: int
) -> Row:
    """A `campaign_daily_metrics` / `creative_daily_metrics` row from a DAILY element.

    Straight from the validated element (the hot path of a sync). Raises ValueError when
    the element is not one day, its pivot value is not a URN of the expected kind, or an
    amount is out of range (the caller rejects that element and reports it).
    """
    start, end = element_dates(element)
    if start != end:
        raise ValueError("a DAILY element must cover exactly one day")
    values: Row = {
        key: parse_urn(element["pivotValues"][0], urn_kind),
        "date": start,
        "account_id": account_id,
        "spend_micros": money_to_micros(element.get("costInLocalCurrency", "0")),
        "spend_usd_micros": money_to_micros(element.get("costInUsd", "0")),
    }
    get = element.get
    for api_field, column in _COUNT_FIELDS:
        values[column] = get(api_field, 0)
    return values


def demographics_row(
    element: AnalyticsElement, *, account_id: int, pivot: str, segment_name: str | None
) -> Row:
    start, end = element_dates(element)
    return {
        "account_id": account_id,
        "pivot": pivot,
        "segment_urn": element["pivotValues"][0],
        "date_start": start,
        "date_end": end,
        "segment_name": segment_name,
        "impressions": element_metric(element, "impressions"),
        "clicks": element_metric(element, "clicks"),
        "spend_micros": element_metric(element, "costInLocalCurrency"),
    }
