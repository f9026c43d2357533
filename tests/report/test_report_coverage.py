"""Status-screen date coverage per table and account."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from report.coverage import DateCoverage, date_coverage


def test_date_coverage(sample_db: sa.Engine) -> None:
    d = date
    assert date_coverage(sample_db) == (
        DateCoverage("campaign_daily_metrics", 1, d(2025, 10, 1), d(2025, 11, 20), 7),
        DateCoverage("campaign_daily_metrics", 2, d(2025, 11, 17), d(2025, 11, 18), 2),
        DateCoverage("campaign_daily_metrics", 3, d(2025, 8, 1), d(2025, 11, 14), 2),
        DateCoverage("creative_daily_metrics", 1, d(2025, 10, 25), d(2025, 11, 19), 8),
        DateCoverage("creative_daily_metrics", 2, d(2025, 11, 17), d(2025, 11, 17), 1),
        DateCoverage("audience_demographics", 1, d(2025, 10, 1), d(2025, 11, 19), 7),
        DateCoverage("audience_demographics", 2, d(2025, 11, 1), d(2025, 11, 19), 1),
    )


def test_empty_database(new_db: sa.Engine) -> None:
    assert date_coverage(new_db) == ()
