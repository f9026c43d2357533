"""Chart 9's pane: audience demographics, one bar chart per pivot in sub-tabs.

The eight standard pivots always have a tab (stable keys and snapshots); a pivot the
report finds beyond those gets a tab when it first appears. Tab titles are short so
that all eight fit on one line at 80 columns. Every pivot's chart is followed by the
months it covers and the note that LinkedIn's figures are approximate and do not add
up (under the chart rather than pinned below it: at 80x24 the chart needs the rows).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from report.bundle import ReportData
from report.demographics import PIVOT_LABELS, DemographicsReport, pivot_label
from tui.widgets.charts.bars import BarChart
from tui.widgets.charts.report_charts import segment_chart
from tui.widgets.charts.text import short_date
from tui.widgets.report_panes import ReportPane

SHORT_PIVOT_LABELS: dict[str, str] = {
    "MEMBER_JOB_TITLE": "Title",
    "MEMBER_JOB_FUNCTION": "Function",
    "MEMBER_INDUSTRY": "Industry",
    "MEMBER_SENIORITY": "Seniority",
    "MEMBER_COMPANY_SIZE": "Size",
    "MEMBER_COUNTRY_V2": "Country",
    "MEMBER_REGION_V2": "Region",
    "MEMBER_COMPANY": "Company",
}


def pivot_pane_id(pivot: str) -> str:
    return "pivot-" + pivot.lower().replace("_", "-")


def covered_period(report: DemographicsReport) -> str:
    """ "Aug 1 2026 → Nov 26 2026": the whole months the figures cover."""
    if report.first_month is None or report.last_day is None:
        return ""
    return f"Months covered: {_day(report.first_month)} → {_day(report.last_day)} (UTC). "


def _day(day: date) -> str:
    return f"{short_date(day)} {day.year}"


class AudiencePane(ReportPane):
    """Top 10 segments by impressions per pivot, with their share."""

    DEFAULT_CSS = """
    AudiencePane {
        padding: 0;
        overflow-y: hidden;
        #pivots { height: 1fr; }
        #pivots ContentSwitcher { height: 1fr; }
        .pivot-scroll { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    }
    """

    def compose(self) -> ComposeResult:
        with TabbedContent(id="pivots"):
            for pivot in PIVOT_LABELS:
                yield self._pivot_pane(pivot)

    @staticmethod
    def _pivot_pane(pivot: str, chart: BarChart | None = None) -> TabPane:
        title = SHORT_PIVOT_LABELS.get(pivot, pivot_label(pivot))
        chart = chart or BarChart(id=f"{pivot_pane_id(pivot)}-chart")
        note = Static(classes="pane-note")
        scroll = VerticalScroll(chart, note, classes="pivot-scroll")
        return TabPane(title, scroll, id=pivot_pane_id(pivot))

    def show(self, report: ReportData) -> None:
        demographics = report.demographics
        tabs = self.query_one("#pivots", TabbedContent)
        for pivot in demographics.pivots:
            found = tabs.query(f"#{pivot_pane_id(pivot.pivot)}-chart").results(BarChart)
            chart = next(found, None)
            if chart is None:
                chart = BarChart(id=f"{pivot_pane_id(pivot.pivot)}-chart")
                tabs.add_pane(self._pivot_pane(pivot.pivot, chart))
            chart.show_bars(segment_chart(pivot))
        note = Text(covered_period(demographics) + demographics.note)
        for static in self.query(".pane-note").results(Static):
            static.update(note)

    def select_pivot(self, step: int) -> None:
        """Move to the previous (-1) or next (+1) pivot tab."""
        tabs = self.query_one("#pivots", TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id]
        current = panes.index(tabs.active) if tabs.active in panes else 0
        tabs.active = panes[(current + step) % len(panes)]
