"""Opening the database: DATABASE_URL handling, connection settings, migration on start.

``open_database`` is the one way in. It turns DATABASE_URL into an engine configured
for durability, checks at once that the database can be opened and written (so a
read-only, corrupt or unreachable database is reported by name at start, not halfway
through a sync), and brings the schema to this version's Alembic head.

SQLite connections get WAL (readers never block the writer), ``synchronous=FULL``
(a commit survives power loss, not only a crash: our write volume is small enough to
afford it), ``foreign_keys=ON`` and a busy timeout. Python's ``sqlite3`` driver
decides on its own when to send BEGIN, which breaks savepoints and transactional DDL
and makes every transaction DEFERRED; so, following SQLAlchemy's documented recipe,
the driver's transaction handling is switched off and SQLAlchemy's ``begin`` event
emits BEGIN itself: ``BEGIN IMMEDIATE`` for ``Database.write()`` (a writer queues for
the write lock within the busy timeout instead of failing with SQLITE_BUSY when it
upgrades from reading to writing) and a plain ``BEGIN`` for ``Database.read()``.

Work is done on Core connections, not ORM sessions: the sync writes hundreds of
thousands of rows per run and the ORM's unit of work would dominate its cost.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import ConnectionPoolEntry

from persistence.errors import (
    Backend,
    DatabaseAccessError,
    DatabaseConfigError,
    Target,
    friendly_error,
    read_only_server,
)

#: Seconds a statement waits for another connection's lock before giving up.
DEFAULT_BUSY_TIMEOUT = 30.0

#: Execution option that makes the SQLite ``begin`` hook emit BEGIN IMMEDIATE.
WRITE_OPTION = "li_ads_write"

_POSTGRES_DRIVERS = {"postgresql", "postgres", "postgresql+psycopg"}
_SQLITE_DRIVERS = {"sqlite", "sqlite+pysqlite"}
_EXAMPLE_URLS = "sqlite:////path/to/li_ads.db or postgresql+psycopg://user@host/dbname"


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What ``open_database`` did to the schema: from which revision, and the backup."""

    from_revision: str | None
    to_revision: str
    backup_path: Path | None


class Database:
    """An open database: the engine plus what messages and backups need to know.

    Use ``write()`` for anything that changes data (one transaction, committed when
    the block ends, rolled back on error) and ``read()`` for queries (one snapshot).
    Errors a user can act on come out as ``persistence.errors.DatabaseError``
    subclasses; others (a constraint violation, a bad query) as SQLAlchemy raised them.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        backend: Backend,
        path: Path | None,
        backup_dir: Path | None,
        busy_timeout: float,
    ) -> None:
        self.engine = engine
        self.backend: Backend = backend
        #: The SQLite file (None on PostgreSQL).
        self.path = path
        #: Where pre-migration backups go (None on PostgreSQL: the server has its own).
        self.backup_dir = backup_dir
        self.busy_timeout = busy_timeout
        #: Set by ``open_database`` when it upgraded the schema.
        self.upgrade: Upgrade | None = None
        self.target = Target(
            backend=backend,
            display=_display(engine.url, path),
            path=path,
            backup_dir=backup_dir,
            busy_timeout=busy_timeout,
        )

    def __repr__(self) -> str:
        return f"Database({self.target.display})"

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection (the database itself needs no closing)."""
        self.engine.dispose()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Re-raise driver errors a user can act on as ``DatabaseError`` subclasses."""
        try:
            yield
        except sa_exc.DBAPIError as exc:
            friendly = friendly_error(exc, self.target)
            if friendly is None:
                raise
            raise friendly from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection inside one write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self.translate_errors(), self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection inside one read transaction, so several queries agree.

        Keep it short: on SQLite an open read transaction stops WAL checkpoints from
        reaching past it. On PostgreSQL it is REPEATABLE READ, which gives the same
        single-snapshot view SQLite's transaction does.
        """
        with self.translate_errors(), self.engine.connect() as conn:
            if self.backend == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    def quick_check(self) -> list[str]:
        """SQLite's ``PRAGMA quick_check``: the problems found, ``[]`` when the file is sound.

        PostgreSQL checks its own pages as it reads them, so there it returns ``[]``.
        """
        if self.backend != "sqlite":
            return []
        with self.read() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check")]
        return [] if rows == ["ok"] else rows

    def _probe(self) -> None:
        """Fail now, with the path or server named, if the database cannot be written.

        SQLite opens a read-only file without complaint and only refuses the first
        write, so a write is attempted (setting ``user_version`` to its own value) and
        rolled back. This also surfaces a corrupt file or a missing directory.
        """
        with self.translate_errors(), self.engine.connect() as conn:
            if self.backend == "sqlite":
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin() as tx:
                    version = int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
                    conn.exec_driver_sql(f"PRAGMA user_version = {version}")
                    tx.rollback()
            else:
                read_only = conn.scalar(sa.text("SELECT current_setting('transaction_read_only')"))
                conn.rollback()
                if read_only == "on":
                    raise read_only_server(self.target)


def open_database(
    url: str,
    *,
    backup_dir: Path | None = None,
    migrate: bool = True,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Database:
    """Open (creating if needed) the database at ``url`` and migrate it to this version.

    ``url`` is an SQLAlchemy URL: ``sqlite:////abs/path.db`` (parent directories are
    created; ``sqlite_url()`` builds one from a path) or ``postgresql+psycopg://…``
    (``postgresql://`` is accepted and uses psycopg). ``backup_dir`` is where SQLite
    backups are written before an upgrade (default: next to the database file).
    ``migrate=False`` opens the schema as it is, for tools that drive Alembic
    themselves. ``busy_timeout`` is how long to wait for another connection's lock.

    Raises a ``persistence.errors.DatabaseError`` subclass: ``DatabaseConfigError``,
    ``DatabaseAccessError``, ``DatabaseReadOnlyError``, ``DatabaseCorruptError``,
    ``DatabaseLockedError``, ``DatabaseConnectionError``, ``DiskFullError``,
    ``DatabaseTooNewError``, ``UnmanagedDatabaseError`` or ``MigrationError``.
    """
    from persistence.migrate import migrate_to_head  # migrate needs Database: import late

    parsed = _parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed)
        _ensure_directory(path)
        db = Database(
            _sqlite_engine(_with_absolute_path(parsed, path), busy_timeout),
            backend="sqlite",
            path=path,
            backup_dir=backup_dir if backup_dir is not None else path.parent,
            busy_timeout=busy_timeout,
        )
    else:
        db = Database(
            _postgres_engine(parsed, busy_timeout),
            backend="postgresql",
            path=None,
            backup_dir=None,
            busy_timeout=busy_timeout,
        )
    try:
        db._probe()
        if migrate:
            db.upgrade = migrate_to_head(db)
    except BaseException:
        db.close()
        raise
    return db


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file, with ``?``, ``#`` and ``%`` escaped."""
    return URL.create("sqlite", database=str(path)).render_as_string()


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        # The value itself is not echoed: it may hold a password.
        raise DatabaseConfigError(
            f"DATABASE_URL is not a database URL; expected {_EXAMPLE_URLS}"
        ) from None
    if parsed.drivername in _SQLITE_DRIVERS:
        return parsed.set(drivername="sqlite")
    if parsed.drivername in _POSTGRES_DRIVERS:
        return parsed.set(drivername="postgresql+psycopg")
    raise DatabaseConfigError(
        f"DATABASE_URL uses {parsed.drivername!r}; li-ads-tui supports SQLite and PostgreSQL "
        f"(through psycopg 3), e.g. {_EXAMPLE_URLS}"
    )


def _sqlite_path(url: URL) -> Path:
    """The file behind an SQLite URL, also when it is a ``file:`` URI (``?uri=true``).

    With ``uri=true`` SQLAlchemy hands the URI's own parameters (``mode=ro``, ...)
    over in the URL's query string, so only the path sits in ``database``.
    """
    database = url.database or ""
    if _is_uri(url):
        database = unquote(urlsplit(database).path)
        if url.query.get("mode") == "memory":
            database = ":memory:"
    if database in ("", ":memory:"):
        raise DatabaseConfigError(
            "an in-memory SQLite database cannot be shared by the sync and the screens; "
            f"DATABASE_URL must name a file, e.g. {_EXAMPLE_URLS}"
        )
    return Path(database).expanduser().resolve()


def _is_uri(url: URL) -> bool:
    return url.query.get("uri") in ("true", "1") and (url.database or "").startswith("file:")


def _with_absolute_path(url: URL, path: Path) -> URL:
    """Pin a relative path now, so a later change of directory cannot switch files."""
    return url.set(database=f"file:{quote(str(path))}" if _is_uri(url) else str(path))


def _ensure_directory(path: Path) -> None:
    if path.is_dir():
        raise DatabaseAccessError(
            f"the SQLite database path {path} is a directory; DATABASE_URL must name a file"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseAccessError(
            f"cannot create the directory {path.parent} for the SQLite database "
            f"{path.name}: {exc.strerror or exc}"
        ) from exc


def _sqlite_engine(url: URL, busy_timeout: float) -> Engine:
    # sqlite3's `timeout` is the busy timeout from the moment the file is opened, so
    # even the first PRAGMA below waits for a lock instead of failing.
    engine = sa.create_engine(url, connect_args={"timeout": busy_timeout})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # No implicit BEGIN from the driver: `_sqlite_on_begin` emits it (see module doc).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # Switching to WAL needs a lock; a database already in WAL (the usual case)
        # must not wait for one just to be told so. The mode is stored in the file.
        if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            cursor.execute("PRAGMA journal_mode=WAL")
        # These two are per connection, hence set on every new one.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")


def _postgres_engine(url: URL, busy_timeout: float) -> Engine:
    lock_timeout_ms = max(1, round(busy_timeout * 1000))
    engine = sa.create_engine(
        url,
        # A team server drops idle connections; test before use instead of failing.
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "li-ads-tui"},
    )

    @event.listens_for(engine, "connect")
    def _set_lock_timeout(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # The counterpart of SQLite's busy timeout: wait this long for a lock, then fail.
        with dbapi_connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = {lock_timeout_ms}")
        dbapi_connection.commit()

    return engine


def _display(url: URL, path: Path | None) -> str:
    """How messages name the database: the file, or server and database without password."""
    if path is not None:
        return f"the SQLite database {path}"
    host = url.host or "the local socket"
    port = f":{url.port or 5432}" if url.host else ""
    user = f" (user {url.username})" if url.username else ""
    return f"PostgreSQL database {url.database or url.username or '?'!r} on {host}{port}{user}"


__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "WRITE_OPTION",
    "Database",
    "Upgrade",
    "open_database",
    "sqlite_url",
]
