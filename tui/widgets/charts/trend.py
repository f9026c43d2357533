"""Chart 2: the daily trend, spend on the left axis and the four counts on the right.

The draw downsamples the series to about two points per plot column at the size it is
drawn (plotext redraws every point in Python on every render), and when days were
merged it plots each bucket's *daily mean*, so a short last bucket does not read as a
drop. The x axis is the day index with "Nov 26"-style ticks: plotext's own date
handling is reset by ``clear_figure`` and its tick labels cannot be chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from textual_plotext.plot import Plot

from report.formatting import MICROS_PER_UNIT, format_compact, format_money_compact
from report.trend import DailyTrend, TrendMetric, TrendPoint, downsample
from tui.widgets.charts.base import ChartStyle, Draw
from tui.widgets.charts.text import nice_ticks, short_date

SERIES: tuple[TrendMetric, ...] = (
    TrendMetric.SPEND,
    TrendMetric.IMPRESSIONS,
    TrendMetric.CLICKS,
    TrendMetric.CONVERSIONS,
    TrendMetric.LEADS,
)
SERIES_LABELS: dict[TrendMetric, str] = {
    TrendMetric.SPEND: "Spend",
    TrendMetric.IMPRESSIONS: "Impressions",
    TrendMetric.CLICKS: "Clicks",
    TrendMetric.CONVERSIONS: "Conversions",
    TrendMetric.LEADS: "Leads",
}

AXIS_LABEL_CELLS = 8
"""Cells each y axis' tick labels take ("$12.3k", "1.2M"), for sizing the plot area."""

POINTS_PER_COLUMN = 2

# plotext names the y axes 1 and 2 in ticks and limits, "left" and "right" in plots.
LEFT, RIGHT = 1, 2
SIDE_NAMES = {LEFT: "left", RIGHT: "right"}


def plot_points(trend: DailyTrend, width: int) -> tuple[TrendPoint, ...]:
    """The trend downsampled to ``POINTS_PER_COLUMN`` points per column of plot area."""
    columns = max(width - 2 * AXIS_LABEL_CELLS, 2)
    return downsample(trend.points, columns * POINTS_PER_COLUMN)


def _series_values(points: tuple[TrendPoint, ...], metric: TrendMetric) -> list[float]:
    bucketed = any(point.days > 1 for point in points)
    values: list[Decimal] = [
        point.daily_mean(metric) if bucketed else Decimal(point.value(metric)) for point in points
    ]
    scale = MICROS_PER_UNIT if metric is TrendMetric.SPEND else 1
    return [float(value / scale) for value in values]


def trend_draw(trend: DailyTrend, shown: frozenset[TrendMetric]) -> Draw:
    """A ``Draw`` of the ``shown`` series (the caller handles "nothing to show")."""
    currency = trend.money.currency

    def money_tick(value: float) -> str:
        return format_money_compact(round(value * MICROS_PER_UNIT), currency)

    def draw(plt: Plot, style: ChartStyle) -> None:
        points = plot_points(trend, style.width)
        xs = list(range(len(points)))
        highs = {LEFT: 0.0, RIGHT: 0.0}
        for index, metric in enumerate(SERIES):
            if metric not in shown:
                continue
            side = LEFT if metric is TrendMetric.SPEND else RIGHT
            ys = _series_values(points, metric)
            highs[side] = max(highs[side], *ys)
            plt.plot(
                xs,
                ys,
                yside=SIDE_NAMES[side],
                color=style.category(index),
                marker=style.marker(index),
            )
        if len(points) < len(trend.points):
            plt.title(f"Daily means of {points[0].days}-day buckets")
        rows = max(style.height - 3, 2)
        _axis(plt, LEFT, highs[LEFT], rows, money_tick)
        _axis(plt, RIGHT, highs[RIGHT], rows, format_compact)
        _dates(plt, points, style.width)

    return draw


def _axis(plt: Plot, side: int, high: float, rows: int, label: Callable[[float], str]) -> None:
    ticks = nice_ticks(high, max(1, min(5, rows // 3)))
    plt.yticks(ticks, [label(tick) for tick in ticks], yside=side)
    plt.ylim(0, max(ticks[-1], high) or 1.0, yside=side)


def _dates(plt: Plot, points: tuple[TrendPoint, ...], width: int) -> None:
    """Evenly spaced date ticks, kept off the plot's edges so that a label never runs
    into the y axis labels."""
    count = len(points)
    columns = max(width - 2 * AXIS_LABEL_CELLS, 2)
    wanted = max(2, columns // 12)
    step = max(1, round(count / wanted))
    first = step // 2
    positions = list(range(first, count, step)) or [0]
    plt.xticks([float(p) for p in positions], [short_date(points[p].start) for p in positions])
    margin = max(count / columns, 0.5)
    plt.xlim(-margin, count - 1 + margin)
