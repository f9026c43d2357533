"""Friendly errors: locked, corrupt, read-only, unreachable, disk full."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from persistence.db import Database, open_database, sqlite_url
from persistence.errors import (
    DatabaseAccessError,
    DatabaseConnectionError,
    DatabaseCorruptError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    Target,
    friendly_error,
)
from persistence.tables import SyncLog, table_of
from persistence.upserts import upsert

LOG = table_of(SyncLog)


def _log_row(now_text: str = "2026-11-26 09:00:00") -> sa.TextClause:
    return sa.text(
        "INSERT INTO sync_log (trigger, started_at, status, accounts, api_calls, rows_written) "
        f"VALUES ('test', '{now_text}', 'running', 0, 0, 0)"
    )


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


# --- locked -----------------------------------------------------------------------


def test_sqlite_write_waits_the_busy_timeout_then_says_locked(sqlite_url: str) -> None:
    with open_database(sqlite_url, busy_timeout=0.3) as db:
        assert db.path is not None
        other = sqlite3.connect(db.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            started = time.monotonic()
            with pytest.raises(DatabaseLockedError) as caught, db.write() as conn:
                conn.execute(_log_row())
            waited = time.monotonic() - started
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert waited >= 0.25
        assert str(db.path) in str(caught.value)
        assert "stayed locked" in str(caught.value)
        with db.write() as conn:  # usable again once the other writer is gone
            conn.execute(_log_row())


def test_sqlite_open_reports_a_database_locked_for_too_long(sqlite_url: str) -> None:
    open_database(sqlite_url).close()
    path = make_url(sqlite_url).database
    assert path is not None
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError):
            open_database(sqlite_url, busy_timeout=0.2)
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.postgres
def test_postgres_write_waits_the_lock_timeout_then_says_locked(postgres_url: str) -> None:
    with open_database(postgres_url, busy_timeout=0.3) as db, db.engine.connect() as other:
        other.exec_driver_sql("LOCK TABLE sync_log IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError, match="stayed locked") as caught, db.write() as c:
            c.execute(_log_row())
        assert time.monotonic() - started >= 0.25
        assert "li_ads_test_" in str(caught.value)
        other.rollback()


# --- corrupt ----------------------------------------------------------------------


def _corrupt(path: Path) -> bytes:
    data = b"this is not a database " * 200
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def test_corrupt_file_is_reported_with_its_path_and_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "data" / "li_ads.db"
    data = _corrupt(path)
    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(sqlite_url(path))
    message = str(caught.value)
    assert str(path) in message
    assert "not changed or deleted" in message
    assert "No backup made by li-ads-tui was found" in message
    assert path.read_bytes() == data


def test_corrupt_file_message_points_at_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "data" / "li_ads.db"
    _corrupt(path)
    older = path.with_name("li_ads.db.0001.20261001T000000Z.bak")
    newer = path.with_name("li_ads.db.0001.20261101T000000Z.bak")
    for n, backup in enumerate((older, newer)):
        backup.write_bytes(b"")
        os.utime(backup, (1_000_000 + n, 1_000_000 + n))
    with pytest.raises(DatabaseCorruptError, match="newest backup") as caught:
        open_database(sqlite_url(path))
    assert str(newer) in str(caught.value)


def test_header_overwritten_in_an_existing_database_is_detected(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db:
        path = db.path
    assert path is not None
    with open(path, "r+b") as f:
        f.write(b"\x00" * 100)
    with pytest.raises(DatabaseCorruptError, match="not a usable SQLite database"):
        open_database(sqlite_url)


# --- read-only and unreachable paths ----------------------------------------------


def test_read_only_sqlite_database_is_refused_at_open_with_its_path(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db:
        path = db.path
    assert path is not None
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    with pytest.raises(DatabaseReadOnlyError) as caught:
        open_database(read_only)
    assert str(path) in str(caught.value)
    assert "read-only" in str(caught.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_is_named(tmp_path: Path) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    directory.chmod(0o500)
    try:
        with pytest.raises(DatabaseAccessError) as caught:
            open_database(sqlite_url(directory / "li_ads.db"))
        assert str(directory) in str(caught.value)
    finally:
        directory.chmod(0o700)


def test_directory_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a directory should be")
    with pytest.raises(DatabaseAccessError) as caught:
        open_database(sqlite_url(blocker / "sub" / "li_ads.db"))
    assert str(blocker / "sub") in str(caught.value)


def test_database_path_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseAccessError, match="is a directory"):
        open_database(sqlite_url(tmp_path))


@pytest.mark.postgres
def test_unreachable_postgres_is_named_without_the_password(postgres_url: str) -> None:
    url = make_url(postgres_url).set(password="s3cr3t-pw", port=1)  # nothing listens on 1
    with pytest.raises(DatabaseConnectionError) as caught:
        open_database(url.render_as_string(hide_password=False))
    message = str(caught.value)
    assert message.startswith("cannot connect to ")
    assert f"PostgreSQL database {url.database!r} on 127.0.0.1:1" in message
    assert "refused" in message.lower()
    for exc in _chain(caught.value):
        assert "s3cr3t-pw" not in str(exc)
        assert "s3cr3t-pw" not in repr(exc)


@pytest.mark.postgres
def test_missing_postgres_database_is_named(postgres_url: str) -> None:
    url = make_url(postgres_url).set(database="li_ads_no_such_db")
    with pytest.raises(DatabaseConnectionError, match=r"li_ads_no_such_db.*does not exist"):
        open_database(url.render_as_string(hide_password=False))


@pytest.mark.postgres
def test_lost_postgres_connection_is_explained(
    postgres_url: str, postgres_admin_engine: sa.Engine
) -> None:
    def lose_the_connection(db: Database) -> None:
        with db.write() as conn:
            backend = conn.scalar(sa.select(sa.func.pg_backend_pid()))
            with postgres_admin_engine.connect() as admin:
                admin.execute(sa.select(sa.func.pg_terminate_backend(backend)))
            conn.execute(_log_row())

    with open_database(postgres_url) as db:
        with pytest.raises(DatabaseConnectionError, match="lost the connection to PostgreSQL"):
            lose_the_connection(db)
        with db.write() as conn:  # the pool replaces the dead connection
            conn.execute(_log_row())


@pytest.mark.postgres
def test_postgres_refusing_a_write_is_explained(postgres_url: str) -> None:
    def write_in_a_read_only_transaction(db: Database) -> None:
        with db.write() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            conn.execute(_log_row())

    with open_database(postgres_url) as db, pytest.raises(DatabaseReadOnlyError, match="read-only"):
        write_in_a_read_only_transaction(db)


@pytest.mark.postgres
def test_read_only_postgres_database_is_refused_at_open(postgres_url: str) -> None:
    name = make_url(postgres_url).database
    with open_database(postgres_url) as db, db.engine.connect() as conn:
        conn.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
        conn.commit()
    with pytest.raises(DatabaseReadOnlyError, match="read-only"):
        open_database(postgres_url)


# --- disk full --------------------------------------------------------------------


def test_sqlite_disk_full_rolls_back_and_says_so(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db:
        rows = [
            {
                "trigger": "test",
                "started_at": "2026-11-26 09:00:00",
                "status": "failed",
                "error": "x" * 2000,
            }
            for _ in range(200)
        ]

        def fill_the_disk() -> None:
            with db.write() as conn:
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
                conn.exec_driver_sql(f"PRAGMA max_page_count = {pages + 2}")
                conn.execute(_log_row())
                conn.execute(
                    sa.text(
                        "INSERT INTO sync_log (trigger, started_at, status, accounts, "
                        "api_calls, rows_written, error) "
                        "VALUES (:trigger, :started_at, :status, 0, 0, 0, :error)"
                    ),
                    rows,
                )

        with pytest.raises(DiskFullError) as caught:
            fill_the_disk()
        assert "full" in str(caught.value)
        assert "rolled back" in str(caught.value)
        assert db.path is not None
        assert str(db.path.parent) in str(caught.value)
        with db.read() as conn:
            assert conn.scalar(sa.select(sa.func.count()).select_from(LOG)) == 0


def test_postgres_disk_full_is_recognised() -> None:
    """The server cannot be filled in a test; the mapping of SQLSTATE 53100 is checked."""
    error = sa.exc.OperationalError("INSERT ...", {}, psycopg.errors.DiskFull("no space left"))
    target = Target(
        backend="postgresql",
        display="PostgreSQL database 'x' on db:5432",
        path=None,
        backup_dir=None,
        busy_timeout=30,
    )
    assert isinstance(friendly_error(error, target), DiskFullError)


def test_errors_that_are_not_the_users_to_fix_pass_through(database: Database) -> None:
    with pytest.raises(sa.exc.IntegrityError), database.write() as conn:
        upsert(conn, LOG, [{"id": 1, "trigger": "t", "started_at": None, "status": "x"}])
