"""The sync's side of the database: one writer thread at a time, units as transactions.

The event loop must keep requests flowing while rows are written, so every database
call runs in a worker thread. Writes are serialised (SQLite has one writer anyway,
and one order of commits keeps checkpoints monotonic). A write is *shielded* from
cancellation: when the user cancels, a transaction already handed to the database
finishes (commit or rollback) before the run is closed, so a unit is either wholly
in the database with its checkpoint or not at all.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from persistence import repository
from persistence.db import Database
from persistence.tables import (
    AudienceDemographics,
    Campaign,
    CampaignDailyMetrics,
    Creative,
    TargetingEntityName,
    table_of,
)
from sync.plan import Schedule, StageState
from sync.rows import Row

T = TypeVar("T")


class SyncStore:
    """Runs database work off the event loop; see the module docstring."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._write_lock = asyncio.Lock()
        self._pending: set[asyncio.Future[Any]] = set()

    async def write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction in a worker thread."""

        def in_transaction() -> T:
            with self.db.write() as conn:
                return work(conn)

        async with self._write_lock:
            future = asyncio.ensure_future(asyncio.to_thread(in_transaction))
            self._pending.add(future)
            future.add_done_callback(self._pending.discard)
            return await asyncio.shield(future)

    async def read(self, work: Callable[[Connection], T]) -> T:
        def in_read() -> T:
            with self.db.read() as conn:
                return work(conn)

        return await asyncio.to_thread(in_read)

    async def drain(self) -> None:
        """Wait for writes still running after a cancellation."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)


# -- writes ----------------------------------------------------------------------------


def write_rows(conn: Connection, table: sa.Table, rows: Sequence[Row]) -> int:
    return repository.upsert(conn, table, rows) if rows else 0


def save_unit(
    conn: Connection,
    table: sa.Table,
    rows: Sequence[Row],
    *,
    account_id: int,
    stage: str,
    range_start: date,
    complete_through: date,
    run_id: int,
    now: datetime,
) -> int:
    """A unit's rows and its checkpoint, in the caller's (single) transaction."""
    written = write_rows(conn, table, rows)
    previous = repository.get_sync_state(conn, account_id, stage)
    if previous is not None:
        if previous.range_start is not None:
            range_start = min(range_start, previous.range_start)
        if previous.complete_through is not None:
            complete_through = max(complete_through, previous.complete_through)
    repository.set_sync_state(
        conn,
        account_id,
        stage,
        range_start=range_start,
        complete_through=complete_through,
        last_run_id=run_id,
        now=now,
    )
    return written


ACCOUNT_STAGE = "account"
"""A sync_state row per account whose ``updated_at`` is its last complete, error-free sync."""


def mark_account_synced(conn: Connection, *, account_id: int, run_id: int, now: datetime) -> None:
    repository.set_sync_state(
        conn,
        account_id,
        ACCOUNT_STAGE,
        range_start=None,
        complete_through=None,
        last_run_id=run_id,
        now=now,
    )


def record_skipped_run(conn: Connection, *, trigger: str, now: datetime, message: str) -> int:
    """A run that the freshness gate skipped still gets its sync_log row."""
    run_id = repository.start_run(conn, trigger, os.getpid(), socket.gethostname(), now)
    repository.finish_run(conn, run_id, repository.RunStatus.SKIPPED, now=now, error=message)
    return run_id


def fresh_since(
    conn: Connection, *, now: datetime, ttl: timedelta, account_ids: frozenset[int] | None
) -> datetime | None:
    """When the data became fresh, if it still is (younger than `ttl`); else None.

    Without an account filter the newest successful run decides; with one, every named
    account must have completed a sync within the TTL.
    """
    if account_ids:
        times = []
        for account_id in account_ids:
            state = repository.get_sync_state(conn, account_id, ACCOUNT_STAGE)
            if state is None or state.updated_at is None:
                return None
            times.append(state.updated_at)
        since: datetime | None = min(times)
    else:
        since = repository.last_success(conn)
    if since is None or now - since >= ttl:
        return None
    return since


# -- reads the planner needs --------------------------------------------------------


def stage_state(conn: Connection, account_id: int, stage: str) -> StageState | None:
    state = repository.get_sync_state(conn, account_id, stage)
    if state is None:
        return None
    return StageState(range_start=state.range_start, complete_through=state.complete_through)


def campaign_schedules(conn: Connection, account_id: int) -> list[Schedule]:
    """Run schedules of the account's campaigns that can have delivered (not drafts)."""
    table = table_of(Campaign)
    query = sa.select(table.c.run_start, table.c.run_end).where(
        table.c.account_id == account_id, table.c.status != "DRAFT"
    )
    return [
        Schedule(start.date() if start else None, end.date() if end else None)
        for start, end in conn.execute(query)
    ]


def delivering_campaign_days(
    conn: Connection, account_id: int, start: date, end: date
) -> list[tuple[date, int]]:
    """(day, campaign id) of every campaign-day with delivery, from campaign analytics."""
    table = table_of(CampaignDailyMetrics)
    query = sa.select(table.c.date, table.c.campaign_id).where(
        table.c.account_id == account_id, table.c.date.between(start, end)
    )
    return [(day, campaign_id) for day, campaign_id in conn.execute(query)]


def creatives_per_campaign(conn: Connection, account_id: int) -> dict[int, int]:
    table = table_of(Creative)
    query = (
        sa.select(table.c.campaign_id, sa.func.count())
        .where(
            table.c.account_id == account_id,
            sa.or_(table.c.intended_status.is_(None), table.c.intended_status != "DRAFT"),
        )
        .group_by(table.c.campaign_id)
    )
    return {campaign_id: count for campaign_id, count in conn.execute(query)}


def known_names(conn: Connection, urns: Sequence[str]) -> dict[str, str]:
    table = table_of(TargetingEntityName)
    names: dict[str, str] = {}
    for i in range(0, len(urns), 500):
        query = sa.select(table.c.urn, table.c.name).where(table.c.urn.in_(urns[i : i + 500]))
        names.update({urn: name for urn, name in conn.execute(query)})
    return names


def unnamed_segments(conn: Connection) -> list[str]:
    table = table_of(AudienceDemographics)
    query = sa.select(table.c.segment_urn).where(table.c.segment_name.is_(None)).distinct()
    return sorted(urn for (urn,) in conn.execute(query))


def save_names(conn: Connection, names: dict[str, tuple[str, str | None]], now: datetime) -> int:
    """Cache resolved names and fill them into the demographics rows that lack one."""
    if not names:
        return 0
    entities = table_of(TargetingEntityName)
    demographics = table_of(AudienceDemographics)
    rows = [
        {"urn": urn, "name": name, "facet_urn": facet, "resolved_at": now}
        for urn, (name, facet) in names.items()
    ]
    written = repository.upsert(conn, entities, rows)
    update = (
        sa.update(demographics)
        .where(demographics.c.segment_urn == sa.bindparam("b_urn"))
        .values(segment_name=sa.bindparam("b_name"))
    )
    conn.execute(update, [{"b_urn": urn, "b_name": name} for urn, (name, _) in names.items()])
    return written
