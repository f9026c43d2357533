"""Read queries for the status screen: row counts, accounts, per-account freshness."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from persistence.db import Database
from persistence.queries import (
    CONTRACT_TABLES,
    AccountSync,
    account_sync_status,
    list_accounts,
    table_row_counts,
)
from persistence.runs import RunStatus, finish_run, start_run
from persistence.state import set_sync_state
from persistence.tables import AdAccount, CampaignDailyMetrics, metadata
from persistence.upserts import upsert

MetricRows = Callable[..., list[dict[str, Any]]]


def _accounts() -> list[dict[str, Any]]:
    return [
        {"id": 2, "name": "Beta", "currency": "USD", "status": "ACTIVE"},
        {"id": 1, "name": "Alpha", "currency": "EUR", "status": "CANCELED"},
        {"id": 3, "name": "Gamma", "currency": "JPY", "status": "ACTIVE"},
    ]


def test_contract_tables_are_exactly_the_schema() -> None:
    assert set(CONTRACT_TABLES) == set(metadata.tables)


def test_row_counts_cover_every_table(database: Database, metric_rows: MetricRows) -> None:
    with database.write() as conn:
        upsert(conn, AdAccount, _accounts())
        upsert(conn, CampaignDailyMetrics, metric_rows(12))
    with database.read() as conn:
        counts = table_row_counts(conn)
    assert list(counts) == list(CONTRACT_TABLES)
    assert counts["ad_accounts"] == 3
    assert counts["campaign_daily_metrics"] == 12
    assert sum(counts.values()) == 15


def test_accounts_are_listed_by_name(database: Database) -> None:
    with database.write() as conn:
        upsert(conn, AdAccount, _accounts())
    with database.read() as conn:
        accounts = list_accounts(conn)
    assert [(a.id, a.name, a.currency) for a in accounts] == [
        (1, "Alpha", "EUR"),
        (2, "Beta", "USD"),
        (3, "Gamma", "JPY"),
    ]


def test_account_sync_status_joins_state_and_latest_run(database: Database, now: datetime) -> None:
    with database.write() as conn:
        upsert(conn, AdAccount, _accounts())
        first = start_run(conn, "headless", 1, "box", now)
        finish_run(conn, first, RunStatus.SUCCESS, now=now + timedelta(minutes=1))
        second = start_run(conn, "headless", 1, "box", now + timedelta(hours=4))
        finish_run(conn, second, RunStatus.PARTIAL, now=now + timedelta(hours=4, minutes=2))
        for stage, through, run_id, at in (
            ("campaign_daily", date(2026, 11, 25), second, now + timedelta(hours=4)),
            ("creative_daily", date(2026, 11, 20), first, now),
        ):
            set_sync_state(
                conn,
                1,
                stage,
                range_start=date(2026, 8, 1),
                complete_through=through,
                last_run_id=run_id,
                now=at,
            )
    with database.read() as conn:
        status = account_sync_status(conn)
    assert [s.name for s in status] == ["Alpha", "Beta", "Gamma"]
    assert status[0] == AccountSync(
        account_id=1,
        name="Alpha",
        currency="EUR",
        status="CANCELED",
        last_synced_at=now + timedelta(hours=4),
        complete_through=date(2026, 11, 20),
        last_run_id=second,
        last_run_status="partial",
        last_run_finished_at=now + timedelta(hours=4, minutes=2),
    )
    never = status[1]
    assert (never.last_synced_at, never.complete_through, never.last_run_status) == (
        None,
        None,
        None,
    )
