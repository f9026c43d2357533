"""Upserts: idempotent on natural keys, chunked, exact for big and odd values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa

import persistence.upserts
from persistence.db import Database
from persistence.tables import (
    AdAccount,
    CampaignDailyMetrics,
    Creative,
    SyncLog,
    SyncState,
    TargetingEntityName,
    table_of,
)
from persistence.upserts import upsert

MetricRows = Callable[..., list[dict[str, Any]]]
DAILY = table_of(CampaignDailyMetrics)
ACCOUNTS = table_of(AdAccount)

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


def _all(db: Database, table: sa.Table, *order: str) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(sa.select(table).order_by(*(table.c[o] for o in order)))
        return [dict(r._mapping) for r in rows]


def _account(account_id: int, **extra: Any) -> dict[str, Any]:
    return {"id": account_id, "name": f"a{account_id}", "currency": "EUR", "status": "ACTIVE"} | (
        extra
    )


def test_insert_then_update_then_nothing_to_do(database: Database, metric_rows: MetricRows) -> None:
    rows = metric_rows(30)
    with database.write() as conn:
        assert upsert(conn, CampaignDailyMetrics, rows) == 30
    changed = [dict(r, clicks=r["clicks"] + 1) if i % 3 == 0 else r for i, r in enumerate(rows)]
    with database.write() as conn:
        assert upsert(conn, CampaignDailyMetrics, changed) == 10
    with database.write() as conn:
        assert upsert(conn, CampaignDailyMetrics, changed) == 0
    stored = _all(database, DAILY, "campaign_id", "date")
    assert len(stored) == 30
    key = {(r["campaign_id"], r["date"]): r for r in changed}
    for row in stored:
        assert row == key[(row["campaign_id"], row["date"])]


def test_natural_key_is_campaign_and_day(database: Database) -> None:
    base = {"campaign_id": 1, "account_id": 9, "impressions": 5}
    rows = [base | {"date": date(2026, 3, d)} for d in (1, 2)] + [
        base | {"campaign_id": 2, "date": date(2026, 3, 1)}
    ]
    with database.write() as conn:
        upsert(conn, CampaignDailyMetrics, rows)
        upsert(conn, CampaignDailyMetrics, [base | {"date": date(2026, 3, 1), "impressions": 6}])
    stored = _all(database, DAILY, "campaign_id", "date")
    assert [(r["campaign_id"], r["date"], r["impressions"]) for r in stored] == [
        (1, date(2026, 3, 1), 6),
        (1, date(2026, 3, 2), 5),
        (2, date(2026, 3, 1), 5),
    ]
    assert stored[0]["clicks"] == 0  # server default for a column never given


def test_columns_left_out_keep_their_stored_values(database: Database) -> None:
    with database.write() as conn:
        upsert(conn, AdAccount, [_account(1, reference="urn:li:organization:1", test=True)])
        # `test` has a Python-side default: it fills inserts, never overwrites on update.
        upsert(conn, AdAccount, [_account(1, name="renamed")])
    (row,) = _all(database, ACCOUNTS, "id")
    assert (row["name"], row["reference"], row["test"]) == (
        "renamed",
        "urn:li:organization:1",
        True,
    )


def test_python_side_defaults_fill_columns_left_out_on_insert(database: Database) -> None:
    now = datetime(2026, 11, 26, 9, tzinfo=UTC)
    with database.write() as conn:
        upsert(conn, AdAccount, [_account(1)])
        upsert(conn, SyncLog, [{"id": 5, "trigger": "t", "started_at": now, "status": "skipped"}])
    assert _all(database, ACCOUNTS, "id")[0]["test"] is False
    (log,) = _all(database, table_of(SyncLog), "id")
    assert (log["accounts"], log["api_calls"], log["rows_written"]) == (0, 0, 0)


def test_later_row_with_the_same_key_wins(database: Database) -> None:
    rows = [_account(1, name="first"), _account(1, name="second")]
    with database.write() as conn:
        upsert(conn, AdAccount, rows)
    assert [r["name"] for r in _all(database, ACCOUNTS, "id")] == ["second"]


def test_chunks_and_more_parameters_than_sqlite_allows_in_one_statement(
    database: Database, metric_rows: MetricRows, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = metric_rows(2_500, campaigns=50)  # 2,500 x 17 = 42,500 values > 32,766
    with database.write() as conn:
        assert upsert(conn, CampaignDailyMetrics, rows) == 2_500
    monkeypatch.setattr(persistence.upserts, "CHUNK_ROWS", 7)
    changed = [dict(r, leads=r["leads"] + 1) for r in rows[:100]]
    with database.write() as conn:
        assert upsert(conn, CampaignDailyMetrics, changed) == 100
    with database.read() as conn:
        total = conn.scalar(sa.select(sa.func.count()).select_from(DAILY))
        leads = conn.scalar(sa.select(sa.func.sum(DAILY.c.leads)))
    assert total == 2_500
    assert leads == sum(r["leads"] for r in rows) + 100


def test_64_bit_integers_and_negative_money_are_exact(database: Database) -> None:
    row = {
        "campaign_id": INT64_MAX,
        "date": date(2026, 1, 1),
        "account_id": INT64_MAX,
        "spend_micros": INT64_MAX,
        "spend_usd_micros": INT64_MIN,
        "impressions": -1_500_000,  # a credit or adjustment is kept as it is
    }
    with database.write() as conn:
        upsert(conn, CampaignDailyMetrics, [row])
    (stored,) = _all(database, DAILY, "campaign_id")
    assert {k: stored[k] for k in row} == row


NAMES = [
    "Café crème \u2013 été 2026",
    "🚀 Launch 🇩🇪 👩🏽‍💻",
    "مرحبا بالعالم",  # right-to-left
    "e\u0301 combining acute",
    "tab\tnew\nline\rcarriage",
    "\x01\x07\x1b[31mred\x1b[0m control and ANSI",
    "[bold]rich markup[/bold] ' \" ; DROP TABLE campaigns; --",
    "x" * 5_000,
]


def test_non_ascii_and_control_characters_are_stored_intact(database: Database) -> None:
    with database.write() as conn:
        upsert(conn, AdAccount, [_account(i, name=name) for i, name in enumerate(NAMES)])
        upsert(
            conn,
            TargetingEntityName,
            [{"urn": f"urn:li:title:{i}", "name": name} for i, name in enumerate(NAMES)],
        )
    assert [r["name"] for r in _all(database, ACCOUNTS, "id")] == NAMES
    names = _all(database, table_of(TargetingEntityName), "urn")
    assert sorted(r["name"] for r in names) == sorted(NAMES)


def test_dates_and_utc_datetimes_round_trip(database: Database) -> None:
    paris = timezone(timedelta(hours=1))
    when = datetime(2026, 3, 29, 3, 15, 7, 123456, tzinfo=paris)
    with database.write() as conn:
        upsert(conn, AdAccount, [_account(1)])
        upsert(
            conn,
            Creative,
            [{"id": 3, "account_id": 1, "campaign_id": 2, "created_at": when, "synced_at": when}],
        )
    with database.read() as conn:
        stored = conn.execute(sa.select(table_of(Creative))).one()
    assert stored.created_at == when
    assert stored.created_at.tzinfo == UTC


def test_naive_datetimes_are_refused(sqlite_database: Database) -> None:
    with pytest.raises(ValueError, match="naive datetime"), sqlite_database.write() as conn:
        upsert(conn, AdAccount, [_account(1, synced_at=datetime(2026, 1, 1))])


def test_rows_with_only_key_columns_are_inserted_once(database: Database) -> None:
    key = {"account_id": 1, "stage": "campaign_daily"}
    with database.write() as conn:
        assert upsert(conn, SyncState, [key]) == 1
        assert upsert(conn, SyncState, [key]) == 0


def test_explicit_key_columns_and_core_tables_are_accepted(sqlite_database: Database) -> None:
    with sqlite_database.write() as conn:
        upsert(conn, ACCOUNTS, [_account(1)], key_columns=["id"])
        assert upsert(conn, ACCOUNTS, [_account(1, status="PAUSED")], key_columns=["id"]) == 1
    assert _all(sqlite_database, ACCOUNTS, "id")[0]["status"] == "PAUSED"


def test_nothing_to_write_is_a_no_op(sqlite_database: Database) -> None:
    with sqlite_database.write() as conn:
        assert upsert(conn, AdAccount, []) == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"id": 1, "nope": 2}], "has no column"),
        ([{"name": "no key"}], "lack key column"),
        ([_account(1), {"id": 2, "name": "x", "currency": "EUR"}], "row 1 has no 'status'"),
        ([_account(1), _account(2, type="X")], "row 1 has columns"),
    ],
)
def test_malformed_rows_are_refused_before_anything_is_written(
    sqlite_database: Database, rows: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValueError, match=message), sqlite_database.write() as conn:
        upsert(conn, AdAccount, rows)
    assert _all(sqlite_database, ACCOUNTS, "id") == []
