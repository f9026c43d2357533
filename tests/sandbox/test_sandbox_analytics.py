"""/adAnalytics (contract §4.6, §5.1): validation, layout, and the wire against the ground truth."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sandbox_fixtures import FIXED_NOW
from sandbox_http import FIELDS, METRICS, MONEY, START, TODAY, analytics, client, elements

from linkedin.models import parse_urn
from linkedin.restli import DateRange, encode_query
from linkedin.sandbox import AccountSpec, DatasetSpec, Sandbox


def _day(element: dict[str, Any]) -> date:
    start = element["dateRange"]["start"]
    return date(start["year"], start["month"], start["day"])


def _keyed(rows: list[dict[str, Any]]) -> dict[tuple[int, date], dict[str, Any]]:
    return {
        (parse_urn(row["pivotValues"][0]), _day(row)): {k: row[k] for k in METRICS} for row in rows
    }


@pytest.mark.parametrize("pivot", ["CAMPAIGN", "CREATIVE"])
def test_the_wire_equals_the_ground_truth(api: httpx.Client, sandbox: Sandbox, pivot: str) -> None:
    for account in sandbox.dataset.accounts:
        wire = _keyed(elements(analytics(api, accounts=[account["id"]], pivot=pivot)))
        truth = {
            (entity, day): metrics
            for entity, day, metrics in sandbox.dataset.daily_rows(
                pivot, account["id"], START, TODAY, sandbox.now()
            )
        }
        assert wire == truth
        assert wire


def test_campaign_rows_are_exact_sums_of_their_creatives(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    campaigns = _keyed(elements(analytics(api, accounts=[account_id])))
    creatives = _keyed(elements(analytics(api, accounts=[account_id], pivot="CREATIVE")))
    campaign_of = {
        parse_urn(c["id"]): parse_urn(c["campaign"])
        for c in sandbox.dataset.creatives_of(account_id)
    }
    sums: dict[tuple[int, date], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for (creative, day), metrics in creatives.items():
        for name, value in metrics.items():
            sums[(campaign_of[creative], day)][name] += Decimal(value) if name in MONEY else value
    assert set(sums) == set(campaigns)
    for key, metrics in campaigns.items():
        for name, value in metrics.items():
            expected = sums[key][name]
            assert (Decimal(value) if name in MONEY else value) == expected, (key, name)


def test_money_is_strings_counts_are_ints(api: httpx.Client, sandbox: Sandbox) -> None:
    texts = []
    for account in sandbox.dataset.accounts:
        for row in elements(analytics(api, accounts=[account["id"]], pivot="CREATIVE")):
            for name in METRICS:
                assert isinstance(row[name], str if name in MONEY else int), name
            texts.append(row["costInLocalCurrency"])
    assert any("E-" in text for text in texts), "tiny costs come in scientific notation"
    assert any(len(text.partition(".")[2]) > 6 and "E" not in text for text in texts)


def test_zero_rows_are_omitted(api: httpx.Client, account_id: int) -> None:
    rows = elements(analytics(api, accounts=[account_id], pivot="CREATIVE"))
    assert all(any(row[name] not in (0, "0.0") for name in METRICS) for row in rows)
    video_only = elements(
        analytics(
            api,
            accounts=[account_id],
            pivot="CREATIVE",
            fields=("videoViews", "pivotValues", "dateRange"),
        )
    )
    assert 0 < len(video_only) < len(rows)
    assert all(row["videoViews"] for row in video_only)


def test_default_fields_are_impressions_and_clicks_only(api: httpx.Client, account_id: int) -> None:
    rows = elements(analytics(api, accounts=[account_id], fields=None))
    assert rows
    assert all(set(row) == {"impressions", "clicks"} for row in rows)


def test_the_paging_object_and_no_pagination(api: httpx.Client, account_id: int) -> None:
    body = analytics(api, accounts=[account_id]).json()
    assert body["paging"] == {"start": 0, "count": 10, "links": []}


def test_buckets_are_clipped_to_the_range(api: httpx.Client, account_id: int) -> None:
    monthly = elements(
        analytics(
            api,
            accounts=[account_id],
            start=date(2026, 9, 15),
            end=date(2026, 11, 10),
            granularity="MONTHLY",
            pivot="ACCOUNT",
        )
    )
    assert [(r["dateRange"]["start"], r["dateRange"]["end"]) for r in monthly] == [
        ({"year": 2026, "month": 9, "day": 15}, {"year": 2026, "month": 9, "day": 30}),
        ({"year": 2026, "month": 10, "day": 1}, {"year": 2026, "month": 10, "day": 31}),
        ({"year": 2026, "month": 11, "day": 1}, {"year": 2026, "month": 11, "day": 10}),
    ]
    whole = elements(
        analytics(
            api,
            accounts=[account_id],
            start=date(2026, 9, 15),
            end=None,
            granularity="ALL",
            pivot="ACCOUNT",
        )
    )
    assert whole[0]["dateRange"]["end"] == {"year": 2026, "month": 11, "day": 26}
    daily = elements(
        analytics(
            api,
            accounts=[account_id],
            start=date(2026, 9, 15),
            end=date(2026, 11, 10),
            pivot="ACCOUNT",
        )
    )
    assert (
        whole[0]["impressions"]
        >= sum(r["impressions"] for r in monthly)
        == sum(r["impressions"] for r in daily)
    )
    yearly = elements(
        analytics(
            api,
            accounts=[account_id],
            start=date(2026, 9, 15),
            end=date(2026, 11, 10),
            granularity="YEARLY",
            pivot="ACCOUNT",
        )
    )
    assert yearly[0]["impressions"] == sum(r["impressions"] for r in monthly)


@pytest.mark.parametrize("drop", ["q", "pivot", "timeGranularity", "dateRange", "accounts"])
def test_required_parameters(api: httpx.Client, account_id: int, drop: str) -> None:
    params: dict[str, Any] = {
        "q": "analytics",
        "pivot": "CAMPAIGN",
        "timeGranularity": "DAILY",
        "dateRange": DateRange(START),
        "accounts": [f"urn:li:sponsoredAccount:{account_id}"],
    }
    del params[drop]
    response = api.get(f"/adAnalytics?{encode_query(params)}")
    assert response.status_code == 400
    assert response.json()["code"] == "ILLEGAL_ARGUMENT"


def test_campaign_type_alone_is_not_a_facet(api: httpx.Client) -> None:
    assert analytics(api, campaignType="SPONSORED_UPDATES").status_code == 400


def test_field_limits(api: httpx.Client, account_id: int) -> None:
    eighteen = [*METRICS, "reactions", "totalEngagements", "videoStarts", "videoCompletions"]
    assert len(eighteen) == 18
    assert (
        analytics(
            api, accounts=[account_id], fields=[*eighteen, "dateRange", "pivotValues"]
        ).status_code
        == 200
    )
    too_many = [*eighteen, "commentLikes", "dateRange", "pivotValues"]
    assert analytics(api, accounts=[account_id], fields=too_many).status_code == 400
    assert (
        analytics(api, accounts=[account_id], fields=["impressions", "impresions"]).status_code
        == 400
    )
    assert (
        analytics(api, accounts=[account_id], fields=["approximateUniqueImpressions"]).status_code
        == 400
    )


def test_member_pivots_refuse_incompatible_fields(api: httpx.Client, account_id: int) -> None:
    for field in ("approximateMemberReach", "conversionValueInLocalCurrency", "cardClicks"):
        response = analytics(
            api,
            accounts=[account_id],
            pivot="MEMBER_SENIORITY",
            granularity="ALL",
            fields=["impressions", field],
        )
        assert response.status_code == 400, field


def test_reach_rules(api: httpx.Client, account_id: int) -> None:
    ok = analytics(
        api,
        accounts=[account_id],
        pivot="CAMPAIGN",
        granularity="ALL",
        start=TODAY - timedelta(days=91),
        fields=["approximateMemberReach", "audiencePenetration", "averageDwellTime"],
    )
    rows = elements(ok)
    assert all(
        isinstance(r["approximateMemberReach"], int) and isinstance(r["averageDwellTime"], float)
        for r in rows
    )
    assert (
        analytics(
            api,
            accounts=[account_id],
            granularity="ALL",
            start=TODAY - timedelta(days=92),
            fields=["approximateMemberReach"],
        ).status_code
        == 400
    )
    assert (
        analytics(
            api,
            accounts=[account_id],
            pivot="CREATIVE",
            granularity="ALL",
            fields=["audiencePenetration"],
        ).status_code
        == 400
    )


def test_truncated_silently_at_15000(sandbox_factory: Callable[..., Sandbox]) -> None:
    spec = DatasetSpec((AccountSpec("USD", campaigns=7, creatives=700, always_on=True),))
    sb = sandbox_factory(spec=spec)
    account = sb.dataset.accounts[0]["id"]
    start = TODAY - timedelta(days=30)
    truth = list(
        sb.dataset.daily_rows("CREATIVE", account, start, TODAY - timedelta(days=1), sb.now())
    )
    assert len(truth) == 700 * 30
    with client(sb, sb.issue_token()["access_token"]) as api:
        response = analytics(
            api, accounts=[account], pivot="CREATIVE", start=start, end=TODAY - timedelta(days=1)
        )
        rows = elements(response)
    assert len(rows) == 15_000
    assert response.json()["paging"] == {"start": 0, "count": 10, "links": []}
    assert sb.request_log[-1].elements == 15_000


def test_statistics_with_several_pivots(api: httpx.Client, account_id: int) -> None:
    creative_rows = elements(analytics(api, accounts=[account_id], pivot="CREATIVE"))
    params = {
        "q": "statistics",
        "pivots": ["CAMPAIGN", "CREATIVE"],
        "timeGranularity": "DAILY",
        "dateRange": DateRange(START, TODAY),
        "accounts": [f"urn:li:sponsoredAccount:{account_id}"],
        "fields": list(FIELDS),
    }
    rows = elements(api.get(f"/adAnalytics?{encode_query(params)}"))
    assert len(rows) == len(creative_rows)
    assert all(len(row["pivotValues"]) == 2 for row in rows)
    assert all(row["pivotValues"][0].startswith("urn:li:sponsoredCampaign:") for row in rows)
    for bad in (
        ["CAMPAIGN", "MEMBER_SENIORITY"],
        ["CAMPAIGN", "CREATIVE", "ACCOUNT", "SHARE"],
        ["CAMPAIGN", "CAMPAIGN"],
    ):
        assert api.get(f"/adAnalytics?{encode_query({**params, 'pivots': bad})}").status_code == 400


def test_device_split_adds_up(api: httpx.Client, account_id: int) -> None:
    by_campaign = elements(analytics(api, accounts=[account_id], granularity="ALL"))
    params = {
        "q": "statistics",
        "pivots": ["CAMPAIGN", "IMPRESSION_DEVICE_TYPE"],
        "timeGranularity": "ALL",
        "dateRange": DateRange(START, TODAY),
        "accounts": [f"urn:li:sponsoredAccount:{account_id}"],
        "fields": ["impressions", "costInLocalCurrency", "pivotValues"],
    }
    split = elements(api.get(f"/adAnalytics?{encode_query(params)}"))
    assert {row["pivotValues"][1] for row in split} == {
        "DESKTOP_WEB",
        "MOBILE_APP",
        "MOBILE_WEB",
        "UNDETECTED",
    }
    for campaign in by_campaign:
        parts = [row for row in split if row["pivotValues"][0] == campaign["pivotValues"][0]]
        assert sum(p["impressions"] for p in parts) == campaign["impressions"]
        assert sum(Decimal(p["costInLocalCurrency"]) for p in parts) == Decimal(
            campaign["costInLocalCurrency"]
        )


def test_facets_and_together(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    campaign = sandbox.dataset.campaigns_of(account_id)[0]["id"]
    rows = elements(
        analytics(api, accounts=[account_id], campaigns=[f"urn:li:sponsoredCampaign:{campaign}"])
    )
    assert {row["pivotValues"][0] for row in rows} <= {f"urn:li:sponsoredCampaign:{campaign}"}
    other = sandbox.dataset.accounts[1]["id"]
    assert (
        elements(
            analytics(api, accounts=[other], campaigns=[f"urn:li:sponsoredCampaign:{campaign}"])
        )
        == []
    )
    wrong_kind = analytics(api, campaigns=[f"urn:li:sponsoredAccount:{account_id}"])
    assert wrong_kind.status_code == 400


def test_sort_by(api: httpx.Client, account_id: int) -> None:
    rows = elements(
        analytics(
            api,
            accounts=[account_id],
            granularity="ALL",
            sortBy={"field": "IMPRESSIONS", "order": "DESCENDING"},
        )
    )
    impressions = [row["impressions"] for row in rows]
    assert impressions == sorted(impressions, reverse=True)


def test_late_conversions_restate_history(
    sandbox: Sandbox, sandbox_token: str, account_id: int
) -> None:
    day = TODAY - timedelta(days=3)

    def conversions_on(as_of: datetime) -> dict[str, tuple[int, int, int]]:
        sandbox.set_clock(as_of)
        with client(sandbox, sandbox_token) as api:
            rows = elements(analytics(api, accounts=[account_id], start=day, end=day))
        return {
            row["pivotValues"][0]: (
                row["impressions"],
                row["externalWebsiteConversions"],
                row["oneClickLeads"],
            )
            for row in rows
        }

    early = conversions_on(
        datetime.combine(day, datetime.min.time(), UTC) + timedelta(days=1, hours=6)
    )
    later = conversions_on(FIXED_NOW + timedelta(days=10))
    final = conversions_on(FIXED_NOW + timedelta(days=40))
    assert set(early) == set(later) == set(final)
    assert [v[0] for v in early.values()] == [v[0] for v in final.values()]
    for campaign in early:
        assert early[campaign][1] <= later[campaign][1] <= final[campaign][1]
        assert early[campaign][2] <= later[campaign][2] <= final[campaign][2]
    assert sum(v[1] + v[2] for v in final.values()) > sum(v[1] + v[2] for v in early.values())
    truth = {
        f"urn:li:sponsoredCampaign:{cid}": m["externalWebsiteConversions"]
        for cid, _d, m in sandbox.dataset.daily_rows(
            "CAMPAIGN", account_id, day, day, FIXED_NOW + timedelta(days=40)
        )
    }
    assert truth == {campaign: values[1] for campaign, values in final.items()}


def test_today_is_partial_and_the_future_is_empty(
    sandbox: Sandbox, sandbox_token: str, account_id: int
) -> None:
    def today_impressions(hour: int) -> int:
        sandbox.set_clock(datetime.combine(TODAY, datetime.min.time(), UTC) + timedelta(hours=hour))
        with client(sandbox, sandbox_token) as api:
            rows = elements(
                analytics(
                    api,
                    accounts=[account_id],
                    pivot="ACCOUNT",
                    start=TODAY,
                    end=TODAY + timedelta(days=5),
                )
            )
        assert all(_day(row) == TODAY for row in rows)
        return sum(row["impressions"] for row in rows)

    assert 0 < today_impressions(8) < today_impressions(20)


def test_jpy_money(api: httpx.Client, sandbox: Sandbox) -> None:
    account = next(a for a in sandbox.dataset.accounts if a["currency"] == "JPY")
    assert account["test"] is True
    total = elements(analytics(api, accounts=[account["id"]], pivot="ACCOUNT", granularity="ALL"))[
        0
    ]
    assert Decimal(total["costInUsd"]) < Decimal(total["costInLocalCurrency"]) / 100


def test_data_throttle(sandbox_factory: Callable[..., Sandbox]) -> None:
    sb = sandbox_factory(data_throttle_limit=5_000)
    account = sb.dataset.accounts[0]["id"]
    with client(sb, sb.issue_token()["access_token"]) as api:
        assert analytics(api, accounts=[account], pivot="CREATIVE").status_code == 200
        throttled = analytics(api, accounts=[account], pivot="CREATIVE")
        assert throttled.status_code == 429
        assert "Retry-After" not in throttled.headers
        sb.advance(timedelta(minutes=5))
        assert analytics(api, accounts=[account], pivot="CREATIVE").status_code == 200


def test_unmodelled_pivots_answer_empty(api: httpx.Client, account_id: int) -> None:
    assert elements(analytics(api, accounts=[account_id], pivot="CONVERSION")) == []
    assert analytics(api, accounts=[account_id], pivot="MEMBER_COUNTRY").status_code == 400
