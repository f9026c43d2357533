"""The report screen: account and date filters, the nine charts of DESIGN §8, the campaign table.

Every number comes from ``report.bundle.build_report`` (SQL aggregates), run in a
thread worker that only posts ``ReportLoaded``; the handler fills the panes, so the UI
never waits on the database. A filter change or a new ``data_version`` (after a sync
that wrote data) starts a new load, which replaces any still running; a result for a
filter that is no longer chosen is dropped. Worker failures go to the app's error
dialog; this screen says in its summary line that the figures could not be read.

Layout: the filter bar, one summary line (resolved UTC range and money basis), then
the charts as tabs (``1``-``9``, ``0`` for the table). Tabs suit 80x24, where two
charts never fit at once; on wider terminals the KPI cards go onto one row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from persistence.queries import list_accounts
from report.bundle import ReportData, build_report
from report.filters import ReportFilter
from report.scope import MoneyBasis
from tui.widgets.header import AppHeader
from tui.widgets.report_audience import AudiencePane
from tui.widgets.report_filters import AccountChoice, FilterBar
from tui.widgets.report_panes import (
    BudgetPane,
    ComparisonPane,
    CreativesPane,
    EngagementPane,
    FunnelPane,
    KpiPane,
    SpendPane,
)
from tui.widgets.report_table import CampaignTableView
from tui.widgets.report_trend import TrendPane

if TYPE_CHECKING:
    from tui.app import LiAdsApp

# (tab id, title, key): the tab order is DESIGN §8's chart order, the table last.
TABS: tuple[tuple[str, str, str], ...] = (
    ("tab-kpis", "KPIs", "1"),
    ("tab-trend", "Trend", "2"),
    ("tab-top", "Top 20", "3"),
    ("tab-spend", "Spend", "4"),
    ("tab-funnel", "Funnel", "5"),
    ("tab-budget", "Budget", "6"),
    ("tab-engagement", "Engage", "7"),
    ("tab-creatives", "Creatives", "8"),
    ("tab-audience", "Audience", "9"),
    ("tab-table", "Table", "0"),
)

PIVOT_KEYS = Binding.Group("Pivot", compact=True)
EMPTY_DATABASE = (
    "No LinkedIn Ads data yet.\n\n"
    "Press s to sync; the report fills in as soon as a sync has written data.\n"
    "Not connected yet? Press a first. With --demo, the sandbox needs no account."
)


class ShowsReport(Protocol):
    def show(self, report: ReportData) -> None: ...


@dataclass
class ReportLoaded(Message):
    """The worker's result: the report for ``report.filter`` and the accounts to offer."""

    report: ReportData
    accounts: tuple[AccountChoice, ...]


def range_text(flt: ReportFilter, report: ReportData | None) -> str:
    """ "2026-10-27 → 2026-11-25 (UTC)"; all time shows the days that have data."""
    start, end = flt.start, flt.end
    if report is not None and report.trend.points:
        start = start or report.trend.points[0].start
        end = end or report.trend.points[-1].end
    if start is None or end is None:
        return "All time (UTC)"
    return f"{start.isoformat()} → {end.isoformat()} (UTC)"


def money_text(money: MoneyBasis) -> str:
    """The money basis in a few words: "EUR", or the USD conversion and its sources."""
    if not money.converted:
        return f"Money in {money.currency}"
    sources = ", ".join(money.source_currencies)
    suffix = f" from {sources}" if sources else ""
    return f"{money.currency}, converted by LinkedIn{suffix}"


class ReportScreen(Screen[None]):
    """Filters, nine charts in tabs, and the sortable campaign table."""

    CSS_PATH = "report.tcss"
    BINDING_GROUP_TITLE = "Report screen"
    AUTO_FOCUS = "#report-tabs Tabs"
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
        (150, "-xwide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                key,
                f"show_tab('{tab_id}')",
                title,
                show=False,
                tooltip=f"Show the {title} tab",
                id=f"report-{tab_id}",
            )
            for tab_id, title, key in TABS
        ),
        Binding(
            "d",
            "cycle_range",
            "Range",
            tooltip="Next date range: last 7, 30, 90 days, all time",
            id="report-range",
        ),
        Binding(
            "f",
            "focus_filters",
            "Filters",
            tooltip="Go to the account and date filters",
            id="report-filters",
        ),
        Binding(
            "m",
            "cycle_metric",
            "Metric",
            tooltip="Rank the top 20 by the next metric",
            id="report-metric",
        ),
        Binding(
            "left_square_bracket",
            "pivot(-1)",
            "Pivot",
            key_display="[",
            group=PIVOT_KEYS,
            tooltip="Previous demographic pivot",
            id="report-pivot-previous",
        ),
        Binding(
            "right_square_bracket",
            "pivot(1)",
            "Pivot",
            key_display="]",
            group=PIVOT_KEYS,
            tooltip="Next demographic pivot",
            id="report-pivot-next",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.report: ReportData | None = None
        """The report on screen (None until the first load)."""
        self._loading = False
        self._error: str | None = None
        self._empty_database = False
        self._pending_campaign: int | None = None
        self._widened_for: int | None = None

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    def today(self) -> date:
        """The current UTC day by the app's clock (fixed in tests), for the presets."""
        return self._app.clock().date()

    @property
    def filter(self) -> ReportFilter:
        return self.query_one(FilterBar).filter

    def compose(self) -> ComposeResult:
        yield AppHeader(current="report")
        yield FilterBar(self.today, id="filters")
        yield Static(id="summary")
        yield Static(EMPTY_DATABASE, id="empty-state", markup=False)
        with TabbedContent(id="report-tabs"):
            yield TabPane("KPIs", KpiPane(id="kpis"), id="tab-kpis")
            yield TabPane("Trend", TrendPane(id="trend"), id="tab-trend")
            yield TabPane("Top 20", ComparisonPane(id="comparison"), id="tab-top")
            yield TabPane("Spend", SpendPane(id="spend"), id="tab-spend")
            yield TabPane("Funnel", FunnelPane(id="funnel"), id="tab-funnel")
            yield TabPane("Budget", BudgetPane(id="budget"), id="tab-budget")
            yield TabPane("Engage", EngagementPane(id="engagement"), id="tab-engagement")
            yield TabPane("Creatives", CreativesPane(id="creatives"), id="tab-creatives")
            yield TabPane("Audience", AudiencePane(id="audience"), id="tab-audience")
            yield TabPane("Table", CampaignTableView(id="campaign-table"), id="tab-table")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#empty-state").display = False
        self.query_one("#report-tabs").loading = True
        self.watch(self._app, "data_version", self._data_changed, init=False)
        self.reload()

    # --- loading ---------------------------------------------------------------------

    def reload(self) -> None:
        """Load the report for the current filter (replacing any load in progress)."""
        self._loading = True
        self._show_summary()
        self._load(self._app, self.filter)

    def _data_changed(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="report", name="report")
    def _load(self, app: LiAdsApp, flt: ReportFilter) -> None:
        """Read the report in a thread; post it unless a newer load replaced this one.

        ``app`` is passed in because the app's context is not set in the thread."""
        worker = get_current_worker()
        database = app.database
        with database.read() as conn:
            accounts = tuple(
                AccountChoice(account.id, account.name, account.currency)
                for account in list_accounts(conn)
            )
            report = build_report(conn, flt)
        if not worker.is_cancelled:
            self.post_message(ReportLoaded(report, accounts))

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        if message.report.filter != self.filter:
            return  # a newer filter's load is on its way
        report = message.report
        self.report = report
        self._empty_database = not message.accounts and report.is_empty
        self._loading = False
        self._error = None
        self.query_one(FilterBar).set_accounts(message.accounts)
        tabs = self.query_one("#report-tabs", TabbedContent)
        tabs.loading = False
        self.query_one("#empty-state").display = self._empty_database
        tabs.display = not self._empty_database
        for pane in self._panes():
            pane.show(report)
        single = report.filter.account_ids is not None and len(report.filter.account_ids) == 1
        self.query_one(CampaignTableView).show_table(report.campaigns, single_account=single)
        self._show_summary()
        self._reveal_pending_campaign()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A failed load is explained by the app's error dialog; here it only ends the
        loading state and says the figures could not be read."""
        if event.worker.group != "report" or event.state is not WorkerState.ERROR:
            return
        self._loading = False
        self._error = "Could not read the report from the database (see the error)."
        self.query_one("#report-tabs").loading = False
        self._show_summary()

    def _panes(self) -> tuple[ShowsReport, ...]:
        return (
            self.query_one(KpiPane),
            self.query_one(TrendPane),
            self.query_one(ComparisonPane),
            self.query_one(SpendPane),
            self.query_one(FunnelPane),
            self.query_one(BudgetPane),
            self.query_one(EngagementPane),
            self.query_one(CreativesPane),
            self.query_one(AudiencePane),
        )

    # --- filters and the summary line -------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self) -> None:
        self._error = None
        self.reload()

    @on(FilterBar.Invalid)
    def _filter_invalid(self, message: FilterBar.Invalid) -> None:
        self._error = f"{message.message}. Still showing the previous range."
        self._show_summary()

    def _show_summary(self) -> None:
        summary = Text(no_wrap=True, overflow="ellipsis")
        if self._error is not None:
            summary.append(self._error, style="bold red")
        else:
            summary.append(range_text(self.filter, self.report), style="bold")
            if self.report is not None and not self._empty_database:
                summary.append(" · " + money_text(self.report.money))
            if self._loading:
                summary.append(" · loading…", style="italic")
        self.query_one("#summary", Static).update(summary)

    # --- jumping to a campaign --------------------------------------------------------

    def focus_campaign(self, campaign_id: int) -> None:
        """Select ``campaign_id`` in the campaign table and focus it.

        If the current filters hide the campaign, they are widened to all accounts
        and all time first; a campaign that never delivered is not in the table at
        all, which a notification says.
        """
        self._pending_campaign = campaign_id
        self._widened_for = None
        if self.is_mounted and self.report is not None and not self._loading:
            self._reveal_pending_campaign()

    def _reveal_pending_campaign(self) -> None:
        campaign_id = self._pending_campaign
        if campaign_id is None:
            return
        table = self.query_one(CampaignTableView)
        if table.select_campaign(campaign_id):
            self._pending_campaign = None
            self.query_one("#report-tabs", TabbedContent).active = "tab-table"
            table.focus()
            return
        if self._widened_for != campaign_id:
            self._widened_for = campaign_id
            self.query_one(FilterBar).show_everything()
            return
        self._pending_campaign = None
        self.notify(
            f"Campaign {campaign_id} has no delivery in the database, so it is not in the report.",
            title="Report",
            severity="warning",
        )

    # --- actions ----------------------------------------------------------------------

    def action_show_tab(self, tab_id: str) -> None:
        self.query_one("#report-tabs", TabbedContent).active = tab_id
        if tab_id == "tab-table":
            self.query_one(CampaignTableView).focus()

    def action_cycle_range(self) -> None:
        self.query_one(FilterBar).cycle_range()

    def action_focus_filters(self) -> None:
        self.query_one(FilterBar).focus_accounts()

    def action_cycle_metric(self) -> None:
        self.query_one(ComparisonPane).cycle_metric()

    def action_pivot(self, step: int) -> None:
        self.query_one(AudiencePane).select_pivot(step)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Chart-specific keys only work (and only show) on their chart's tab."""
        if action == "cycle_metric":
            return self._active_tab() == "tab-top"
        if action == "pivot":
            return self._active_tab() == "tab-audience"
        return True

    def _active_tab(self) -> str:
        return self.query_one("#report-tabs", TabbedContent).active

    @on(TabbedContent.TabActivated, "#report-tabs")
    def _tab_activated(self) -> None:
        self.refresh_bindings()
