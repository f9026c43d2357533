"""Chart 3: the top campaigns by a chosen metric.

Ranking rules (also shown by the UI through ``CampaignComparison.rule``):

* Counts and spend (spend, impressions, clicks, conversions): highest first; campaigns
  whose value is 0 (or spend net negative after credits) are not drawn: a zero bar
  says nothing a missing bar does not.
* CTR: highest first, only among campaigns with at least ``MIN_IMPRESSIONS_FOR_CTR``
  impressions. A 50 % CTR on 4 impressions is noise and would push every real campaign
  off the chart.
* CPC: **lowest** (best) first, only among campaigns with at least
  ``MIN_CLICKS_FOR_CPC`` clicks, for the same reason.
* Campaigns with some volume but less than the minimum are counted in
  ``below_minimum`` so the chart can say how many were left out.
* Ties: for ratios the campaign with more volume (impressions for CTR, clicks for CPC)
  first, then the lower campaign id; for counts the lower campaign id. Rankings are
  therefore deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from report.campaigns import CampaignRef, CampaignSums, load_campaign_sums
from report.filters import ReportFilter
from report.formatting import format_count, format_money, format_percent
from report.metrics import Totals
from report.scope import MoneyBasis, money_basis
from report.sql import Db, connect

MIN_IMPRESSIONS_FOR_CTR = 1_000
MIN_CLICKS_FOR_CPC = 10
TOP_CAMPAIGNS = 20


class ComparisonMetric(StrEnum):
    """The metrics the comparison chart can rank by."""

    SPEND = "spend"
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    CTR = "ctr"
    CPC = "cpc"
    CONVERSIONS = "conversions"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def lower_is_better(self) -> bool:
        """True for CPC: its "top" campaigns are the cheapest."""
        return self is ComparisonMetric.CPC


_LABELS = {
    ComparisonMetric.SPEND: "Spend",
    ComparisonMetric.IMPRESSIONS: "Impressions",
    ComparisonMetric.CLICKS: "Clicks",
    ComparisonMetric.CTR: "CTR",
    ComparisonMetric.CPC: "CPC",
    ComparisonMetric.CONVERSIONS: "Conversions",
}


@dataclass(frozen=True)
class ComparisonBar:
    """One bar: ``value`` is micros for spend/CPC, a fraction for CTR, else a count."""

    campaign: CampaignRef
    value: int | Decimal
    text: str


@dataclass(frozen=True)
class CampaignComparison:
    """Chart 3: at most 20 bars, best first; money in ``money.currency``."""

    metric: ComparisonMetric
    money: MoneyBasis
    bars: tuple[ComparisonBar, ...]
    ranked: int
    below_minimum: int
    rule: str

    @property
    def is_empty(self) -> bool:
        return not self.bars


@dataclass(frozen=True)
class _Ranking:
    value: Callable[[Totals], int | Decimal | None]
    volume: Callable[[Totals], int]
    minimum: int
    rule: str


_RANKINGS: dict[ComparisonMetric, _Ranking] = {
    ComparisonMetric.SPEND: _Ranking(
        lambda t: t.spend_micros, lambda t: 0, 0, "Campaigns with spend, most first"
    ),
    ComparisonMetric.IMPRESSIONS: _Ranking(
        lambda t: t.impressions, lambda t: 0, 0, "Campaigns with impressions, most first"
    ),
    ComparisonMetric.CLICKS: _Ranking(
        lambda t: t.clicks, lambda t: 0, 0, "Campaigns with clicks, most first"
    ),
    ComparisonMetric.CONVERSIONS: _Ranking(
        lambda t: t.conversions, lambda t: 0, 0, "Campaigns with conversions, most first"
    ),
    ComparisonMetric.CTR: _Ranking(
        lambda t: t.ctr,
        lambda t: t.impressions,
        MIN_IMPRESSIONS_FOR_CTR,
        f"Campaigns with at least {MIN_IMPRESSIONS_FOR_CTR:,} impressions, highest CTR first",
    ),
    ComparisonMetric.CPC: _Ranking(
        lambda t: t.cpc_micros,
        lambda t: t.clicks,
        MIN_CLICKS_FOR_CPC,
        f"Campaigns with at least {MIN_CLICKS_FOR_CPC:,} clicks, lowest CPC first",
    ),
}


def _text(metric: ComparisonMetric, value: int | Decimal, currency: str) -> str:
    if metric in (ComparisonMetric.SPEND, ComparisonMetric.CPC):
        return format_money(value, currency)
    if metric is ComparisonMetric.CTR:
        return format_percent(Decimal(value))
    return format_count(int(value))


def _rank(
    rows: tuple[CampaignSums, ...], metric: ComparisonMetric
) -> tuple[list[tuple[CampaignSums, int | Decimal]], int]:
    """All eligible campaigns in ranking order with their values, and how many fell
    below the metric's minimum volume (see the module docstring)."""
    ranking = _RANKINGS[metric]
    eligible: list[tuple[CampaignSums, int | Decimal]] = []
    below_minimum = 0
    for row in rows:
        if ranking.minimum and ranking.volume(row.totals) < ranking.minimum:
            if ranking.volume(row.totals) > 0:
                below_minimum += 1
            continue
        value = ranking.value(row.totals)
        if value is None or (ranking.minimum == 0 and value <= 0):
            continue
        eligible.append((row, value))
    sign = 1 if metric.lower_is_better else -1
    eligible.sort(
        key=lambda item: (
            sign * item[1],
            -ranking.volume(item[0].totals),
            item[0].campaign.campaign_id,
        )
    )
    return eligible, below_minimum


def comparison_from(
    rows: tuple[CampaignSums, ...],
    basis: MoneyBasis,
    metric: ComparisonMetric,
    limit: int = TOP_CAMPAIGNS,
) -> CampaignComparison:
    """Chart 3 from already loaded campaign sums (see ``report.bundle``)."""
    eligible, below_minimum = _rank(rows, metric)
    bars = tuple(
        ComparisonBar(row.campaign, value, _text(metric, value, basis.currency))
        for row, value in eligible[:limit]
    )
    return CampaignComparison(
        metric=metric,
        money=basis,
        bars=bars,
        ranked=len(eligible),
        below_minimum=below_minimum,
        rule=_RANKINGS[metric].rule,
    )


def campaign_comparison(
    db: Db, flt: ReportFilter, metric: ComparisonMetric, limit: int = TOP_CAMPAIGNS
) -> CampaignComparison:
    """Chart 3: the top ``limit`` campaigns by ``metric``."""
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        rows = load_campaign_sums(conn, flt, basis)
    return comparison_from(rows, basis, metric, limit)
