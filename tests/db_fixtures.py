"""Database fixtures for the whole suite (a pytest plugin: ``pytest_plugins``).

* ``sqlite_url``: a real SQLite file in the test's tmp dir, in a directory whose
  name has a space (so every test also proves paths with spaces work).
* ``postgres_url``: a fresh, empty PostgreSQL database per test, created on the
  local server and dropped afterwards. CREATE DATABASE takes 0.2-1 s (the server
  copies and syncs template1), so a few are created ahead, in parallel, on
  background threads while tests run; each is still used by one test only. The
  server is ``LI_ADS_TEST_POSTGRES_URL`` (an admin URL; default
  ``postgresql+psycopg://root@127.0.0.1:5432/test``). When it does not answer the
  test is skipped, unless ``LI_ADS_REQUIRE_POSTGRES=1`` (CI), in which case it fails.
  Tests using it get the ``postgres`` marker automatically.
* ``db_url``: both of the above (test ids ``sqlite`` and ``postgres``).
* ``database``: an opened, migrated ``persistence.db.Database`` on ``db_url``.

Both variables are read when this module is imported: the suite's ``isolated_env``
fixture removes every ``LI_ADS_*`` variable before each test runs.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from persistence.db import Database, open_database
from persistence.db import sqlite_url as make_sqlite_url

POSTGRES_ADMIN_URL = os.environ.get(
    "LI_ADS_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("LI_ADS_REQUIRE_POSTGRES") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a PostgreSQL database, so ``-m "not postgres"`` works."""
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def postgres_admin_engine() -> Iterator[sa.Engine]:
    """An AUTOCOMMIT engine on the admin database (CREATE/DROP DATABASE need it)."""
    url = make_url(POSTGRES_ADMIN_URL)
    engine = sa.create_engine(
        url,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"connect_timeout": 3},
    )
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        engine.dispose()
        where = f"{url.host}:{url.port or 5432}/{url.database}"
        reason = str(exc.orig).strip().splitlines()[0]
        if REQUIRE_POSTGRES:
            pytest.fail(f"LI_ADS_REQUIRE_POSTGRES=1 but PostgreSQL at {where} fails: {reason}")
        pytest.skip(
            f"no PostgreSQL at {where} ({reason}); start one or set LI_ADS_TEST_POSTGRES_URL"
        )
    yield engine
    engine.dispose()


class _FreshDatabases:
    """Empty databases made ahead of time; ``take()`` one, ``discard()`` it after use."""

    def __init__(self, admin: sa.Engine, ahead: int = 3) -> None:
        self._admin = admin
        self._workers = ThreadPoolExecutor(max_workers=ahead, thread_name_prefix="pg-fixture")
        self._ready = deque(self._workers.submit(self._create) for _ in range(ahead))
        self._dropping: list[Future[None]] = []

    def take(self) -> str:
        name = self._ready.popleft().result()
        self._ready.append(self._workers.submit(self._create))
        return name

    def discard(self, name: str) -> None:
        self._dropping.append(self._workers.submit(self._drop, name))

    def close(self) -> None:
        """Drop the unused ones too, and report a database that could not be dropped."""
        for ready in self._ready:
            self.discard(ready.result())
        try:
            for dropping in self._dropping:
                dropping.result()
        finally:
            self._workers.shutdown()

    def _create(self) -> str:
        name = f"li_ads_test_{uuid.uuid4().hex[:16]}"
        with self._admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        return name

    def _drop(self, name: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def fresh_postgres_databases(postgres_admin_engine: sa.Engine) -> Iterator[_FreshDatabases]:
    databases = _FreshDatabases(postgres_admin_engine)
    yield databases
    databases.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a not-yet-existing SQLite file (its directory does not exist either)."""
    return make_sqlite_url(tmp_path / "data dir" / "li ads.db")


@pytest.fixture
def postgres_url(
    postgres_admin_engine: sa.Engine, fresh_postgres_databases: _FreshDatabases
) -> Iterator[str]:
    """The URL of a new, empty database, dropped (with its sessions) after the test."""
    name = fresh_postgres_databases.take()
    try:
        yield postgres_admin_engine.url.set(database=name).render_as_string(hide_password=False)
    finally:
        fresh_postgres_databases.discard(name)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each backend in turn."""
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """``db_url`` opened and migrated to head."""
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.close()
