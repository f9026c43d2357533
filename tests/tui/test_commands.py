"""The command palette: every action by name, and "jump to campaign …"."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from tui_support import app_on, settle

from li_ads_tui.environment import Environment
from tui.commands import LiAdsCommands, campaign_entries
from tui.screens.report import ReportScreen


async def search(app_screen_provider: LiAdsCommands, query: str) -> list[str]:
    return [str(hit.text) async for hit in app_screen_provider.search(query)]


async def test_every_action_is_offered(synced_environment: Environment) -> None:
    app = app_on(synced_environment, "status")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = LiAdsCommands(app.screen)
        await provider.startup()
        names = [str(hit.text) async for hit in provider.discover()]
        assert names == [
            "status: show",
            "report: show",
            "sync: start",
            "sync: force",
            "auth: connect",
            "help: keys",
            "app: quit",
        ]
        jumps = await search(provider, "jump to campaign")
        assert len(jumps) == 100
        assert all(name.startswith("jump to campaign: ") for name in jumps)


async def test_jump_to_campaign_through_the_palette(
    synced_environment: Environment, monkeypatch: pytest.MonkeyPatch
) -> None:
    focused: list[int] = []
    monkeypatch.setattr(ReportScreen, "focus_campaign", lambda _self, cid: focused.append(cid))
    app = app_on(synced_environment, "status")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = campaign_entries(app.database)[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*f"jump {target.name}")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "report"
        assert focused == [target.campaign_id]


async def test_sync_start_through_the_palette(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"sync: start")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "sync"
        assert app.sync_worker is not None
        provider = LiAdsCommands(app.screen)
        names = [str(hit.text) async for hit in provider.discover()]
        assert "sync: cancel" in names
        assert "sync: start" not in names
        app.cancel_sync()
        await settle(pilot, "sync")


async def test_without_a_database_there_are_just_no_campaigns(
    connected_environment: Environment,
) -> None:
    connected_environment.settings = connected_environment.settings.model_copy(
        update={"database_url": "sqlite:////proc/no-such-dir/li_ads.db"}
    )
    app = app_on(connected_environment, "auth")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = LiAdsCommands(app.screen)
        await provider.startup()
        assert await search(provider, "jump to campaign") == []
        assert "status: show" in await search(provider, "status")
