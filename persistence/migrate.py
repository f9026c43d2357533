"""Bringing a database to this version's schema, safely, when the app starts.

The rules: an empty database is created at the head revision; an older one is
backed up (SQLite) and upgraded; one at a revision this version does not know was
made by a newer li-ads-tui and is refused, never downgraded (its data would be lost).

Every upgrade runs in one transaction that no second migrator can enter:

* SQLite: ``BEGIN IMMEDIATE`` takes the write lock. Foreign keys are switched off
  for the duration (batch migrations rebuild tables, and SQLite's documented
  procedure for that is FKs off, rebuild, ``foreign_key_check``, commit), and back on
  afterwards. DDL is transactional here because ``persistence.db`` emits BEGIN itself.
* PostgreSQL: ``pg_advisory_xact_lock`` makes a second team member's app wait until
  the first one's upgrade has committed (or been rolled back), then re-check.

Alembic is driven programmatically with ``script_location`` found from the installed
``migrations`` package, so this works from any working directory and from a wheel.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection

import migrations
from persistence.backup import backup_sqlite
from persistence.db import WRITE_OPTION, Upgrade
from persistence.errors import (
    DatabaseTooNewError,
    MigrationError,
    UnmanagedDatabaseError,
    friendly_error,
)
from persistence.tables import metadata

if TYPE_CHECKING:
    from persistence.db import Database

#: The ``migrations`` package: env.py, script.py.mako and versions/.
MIGRATIONS_DIR = Path(migrations.__file__).resolve().parent

#: PostgreSQL advisory locks are keyed (namespace, id); these are li-ads-tui's.
PG_LOCK_NAMESPACE = 0x4C494144  # "LIAD"
PG_MIGRATION_LOCK_ID = 1


def alembic_config() -> Config:
    """An Alembic config for the packaged migrations (no alembic.ini needed).

    Put a connection in ``config.attributes["connection"]`` (inside
    ``migration_connection``) to run a command against it.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str:
    """The schema revision this version of li-ads-tui writes."""
    return _single_head(ScriptDirectory.from_config(alembic_config()))


def _single_head(script: ScriptDirectory) -> str:
    heads = script.get_heads()
    if len(heads) != 1:
        raise MigrationError(f"li-ads-tui's migrations have {len(heads)} heads; expected one")
    return heads[0]


def current_revision(conn: Connection) -> str | None:
    """The database's revision, or None when it has never been migrated."""
    heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


@contextmanager
def migration_connection(db: Database) -> Iterator[Connection]:
    """A write transaction reserved for schema changes (see the module docstring)."""
    with db.translate_errors(), db.engine.connect() as conn:
        if db.backend == "postgresql":
            with conn.begin():
                lock = sa.func.pg_advisory_xact_lock(PG_LOCK_NAMESPACE, PG_MIGRATION_LOCK_ID)
                conn.execute(sa.select(lock))
                yield conn
            return
        # The PRAGMA is a no-op inside a transaction, so it goes to the driver
        # connection before SQLAlchemy begins one.
        cursor = conn.connection.cursor()
        cursor.execute("PRAGMA foreign_keys=OFF")
        try:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(
                        f"the migration left {len(broken)} rows whose foreign keys point "
                        f"nowhere (first: {tuple(broken[0])}); it was rolled back"
                    )
        finally:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def migrate_to_head(db: Database) -> Upgrade | None:
    """Upgrade ``db`` to the head revision; None when it already was there.

    Raises ``DatabaseTooNewError`` for a revision from a newer li-ads-tui,
    ``UnmanagedDatabaseError`` when li-ads-tui's tables exist without a revision,
    ``MigrationError`` when the backup or the upgrade fails (the upgrade is rolled
    back), and the usual ``DatabaseError`` subclasses (locked, disk full, ...).
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = _single_head(script)
    # Most starts find the schema current: answer that from a plain read, without
    # queueing for the write lock behind a running sync.
    with db.read() as conn:
        if _checked_revision(conn, script, db.target.display) == head:
            return None
    with migration_connection(db) as conn:
        # Checked again under the lock: another process may have migrated meanwhile.
        current = _checked_revision(conn, script, db.target.display)
        if current == head:
            return None
        backup = None
        if current is not None and db.path is not None and db.backup_dir is not None:
            backup = backup_sqlite(db.path, db.backup_dir, current)
        config.attributes["connection"] = conn
        try:
            command.upgrade(config, head)
        except sa_exc.DBAPIError as exc:
            friendly = friendly_error(exc, db.target)
            if friendly is not None:
                raise friendly from exc
            raise MigrationError(_failure(db, current, head, backup, exc.orig)) from exc
        except Exception as exc:
            raise MigrationError(_failure(db, current, head, backup, exc)) from exc
    return Upgrade(from_revision=current, to_revision=head, backup_path=backup)


def _failure(
    db: Database, current: str | None, head: str, backup: Path | None, reason: object
) -> str:
    kept = f"a backup is at {backup}" if backup else "nothing was changed"
    return (
        f"upgrading {db.target.display} from revision {current or 'empty'} to {head} failed "
        f"and was rolled back ({reason}); {kept}"
    )


def _checked_revision(conn: Connection, script: ScriptDirectory, where: str) -> str | None:
    heads = MigrationContext.configure(conn).get_current_heads()
    for revision in heads:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            raise DatabaseTooNewError(revision, where)
    if len(heads) > 1:
        raise MigrationError(f"the database is at several revisions at once: {', '.join(heads)}")
    if not heads:
        ours = set(metadata.tables) & set(sa.inspect(conn).get_table_names())
        if ours:
            raise UnmanagedDatabaseError(
                f"the database already has li-ads-tui's tables ({', '.join(sorted(ours))}) but "
                "no migration history, so its schema is unknown; point DATABASE_URL at a new "
                "database (or an empty one) and sync again"
            )
    return heads[0] if heads else None
