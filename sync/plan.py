"""What to fetch: date ranges per account and stage, and windows sized to the row cap.

Pure functions (no I/O), so the planning rules can be tested on their own.

**Ranges.** The first run of an account reads ``history_days`` back from today. Later
runs re-read the trailing ``lookback_days`` (conversions and leads are restated for
weeks) *and* everything after the last complete day, whichever starts earlier. If
``history_days`` was raised since, the missing past is back-filled.

**Windows.** ``/adAnalytics`` truncates silently at 15,000 rows and has no paging, so a
window must stay below the cap; fewer, larger windows save quota. The planner packs
consecutive days greedily using an *upper bound* of the rows each day can produce:
campaigns whose run schedule covers the day (campaign stage), and the creatives of
campaigns that delivered that day (creative stage, known once campaign analytics are
in). An upper bound never plans a window that gets truncated; if the bound was wrong
(entities the listing did not return), the capped response is split and refetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from linkedin.endpoints import ANALYTICS_ROW_CAP
from linkedin.restli import DateRange

WINDOW_ROW_BUDGET = ANALYTICS_ROW_CAP - 1
"""A response of exactly 15,000 rows is indistinguishable from a truncated one."""


@dataclass(frozen=True, slots=True)
class StageState:
    """What the database says about one account x stage (None: never synced)."""

    range_start: date | None
    complete_through: date | None


def sync_range(
    state: StageState | None, *, today: date, history_days: int, lookback_days: int
) -> DateRange:
    """The days an analytics stage must (re)read on this run, ending today (UTC)."""
    history_start = today - timedelta(days=history_days)
    if state is None or state.complete_through is None:
        return DateRange(history_start, today)
    start = min(today - timedelta(days=lookback_days), state.complete_through + timedelta(days=1))
    if state.range_start is None or state.range_start > history_start:
        start = min(start, history_start)
    return DateRange(min(start, today), today)


def month_aligned(window: DateRange) -> DateRange:
    """Widen the start to the first of its month: demographics are stored per whole month."""
    return DateRange(date(window.start.year, window.start.month, 1), window.end)


def days(window: DateRange) -> list[date]:
    assert window.end is not None
    return [window.start + timedelta(days=i) for i in range((window.end - window.start).days + 1)]


def pack_windows(
    window: DateRange, rows_on: Callable[[date], int], budget: int = WINDOW_ROW_BUDGET
) -> list[DateRange]:
    """Consecutive sub-windows of `window` whose estimated rows each stay within `budget`.

    Greedy packing is optimal here: for contiguous windows, extending the current one as
    far as the budget allows never needs more windows than any other split.
    """
    windows: list[DateRange] = []
    start: date | None = None
    previous: date | None = None
    load = 0
    for day in days(window):
        estimate = max(0, rows_on(day))
        if start is not None and load + estimate > budget:
            assert previous is not None
            windows.append(DateRange(start, previous))
            start, load = None, 0
        if start is None:
            start = day
        load += estimate
        previous = day
    if start is not None and previous is not None:
        windows.append(DateRange(start, previous))
    return windows


@dataclass(frozen=True, slots=True)
class Schedule:
    """When an entity may deliver: [start, end] in UTC days, open ends allowed."""

    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def campaign_rows_estimate(schedules: Sequence[Schedule]) -> Callable[[date], int]:
    """Upper bound of campaign-day rows: campaigns whose schedule covers the day."""

    def rows_on(day: date) -> int:
        return sum(1 for schedule in schedules if schedule.covers(day))

    return rows_on


def creative_rows_estimate(
    delivering: Iterable[tuple[date, int]], creatives_per_campaign: dict[int, int]
) -> Callable[[date], int]:
    """Upper bound of creative-day rows from the campaigns that delivered each day.

    `delivering` holds (day, campaign id) pairs from campaign analytics. A campaign
    with no listed creatives still counts for one row, so its spend is not forgotten.
    """
    per_day: dict[date, int] = {}
    for day, campaign_id in delivering:
        per_day[day] = per_day.get(day, 0) + max(1, creatives_per_campaign.get(campaign_id, 0))
    return lambda day: per_day.get(day, 0)
