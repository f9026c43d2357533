"""The sync engine end to end: real HTTP to the sandbox, a real database, every number."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sync_support import assert_matches_sandbox, history_start, options_for, table_rows

from linkedin.client import LinkedInClient, RetryPolicy
from linkedin.sandbox import FaultPlan, Sandbox
from persistence import repository
from persistence.db import open_database
from persistence.errors import SyncAlreadyRunningError
from persistence.runs import RunStatus
from sync.engine import run_sync
from sync.events import LogMessage, Stage, StageProgress, SyncEvent
from sync.outcome import FailureKind


async def test_a_first_sync_stores_every_number_of_the_sandbox(
    sandbox: Sandbox, client: LinkedInClient, db_url: str
) -> None:
    db = open_database(db_url)
    events: list[SyncEvent] = []
    outcome = await run_sync(db, client, options_for(sandbox), events.append)
    assert outcome.status is RunStatus.SUCCESS, outcome
    assert outcome.rows_written > 0
    assert_matches_sandbox(db, sandbox, history_start(sandbox), sandbox.now().date())
    finished = {e.stage for e in events if isinstance(e, StageProgress) and e.done >= e.total}
    assert {Stage.ACCOUNTS, Stage.CREATIVE_ANALYTICS, Stage.DEMOGRAPHICS, Stage.NAMES} <= finished
    assert any(isinstance(e, LogMessage) for e in events)
    db.close()


async def test_the_next_day_rereads_only_the_lookback_window(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    await run_sync(db, client, options_for(sandbox))
    sandbox.advance(timedelta(days=1))
    sandbox.clear_log()
    outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.SUCCESS
    today = sandbox.now().date()
    starts = {
        _range_start(r.query)
        for r in sandbox.request_log
        if r.path.endswith("/adAnalytics") and "timeGranularity=DAILY" in r.query
    }
    assert starts == {today - timedelta(days=30)}
    # Late conversions restated inside the lookback window are now stored.
    assert_matches_sandbox(db, sandbox, history_start(sandbox, 91), today)
    db.close()


async def test_a_fresh_database_is_skipped_unless_forced(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    options = options_for(sandbox, freshness_ttl=timedelta(hours=4))
    await run_sync(db, client, options)
    requests = client.stats.requests
    skipped = await run_sync(db, client, options)
    assert skipped.status is RunStatus.SKIPPED
    assert "fresh" in (skipped.message or "")
    assert client.stats.requests == requests
    forced = await run_sync(db, client, options_for(sandbox, force=True))
    assert forced.status is RunStatus.SUCCESS
    db.close()


async def test_a_second_concurrent_sync_is_refused_with_the_pid(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    with repository.acquire_sync_lock(db), pytest.raises(SyncAlreadyRunningError) as caught:
        await run_sync(db, client, options_for(sandbox))
    assert f"another sync is running (pid {os.getpid()}" in str(caught.value)
    db.close()


async def test_transient_faults_do_not_change_a_single_number(
    sandbox: Sandbox,
    sandbox_token: str,
    make_client: Callable[..., LinkedInClient],
    sqlite_url: str,
) -> None:
    # About one request in four fails, in every way LinkedIn and its proxies fail.
    sandbox.faults = FaultPlan.parse(
        "429:p=0.05,500:p=0.04,503:p=0.04,504:p=0.03,truncate:p=0.05,malformed:p=0.03,"
        "html:p=0.03,drop:p=0.02",
        seed=3,
    )
    db = open_database(sqlite_url)
    # Ten attempts: which request draws which fault depends on timing, and six failures
    # in a row for one request (possible at this rate) would be a test artefact.
    retry = RetryPolicy(max_attempts=10, backoff_base=0.001, backoff_max=0.004)
    async with make_client(sandbox, sandbox_token, retry=retry) as client:
        outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.SUCCESS
    assert outcome.retries > 5
    sandbox.faults = None
    assert_matches_sandbox(db, sandbox, history_start(sandbox), sandbox.now().date())
    db.close()


async def test_the_daily_quota_stops_the_run_keeps_its_data_and_a_rerun_completes(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    sandbox.faults = FaultPlan.parse("quota:after=25")
    stopped = await run_sync(db, client, options_for(sandbox))
    assert stopped.status is RunStatus.FAILED
    assert stopped.failure is FailureKind.TEMPORARY
    assert stopped.quota_resets_at is not None
    assert stopped.quota_resets_at.date() == sandbox.now().date() + timedelta(days=1)
    kept = table_rows(db, "campaigns")
    assert kept, "units committed before the quota ran out are kept"
    sandbox.faults = None
    resumed = await run_sync(db, client, options_for(sandbox))
    assert resumed.status is RunStatus.SUCCESS
    assert_matches_sandbox(db, sandbox, history_start(sandbox), sandbox.now().date())
    db.close()


async def test_a_revoked_token_fails_the_run_as_an_auth_problem(
    sandbox: Sandbox, sandbox_token: str, client: LinkedInClient, sqlite_url: str
) -> None:
    db = open_database(sqlite_url)
    sandbox.revoke_token(sandbox_token)
    outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.FAILED
    assert outcome.failure is FailureKind.AUTH
    assert sandbox_token not in (outcome.message or "")
    with db.read() as conn:
        run = repository.last_run(conn)
    assert run is not None
    assert run.status == "failed"
    assert run.error
    db.close()


async def test_metrics_of_entities_the_listing_omits_are_kept(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = sandbox.dataset
    account_id = next(a["id"] for a in dataset.accounts if dataset.role(a["id"]))
    today = sandbox.now().date()
    spending = {
        creative_id
        for creative_id, _day, _m in dataset.daily_rows(
            "CREATIVE", account_id, history_start(sandbox), today, sandbox.now()
        )
    }
    hidden = f"urn:li:sponsoredCreative:{min(spending)}"
    listed = dataset.creatives_of
    monkeypatch.setattr(
        dataset, "creatives_of", lambda a: [c for c in listed(a) if c["id"] != hidden]
    )
    db = open_database(sqlite_url)
    outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.SUCCESS
    stored = {r["creative_id"] for r in table_rows(db, "creative_daily_metrics")}
    assert min(spending) in stored
    assert min(spending) not in {r["id"] for r in table_rows(db, "creatives")}
    db.close()


async def test_an_account_the_api_refuses_is_reported_and_the_others_complete(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    dataset = sandbox.dataset
    victim = next(a["id"] for a in dataset.accounts if dataset.role(a["id"]))
    sandbox.faults = FaultPlan.parse(f"500:path=/rest/adAccounts/{victim}/adCampaigns")
    db = open_database(sqlite_url)
    outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.PARTIAL
    assert [f.account_id for f in outcome.account_failures] == [victim]
    others = {r["account_id"] for r in table_rows(db, "campaigns")}
    assert victim not in others
    assert others
    db.close()


def _range_start(query: str) -> date:
    match = re.search(r"dateRange=\(start:\(year:(\d+),month:(\d+),day:(\d+)\)", query)
    assert match, query
    return date(int(match[1]), int(match[2]), int(match[3]))


async def test_a_database_failure_mid_run_is_recorded_and_raised(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from persistence.errors import DiskFullError
    from sync import store

    original = store.save_unit
    calls = 0

    def fail_on_third_unit(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise DiskFullError("no space left for the database (test)")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "save_unit", fail_on_third_unit)
    db = open_database(sqlite_url)
    with pytest.raises(DiskFullError):
        await run_sync(db, client, options_for(sandbox))
    with db.read() as conn:
        run = repository.last_run(conn)
    assert run is not None
    assert (run.status, run.error) == ("failed", "no space left for the database (test)")
    db.close()


async def test_names_linkedin_refuses_leave_urns_and_a_warning(
    sandbox: Sandbox, client: LinkedInClient, sqlite_url: str
) -> None:
    sandbox.faults = FaultPlan.parse("500:path=/rest/adTargetingEntities")
    db = open_database(sqlite_url)
    outcome = await run_sync(db, client, options_for(sandbox))
    assert outcome.status is RunStatus.SUCCESS
    assert any("segment names could not be fetched" in w for w in outcome.warnings)
    unnamed = [r for r in table_rows(db, "audience_demographics") if r["segment_name"] is None]
    assert unnamed
    assert all(r["segment_urn"].startswith("urn:") for r in unnamed)
    db.close()
