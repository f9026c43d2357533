"""The work of each stage for one account: fetch a unit, validate it, write it.

Every unit is written together with its checkpoint in one transaction (see
:mod:`sync.store`), so a killed process loses at most the unit in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import TypeVar

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.engine import Connection

from linkedin import endpoints
from linkedin.client import LinkedInClient
from linkedin.endpoints import Page
from linkedin.models import AdAccount, AnalyticsElement
from linkedin.restli import DateRange
from persistence.tables import (
    AudienceDemographics,
    Campaign,
    CampaignDailyMetrics,
    CampaignGroup,
    Creative,
    CreativeDailyMetrics,
    table_of,
)
from sync import plan, rows, store
from sync.events import Stage
from sync.progress import Progress
from sync.store import SyncStore
from sync.tasks import gather_or_cancel

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass
class RunContext:
    """What every stage of one run shares."""

    client: LinkedInClient
    store: SyncStore
    progress: Progress
    run_id: int
    today: date
    history_days: int
    lookback_days: int
    now: Callable[[], datetime]
    unit_slots: asyncio.Semaphore
    """Analytics windows held in memory at once (fetched, not yet written): without a
    bound, ten accounts' windows waiting for the one writer would pile up."""
    warnings: list[str] = field(default_factory=list)

    def warn(self, text: str, account_id: int | None = None) -> None:
        self.warnings.append(text)
        self.progress.log(text, level="warning", account_id=account_id)


# -- entities ------------------------------------------------------------------------


async def sync_entities(ctx: RunContext, account: AdAccount) -> None:
    """Campaign groups, campaigns and creatives of one account (three listings at once)."""
    now = ctx.now()
    await gather_or_cancel(
        [
            _list_into(
                ctx,
                Stage.CAMPAIGN_GROUPS,
                account.id,
                endpoints.iter_campaign_groups(ctx.client, account.id),
                table_of(CampaignGroup),
                lambda group: rows.campaign_group_row(group, now),
            ),
            _list_into(
                ctx,
                Stage.CAMPAIGNS,
                account.id,
                endpoints.iter_campaigns(ctx.client, account.id),
                table_of(Campaign),
                lambda campaign: rows.campaign_row(campaign, account.currency, now),
            ),
            _list_into(
                ctx,
                Stage.CREATIVES,
                account.id,
                endpoints.iter_creatives(ctx.client, account.id),
                table_of(Creative),
                lambda creative: rows.creative_row(creative, now),
            ),
        ]
    )


async def _list_into(
    ctx: RunContext,
    stage: Stage,
    account_id: int,
    pages: AsyncIterator[Page[ModelT]],
    table: sa.Table,
    to_row: Callable[[ModelT], rows.Row],
) -> None:
    """Write each page of a listing as it arrives (a page is a unit: upserts are idempotent)."""
    count = 0
    async for page in pages:
        page_rows = [to_row(item) for item in page.items]
        for reason in page.rejected:
            ctx.warn(f"account {account_id}: skipped {reason}", account_id)
        written = await ctx.store.write(partial(store.write_rows, table=table, rows=page_rows))
        count += len(page_rows)
        ctx.progress.advance(stage, rows=written, units=0, account_id=account_id)
    ctx.progress.advance(stage, account_id=account_id)
    ctx.progress.log(
        f"account {account_id}: {count:,} {stage.label.lower()}", account_id=account_id
    )


# -- daily analytics -------------------------------------------------------------------

# stage -> (pivot, table, id column, URN kind of the pivot values)
_DAILY: dict[Stage, tuple[str, sa.Table, str, str]] = {
    Stage.CAMPAIGN_ANALYTICS: (
        "CAMPAIGN",
        table_of(CampaignDailyMetrics),
        "campaign_id",
        "sponsoredCampaign",
    ),
    Stage.CREATIVE_ANALYTICS: (
        "CREATIVE",
        table_of(CreativeDailyMetrics),
        "creative_id",
        "sponsoredCreative",
    ),
}


async def sync_daily(ctx: RunContext, account_id: int, stage: Stage) -> None:
    """Daily rows of every campaign or creative of the account over the sync range."""
    state = await ctx.store.read(lambda conn: store.stage_state(conn, account_id, stage.value))
    window = plan.sync_range(
        state, today=ctx.today, history_days=ctx.history_days, lookback_days=ctx.lookback_days
    )
    estimate = await ctx.store.read(lambda conn: _estimator(conn, account_id, stage, window))
    windows = plan.pack_windows(window, estimate)
    ctx.progress.plan(stage, len(windows), account_id)
    ctx.progress.log(
        f"account {account_id}: {stage.label.lower()} {window.start} → {window.end} "
        f"in {len(windows)} window(s)",
        account_id=account_id,
    )
    for planned in windows:
        async with ctx.unit_slots:
            await _fetch_daily_window(ctx, stage, account_id, planned, window.start)


async def _fetch_daily_window(
    ctx: RunContext, stage: Stage, account_id: int, planned: DateRange, range_start: date
) -> None:
    """One planned window: fetched (split if LinkedIn capped it), each part a unit."""
    pivot, table, key, urn_kind = _DAILY[stage]
    request = endpoints.daily_request(pivot, account_id, planned)
    first = True
    async for result in endpoints.iter_analytics_windows(ctx.client, request):
        if not first:
            ctx.progress.plan(stage, 1, account_id)
        first = False
        done = result.request.date_range
        if done != planned:
            ctx.progress.log(
                f"account {account_id}: window {planned.start} → {planned.end} hit the "
                "15,000-row cap and was split",
                level="warning",
                account_id=account_id,
            )
        for reason in result.rejected:
            ctx.warn(f"account {account_id}: skipped {reason}", account_id)
        unit_rows = _daily_rows(ctx, result.elements, key, urn_kind, account_id)
        del result  # the parsed elements are not needed while the rows wait for the writer
        written = await ctx.store.write(
            partial(
                store.save_unit,
                table=table,
                rows=unit_rows,
                account_id=account_id,
                stage=stage.value,
                range_start=range_start,
                complete_through=_complete_through(done, ctx.today),
                run_id=ctx.run_id,
                now=ctx.now(),
            )
        )
        ctx.progress.advance(stage, rows=written, account_id=account_id)


def _estimator(
    conn: Connection, account_id: int, stage: Stage, window: DateRange
) -> Callable[[date], int]:
    """An upper bound of rows per day for packing windows (see :mod:`sync.plan`)."""
    if stage is Stage.CAMPAIGN_ANALYTICS:
        return plan.campaign_rows_estimate(store.campaign_schedules(conn, account_id))
    assert window.end is not None
    delivering = store.delivering_campaign_days(conn, account_id, window.start, window.end)
    return plan.creative_rows_estimate(delivering, store.creatives_per_campaign(conn, account_id))


def _daily_rows(
    ctx: RunContext, analytics: list[AnalyticsElement], key: str, urn_kind: str, account_id: int
) -> list[rows.Row]:
    result: list[rows.Row] = []
    for row in analytics:
        try:
            result.append(
                rows.daily_metrics_row(row, key=key, urn_kind=urn_kind, account_id=account_id)
            )
        except ValueError as exc:
            ctx.warn(f"account {account_id}: skipped an analytics row ({exc})", account_id)
    return result


def _complete_through(window: DateRange, today: date) -> date:
    """Today is still being delivered: the last *complete* day is yesterday at most."""
    assert window.end is not None
    return min(window.end, today - timedelta(days=1))


# -- demographics ----------------------------------------------------------------------


async def sync_demographics(ctx: RunContext, account_id: int) -> None:
    """Monthly delivery for every member pivot of the account (pivots in parallel)."""
    ctx.progress.plan(Stage.DEMOGRAPHICS, len(endpoints.DEMOGRAPHIC_PIVOTS), account_id)
    await gather_or_cancel(
        _sync_pivot(ctx, account_id, pivot) for pivot in endpoints.DEMOGRAPHIC_PIVOTS
    )


async def _sync_pivot(ctx: RunContext, account_id: int, pivot: str) -> None:
    stage_key = f"demographics:{pivot}"
    state = await ctx.store.read(lambda conn: store.stage_state(conn, account_id, stage_key))
    window = plan.month_aligned(
        plan.sync_range(
            state, today=ctx.today, history_days=ctx.history_days, lookback_days=ctx.lookback_days
        )
    )
    table = table_of(AudienceDemographics)
    request = endpoints.demographics_request(account_id, pivot, window)
    async for result in endpoints.iter_analytics_windows(ctx.client, request):
        for reason in result.rejected:
            ctx.warn(f"account {account_id}: skipped {reason}", account_id)

        def write(
            conn: Connection,
            analytics: list[AnalyticsElement] = result.elements,
            done: DateRange = result.request.date_range,
        ) -> int:
            names = store.known_names(conn, sorted({e["pivotValues"][0] for e in analytics}))
            unit_rows = [
                rows.demographics_row(
                    e,
                    account_id=account_id,
                    pivot=pivot,
                    segment_name=names.get(e["pivotValues"][0]),
                )
                for e in analytics
            ]
            return store.save_unit(
                conn,
                table,
                unit_rows,
                account_id=account_id,
                stage=stage_key,
                range_start=window.start,
                complete_through=_complete_through(done, ctx.today),
                run_id=ctx.run_id,
                now=ctx.now(),
            )

        written = await ctx.store.write(write)
        ctx.progress.advance(Stage.DEMOGRAPHICS, rows=written, units=0, account_id=account_id)
    ctx.progress.advance(Stage.DEMOGRAPHICS, account_id=account_id)


# -- names ---------------------------------------------------------------------------


async def resolve_segment_names(ctx: RunContext) -> None:
    """Name every demographic segment that has no name yet (cached across runs).

    Company sizes are named locally; the URNs go to LinkedIn in batches of 50, all
    batches at once (the client bounds how many are in flight).
    """
    urns = await ctx.store.read(store.unnamed_segments)
    local = [u for u in urns if u in endpoints.COMPANY_SIZE_NAMES]
    remote = [u for u in urns if u.startswith("urn:")]
    batches = [
        remote[i : i + endpoints.TARGETING_BATCH_SIZE]
        for i in range(0, len(remote), endpoints.TARGETING_BATCH_SIZE)
    ]
    if local:
        batches.append(local)
    ctx.progress.plan(Stage.NAMES, max(1, len(batches)))
    if not batches:
        ctx.progress.advance(Stage.NAMES)
        return
    missing = sum(await gather_or_cancel(_name_batch(ctx, batch) for batch in batches))
    if missing:
        ctx.warn(f"LinkedIn has no name for {missing} segment(s); they show as URNs")


async def _name_batch(ctx: RunContext, batch: list[str]) -> int:
    """Resolve and store one batch; returns how many URNs LinkedIn did not know."""
    resolved, _ = await endpoints.resolve_names(ctx.client, batch)
    names = {urn: (entity.name, entity.facet_urn) for urn, entity in resolved.items()}
    written = await ctx.store.write(partial(store.save_names, names=names, now=ctx.now()))
    ctx.progress.advance(Stage.NAMES, rows=written)
    return len(batch) - len(resolved)
