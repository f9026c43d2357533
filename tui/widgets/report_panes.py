"""The report's tabs: one pane per chart of DESIGN §8, each filled from ``ReportData``.

A pane is a scrollable column: a heading that says what is drawn and how it is ranked,
the chart (bar charts are exactly as tall as their bars, so at 80x24 the pane scrolls
rather than squeezing bars together), and the notes a reader needs to trust it. Every
pane says so when its chart has no data under the current filters. Panes never touch
the database: ``show(report)`` is all they get.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Select, Static

from report.budget import TOP_BUDGETED, BudgetBar, UtilisationBand
from report.bundle import ReportData
from report.comparison import ComparisonMetric
from report.engagement import MEASURES
from report.formatting import (
    TIMES_SIGN,
    format_compact,
    format_count,
    format_money,
    micros_to_amount,
)
from report.spend_share import TOP_SLICES
from report.trend import TrendMetric
from tui.widgets.charts.bars import BarChart
from tui.widgets.charts.base import NO_DATA, Chart, ChartStyle, Paint
from tui.widgets.charts.report_charts import (
    BAND_TONES,
    MEASURE_SHORT_LABELS,
    budget_chart,
    comparison_chart,
    creative_charts,
    engagement_draw,
    funnel_chart,
    spend_chart,
    spend_strip_draw,
)
from tui.widgets.charts.text import fit_cells
from tui.widgets.charts.trend import trend_draw
from tui.widgets.report_kpis import KpiCards

SWATCH = "■"


def swatch(style: ChartStyle, paint: Paint) -> Text:
    """A coloured square naming a series' colour in a legend or table."""
    red, green, blue = style.paint(paint)
    return Text(SWATCH, style=f"rgb({red},{green},{blue})")


class ReportPane(VerticalScroll):
    """Base of the chart panes: heading and note helpers, shared styles."""

    DEFAULT_CSS = """
    ReportPane {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        .pane-heading { text-style: bold; height: auto; }
        .pane-note { color: $text-muted; height: auto; margin-top: 1; }
        .pane-table { height: auto; margin-top: 1; }
    }
    """

    def heading(self, text: str) -> None:
        self.query_one(".pane-heading", Static).update(Text(text))

    def note(self, text: str, selector: str = ".pane-note") -> None:
        self.query_one(selector, Static).update(Text(text))


class KpiPane(ReportPane):
    """Chart 1. On a tall terminal (the screen's ``-tall`` class, see report.tcss) the
    cards are followed
    by the daily spend and clicks, so the first tab is an overview rather than a few
    cards above empty rows."""

    DEFAULT_CSS = """
    KpiPane {
        #kpi-trend-heading, #kpi-trend { display: none; }
        #kpi-trend-heading { margin-top: 1; }
        #kpi-trend { height: 1fr; min-height: 12; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-heading")
        yield KpiCards()
        yield Static(classes="pane-note")
        yield Static(
            "Daily spend (left axis) and clicks (right axis) · all series on the Trend tab",
            id="kpi-trend-heading",
            classes="pane-heading",
        )
        yield Chart(id="kpi-trend")

    def show(self, report: ReportData) -> None:
        self.query_one(KpiCards).show(report.scorecards)
        trend = self.query_one("#kpi-trend", Chart)
        shown = frozenset({TrendMetric.SPEND, TrendMetric.CLICKS})
        trend.show(None if report.trend.is_empty else trend_draw(report.trend, shown))
        campaigns = len(report.campaigns.rows)
        self.heading("Key figures for the selected accounts and range")
        self.note(
            f"{campaigns} campaign{'s' if campaigns != 1 else ''} with delivery. CTR = clicks ÷ "
            f"impressions, CPC = spend ÷ clicks, CPM = spend ÷ impressions {TIMES_SIGN} 1,000, "
            "CPL = spend "
            "÷ leads, CPA = spend ÷ conversions; — where the denominator is 0."
        )


class ComparisonPane(ReportPane):
    """Chart 3, with the metric selector."""

    DEFAULT_CSS = """
    ComparisonPane {
        #comparison-bar { height: 1; }
        #comparison-bar Static { width: auto; }
        #metric { width: 18; }
        #comparison-rule { color: $text-muted; height: auto; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._report: ReportData | None = None
        self.metric = ComparisonMetric.SPEND

    def compose(self) -> ComposeResult:
        with Horizontal(id="comparison-bar"):
            yield Static("Top 20 campaigns by ", classes="pane-heading")
            yield Select[str](
                [(metric.label, metric.value) for metric in ComparisonMetric],
                value=self.metric.value,
                allow_blank=False,
                compact=True,
                id="metric",
            )
        yield Static(id="comparison-rule")
        yield BarChart(id="comparison-chart")

    def show(self, report: ReportData) -> None:
        self._report = report
        self._draw()

    def cycle_metric(self) -> None:
        metrics = list(ComparisonMetric)
        following = metrics[(metrics.index(self.metric) + 1) % len(metrics)]
        self.query_one("#metric", Select).value = following.value

    @on(Select.Changed, "#metric")
    def _metric_changed(self, event: Select.Changed) -> None:
        self.metric = ComparisonMetric(str(event.value))
        self._draw()

    def _draw(self) -> None:
        if self._report is None:
            return
        comparison = self._report.comparisons[self.metric]
        rule = f"{comparison.rule}; {min(len(comparison.bars), comparison.ranked)} of "
        rule += f"{comparison.ranked} shown."
        if comparison.below_minimum:
            rule += f" {comparison.below_minimum} with too little volume left out."
        self.note(rule, "#comparison-rule")
        self.query_one(BarChart).show_bars(comparison_chart(comparison))


class SpendPane(ReportPane):
    """Chart 4: a 100 % stacked bar and the same slices as labelled bars."""

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-heading")
        yield Chart(id="spend-strip", classes="-strip")
        yield BarChart(id="spend-chart")
        yield Static(classes="pane-note")

    def show(self, report: ReportData) -> None:
        distribution = report.spend
        total = format_money(distribution.total_spend_micros, distribution.money.currency)
        self.heading(f"Share of spend: top {TOP_SLICES} campaigns and Other · total {total}")
        strip = self.query_one("#spend-strip", Chart)
        if distribution.is_empty:
            strip.display = False
        else:
            strip.display = True
            strip.styles.height = 2
            strip.show(spend_strip_draw(distribution))
        self.query_one("#spend-chart", BarChart).show_bars(spend_chart(distribution))
        self.note(
            "Only campaigns with positive spend have a share (credits can make a campaign's "
            "spend negative). The bar above is the whole 100 %, in the same colours."
        )


class FunnelPane(ReportPane):
    """Chart 5."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Conversion funnel (log scale) · count and rate from the step before",
            classes="pane-heading",
        )
        yield BarChart(id="funnel-chart")
        yield Static(classes="pane-note")

    def show(self, report: ReportData) -> None:
        funnel = report.funnel
        self.query_one(BarChart).show_bars(None if funnel.is_empty else funnel_chart(funnel))
        self.note(
            "Each bar's length is the order of magnitude of its count. Leads come from "
            "LinkedIn's lead-gen forms, which open without a website visit, so leads can "
            "exceed conversions (a step rate above 100 %)."
        )


class BudgetPane(ReportPane):
    """Chart 6, with its colour bands and the figures behind each bar."""

    def compose(self) -> ComposeResult:
        yield Static(
            f"Budget utilisation · top {TOP_BUDGETED} budgeted campaigns by spend",
            classes="pane-heading",
        )
        yield BarChart(id="budget-chart")
        yield Static(id="budget-legend", classes="pane-note")
        yield Static(id="budget-table", classes="pane-table")

    def show(self, report: ReportData) -> None:
        budget = report.budget
        chart = self.query_one(BarChart)
        chart.show_bars(budget_chart(budget))
        style = chart.style_now()
        legend = Text()
        for band in UtilisationBand:
            legend.append_text(swatch(style, BAND_TONES[band]))
            legend.append(f" {band.label}   ")
        legend.append(
            f"\nUtilisation = spend ÷ (daily budget {TIMES_SIGN} days with delivery), in the "
            "campaign's "
            "own currency, with today's budget (LinkedIn keeps no budget history). Bars stop "
            "at 100 %; the label has the real figure."
        )
        if budget.without_daily_budget:
            legend.append(
                f" {budget.without_daily_budget} campaigns with delivery but no daily budget "
                "are not shown."
            )
        self.query_one("#budget-legend", Static).update(legend)
        table = self.query_one("#budget-table", Static)
        table.display = not budget.is_empty
        table.update(_budget_table(budget.bars))


def _budget_money(micros: int, currency: str | None) -> str:
    if currency is None:
        return f"{format_compact(micros_to_amount(micros))} (no currency)"
    return format_money(micros, currency)


def _budget_table(bars: tuple[BudgetBar, ...]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
    table.add_column("Campaign", no_wrap=True, max_width=40)
    table.add_column("Spend", justify="right", no_wrap=True)
    table.add_column("Daily budget", justify="right", no_wrap=True)
    table.add_column("Days", justify="right", no_wrap=True)
    table.add_column("Budget", justify="right", no_wrap=True)
    for bar in bars:
        table.add_row(
            Text(fit_cells(bar.campaign.label, 40)),
            _budget_money(bar.spend_micros, bar.currency),
            _budget_money(bar.daily_budget_micros, bar.currency),
            format_count(bar.delivery_days),
            _budget_money(bar.budget_micros, bar.currency),
        )
    return table


class EngagementPane(ReportPane):
    """Chart 7: grouped bars of the five measures, and their real values."""

    DEFAULT_CSS = """
    EngagementPane #engagement-chart { height: 12; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            "Engagement quality · top 5 campaigns by spend · each measure as % of its best",
            classes="pane-heading",
        )
        yield Chart(id="engagement-chart")
        yield Static(id="engagement-table", classes="pane-table")
        yield Static(classes="pane-note")

    def show(self, report: ReportData) -> None:
        quality = report.engagement
        chart = self.query_one(Chart)
        table = self.query_one("#engagement-table", Static)
        table.display = not quality.is_empty
        if quality.is_empty:
            chart.show(None, NO_DATA)
            self.note("")
            return
        chart.show(engagement_draw(quality))
        style = chart.style_now()
        grid = Table(box=None, pad_edge=False, header_style="bold", expand=False)
        grid.add_column("Campaign", no_wrap=True, overflow="ellipsis", max_width=40)
        for measure in MEASURES:
            label = MEASURE_SHORT_LABELS[measure]
            grid.add_column(label, justify="right", no_wrap=True, min_width=len(label))
        for index, row in enumerate(quality.rows):
            name = swatch(style, index) + Text(" " + row.campaign.label)
            grid.add_row(name, *row.texts)
        table.update(grid)
        self.note(
            "Engagement = (clicks + likes + comments + shares + follows) ÷ impressions; social "
            "= the same without clicks; conversion = conversions ÷ clicks; CPC efficiency = "
            f"the account's average CPC ÷ the campaign's (2.00{TIMES_SIGN} = half the account's "
            "price)."
        )


class CreativesPane(ReportPane):
    """Chart 8: impressions and clicks side by side, one row per creative."""

    DEFAULT_CSS = """
    CreativesPane {
        #creative-titles, #creative-charts { height: auto; }
        #creative-titles Static { color: $text-muted; }
        .impressions { width: 2fr; }
        .clicks { width: 1fr; min-width: 30; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Top 15 creatives by impressions", classes="pane-heading")
        with Horizontal(id="creative-titles"):
            yield Static("Impressions", classes="impressions")
            yield Static("Clicks and CTR", classes="clicks")
        with Horizontal(id="creative-charts"):
            yield BarChart(id="creative-impressions", classes="impressions")
            yield BarChart(id="creative-clicks", classes="clicks")
        yield Static(classes="pane-note")

    def show(self, report: ReportData) -> None:
        impressions, clicks = creative_charts(report.creatives)
        self.query_one("#creative-titles").display = not report.creatives.is_empty
        clicks_chart = self.query_one("#creative-clicks", BarChart)
        clicks_chart.display = not report.creatives.is_empty
        self.query_one("#creative-impressions", BarChart).show_bars(impressions)
        clicks_chart.show_bars(clicks)
        self.note(
            "Counts from the creative daily metrics; each creative is named with its campaign. "
            "The two charts have their own scales: clicks are about 1 % of impressions."
        )
