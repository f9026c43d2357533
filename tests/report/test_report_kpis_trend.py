"""Charts 1, 2 and 5 against hand-computed sums of the fixed dataset."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from report_dataset import TODAY

from report.filters import RangePreset, ReportFilter, preset_filter
from report.kpis import Kpi, conversion_funnel, kpi_scorecards
from report.trend import TrendMetric, TrendPoint, daily_trend, downsample

ACCT1 = frozenset({1})
D = date


def test_scorecards_single_account_last_7_days(sample_db: sa.Engine) -> None:
    # Campaigns 11 (Nov 18, 19), 12 (Nov 15) and the unlisted 13 (Nov 16).
    cards = kpi_scorecards(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, ACCT1))
    assert cards.money.currency == "EUR"
    assert not cards.money.converted
    assert {card.kpi: card.text for card in cards.cards} == {
        Kpi.SPEND: "€260.00",
        Kpi.IMPRESSIONS: "18,500",
        Kpi.CLICKS: "175",
        Kpi.CTR: "0.95%",  # 175 / 18,500
        Kpi.CPC: "€1.49",  # 260 / 175
        Kpi.CPM: "€14.05",  # 260 / 18,500 x 1000
        Kpi.CONVERSIONS: "6",
        Kpi.LEADS: "5",
        Kpi.CPL: "€52.00",
        Kpi.CPA: "€43.33",
    }
    values = {card.kpi: card.value for card in cards.cards}
    assert values[Kpi.SPEND] == 260_000_000
    assert values[Kpi.CPL] == Decimal(52_000_000)
    assert [card.label for card in cards.cards][:4] == ["Spend", "Impressions", "Clicks", "CTR"]
    assert not cards.is_empty


def test_scorecards_two_accounts_same_currency(sample_db: sa.Engine) -> None:
    flt = preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({1, 3}))
    texts = {card.kpi: card.text for card in kpi_scorecards(sample_db, flt).cards}
    assert texts == {
        Kpi.SPEND: "€340.00",
        Kpi.IMPRESSIONS: "22,500",
        Kpi.CLICKS: "195",
        Kpi.CTR: "0.87%",
        Kpi.CPC: "€1.74",
        Kpi.CPM: "€15.11",
        Kpi.CONVERSIONS: "8",
        Kpi.LEADS: "6",
        Kpi.CPL: "€56.67",
        Kpi.CPA: "€42.50",
    }


def test_scorecards_mixed_currencies_are_converted(sample_db: sa.Engine) -> None:
    cards = kpi_scorecards(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY))
    assert cards.money.converted
    assert cards.money.currency == "USD"
    texts = {card.kpi: card.text for card in cards.cards}
    assert texts[Kpi.SPEND] == "$638.00"  # 231 + 49.5 + 5.5 + 264 + 88, never € + ¥
    assert texts[Kpi.CPC] == "$2.32"
    assert texts[Kpi.CPM] == "$20.92"
    assert texts[Kpi.CPL] == "$106.33"
    assert texts[Kpi.CPA] == "$53.17"
    assert cards.totals.impressions == 30_500


def test_scorecards_zero_denominators(sample_db: sa.Engine) -> None:
    # The Japanese account had no leads: CPL is "—", not ¥0.
    cards = kpi_scorecards(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({2})))
    texts = {card.kpi: card.text for card in cards.cards}
    assert texts[Kpi.SPEND] == "¥40,000"
    assert texts[Kpi.CPC] == "¥500"
    assert texts[Kpi.CPM] == "¥5,000"
    assert texts[Kpi.CPA] == "¥10,000"
    assert texts[Kpi.CPL] == "—"
    assert {card.kpi: card.value for card in cards.cards}[Kpi.CPL] is None


@pytest.mark.parametrize(
    ("flt", "impressions", "spend"),
    [
        (preset_filter(RangePreset.LAST_7_DAYS, TODAY, ACCT1), 18_500, 260_000_000),
        (preset_filter(RangePreset.LAST_30_DAYS, TODAY, ACCT1), 19_500, 280_000_000),
        (preset_filter(RangePreset.LAST_90_DAYS, TODAY, ACCT1), 21_500, 310_000_000),
        (preset_filter(RangePreset.ALL, TODAY, ACCT1), 22_500, 320_000_000),
        (ReportFilter(ACCT1, D(2025, 10, 1), D(2025, 10, 25)), 3_000, 50_000_000),
        (ReportFilter(ACCT1, D(2025, 10, 2), D(2025, 10, 24)), 0, 0),
    ],
    ids=["7d", "30d", "90d", "all", "custom", "custom-empty"],
)
def test_each_preset_changes_the_result(
    sample_db: sa.Engine, flt: ReportFilter, impressions: int, spend: int
) -> None:
    totals = kpi_scorecards(sample_db, flt).totals
    assert (totals.impressions, totals.spend_micros) == (impressions, spend)


def test_funnel_step_rates(sample_db: sa.Engine) -> None:
    funnel = conversion_funnel(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, ACCT1))
    assert [(s.label, s.count) for s in funnel.steps] == [
        ("Impressions", 18_500),
        ("Clicks", 175),
        ("Landing-page clicks", 133),
        ("Conversions", 6),
        ("Leads", 5),
    ]
    rates = [s.step_rate for s in funnel.steps]
    assert rates[0] is None
    assert rates[1] == Decimal(175) / Decimal(18_500)
    assert rates[2] == Decimal(133) / Decimal(175)
    assert rates[3] == Decimal(6) / Decimal(133)
    assert rates[4] == Decimal(5) / Decimal(6)
    assert funnel.steps[0].overall_rate == 1
    assert funnel.steps[4].overall_rate == Decimal(5) / Decimal(18_500)


def test_funnel_zero_previous_stage_is_none(sample_db: sa.Engine) -> None:
    # Account 2: 80 clicks, 4 conversions, 0 leads; then leads/conversions = 0, and a
    # range with no delivery has no rates at all.
    funnel = conversion_funnel(
        sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({2}))
    )
    assert funnel.steps[4].count == 0
    assert funnel.steps[4].step_rate == 0
    quiet = conversion_funnel(sample_db, ReportFilter(ACCT1, D(2025, 10, 2), D(2025, 10, 24)))
    assert quiet.is_empty
    assert [s.step_rate for s in quiet.steps] == [None] * 5
    assert [s.overall_rate for s in quiet.steps] == [None] * 5


def test_trend_fills_missing_days_with_zeros(sample_db: sa.Engine) -> None:
    trend = daily_trend(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, ACCT1))
    assert trend.money.currency == "EUR"
    assert [
        (p.start, p.impressions, p.spend_micros, p.clicks, p.conversions, p.leads)
        for p in trend.points
    ] == [
        (D(2025, 11, 13), 0, 0, 0, 0, 0),
        (D(2025, 11, 14), 0, 0, 0, 0, 0),
        (D(2025, 11, 15), 3_000, 45_000_000, 30, 0, 3),
        (D(2025, 11, 16), 500, 5_000_000, 5, 0, 0),
        (D(2025, 11, 17), 0, 0, 0, 0, 0),
        (D(2025, 11, 18), 10_000, 150_000_000, 100, 5, 2),
        (D(2025, 11, 19), 5_000, 60_000_000, 40, 1, 0),
    ]
    assert all(p.start == p.end for p in trend.points)


def test_trend_all_time_spans_first_to_last_day_with_data(sample_db: sa.Engine) -> None:
    trend = daily_trend(sample_db, ReportFilter(frozenset({3})))
    assert trend.points[0].start == D(2025, 8, 1)
    assert trend.points[-1].start == D(2025, 11, 14)
    assert len(trend.points) == 106  # Aug 1 .. Nov 14 inclusive
    assert sum(p.impressions for p in trend.points) == 5_000


def test_trend_mixed_currencies_in_usd(sample_db: sa.Engine) -> None:
    trend = daily_trend(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY))
    assert trend.money.converted
    assert trend.points[4].spend_micros == 264_000_000  # Nov 17: Tokyo, in USD


def test_downsample_sums_buckets_and_keeps_their_span(sample_db: sa.Engine) -> None:
    trend = daily_trend(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, ACCT1))
    small = trend.downsampled(3)  # buckets of ceil(7 / 3) = 3 days: 3 + 3 + 1
    assert [(p.start, p.end, p.days, p.impressions, p.spend_micros) for p in small.points] == [
        (D(2025, 11, 13), D(2025, 11, 15), 3, 3_000, 45_000_000),
        (D(2025, 11, 16), D(2025, 11, 18), 3, 10_500, 155_000_000),
        (D(2025, 11, 19), D(2025, 11, 19), 1, 5_000, 60_000_000),
    ]
    assert [p.daily_mean(TrendMetric.IMPRESSIONS) for p in small.points] == [1_000, 3_500, 5_000]
    assert small.points[1].value(TrendMetric.CLICKS) == 105
    assert small.money == trend.money
    assert trend.downsampled(7).points == trend.points


def test_downsample_long_series() -> None:
    start = D(2025, 1, 1)
    points = [
        TrendPoint(start.replace(day=1 + i), start.replace(day=1 + i), impressions=i)
        for i in range(10)
    ]
    buckets = downsample(points, 4)  # ceil(10 / 4) = 3 days per bucket: 4 buckets
    assert [p.impressions for p in buckets] == [0 + 1 + 2, 3 + 4 + 5, 6 + 7 + 8, 9]
    assert [p.days for p in buckets] == [3, 3, 3, 1]
    assert downsample(points, 1)[0].impressions == 45
    assert downsample([], 5) == ()
    with pytest.raises(ValueError, match="at least 1"):
        downsample(points, 0)


def test_empty_range_trend(sample_db: sa.Engine) -> None:
    closed = daily_trend(sample_db, ReportFilter(ACCT1, D(2025, 10, 2), D(2025, 10, 4)))
    assert closed.is_empty
    assert [p.start for p in closed.points] == [D(2025, 10, 2), D(2025, 10, 3), D(2025, 10, 4)]
    assert daily_trend(sample_db, ReportFilter(frozenset())).points == ()


@given(
    impressions=st.lists(st.integers(min_value=0, max_value=10**9), max_size=400),
    max_points=st.integers(min_value=1, max_value=120),
)
def test_downsample_keeps_sums_order_and_bound(impressions: list[int], max_points: int) -> None:
    first = D(2024, 1, 1)
    days = [first + timedelta(days=i) for i in range(len(impressions))]
    points = [TrendPoint(d, d, impressions=n) for d, n in zip(days, impressions, strict=True)]
    buckets = downsample(points, max_points)
    assert len(buckets) <= max_points
    assert sum(b.impressions for b in buckets) == sum(impressions)
    assert sum(b.days for b in buckets) == len(points)
    # Consecutive, non-overlapping buckets covering every day.
    for before, after in itertools.pairwise(buckets):
        assert after.start == before.end + timedelta(days=1)
    if buckets:
        assert (buckets[0].start, buckets[-1].end) == (days[0], days[-1])
