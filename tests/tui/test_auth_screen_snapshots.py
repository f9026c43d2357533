"""Snapshots of the auth screen: a newcomer's first view, and waiting for the login.

A real attempt's address holds a random ``state`` and the sandbox's random port, so
the waiting screens use a stand-in attempt with a fixed address; everything else
(the worker, the messages, the screen) is the real thing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_support import settle, wait_until

import tui.screens.auth
from li_ads_tui.environment import Environment
from li_ads_tui.settings import Settings
from linkedin.auth import OAuthApp
from linkedin.auth.errors import AttemptCancelledError
from linkedin.auth.listener import loopback_address
from tui.app import LiAdsApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


class FixedAttempt:
    """An attempt with a fixed address that waits until cancelled."""

    def __init__(self, app: OAuthApp) -> None:
        self.app = app
        self.url = app.authorization_url("hH0sTfLxYbq3tWd0cXqzUe5Gm3h1VnqJm5cQe2Q9aZs")
        self.listening = True
        self.loopback = loopback_address(app.redirect_uri)
        self.login_timeout = 300.0
        self._cancelled = asyncio.Event()

    async def wait(self) -> Any:
        await self._cancelled.wait()
        raise AttemptCancelledError()

    def cancel(self) -> None:
        self._cancelled.set()

    def submit_pasted(self, text: str) -> None:
        raise AssertionError("not pasted in snapshots")


@pytest.fixture
def fixed_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    async def start_login(app: OAuthApp, store: object, **_: object) -> FixedAttempt:
        fixed = OAuthApp(
            client_id=app.client_id,
            client_secret=app.client_secret,
            redirect_uri=app.redirect_uri,
            scopes=app.scopes,
            oauth_base_url="http://127.0.0.1:8080/oauth/v2",
        )
        return FixedAttempt(fixed)

    monkeypatch.setattr(tui.screens.auth, "start_login", start_login)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(name, raising=False)


async def press_connect(pilot: Any) -> None:
    await settle(pilot, "auth-health")
    for field in pilot.app.query(Input):
        field.cursor_blink = False  # a blinking cursor would make the snapshot flaky
    await pilot.press("enter")
    # Wait for the waiting phase itself rather than a fixed time (flaky under load).
    login = pilot.app.screen.query_one("#auth-login")
    await wait_until(pilot, lambda: bool(login.display))
    await settle(pilot, "auth-health")  # the login worker itself waits until cancelled


@pytest.mark.parametrize("size", SIZES)
def test_auth_first_run(snap_compare, fresh_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    """What a newcomer sees first: not connected, one button."""
    assert snap_compare(LiAdsApp(fresh_environment), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_auth_waiting_in_the_demo(  # type: ignore[no-untyped-def]
    snap_compare, fresh_environment: Environment, fixed_attempt: None, size
) -> None:
    app = LiAdsApp(fresh_environment)
    assert snap_compare(app, terminal_size=size, run_before=press_connect)


@pytest.mark.parametrize("size", SIZES)
def test_auth_waiting_over_ssh(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, fixed_attempt: None, monkeypatch: pytest.MonkeyPatch, size
) -> None:
    """A real LinkedIn app over SSH: paste first, the tunnel as the alternative."""
    monkeypatch.setenv("SSH_CONNECTION", "192.0.2.10 50022 192.0.2.20 22")
    settings = Settings(
        li_ads_data_dir=tmp_path / "real",
        linkedin_client_id="86example1234",
        linkedin_client_secret="example-secret",
    )
    app = LiAdsApp(Environment(settings))
    assert snap_compare(app, terminal_size=size, run_before=press_connect)
