"""build_report gives exactly what the nine chart functions give one by one."""

from __future__ import annotations

import sqlalchemy as sa
from report_dataset import TODAY

from report.budget import budget_utilisation
from report.bundle import build_report
from report.campaign_table import campaign_table
from report.comparison import ComparisonMetric, campaign_comparison
from report.creatives import creative_performance
from report.demographics import audience_demographics
from report.engagement import engagement_quality
from report.filters import RangePreset, preset_filter
from report.kpis import conversion_funnel, kpi_scorecards
from report.spend_share import spend_distribution
from report.trend import daily_trend


def test_bundle_matches_the_single_charts(sample_db: sa.Engine) -> None:
    flt = preset_filter(RangePreset.LAST_30_DAYS, TODAY)
    with sample_db.connect() as conn:
        report = build_report(conn, flt)
        assert report.filter == flt
        assert report.money == kpi_scorecards(conn, flt).money
        assert report.scorecards == kpi_scorecards(conn, flt)
        assert report.trend == daily_trend(conn, flt)
        assert report.comparisons == {
            metric: campaign_comparison(conn, flt, metric) for metric in ComparisonMetric
        }
        assert report.spend == spend_distribution(conn, flt)
        assert report.funnel == conversion_funnel(conn, flt)
        assert report.budget == budget_utilisation(conn, flt)
        assert report.engagement == engagement_quality(conn, flt)
        assert report.creatives == creative_performance(conn, flt)
        assert report.demographics == audience_demographics(conn, flt)
        assert report.campaigns == campaign_table(conn, flt)
    assert not report.is_empty
    assert report.scorecards.totals.spend_micros == 253_000_000 + 49_500_000 + 5_500_000 + (
        264_000_000 + 88_000_000
    )
