"""`li-ads-tui --status`: what a script or a human needs to know, without a screen.

Token health (where it comes from, days left, warnings), the API version and when
LinkedIn retires it, the last syncs, per-account freshness and the row count of every
table. Plain text by default; ``--json`` prints one object for monitoring. The exit
code is 0 when a sync could run now, 77 when no usable token exists, 78 when the
configured API version is retired.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy.engine import make_url

from li_ads_tui import exit_codes
from li_ads_tui.environment import Environment
from li_ads_tui.sync_command import database_exit_code
from linkedin.auth import TokenHealth
from linkedin.versions import VersionLifetime, lifetime
from persistence import repository
from persistence.errors import DatabaseError
from persistence.queries import AccountSync
from persistence.tables import SyncLog


def run_status_command(
    environment: Environment, *, as_json: bool = False, stdout: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    now = environment.clock()
    health = environment.token_health()
    version = lifetime(environment.settings.linkedin_api_version)
    try:
        db = environment.open_database()
    except DatabaseError as exc:
        print(f"li-ads-tui: {exc}", file=sys.stderr)
        return database_exit_code(exc)
    try:
        with db.read() as conn:
            runs = repository.recent_runs(conn, 5)
            accounts = repository.account_sync_status(conn)
            counts = repository.table_row_counts(conn)
    finally:
        db.close()
    if as_json:
        print(
            json.dumps(_as_json(environment, health, version, runs, accounts, counts, now)),
            file=out,
        )
    else:
        _print_text(out, environment, health, version, runs, accounts, counts, now)
    if version.is_retired(now.date()):
        return exit_codes.CONFIG
    return exit_codes.OK if health.connected else exit_codes.AUTH


def _print_text(
    out: TextIO,
    environment: Environment,
    health: TokenHealth,
    version: VersionLifetime,
    runs: list[SyncLog],
    accounts: list[AccountSync],
    counts: dict[str, int],
    now: datetime,
) -> None:
    def line(text: str = "") -> None:
        print(text, file=out)

    title = "li-ads-tui status" + (" (DEMO — sandbox data)" if environment.is_demo else "")
    line(title)
    line(f"  data dir   {environment.data_dir}")
    line(f"  database   {_database_label(environment)}")
    line()
    line("LinkedIn connection")
    if not health.connected:
        problem = (health.problem or "No LinkedIn account is connected").rstrip(".")
        line(f"  not connected: {problem} — run `li-ads-tui --auth`")
    else:
        line(f"  token from {health.source} ({health.location})")
        if health.access_days_left is not None:
            line(f"  access token: {health.access_days_left} day(s) left")
        if health.refresh_days_left is not None:
            line(f"  refresh token: {health.refresh_days_left} day(s) left")
        if health.scopes:
            line(f"  scopes: {' '.join(health.scopes)}")
    for warning in health.warnings:
        line(f"  warning: {warning}")
    days = version.days_left(now.date())
    estimate = " (estimated)" if version.estimated else ""
    state = "RETIRED" if version.is_retired(now.date()) else f"{days} day(s) left"
    line(f"  API version {version.version}: retires {version.sunset}{estimate}, {state}")
    line()
    line("Last syncs (UTC)")
    if not runs:
        line("  none yet — run `li-ads-tui --sync`")
    for run in runs:
        finished = f"{run.finished_at:%Y-%m-%d %H:%M}" if run.finished_at else "—"
        line(
            f"  #{run.id} {run.status:<11} {run.trigger:<8} finished {finished}  "
            f"{run.accounts} acct, {run.rows_written:,} rows, {run.api_calls:,} requests"
        )
    line()
    line("Accounts")
    if not accounts:
        line("  none synced yet")
    for account in accounts:
        synced = (
            f"synced {_ago(now, account.last_synced_at)}" if account.last_synced_at else "never"
        )
        through = (
            f", complete through {account.complete_through}" if account.complete_through else ""
        )
        line(
            f"  {account.account_id} {account.name} ({account.currency}): {synced}{through}, "
            f"last run {account.last_run_status or '—'}"
        )
    line()
    line("Rows per table")
    for name, count in counts.items():
        line(f"  {name:<24}{count:>12,}")


def _as_json(
    environment: Environment,
    health: TokenHealth,
    version: VersionLifetime,
    runs: list[SyncLog],
    accounts: list[AccountSync],
    counts: dict[str, int],
    now: datetime,
) -> dict[str, Any]:
    return {
        "demo": environment.is_demo,
        "data_dir": str(environment.data_dir),
        "token": {key: _jsonable(value) for key, value in asdict(health).items()},
        "api_version": {
            "version": version.version,
            "sunset": version.sunset.isoformat(),
            "estimated": version.estimated,
            "days_left": version.days_left(now.date()),
        },
        "recent_runs": [
            {key: _jsonable(value) for key, value in run.model_dump().items()} for run in runs
        ],
        "accounts": [
            {key: _jsonable(value) for key, value in asdict(account).items()}
            for account in accounts
        ],
        "row_counts": counts,
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime) or hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _ago(now: datetime, then: datetime) -> str:
    minutes = int((now - then).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} days ago"


def _database_label(environment: Environment) -> str:
    """The database without credentials (a PostgreSQL URL may carry a password)."""
    url = make_url(environment.settings.resolved_database_url)
    return url.render_as_string(hide_password=True)
