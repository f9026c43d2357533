"""The status screen: token, API version, last sync, rows, accounts and the audit."""

from __future__ import annotations

import pytest
from tui_support import app_on, settle

from li_ads_tui.environment import Environment
from report.audit import settings_audit
from tui.app import LiAdsApp
from tui.screens.report import ReportScreen
from tui.screens.status import StatusScreen
from tui.widgets.tables import NavTable

NARROW = (80, 24)
WIDE = (160, 50)


def text_of(app: LiAdsApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_synced_data_is_summarised(synced_environment: Environment) -> None:
    app = app_on(synced_environment, "status")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StatusScreen)
        connection = text_of(app, "#connection")
        assert "✓ Connected to the demo sandbox." in connection
        assert "60 days left · until 2027-01-25" in connection
        assert "Renewal       automatic" in connection
        api = text_of(app, "#api-version")
        assert "202607" in api
        assert "2027-07-15 · 231 days left" in api
        last = text_of(app, "#last-sync")
        assert "✓ success · 2026-11-26 10:00 UTC (just now)" in last
        assert "fresh for 240 more min" in last
        assert "campaigns                 100" in text_of(app, "#row-counts")
        accounts = app.screen.query_one("#accounts", NavTable)
        assert accounts.row_count == 3
        assert [c.label.plain for c in accounts.columns.values()][:2] == ["Account", "ID"]


async def test_the_audit_lists_every_finding_and_explains_it(
    synced_environment: Environment,
) -> None:
    app = app_on(synced_environment, "status")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        database = app.database
        with database.read() as conn:
            expected = settings_audit(conn, app.clock().date())
        table = app.screen.query_one("#audit", NavTable)
        assert table.row_count == len(expected.findings) > 0
        first = expected.findings[0]
        assert first.rule.label in text_of(app, "#audit-why")
        assert f"{len(expected.findings)} findings" in text_of(app, "#audit-summary")
        # j moves down the list and the explanation follows.
        table.focus()
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 1
        assert expected.findings[1].why in text_of(app, "#audit-why")
        await pilot.press("k")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_enter_on_a_finding_opens_its_campaign_in_the_report(
    synced_environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    focused: list[int] = []
    monkeypatch.setattr(ReportScreen, "focus_campaign", lambda _self, cid: focused.append(cid))
    app = app_on(synced_environment, "status")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        with app.database.read() as conn:
            first = settings_audit(conn, app.clock().date()).findings[0]
        app.screen.query_one("#audit", NavTable).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "report"
        assert focused == [first.campaign_id]


async def test_an_empty_database_says_what_to_do(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        assert "No sync yet — press s to sync." in text_of(app, "#last-sync")
        assert "No data yet — press s to sync." in text_of(app, "#accounts-empty")
        assert not app.screen.query_one("#accounts").display
        assert not app.screen.query_one("#audit").display


async def test_it_reloads_after_a_sync(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot, "sync")
        await pilot.press("t")
        await settle(pilot, "status")
        assert app.screen.query_one("#accounts", NavTable).row_count == 3
        assert "✓ success" in text_of(app, "#last-sync")


async def test_columns_fit_the_width(synced_environment: Environment) -> None:
    app = app_on(synced_environment, "status")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        for selector in ("#accounts", "#audit"):
            table = app.screen.query_one(selector, NavTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width
        narrow = [c.label.plain for c in app.screen.query_one("#audit", NavTable).columns.values()]
        assert narrow == ["Campaign", "Finding", "Spend 30 d"]
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        await pilot.pause()
        wide = [c.label.plain for c in app.screen.query_one("#audit", NavTable).columns.values()]
        assert wide[:2] == ["Campaign", "Account"]
        for selector in ("#accounts", "#audit"):
            table = app.screen.query_one(selector, NavTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_a_database_that_cannot_be_opened_is_explained(
    connected_environment: Environment,
) -> None:
    connected_environment.settings = connected_environment.settings.model_copy(
        update={"database_url": "sqlite:////proc/no-such-dir/li_ads.db"}
    )
    app = app_on(connected_environment, "status")
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        last = text_of(app, "#last-sync")
        assert "✗" in last
        assert "/proc/no-such-dir" in last
        assert "The database could not be read" in text_of(app, "#accounts-empty")
