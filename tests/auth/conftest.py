"""Fixtures for the auth tests: an app on a free loopback port, a token store, a clock.

The callback port comes from the redirect URI, so every test gets its own free port
and tests never collide with each other or with a real login on 8765.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from auth_support import CLIENT_SECRET, T0, FakeClock, Terminal, free_port

from linkedin.auth import OAuthApp, StoredToken, TokenStore
from linkedin.sandbox import Sandbox


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def offline_app(port: int) -> OAuthApp:
    """An app whose token endpoint is unreachable: for tests that must not exchange."""
    return OAuthApp(
        client_id="test-client",
        client_secret=CLIENT_SECRET,
        redirect_uri=f"http://localhost:{port}/callback",
        scopes=("r_ads", "r_ads_reporting"),
        oauth_base_url="http://127.0.0.1:9/oauth/v2",
    )


@pytest.fixture
def store(tmp_path: Path) -> TokenStore:
    return TokenStore(tmp_path / "data")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


TokenFactory = Callable[..., StoredToken]


@pytest.fixture
def make_token() -> TokenFactory:
    def make(
        *,
        access_days: float = 60,
        refresh_days: float | None = None,
        now: datetime = T0,
        access_token: str = "stored-access-token-1",
        refresh_token: str = "stored-refresh-token-1",
    ) -> StoredToken:
        return StoredToken(
            access_token=access_token,
            expires_at=now + timedelta(days=access_days),
            scopes=("r_ads", "r_ads_reporting"),
            obtained_at=now,
            refresh_token=refresh_token if refresh_days is not None else None,
            refresh_token_expires_at=(
                now + timedelta(days=refresh_days) if refresh_days is not None else None
            ),
        )

    return make


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    yield term
    term.close_stdin()


@pytest.fixture
def sandbox(port: int, clock: FakeClock) -> Iterator[Sandbox]:
    """The sandbox on the test's clock, with this test's callback port registered.

    It stands in for the shared ``sandbox`` fixture (tests/sandbox_fixtures.py) in this
    folder: a login needs its own free callback port registered as a redirect URI, and
    token expiry is judged by the test's clock on both sides.
    """
    with Sandbox(
        seed=7,
        clock=clock,
        redirect_uris=(f"http://localhost:{port}/callback", f"http://127.0.0.1:{port}/callback"),
    ) as sb:
        yield sb


@pytest.fixture
def app(sandbox: Sandbox, port: int) -> OAuthApp:
    return OAuthApp(
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        redirect_uri=f"http://localhost:{port}/callback",
        scopes=("r_ads", "r_ads_reporting"),
        oauth_base_url=sandbox.oauth_base_url,
    )
