"""Database problems explained for the person running li-ads-tui.

The driver's own messages ("database is locked", "connection failed: ...") say what
went wrong but not what to do, and a raw PostgreSQL URL in a traceback may carry a
password. Every failure a user can fix or wait out has its own class here, with a
message that names the file or server and the next step. ``friendly_error`` maps a
driver error onto them by SQLite result code or PostgreSQL SQLSTATE; anything it does
not recognise (a constraint violation, a bug in a query) is left to propagate as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import exc as sa_exc

Backend = Literal["sqlite", "postgresql"]

# SQLite primary result codes (https://www.sqlite.org/rescode.html); extended codes
# keep the primary one in their low byte.
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_DISK_FULL = "53100"
_PG_READ_ONLY = "25006"
_PG_LOCK_NOT_AVAILABLE = "55P03"
_PG_CONNECTION_CLASSES = ("08", "28", "3D", "57P")


class DatabaseError(Exception):
    """Base class: a database problem with a message fit to show the user as is."""


class DatabaseConfigError(DatabaseError):
    """DATABASE_URL cannot be used (unsupported backend, not a file, not a URL)."""


class DatabaseAccessError(DatabaseError):
    """The database file or its directory cannot be created or opened."""


class DatabaseReadOnlyError(DatabaseAccessError):
    """The database can be read but not written (file, directory or server is read-only)."""


class DatabaseConnectionError(DatabaseError):
    """The PostgreSQL server cannot be reached or refused the login."""


class DatabaseLockedError(DatabaseError):
    """Another connection kept the database locked for longer than the busy timeout."""


class DatabaseCorruptError(DatabaseError):
    """The SQLite file is not a database or is damaged; it is never deleted or repaired."""


class DiskFullError(DatabaseError):
    """No space left for the database; the transaction was rolled back."""


class DatabaseTooNewError(DatabaseError):
    """The database was migrated by a newer li-ads-tui; it is never downgraded."""

    def __init__(self, revision: str, where: str) -> None:
        self.revision = revision
        super().__init__(
            f"this database was created by a newer version of li-ads-tui (revision {revision}); "
            f"upgrade li-ads-tui or point DATABASE_URL elsewhere ({where})"
        )


class UnmanagedDatabaseError(DatabaseError):
    """li-ads-tui's tables exist but without a migration history (another tool made them)."""


class MigrationError(DatabaseError):
    """A schema upgrade failed and was rolled back."""


class SyncAlreadyRunningError(DatabaseError):
    """Another sync holds this database's sync lock."""

    def __init__(self, pid: int | None, hostname: str | None) -> None:
        self.pid = pid
        self.hostname = hostname
        if pid is None:
            who = "pid unknown"
        elif hostname:
            who = f"pid {pid} on {hostname}"
        else:
            who = f"pid {pid}"
        super().__init__(
            f"another sync is running ({who}); wait for it to finish, or stop that process"
        )


@dataclass(frozen=True, slots=True)
class Target:
    """What a message needs to know about the database: never the URL's password."""

    backend: Backend
    display: str
    path: Path | None
    backup_dir: Path | None
    busy_timeout: float


def friendly_error(exc: sa_exc.DBAPIError, target: Target) -> DatabaseError | None:
    """The user-facing error for a driver error, or None when it is not one we explain."""
    if target.backend == "sqlite":
        return _sqlite_error(exc, target)
    return _postgres_error(exc, target)


def read_only_server(target: Target) -> DatabaseReadOnlyError:
    """A PostgreSQL database that refuses writes (found at open, or at the first write)."""
    return DatabaseReadOnlyError(
        f"{target.display} is read-only (a standby server, or default_transaction_read_only "
        "is on); li-ads-tui needs write access"
    )


def _sqlite_error(exc: sa_exc.DBAPIError, target: Target) -> DatabaseError | None:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    primary = code & 0xFF
    reason = str(exc.orig)
    path = target.path
    directory = path.parent if path else None
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseLockedError(
            f"{target.display} stayed locked by another program for {target.busy_timeout:g} s "
            "(another li-ads-tui sync, or a tool holding a write transaction); "
            "try again when it has finished"
        )
    if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return DatabaseCorruptError(
            f"{target.display} is not a usable SQLite database ({reason}). li-ads-tui has "
            f"not changed or deleted it. {_backup_hint(target)}"
        )
    if primary == _SQLITE_READONLY:
        return DatabaseReadOnlyError(
            f"cannot write to {target.display}: the file or its directory {directory} is "
            f"read-only (SQLite also needs to create {path.name if path else 'its'}-wal and "
            "-shm files next to it); fix the permissions or point DATABASE_URL elsewhere"
        )
    if primary == _SQLITE_FULL:
        return DiskFullError(
            f"the disk holding {target.display} is full; the last transaction was rolled "
            f"back and nothing committed was lost; free space in {directory} and run again"
        )
    if primary == _SQLITE_CANTOPEN:
        return DatabaseAccessError(
            f"cannot open {target.display}: check that {directory} exists and that you may "
            "read and write files in it"
        )
    return None


def _postgres_error(exc: sa_exc.DBAPIError, target: Target) -> DatabaseError | None:
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate == _PG_DISK_FULL:
        return DiskFullError(
            f"the PostgreSQL server ran out of disk space writing {target.display}; the "
            "transaction was rolled back; ask the server's administrator to free space"
        )
    if sqlstate == _PG_READ_ONLY:
        return read_only_server(target)
    if sqlstate == _PG_LOCK_NOT_AVAILABLE:
        return DatabaseLockedError(
            f"{target.display} stayed locked by another session for {target.busy_timeout:g} s; "
            "try again when it has finished"
        )
    if exc.connection_invalidated or (
        isinstance(exc, sa_exc.OperationalError)
        and (sqlstate is None or sqlstate.startswith(_PG_CONNECTION_CLASSES))
    ):
        # No statement means the failure came while connecting, not in the middle of work.
        if exc.statement is None:
            return DatabaseConnectionError(
                f"cannot connect to {target.display}: {_first_line(exc)}"
            )
        return DatabaseConnectionError(
            f"lost the connection to {target.display} (the unfinished transaction was not "
            f"committed): {_first_line(exc)}"
        )
    return None


def _first_line(exc: sa_exc.DBAPIError) -> str:
    """The driver's reason without the noise (libpq's hints, SQLAlchemy's links)."""
    text = str(exc.orig).strip().splitlines()
    line = text[0] if text else type(exc.orig).__name__
    # libpq never echoes a password, but a URL typed into the host field could.
    return re.sub(r"://[^@/\s]*@", "://***@", line.removeprefix("connection failed: "))


def _backup_hint(target: Target) -> str:
    backups = (
        sorted(target.backup_dir.glob(f"{target.path.name}.*.bak"))
        if target.backup_dir and target.path and target.backup_dir.is_dir()
        else []
    )
    if backups:
        newest = max(backups, key=lambda p: p.stat().st_mtime)
        return (
            f"The newest backup li-ads-tui made is {newest}: with li-ads-tui stopped, move the "
            f"damaged file aside and copy the backup to {target.path}, or point DATABASE_URL at "
            "a new file."
        )
    return (
        f"No backup made by li-ads-tui was found in {target.backup_dir}; move the damaged "
        "file aside (a new one will be created and synced afresh) or point DATABASE_URL "
        "elsewhere."
    )
