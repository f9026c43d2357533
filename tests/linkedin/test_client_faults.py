"""The client under every failure LinkedIn (and the network) produces, via the sandbox.

Every test talks real HTTP to the sandbox on 127.0.0.1 with fault injection; waits are
shrunk to milliseconds through RetryPolicy, and the sleeps are recorded to check the
backoff itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from linkedin import endpoints
from linkedin.client import LinkedInClient, RetryPolicy
from linkedin.errors import (
    AuthError,
    BadRequestError,
    DailyQuotaExceededError,
    MalformedResponseError,
    TransientError,
    VersionRetiredError,
)
from linkedin.sandbox import FaultPlan, Sandbox
from linkedin.token_provider import StaticTokenProvider

FAST = RetryPolicy(backoff_base=0.001, backoff_max=0.004, retry_after_cap=0.05)


class RecordingSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


class RefreshingProvider:
    """A provider whose first token is rejected; a refresh hands out a good one."""

    def __init__(self, stale: str, fresh: str | None) -> None:
        self.current = stale
        self.fresh = fresh
        self.refreshes = 0

    async def access_token(self) -> str:
        return self.current

    async def refresh_after_unauthorized(self, rejected_token: str) -> str | None:
        self.refreshes += 1
        if self.fresh is None:
            return None
        self.current = self.fresh
        return self.fresh


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def build(
    sandbox: Sandbox, sandbox_token: str, sleep: RecordingSleep
) -> Callable[..., LinkedInClient]:
    def make(**kwargs: Any) -> LinkedInClient:
        kwargs.setdefault("token_provider", StaticTokenProvider(sandbox_token))
        kwargs.setdefault("retry", FAST)
        kwargs.setdefault("version", "202607")
        return LinkedInClient(base_url=sandbox.api_base_url, sleep=sleep, **kwargs)

    return make


@pytest.fixture
async def client(build: Callable[..., LinkedInClient]) -> AsyncIterator[LinkedInClient]:
    async with build() as c:
        yield c


async def _accounts(client: LinkedInClient) -> list[Any]:
    return [a async for page in endpoints.iter_ad_accounts(client) for a in page.items]


async def test_sends_the_required_headers_and_counts_requests(
    sandbox: Sandbox, client: LinkedInClient
) -> None:
    accounts = await _accounts(client)
    assert accounts
    record = sandbox.request_log[-1]
    assert record.headers["linkedin-version"] == "202607"
    assert record.headers["x-restli-protocol-version"] == "2.0.0"
    assert record.authorized
    assert client.stats.requests == len(sandbox.request_log)


async def test_creatives_search_uses_the_finder_header_and_page_size_100(
    sandbox: Sandbox, client: LinkedInClient
) -> None:
    account = (await _accounts(client))[0]
    creatives = [
        c async for page in endpoints.iter_creatives(client, account.id) for c in page.items
    ]
    assert creatives
    record = next(r for r in sandbox.request_log if r.path.endswith("/creatives"))
    assert record.headers["x-restli-method"] == "FINDER"
    assert "pageSize=100" in record.query


@pytest.mark.parametrize("status", ["429", "500", "502", "503", "504"])
async def test_transient_statuses_are_retried_with_full_jitter(
    sandbox: Sandbox, client: LinkedInClient, sleep: RecordingSleep, status: str
) -> None:
    sandbox.faults = FaultPlan.parse(f"{status}:burst=3")
    assert await _accounts(client)
    assert client.stats.retries == 3
    assert client.stats.by_status[int(status)] == 3
    # Full jitter: each wait is drawn from [0, min(max, base * 2^n)].
    assert all(0 <= w <= FAST.backoff_max for w in sleep.waits)


async def test_retry_after_is_honoured_but_capped(
    sandbox: Sandbox, client: LinkedInClient, sleep: RecordingSleep
) -> None:
    sandbox.faults = FaultPlan.parse("429:burst=1:retry-after=3600")
    assert await _accounts(client)
    assert FAST.retry_after_cap in sleep.waits


@pytest.mark.parametrize("kind", ["truncate", "malformed", "html", "drop"])
async def test_broken_bodies_are_retried_not_crashed_on(
    sandbox: Sandbox, client: LinkedInClient, kind: str
) -> None:
    sandbox.faults = FaultPlan.parse(f"{kind}:burst=2")
    assert await _accounts(client)
    assert client.stats.retries == 2


async def test_a_body_that_stays_broken_is_a_malformed_response_error(
    sandbox: Sandbox, client: LinkedInClient
) -> None:
    sandbox.faults = FaultPlan.parse("malformed")
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        await _accounts(client)
    assert client.stats.requests == FAST.max_attempts


async def test_a_proxy_error_page_is_described_not_parsed(
    sandbox: Sandbox, client: LinkedInClient
) -> None:
    sandbox.faults = FaultPlan.parse("html")
    with pytest.raises(TransientError, match=r"502: Bad Gateway \(text/html page"):
        await _accounts(client)
    assert client.stats.requests == FAST.max_attempts


async def test_slow_responses_time_out_and_are_retried(
    sandbox: Sandbox, build: Callable[..., LinkedInClient]
) -> None:
    sandbox.faults = FaultPlan.parse("slow=1500ms:burst=1")
    async with build(timeout=0.3) as client:
        assert await _accounts(client)
        assert client.stats.retries == 1


async def test_repeated_429s_are_the_daily_quota_with_its_reset_time(
    sandbox: Sandbox, client: LinkedInClient
) -> None:
    sandbox.faults = FaultPlan.parse("quota:after=0")
    with pytest.raises(DailyQuotaExceededError) as caught:
        await _accounts(client)
    assert caught.value.reset_at > datetime.now(UTC)
    assert caught.value.reset_at.hour == caught.value.reset_at.minute == 0
    assert "resets at" in str(caught.value)
    assert client.stats.requests == FAST.quota_429_threshold


async def test_a_401_refreshes_the_token_once(
    sandbox: Sandbox, sandbox_token: str, build: Callable[..., LinkedInClient]
) -> None:
    provider = RefreshingProvider("not-a-valid-token", sandbox_token)
    async with build(token_provider=provider) as client:
        assert await _accounts(client)
    assert provider.refreshes == 1


async def test_a_401_that_refresh_cannot_cure_is_an_auth_error(
    sandbox: Sandbox, sandbox_token: str, build: Callable[..., LinkedInClient]
) -> None:
    sandbox.revoke_token(sandbox_token)
    provider = RefreshingProvider(sandbox_token, None)
    async with build(token_provider=provider) as client:
        with pytest.raises(AuthError, match=r"revoked|REVOKED") as caught:
            await _accounts(client)
    assert caught.value.status == 401
    assert sandbox_token not in str(caught.value)
    assert provider.refreshes == 1


async def test_a_token_expiring_mid_run_is_refreshed(
    sandbox: Sandbox, build: Callable[..., LinkedInClient]
) -> None:
    first = sandbox.issue_token()["access_token"]
    second = sandbox.issue_token()["access_token"]
    provider = RefreshingProvider(first, second)
    sandbox.faults = FaultPlan.parse("expire:burst=1")
    async with build(token_provider=provider) as client:
        assert await _accounts(client)
    assert provider.refreshes == 1


async def test_a_retired_version_says_which_setting_to_change(
    build: Callable[..., LinkedInClient],
) -> None:
    async with build(version="202511") as client:
        with pytest.raises(VersionRetiredError, match=r"202511 is retired.*LINKEDIN_API_VERSION"):
            await _accounts(client)


async def test_bad_requests_are_not_retried(client: LinkedInClient) -> None:
    with pytest.raises(BadRequestError):
        await client.get("/adAccounts", {"q": "search", "pageSize": 5000})
    assert client.stats.requests == 1


async def test_long_queries_are_tunnelled_as_post(sandbox: Sandbox, client: LinkedInClient) -> None:
    account = (await _accounts(client))[0]
    campaigns = [c async for p in endpoints.iter_campaigns(client, account.id) for c in p.items]
    many = tuple(c.id for c in campaigns) * 20  # well past 4,000 characters of URNs
    request = endpoints.AnalyticsRequest(
        pivot="CAMPAIGN",
        granularity="ALL",
        date_range=endpoints.DateRange(sandbox.now().date().replace(day=1)),
        campaigns=many,
        metrics=("impressions",),
    )
    result = await endpoints.fetch_analytics(client, request)
    assert result.rows
    assert client.stats.tunnelled == 1
    assert sandbox.request_log[-1].tunnelled


async def test_exhausted_network_retries_are_transient(
    sandbox: Sandbox, sandbox_token: str, sleep: RecordingSleep
) -> None:
    base_url = sandbox.api_base_url
    sandbox.stop()
    client = LinkedInClient(
        base_url=base_url,
        version="202607",
        token_provider=StaticTokenProvider(sandbox_token),
        retry=FAST,
        sleep=sleep,
    )
    async with client:
        with pytest.raises(TransientError, match="cannot connect"):
            await client.get("/adAccounts", {"q": "search"})
    assert client.stats.retries == FAST.max_attempts - 1


async def test_index_paging_walks_start_and_count(sandbox: Sandbox, client: LinkedInClient) -> None:
    pages = [
        page
        async for page in client.paginate_index(
            "/adAccountUsers", {"q": "authenticatedUser"}, count=1
        )
    ]
    users = [user for page in pages for user in page]
    assert len(users) >= 2
    assert all(len(page) <= 1 for page in pages)
    assert {u["account"] for u in users} >= {
        f"urn:li:sponsoredAccount:{a['id']}"
        for a in sandbox.dataset.accounts
        if sandbox.dataset.role(a["id"])
    }
