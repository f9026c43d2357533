"""The help screen lists every key: the screen's own, the focused list's, the app's."""

from __future__ import annotations

from tui_support import app_on, settle

from li_ads_tui.environment import Environment
from tui.app import LiAdsApp
from tui.screens.help import HelpScreen


def help_rows(app: LiAdsApp) -> str:
    """The key tables as text (they are Rich tables)."""
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    lines: list[str] = []
    for title, rows in screen.groups:
        lines.append(title)
        lines.extend(f"{key} | {text}" for key, text in rows)
    return "\n".join(lines)


async def test_every_global_key_is_listed(connected_environment: Environment) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        for key, words in (
            ("t", "Status"),
            ("r", "Report"),
            ("s", "Sync: Open the sync screen and start a sync if none is running"),
            ("a", "Auth"),
            ("?", "Help"),
            ("esc", "Back"),
            ("q", "Quit"),
            ("^q", "Quit now"),
            ("^p", "Command palette"),
        ):
            assert f"\n{key} | {words}" in rows, key


async def test_the_screens_own_keys_come_first_even_when_unavailable(
    connected_environment: Environment,
) -> None:
    app = app_on(connected_environment, "sync")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert rows.startswith("Sync screen\n")
        assert "^c | Cancel: Stop the sync cleanly" in rows  # no sync runs, still listed
        assert "f | Force" in rows


async def test_a_focused_list_adds_its_keys(synced_environment: Environment) -> None:
    app = app_on(synced_environment, "status")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one("#audit").focus()
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert "Lists\n" in rows
        assert "j | Down: Next row" in rows
        assert "k | Up: Previous row" in rows


async def test_escape_q_and_a_click_outside_close_it(
    connected_environment: Environment,
) -> None:
    app = app_on(connected_environment, "status")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for close in ("escape", "q", "click"):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            if close == "click":
                await pilot.click(offset=(1, 1))
            else:
                await pilot.press(close)
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen), close
        assert app.return_code is None
