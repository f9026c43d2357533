"""The TUI fixtures themselves: a synced copy really has the demo data."""

from __future__ import annotations

from li_ads_tui.environment import Environment
from persistence import repository


def test_synced_environment_has_the_demo_data(synced_environment: Environment) -> None:
    db = synced_environment.open_database()
    with db.read() as conn:
        counts = repository.table_row_counts(conn)
    db.close()
    assert counts["ad_accounts"] == 3
    assert counts["campaigns"] == 100
    assert counts["creatives"] == 503
    assert counts["creative_daily_metrics"] > 10_000
    assert synced_environment.has_usable_token()


def test_fresh_environment_is_not_connected(fresh_environment: Environment) -> None:
    assert not fresh_environment.has_usable_token()
