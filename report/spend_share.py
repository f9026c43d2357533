"""Chart 4: how spend is distributed over campaigns (top 7 + "Other").

plotext has no pie, so the screen draws a 100 % stacked bar or labelled bars; either
way it needs slices whose shares add up to exactly 1. Only campaigns with positive
spend are slices: a campaign whose credits exceed its cost in the range (net negative
spend) has no meaningful share of spend.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from report.campaigns import CampaignRef, CampaignSums, by_spend, load_campaign_sums
from report.filters import ReportFilter
from report.metrics import ratio
from report.scope import MoneyBasis, money_basis
from report.sql import Db, connect

TOP_SLICES = 7
OTHER_LABEL = "Other"


@dataclass(frozen=True)
class SpendSlice:
    """A campaign's share, or the "Other" slice (``campaign`` None, ``campaigns`` > 1)."""

    label: str
    campaign: CampaignRef | None
    spend_micros: int
    share: Decimal
    campaigns: int


@dataclass(frozen=True)
class SpendDistribution:
    """Chart 4: slices ordered by spend, "Other" last; money in ``money.currency``."""

    money: MoneyBasis
    slices: tuple[SpendSlice, ...]
    total_spend_micros: int

    @property
    def is_empty(self) -> bool:
        return not self.slices


def _share(part: int, whole: int) -> Decimal:
    value = ratio(part, whole)
    assert value is not None  # whole > 0 whenever there is a slice
    return value


def distribution_from(
    rows: tuple[CampaignSums, ...], basis: MoneyBasis, top: int = TOP_SLICES
) -> SpendDistribution:
    """Chart 4 from already loaded campaign sums (see ``report.bundle``)."""
    ranked = by_spend(rows)
    whole = sum(row.totals.spend_micros for row in ranked)
    slices = [
        SpendSlice(
            row.campaign.label,
            row.campaign,
            row.totals.spend_micros,
            _share(row.totals.spend_micros, whole),
            1,
        )
        for row in ranked[:top]
    ]
    rest = ranked[top:]
    if rest:
        other = sum(row.totals.spend_micros for row in rest)
        slices.append(SpendSlice(OTHER_LABEL, None, other, _share(other, whole), len(rest)))
    return SpendDistribution(money=basis, slices=tuple(slices), total_spend_micros=whole)


def spend_distribution(db: Db, flt: ReportFilter, top: int = TOP_SLICES) -> SpendDistribution:
    """Chart 4: the ``top`` campaigns by spend, the rest summed as "Other"."""
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        rows = load_campaign_sums(conn, flt, basis)
    return distribution_from(rows, basis, top)
