"""Chart 8: impressions and clicks of the top creatives.

The ranking (impressions, then clicks, then the lower creative id) and the LIMIT run in
the database over ``creative_daily_metrics`` (the largest table: ~90 rows per creative
per quarter), so only 15 grouped rows come back. Grouping is by ``creative_id`` alone
(a creative belongs to one account, taken as MIN), which SQLite does in primary-key
order without a temporary B-tree. Names are joined afterwards with LEFT
JOINs: a creative the listing did not return still ranks, as "Creative <id> (not
listed)".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from report.campaigns import campaign_label
from report.filters import ReportFilter
from report.metrics import ctr
from report.sql import (
    CAMPAIGNS,
    CREATIVE_METRICS,
    CREATIVES,
    Db,
    as_int,
    connect,
    metric_conditions,
    total,
)

TOP_CREATIVES = 15
LABEL_SEPARATOR = " · "


def creative_label(
    creative_id: int, name: str | None, listed: bool, campaign_name: str | None
) -> str:
    """ "<name> · <campaign>", "Creative <id> · <campaign>" or "Creative <id> (not listed)".

    Creatives are often unnamed (LinkedIn names them after the post), so the campaign
    name is what makes two "Creative 123…" bars tell apart; it is added when known.
    """
    if not listed:
        return f"Creative {creative_id} (not listed)"
    own = (name or "").strip() or f"Creative {creative_id}"
    return own if campaign_name is None else f"{own}{LABEL_SEPARATOR}{campaign_name}"


@dataclass(frozen=True)
class CreativeBar:
    """One creative. ``campaign_id``/``campaign_name`` are None when not known."""

    creative_id: int
    account_id: int
    label: str
    name: str | None
    listed: bool
    campaign_id: int | None
    campaign_name: str | None
    impressions: int
    clicks: int

    @property
    def ctr(self) -> Decimal | None:
        return ctr(self.clicks, self.impressions)


@dataclass(frozen=True)
class CreativePerformance:
    """Chart 8: up to 15 creatives, most impressions first. Counts only, no currency."""

    bars: tuple[CreativeBar, ...]

    @property
    def is_empty(self) -> bool:
        return not self.bars


def creative_performance(
    db: Db, flt: ReportFilter, top: int = TOP_CREATIVES
) -> CreativePerformance:
    """Chart 8: the ``top`` creatives by impressions (ties: clicks, then id)."""
    m = CREATIVE_METRICS
    impressions = sa.func.sum(m.c.impressions)
    clicks = sa.func.sum(m.c.clicks)
    ranked = (
        sa.select(
            m.c.creative_id,
            sa.func.min(m.c.account_id).label("account_id"),
            total(m.c.impressions, "impressions"),
            total(m.c.clicks, "clicks"),
        )
        .where(*metric_conditions(m, flt))
        .group_by(m.c.creative_id)
        .having(impressions > 0)
        .order_by(impressions.desc(), clicks.desc(), m.c.creative_id)
        .limit(top)
        .subquery("ranked")
    )
    cr, c = CREATIVES, CAMPAIGNS
    query = (
        sa.select(
            ranked,
            cr.c.id.label("listed_id"),
            cr.c.name.label("creative_name"),
            cr.c.campaign_id.label("listed_campaign_id"),
            c.c.id.label("campaign_listed_id"),
            c.c.name.label("campaign_name"),
        )
        .select_from(ranked)
        .outerjoin(cr, cr.c.id == ranked.c.creative_id)
        .outerjoin(c, c.c.id == cr.c.campaign_id)
        .order_by(
            ranked.c.impressions.desc(),
            ranked.c.clicks.desc(),
            ranked.c.creative_id,
        )
    )
    bars: list[CreativeBar] = []
    with connect(db) as conn:
        for row in conn.execute(query).mappings():
            creative_id = int(row["creative_id"])
            listed = row["listed_id"] is not None
            campaign_id = row["listed_campaign_id"]
            campaign_name = (
                campaign_label(int(campaign_id), row["campaign_name"])
                if row["campaign_listed_id"] is not None
                else None
            )
            bars.append(
                CreativeBar(
                    creative_id=creative_id,
                    account_id=int(row["account_id"]),
                    label=creative_label(creative_id, row["creative_name"], listed, campaign_name),
                    name=row["creative_name"],
                    listed=listed,
                    campaign_id=None if campaign_id is None else int(campaign_id),
                    campaign_name=campaign_name,
                    impressions=as_int(row["impressions"]),
                    clicks=as_int(row["clicks"]),
                )
            )
    return CreativePerformance(tuple(bars))
