"""Read queries for the status screen and ``--status``: counts, accounts, freshness.

Each is one SQL statement (aggregates run in the database, not in Python loops), so
they stay fast on a database with millions of daily rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from persistence.tables import AdAccount, Campaign, SyncLog, SyncState, metadata, table_of

#: The tables users may query, in the order the status screen lists them.
CONTRACT_TABLES: tuple[str, ...] = (
    "ad_accounts",
    "campaign_groups",
    "campaigns",
    "creatives",
    "campaign_daily_metrics",
    "creative_daily_metrics",
    "audience_demographics",
    "targeting_entities",
    "sync_log",
    "sync_state",
)


@dataclass(frozen=True, slots=True)
class AccountSync:
    """One account and how fresh its data is.

    ``last_synced_at`` is the newest ``sync_state.updated_at`` of the account;
    ``complete_through`` the oldest stage's ``complete_through`` (the day up to
    which *all* of its data is complete); ``last_run_*`` describe the newest run
    that advanced any of its stages. All None for an account never synced.
    """

    account_id: int
    name: str
    currency: str
    status: str
    last_synced_at: datetime | None
    complete_through: date | None
    last_run_id: int | None
    last_run_status: str | None
    last_run_finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class CampaignEntry:
    """A campaign to pick by name (the command palette's "jump to campaign")."""

    campaign_id: int
    name: str
    status: str
    account_name: str | None


def campaign_index(conn: Connection) -> list[CampaignEntry]:
    """Every campaign with its account's name, by campaign name."""
    campaigns, accounts = table_of(Campaign), table_of(AdAccount)
    query = (
        sa.select(campaigns.c.id, campaigns.c.name, campaigns.c.status, accounts.c.name)
        .select_from(campaigns)
        .outerjoin(accounts, accounts.c.id == campaigns.c.account_id)
        .order_by(campaigns.c.name, campaigns.c.id)
    )
    return [
        CampaignEntry(int(row[0]), str(row[1]), str(row[2]), row[3]) for row in conn.execute(query)
    ]


def table_row_counts(conn: Connection) -> dict[str, int]:
    """Rows per contract table, in ``CONTRACT_TABLES`` order (one round trip)."""
    counts = [
        sa.select(sa.func.count()).select_from(metadata.tables[name]).scalar_subquery().label(name)
        for name in CONTRACT_TABLES
    ]
    row = conn.execute(sa.select(*counts)).one()
    return {name: int(row._mapping[name]) for name in CONTRACT_TABLES}


def list_accounts(conn: Connection) -> list[AdAccount]:
    """Every synced ad account, by name then id."""
    accounts = table_of(AdAccount)
    rows = conn.execute(sa.select(accounts).order_by(accounts.c.name, accounts.c.id))
    return [AdAccount(**row._mapping) for row in rows]


def account_sync_status(conn: Connection) -> list[AccountSync]:
    """Every account with its freshness and the outcome of its latest run, by name."""
    accounts = table_of(AdAccount)
    state = table_of(SyncState)
    log = table_of(SyncLog)
    per_account = (
        sa.select(
            state.c.account_id,
            sa.func.max(state.c.updated_at).label("last_synced_at"),
            sa.func.min(state.c.complete_through).label("complete_through"),
            sa.func.max(state.c.last_run_id).label("last_run_id"),
        )
        .group_by(state.c.account_id)
        .subquery()
    )
    query = (
        sa.select(
            accounts.c.id,
            accounts.c.name,
            accounts.c.currency,
            accounts.c.status,
            per_account.c.last_synced_at,
            per_account.c.complete_through,
            per_account.c.last_run_id,
            log.c.status.label("last_run_status"),
            log.c.finished_at.label("last_run_finished_at"),
        )
        .select_from(accounts)
        .outerjoin(per_account, per_account.c.account_id == accounts.c.id)
        .outerjoin(log, log.c.id == per_account.c.last_run_id)
        .order_by(accounts.c.name, accounts.c.id)
    )
    return [
        AccountSync(
            account_id=row.id,
            name=row.name,
            currency=row.currency,
            status=row.status,
            last_synced_at=row.last_synced_at,
            complete_through=row.complete_through,
            last_run_id=row.last_run_id,
            last_run_status=row.last_run_status,
            last_run_finished_at=row.last_run_finished_at,
        )
        for row in conn.execute(query)
    ]
