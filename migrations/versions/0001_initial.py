"""Initial schema: accounts, entities, daily metrics, demographics, sync bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Types are spelled out here instead of imported from ``persistence.tables`` so this
revision stays what it was when later code changes (``UTCDateTime`` is a
``DateTime(timezone=True)`` in the database).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_METRICS = (
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


def _utc(name: str, *, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _count(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.BigInteger(), server_default="0", nullable=False)


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"], ["ad_accounts.id"], name=op.f(f"fk_{table}_account_id_ad_accounts")
    )


def upgrade() -> None:
    op.create_table(
        "ad_accounts",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("test", sa.Boolean(), nullable=False),
        sa.Column("reference", sa.String(), nullable=True),
        _utc("synced_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_accounts")),
    )
    op.create_table(
        "campaign_groups",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        _utc("run_start"),
        _utc("run_end"),
        sa.Column("total_budget_micros", sa.BigInteger(), nullable=True),
        _utc("synced_at"),
        _account_fk("campaign_groups"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_groups")),
    )
    op.create_index(op.f("ix_campaign_groups_account_id"), "campaign_groups", ["account_id"])
    op.create_table(
        "campaigns",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_group_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("cost_type", sa.String(), nullable=True),
        sa.Column("objective_type", sa.String(), nullable=True),
        sa.Column("optimization_target_type", sa.String(), nullable=True),
        sa.Column("format", sa.String(), nullable=True),
        sa.Column("daily_budget_micros", sa.BigInteger(), nullable=True),
        sa.Column("total_budget_micros", sa.BigInteger(), nullable=True),
        sa.Column("unit_cost_micros", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("offsite_delivery_enabled", sa.Boolean(), nullable=True),
        sa.Column("audience_expansion_enabled", sa.Boolean(), nullable=True),
        _utc("run_start"),
        _utc("run_end"),
        _utc("synced_at"),
        _account_fk("campaigns"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index(op.f("ix_campaigns_account_id"), "campaigns", ["account_id"])
    op.create_index(op.f("ix_campaigns_campaign_group_id"), "campaigns", ["campaign_group_id"])
    op.create_table(
        "creatives",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("campaign_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("intended_status", sa.String(), nullable=True),
        sa.Column("is_serving", sa.Boolean(), nullable=True),
        sa.Column("content_reference", sa.String(), nullable=True),
        sa.Column("review_status", sa.String(), nullable=True),
        _utc("created_at"),
        _utc("last_modified_at"),
        _utc("synced_at"),
        _account_fk("creatives"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_creatives")),
    )
    op.create_index(op.f("ix_creatives_account_id"), "creatives", ["account_id"])
    op.create_index(op.f("ix_creatives_campaign_id"), "creatives", ["campaign_id"])
    for table, entity in (
        ("campaign_daily_metrics", "campaign"),
        ("creative_daily_metrics", "creative"),
    ):
        op.create_table(
            table,
            sa.Column(f"{entity}_id", sa.BigInteger(), nullable=False),
            sa.Column("date", sa.Date(), nullable=False),
            sa.Column("account_id", sa.BigInteger(), nullable=False),
            *(_count(name) for name in _METRICS),
            sa.PrimaryKeyConstraint(f"{entity}_id", "date", name=op.f(f"pk_{table}")),
        )
        op.create_index(f"ix_{table}_account_id_date", table, ["account_id", "date"])
    op.create_table(
        "audience_demographics",
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("pivot", sa.String(length=40), nullable=False),
        sa.Column("segment_urn", sa.String(length=200), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("segment_name", sa.String(), nullable=True),
        _count("impressions"),
        _count("clicks"),
        _count("spend_micros"),
        sa.PrimaryKeyConstraint(
            "account_id",
            "pivot",
            "segment_urn",
            "date_start",
            name=op.f("pk_audience_demographics"),
        ),
    )
    op.create_table(
        "targeting_entities",
        sa.Column("urn", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("facet_urn", sa.String(), nullable=True),
        _utc("resolved_at"),
        sa.PrimaryKeyConstraint("urn", name=op.f("pk_targeting_entities")),
    )
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        _utc("started_at", nullable=False),
        _utc("finished_at"),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("api_calls", sa.Integer(), nullable=False),
        sa.Column("rows_written", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("hostname", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_log")),
    )
    op.create_index(op.f("ix_sync_log_status"), "sync_log", ["status"])
    op.create_table(
        "sync_state",
        sa.Column("account_id", sa.BigInteger(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("range_start", sa.Date(), nullable=True),
        sa.Column("complete_through", sa.Date(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        _utc("updated_at"),
        sa.PrimaryKeyConstraint("account_id", "stage", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    # Dropping a table drops its indexes; children go before ad_accounts they point to.
    for table in (
        "sync_state",
        "sync_log",
        "targeting_entities",
        "audience_demographics",
        "creative_daily_metrics",
        "campaign_daily_metrics",
        "creatives",
        "campaigns",
        "campaign_groups",
        "ad_accounts",
    ):
        op.drop_table(table)
