"""Databases for the report tests: a real SQLite file, and PostgreSQL where present.

``sample_db`` is the fixed dataset of ``report_dataset`` (built once per backend: the
report only reads), ``module_db`` an empty schema shared by one test module (which may
fill it once, in a module-scoped fixture of its own), ``new_db`` a fresh empty schema
per test for the cases that need their own rows.

PostgreSQL is the server of ``LI_ADS_TEST_POSTGRES_URL`` (an admin URL, default
127.0.0.1:5432, user root, database ``test``), as in ``tests/db_fixtures.py``. The
session creates one throwaway database and drops it at the end; inside it every
database of a test gets its own schema (``search_path``), dropped afterwards. A schema
is as isolated as a database for these read-only queries and several times quicker to
create than a database (which copies template1), which keeps the folder fast. Without a
server the PostgreSQL cases are skipped, unless ``LI_ADS_REQUIRE_POSTGRES=1`` (CI),
where a missing server is a failure. Both variables are read at import time because the
suite's ``isolated_env`` fixture removes ``LI_ADS_*`` variables before each test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from report_dataset import load_sample
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import persistence.tables  # noqa: F401 - registers the tables on SQLModel.metadata

PG_ADMIN_URL = make_url(
    os.environ.get("LI_ADS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")
)
REQUIRE_POSTGRES = os.environ.get("LI_ADS_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def report_postgres_url() -> Iterator[str]:
    """A throwaway database for the whole session (skipped without a server)."""
    admin = sa.create_engine(
        PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with admin.connect():
            pass
    except sa.exc.OperationalError as exc:
        admin.dispose()
        where = f"{PG_ADMIN_URL.host}:{PG_ADMIN_URL.port or 5432}"
        if REQUIRE_POSTGRES:
            pytest.fail(f"LI_ADS_REQUIRE_POSTGRES=1 but PostgreSQL at {where} fails: {exc}")
        pytest.skip(f"no PostgreSQL at {where}")
    name = f"report_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def _postgres_schema(url: str) -> Iterator[sa.Engine]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = sa.create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        SQLModel.metadata.create_all(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def _sqlite_file(directory: Path) -> Iterator[sa.Engine]:
    engine = sa.create_engine(f"sqlite:///{directory / 'report.db'}")
    SQLModel.metadata.create_all(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def _database(request: pytest.FixtureRequest, directory: Path) -> Iterator[sa.Engine]:
    """An empty schema of the requested backend."""
    if request.param == "sqlite":
        with _sqlite_file(directory) as engine:
            yield engine
    else:
        with _postgres_schema(request.getfixturevalue("report_postgres_url")) as engine:
            yield engine


@pytest.fixture(scope="session", params=BACKENDS)
def sample_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sa.Engine]:
    """The fixed dataset (read-only: tests must not write to it)."""
    with _database(request, tmp_path_factory.mktemp("sample")) as engine:
        load_sample(engine)
        yield engine


@pytest.fixture(scope="module", params=BACKENDS)
def module_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sa.Engine]:
    """An empty schema for one test module."""
    with _database(request, tmp_path_factory.mktemp("module")) as engine:
        yield engine


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An empty schema of its own for one test."""
    with _database(request, tmp_path) as engine:
        yield engine
