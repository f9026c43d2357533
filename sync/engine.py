"""`run_sync`: the one sync function behind the TUI's sync screen and headless `--sync`.

A run, in order: take the per-database sync lock (a second sync is refused with the
other's pid) → mark runs left ``running`` by a killed process as ``interrupted`` →
freshness gate (skip when the last success is younger than the TTL, unless forced) →
open a ``sync_log`` row → list the accounts → for every account, concurrently (the
client bounds the requests in flight): campaign groups, campaigns and creatives, then
daily campaign analytics, daily creative analytics and the monthly demographics →
names of demographic segments → close the run → JSON snapshot.

Failures are sorted by what they mean for the rest of the run. An expired token, a
retired API version or an exhausted quota stop everything (every account would hit
them); anything else LinkedIn refuses for one account is recorded and the other
accounts go on (status ``partial``). Cancellation (the task is cancelled) lets the
transaction in flight finish, records ``cancelled`` and re-raises.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from linkedin import endpoints
from linkedin.auth.errors import OAuthError
from linkedin.client import LinkedInClient
from linkedin.errors import AuthError, LinkedInError, RateLimitedError, VersionRetiredError
from linkedin.models import AdAccount
from linkedin.redaction import redact
from persistence import repository
from persistence.db import Database
from persistence.runs import RunStatus
from persistence.tables import AdAccount as AdAccountTable
from persistence.tables import table_of
from sync import rows, snapshot, store
from sync.events import EventSink, RunStarted, Stage, ignore_events
from sync.memory import fewer_gc_passes
from sync.outcome import AccountFailure, SyncOutcome, classify, quota_reset
from sync.progress import Progress
from sync.stages import (
    RunContext,
    resolve_segment_names,
    sync_daily,
    sync_demographics,
    sync_entities,
)
from sync.store import SyncStore
from sync.tasks import gather_or_cancel

FATAL_ERRORS = (AuthError, OAuthError, VersionRetiredError, RateLimitedError)
"""Errors that every other account would hit too (token, version, quota): they end the run."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class SyncOptions:
    trigger: str = "headless"
    force: bool = False
    account_ids: frozenset[int] | None = None
    history_days: int = 90
    lookback_days: int = 30
    freshness_ttl: timedelta = timedelta(minutes=240)
    snapshot_dir: Path | None = None
    now: Callable[[], datetime] = field(default=utc_now)


async def run_sync(
    db: Database,
    client: LinkedInClient,
    options: SyncOptions,
    on_event: EventSink = ignore_events,
) -> SyncOutcome:
    """Sync LinkedIn into `db` and return what happened.

    Raises :class:`persistence.errors.SyncAlreadyRunningError` (with the other run's pid)
    when another sync holds this database, and lets a database failure (disk full, say)
    propagate after recording it in ``sync_log``.
    """
    sync_store = SyncStore(db)
    with repository.acquire_sync_lock(db) as lock, fewer_gc_passes():
        return await _Run(sync_store, client, options, on_event, lock).execute()


class _Run:
    def __init__(
        self,
        sync_store: SyncStore,
        client: LinkedInClient,
        options: SyncOptions,
        sink: EventSink,
        lock: repository.SyncLock,
    ) -> None:
        self.lock = lock
        self.store = sync_store
        self.client = client
        self.options = options
        self.sink = sink
        self.started = options.now()
        self.progress = Progress(sink, client.stats)
        self.failures: list[AccountFailure] = []

    async def execute(self) -> SyncOutcome:
        now = self.started
        await self.store.write(partial(repository.mark_interrupted, now=now, lock=self.lock))
        if not self.options.force:
            fresh_since = await self.store.read(
                partial(
                    store.fresh_since,
                    now=now,
                    ttl=self.options.freshness_ttl,
                    account_ids=self.options.account_ids,
                )
            )
            if fresh_since is not None:
                return await self._skip(fresh_since)
        run_id = await self.store.write(
            partial(
                repository.start_run,
                trigger=self.options.trigger,
                pid=os.getpid(),
                hostname=socket.gethostname(),
                now=now,
            )
        )
        self.sink(RunStarted(run_id=run_id, trigger=self.options.trigger, started_at=now))
        ctx = RunContext(
            client=self.client,
            store=self.store,
            progress=self.progress,
            run_id=run_id,
            today=now.astimezone(UTC).date(),
            history_days=self.options.history_days,
            lookback_days=self.options.lookback_days,
            now=self.options.now,
            unit_slots=asyncio.Semaphore(self.client.max_in_flight),
        )
        try:
            outcome = await self._sync_everything(ctx)
        except asyncio.CancelledError:
            await self.store.drain()
            await self._close(ctx, RunStatus.CANCELLED, message="cancelled by the user")
            raise
        except Exception as error:
            # A database failure or a bug: record the run as failed if the database
            # still lets us, then let the caller report the error itself.
            await self.store.drain()
            with contextlib.suppress(Exception):
                await self._close(ctx, RunStatus.FAILED, message=redact(str(error)), error=error)
            raise
        if outcome.status is RunStatus.SUCCESS and self.options.snapshot_dir is not None:
            outcome = await self._snapshot(outcome)
        return outcome

    async def _sync_everything(self, ctx: RunContext) -> SyncOutcome:
        try:
            accounts = await self._sync_accounts(ctx)
            await gather_or_cancel(
                (self._account_pipeline(ctx, a) for a in accounts), prefer=FATAL_ERRORS
            )
            if len(self.failures) < len(accounts) or not accounts:
                await self._resolve_names(ctx)
        except LinkedInError as error:
            await self.store.drain()
            status = RunStatus.FAILED
            return await self._close(ctx, status, message=redact(str(error)), error=error)
        if not self.failures:
            status = RunStatus.SUCCESS
        elif len(self.failures) < len(accounts):
            status = RunStatus.PARTIAL
        else:
            status = RunStatus.FAILED
        message = None
        if self.failures:
            message = f"{len(self.failures)} of {len(accounts)} account(s) failed"
        return await self._close(ctx, status, message=message)

    async def _resolve_names(self, ctx: RunContext) -> None:
        """Segment names are a nicety: if LinkedIn refuses them, say so and keep the run."""
        try:
            await resolve_segment_names(ctx)
        except FATAL_ERRORS:
            raise
        except LinkedInError as error:
            ctx.warn(
                f"segment names could not be fetched ({redact(str(error))}); the "
                "demographics keep their URNs and the next sync tries again"
            )

    async def _sync_accounts(self, ctx: RunContext) -> list[AdAccount]:
        self.progress.plan(Stage.ACCOUNTS, 1)
        accounts: list[AdAccount] = []
        table = table_of(AdAccountTable)
        async for page in endpoints.iter_ad_accounts(
            self.client, account_ids=self.options.account_ids
        ):
            for reason in page.rejected:
                ctx.warn(f"skipped {reason}")
            now = ctx.now()
            page_rows = [rows.account_row(a, now) for a in page.items]
            written = await self.store.write(partial(store.write_rows, table=table, rows=page_rows))
            accounts.extend(page.items)
            self.progress.advance(Stage.ACCOUNTS, rows=written, units=0)
        self.progress.accounts = len(accounts)
        self.progress.advance(Stage.ACCOUNTS)
        self.progress.log(f"{len(accounts)} ad account(s) to sync")
        if self.options.account_ids:
            missing = self.options.account_ids - {a.id for a in accounts}
            for account_id in sorted(missing):
                ctx.warn(f"account {account_id} is not visible to this LinkedIn token")
        return accounts

    async def _account_pipeline(self, ctx: RunContext, account: AdAccount) -> None:
        stage = Stage.CAMPAIGN_GROUPS
        try:
            await sync_entities(ctx, account)
            stage = Stage.CAMPAIGN_ANALYTICS

            async def daily() -> None:
                nonlocal stage
                await sync_daily(ctx, account.id, Stage.CAMPAIGN_ANALYTICS)
                stage = Stage.CREATIVE_ANALYTICS
                await sync_daily(ctx, account.id, Stage.CREATIVE_ANALYTICS)

            await gather_or_cancel(
                [daily(), sync_demographics(ctx, account.id)], prefer=FATAL_ERRORS
            )
            await self.store.write(
                partial(
                    store.mark_account_synced,
                    account_id=account.id,
                    run_id=ctx.run_id,
                    now=ctx.now(),
                )
            )
        except FATAL_ERRORS:
            raise
        except LinkedInError as error:
            failure = AccountFailure(account.id, stage.value, classify(error), redact(str(error)))
            self.failures.append(failure)
            ctx.warn(
                f"account {account.id} failed at {stage.label.lower()}: {failure.message}",
                account.id,
            )

    async def _skip(self, fresh_since: datetime) -> SyncOutcome:
        age = int((self.started - fresh_since).total_seconds() // 60)
        message = (
            f"data is fresh (last successful sync {age} min ago, TTL "
            f"{int(self.options.freshness_ttl.total_seconds() // 60)} min)"
        )
        run_id = await self.store.write(
            partial(
                store.record_skipped_run,
                trigger=self.options.trigger,
                now=self.started,
                message=message,
            )
        )
        self.progress.log(message)
        return SyncOutcome(
            status=RunStatus.SKIPPED,
            run_id=run_id,
            started_at=self.started,
            finished_at=self.options.now(),
            message=message,
        )

    async def _close(
        self,
        ctx: RunContext,
        status: RunStatus,
        *,
        message: str | None,
        error: BaseException | None = None,
    ) -> SyncOutcome:
        stats = self.client.stats
        finished = self.options.now()
        await asyncio.shield(
            self.store.write(
                partial(
                    repository.finish_run,
                    run_id=ctx.run_id,
                    status=status,
                    now=finished,
                    accounts=self.progress.accounts,
                    api_calls=stats.requests,
                    rows_written=self.progress.rows,
                    error=message if status is not RunStatus.SUCCESS else None,
                )
            )
        )
        failure = classify(error) if error is not None else None
        if failure is None and self.failures:
            failure = self.failures[0].kind
        return SyncOutcome(
            status=status,
            run_id=ctx.run_id,
            started_at=self.started,
            finished_at=finished,
            accounts=self.progress.accounts,
            rows_written=self.progress.rows,
            requests=stats.requests,
            retries=stats.retries,
            throttled=stats.throttled,
            failure=failure,
            message=message,
            quota_resets_at=quota_reset(error) if error is not None else None,
            account_failures=tuple(self.failures),
            warnings=tuple(ctx.warnings),
        )

    async def _snapshot(self, outcome: SyncOutcome) -> SyncOutcome:
        assert self.options.snapshot_dir is not None
        self.progress.plan(Stage.SNAPSHOT, 1)
        path = await self.store.read(
            partial(
                snapshot.write_snapshot,
                directory=self.options.snapshot_dir,
                run_id=outcome.run_id,
                now=outcome.finished_at,
            )
        )
        self.progress.advance(Stage.SNAPSHOT)
        self.progress.log(f"snapshot written to {path}")
        return replace(outcome, snapshot=path)
