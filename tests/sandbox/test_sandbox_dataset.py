"""The synthetic dataset: deterministic, realistic, sized as promised."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sandbox_fixtures import FIXED_NOW

from linkedin.models import CAMPAIGN_STATUSES, money_to_micros
from linkedin.sandbox import AccountSpec, Dataset, DatasetSpec
from linkedin.sandbox.metrics import format_money

TODAY = FIXED_NOW.date()
START = TODAY - timedelta(days=89)


def _build(seed: int, size: str = "small") -> Dataset:
    return Dataset(DatasetSpec.preset(size).anchored(TODAY), seed)  # type: ignore[arg-type]


def test_same_seed_same_data() -> None:
    first, second = _build(7), _build(7)
    assert first.accounts == second.accounts
    assert first.campaigns == second.campaigns
    assert first.creatives == second.creatives
    account = first.accounts[0]["id"]
    assert list(first.daily_rows("CREATIVE", account, START, TODAY, FIXED_NOW)) == list(
        second.daily_rows("CREATIVE", account, START, TODAY, FIXED_NOW)
    )
    assert list(
        first.demographic_rows(account, "MEMBER_JOB_TITLE", START, TODAY, "MONTHLY", FIXED_NOW)
    ) == list(
        second.demographic_rows(account, "MEMBER_JOB_TITLE", START, TODAY, "MONTHLY", FIXED_NOW)
    )


def test_other_seed_other_data() -> None:
    assert _build(7).campaigns != _build(8).campaigns


def test_a_day_does_not_depend_on_the_range_asked() -> None:
    dataset = _build(7)
    account = dataset.accounts[0]["id"]
    day = TODAY - timedelta(days=20)
    wide = [
        row
        for row in dataset.daily_rows("CREATIVE", account, START, TODAY, FIXED_NOW)
        if row[1] == day
    ]
    assert wide == list(dataset.daily_rows("CREATIVE", account, day, day, FIXED_NOW))


def test_medium_is_the_design_comparison_set() -> None:
    dataset = _build(7, "medium")
    assert (len(dataset.accounts), len(dataset.campaigns), len(dataset.creatives)) == (3, 100, 503)


def test_small_has_every_shape_a_sync_must_handle() -> None:
    dataset = _build(7)
    assert len(dataset.accounts) <= 4
    assert {a["currency"] for a in dataset.accounts} == {"USD", "EUR", "GBP", "JPY"}
    assert sum(a["test"] for a in dataset.accounts) == 1
    assert {a["status"] for a in dataset.accounts} == {"ACTIVE", "CANCELED"}
    assert {c["status"] for c in dataset.campaigns} == set(CAMPAIGN_STATUSES)
    objectives = {c["objectiveType"] for c in dataset.campaigns}
    assert objectives & {"WEBSITE_VISITS", "VIDEO_VIEWS", "WEBSITE_CONVERSIONS"}
    assert objectives & {"WEBSITE_VISIT", "VIDEO_VIEW", "WEBSITE_CONVERSION"}
    assert any("end" not in c["runSchedule"] for c in dataset.campaigns)
    assert any("dailyBudget" not in c for c in dataset.campaigns)
    assert {c["audienceExpansionEnabled"] for c in dataset.campaigns} == {True, False}
    assert {c["offsiteDeliveryEnabled"] for c in dataset.campaigns} == {True, False}
    unnamed = sum("name" not in c for c in dataset.creatives) / len(dataset.creatives)
    assert 0.15 < unnamed < 0.45
    kinds = Counter(next(iter(c["content"])) for c in dataset.creatives)
    assert kinds["reference"]
    assert set(kinds) - {"reference"}, "some creatives carry inline content"
    references = {
        c["content"].get("reference", "").split(":")[2]
        for c in dataset.creatives
        if "reference" in c["content"]
    }
    assert {"share", "ugcPost"} <= references
    assert any(not c["name"].isascii() for c in dataset.campaigns)


def test_ended_and_removed_campaigns_still_have_recent_spend() -> None:
    dataset = _build(7)
    status = {c["id"]: c["status"] for c in dataset.campaigns}
    spent: Counter[str] = Counter()
    for account in dataset.accounts:
        for campaign, _day, metrics in dataset.daily_rows(
            "CAMPAIGN", account["id"], START, TODAY, FIXED_NOW
        ):
            spent[status[campaign]] += money_to_micros(metrics["costInLocalCurrency"])
    for ended in ("REMOVED", "PENDING_DELETION", "COMPLETED", "ARCHIVED", "PAUSED", "CANCELED"):
        assert spent[ended] > 0, ended
    assert spent["DRAFT"] == 0


def test_weekends_deliver_less() -> None:
    dataset = _build(7, "medium")
    by_weekday: Counter[int] = Counter()
    for account in dataset.accounts:
        for _campaign, day, metrics in dataset.daily_rows(
            "CAMPAIGN", account["id"], START, TODAY - timedelta(days=1), FIXED_NOW
        ):
            by_weekday[day.weekday()] += int(metrics["impressions"])
    assert max(by_weekday[5], by_weekday[6]) < 0.7 * min(by_weekday[d] for d in range(5))


def test_large_preset_counts() -> None:
    dataset = _build(7, "large")
    assert (len(dataset.accounts), len(dataset.campaigns), len(dataset.creatives)) == (
        10,
        2000,
        10000,
    )


def test_custom_spec_validation() -> None:
    with pytest.raises(ValueError, match="at most 100 creatives"):
        AccountSpec(campaigns=1, creatives=101)
    with pytest.raises(ValueError, match="currency"):
        AccountSpec(currency="XYZ")
    with pytest.raises(ValueError, match="anchor"):
        Dataset(DatasetSpec.preset("small"), 7)


def test_entity_names_cover_every_urn() -> None:
    dataset = _build(7)
    campaign = dataset.campaigns[0]
    assert dataset.entity_name(f"urn:li:sponsoredCampaign:{campaign['id']}") == campaign["name"]
    assert dataset.entity_name("urn:li:title:68") == "Marketing Manager"
    assert dataset.entity_name("SIZE_2_TO_10") == "2-10 employees"
    assert dataset.entity_name(f"urn:li:sponsoredAccount:{dataset.foreign_account_id}")
    assert dataset.entity_name("urn:li:title:999999") is None


@pytest.mark.parametrize(
    ("nanos", "text"),
    [
        (84_223_117_000, "84.223117"),
        (15_000, "1.5E-5"),
        (0, "0.0"),
        (12_000_000_000, "12.0"),
        (1_000_000, "0.001"),
        (999_000, "9.99E-4"),
        (123_456_789, "0.123456789"),
        (12_345_678_900_000_000, "1.23456789E7"),
        (-2_000_000_000, "-2.0"),
    ],
)
def test_money_is_printed_like_linkedin(nanos: int, text: str) -> None:
    assert format_money(nanos) == text
    assert Decimal(text) == Decimal(nanos).scaleb(-9)


def test_totals_agree_with_daily_rows() -> None:
    dataset = _build(7)
    account = dataset.accounts[1]["id"]
    daily = list(dataset.daily_rows("CAMPAIGN", account, START, TODAY, FIXED_NOW))
    totals = dataset.totals(account, START, TODAY, FIXED_NOW)
    assert totals["impressions"] == sum(m["impressions"] for _c, _d, m in daily)
    assert Decimal(str(totals["costInUsd"])) == sum(
        Decimal(str(m["costInUsd"])) for _c, _d, m in daily
    )
    assert dataset.totals(account, date(2020, 1, 1), date(2020, 1, 31), FIXED_NOW) == {}
