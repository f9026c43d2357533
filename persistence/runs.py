"""sync_log: one row per sync run, written as the run starts and as it ends.

The row is inserted (``running``) before any data is fetched and finished with its
outcome and counts in the run's last transaction. A process killed in between
leaves it ``running``; the next run turns such rows into ``interrupted``
(``mark_interrupted``), which is what the status screen shows.

Telling a dead run from a live one: a caller holding the database's sync lock
knows that no other sync is alive, so every other ``running`` row is dead. Without
the lock only rows from this host can be judged, by asking the OS whether their pid
still exists (pid reuse can make a dead run look alive; the next lock holder then
settles it). Rows from other hosts are left alone unless the lock is held.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from persistence.tables import SyncLog, table_of

if TYPE_CHECKING:
    from persistence.sync_lock import SyncLock

_LOG = table_of(SyncLog)
_TRIGGER_MAX = 16
_INTERRUPTED_NOTE = "the sync process ended without finishing (killed, crashed or shut down)"


class RunStatus(StrEnum):
    """``sync_log.status`` values (a public contract, as the column is)."""

    RUNNING = "running"
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"
    SKIPPED = "skipped"


def start_run(conn: Connection, trigger: str, pid: int, hostname: str, now: datetime) -> int:
    """Record a run as ``running``; return its id.

    ``trigger`` says who started it (``tui``, ``headless``, ``demo``; at most 16
    characters, which PostgreSQL enforces and SQLite would not).
    """
    if not 0 < len(trigger) <= _TRIGGER_MAX:
        raise ValueError(f"trigger must be 1 to {_TRIGGER_MAX} characters, got {trigger!r}")
    result = conn.execute(
        _LOG.insert().values(
            trigger=trigger,
            started_at=now,
            status=RunStatus.RUNNING.value,
            accounts=0,
            api_calls=0,
            rows_written=0,
            pid=pid,
            hostname=hostname,
        )
    )
    run_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
    if run_id is None:
        raise RuntimeError("the database returned no id for the new sync_log row")
    return int(run_id)


def finish_run(
    conn: Connection,
    run_id: int,
    status: RunStatus,
    *,
    now: datetime,
    accounts: int = 0,
    api_calls: int = 0,
    rows_written: int = 0,
    error: str | None = None,
) -> None:
    """Record a run's outcome and counts. Raises ``LookupError`` for an unknown id."""
    if status is RunStatus.RUNNING:
        raise ValueError("a run cannot finish as 'running'")
    result = conn.execute(
        _LOG.update()
        .where(_LOG.c.id == run_id)
        .values(
            status=status.value,
            finished_at=now,
            accounts=accounts,
            api_calls=api_calls,
            rows_written=rows_written,
            error=error,
        )
    )
    if result.rowcount == 0:
        raise LookupError(f"no sync_log row with id {run_id}")


def mark_interrupted(conn: Connection, now: datetime, *, lock: SyncLock | None = None) -> list[int]:
    """Turn ``running`` rows of dead processes into ``interrupted``; return their ids.

    Pass the held ``lock`` (take it before calling) to settle every row but this
    process's own; without it only this host's rows with a vanished pid are settled.
    """
    me = (os.getpid(), socket.gethostname())
    running = conn.execute(
        sa.select(_LOG.c.id, _LOG.c.pid, _LOG.c.hostname).where(
            _LOG.c.status == RunStatus.RUNNING.value
        )
    ).all()
    dead = [
        row.id
        for row in running
        if (row.pid, row.hostname) != me
        and (
            (lock is not None and lock.held)
            or (row.hostname == me[1] and row.pid is not None and not _process_alive(row.pid))
        )
    ]
    if dead:
        conn.execute(
            _LOG.update()
            .where(_LOG.c.id.in_(dead), _LOG.c.status == RunStatus.RUNNING.value)
            .values(
                status=RunStatus.INTERRUPTED.value,
                finished_at=now,
                error=sa.func.coalesce(_LOG.c.error, _INTERRUPTED_NOTE),
            )
        )
    return dead


def last_success(conn: Connection) -> datetime | None:
    """When the newest successful run finished (the freshness gate's reference)."""
    finished: datetime | None = conn.scalar(
        sa.select(sa.func.max(_LOG.c.finished_at)).where(_LOG.c.status == RunStatus.SUCCESS.value)
    )
    return finished


def last_run(conn: Connection) -> SyncLog | None:
    """The newest run, whatever its outcome."""
    runs = recent_runs(conn, 1)
    return runs[0] if runs else None


def recent_runs(conn: Connection, n: int) -> list[SyncLog]:
    """The ``n`` newest runs, newest first."""
    rows = conn.execute(
        sa.select(_LOG).order_by(_LOG.c.started_at.desc(), _LOG.c.id.desc()).limit(n)
    )
    return [_as_log(row) for row in rows]


def _as_log(row: Row[tuple[object, ...]]) -> SyncLog:
    return SyncLog(**row._mapping)


def _process_alive(pid: int) -> bool:
    """Whether a pid exists on this host (signal 0 checks without signalling)."""
    if os.name != "posix":
        # os.kill would terminate the process on Windows; only the lock can tell there.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
