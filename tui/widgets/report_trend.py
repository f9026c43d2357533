"""Chart 2's pane: the daily trend with a check box per series.

Impressions dwarf the other counts on the shared right axis, so unticking a series
rescales the axis to what is left; that is the reason the toggles exist (DESIGN §8).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, Static

from report.bundle import ReportData
from report.trend import DailyTrend, TrendMetric
from tui.widgets.charts.base import CATEGORY_COLORS, NO_DATA, SERIES_MARKERS, Chart
from tui.widgets.charts.trend import SERIES, SERIES_LABELS, trend_draw
from tui.widgets.report_panes import ReportPane

NO_SERIES = "Tick at least one series above."
# What a plotext marker looks like, for the legend under NO_COLOR.
_MARKER_GLYPHS = {"hd": "▀"}


def series_label(index: int, metric: TrendMetric, no_color: bool) -> Text:
    """A check box label that doubles as the legend entry of its line: the name in
    the line's colour or, under NO_COLOR, after the line's marker."""
    name = SERIES_LABELS[metric]
    if no_color:
        marker = SERIES_MARKERS[index % len(SERIES_MARKERS)]
        return Text(f"{_MARKER_GLYPHS.get(marker, marker)} {name}")
    red, green, blue = CATEGORY_COLORS[index]
    return Text(name, style=f"bold rgb({red},{green},{blue})")


class TrendPane(ReportPane):
    """Spend (left axis) and impressions, clicks, conversions, leads (right axis)."""

    DEFAULT_CSS = """
    TrendPane {
        #series { height: 1; margin-bottom: 1; }
        #series Checkbox { width: auto; margin-right: 1; }
        #trend-chart { height: 1fr; min-height: 12; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._trend: DailyTrend | None = None
        self.shown: frozenset[TrendMetric] = frozenset(SERIES)

    def compose(self) -> ComposeResult:
        yield Static(
            "Daily trend, UTC days · spend on the left axis, the counts on the right",
            classes="pane-heading",
        )
        with Horizontal(id="series"):
            for index, metric in enumerate(SERIES):
                yield Checkbox(
                    series_label(index, metric, self.app.no_color),
                    value=True,
                    compact=True,
                    id=f"series-{metric.name.lower()}",
                )
        yield Chart(id="trend-chart")

    def show(self, report: ReportData) -> None:
        self._trend = report.trend
        self._draw()

    def toggle(self, metric: TrendMetric) -> None:
        """Show or hide one series (as clicking its check box does)."""
        self.query_one(f"#series-{metric.name.lower()}", Checkbox).toggle()

    @on(Checkbox.Changed)
    def _series_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.shown = frozenset(
            metric
            for metric in SERIES
            if self.query_one(f"#series-{metric.name.lower()}", Checkbox).value
        )
        self._draw()

    def _draw(self) -> None:
        chart = self.query_one(Chart)
        if self._trend is None:
            return
        if self._trend.is_empty:
            chart.show(None, NO_DATA)
        elif not self.shown:
            chart.show(None, NO_SERIES)
        else:
            chart.show(trend_draw(self._trend, self.shown))
