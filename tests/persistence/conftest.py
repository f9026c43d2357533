"""Helpers for the database-layer tests (the databases come from ``tests/db_fixtures``).

* ``now``: a fixed, timezone-aware "current time".
* ``sqlite_database``: an opened, migrated SQLite database, for behaviour that does
  not depend on the backend (argument checks), so PostgreSQL's slow CREATE DATABASE
  is spent only where the backend matters.
* ``metric_rows``: builds campaign_daily_metrics rows.
* ``extra_revision``: a copy of the packaged migrations with one more revision on
  top, installed as the app's migrations for the test (the only way to have a
  database that is *older* than head while the project has a single revision).
* ``child_holding_lock``: a second process that holds a database's sync lock.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import persistence.migrate
from persistence.db import Database, open_database
from persistence.tables import METRIC_COLUMNS

MetricRows = Callable[..., list[dict[str, Any]]]
ExtraRevision = Callable[[str], str]
ChildHoldingLock = Callable[[str], Any]


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def sqlite_database(sqlite_url: str) -> Iterator[Database]:
    with open_database(sqlite_url) as db:
        yield db


@pytest.fixture
def metric_rows() -> MetricRows:
    """``metric_rows(n, campaigns=3, account_id=1, first=date(2026, 1, 1), base=0)``."""

    def build(
        n: int,
        *,
        campaigns: int = 3,
        account_id: int = 1,
        first: date = date(2026, 1, 1),
        base: int = 0,
    ) -> list[dict[str, Any]]:
        rows = []
        for i in range(n):
            row: dict[str, Any] = {
                "campaign_id": 1000 + i % campaigns,
                "date": first + timedelta(days=i // campaigns),
                "account_id": account_id,
            }
            for j, name in enumerate(METRIC_COLUMNS):
                row[name] = base + i * 100 + j
            rows.append(row)
        return rows

    return build


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ExtraRevision:
    """``extra_revision(upgrade_body) -> revision id``: add revision 9001 after head.

    ``upgrade_body`` is the indented body of its ``upgrade()`` (``op`` and ``sa``
    are imported); its ``downgrade()`` does nothing.
    """

    def install(upgrade_body: str) -> str:
        copy = tmp_path / "migrations-copy"
        shutil.copytree(persistence.migrate.MIGRATIONS_DIR, copy)
        head = persistence.migrate.head_revision()
        body = textwrap.indent(textwrap.dedent(upgrade_body).strip() + "\n", "    ")
        (copy / "versions" / "9001_test_extra.py").write_text(
            '"""A revision that exists only in this test."""\n'
            "import sqlalchemy as sa\nfrom alembic import op\n\n"
            f'revision = "9001"\ndown_revision = {head!r}\n'
            "branch_labels = None\ndepends_on = None\n\n\n"
            f"def upgrade() -> None:\n{body}\n\n"
            "def downgrade() -> None:\n    pass\n",
            encoding="utf-8",
        )
        monkeypatch.setattr(persistence.migrate, "MIGRATIONS_DIR", copy)
        return "9001"

    return install


_HOLDER_SCRIPT = """
import sys
from persistence.db import open_database
from persistence.sync_lock import acquire_sync_lock

db = open_database(sys.argv[1], migrate=False)
with acquire_sync_lock(db):
    print("locked", flush=True)
    sys.stdin.read()
db.close()
"""


@pytest.fixture
def child_holding_lock() -> Iterator[ChildHoldingLock]:
    """``with child_holding_lock(url) as child:`` a process holding the sync lock.

    Leaving the block closes the child's stdin (it releases the lock and exits);
    a test may also kill it first.
    """
    children: list[subprocess.Popen[str]] = []

    @contextmanager
    def start(url: str) -> Iterator[subprocess.Popen[str]]:
        child = subprocess.Popen(
            [sys.executable, "-c", _HOLDER_SCRIPT, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        children.append(child)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
        if child.poll() is None:
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=10)

    yield start
    for child in children:
        if child.poll() is None:
            child.kill()
            child.wait()
