"""The whole report screen in one call, sharing the queries the charts have in common.

Charts 3, 4, 6, 7 and the campaign table all start from the same per-campaign sums,
and charts 1 and 5 from the same filter totals. Calling the nine chart functions one by
one runs those queries several times; ``build_report`` runs each once, on one
connection, and ranks the campaign comparison for every metric up front, so switching
the metric selector needs no database access.
"""

from __future__ import annotations

from dataclasses import dataclass

from report.budget import BudgetUtilisation, utilisation_from
from report.campaign_table import CampaignTable, table_from
from report.campaigns import load_campaign_sums
from report.comparison import CampaignComparison, ComparisonMetric, comparison_from
from report.creatives import CreativePerformance, creative_performance
from report.demographics import DemographicsReport, audience_demographics
from report.engagement import EngagementQuality, engagement_from
from report.filters import ReportFilter
from report.kpis import ConversionFunnel, KpiScorecards, funnel_from, load_totals, scorecards_from
from report.scope import MoneyBasis, money_basis
from report.spend_share import SpendDistribution, distribution_from
from report.sql import Db, connect
from report.trend import DailyTrend, load_trend


@dataclass(frozen=True)
class ReportData:
    """Everything the report screen draws for one filter; all money in ``money``."""

    filter: ReportFilter
    money: MoneyBasis
    scorecards: KpiScorecards
    trend: DailyTrend
    comparisons: dict[ComparisonMetric, CampaignComparison]
    spend: SpendDistribution
    funnel: ConversionFunnel
    budget: BudgetUtilisation
    engagement: EngagementQuality
    creatives: CreativePerformance
    demographics: DemographicsReport
    campaigns: CampaignTable

    @property
    def is_empty(self) -> bool:
        """No delivery at all under the filter: the screen shows one "no data" message."""
        return self.scorecards.is_empty and self.creatives.is_empty


def build_report(db: Db, flt: ReportFilter) -> ReportData:
    """All nine charts and the campaign table."""
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        totals = load_totals(conn, flt, basis)
        sums = load_campaign_sums(conn, flt, basis)
        trend = load_trend(conn, flt, basis)
        creatives = creative_performance(conn, flt)
        demographics = audience_demographics(conn, flt)
    return ReportData(
        filter=flt,
        money=basis,
        scorecards=scorecards_from(totals, basis),
        trend=trend,
        comparisons={metric: comparison_from(sums, basis, metric) for metric in ComparisonMetric},
        spend=distribution_from(sums, basis),
        funnel=funnel_from(totals),
        budget=utilisation_from(sums),
        engagement=engagement_from(sums, basis),
        creatives=creatives,
        demographics=demographics,
        campaigns=table_from(sums, basis),
    )
