"""The small fixed dataset every report test reads, and helpers to build other ones.

The numbers are chosen so that the expected values in the tests can be worked out by
hand (they are written there as literals, never recomputed with report code).

TODAY is Thursday 2025-11-20 (UTC), so the presets are
  last 7 days  = 2025-11-13 .. 2025-11-19
  last 30 days = 2025-10-21 .. 2025-11-19
  last 90 days = 2025-08-22 .. 2025-11-19

Accounts: 1 "Acme EU" (EUR), 2 "Acme Japan" (JPY), 3 "Acme DE" (EUR).

Campaigns (id, account, status, settings):
  11  acct 1  ACTIVE  "Lead Gen DACH"   CPM, MAX_LEAD, daily €100, Audience Network on
  12  acct 1  PAUSED  "Brand Awareness" no daily budget, both flags on (ignored: paused)
  13  acct 1  (not listed: metrics only)
  21  acct 2  ACTIVE  "Tokyo Launch"    CPC, NONE, bid ¥500, daily ¥50,000, Expansion on
  31  acct 3  ACTIVE  "Retargeting DE"  CPC, no target, no bid, daily €200
  32  acct 3  ACTIVE  "Cost Cap DE"     CPM, TARGET_COST_PER_CLICK, bid €5, no metrics

Campaign daily rows (impressions, clicks, spend local, spend USD, lpc, conv, leads,
likes, comments, shares, follows):
  11 2025-10-01  2000  10  €30   $33   8 0 1   0 0 0 0
  11 2025-10-25  1000  10  €20   $22   5 1 0   0 0 0 0
  11 2025-11-18 10000 100  €150  $165 80 5 2  20 5 3 2
  11 2025-11-19  5000  40  €60   $66  30 1 0  10 0 0 0
  11 2025-11-20  1000  10  €10   $11   0 0 0   0 0 0 0
  12 2025-11-15  3000  30  €45   $49.5 20 0 3  6 1 1 0
  13 2025-11-16   500   5  €5    $5.5  3 0 0   0 0 0 0
  21 2025-11-17  8000  80  ¥40,000 $264 60 4 0 4 2 0 1
  21 2025-11-18     0   0  ¥0    $0    0 0 0   0 0 0 0   (a zero row: no delivery)
  31 2025-08-01  1000   5  €10   $11   0 0 0   0 0 0 0
  31 2025-11-14  4000  20  €80   $88  15 2 1   0 0 0 0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from persistence.tables import (
    AdAccount,
    AudienceDemographics,
    Campaign,
    CampaignDailyMetrics,
    Creative,
    CreativeDailyMetrics,
    TargetingEntityName,
)

TODAY = date(2025, 11, 20)
EUR_ACCOUNT, JPY_ACCOUNT, DE_ACCOUNT = 1, 2, 3

Row = Mapping[str, Any]


def table(model: type[SQLModel]) -> sa.Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


def micros(amount: float | int) -> int:
    """Whole or half currency units to micros (test literals only; exact for these)."""
    return round(amount * 1_000_000)


def account(account_id: int, name: str, currency: str) -> dict[str, Any]:
    return {"id": account_id, "name": name, "currency": currency, "status": "ACTIVE"}


def campaign(campaign_id: int, account_id: int, name: str, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": campaign_id,
        "account_id": account_id,
        "name": name,
        "status": "ACTIVE",
        "cost_type": None,
        "optimization_target_type": None,
        "daily_budget_micros": None,
        "unit_cost_micros": None,
        "offsite_delivery_enabled": None,
        "audience_expansion_enabled": None,
    }
    row.update(fields)
    return row


_METRIC_ORDER = (
    "impressions",
    "clicks",
    "spend_micros",
    "spend_usd_micros",
    "landing_page_clicks",
    "conversions",
    "leads",
    "likes",
    "comments",
    "shares",
    "follows",
)


def day(
    entity_key: str, entity_id: int, account_id: int, when: date, *values: int
) -> dict[str, Any]:
    """A daily metrics row; ``values`` follow _METRIC_ORDER, missing ones are 0."""
    row: dict[str, Any] = {entity_key: entity_id, "account_id": account_id, "date": when}
    row.update(dict.fromkeys(_METRIC_ORDER, 0))
    row.update(zip(_METRIC_ORDER, values, strict=False))
    return row


def campaign_day(campaign_id: int, account_id: int, when: date, *values: int) -> dict[str, Any]:
    return day("campaign_id", campaign_id, account_id, when, *values)


def creative_day(creative_id: int, account_id: int, when: date, *values: int) -> dict[str, Any]:
    return day("creative_id", creative_id, account_id, when, *values)


def demographic(
    account_id: int,
    pivot: str,
    segment: str,
    start: date,
    end: date,
    impressions: int,
    clicks: int = 0,
    name: str | None = None,
) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "pivot": pivot,
        "segment_urn": segment,
        "date_start": start,
        "date_end": end,
        "segment_name": name,
        "impressions": impressions,
        "clicks": clicks,
        "spend_micros": 0,
    }


D = date
NOV, OCT = (D(2025, 11, 1), D(2025, 11, 19)), (D(2025, 10, 1), D(2025, 10, 31))

ACCOUNTS = [
    account(EUR_ACCOUNT, "Acme EU", "EUR"),
    account(JPY_ACCOUNT, "Acme Japan", "JPY"),
    account(DE_ACCOUNT, "Acme DE", "EUR"),
]
CAMPAIGNS = [
    campaign(
        11,
        1,
        "Lead Gen DACH",
        cost_type="CPM",
        optimization_target_type="MAX_LEAD",
        daily_budget_micros=micros(100),
        offsite_delivery_enabled=True,
        audience_expansion_enabled=False,
    ),
    campaign(
        12,
        1,
        "Brand Awareness",
        status="PAUSED",
        cost_type="CPM",
        optimization_target_type="MAX_REACH",
        offsite_delivery_enabled=True,
        audience_expansion_enabled=True,
    ),
    campaign(
        21,
        2,
        "Tokyo Launch",
        cost_type="CPC",
        optimization_target_type="NONE",
        unit_cost_micros=micros(500),
        daily_budget_micros=micros(50_000),
        offsite_delivery_enabled=False,
        audience_expansion_enabled=True,
    ),
    campaign(31, 3, "Retargeting DE", cost_type="CPC", daily_budget_micros=micros(200)),
    campaign(
        32,
        3,
        "Cost Cap DE",
        cost_type="CPM",
        optimization_target_type="TARGET_COST_PER_CLICK",
        unit_cost_micros=micros(5),
    ),
]
CAMPAIGN_DAYS = [
    campaign_day(11, 1, D(2025, 10, 1), 2000, 10, micros(30), micros(33), 8, 0, 1),
    campaign_day(11, 1, D(2025, 10, 25), 1000, 10, micros(20), micros(22), 5, 1, 0),
    campaign_day(
        11, 1, D(2025, 11, 18), 10000, 100, micros(150), micros(165), 80, 5, 2, 20, 5, 3, 2
    ),
    campaign_day(11, 1, D(2025, 11, 19), 5000, 40, micros(60), micros(66), 30, 1, 0, 10),
    campaign_day(11, 1, D(2025, 11, 20), 1000, 10, micros(10), micros(11)),
    campaign_day(12, 1, D(2025, 11, 15), 3000, 30, micros(45), micros(49.5), 20, 0, 3, 6, 1, 1),
    campaign_day(13, 1, D(2025, 11, 16), 500, 5, micros(5), micros(5.5), 3),
    campaign_day(
        21, 2, D(2025, 11, 17), 8000, 80, micros(40_000), micros(264), 60, 4, 0, 4, 2, 0, 1
    ),
    campaign_day(21, 2, D(2025, 11, 18)),
    campaign_day(31, 3, D(2025, 8, 1), 1000, 5, micros(10), micros(11)),
    campaign_day(31, 3, D(2025, 11, 14), 4000, 20, micros(80), micros(88), 15, 2, 1),
]
CREATIVES: list[dict[str, Any]] = [
    {"id": 1101, "account_id": 1, "campaign_id": 11, "name": "Spring video"},
    {"id": 1102, "account_id": 1, "campaign_id": 11, "name": None},
    {"id": 1201, "account_id": 1, "campaign_id": 12, "name": "Brand post"},
    {"id": 9999, "account_id": 1, "campaign_id": 99, "name": "Orphan creative"},
    {"id": 2101, "account_id": 2, "campaign_id": 21, "name": "Tokyo banner"},
]
CREATIVE_DAYS = [
    creative_day(1101, 1, D(2025, 10, 25), 1000, 10),
    creative_day(1101, 1, D(2025, 11, 18), 6000, 70),
    creative_day(1101, 1, D(2025, 11, 19), 3000, 20),
    creative_day(1102, 1, D(2025, 11, 18), 4000, 30),
    creative_day(1102, 1, D(2025, 11, 19), 2000, 20),
    creative_day(1201, 1, D(2025, 11, 15), 3000, 30),
    creative_day(9999, 1, D(2025, 11, 15), 3000, 40),
    creative_day(1301, 1, D(2025, 11, 16), 500, 5),
    creative_day(2101, 2, D(2025, 11, 17), 8000, 80),
]
DEMOGRAPHICS = [
    demographic(1, "MEMBER_SENIORITY", "urn:li:seniority:5", *NOV, 6000, 50, name="Senior"),
    demographic(1, "MEMBER_SENIORITY", "urn:li:seniority:4", *NOV, 3000, 20),
    demographic(1, "MEMBER_SENIORITY", "urn:li:seniority:5", *OCT, 1000, 10),
    demographic(1, "MEMBER_SENIORITY", "urn:li:seniority:6", *OCT, 500),
    demographic(1, "MEMBER_COMPANY_SIZE", "SIZE_11_TO_50", *NOV, 2000, 10),
    demographic(1, "MEMBER_COMPANY_SIZE", "SIZE_10001_OR_MORE", *NOV, 1000, 5),
    demographic(2, "MEMBER_SENIORITY", "urn:li:seniority:5", *NOV, 4000, 40),
    demographic(1, "MEMBER_COUNTY", "urn:li:geo:1", *NOV, 100),
]
TARGETING_ENTITIES: list[dict[str, Any]] = [{"urn": "urn:li:seniority:4", "name": "Entry"}]


def insert(engine: sa.Engine, model: type[SQLModel], rows: Sequence[Row]) -> None:
    if rows:
        with engine.begin() as conn:
            conn.execute(sa.insert(table(model)), list(rows))


def load_sample(engine: sa.Engine) -> None:
    """Insert the dataset described in the module docstring."""
    insert(engine, AdAccount, ACCOUNTS)
    insert(engine, Campaign, CAMPAIGNS)
    insert(engine, CampaignDailyMetrics, CAMPAIGN_DAYS)
    insert(engine, Creative, CREATIVES)
    insert(engine, CreativeDailyMetrics, CREATIVE_DAYS)
    insert(engine, AudienceDemographics, DEMOGRAPHICS)
    insert(engine, TargetingEntityName, TARGETING_ENTITIES)
