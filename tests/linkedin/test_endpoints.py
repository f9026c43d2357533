"""The typed endpoints fetch a whole 90-day picture from the sandbox, exactly.

Entities, daily campaign and creative analytics, every demographic pivot and the
names of their segments, including an account so big that a 30-day creative request
comes back at LinkedIn's 15,000-row cap and must be split and fetched again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise

from linkedin import endpoints
from linkedin.client import LinkedInClient, RetryPolicy
from linkedin.models import money_to_micros, parse_urn
from linkedin.restli import DateRange
from linkedin.sandbox import AccountSpec, DatasetSpec, Sandbox
from linkedin.token_provider import StaticTokenProvider

FAST = RetryPolicy(backoff_base=0.001, backoff_max=0.004)
BIG_SPEC = DatasetSpec(
    (
        AccountSpec("USD", campaigns=20, creatives=600, always_on=True, name="Big Co"),
        AccountSpec("EUR", campaigns=6, creatives=24),
    )
)


def _client(sandbox: Sandbox) -> LinkedInClient:
    token = sandbox.issue_token()["access_token"]
    return LinkedInClient(
        base_url=sandbox.api_base_url,
        version="202607",
        token_provider=StaticTokenProvider(token),
        retry=FAST,
    )


async def test_the_whole_90_day_picture_is_fetched_exactly(
    sandbox_factory: Callable[..., Sandbox],
) -> None:
    sandbox = sandbox_factory(spec=BIG_SPEC)
    dataset = sandbox.dataset
    today = sandbox.now().date()
    start = today - timedelta(days=90)
    async with _client(sandbox) as client:
        accounts = [a async for page in endpoints.iter_ad_accounts(client) for a in page.items]
        assert {a.id for a in accounts} == {a["id"] for a in dataset.accounts}
        for account in accounts:
            campaigns = [
                c async for p in endpoints.iter_campaigns(client, account.id) for c in p.items
            ]
            assert {c.id for c in campaigns} == {c["id"] for c in dataset.campaigns_of(account.id)}
            creatives = [
                c async for p in endpoints.iter_creatives(client, account.id) for c in p.items
            ]
            assert {c.id for c in creatives} == {c["id"] for c in dataset.creatives_of(account.id)}
            for pivot in ("CAMPAIGN", "CREATIVE"):
                request = endpoints.daily_request(pivot, account.id, DateRange(start, today))
                fetched = {
                    (parse_urn(r.pivot_value), r.start): r
                    async for result in endpoints.iter_analytics_windows(client, request)
                    for r in result.rows
                }
                truth = {
                    (entity_id, day): metrics
                    for entity_id, day, metrics in dataset.daily_rows(
                        pivot, account.id, start, today, sandbox.now()
                    )
                }
                assert set(fetched) == set(truth), (account.id, pivot)
                for key, metrics in truth.items():
                    row = fetched[key]
                    assert row.impressions == metrics["impressions"]
                    assert row.cost_in_local_currency == money_to_micros(
                        metrics["costInLocalCurrency"]
                    )
                    assert row.external_website_conversions == metrics["externalWebsiteConversions"]
            month_start = date(start.year, start.month, 1)
            urns: set[str] = set()
            for pivot in endpoints.DEMOGRAPHIC_PIVOTS:
                request = endpoints.demographics_request(
                    account.id, pivot, DateRange(month_start, today)
                )
                rows = [
                    r
                    async for result in endpoints.iter_analytics_windows(client, request)
                    for r in result.rows
                ]
                truth_rows = list(
                    dataset.demographic_rows(
                        account.id,
                        pivot,
                        month_start,
                        today,
                        "MONTHLY",
                        sandbox.now(),
                        endpoints.DEMOGRAPHIC_METRICS,
                    )
                )
                assert {(r.pivot_value, r.start) for r in rows} == {
                    (segment, bucket_start) for segment, bucket_start, _e, _m in truth_rows
                }
                urns.update(r.pivot_value for r in rows)
            names, requests = await endpoints.resolve_names(client, urns)
            assert requests == -(-len([u for u in urns if u.startswith("urn:")]) // 50)
            for urn in urns:
                expected = endpoints.COMPANY_SIZE_NAMES.get(urn) or dataset.entity_name(urn)
                assert names[urn].name == expected
            assert any(not name.name.isascii() for name in names.values())


async def test_a_capped_window_is_split_and_fetched_again(
    sandbox_factory: Callable[..., Sandbox],
) -> None:
    sandbox = sandbox_factory(spec=BIG_SPEC)
    big = next(a for a in sandbox.dataset.accounts if a["name"] == "Big Co")
    today = sandbox.now().date()
    window = DateRange(today - timedelta(days=29), today)
    async with _client(sandbox) as client:
        request = endpoints.daily_request("CREATIVE", big["id"], window)
        single = await endpoints.fetch_analytics(client, request)
        assert single.capped
        assert len(single.rows) == endpoints.ANALYTICS_ROW_CAP
        results = [r async for r in endpoints.iter_analytics_windows(client, request)]
    assert len(results) > 1
    assert not any(r.capped for r in results)
    fetched = sum(len(r.rows) for r in results)
    truth = sum(
        1
        for _ in sandbox.dataset.daily_rows(
            "CREATIVE", big["id"], window.start, today, sandbox.now()
        )
    )
    assert fetched == truth > endpoints.ANALYTICS_ROW_CAP
    covered = [r.request.date_range for r in results]
    assert covered[0].start == window.start
    assert covered[-1].end == today
    assert all(a.end + timedelta(days=1) == b.start for a, b in pairwise(covered))


async def test_more_than_20_fields_are_chunked_and_merged_on_pivot_and_date(
    sandbox: Sandbox, sandbox_token: str
) -> None:
    metrics = (
        *endpoints.DEFAULT_METRICS,
        "totalEngagements",
        "reactions",
        "videoStarts",
        "videoCompletions",
        "oneClickLeadFormOpens",
        "companyPageClicks",
        "actionClicks",
    )
    assert len(metrics) > 18
    chunks = endpoints.metric_chunks(metrics)
    assert [len(c) for c in chunks] == [18, len(metrics) - 18]
    account_id = next(a["id"] for a in sandbox.dataset.accounts if sandbox.dataset.role(a["id"]))
    today = sandbox.now().date()
    request = endpoints.AnalyticsRequest(
        pivot="CAMPAIGN",
        granularity="DAILY",
        date_range=DateRange(today - timedelta(days=13), today),
        accounts=(account_id,),
        metrics=metrics,
    )
    async with LinkedInClient(
        base_url=sandbox.api_base_url,
        version="202607",
        token_provider=StaticTokenProvider(sandbox_token),
        retry=FAST,
    ) as client:
        result = await endpoints.fetch_analytics(client, request)
    assert result.requests == 2
    assert all(len(r.query.split("fields=")[1].split(",")) <= 20 for r in sandbox.request_log)
    truth = {
        (entity_id, day): m
        for entity_id, day, m in sandbox.dataset.daily_rows(
            "CAMPAIGN", account_id, request.date_range.start, today, sandbox.now(), metrics
        )
    }
    assert {(parse_urn(r.pivot_value), r.start) for r in result.rows} == set(truth)
    for row in result.rows:
        expected = truth[(parse_urn(row.pivot_value), row.start)]
        assert row.impressions == expected["impressions"]
        assert row.extra.get("totalEngagements", 0) == expected.get("totalEngagements", 0)


def test_monthly_windows_split_on_month_boundaries() -> None:
    halves = endpoints.split_range(DateRange(date(2026, 8, 1), date(2026, 11, 26)), "MONTHLY")
    assert halves == (
        DateRange(date(2026, 8, 1), date(2026, 9, 30)),
        DateRange(date(2026, 10, 1), date(2026, 11, 26)),
    )
    assert (
        endpoints.split_range(DateRange(date(2026, 11, 1), date(2026, 11, 26)), "MONTHLY") is None
    )
    assert endpoints.split_range(DateRange(date(2026, 11, 1), date(2026, 11, 1)), "DAILY") is None
