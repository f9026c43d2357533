"""The app shell: which screen opens, every global key, back, quit, shared state."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_support import (
    STALLED_ANALYTICS,
    app_on,
    demo_environment,
    settle,
    start_small_sandbox,
    sync_statuses,
)

from li_ads_tui.environment import Environment
from tui.app import LiAdsApp
from tui.screens.auth import AuthScreen
from tui.screens.help import HelpScreen
from tui.screens.report import ReportScreen
from tui.screens.status import StatusScreen
from tui.screens.sync import SyncScreen
from tui.widgets.dialogs import ConfirmDialog
from tui.widgets.header import DEMO_BADGE, NavTab

SMALL = (80, 24)


async def stop_sync(pilot: Pilot[int]) -> None:
    """End a test's sync without waiting for all of it."""
    app = pilot.app
    assert isinstance(app, LiAdsApp)
    app.cancel_sync()
    await settle(pilot, "sync")


@pytest.fixture
def slow_environment(tmp_path: Path) -> Iterator[Environment]:
    """Connected to a small sandbox slow enough that a sync is still running when the
    test presses the next key."""
    sandbox = start_small_sandbox(faults=STALLED_ANALYTICS)
    yield demo_environment(tmp_path / "slow", sandbox, connected=True)
    sandbox.stop()


async def test_opens_on_auth_when_not_connected(fresh_environment: Environment) -> None:
    app = LiAdsApp(fresh_environment)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.current_mode == "auth"
        assert isinstance(app.screen, AuthScreen)


async def test_opens_on_status_when_connected(connected_environment: Environment) -> None:
    app = LiAdsApp(connected_environment)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert app.current_mode == "status"
        assert isinstance(app.screen, StatusScreen)


async def test_the_demo_says_so(connected_environment: Environment) -> None:
    app = LiAdsApp(connected_environment)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert str(app.screen.query_one("#demo-badge").render()) == DEMO_BADGE
        assert app.sub_title == DEMO_BADGE


async def test_every_screen_key_and_back(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for key, mode, screen_type in (
            ("r", "report", ReportScreen),
            ("a", "auth", AuthScreen),
            ("t", "status", StatusScreen),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
            assert isinstance(app.screen, screen_type)
        # escape walks back through the screens visited, then stops.
        for expected in ("auth", "report", "status", "status"):
            await pilot.press("escape")
            await pilot.pause()
            assert app.current_mode == expected


async def test_switching_screens_keeps_their_state(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        status = app.screen
        await pilot.press("a")
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is status


async def test_s_opens_the_sync_screen_and_starts_a_sync(
    slow_environment: Environment,
) -> None:
    app = app_on(slow_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SyncScreen)
        assert app.sync_worker is not None
        assert app.screen.phase in ("starting", "running")
        await stop_sync(pilot)


async def test_s_during_a_sync_does_not_start_another(
    slow_environment: Environment,
) -> None:
    app = app_on(slow_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        first = app.sync_worker
        await pilot.press("t", "s")
        await pilot.pause()
        assert app.sync_worker is first
        await stop_sync(pilot)


async def test_help_opens_and_closes(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)


async def test_q_quits(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_during_a_sync_asks_and_can_keep_syncing(
    slow_environment: Environment,
) -> None:
    app = app_on(slow_environment, "sync")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SyncScreen)
        assert app.sync_worker is not None
        assert app.return_code is None
        await stop_sync(pilot)


async def test_q_during_a_sync_stops_it_cleanly_then_quits(
    slow_environment: Environment,
) -> None:
    app = app_on(slow_environment, "sync")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, "quit", "sync")
    assert app.return_code == 0
    assert sync_statuses(slow_environment) == ["cancelled"]


async def test_header_tabs_switch_screens_with_the_mouse(
    connected_environment: Environment,
) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.click("#tab-sync")
        await pilot.pause()
        assert app.current_mode == "sync"
        assert app.screen.query_one("#tab-sync", NavTab).has_class("-active")


async def test_jump_to_campaign_shows_the_report_and_selects_it(
    synced_environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    focused: list[int] = []
    monkeypatch.setattr(ReportScreen, "focus_campaign", lambda _self, cid: focused.append(cid))
    app = app_on(synced_environment, "status")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await app.jump_to_campaign(1234)
        await pilot.pause()
        assert app.current_mode == "report"
        assert focused == [1234]
