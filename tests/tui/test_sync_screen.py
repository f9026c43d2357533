"""The sync screen: a real sync end to end, cancel, and every failure in words."""

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
    wait_until,
)

import linkedin.client
from li_ads_tui.environment import Environment
from linkedin.auth import TokenStore
from linkedin.client import RetryPolicy
from linkedin.sandbox import FaultPlan, Sandbox
from persistence import repository
from tui.app import LiAdsApp
from tui.screens.sync import SyncScreen
from tui.widgets.outcome import OutcomePanel
from tui.widgets.sync_progress import StageRow

SIZE = (100, 40)


@pytest.fixture
def small_sandbox() -> Iterator[Sandbox]:
    sandbox = start_small_sandbox()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def small_environment(tmp_path: Path, small_sandbox: Sandbox) -> Environment:
    return demo_environment(tmp_path / "small", small_sandbox, connected=True)


@pytest.fixture
def stalled_environment(tmp_path: Path) -> Iterator[Environment]:
    sandbox = start_small_sandbox(faults=STALLED_ANALYTICS)
    yield demo_environment(tmp_path / "stalled", sandbox, connected=True)
    sandbox.stop()


def outcome_text(app: LiAdsApp) -> str:
    panel = app.screen.query_one(OutcomePanel)
    assert panel.display
    return str(panel.render())


def log_text(app: LiAdsApp) -> str:
    log = app.screen.query_one("#sync-log")
    return "\n".join(line.text for line in log.lines)  # type: ignore[attr-defined]


async def run_sync(pilot: Pilot[int], *keys: str) -> LiAdsApp:
    app = pilot.app
    assert isinstance(app, LiAdsApp)
    await settle(pilot)
    await pilot.press(*(keys or ("s",)))
    await settle(pilot, "sync")
    assert isinstance(app.screen, SyncScreen)
    assert app.screen.phase == "finished"
    return app


async def test_a_full_sync_end_to_end(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot)
        outcome = outcome_text(app)
        assert "Sync complete: 3 accounts" in outcome
        assert "Press t for the status" in outcome
        for row in app.screen.query(StageRow):
            assert row.has_class("-done"), row.id
        assert "3 ad account(s) to sync" in log_text(app)
        assert "success: 3 account(s)" in log_text(app)
        assert app.data_version == 1
        assert app.sync_progress is None
        with app.database.read() as conn:
            counts = repository.table_row_counts(conn)
        assert counts["campaigns"] == 100
        counters = str(app.screen.query_one("#counters").render())
        assert "Accounts 3" in counters
        assert "Retries 0" in counters
    assert sync_statuses(connected_environment) == ["success"]


async def test_progress_is_shown_while_it_runs(stalled_environment: Environment) -> None:
    app = app_on(stalled_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        stage = app.screen.query_one("#stage-campaigns", StageRow)
        await wait_until(pilot, lambda: stage.has_class("-done"))
        screen = app.screen
        assert screen.query_one("#stage-accounts", StageRow).has_class("-done")
        assert screen.query_one("#stage-campaigns", StageRow).has_class("-done")
        assert app.sync_progress is not None
        assert "syncing" in str(screen.query_one("#sync-indicator").render())
        # The app stays responsive: other screens open while the sync runs.
        await pilot.press("t")
        await pilot.pause()
        assert app.current_mode == "status"
        app.cancel_sync()
        await settle(pilot, "sync")


async def test_ctrl_c_cancels_cleanly(stalled_environment: Environment) -> None:
    app = app_on(stalled_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_until(pilot, lambda: app.screen.phase == "running")
        await pilot.press("ctrl+c")
        await settle(pilot, "sync")
        assert app.screen.phase == "finished"
        assert "Sync cancelled" in outcome_text(app)
        assert "continues where this one stopped" in outcome_text(app)
        assert app.sync_progress is None
    assert sync_statuses(stalled_environment) == ["cancelled"]


async def test_the_cancel_button_cancels(stalled_environment: Environment) -> None:
    app = app_on(stalled_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click("#start")
        await wait_until(pilot, lambda: app.screen.phase == "running")
        await pilot.click("#cancel")
        await settle(pilot, "sync")
        assert "Sync cancelled" in outcome_text(app)
    assert sync_statuses(stalled_environment) == ["cancelled"]


async def test_a_revoked_token_says_to_reconnect(
    small_environment: Environment, small_sandbox: Sandbox
) -> None:
    token = TokenStore(small_environment.data_dir).load()
    assert token is not None
    small_sandbox.revoke_token(token.access_token)
    app = app_on(small_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot)
        outcome = outcome_text(app)
        assert "Sync failed" in outcome
        assert "Press a to connect the LinkedIn account again" in outcome
    assert sync_statuses(small_environment) == ["failed"]


async def test_a_used_up_quota_says_when_it_resets(
    small_environment: Environment, small_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = RetryPolicy(backoff_base=0.001, backoff_max=0.002)
    monkeypatch.setattr(linkedin.client, "DEFAULT_RETRY", fast)
    small_sandbox.faults = FaultPlan.parse("quota:after=2")
    app = app_on(small_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot)
        outcome = outcome_text(app)
        assert "daily quota resets at" in outcome
        assert "00:00 UTC" in outcome
        assert "Everything synced so far is kept" in outcome


async def test_a_retired_api_version_names_the_setting(small_environment: Environment) -> None:
    small_environment.settings = small_environment.settings.model_copy(
        update={"linkedin_api_version": "202411"}
    )
    app = app_on(small_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot)
        outcome = outcome_text(app)
        assert "202411 is retired" in outcome
        assert "LINKEDIN_API_VERSION" in outcome
        assert "Change the setting named above" in outcome


async def test_without_a_token_the_sync_does_not_start(
    fresh_environment: Environment,
) -> None:
    app = app_on(fresh_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot)
        outcome = outcome_text(app)
        assert "The sync could not start" in outcome
        assert "Press a to connect a LinkedIn account" in outcome


async def test_another_running_sync_is_reported(small_environment: Environment) -> None:
    database = small_environment.open_database()
    lock = repository.acquire_sync_lock(database)
    try:
        app = app_on(small_environment, "sync")
        async with app.run_test(size=SIZE) as pilot:
            await run_sync(pilot)
            assert "another sync is running" in outcome_text(app)
    finally:
        lock.release()
        database.close()


async def test_fresh_data_is_skipped_and_f_forces(
    synced_environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_on(synced_environment, "sync")
    async with app.run_test(size=SIZE) as pilot:
        await run_sync(pilot, "s")
        outcome = outcome_text(app)
        assert "Nothing to do: data is fresh" in outcome
        assert "--force" not in outcome
        assert "Press f to sync anyway" in outcome
        assert app.data_version == 0
        started: list[bool] = []
        monkeypatch.setattr(
            SyncScreen,
            "_run",
            lambda _self, force: started.append(force),  # type: ignore[misc]
        )
        await pilot.press("f")
        await pilot.pause()
        assert started == [True]
    assert sync_statuses(synced_environment) == ["success", "skipped"]
