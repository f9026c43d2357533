"""One sync at a time per database.

Two syncs writing the same database would not corrupt it (upserts are idempotent,
SQLite and PostgreSQL serialise the writes), but they would double the API calls,
fight over the rate limit and make sync_log unreadable. So a sync holds a lock for
its whole run, taken without waiting: a second sync is told at once who holds it.

* SQLite: an OS file lock (``flock`` through the ``filelock`` package) on
  ``<database file>.sync.lock`` next to the database. The kernel drops it when the
  holder dies, even by ``kill -9``, so a crash never leaves a stale lock. The
  holder writes its pid and host into the file; the file is emptied on release.
* PostgreSQL: a session-level ``pg_try_advisory_lock`` on a dedicated connection
  kept open for the run (the server drops it when that session ends, also on a
  crash). The holder's pid and host travel in that session's ``application_name``,
  which every user may read from ``pg_stat_activity`` (unlike its query text), so
  it is known from the moment the lock is taken, before any sync_log row exists.
  The session sits idle for the whole run, so the server's ``idle_session_timeout``
  is switched off for it; a network failure that kills it still frees the lock.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path
from types import TracebackType

import filelock
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from persistence.db import Database
from persistence.errors import SyncAlreadyRunningError
from persistence.migrate import PG_LOCK_NAMESPACE

PG_SYNC_LOCK_ID = 2
_HOLDER = re.compile(r"pid=(\d+) host=(\S*)")


class SyncLock:
    """A held sync lock. Release it with ``release()`` or by leaving the ``with`` block."""

    def __init__(
        self,
        *,
        file_lock: filelock.BaseFileLock | None = None,
        descriptor: int | None = None,
        connection: Connection | None = None,
    ) -> None:
        self.pid = os.getpid()
        self.hostname = socket.gethostname()
        self._file_lock = file_lock
        self._descriptor = descriptor
        self._connection = connection

    @property
    def held(self) -> bool:
        return self._file_lock is not None or self._connection is not None

    def __enter__(self) -> SyncLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def release(self) -> None:
        """Give the lock up (idempotent)."""
        if self._file_lock is not None:
            lock, self._file_lock = self._file_lock, None
            if self._descriptor is not None:
                # Emptied while still held, so nobody reads our pid after we left.
                os.ftruncate(self._descriptor, 0)
            lock.release()
        if self._connection is not None:
            conn, self._connection = self._connection, None
            try:
                conn.execute(
                    sa.select(sa.func.pg_advisory_unlock(PG_LOCK_NAMESPACE, PG_SYNC_LOCK_ID))
                )
            finally:
                # Ending the session also ends the lock, whatever happened above.
                conn.invalidate()
                conn.close()


def acquire_sync_lock(db: Database) -> SyncLock:
    """Take ``db``'s sync lock without waiting.

    Raises ``SyncAlreadyRunningError`` (with ``pid`` and ``hostname`` of the holder
    when known) if another sync holds it, also from this process.
    """
    if db.path is not None:
        return _acquire_file_lock(lock_path(db.path))
    return _acquire_advisory_lock(db)


def lock_path(database: Path) -> Path:
    """The lock file of an SQLite database: ``<file>.sync.lock`` beside it."""
    return database.with_name(database.name + ".sync.lock")


def _acquire_file_lock(path: Path) -> SyncLock:
    descriptors: list[int] = []

    def record_holder(fd: int) -> None:
        descriptors.append(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid={os.getpid()} host={socket.gethostname()}\n".encode(), 0)

    lock = filelock.FileLock(path, blocking=False, on_acquired=record_holder)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise SyncAlreadyRunningError(*_read_holder(path)) from None
    return SyncLock(file_lock=lock, descriptor=descriptors[0] if descriptors else None)


def _read_holder(path: Path) -> tuple[int | None, str | None]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None, None
    return _parse_holder(text)


def _parse_holder(text: str | None) -> tuple[int | None, str | None]:
    match = _HOLDER.search(text or "")
    if match is None:
        return None, None
    return int(match.group(1)), match.group(2) or None


def _acquire_advisory_lock(db: Database) -> SyncLock:
    with db.translate_errors():
        conn = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            holder = f"li-ads-tui sync pid={os.getpid()} host={socket.gethostname()}"
            conn.execute(sa.select(sa.func.set_config("application_name", holder[:63], False)))
            if (db.engine.dialect.server_version_info or (0,)) >= (14,):
                conn.execute(sa.select(sa.func.set_config("idle_session_timeout", "0", False)))
            got = conn.scalar(
                sa.select(sa.func.pg_try_advisory_lock(PG_LOCK_NAMESPACE, PG_SYNC_LOCK_ID))
            )
            if got:
                return SyncLock(connection=conn)
            pid, hostname = _advisory_holder(conn)
        except BaseException:
            conn.invalidate()
            conn.close()
            raise
    conn.invalidate()
    conn.close()
    raise SyncAlreadyRunningError(pid, hostname)


def _advisory_holder(conn: Connection) -> tuple[int | None, str | None]:
    application_name = conn.scalar(
        sa.text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :ns AND l.objid = :id "
            "AND l.objsubid = 2 AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        ),
        {"ns": PG_LOCK_NAMESPACE, "id": PG_SYNC_LOCK_ID},
    )
    return _parse_holder(application_name)
