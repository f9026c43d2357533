"""Alembic environment for li-ads-tui: SQLite and PostgreSQL, app and command line.

From the app (``persistence.migrate``) a connection already inside the migration
transaction arrives in ``config.attributes["connection"]``; nothing here commits.
From the command line (``alembic upgrade head`` at the repository root) the URL is
``-x url=…``, else ``DATABASE_URL``, else ``sqlalchemy.url`` in alembic.ini; the
database is opened through ``persistence.db`` so it gets the same connection
settings and the same migration lock as the app (but no backup: that is the app's).

SQLite cannot ALTER most things, so operations are rendered in batch mode ("move and
copy"); constraint names come from the naming convention in ``persistence.tables``.
"""

from __future__ import annotations

import os
from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlmodel.sql.sqltypes import AutoString

from persistence.db import open_database
from persistence.migrate import migration_connection
from persistence.tables import UTCDateTime, metadata

config = context.config
if config.config_file_name is not None:  # the command line (alembic.ini), not the app
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write app types as plain SQLAlchemy ones, so a revision never imports app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, AutoString):
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
        compare_type=True,
        # True on SQLite too: persistence.db emits BEGIN itself, so DDL is rolled back
        # with everything else when a migration fails.
        transactional_ddl=True,
    )


def _url() -> str:
    url = (
        config.attributes.get("url")
        or context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("DATABASE_URL")
        or config.get_main_option("sqlalchemy.url")
    )
    if not url:
        raise SystemExit(
            "no database given: set DATABASE_URL or pass -x url=sqlite:////path/to/li_ads.db"
        )
    return str(url)


def run_offline() -> None:
    """``alembic upgrade head --sql``: print the DDL instead of running it."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        context.run_migrations()
        return
    with open_database(_url(), migrate=False) as db, migration_connection(db) as conn:
        _configure(conn)
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
