"""Planning rules: sync ranges, cap-sized windows, the row estimators."""

from __future__ import annotations

from datetime import date, timedelta

from linkedin.restli import DateRange
from sync.plan import (
    Schedule,
    StageState,
    campaign_rows_estimate,
    creative_rows_estimate,
    month_aligned,
    pack_windows,
    sync_range,
)

TODAY = date(2026, 11, 26)


def test_first_run_reads_the_configured_history() -> None:
    assert sync_range(None, today=TODAY, history_days=90, lookback_days=30) == DateRange(
        date(2026, 8, 28), TODAY
    )


def test_later_runs_reread_the_lookback_window() -> None:
    state = StageState(range_start=date(2026, 8, 27), complete_through=date(2026, 11, 25))
    assert sync_range(state, today=TODAY, history_days=90, lookback_days=30) == DateRange(
        date(2026, 10, 27), TODAY
    )


def test_a_run_that_stopped_early_resumes_after_its_last_complete_day() -> None:
    state = StageState(range_start=date(2026, 8, 28), complete_through=date(2026, 9, 10))
    assert sync_range(state, today=TODAY, history_days=90, lookback_days=30).start == date(
        2026, 9, 11
    )


def test_raising_the_history_backfills_the_missing_past() -> None:
    state = StageState(range_start=date(2026, 8, 28), complete_through=date(2026, 11, 25))
    assert sync_range(state, today=TODAY, history_days=180, lookback_days=30).start == (
        TODAY - timedelta(days=180)
    )


def test_month_alignment_widens_to_the_first() -> None:
    assert month_aligned(DateRange(date(2026, 8, 28), TODAY)) == DateRange(date(2026, 8, 1), TODAY)


def test_windows_stay_under_the_budget_and_cover_every_day_once() -> None:
    window = DateRange(date(2026, 1, 1), date(2026, 3, 31))
    load = {d: (700 if d.weekday() < 5 else 150) for d in _days(window)}
    windows = pack_windows(window, load.__getitem__, budget=14_999)
    covered = [d for w in windows for d in _days(w)]
    assert covered == _days(window)
    assert all(sum(load[d] for d in _days(w)) <= 14_999 for w in windows)
    # Greedy is optimal for contiguous windows: 48,700 rows need at least 4.
    assert len(windows) == 4


def test_a_day_over_the_budget_gets_a_window_of_its_own() -> None:
    window = DateRange(date(2026, 1, 1), date(2026, 1, 3))
    windows = pack_windows(window, lambda d: 20_000 if d.day == 2 else 10, budget=100)
    assert windows == [
        DateRange(date(2026, 1, 1), date(2026, 1, 1)),
        DateRange(date(2026, 1, 2), date(2026, 1, 2)),
        DateRange(date(2026, 1, 3), date(2026, 1, 3)),
    ]


def test_an_empty_account_is_one_window() -> None:
    window = DateRange(date(2026, 1, 1), date(2026, 3, 31))
    assert pack_windows(window, lambda d: 0) == [window]


def test_campaign_estimate_counts_campaigns_whose_schedule_covers_the_day() -> None:
    estimate = campaign_rows_estimate(
        [
            Schedule(date(2026, 1, 1), date(2026, 1, 10)),
            Schedule(None, None),
            Schedule(date(2026, 1, 5), None),
        ]
    )
    assert [estimate(date(2026, 1, d)) for d in (1, 5, 11)] == [2, 3, 2]


def test_creative_estimate_uses_delivering_campaigns_and_their_creatives() -> None:
    day = date(2026, 1, 1)
    estimate = creative_rows_estimate([(day, 1), (day, 2), (day, 3)], {1: 5, 2: 7})
    # Campaign 3 has no listed creatives: it still counts for one row.
    assert estimate(day) == 13
    assert estimate(day + timedelta(days=1)) == 0


def _days(window: DateRange) -> list[date]:
    assert window.end is not None
    return [window.start + timedelta(days=i) for i in range((window.end - window.start).days + 1)]
