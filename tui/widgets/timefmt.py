"""Dates and durations as every screen shows them: UTC, said so, and locale-free.

LinkedIn reports in UTC and the database stores UTC, so the screens never convert to
the local zone: a "10:00 UTC" next to a chart day of "2026-11-25" cannot be misread.
"Now" always comes from the app's injected clock (fixed in tests), never from the
system clock, so relative texts such as "3 h ago" are reproducible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive value (SQLite returns them) is taken as UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_minute(moment: datetime) -> str:
    """``2026-11-26 10:00 UTC``."""
    return f"{as_utc(moment):%Y-%m-%d %H:%M} UTC"


def utc_clock(moment: datetime) -> str:
    """``10:00:02`` (UTC; for log lines, where the column header says UTC)."""
    return f"{as_utc(moment):%H:%M:%S}"


def utc_day(day: date) -> str:
    """``2026-11-25``."""
    return f"{day:%Y-%m-%d}"


def ago(then: datetime, now: datetime) -> str:
    """How long ago, coarsely: ``just now``, ``12 min ago``, ``3 h ago``, ``2 days ago``."""
    seconds = (as_utc(now) - as_utc(then)).total_seconds()
    if seconds < 60:
        return "just now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    return f"{hours // 24} days ago"


def elapsed(span: timedelta) -> str:
    """A running duration: ``0:07``, ``12:34``, ``1:02:03``."""
    total = max(0, int(span.total_seconds()))
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def days_left(until: datetime, now: datetime) -> int:
    """Whole days from `now` until `until`, never negative (rounded down, as a warning
    is better early than late)."""
    return max(0, (as_utc(until) - as_utc(now)).days)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 day``, ``2 days``; ``words`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
