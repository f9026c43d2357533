"""Date coverage for the status screen: which UTC days each account has data for.

"How much data do I have, and up to when?" is the first question after a sync; this
answers it straight from the daily tables, independently of the sync's own bookkeeping
(``sync_state``, read by ``persistence.queries.account_sync_status``), so a gap between
what the sync believes and what is stored shows. Rows per table and the accounts with
their currency are ``persistence.queries.table_row_counts`` and ``list_accounts``; they
are not repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from report.sql import (
    CAMPAIGN_METRICS,
    CREATIVE_METRICS,
    DEMOGRAPHICS,
    Db,
    account_ids_cte,
    as_int,
    connect,
)


@dataclass(frozen=True)
class DateCoverage:
    """First and last UTC day stored for one account in one table.

    For ``audience_demographics`` the days are the first month's first day and the last
    day LinkedIn reported for the last month.
    """

    table: str
    account_id: int
    first_day: date
    last_day: date
    rows: int


def _coverage_query(table: sa.Table, first: sa.Column[Any], last: sa.Column[Any]) -> sa.Select[Any]:
    """Per account: first day, last day, rows. The per-account scalar subqueries are
    index seeks on (account_id, date) (a GROUP BY account_id would compare the dates of
    all 900k creative rows: ~6x slower on a large database)."""
    acc = account_ids_cte(table)

    def per_account(aggregate: sa.ColumnElement[Any]) -> sa.ScalarSelect[Any]:
        return sa.select(aggregate).where(table.c.account_id == acc.c.id).scalar_subquery()

    return (
        sa.select(
            acc.c.id.label("account_id"),
            per_account(sa.func.min(first)).label("first_day"),
            per_account(sa.func.max(last)).label("last_day"),
            per_account(sa.func.count()).label("row_count"),
        )
        .where(acc.c.id.is_not(None))
        .order_by(acc.c.id)
    )


def date_coverage(db: Db) -> tuple[DateCoverage, ...]:
    """Per table (campaign and creative daily metrics, demographics) and account."""
    queries = (
        _coverage_query(CAMPAIGN_METRICS, CAMPAIGN_METRICS.c.date, CAMPAIGN_METRICS.c.date),
        _coverage_query(CREATIVE_METRICS, CREATIVE_METRICS.c.date, CREATIVE_METRICS.c.date),
        _coverage_query(DEMOGRAPHICS, DEMOGRAPHICS.c.date_start, DEMOGRAPHICS.c.date_end),
    )
    tables = (CAMPAIGN_METRICS, CREATIVE_METRICS, DEMOGRAPHICS)
    result: list[DateCoverage] = []
    with connect(db) as conn:
        for table, query in zip(tables, queries, strict=True):
            result.extend(
                DateCoverage(
                    table=table.name,
                    account_id=int(row.account_id),
                    first_day=row.first_day,
                    last_day=row.last_day,
                    rows=as_int(row.row_count),
                )
                for row in conn.execute(query)
            )
    return tuple(result)
