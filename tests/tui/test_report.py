"""The report screen, driven through the real app on the synced demo database.

Expected figures are computed here with plain SQL on the test's own SQLite copy and
formatted by hand, never through ``report``: the point is to check that what the screen
shows is what the database holds for the chosen filters.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, Static, TabbedContent
from tui_support import DB_NAME, open_report, report_app, wait_for_report

from li_ads_tui.environment import Environment
from report.campaign_table import CampaignColumn
from report.comparison import ComparisonMetric
from report.kpis import Kpi
from report.trend import TrendMetric
from tui.app import LiAdsApp
from tui.screens.report import EMPTY_DATABASE, ReportScreen
from tui.widgets.charts.bars import BarChart
from tui.widgets.charts.base import NO_DATA, Chart
from tui.widgets.report_filters import FilterBar
from tui.widgets.report_kpis import KpiCards
from tui.widgets.report_table import CampaignTableView
from tui.widgets.report_trend import NO_SERIES, TrendPane

USD_ACCOUNT = 502008300
EUR_ACCOUNT = 502017140
JPY_ACCOUNT = 502018079
TODAY = date(2026, 11, 26)  # tui_support.FIXED_NOW
RANGES = {
    "last_7_days": (date(2026, 11, 19), date(2026, 11, 25)),
    "last_30_days": (date(2026, 10, 27), date(2026, 11, 25)),
    "last_90_days": (date(2026, 8, 28), date(2026, 11, 25)),
    "all": (None, None),
}


def db_path(environment: Environment) -> Path:
    return environment.data_dir / DB_NAME


def query(environment: Environment, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path(environment)) as conn:
        return conn.execute(sql, params).fetchall()


def where(
    start: date | None, end: date | None, account: int | None = None
) -> tuple[str, list[object]]:
    terms, params = ["1 = 1"], []
    if start is not None:
        terms.append("date >= ?")
        params.append(start.isoformat())
    if end is not None:
        terms.append("date <= ?")
        params.append(end.isoformat())
    if account is not None:
        terms.append("account_id = ?")
        params.append(account)
    return " AND ".join(terms), params


def sums(
    environment: Environment, start: date | None, end: date | None, account: int | None = None
) -> dict[str, int]:
    condition, params = where(start, end, account)
    row = query(
        environment,
        "SELECT COALESCE(SUM(spend_micros), 0), COALESCE(SUM(spend_usd_micros), 0), "
        "COALESCE(SUM(impressions), 0), COALESCE(SUM(clicks), 0), "
        "COALESCE(SUM(conversions), 0), COALESCE(SUM(leads), 0) "
        f"FROM campaign_daily_metrics WHERE {condition}",
        *params,
    )[0]
    names = ("spend", "spend_usd", "impressions", "clicks", "conversions", "leads")
    return {name: int(str(value)) for name, value in zip(names, row, strict=True)}


def money(micros: int, symbol: str, digits: int = 2) -> str:
    amount = (Decimal(micros) / 1_000_000).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{symbol}{amount:,.{digits}f}"


def percent(numerator: int, denominator: int) -> str:
    value = (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{value:,.2f}%"


def cards(app: LiAdsApp) -> KpiCards:
    return app.screen.query_one(KpiCards)


def summary(app: LiAdsApp) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def choose(pilot: object, app: LiAdsApp, selector: str, value: str) -> None:
    app.screen.query_one(selector, Select).value = value
    await wait_for_report(pilot)  # type: ignore[arg-type]


async def test_opens_on_last_30_days_with_the_database_figures(
    synced_environment: Environment,
) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        assert isinstance(app.screen, ReportScreen)
        start, end = RANGES["last_30_days"]
        expected = sums(synced_environment, start, end)
        kpis = cards(app)
        # Three currencies: money is LinkedIn's USD conversion, and the screen says so.
        assert kpis.value_text(Kpi.SPEND) == money(expected["spend_usd"], "$")
        assert kpis.value_text(Kpi.IMPRESSIONS) == f"{expected['impressions']:,}"
        assert kpis.value_text(Kpi.CLICKS) == f"{expected['clicks']:,}"
        assert kpis.value_text(Kpi.CTR) == percent(expected["clicks"], expected["impressions"])
        assert kpis.value_text(Kpi.LEADS) == f"{expected['leads']:,}"
        cpa = Decimal(expected["spend_usd"]) / expected["conversions"]
        assert kpis.value_text(Kpi.CPA) == money(int(cpa.to_integral_value(ROUND_HALF_UP)), "$")
        text = summary(app)
        assert "2026-10-27 → 2026-11-25 (UTC)" in text
        assert "USD, converted by LinkedIn from EUR, JPY, USD" in text


async def test_each_preset_changes_the_figures(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        for preset in ("last_7_days", "last_90_days", "all", "last_30_days"):
            await choose(pilot, app, "#range", preset)
            check_preset(app, synced_environment, preset)


def check_preset(app: LiAdsApp, environment: Environment, preset: str) -> None:
    """The scorecards, the range line and the trend's days match the preset's range."""
    start, end = RANGES[preset]
    expected = sums(environment, start, end)
    assert cards(app).value_text(Kpi.IMPRESSIONS) == f"{expected['impressions']:,}"
    assert cards(app).value_text(Kpi.SPEND) == money(expected["spend_usd"], "$")
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    assert screen.report is not None
    if start is None or end is None:  # all time: the days that have data
        first, last = (
            date.fromisoformat(str(day))
            for day in query(
                environment, "SELECT MIN(date), MAX(date) FROM campaign_daily_metrics"
            )[0]
        )
        start, end = first, last
    assert f"{start} → {end} (UTC)" in summary(app)
    assert len(screen.report.trend.points) == (end - start).days + 1


async def test_account_filter_uses_the_account_currency(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await choose(pilot, app, "#account", str(EUR_ACCOUNT))
        start, end = RANGES["last_30_days"]
        expected = sums(synced_environment, start, end, EUR_ACCOUNT)
        assert cards(app).value_text(Kpi.SPEND) == money(expected["spend"], "€")
        assert cards(app).value_text(Kpi.CLICKS) == f"{expected['clicks']:,}"
        assert "Money in EUR" in summary(app)
        table = app.screen.query_one(CampaignTableView)
        labels = [str(column.label) for column in table.columns.values()]
        assert "Account" not in labels
        assert "Currency" not in labels
        account_campaigns = {
            int(str(row[0]))
            for row in query(
                synced_environment,
                "SELECT DISTINCT campaign_id FROM campaign_daily_metrics WHERE account_id = ? "
                "AND date BETWEEN ? AND ?",
                EUR_ACCOUNT,
                start.isoformat(),
                end.isoformat(),
            )
        }
        assert set(table.campaign_ids) == account_campaigns

        await choose(pilot, app, "#account", str(JPY_ACCOUNT))
        expected = sums(synced_environment, start, end, JPY_ACCOUNT)
        assert cards(app).value_text(Kpi.SPEND) == money(expected["spend"], "¥", digits=0)


async def test_custom_range_typed_and_applied_with_enter(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await choose(pilot, app, "#range", "custom")
        start_input = app.screen.query_one("#start", Input)
        assert app.focused is start_input
        # Prefilled with the range in force, so a user edits rather than types it all.
        assert start_input.value == "2026-10-27"
        start_input.value = ""
        await pilot.press(*"2026-11-01")
        app.screen.query_one("#end", Input).value = "2026-11-10"
        await pilot.press("enter")
        await wait_for_report(pilot)
        expected = sums(synced_environment, date(2026, 11, 1), date(2026, 11, 10))
        assert cards(app).value_text(Kpi.IMPRESSIONS) == f"{expected['impressions']:,}"
        assert "2026-11-01 → 2026-11-10 (UTC)" in summary(app)


INVALID_RANGES = (
    ("2026-11-10", "2026-11-01", "The start date is after the end date"),
    ("2026-13-01", "2026-11-01", "Start date: use YYYY-MM-DD"),
    ("2026-11-01", "", "End date: use YYYY-MM-DD"),
)


async def test_invalid_custom_range_is_refused_and_keeps_the_figures(
    synced_environment: Environment,
) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        before = cards(app).value_text(Kpi.IMPRESSIONS)
        await choose(pilot, app, "#range", "custom")
        for start, end, message in INVALID_RANGES:
            app.screen.query_one("#start", Input).value = start
            app.screen.query_one("#end", Input).value = end
            app.screen.query_one("#start", Input).focus()
            await pilot.press("enter")
            await wait_for_report(pilot)
            assert message in summary(app)
            assert "Still showing the previous range" in summary(app)
            assert cards(app).value_text(Kpi.IMPRESSIONS) == before


async def test_range_key_cycles_the_presets(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        bar = app.screen.query_one(FilterBar)
        seen = []
        for _ in range(4):
            await pilot.press("d")
            await wait_for_report(pilot)
            seen.append(bar.preset.value)
        assert seen == ["last_90_days", "all", "last_7_days", "last_30_days"]


async def test_metric_selector_reranks_the_comparison(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("3")
        await pilot.pause()
        chart = app.screen.query_one("#comparison-chart", BarChart)
        start, end = RANGES["last_30_days"]

        def top(column: str) -> tuple[str, int]:
            row = query(
                synced_environment,
                f"SELECT c.name, SUM(m.{column}) AS v FROM campaign_daily_metrics m "
                "JOIN campaigns c ON c.id = m.campaign_id WHERE m.date BETWEEN ? AND ? "
                "GROUP BY m.campaign_id ORDER BY v DESC, m.campaign_id LIMIT 1",
                start.isoformat(),
                end.isoformat(),
            )[0]
            return str(row[0]), int(str(row[1]))

        assert chart.bars is not None
        name, spend = top("spend_usd_micros")
        assert (chart.bars.bars[0].name, chart.bars.bars[0].value_text) == (name, money(spend, "$"))
        assert len(chart.bars.bars) == 20

        await pilot.press("m")  # spend -> impressions
        await pilot.pause()
        assert chart.bars is not None
        name, impressions = top("impressions")
        assert chart.bars.bars[0].name == name
        assert chart.bars.bars[0].value_text == f"{impressions:,}"

        await choose(pilot, app, "#metric", ComparisonMetric.CPC.value)
        assert chart.bars is not None
        values = [bar.value for bar in chart.bars.bars]
        assert values == sorted(values)  # CPC: cheapest first


async def test_chart_keys_only_work_on_their_tab(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await pilot.press("m")  # on the KPI tab: nothing happens
        await pilot.pause()
        assert screen.query_one("#metric", Select).value == ComparisonMetric.SPEND.value
        await pilot.press("9", "right_square_bracket")
        await pilot.pause()
        pivots = screen.query_one("#pivots", TabbedContent)
        assert pivots.active == "pivot-member-job-function"
        chart = screen.query_one("#pivot-member-job-function-chart", BarChart)
        assert chart.bars is not None
        assert len(chart.bars.bars) == 10


async def test_trend_series_toggles(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.query_one(TrendPane)
        chart = pane.query_one(Chart)
        assert pane.shown == frozenset(TrendMetric)
        await pilot.click("#series-impressions")
        await pilot.pause()
        assert TrendMetric.IMPRESSIONS not in pane.shown
        assert chart.has_data
        for metric in TrendMetric:
            if metric in pane.shown:
                pane.toggle(metric)
        await pilot.pause()
        assert not pane.shown
        assert not chart.has_data
        assert chart.empty_message == NO_SERIES
        pane.toggle(TrendMetric.SPEND)
        await pilot.pause()
        assert chart.has_data
        assert not pane.query_one("#series-clicks", Checkbox).value


async def test_campaign_table_sorts_by_key_and_header(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_report(pilot)
        await pilot.press("0")
        await pilot.pause()
        table = app.screen.query_one(CampaignTableView)
        assert app.focused is table
        start, end = RANGES["last_30_days"]

        def ranked(order: str) -> list[int]:
            return [
                int(str(row[0]))
                for row in query(
                    synced_environment,
                    "SELECT campaign_id FROM campaign_daily_metrics WHERE date BETWEEN ? AND ? "
                    f"GROUP BY campaign_id ORDER BY {order}, campaign_id",
                    start.isoformat(),
                    end.isoformat(),
                )
            ]

        assert table.sort_column is CampaignColumn.SPEND
        assert table.descending
        assert table.campaign_ids == ranked("SUM(spend_usd_micros) DESC")
        assert str(table.columns[table.ordered_columns[2].key].label) == "Spend ▼"

        await pilot.press("greater_than_sign")  # next column: impressions
        await pilot.pause()
        assert table.sort_column is CampaignColumn.IMPRESSIONS
        assert table.campaign_ids == ranked("SUM(impressions) DESC")
        await pilot.press("i")
        await pilot.pause()
        assert table.campaign_ids == ranked("SUM(impressions) ASC")

        await pilot.click(CampaignTableView, offset=(2, 0))  # the "Campaign" header
        await pilot.pause()
        assert table.sort_column is CampaignColumn.CAMPAIGN
        assert not table.descending


async def test_table_shows_undefined_ratios_as_a_dash(synced_environment: Environment) -> None:
    start, end = RANGES["last_30_days"]
    no_conversions = query(
        synced_environment,
        "SELECT campaign_id FROM campaign_daily_metrics WHERE date BETWEEN ? AND ? "
        "GROUP BY campaign_id HAVING SUM(conversions) = 0 ORDER BY campaign_id LIMIT 1",
        start.isoformat(),
        end.isoformat(),
    )
    assert no_conversions, "the demo data has a campaign without conversions"
    campaign_id = int(str(no_conversions[0][0]))
    app = report_app(synced_environment)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_report(pilot)
        table = app.screen.query_one(CampaignTableView)
        row = table.get_row(str(campaign_id))
        cpa = table.get_column_index(CampaignColumn.CPA.value)
        assert str(row[cpa]) == "—"
        assert row[cpa].justify == "right"


async def test_campaign_names_are_not_markup(synced_environment: Environment) -> None:
    name = "[bold]Promo[/bold] [link=https://example.com]x[/link] [red"
    campaign_id = int(
        str(
            query(
                synced_environment,
                "SELECT campaign_id FROM campaign_daily_metrics GROUP BY campaign_id "
                "ORDER BY SUM(spend_usd_micros) DESC LIMIT 1",
            )[0][0]
        )
    )
    with sqlite3.connect(db_path(synced_environment)) as conn:
        conn.execute("UPDATE campaigns SET name = ? WHERE id = ?", (name, campaign_id))
    app = report_app(synced_environment)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_report(pilot)
        await choose(pilot, app, "#range", "all")
        table = app.screen.query_one(CampaignTableView)
        cell = table.get_row(str(campaign_id))[0]
        assert cell.plain == name[:43] + "…"
        assert not cell.spans


async def test_focus_campaign_widens_the_filters_when_needed(
    synced_environment: Environment,
) -> None:
    start, _ = RANGES["last_30_days"]
    earlier_only = query(
        synced_environment,
        "SELECT campaign_id FROM campaign_daily_metrics GROUP BY campaign_id "
        "HAVING MAX(date) < ? ORDER BY campaign_id LIMIT 1",
        start.isoformat(),
    )
    assert earlier_only, "the demo data has a campaign that stopped before the last 30 days"
    campaign_id = int(str(earlier_only[0][0]))
    app = LiAdsApp(synced_environment)  # from the status screen, as the palette would
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.jump_to_campaign(campaign_id)  # what "jump to campaign" in the palette does
        await wait_for_report(pilot)
        await wait_for_report(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        table = screen.query_one(CampaignTableView)
        assert screen.query_one(FilterBar).preset.value == "all"
        assert screen.query_one("#report-tabs", TabbedContent).active == "tab-table"
        assert app.focused is table
        assert table.selected_campaign == campaign_id

        # Already visible: selected at once, filters untouched.
        other = table.campaign_ids[-1]
        screen.focus_campaign(other)
        await pilot.pause()
        assert table.selected_campaign == other


async def test_focus_campaign_without_delivery_says_so(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        screen.focus_campaign(1)
        await wait_for_report(pilot)
        await wait_for_report(pilot)
        assert any("has no delivery" in n.message for n in app._notifications)


async def test_empty_database_shows_the_empty_state(connected_environment: Environment) -> None:
    app = report_app(connected_environment)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_report(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        empty = screen.query_one("#empty-state", Static)
        assert empty.display
        assert str(empty.render()) == EMPTY_DATABASE
        assert not screen.query_one("#report-tabs").display
        assert cards(app).value_text(Kpi.CPC) == "—"


async def test_filters_without_delivery_say_so_on_every_chart(
    synced_environment: Environment,
) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        await choose(pilot, app, "#range", "custom")
        app.screen.query_one("#start", Input).value = "2020-01-01"
        app.screen.query_one("#end", Input).value = "2020-01-31"
        await pilot.press("enter")
        await wait_for_report(pilot)
        screen = app.screen
        assert screen.query_one("#report-tabs").display  # accounts exist: charts, not the intro
        assert cards(app).value_text(Kpi.SPEND) == "$0.00"
        assert cards(app).value_text(Kpi.CTR) == "—"
        for chart in screen.query(Chart):
            if chart.id and chart.id != "spend-strip":
                assert not chart.has_data, chart.id
                assert chart.empty_message == NO_DATA, chart.id


async def test_reloads_when_a_sync_wrote_data(synced_environment: Environment) -> None:
    app = report_app(synced_environment)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report(pilot)
        start, end = RANGES["last_30_days"]
        with sqlite3.connect(db_path(synced_environment)) as conn:
            conn.execute(
                "UPDATE campaign_daily_metrics SET impressions = impressions + 1000 WHERE date = ?",
                ("2026-11-20",),
            )
        expected = sums(synced_environment, start, end)
        assert cards(app).value_text(Kpi.IMPRESSIONS) != f"{expected['impressions']:,}"
        app.data_version += 1
        await wait_for_report(pilot)
        assert cards(app).value_text(Kpi.IMPRESSIONS) == f"{expected['impressions']:,}"
