"""Charts 3, 4, 6 and 7 against hand-computed values of the fixed dataset.

Last 7 days, all accounts (EUR + JPY, so USD): per campaign
  11  $231  15,000 imp  140 clicks  6 conv
  12  $49.5  3,000 imp   30 clicks  0 conv
  13  $5.5     500 imp    5 clicks  0 conv  (not listed)
  21  $264   8,000 imp   80 clicks  4 conv
  31  $88    4,000 imp   20 clicks  2 conv
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from report_dataset import TODAY, campaign_day, insert, micros

from persistence.tables import CampaignDailyMetrics
from report.budget import UtilisationBand, budget_utilisation, utilisation_band
from report.comparison import (
    MIN_CLICKS_FOR_CPC,
    MIN_IMPRESSIONS_FOR_CTR,
    ComparisonMetric,
    campaign_comparison,
)
from report.engagement import EngagementMeasure, engagement_quality
from report.filters import RangePreset, ReportFilter, preset_filter
from report.spend_share import spend_distribution

LAST_7 = preset_filter(RangePreset.LAST_7_DAYS, TODAY)


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        (
            ComparisonMetric.SPEND,
            [(21, "$264.00"), (11, "$231.00"), (31, "$88.00"), (12, "$49.50"), (13, "$5.50")],
        ),
        (
            ComparisonMetric.IMPRESSIONS,
            [(11, "15,000"), (21, "8,000"), (31, "4,000"), (12, "3,000"), (13, "500")],
        ),
        (ComparisonMetric.CLICKS, [(11, "140"), (21, "80"), (12, "30"), (31, "20"), (13, "5")]),
        # 21 and 12 tie at 1.00 %: more impressions first. 13 has only 500 impressions.
        (ComparisonMetric.CTR, [(21, "1.00%"), (12, "1.00%"), (11, "0.93%"), (31, "0.50%")]),
        # Lowest first; 11 and 12 tie at $1.65: more clicks first. 13 has only 5 clicks.
        (ComparisonMetric.CPC, [(11, "$1.65"), (12, "$1.65"), (21, "$3.30"), (31, "$4.40")]),
        # Campaigns without conversions are not drawn.
        (ComparisonMetric.CONVERSIONS, [(11, "6"), (21, "4"), (31, "2")]),
    ],
)
def test_comparison_ranking(
    sample_db: sa.Engine, metric: ComparisonMetric, expected: list[tuple[int, str]]
) -> None:
    result = campaign_comparison(sample_db, LAST_7, metric)
    assert [(bar.campaign.campaign_id, bar.text) for bar in result.bars] == expected
    assert result.money.converted
    assert result.ranked == len(expected)
    ratio_metric = metric in (ComparisonMetric.CTR, ComparisonMetric.CPC)
    assert result.below_minimum == (1 if ratio_metric else 0)


def test_comparison_values_and_rules(sample_db: sa.Engine) -> None:
    ctr = campaign_comparison(sample_db, LAST_7, ComparisonMetric.CTR)
    assert ctr.bars[0].value == Decimal("0.01")
    assert ctr.rule == "Campaigns with at least 1,000 impressions, highest CTR first"
    assert MIN_IMPRESSIONS_FOR_CTR == 1_000
    cpc = campaign_comparison(sample_db, LAST_7, ComparisonMetric.CPC)
    assert cpc.bars[0].value == Decimal(1_650_000)
    assert cpc.rule == "Campaigns with at least 10 clicks, lowest CPC first"
    assert MIN_CLICKS_FOR_CPC == 10
    assert ComparisonMetric.CPC.lower_is_better
    assert not ComparisonMetric.CTR.lower_is_better
    spend = campaign_comparison(sample_db, LAST_7, ComparisonMetric.SPEND, limit=2)
    assert [bar.campaign.campaign_id for bar in spend.bars] == [21, 11]
    assert spend.ranked == 5


def test_comparison_labels_unlisted_campaigns(sample_db: sa.Engine) -> None:
    bars = campaign_comparison(sample_db, LAST_7, ComparisonMetric.SPEND).bars
    unlisted = bars[-1].campaign
    assert unlisted.label == "Campaign 13 (not listed)"
    assert not unlisted.listed
    assert unlisted.status is None
    assert unlisted.account_name == "Acme EU"
    assert bars[0].campaign.label == "Tokyo Launch"
    assert bars[0].campaign.listed


def test_comparison_in_local_currency(sample_db: sa.Engine) -> None:
    flt = preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({1}))
    result = campaign_comparison(sample_db, flt, ComparisonMetric.SPEND)
    assert [bar.text for bar in result.bars] == ["€210.00", "€45.00", "€5.00"]
    assert result.money.currency == "EUR"


def test_spend_distribution_top_and_other(sample_db: sa.Engine) -> None:
    result = spend_distribution(sample_db, LAST_7, top=2)
    assert result.total_spend_micros == 638_000_000
    assert [(s.label, s.spend_micros, s.campaigns) for s in result.slices] == [
        ("Tokyo Launch", 264_000_000, 1),
        ("Lead Gen DACH", 231_000_000, 1),
        ("Other", 143_000_000, 3),
    ]
    assert [s.share for s in result.slices] == [
        Decimal(264) / Decimal(638),
        Decimal(231) / Decimal(638),
        Decimal(143) / Decimal(638),
    ]
    assert result.slices[-1].campaign is None
    assert result.money.currency == "USD"
    default = spend_distribution(sample_db, LAST_7)
    assert len(default.slices) == 5  # five campaigns: no "Other" under the top 7
    assert default.slices[-1].label == "Campaign 13 (not listed)"


def test_spend_distribution_ignores_net_negative_campaigns(new_db: sa.Engine) -> None:
    insert(
        new_db,
        CampaignDailyMetrics,
        [
            campaign_day(1, 1, TODAY, 100, 1, micros(30), micros(30)),
            campaign_day(2, 1, TODAY, 100, 1, micros(-5), micros(-5)),
            campaign_day(3, 1, TODAY, 100, 1, micros(10), micros(10)),
        ],
    )
    result = spend_distribution(new_db, ReportFilter())
    assert [(s.spend_micros, s.share) for s in result.slices] == [
        (30_000_000, Decimal("0.75")),
        (10_000_000, Decimal("0.25")),
    ]


def test_budget_utilisation(sample_db: sa.Engine) -> None:
    result = budget_utilisation(sample_db, LAST_7)
    # Ordered by spend (USD): Tokyo $264, Lead Gen $231, Retargeting $88.
    assert [
        (
            bar.campaign.campaign_id,
            bar.currency,
            bar.spend_micros,
            bar.delivery_days,
            bar.budget_micros,
            bar.utilisation,
            bar.band,
        )
        for bar in result.bars
    ] == [
        # ¥40,000 of ¥50,000 x 1 day (the zero row of Nov 18 is not a delivery day).
        (21, "JPY", 40_000_000_000, 1, 50_000_000_000, Decimal("0.8"), UtilisationBand.HIGH),
        # €210 of €100 x 2 days: LinkedIn over-delivered; not clamped.
        (11, "EUR", 210_000_000, 2, 200_000_000, Decimal("1.05"), UtilisationBand.FULL),
        # €80 of €200 x 1 day: exactly 40 %.
        (31, "EUR", 80_000_000, 1, 200_000_000, Decimal("0.4"), UtilisationBand.MEDIUM),
    ]
    # 12 has no daily budget, 13 is not listed.
    assert result.without_daily_budget == 2
    assert budget_utilisation(sample_db, LAST_7, top=1).bars[0].campaign.campaign_id == 21


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("1.2", UtilisationBand.FULL),
        ("0.95", UtilisationBand.FULL),
        ("0.9499", UtilisationBand.HIGH),
        ("0.70", UtilisationBand.HIGH),
        ("0.6999", UtilisationBand.MEDIUM),
        ("0.40", UtilisationBand.MEDIUM),
        ("0.3999", UtilisationBand.LOW),
        ("0", UtilisationBand.LOW),
    ],
)
def test_utilisation_bands(value: str, band: UtilisationBand) -> None:
    assert utilisation_band(Decimal(value)) is band


def test_band_labels() -> None:
    assert [band.label for band in UtilisationBand] == ["≥ 95 %", "70-95 %", "40-70 %", "< 40 %"]


def test_engagement_quality(sample_db: sa.Engine) -> None:
    result = engagement_quality(sample_db, LAST_7)
    assert [row.campaign.campaign_id for row in result.rows] == [21, 11, 31, 12, 13]
    tokyo, lead_gen, retargeting, brand, unlisted = result.rows
    # Tokyo: 80/8,000 CTR; (80+4+2+0+1)/8,000 engagement; 7/8,000 social; 4/80 conversion;
    # its CPC (¥500) equals its account's average: efficiency 1.
    assert tokyo.values == (
        Decimal("0.01"),
        Decimal("0.010875"),
        Decimal("0.000875"),
        Decimal("0.05"),
        Decimal(1),
    )
    assert tokyo.texts == ("1.00%", "1.09%", "0.09%", "5.00%", "1.00\u00d7")
    assert (tokyo.cpc_micros, tokyo.account_cpc_micros) == (Decimal(500_000_000),) * 2
    assert tokyo.account_currency == "JPY"
    assert tokyo.spend_micros == 264_000_000
    # Lead Gen: CPC €210/140 = €1.50; account 1 average €260/175.
    assert lead_gen.cpc_micros == Decimal(1_500_000)
    assert lead_gen.account_cpc_micros == Decimal(260_000_000) / Decimal(175)
    assert lead_gen.text(EngagementMeasure.CPC_EFFICIENCY) == "0.99\u00d7"
    assert lead_gen.value(EngagementMeasure.ENGAGEMENT_RATE) == Decimal("0.012")
    assert retargeting.value(EngagementMeasure.SOCIAL_RATE) == 0
    assert retargeting.value(EngagementMeasure.CONVERSION_RATE) == Decimal("0.1")
    assert brand.value(EngagementMeasure.CONVERSION_RATE) == 0
    # The unlisted campaign: €5 for 5 clicks, the cheapest clicks of account 1.
    assert unlisted.text(EngagementMeasure.CPC_EFFICIENCY) == "1.49\u00d7"


def test_engagement_normalisation(sample_db: sa.Engine) -> None:
    rows = engagement_quality(sample_db, LAST_7).rows
    # Each measure over its best value among the five. Conversion rates are 5 %,
    # 6/140 = 4.2857 %, 10 %, 0 %, 0 %: the best is 31's 10 %.
    conversion = [row.normalised_value(EngagementMeasure.CONVERSION_RATE) for row in rows]
    assert conversion[0] == Decimal("0.5")
    assert conversion[1] is not None
    assert abs(conversion[1] - Decimal("0.428571428571")) < Decimal("1e-12")
    assert conversion[2:] == [1, 0, 0]
    # CTRs are 1 %, 0.9333 %, 0.5 %, 1 %, 1 %.
    ctr = [row.normalised_value(EngagementMeasure.CTR) for row in rows]
    assert [ctr[0], ctr[2], ctr[3], ctr[4]] == [1, Decimal("0.5"), 1, 1]


def test_engagement_without_clicks_has_no_efficiency(new_db: sa.Engine) -> None:
    insert(
        new_db,
        CampaignDailyMetrics,
        [
            campaign_day(1, 1, TODAY, 1000, 0, micros(10), micros(10)),
            campaign_day(2, 1, TODAY, 1000, 10, micros(10), micros(10)),
        ],
    )
    rows = engagement_quality(new_db, ReportFilter()).rows
    no_clicks = next(row for row in rows if row.campaign.campaign_id == 1)
    assert no_clicks.cpc_micros is None
    assert no_clicks.value(EngagementMeasure.CPC_EFFICIENCY) is None
    assert no_clicks.normalised_value(EngagementMeasure.CPC_EFFICIENCY) is None
    assert no_clicks.text(EngagementMeasure.CPC_EFFICIENCY) == "—"
    assert no_clicks.value(EngagementMeasure.CONVERSION_RATE) is None
    other = next(row for row in rows if row.campaign.campaign_id == 2)
    # Account CPC = €20 / 10 clicks = €2, own CPC €1: twice as efficient.
    assert other.value(EngagementMeasure.CPC_EFFICIENCY) == 2


def test_charts_on_a_range_without_data(sample_db: sa.Engine) -> None:
    quiet = ReportFilter(None, date(2025, 9, 1), date(2025, 9, 30))
    for metric in ComparisonMetric:
        assert campaign_comparison(sample_db, quiet, metric).is_empty
    assert spend_distribution(sample_db, quiet).is_empty
    assert budget_utilisation(sample_db, quiet).is_empty
    assert engagement_quality(sample_db, quiet).is_empty
