"""Metric definitions: exact values, and None (never 0) for a zero denominator."""

from __future__ import annotations

from decimal import Decimal

from report import metrics
from report.metrics import Totals


def test_ratios_are_exact_decimals() -> None:
    assert metrics.ratio(1, 4) == Decimal("0.25")
    assert metrics.ctr(clicks=3, impressions=200) == Decimal("0.015")
    assert metrics.cpc_micros(spend_micros=5_000_000, clicks=4) == Decimal(1_250_000)
    assert metrics.cpm_micros(spend_micros=3_000_000, impressions=1_500) == Decimal(2_000_000)
    assert metrics.cpl_micros(spend_micros=10_000_000, leads=4) == Decimal(2_500_000)
    assert metrics.cpa_micros(spend_micros=9_000_000, conversions=3) == Decimal(3_000_000)
    assert metrics.engagement_rate(10, 2, 3, 4, 1, impressions=100) == Decimal("0.2")
    assert metrics.social_rate(2, 3, 4, 1, impressions=100) == Decimal("0.1")
    assert metrics.conversion_rate(conversions=1, clicks=8) == Decimal("0.125")


def test_zero_denominator_is_none_not_zero() -> None:
    assert metrics.ratio(5, 0) is None
    assert metrics.ctr(0, 0) is None
    assert metrics.cpc_micros(1_000_000, 0) is None
    assert metrics.cpm_micros(1_000_000, 0) is None
    assert metrics.cpl_micros(1_000_000, 0) is None
    assert metrics.cpa_micros(1_000_000, 0) is None
    assert metrics.engagement_rate(1, 1, 1, 1, 1, 0) is None
    assert metrics.social_rate(1, 1, 1, 1, 0) is None
    assert metrics.conversion_rate(3, 0) is None


def test_zero_numerator_is_a_real_zero() -> None:
    assert metrics.ctr(0, 100) == 0
    assert metrics.cpc_micros(0, 10) == 0


def test_totals_properties_and_addition() -> None:
    a = Totals(impressions=1000, clicks=10, spend_micros=20_000_000, leads=2, likes=5)
    b = Totals(impressions=1000, clicks=30, spend_micros=20_000_000, conversions=4, shares=5)
    both = a + b
    assert both == Totals(
        impressions=2000,
        clicks=40,
        spend_micros=40_000_000,
        conversions=4,
        leads=2,
        likes=5,
        shares=5,
    )
    assert both.ctr == Decimal("0.02")
    assert both.cpc_micros == Decimal(1_000_000)
    assert both.cpm_micros == Decimal(20_000_000)
    assert both.cpl_micros == Decimal(20_000_000)
    assert both.cpa_micros == Decimal(10_000_000)
    assert both.engagement_rate == Decimal("0.025")
    assert both.social_rate == Decimal("0.005")
    assert both.conversion_rate == Decimal("0.1")


def test_empty_totals() -> None:
    empty = Totals()
    assert empty.is_zero
    assert not Totals(clicks=1).is_zero
    assert empty.ctr is None
    assert empty.cpc_micros is None
    assert empty.cpm_micros is None
    assert empty.cpl_micros is None
    assert empty.cpa_micros is None
    assert empty.engagement_rate is None
    assert empty.conversion_rate is None
