"""sync_state: how far each account's data is complete, per sync stage.

The sync writes a stage's state in the same transaction as the data it describes,
so after a crash the state never claims more than was committed; the next run
resumes from ``complete_through`` (minus its lookback window).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from persistence.tables import SyncState, table_of
from persistence.upserts import upsert

_STATE = table_of(SyncState)
_STAGE_MAX = 40


def get_sync_state(conn: Connection, account_id: int, stage: str) -> SyncState | None:
    """The state of one account's stage, or None before its first completed unit."""
    row = conn.execute(
        sa.select(_STATE).where(_STATE.c.account_id == account_id, _STATE.c.stage == stage)
    ).first()
    return SyncState(**row._mapping) if row is not None else None


def set_sync_state(
    conn: Connection,
    account_id: int,
    stage: str,
    *,
    range_start: date | None,
    complete_through: date | None,
    last_run_id: int | None,
    now: datetime,
) -> None:
    """Create or replace one account's stage state (``now`` becomes ``updated_at``)."""
    if not 0 < len(stage) <= _STAGE_MAX:
        raise ValueError(f"stage must be 1 to {_STAGE_MAX} characters, got {stage!r}")
    upsert(
        conn,
        _STATE,
        [
            {
                "account_id": account_id,
                "stage": stage,
                "range_start": range_start,
                "complete_through": complete_through,
                "last_run_id": last_run_id,
                "updated_at": now,
            }
        ],
    )


def sync_states(conn: Connection, account_id: int | None = None) -> list[SyncState]:
    """Every stage state (of one account, if given), by account then stage."""
    query = sa.select(_STATE).order_by(_STATE.c.account_id, _STATE.c.stage)
    if account_id is not None:
        query = query.where(_STATE.c.account_id == account_id)
    return [SyncState(**row._mapping) for row in conn.execute(query)]
