"""Time the report on a large generated database (run by hand, never by pytest).

    .venv/bin/python tests/report/large_db.py [--postgres] [--keep PATH_OR_DB_NAME]

The database has the size the report must stay fast on: 10 accounts (EUR, USD, GBP,
JPY), 2,000 campaigns, 10,000 creatives, 90 days of daily rows (180k campaign-days,
900k creative-days) and 8 demographic pivots x 100 segments x 3 months per account.
Rows are deterministic (seeded), so timings are comparable between runs.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import persistence.tables  # noqa: F401 - registers the tables
from report.audit import settings_audit
from report.budget import budget_utilisation
from report.bundle import build_report
from report.campaign_table import campaign_table
from report.comparison import ComparisonMetric, campaign_comparison
from report.coverage import date_coverage
from report.creatives import creative_performance
from report.demographics import PIVOT_LABELS, audience_demographics
from report.engagement import engagement_quality
from report.filters import RangePreset, ReportFilter, preset_filter
from report.kpis import conversion_funnel, kpi_scorecards
from report.spend_share import spend_distribution
from report.trend import daily_trend

TODAY = date(2025, 11, 20)
ACCOUNTS = 10
CAMPAIGNS_PER_ACCOUNT = 200
CREATIVES_PER_CAMPAIGN = 5
DAYS = 90
CURRENCIES = ("EUR", "USD", "GBP", "JPY")
PG_ADMIN_URL = "postgresql+psycopg://root@127.0.0.1:5432/test"


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _chunks(rows: Iterator[dict[str, Any]], size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _day(
    rng: random.Random, key: str, entity: int, account: int, when: date, rate: float
) -> dict[str, Any]:
    impressions = rng.randint(50, 2_000)
    clicks = impressions * rng.randint(2, 15) // 1000
    spend = impressions * rng.randint(5_000, 60_000)
    return {
        key: entity,
        "date": when,
        "account_id": account,
        "impressions": impressions,
        "clicks": clicks,
        "spend_micros": spend,
        "spend_usd_micros": int(spend * rate),
        "landing_page_clicks": clicks * 3 // 4,
        "conversions": clicks // 20,
        "leads": clicks // 30,
        "likes": impressions // 200,
        "comments": impressions // 1000,
        "shares": impressions // 1500,
        "follows": impressions // 2000,
    }


def _synced_order(
    rng: random.Random, key: str, entities: list[tuple[int, int]], rates: dict[int, float]
) -> Iterator[dict[str, Any]]:
    """Daily rows in the order a sync writes them: account, then date window (15 days,
    about what fits LinkedIn's 15,000-row response cap), then entity and day."""
    first = TODAY - timedelta(days=DAYS)
    for account in range(1, ACCOUNTS + 1):
        own = [entity for entity, owner in entities if owner == account]
        for window in range(0, DAYS, 15):
            days = [first + timedelta(days=d) for d in range(window, min(window + 15, DAYS))]
            for entity in own:
                for when in days:
                    yield _day(rng, key, entity, account, when, rates[account])


def populate(engine: sa.Engine) -> None:
    rng = random.Random(20251120)
    rates = {"EUR": 1.1, "USD": 1.0, "GBP": 1.3, "JPY": 0.0066}
    accounts: list[dict[str, Any]] = []
    campaigns: list[dict[str, Any]] = []
    creatives: list[dict[str, Any]] = []
    for a in range(1, ACCOUNTS + 1):
        currency = CURRENCIES[a % len(CURRENCIES)]
        accounts.append({"id": a, "name": f"Account {a}", "currency": currency, "status": "ACTIVE"})
        for c in range(CAMPAIGNS_PER_ACCOUNT):
            campaign_id = a * 10_000 + c
            campaigns.append(
                {
                    "id": campaign_id,
                    "account_id": a,
                    "name": f"Campaign {a}-{c}",
                    "status": rng.choice(("ACTIVE", "ACTIVE", "PAUSED", "COMPLETED")),
                    "cost_type": rng.choice(("CPM", "CPC")),
                    "optimization_target_type": rng.choice(("NONE", "MAX_CLICK", "MAX_LEAD")),
                    "daily_budget_micros": rng.choice((None, 100_000_000, 250_000_000)),
                    "unit_cost_micros": rng.choice((None, 5_000_000)),
                    "offsite_delivery_enabled": rng.random() < 0.3,
                    "audience_expansion_enabled": rng.random() < 0.3,
                }
            )
            for k in range(CREATIVES_PER_CAMPAIGN):
                creatives.append(
                    {
                        "id": campaign_id * 10 + k,
                        "account_id": a,
                        "campaign_id": campaign_id,
                        "name": f"Creative {a}-{c}-{k}",
                    }
                )
    rate_of = {row["id"]: rates[row["currency"]] for row in accounts}
    with engine.begin() as conn:
        conn.execute(sa.insert(_table("ad_accounts")), accounts)
        conn.execute(sa.insert(_table("campaigns")), campaigns)
        conn.execute(sa.insert(_table("creatives")), creatives)
    campaign_days = _synced_order(
        rng, "campaign_id", [(c["id"], c["account_id"]) for c in campaigns], rate_of
    )
    creative_days = _synced_order(
        rng, "creative_id", [(c["id"], c["account_id"]) for c in creatives], rate_of
    )
    for name, rows in (
        ("campaign_daily_metrics", campaign_days),
        ("creative_daily_metrics", creative_days),
    ):
        for chunk in _chunks(rows):
            with engine.begin() as conn:
                conn.execute(sa.insert(_table(name)), chunk)
    months = [(date(2025, m, 1), date(2025, m + 1, 1) - timedelta(days=1)) for m in (9, 10)]
    months.append((date(2025, 11, 1), date(2025, 11, 19)))
    demographics = [
        {
            "account_id": a,
            "pivot": pivot,
            "segment_urn": f"urn:li:segment:{s}",
            "date_start": start,
            "date_end": end,
            "impressions": rng.randint(3, 5_000),
            "clicks": rng.randint(0, 50),
            "spend_micros": 0,
        }
        for a in range(1, ACCOUNTS + 1)
        for pivot in PIVOT_LABELS
        for s in range(100)
        for start, end in months
    ]
    for chunk in _chunks(iter(demographics)):
        with engine.begin() as conn:
            conn.execute(sa.insert(_table("audience_demographics")), chunk)


def _time(call: Callable[[], object], runs: int = 5) -> tuple[float, float]:
    """Best and median wall time in ms (the best is the least disturbed by other load)."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings), statistics.median(timings)


Check = Callable[[sa.Connection, ReportFilter], object]
CHECKS: dict[str, Check] = {
    "1 kpi_scorecards": kpi_scorecards,
    "2 daily_trend": daily_trend,
    "3 campaign_comparison(ctr)": lambda c, f: campaign_comparison(c, f, ComparisonMetric.CTR),
    "4 spend_distribution": spend_distribution,
    "5 conversion_funnel": conversion_funnel,
    "6 budget_utilisation": budget_utilisation,
    "7 engagement_quality": engagement_quality,
    "8 creative_performance": creative_performance,
    "9 audience_demographics": audience_demographics,
    "  campaign_table": campaign_table,
    "  build_report (all of the above)": build_report,
}


def measure(engine: sa.Engine) -> None:
    filters = {
        "all accounts, last 30 days": preset_filter(RangePreset.LAST_30_DAYS, TODAY),
        "all accounts, all time": ReportFilter(),
        "one account, last 7 days": preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({2})),
        "one account, all time": ReportFilter(frozenset({2})),
    }
    status: dict[str, Callable[[sa.Connection], object]] = {
        "settings_audit": lambda c: settings_audit(c, TODAY),
        "date_coverage": date_coverage,
    }
    print(f"{'':36} {'best':>8} {'median':>8}  (ms, 5 runs)")
    with engine.connect() as conn:
        for label, flt in filters.items():
            print(label)
            for name, check in CHECKS.items():
                best, median = _time(functools.partial(check, conn, flt))
                print(f"  {name:<34} {best:8.1f} {median:8.1f}")
        print("status screen")
        for name, read in status.items():
            best, median = _time(functools.partial(read, conn))
            print(f"  {name:<34} {best:8.1f} {median:8.1f}")


def _postgres(keep: str | None) -> None:
    """Measure on a PostgreSQL database: ``keep`` names one to create or reuse (and
    leave behind for EXPLAIN); without it a throwaway database is dropped at the end."""
    name = keep or f"report_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine = sa.create_engine(f"postgresql+psycopg://root@127.0.0.1:5432/{name}")
    try:
        if not exists:
            SQLModel.metadata.create_all(engine)
            started = time.perf_counter()
            populate(engine)
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))
            print(f"populated {name} in {time.perf_counter() - started:.0f} s")
        measure(engine)
    finally:
        engine.dispose()
        if keep is None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use 127.0.0.1:5432")
    parser.add_argument("--keep", help="SQLite file or PostgreSQL database to create or reuse")
    args = parser.parse_args()
    if args.postgres:
        _postgres(args.keep)
        return
    path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp()) / "large.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    if not path.exists() or path.stat().st_size == 0:
        SQLModel.metadata.create_all(engine)
        started = time.perf_counter()
        populate(engine)
        print(f"populated {path} in {time.perf_counter() - started:.0f} s")
    measure(engine)


if __name__ == "__main__":
    main()
