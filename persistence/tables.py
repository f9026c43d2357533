"""The database schema: SQLModel tables that users may query with their own tools.

This is a public contract (documented in the README): table and column names do not
change without a migration and a note. Conventions:

* Ids are LinkedIn's numeric ids (``urn:li:sponsoredCreative:123`` is stored as 123).
* Money is an integer number of micro-units (amount x 1,000,000) of the account's
  currency, next to which ``spend_usd_micros`` holds LinkedIn's USD conversion.
* ``date`` columns are UTC calendar days (LinkedIn reports in UTC).
* Ratios (CTR, CPC, ...) are never stored; ``report.metrics`` computes them on read.
* Metrics tables have no foreign key to campaigns/creatives on purpose: analytics for
  an entity the listing did not return are kept (spend is never dropped).
* Timestamps (``*_at``) are UTC.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

#: The MetaData holding every table below (Alembic's target; ``SQLModel.metadata``).
metadata: sa.MetaData = SQLModel.metadata


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core ``Table`` behind a table class, for Core statements (SQLModel leaves
    ``__table__`` untyped)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores no zone itself)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _id_pk() -> Any:
    return Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))


def _bigint(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(
        default=None if nullable else 0,
        sa_column=sa.Column(sa.BigInteger, nullable=nullable, index=index),
    )


def _account_fk() -> Any:
    return Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("ad_accounts.id"), nullable=False, index=True
        )
    )


def _utc(*, nullable: bool = True) -> Any:
    return Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=nullable))


def _count() -> Any:
    return Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, server_default="0"))


class AdAccount(SQLModel, table=True):
    __tablename__ = "ad_accounts"

    id: int = _id_pk()
    name: str
    currency: str = Field(max_length=3)
    status: str
    type: str | None = None
    test: bool = False
    reference: str | None = None
    synced_at: datetime | None = _utc()


class CampaignGroup(SQLModel, table=True):
    __tablename__ = "campaign_groups"

    id: int = _id_pk()
    account_id: int = _account_fk()
    name: str
    status: str
    run_start: datetime | None = _utc()
    run_end: datetime | None = _utc()
    total_budget_micros: int | None = _bigint()
    synced_at: datetime | None = _utc()


class Campaign(SQLModel, table=True):
    __tablename__ = "campaigns"

    id: int = _id_pk()
    account_id: int = _account_fk()
    campaign_group_id: int | None = _bigint(index=True)
    name: str
    status: str
    type: str | None = None
    cost_type: str | None = None
    objective_type: str | None = None
    optimization_target_type: str | None = None
    format: str | None = None
    daily_budget_micros: int | None = _bigint()
    total_budget_micros: int | None = _bigint()
    unit_cost_micros: int | None = _bigint()
    currency: str | None = Field(default=None, max_length=3)
    offsite_delivery_enabled: bool | None = None
    audience_expansion_enabled: bool | None = None
    run_start: datetime | None = _utc()
    run_end: datetime | None = _utc()
    synced_at: datetime | None = _utc()


class Creative(SQLModel, table=True):
    __tablename__ = "creatives"

    id: int = _id_pk()
    account_id: int = _account_fk()
    campaign_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False, index=True))
    name: str | None = None
    intended_status: str | None = None
    is_serving: bool | None = None
    content_reference: str | None = None
    review_status: str | None = None
    created_at: datetime | None = _utc()
    last_modified_at: datetime | None = _utc()
    synced_at: datetime | None = _utc()


# The metric columns shared by both daily tables, in the documented order.
METRIC_COLUMNS: tuple[str, ...] = (
    "impressions",
    "clicks",
    "spend_micros",
    "spend_usd_micros",
    "landing_page_clicks",
    "conversions",
    "leads",
    "likes",
    "comments",
    "shares",
    "follows",
    "video_views",
    "opens",
    "sends",
)


# The two daily tables spell out the same metric columns on purpose: a shared base
# class would put them before the key columns in CREATE TABLE, and the column order
# here must stay the one the migrations and the README give users.
class CampaignDailyMetrics(SQLModel, table=True):
    __tablename__ = "campaign_daily_metrics"
    # Reports filter by account and date range: one (account_id, date) index serves
    # both that and account-only lookups.
    __table_args__ = (sa.Index("ix_campaign_daily_metrics_account_id_date", "account_id", "date"),)

    campaign_id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True))
    # `dt.date`: a bare `date` here would name the field itself, not the type.
    date: dt.date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    account_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    impressions: int = _count()
    clicks: int = _count()
    spend_micros: int = _count()
    spend_usd_micros: int = _count()
    landing_page_clicks: int = _count()
    conversions: int = _count()
    leads: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()
    follows: int = _count()
    video_views: int = _count()
    opens: int = _count()
    sends: int = _count()


class CreativeDailyMetrics(SQLModel, table=True):
    __tablename__ = "creative_daily_metrics"
    # Reports filter by account and date range: one (account_id, date) index serves
    # both that and account-only lookups.
    __table_args__ = (sa.Index("ix_creative_daily_metrics_account_id_date", "account_id", "date"),)

    creative_id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True))
    # `dt.date`: a bare `date` here would name the field itself, not the type.
    date: dt.date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    account_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    impressions: int = _count()
    clicks: int = _count()
    spend_micros: int = _count()
    spend_usd_micros: int = _count()
    landing_page_clicks: int = _count()
    conversions: int = _count()
    leads: int = _count()
    likes: int = _count()
    comments: int = _count()
    shares: int = _count()
    follows: int = _count()
    video_views: int = _count()
    opens: int = _count()
    sends: int = _count()


class AudienceDemographics(SQLModel, table=True):
    """Monthly demographic delivery per account; one row per calendar month.

    ``date_start`` is the first day of the month (the sync always asks for whole
    months), ``date_end`` the last day LinkedIn reported for it (the current month
    grows day by day).
    LinkedIn's values are approximate (privacy noise, top-100 and >= 3-event
    thresholds), so segments do not sum to the account totals.
    """

    __tablename__ = "audience_demographics"

    account_id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True))
    pivot: str = Field(sa_column=sa.Column(sa.String(40), primary_key=True))
    segment_urn: str = Field(sa_column=sa.Column(sa.String(200), primary_key=True))
    date_start: date = Field(sa_column=sa.Column(sa.Date, primary_key=True))
    date_end: date = Field(sa_column=sa.Column(sa.Date, nullable=False))
    segment_name: str | None = None
    impressions: int = _count()
    clicks: int = _count()
    spend_micros: int = _count()


class TargetingEntityName(SQLModel, table=True):
    """Names of demographic URNs (titles, geos, companies, ...), cached across syncs."""

    __tablename__ = "targeting_entities"

    urn: str = Field(sa_column=sa.Column(sa.String(200), primary_key=True))
    name: str
    facet_urn: str | None = None
    resolved_at: datetime | None = _utc()


class SyncLog(SQLModel, table=True):
    """One row per sync run.

    ``status``: running, success, partial, failed, cancelled, interrupted (a run left
    ``running`` by a killed process, marked by the next run) or skipped (fresh).
    """

    __tablename__ = "sync_log"

    id: int | None = Field(default=None, primary_key=True)
    trigger: str = Field(max_length=16)
    started_at: datetime = _utc(nullable=False)
    finished_at: datetime | None = _utc()
    status: str = Field(max_length=16, index=True)
    accounts: int = 0
    api_calls: int = 0
    rows_written: int = 0
    error: str | None = None
    pid: int | None = None
    hostname: str | None = None


class SyncState(SQLModel, table=True):
    """How far each account's data is complete, per stage.

    For the analytics stages ``complete_through`` is the last UTC day whose data was
    fetched and committed (the next run re-reads the lookback window and everything
    after it); ``range_start`` is the earliest day ever synced.
    """

    __tablename__ = "sync_state"

    account_id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True))
    stage: str = Field(sa_column=sa.Column(sa.String(40), primary_key=True))
    range_start: date | None = None
    complete_through: date | None = None
    last_run_id: int | None = None
    updated_at: datetime | None = _utc()
