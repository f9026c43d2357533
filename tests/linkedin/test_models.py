"""Payload models: exact money, tolerant enums and fields, strict keys."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from linkedin.models import AnalyticsRow, Campaign, Creative, money_to_micros, parse_urn


@pytest.mark.parametrize(
    ("amount", "micros"),
    [
        ("84.223117", 84_223_117),
        ("0.0", 0),
        ("1.5E-5", 15),  # the Singer tap reads this as 1.55
        ("-2E-18", 0),
        ("-12.5", -12_500_000),
        ("19.91833", 19_918_330),
        ("62.73", 62_730_000),
        ("0.0000005", 0),  # half-even: 0.5 micro rounds to 0
        ("0.0000015", 2),  # 1.5 micro rounds to 2
        ("123456789012.123456", 123_456_789_012_123_456),
        ("1E+3", 1_000_000_000),
        (" 7 ", 7_000_000),
    ],
)
def test_money_becomes_exact_micros(amount: str, micros: int) -> None:
    assert money_to_micros(amount) == micros


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-inf", "abc", "", "1e30"])
def test_money_refuses_non_amounts(amount: str) -> None:
    with pytest.raises(ValueError, match=r"decimal|finite|range"):
        money_to_micros(amount)


def test_money_refuses_floats() -> None:
    with pytest.raises(ValueError, match="float"):
        money_to_micros(0.1)  # type: ignore[arg-type]


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6))
def test_six_decimal_amounts_are_exact(amount: Decimal) -> None:
    assert money_to_micros(str(amount)) == int(amount * 1_000_000)


def test_unknown_enums_and_fields_are_kept() -> None:
    campaign = Campaign.model_validate(
        {
            "id": 1,
            "account": "urn:li:sponsoredAccount:9",
            "status": "SOMETHING_NEW",
            "objectiveType": "CREATOR_FOLLOWER",
            "brandNewField": {"x": 1},
            "dailyBudget": {"amount": "150.00", "currencyCode": "EUR"},
            "runSchedule": {"start": 1759276800000},
        }
    )
    assert campaign.status == "SOMETHING_NEW"
    assert campaign.model_extra == {"brandNewField": {"x": 1}}
    assert campaign.daily_budget is not None
    assert campaign.daily_budget.amount == 150_000_000
    assert campaign.run_schedule is not None
    assert campaign.run_schedule.start == datetime(2025, 10, 1, tzinfo=UTC)
    assert campaign.account_id == 9


def test_creative_id_must_be_a_creative_urn() -> None:
    base = {"account": "urn:li:sponsoredAccount:1", "campaign": "urn:li:sponsoredCampaign:2"}
    with pytest.raises(ValidationError):
        Creative.model_validate({"id": "urn:li:sponsoredCampaign:123", **base})
    assert Creative.model_validate({"id": 123, **base}).id == "urn:li:sponsoredCreative:123"
    creative = Creative.model_validate(
        {
            "id": "urn:li:sponsoredCreative:120491345",
            "account": "urn:li:sponsoredAccount:1",
            "campaign": "urn:li:sponsoredCampaign:2",
            "content": {"reference": "urn:li:share:7"},
        }
    )
    assert (creative.numeric_id, creative.campaign_id) == (120491345, 2)
    assert creative.content_reference == "urn:li:share:7"
    assert creative.name is None


def test_analytics_row_parses_money_strings_and_defaults_missing_metrics() -> None:
    row = AnalyticsRow.parse(
        {
            "pivotValues": ["urn:li:sponsoredCampaign:5"],
            "dateRange": {
                "start": {"year": 2025, "month": 10, "day": 1},
                "end": {"year": 2025, "month": 10, "day": 1},
            },
            "impressions": 1843,
            "costInLocalCurrency": "84.223117",
            "costInUsd": "1.5E-5",
            "totalEngagements": 35,
        }
    )
    assert row.start == row.end == date(2025, 10, 1)
    assert row.metric("costInLocalCurrency") == 84_223_117
    assert row.metric("costInUsd") == 15
    assert row.metric("clicks") == 0
    assert row.extra == {"totalEngagements": 35}


def test_analytics_row_without_pivot_values_is_rejected() -> None:
    with pytest.raises(ValidationError):
        AnalyticsRow.parse(
            {"pivotValues": [], "dateRange": {"start": {"year": 2025, "month": 1, "day": 1}}}
        )


def test_parse_urn_checks_the_kind() -> None:
    assert parse_urn("urn:li:sponsoredCampaign:42", "sponsoredCampaign") == 42
    with pytest.raises(ValueError, match="sponsoredCreative"):
        parse_urn("urn:li:sponsoredCampaign:42", "sponsoredCreative")


@given(st.from_regex(r"-?[0-9]{1,12}(\.[0-9]{1,12})?", fullmatch=True))
def test_the_fast_path_agrees_with_decimal_half_even(text: str) -> None:
    expected = int((Decimal(text) * 1_000_000).to_integral_value(rounding=ROUND_HALF_EVEN))
    assert money_to_micros(text) == expected
