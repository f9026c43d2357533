"""Opening a database: URLs, connection settings, write and read transactions."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from persistence.db import Database, open_database, sqlite_url
from persistence.errors import DatabaseConfigError
from persistence.tables import AdAccount, table_of

ACCOUNTS = table_of(AdAccount)


def _account(account_id: int) -> dict[str, object]:
    return {"id": account_id, "name": f"acct {account_id}", "currency": "EUR", "status": "ACTIVE"}


def _count(db: Database) -> int:
    with db.read() as conn:
        return int(conn.scalar(sa.select(sa.func.count()).select_from(ACCOUNTS)) or 0)


def test_sqlite_connections_are_durable_and_strict(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db, db.read() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 30000,
    }


def test_sqlite_file_and_its_directories_are_created_at_a_path_with_spaces(
    sqlite_url: str,
) -> None:
    with open_database(sqlite_url) as db:
        assert db.path is not None
        assert db.path.name == "li ads.db"
        assert db.path.parent.name == "data dir"
        assert db.path.is_file()
        assert db.backup_dir == db.path.parent


def test_sqlite_url_escapes_characters_that_mean_something_in_urls(tmp_path: Path) -> None:
    path = tmp_path / "odd #1 ?x=%20" / "a.db"
    with open_database(sqlite_url(path)) as db:
        assert db.path == path
    assert path.is_file()


def test_relative_sqlite_path_is_pinned_to_the_directory_at_open(tmp_path: Path) -> None:
    # tests/conftest.py makes tmp_path the working directory.
    with open_database("sqlite:///rel/x.db") as db:
        assert db.path == tmp_path / "rel" / "x.db"


@pytest.mark.parametrize(
    "url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:mem?mode=memory&uri=true"]
)
def test_in_memory_sqlite_is_refused(url: str) -> None:
    with pytest.raises(DatabaseConfigError, match="in-memory"):
        open_database(url)


def test_unsupported_backend_is_named() -> None:
    with pytest.raises(DatabaseConfigError, match="'mysql'"):
        open_database("mysql://someone:pw@db/x")


def test_a_value_that_is_no_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(DatabaseConfigError) as caught:
        open_database("hunter2-not-a-url")
    assert "hunter2" not in str(caught.value)


@pytest.mark.postgres
def test_plain_postgresql_scheme_uses_psycopg(postgres_url: str) -> None:
    with open_database(postgres_url.replace("postgresql+psycopg://", "postgresql://")) as db:
        assert db.engine.dialect.driver == "psycopg"
        assert db.backend == "postgresql"
        assert db.path is None
        assert "PostgreSQL database 'li_ads_test_" in db.target.display
        assert db.quick_check() == []  # PostgreSQL checks its pages itself


def test_write_commits_and_an_error_rolls_everything_back(database: Database) -> None:
    with database.write() as conn:
        conn.execute(ACCOUNTS.insert(), [_account(1)])

    def failing_write() -> None:
        with database.write() as conn:
            conn.execute(ACCOUNTS.insert(), [_account(2)])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        failing_write()
    assert _count(database) == 1


def test_write_refuses_rows_whose_foreign_key_points_nowhere(database: Database) -> None:
    campaigns = sa.table("campaigns", sa.column("id"), sa.column("account_id"))
    with pytest.raises(sa.exc.IntegrityError), database.write() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO campaigns (id, account_id, name, status) "
                "VALUES (1, 999, 'orphan', 'ACTIVE')"
            )
        )
    with database.read() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(campaigns)) == 0


def test_read_sees_one_snapshot(database: Database) -> None:
    with database.read() as conn:
        before = conn.scalar(sa.select(sa.func.count()).select_from(ACCOUNTS))
        with database.write() as writer:
            writer.execute(ACCOUNTS.insert(), [_account(1)])
        after = conn.scalar(sa.select(sa.func.count()).select_from(ACCOUNTS))
    assert before == after == 0
    assert _count(database) == 1


def test_sqlite_writes_begin_immediate_and_reads_begin_deferred(sqlite_url: str) -> None:
    with open_database(sqlite_url) as db:
        statements: list[str] = []
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_args: statements.append(statement),
        )
        with db.write() as conn:
            conn.execute(ACCOUNTS.insert(), [_account(1)])
        with db.read() as conn:
            conn.execute(sa.select(ACCOUNTS))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_sqlite_writer_waits_for_another_writer_instead_of_failing(sqlite_url: str) -> None:
    """The classic DEFERRED failure: B reads, A commits a write, B's write gets
    SQLITE_BUSY at once. With BEGIN IMMEDIATE, B queues at BEGIN and then sees A's row."""
    with open_database(sqlite_url) as db:
        a_wrote = threading.Event()
        seen_by_b: list[int] = []

        def writer_a() -> None:
            with db.write() as conn:
                conn.execute(ACCOUNTS.insert(), [_account(1)])
                a_wrote.set()
                time.sleep(0.4)

        thread = threading.Thread(target=writer_a)
        thread.start()
        assert a_wrote.wait(5)
        started = time.monotonic()
        with db.write() as conn:
            seen_by_b.append(
                int(conn.scalar(sa.select(sa.func.count()).select_from(ACCOUNTS)) or 0)
            )
            conn.execute(ACCOUNTS.insert(), [_account(2)])
        waited = time.monotonic() - started
        thread.join()
        assert seen_by_b == [1]
        assert waited >= 0.2
        assert _count(db) == 2


def test_quick_check_finds_a_sound_database_sound(sqlite_database: Database) -> None:
    assert sqlite_database.quick_check() == []
