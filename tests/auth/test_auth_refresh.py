"""The token lifecycle against the sandbox: proactive refresh, refresh after 401,
apps without refresh tokens, failures, and concurrent refreshes (threads and processes).
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from auth_support import FakeClock, redirect_of, token_requests

from linkedin.auth import (
    OAuthApp,
    ReconnectRequiredError,
    StoredToken,
    StoredTokenProvider,
    TokenStore,
    start_login,
    token_health,
)
from linkedin.auth.errors import InvalidClientError
from linkedin.auth.tokens import utc_now
from linkedin.client import LinkedInClient
from linkedin.endpoints import iter_ad_accounts
from linkedin.errors import AuthError, TransientError
from linkedin.sandbox import FaultPlan, Sandbox

REPO = Path(__file__).resolve().parents[2]
API_VERSION = "202607"


def stored_from_sandbox(
    sandbox: Sandbox, store: TokenStore, clock: FakeClock, **issue: object
) -> StoredToken:
    token = StoredToken.from_response(sandbox.issue_token(**issue), sent_at=clock.now)  # type: ignore[arg-type]
    store.save(token)
    return token


async def list_accounts(sandbox: Sandbox, provider: StoredTokenProvider) -> int:
    async with LinkedInClient(
        base_url=sandbox.api_base_url, version=API_VERSION, token_provider=provider
    ) as client:
        return sum([len(page.items) async for page in iter_ad_accounts(client)])


async def test_refreshes_within_five_minutes_of_expiry(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    old = stored_from_sandbox(sandbox, store, clock)
    provider = StoredTokenProvider(store, app, clock=clock)
    clock.advance(days=60, minutes=-6)
    assert await provider.access_token() == old.access_token
    assert token_requests(sandbox) == 0

    clock.advance(minutes=2)  # 4 minutes left
    fresh_value = await provider.access_token()
    assert fresh_value != old.access_token
    assert token_requests(sandbox) == 1
    fresh = store.load()
    assert fresh is not None
    assert fresh.access_token == fresh_value
    assert fresh.expires_at == clock.now + timedelta(days=60)
    assert fresh.refresh_token_expires_at == old.refresh_token_expires_at  # not extended
    assert await provider.access_token() == fresh_value
    assert token_requests(sandbox) == 1


async def test_refresh_after_401_through_the_client(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    old = stored_from_sandbox(sandbox, store, clock)
    sandbox.expire_token(old.access_token)  # LinkedIn says no; our file says 60 days
    provider = StoredTokenProvider(store, app, clock=clock)
    assert await list_accounts(sandbox, provider) > 0
    assert token_requests(sandbox) == 1
    saved = store.load()
    assert saved is not None
    assert saved.access_token != old.access_token


async def test_401_without_refresh_token_is_an_auth_error(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    old = stored_from_sandbox(sandbox, store, clock, refresh=False)
    sandbox.revoke_token(old.access_token)
    provider = StoredTokenProvider(store, app, clock=clock)
    with pytest.raises(AuthError):
        await list_accounts(sandbox, provider)
    assert token_requests(sandbox) == 0


async def test_revoked_refresh_token_means_reconnect(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    old = stored_from_sandbox(sandbox, store, clock)
    sandbox.revoke_token(old.access_token)
    provider = StoredTokenProvider(store, app, clock=clock)
    clock.advance(days=60)
    with pytest.raises(ReconnectRequiredError, match="no longer accepts the refresh token") as info:
        await provider.access_token()
    assert info.value.exit_code == 77
    assert token_requests(sandbox) == 1


async def test_wrong_client_secret_on_refresh(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    stored_from_sandbox(sandbox, store, clock)
    wrong = OAuthApp(
        client_id=app.client_id,
        client_secret="WPL_AP1.wrong-secret",
        redirect_uri=app.redirect_uri,
        scopes=app.scopes,
        oauth_base_url=app.oauth_base_url,
    )
    clock.advance(days=60)
    with pytest.raises(InvalidClientError):
        await StoredTokenProvider(store, wrong, clock=clock).access_token()


@pytest.mark.parametrize("fault", ["500", "drop", "malformed"])
async def test_refresh_failure_after_sending_is_transient_and_not_retried(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock, fault: str
) -> None:
    old = stored_from_sandbox(sandbox, store, clock)
    sandbox.faults = FaultPlan.parse(f"{fault}:path=/oauth/v2/accessToken")
    clock.advance(days=60)
    with pytest.raises(TransientError, match="try again later"):
        await StoredTokenProvider(store, app, clock=clock).access_token()
    assert token_requests(sandbox) == 1
    assert store.load() == old


async def test_refresh_with_linkedin_unreachable(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    stored_from_sandbox(sandbox, store, clock)
    sandbox.stop()
    clock.advance(days=60)
    with pytest.raises(TransientError, match="Could not reach LinkedIn"):
        await StoredTokenProvider(store, app, clock=clock).access_token()


async def test_app_without_refresh_tokens_gets_reconnect_in_n_days(
    port: int, store: TokenStore, clock: FakeClock
) -> None:
    redirect = f"http://localhost:{port}/callback"
    with Sandbox(seed=7, clock=clock, refresh_tokens=False, redirect_uris=(redirect,)) as sb:
        app = OAuthApp(
            client_id=sb.client_id,
            client_secret=sb.client_secret,
            redirect_uri=redirect,
            scopes=("r_ads", "r_ads_reporting"),
            oauth_base_url=sb.oauth_base_url,
        )
        attempt = await start_login(app, store, clock=clock)
        attempt.submit_pasted(redirect_of(attempt.url))
        token = await attempt.wait()
        assert token.refresh_token is None

        health = token_health(store, env_token_set=False, now=clock.now)
        assert (health.auto_refresh, health.reconnect_in_days, health.warnings) == (False, 60, ())
        clock.advance(days=55)
        health = token_health(store, env_token_set=False, now=clock.now)
        assert health.reconnect_in_days == 5
        assert "connect the account again within 5 days" in health.warnings[0]

        provider = StoredTokenProvider(store, app, clock=clock)
        clock.advance(days=5, minutes=-1)
        assert await provider.access_token() == token.access_token  # used to its end
        clock.advance(minutes=2)
        with pytest.raises(ReconnectRequiredError, match="gets no refresh tokens"):
            await provider.access_token()
        assert token_requests(sb) == 1  # the exchange only: no refresh was attempted


async def test_two_providers_in_one_process_refresh_once(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    stored_from_sandbox(sandbox, store, clock)
    clock.advance(days=60)
    tui = StoredTokenProvider(store, app, clock=clock)
    sync = StoredTokenProvider(store, app, clock=clock)
    tokens = await asyncio.gather(
        tui.access_token(), sync.access_token(), tui.access_token(), sync.access_token()
    )
    assert len(set(tokens)) == 1
    assert token_requests(sandbox) == 1


def test_two_processes_refresh_once(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    """A cron sync and an open TUI both find the token about to expire: one refresh."""
    body = sandbox.issue_token()
    now = utc_now()
    about_to_expire = StoredToken.from_response(
        {**body, "expires_in": 60},
        sent_at=now,  # one minute left, on the real clock
    )
    store.save(about_to_expire)
    go = tmp_path / "go"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WORKER_GO_FILE": str(go),
        "LI_ADS_DATA_DIR": str(store.data_dir),
        "LINKEDIN_CLIENT_ID": app.client_id,
        "LINKEDIN_CLIENT_SECRET": app.client_secret,
        "LINKEDIN_OAUTH_BASE_URL": app.oauth_base_url,
    }
    worker = str(Path(__file__).with_name("refresh_worker.py"))
    procs = [
        subprocess.Popen(
            [sys.executable, worker],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    go.touch()
    outputs = [proc.communicate(timeout=30) for proc in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    hashes = {out.strip() for out, _ in outputs}
    saved = store.load()
    assert saved is not None
    assert saved.access_token != about_to_expire.access_token
    assert hashes == {hashlib.sha256(saved.access_token.encode()).hexdigest()}
    assert token_requests(sandbox) == 1
    # Both wanted to refresh; the one that waited for the lock found the new token.
    waited = [err for _, err in outputs if "already refreshed by another process" in err]
    assert len(waited) == 1
    assert saved.access_token not in "".join(err for _, err in outputs)
