"""Query building blocks shared by the report modules (internal to ``report``).

Everything here is portable SQL (SQLite and PostgreSQL): date bounds are computed in
Python and bound as parameters, never with a database's date functions. PostgreSQL
returns ``SUM(bigint)`` as ``numeric``, so sums are converted back to ``int`` here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from persistence.tables import (
    AdAccount,
    AudienceDemographics,
    Campaign,
    CampaignDailyMetrics,
    Creative,
    CreativeDailyMetrics,
    TargetingEntityName,
)
from report.filters import ReportFilter
from report.metrics import Totals

Db = sa.Connection | sa.Engine
"""What every report function accepts: an open connection, or an engine to open one."""


def _table(model: type[SQLModel]) -> sa.Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


ACCOUNTS = _table(AdAccount)
CAMPAIGNS = _table(Campaign)
CREATIVES = _table(Creative)
CAMPAIGN_METRICS = _table(CampaignDailyMetrics)
CREATIVE_METRICS = _table(CreativeDailyMetrics)
DEMOGRAPHICS = _table(AudienceDemographics)
TARGETING_ENTITIES = _table(TargetingEntityName)

# Totals fields summed straight from the metrics column of the same name; spend is
# summed twice (local and USD) and the caller's MoneyBasis picks one.
_COUNT_FIELDS: tuple[str, ...] = (
    "impressions",
    "clicks",
    "landing_page_clicks",
    "conversions",
    "leads",
    "likes",
    "comments",
    "shares",
    "follows",
)
LOCAL_SPEND = "spend_micros"
USD_SPEND = "spend_usd_micros"


@contextmanager
def connect(db: Db) -> Iterator[sa.Connection]:
    """Use the given connection as is, or open (and close) one from an engine."""
    if isinstance(db, sa.Engine):
        with db.connect() as conn:
            yield conn
    else:
        yield db


def as_int(value: Any) -> int:
    """An aggregate back to int: NULL (an empty SUM) is 0, PostgreSQL numeric is exact."""
    return 0 if value is None else int(value)


def total(column: sa.ColumnElement[Any], name: str) -> sa.Label[Any]:
    """``COALESCE(SUM(column), 0) AS name``."""
    return sa.func.coalesce(sa.func.sum(column), 0).label(name)


def totals_columns(metrics: sa.Table) -> list[sa.Label[Any]]:
    """The sums a Totals is built from (both spend columns included)."""
    names = (*_COUNT_FIELDS, LOCAL_SPEND, USD_SPEND)
    return [total(metrics.c[name], name) for name in names]


def totals_from(row: sa.RowMapping, spend_column: str) -> Totals:
    """Build Totals from a row selected with ``totals_columns``, in one spend currency."""
    counts = {name: as_int(row[name]) for name in _COUNT_FIELDS}
    return Totals(spend_micros=as_int(row[spend_column]), **counts)


def metric_conditions(metrics: sa.Table, flt: ReportFilter) -> list[sa.ColumnElement[bool]]:
    """WHERE terms of a daily metrics table for a filter (account_id index, date range)."""
    conditions: list[sa.ColumnElement[bool]] = []
    if flt.account_ids is not None:
        conditions.append(metrics.c.account_id.in_(sorted(flt.account_ids)))
    if flt.start is not None:
        conditions.append(metrics.c.date >= flt.start)
    if flt.end is not None:
        conditions.append(metrics.c.date <= flt.end)
    return conditions


def account_ids_cte(table: sa.Table) -> sa.CTE:
    """A CTE ``acc(id)`` of the distinct ``account_id`` of a table, NULL-terminated.

    A plain ``SELECT DISTINCT`` reads the whole ``account_id`` index (900k entries on a
    large database); this recursive "loose index scan" asks the index for the next id
    above the previous one instead: one seek per account, on SQLite and PostgreSQL.
    The recursion ends with one NULL row, which users of the CTE filter out.
    """
    first = sa.select(sa.func.min(table.c.account_id).label("id")).cte("acc", recursive=True)
    following = sa.select(
        sa.select(sa.func.min(table.c.account_id))
        .where(table.c.account_id > first.c.id)
        .scalar_subquery()
    ).where(first.c.id.is_not(None))
    return first.union_all(following)


def accounts_with_metrics(conn: sa.Connection, table: sa.Table) -> set[int]:
    """Distinct ``account_id`` of a table (see ``account_ids_cte``)."""
    acc = account_ids_cte(table)
    query = sa.select(acc.c.id).where(acc.c.id.is_not(None))
    return {int(value) for value in conn.execute(query).scalars()}
