"""The stored-token provider where no refresh request is needed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from auth_support import FakeClock

from linkedin.auth import (
    OAuthApp,
    ReconnectRequiredError,
    StoredToken,
    StoredTokenProvider,
    TokenStore,
)
from linkedin.errors import AuthError

TokenFactory = Callable[..., StoredToken]


async def test_no_token_means_connect_first(store: TokenStore, offline_app: OAuthApp) -> None:
    provider = StoredTokenProvider(store, offline_app)
    with pytest.raises(ReconnectRequiredError, match="No LinkedIn account is connected") as info:
        await provider.access_token()
    assert isinstance(info.value, AuthError)  # what the client and sync treat as "log in"
    assert info.value.exit_code == 77


async def test_valid_token_is_returned_without_touching_the_network(
    store: TokenStore, offline_app: OAuthApp, make_token: TokenFactory, clock: FakeClock
) -> None:
    store.save(make_token(access_days=30, refresh_days=300))
    provider = StoredTokenProvider(store, offline_app, clock=clock)
    assert await provider.access_token() == "stored-access-token-1"


async def test_without_refresh_token_the_token_is_used_to_its_end_then_reconnect(
    store: TokenStore, offline_app: OAuthApp, make_token: TokenFactory, clock: FakeClock
) -> None:
    store.save(make_token(access_days=1))
    provider = StoredTokenProvider(store, offline_app, clock=clock)
    clock.advance(days=1, minutes=-2)  # inside the 5-minute margin: still usable
    assert await provider.access_token() == "stored-access-token-1"
    assert await provider.refresh_after_unauthorized("stored-access-token-1") is None
    clock.advance(minutes=3)
    with pytest.raises(ReconnectRequiredError) as info:
        await provider.access_token()
    assert "expired on 2026-11-27 12:00 UTC" in info.value.message
    assert "gets no refresh tokens" in info.value.message


async def test_without_client_secret_nothing_is_refreshed(
    store: TokenStore, make_token: TokenFactory, clock: FakeClock
) -> None:
    store.save(make_token(access_days=1, refresh_days=300))
    provider = StoredTokenProvider(store, None, clock=clock)
    clock.advance(days=2)
    with pytest.raises(ReconnectRequiredError, match="LINKEDIN_CLIENT_SECRET are needed"):
        await provider.access_token()


async def test_after_401_a_token_refreshed_elsewhere_is_used(
    store: TokenStore, offline_app: OAuthApp, make_token: TokenFactory, clock: FakeClock
) -> None:
    store.save(make_token(access_token="old-access-token", refresh_days=300))
    provider = StoredTokenProvider(store, offline_app, clock=clock)
    assert await provider.access_token() == "old-access-token"
    # Another process refreshed and saved; this one still holds the old token.
    store.save(make_token(access_token="new-access-token", refresh_days=300))
    assert await provider.refresh_after_unauthorized("old-access-token") == "new-access-token"
    assert await provider.access_token() == "new-access-token"
