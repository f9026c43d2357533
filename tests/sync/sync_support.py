"""Helpers for sync tests: options on the sandbox clock and the ground-truth comparison."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from linkedin.client import RetryPolicy
from linkedin.endpoints import COMPANY_SIZE_NAMES, DEMOGRAPHIC_METRICS, DEMOGRAPHIC_PIVOTS
from linkedin.models import ANALYTICS_METRIC_FIELDS, money_to_micros, parse_urn
from linkedin.sandbox import Sandbox
from persistence.db import Database
from sync.engine import SyncOptions

FAST_RETRY = RetryPolicy(backoff_base=0.01, backoff_max=0.05, retry_after_cap=0.05)


def options_for(sandbox: Sandbox, **kwargs: Any) -> SyncOptions:
    kwargs.setdefault("history_days", 90)
    kwargs.setdefault("lookback_days", 30)
    return SyncOptions(now=sandbox.now, **kwargs)


def table_rows(db: Database, name: str) -> list[dict[str, Any]]:
    with db.read() as conn:
        table = sa.Table(name, sa.MetaData(), autoload_with=conn)
        return [dict(r._mapping) for r in conn.execute(sa.select(table))]


def assert_matches_sandbox(db: Database, sandbox: Sandbox, start: date, end: date) -> None:
    """Every stored entity and number equals the sandbox's ground truth for [start, end]."""
    dataset = sandbox.dataset
    as_of = sandbox.now()
    visible = [a for a in dataset.accounts if dataset.role(a["id"]) is not None]

    accounts = {r["id"]: r for r in table_rows(db, "ad_accounts")}
    assert set(accounts) == {a["id"] for a in visible}
    for account in visible:
        row = accounts[account["id"]]
        assert (row["name"], row["currency"], row["status"]) == (
            account["name"],
            account["currency"],
            account["status"],
        )

    campaigns = {r["id"]: r for r in table_rows(db, "campaigns")}
    expected_campaigns = [c for a in visible for c in dataset.campaigns_of(a["id"])]
    assert set(campaigns) == {c["id"] for c in expected_campaigns}
    for campaign in expected_campaigns:
        row = campaigns[campaign["id"]]
        assert row["status"] == campaign["status"]
        budget = campaign.get("dailyBudget")
        assert row["daily_budget_micros"] == (money_to_micros(budget["amount"]) if budget else None)

    creatives = {r["id"]: r for r in table_rows(db, "creatives")}
    expected_creatives = [c for a in visible for c in dataset.creatives_of(a["id"])]
    assert set(creatives) == {parse_urn(c["id"]) for c in expected_creatives}
    for creative in expected_creatives:
        assert creatives[parse_urn(creative["id"])]["name"] == creative.get("name")

    for pivot, table, key in (
        ("CAMPAIGN", "campaign_daily_metrics", "campaign_id"),
        ("CREATIVE", "creative_daily_metrics", "creative_id"),
    ):
        stored = {(r[key], r["date"]): r for r in table_rows(db, table)}
        truth = {
            (entity_id, day): metrics
            for account in visible
            for entity_id, day, metrics in dataset.daily_rows(
                pivot, account["id"], start, end, as_of
            )
        }
        assert set(stored) == set(truth), f"{table}: rows differ"
        for row_key, metrics in truth.items():
            row = stored[row_key]
            for api_field, column in ANALYTICS_METRIC_FIELDS.items():
                value = metrics.get(api_field, 0)
                expected = money_to_micros(value) if isinstance(value, str) else int(value)
                assert row[column] == expected, f"{table} {row_key} {column}"

    stored_demo = {
        (r["account_id"], r["pivot"], r["segment_urn"], r["date_start"]): r
        for r in table_rows(db, "audience_demographics")
    }
    truth_demo = {}
    month_start = date(start.year, start.month, 1)
    for account in visible:
        for pivot in DEMOGRAPHIC_PIVOTS:
            for segment, bucket_start, bucket_end, metrics in dataset.demographic_rows(
                account["id"], pivot, month_start, end, "MONTHLY", as_of, DEMOGRAPHIC_METRICS
            ):
                truth_demo[(account["id"], pivot, segment, bucket_start)] = (bucket_end, metrics)
    assert set(stored_demo) == set(truth_demo)
    for demo_key, (bucket_end, metrics) in truth_demo.items():
        row = stored_demo[demo_key]
        assert row["date_end"] == bucket_end
        assert row["impressions"] == metrics["impressions"]
        assert row["clicks"] == metrics["clicks"]
        assert row["spend_micros"] == money_to_micros(metrics["costInLocalCurrency"])
        segment = demo_key[2]
        expected_name = COMPANY_SIZE_NAMES.get(segment) or dataset.entity_name(segment)
        assert row["segment_name"] == expected_name


def history_start(sandbox: Sandbox, days: int = 90) -> date:
    return sandbox.now().date() - timedelta(days=days)
