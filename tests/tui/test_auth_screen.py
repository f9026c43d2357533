"""The auth screen, through the sandbox: approve, paste, cancel, and each failure."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input
from tui_support import app_on, free_port, login_environment, login_sandbox, settle, wait_until

from li_ads_tui.environment import Environment
from li_ads_tui.settings import Settings
from linkedin.auth import TokenStore
from linkedin.sandbox import Sandbox
from tui.app import LiAdsApp
from tui.screens.auth import AuthScreen

SIZE = (100, 40)


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sandbox(port: int) -> Iterator[Sandbox]:
    sandbox = login_sandbox(port)
    yield sandbox
    sandbox.stop()


@pytest.fixture
def environment(tmp_path: Path, sandbox: Sandbox, port: int) -> Environment:
    return login_environment(tmp_path / "login", sandbox, port)


@pytest.fixture(autouse=True)
def no_local_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never open a browser, whatever the machine running them has."""
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)


def auth_screen(app: LiAdsApp) -> AuthScreen:
    screen = app.screen
    assert isinstance(screen, AuthScreen)
    return screen


def text_of(app: LiAdsApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def start_login(pilot: Pilot[int]) -> AuthScreen:
    """Press Connect and wait until the screen shows the sign-in address."""
    app = pilot.app
    assert isinstance(app, LiAdsApp)
    await settle(pilot, "auth-health")
    await pilot.press("enter")
    screen = auth_screen(app)
    await wait_until(pilot, lambda: screen.phase == "waiting")
    assert screen.phase == "waiting"
    return screen


async def test_connect_and_approve_in_the_sandbox(environment: Environment) -> None:
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_login(pilot)
        assert "/oauth/v2/authorization?" in text_of(app, "#login-url")
        assert app.clipboard.startswith(environment.settings.linkedin_oauth_base_url)
        assert isinstance(app.focused, Button)
        assert app.focused.id == "approve"
        await pilot.press("enter")
        await settle(pilot, "auth", "auth-approve")
        assert screen.phase == "connected"
        assert "✓ Connected." in text_of(app, "#result-text")
        assert "✓ Connected to the demo sandbox" in text_of(app, "#auth-connection")
        assert app.data_version == 1
        assert environment.has_usable_token()
        # Next: "Sync now" is focused and starts the first sync.
        assert app.focused is not None
        assert app.focused.id == "sync-now"


async def test_paste_the_redirected_address(environment: Environment) -> None:
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_login(pilot)
        async with httpx.AsyncClient() as http:
            consent = await http.get(app.clipboard)
        location = consent.headers["location"]
        paste = app.screen.query_one("#paste", Input)
        paste.focus()
        paste.value = location
        await pilot.press("enter")
        await settle(pilot, "auth")
        assert screen.phase == "connected"
        assert TokenStore(environment.data_dir).load() is not None


async def test_a_wrong_paste_is_explained_and_the_login_goes_on(
    environment: Environment,
) -> None:
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_login(pilot)
        paste = app.screen.query_one("#paste", Input)
        paste.focus()
        await pilot.press(*"not a code")
        await pilot.press("enter")
        await pilot.pause()
        feedback = app.screen.query_one("#paste-feedback")
        assert feedback.has_class("-error")
        assert "That is not an address or an authorization code" in text_of(app, "#paste-feedback")
        assert screen.phase == "waiting"
        # Letters typed into the field never reach the app's keys (q does not quit).
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code is None


async def test_ctrl_c_cancels_the_login(environment: Environment) -> None:
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_login(pilot)
        await pilot.press("ctrl+c")
        await settle(pilot, "auth")
        assert screen.phase == "failed"
        assert "The login was cancelled. No account was connected." in text_of(app, "#result-text")
        assert not environment.has_usable_token()
        assert app.focused is not None
        assert app.focused.id == "connect"


async def test_declining_on_linkedin_is_explained(
    environment: Environment, sandbox: Sandbox
) -> None:
    sandbox.consent = "cancel_authorize"
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_login(pilot)
        await pilot.press("enter")  # Approve in sandbox: the member declines
        await settle(pilot, "auth", "auth-approve")
        assert screen.phase == "failed"
        assert "You declined the permission request on LinkedIn" in text_of(app, "#result-text")


async def test_a_busy_callback_port_is_explained(environment: Environment, port: int) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        app = LiAdsApp(environment)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, "auth-health")
            await pilot.press("enter")
            await settle(pilot, "auth")
            assert auth_screen(app).phase == "failed"
            assert f"port {port} is already in use" in text_of(app, "#result-text")


async def test_missing_app_credentials_name_the_settings(tmp_path: Path) -> None:
    environment = Environment(Settings(li_ads_data_dir=tmp_path / "real"))
    app = LiAdsApp(environment)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "auth-health")
        assert app.current_mode == "auth"
        await pilot.press("enter")
        await settle(pilot, "auth")
        result = text_of(app, "#result-text")
        assert "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET must be set" in result


async def test_a_token_from_the_environment_disables_the_login(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", "AQV-from-the-environment")
    environment = Environment(Settings(li_ads_data_dir=tmp_path / "real"))
    app = app_on(environment, "auth")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, "auth-health")
        assert app.screen.query_one("#connect", Button).disabled
        assert "LINKEDIN_ACCESS_TOKEN is set" in text_of(app, "#auth-intro")
        assert "AQV-from-the-environment" not in text_of(app, "#auth-connection")
