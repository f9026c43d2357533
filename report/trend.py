"""Chart 2: the daily trend, and the downsampling that keeps long series drawable.

Days without any metrics row are real zeros (LinkedIn omits rows with no delivery), so
the series is filled with zero points over the whole range: a gap must read as "nothing
delivered", not be bridged by a line between two busy days. A closed filter range is
filled from its start to its end; an open side ends at the first/last day with data.

plotext redraws every point on every refresh in pure Python, so a 2-year series on an
80-column chart is both slow and unreadable: ``downsample`` merges consecutive days into
at most N buckets. A bucket holds the *sums* of its days (``TrendPoint.value``) and its
length, so the chart can plot sums or per-day means (``TrendPoint.daily_mean``; use the
mean when buckets differ in length, which the last one usually does).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa

from report.filters import ReportFilter
from report.metrics import ratio
from report.scope import MoneyBasis, money_basis
from report.sql import CAMPAIGN_METRICS, Db, as_int, connect, metric_conditions, total


class TrendMetric(StrEnum):
    """The series of the trend chart; the value is the TrendPoint field."""

    SPEND = "spend_micros"
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    CONVERSIONS = "conversions"
    LEADS = "leads"


@dataclass(frozen=True)
class TrendPoint:
    """Sums over the UTC days ``start``..``end`` (inclusive; equal for a daily point)."""

    start: date
    end: date
    spend_micros: int = 0
    impressions: int = 0
    clicks: int = 0
    conversions: int = 0
    leads: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def value(self, metric: TrendMetric) -> int:
        """The bucket's sum of a series."""
        result: int = getattr(self, metric.value)
        return result

    def daily_mean(self, metric: TrendMetric) -> Decimal:
        """The bucket's average per day of a series (spend in micros)."""
        mean = ratio(self.value(metric), self.days)
        assert mean is not None  # days >= 1
        return mean

    def merge(self, other: TrendPoint) -> TrendPoint:
        """This bucket extended by the adjacent, later ``other``."""
        return TrendPoint(
            start=self.start,
            end=other.end,
            **{m.value: self.value(m) + other.value(m) for m in TrendMetric},
        )


@dataclass(frozen=True)
class DailyTrend:
    """Chart 2: one point per UTC day (or per bucket once downsampled), oldest first.

    Spend goes on the left axis, the four counts on the right (DESIGN §8).
    """

    money: MoneyBasis
    points: tuple[TrendPoint, ...]

    @property
    def is_empty(self) -> bool:
        return all(all(p.value(m) == 0 for m in TrendMetric) for p in self.points)

    def downsampled(self, max_points: int) -> DailyTrend:
        """The same trend with at most ``max_points`` buckets (see ``downsample``)."""
        return DailyTrend(self.money, downsample(self.points, max_points))


def downsample(points: Sequence[TrendPoint], max_points: int) -> tuple[TrendPoint, ...]:
    """Merge consecutive points into at most ``max_points`` buckets of equal length.

    Every bucket but the last holds ``ceil(len(points) / max_points)`` points; a series
    that already fits is returned unchanged. A chart ``w`` columns wide reads well with
    ``max_points`` about ``w`` (one bar or line step per column) to ``2 * w``.
    """
    if max_points < 1:
        raise ValueError("max_points must be at least 1")
    if len(points) <= max_points:
        return tuple(points)
    size = math.ceil(len(points) / max_points)
    buckets: list[TrendPoint] = []
    for first in range(0, len(points), size):
        bucket = points[first]
        for point in points[first + 1 : first + size]:
            bucket = bucket.merge(point)
        buckets.append(bucket)
    return tuple(buckets)


def load_trend(conn: sa.Connection, flt: ReportFilter, basis: MoneyBasis) -> DailyTrend:
    """Chart 2 with an already decided money basis (see ``report.bundle``)."""
    m = CAMPAIGN_METRICS
    query = (
        sa.select(
            m.c.date,
            total(m.c[basis.spend_column], TrendMetric.SPEND.value),
            *(total(m.c[t.value], t.value) for t in TrendMetric if t is not TrendMetric.SPEND),
        )
        .where(*metric_conditions(m, flt))
        .group_by(m.c.date)
        .order_by(m.c.date)
    )
    rows = conn.execute(query).mappings().all()
    by_day = {
        row["date"]: TrendPoint(
            row["date"], row["date"], **{t.value: as_int(row[t.value]) for t in TrendMetric}
        )
        for row in rows
    }
    first = flt.start or (rows[0]["date"] if rows else None)
    last = flt.end or (rows[-1]["date"] if rows else None)
    if first is None or last is None:
        return DailyTrend(basis, ())
    days = (last - first).days + 1
    points = tuple(
        by_day.get(day, TrendPoint(day, day))
        for day in (first + timedelta(days=offset) for offset in range(days))
    )
    return DailyTrend(basis, points)


def daily_trend(db: Db, flt: ReportFilter) -> DailyTrend:
    """Chart 2: per UTC day spend, impressions, clicks, conversions and leads."""
    with connect(db) as conn:
        return load_trend(conn, flt, money_basis(conn, flt))
