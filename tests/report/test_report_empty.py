"""An empty database, or a filter that selects nothing: valid empty results, no errors."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from report_dataset import TODAY

from report.audit import settings_audit
from report.budget import budget_utilisation
from report.bundle import build_report
from report.campaign_table import CampaignColumn, campaign_table
from report.comparison import ComparisonMetric, campaign_comparison
from report.creatives import creative_performance
from report.demographics import audience_demographics
from report.engagement import engagement_quality
from report.filters import RangePreset, ReportFilter, preset_filter
from report.kpis import Kpi, conversion_funnel, kpi_scorecards
from report.spend_share import spend_distribution
from report.trend import daily_trend

Chart = Callable[[sa.Engine, ReportFilter], object]
CHARTS: dict[str, Chart] = {
    "kpi": kpi_scorecards,
    "trend": daily_trend,
    "comparison": lambda db, f: campaign_comparison(db, f, ComparisonMetric.CTR),
    "spend": spend_distribution,
    "funnel": conversion_funnel,
    "budget": budget_utilisation,
    "engagement": engagement_quality,
    "creatives": creative_performance,
    "demographics": audience_demographics,
    "table": campaign_table,
    "bundle": build_report,
}
FILTERS = [
    preset_filter(preset, TODAY) for preset in RangePreset if preset is not RangePreset.CUSTOM
]


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_every_chart_is_empty_on_an_empty_database(module_db: sa.Engine, chart: Chart) -> None:
    for flt in FILTERS:
        result = chart(module_db, flt)
        assert result.is_empty  # type: ignore[attr-defined]


@pytest.mark.parametrize("chart", CHARTS.values(), ids=CHARTS.keys())
def test_every_chart_is_empty_for_no_accounts(sample_db: sa.Engine, chart: Chart) -> None:
    result = chart(sample_db, ReportFilter(frozenset()))
    assert result.is_empty  # type: ignore[attr-defined]


def test_empty_scorecards_show_dashes_for_ratios(module_db: sa.Engine) -> None:
    cards = kpi_scorecards(module_db, ReportFilter())
    assert cards.money.currency == "USD"
    assert not cards.money.converted
    assert {card.kpi: card.text for card in cards.cards} == {
        Kpi.SPEND: "$0.00",
        Kpi.IMPRESSIONS: "0",
        Kpi.CLICKS: "0",
        Kpi.CTR: "—",
        Kpi.CPC: "—",
        Kpi.CPM: "—",
        Kpi.CONVERSIONS: "0",
        Kpi.LEADS: "0",
        Kpi.CPL: "—",
        Kpi.CPA: "—",
    }


def test_empty_trend_of_a_closed_range_is_zero_days(module_db: sa.Engine) -> None:
    trend = daily_trend(module_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY))
    assert len(trend.points) == 7
    assert trend.is_empty
    assert daily_trend(module_db, ReportFilter()).points == ()


def test_empty_table_sorts(module_db: sa.Engine) -> None:
    assert campaign_table(module_db, ReportFilter()).sorted_by(CampaignColumn.CPL).rows == ()


def test_empty_audit(module_db: sa.Engine) -> None:
    assert settings_audit(module_db, TODAY).is_empty
