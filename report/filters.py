"""What the report looks at: which accounts and which UTC days.

The date presets are computed from an injected ``today`` (the current **UTC** date:
``datetime.now(UTC).date()``) and never from the clock, so that snapshot tests can fix
time. "Last N days" follows the convention of LinkedIn Campaign Manager and the other
ad platforms: the N *complete* days ending yesterday. Today is excluded because its
data is still growing, and a half-day at the end of a trend line reads as a collapse.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class RangePreset(StrEnum):
    """The date ranges offered by the report screen."""

    LAST_7_DAYS = "last_7_days"
    LAST_30_DAYS = "last_30_days"
    LAST_90_DAYS = "last_90_days"
    ALL = "all"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _PRESET_LABELS[self]

    @property
    def days(self) -> int | None:
        """Length of a "last N days" preset, None for ALL and CUSTOM."""
        return _PRESET_DAYS.get(self)


_PRESET_LABELS = {
    RangePreset.LAST_7_DAYS: "Last 7 days",
    RangePreset.LAST_30_DAYS: "Last 30 days",
    RangePreset.LAST_90_DAYS: "Last 90 days",
    RangePreset.ALL: "All time",
    RangePreset.CUSTOM: "Custom",
}
_PRESET_DAYS = {
    RangePreset.LAST_7_DAYS: 7,
    RangePreset.LAST_30_DAYS: 30,
    RangePreset.LAST_90_DAYS: 90,
}


@dataclass(frozen=True)
class ReportFilter:
    """Accounts and an inclusive range of UTC days.

    ``account_ids=None`` means every account in the database (including any whose
    metrics exist without an ``ad_accounts`` row); an empty set selects nothing.
    ``start``/``end`` of None leave that side of the range open.
    """

    account_ids: frozenset[int] | None = None
    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"report range starts after it ends: {self.start} > {self.end}")

    @property
    def days(self) -> int | None:
        """Number of days in a closed range, None when a side is open."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1


def last_days(days: int, today: date) -> tuple[date, date]:
    """The ``days`` complete UTC days ending yesterday."""
    if days < 1:
        raise ValueError("a range needs at least one day")
    end = today - timedelta(days=1)
    return end - timedelta(days=days - 1), end


def preset_filter(
    preset: RangePreset,
    today: date,
    account_ids: frozenset[int] | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
) -> ReportFilter:
    """Build the filter for a preset; ``start``/``end`` are used only by CUSTOM.

    CUSTOM needs both dates (inclusive, start <= end) and raises ValueError otherwise,
    so the screen can show the message next to the date inputs.
    """
    if preset is RangePreset.CUSTOM:
        if start is None or end is None:
            raise ValueError("a custom range needs a start and an end date")
        return ReportFilter(account_ids, start, end)
    if preset is RangePreset.ALL:
        return ReportFilter(account_ids)
    days = preset.days
    assert days is not None
    first, last = last_days(days, today)
    return ReportFilter(account_ids, first, last)
