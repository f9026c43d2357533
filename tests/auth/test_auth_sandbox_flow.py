"""The whole login against the sandbox: listener and paste paths, and every failure.

An httpx GET of the authorization URL plays the browser: the sandbox "consents" at
once and redirects to the registered callback, which is our real listener. The
sandbox's request log is the witness of what reached the token endpoint.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from auth_support import FakeClock, redirect_of, state_of, token_requests

from linkedin.auth import OAuthApp, TokenStore, start_login
from linkedin.auth.errors import (
    AuthorizationCodeExpiredError,
    AuthorizationCodeRejectedError,
    InvalidClientError,
    LoginCancelledError,
    RedirectUriMismatchError,
    StateMismatchError,
    TokenEndpointError,
)
from linkedin.auth.tokens import utc_now
from linkedin.sandbox import FaultPlan, Sandbox

SIXTY_DAYS = timedelta(seconds=5_184_000)


async def browse(url: str) -> httpx.Response:
    """What the user's browser does: open the consent page and follow the redirect."""
    async with httpx.AsyncClient(follow_redirects=True) as http:
        return await http.get(url)


async def test_listener_flow_end_to_end(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, clock: FakeClock
) -> None:
    attempt = await start_login(app, store, clock=clock)
    page = await browse(attempt.url)
    assert page.status_code == 200
    assert "Authorization received" in page.text
    token = await attempt.wait()

    assert token.scopes == ("r_ads", "r_ads_reporting")  # the sandbox answers comma-separated
    assert token.expires_at == clock.now + SIXTY_DAYS
    assert token.refresh_token is not None
    assert token.refresh_token_expires_at == clock.now + timedelta(days=365)
    assert store.load() == token
    live = sandbox.oauth.access_token(token.access_token)
    assert live is not None
    assert live.status(sandbox.now()) == "active"
    assert token_requests(sandbox) == 1
    assert not attempt.listening


@pytest.mark.parametrize("form", ["full address", "query only", "just the code"])
async def test_pasted_address_flow_end_to_end(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, form: str
) -> None:
    attempt = await start_login(app, store)
    location = redirect_of(attempt.url)
    query = urlsplit(location).query
    pasted = {
        "full address": f"  {location}  \n",
        "query only": f"?{query}",
        "just the code": parse_qs(query)["code"][0],
    }[form]
    attempt.submit_pasted(pasted)
    token = await attempt.wait()
    assert store.load() == token
    assert token_requests(sandbox) == 1


async def test_pasting_works_when_the_redirect_uri_is_not_loopback(
    port: int, store: TokenStore, clock: FakeClock
) -> None:
    with Sandbox(seed=7, clock=clock, redirect_uris=("https://example.com/li/callback",)) as sb:
        app = OAuthApp(
            client_id=sb.client_id,
            client_secret=sb.client_secret,
            redirect_uri="https://example.com/li/callback",
            scopes=("r_ads",),
            oauth_base_url=sb.oauth_base_url,
        )
        attempt = await start_login(app, store)
        assert not attempt.listening
        attempt.submit_pasted(redirect_of(attempt.url))
        token = await attempt.wait()
    assert token.scopes == ("r_ads",)


async def test_demo_approval_through_the_listener(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox
) -> None:
    attempt = await start_login(app, store)
    await attempt.approve_in_sandbox()
    token = await attempt.wait()
    assert store.load() == token
    paths = [record.path for record in sandbox.request_log]
    assert paths == ["/oauth/v2/authorization", "/oauth/v2/accessToken"]


async def test_state_mismatch_is_refused_and_the_code_never_exchanged(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox
) -> None:
    attempt = await start_login(app, store)
    genuine = redirect_of(attempt.url)
    forged = genuine.replace(state_of(genuine), "attacker-chosen-state")
    async with httpx.AsyncClient() as http:
        answer = await http.get(forged)
    assert answer.status_code == 400
    with pytest.raises(StateMismatchError):
        attempt.submit_pasted(forged)
    with pytest.raises(StateMismatchError):
        attempt.submit_pasted(genuine.split("&state=")[0])  # state stripped
    assert token_requests(sandbox) == 0
    assert not attempt.done
    # The genuine answer still completes the same attempt.
    async with httpx.AsyncClient() as http:
        assert (await http.get(genuine)).status_code == 200
    await attempt.wait()
    assert token_requests(sandbox) == 1


@pytest.mark.parametrize(
    ("consent", "error"),
    [("cancel_login", "user_cancelled_login"), ("cancel_authorize", "user_cancelled_authorize")],
)
async def test_cancelled_on_the_consent_page(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, consent: str, error: str
) -> None:
    attempt = await start_login(app, store)
    page = await browse(f"{attempt.url}&sandbox_consent={consent}")
    assert "Login cancelled" in page.text
    with pytest.raises(LoginCancelledError) as info:
        await attempt.wait()
    assert info.value.error == error
    assert token_requests(sandbox) == 0
    assert store.load() is None


async def test_wrong_client_secret(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, port: int
) -> None:
    wrong = OAuthApp(
        client_id=app.client_id,
        client_secret="WPL_AP1.not-the-right-secret",
        redirect_uri=app.redirect_uri,
        scopes=app.scopes,
        oauth_base_url=app.oauth_base_url,
    )
    attempt = await start_login(wrong, store)
    await browse(attempt.url)
    with pytest.raises(InvalidClientError) as info:
        await attempt.wait()
    assert "LINKEDIN_CLIENT_SECRET" in info.value.message
    assert info.value.exit_code == 78
    assert token_requests(sandbox) == 1  # sent once, never retried


async def test_redirect_uri_not_registered(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, port: int
) -> None:
    unregistered = f"http://localhost:{port}/callback/"  # a trailing slash is enough
    mismatched = OAuthApp(
        client_id=app.client_id,
        client_secret=app.client_secret,
        redirect_uri=unregistered,
        scopes=app.scopes,
        oauth_base_url=app.oauth_base_url,
    )
    attempt = await start_login(mismatched, store)
    page = await browse(attempt.url)  # the browser would show LinkedIn's error page
    assert page.status_code == 400
    assert not attempt.done
    await attempt.approve_in_sandbox()  # the demo path reads that page
    with pytest.raises(RedirectUriMismatchError) as info:
        await attempt.wait()
    assert unregistered in info.value.message
    assert "Redirect_uri doesn't match" in info.value.message
    assert token_requests(sandbox) == 0


async def test_code_older_than_30_minutes(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox
) -> None:
    attempt = await start_login(app, store)
    location = redirect_of(attempt.url)
    sandbox.advance(timedelta(minutes=31))
    attempt.submit_pasted(location)
    with pytest.raises(AuthorizationCodeExpiredError, match="30 minutes"):
        await attempt.wait()
    assert token_requests(sandbox) == 1
    assert store.load() is None


async def test_reused_and_unknown_codes(app: OAuthApp, store: TokenStore, sandbox: Sandbox) -> None:
    first = await start_login(app, store)
    location = redirect_of(first.url)
    first.submit_pasted(location)
    await first.wait()
    code = parse_qs(urlsplit(location).query)["code"][0]

    second = await start_login(app, store)
    second.submit_pasted(code)
    with pytest.raises(AuthorizationCodeExpiredError, match="already used"):
        await second.wait()

    third = await start_login(app, store)
    third.submit_pasted("AQ-no-such-code-anywhere")
    with pytest.raises(AuthorizationCodeRejectedError, match="already used"):
        await third.wait()
    assert token_requests(sandbox) == 3


@pytest.mark.parametrize(("fault", "temporary"), [("drop", True), ("500", True), ("html", True)])
async def test_a_failed_exchange_is_never_retried(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox, fault: str, temporary: bool
) -> None:
    attempt = await start_login(app, store)
    location = redirect_of(attempt.url)
    sandbox.faults = FaultPlan.parse(f"{fault}:path=/oauth/v2/accessToken")
    attempt.submit_pasted(location)
    with pytest.raises(TokenEndpointError, match="start the login again") as info:
        await attempt.wait()
    assert info.value.exit_code == 75
    assert token_requests(sandbox) == 1


async def test_token_endpoint_unreachable(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox
) -> None:
    attempt = await start_login(app, store)
    location = redirect_of(attempt.url)
    sandbox.stop()
    attempt.submit_pasted(location)
    with pytest.raises(TokenEndpointError, match="Could not reach LinkedIn") as info:
        await attempt.wait()
    assert info.value.exit_code == 75


async def test_expiry_counts_from_when_the_request_was_sent(
    app: OAuthApp, store: TokenStore, sandbox: Sandbox
) -> None:
    sandbox.latency_ms = 300
    attempt = await start_login(app, store, clock=utc_now)
    attempt.submit_pasted(redirect_of(attempt.url))
    token = await attempt.wait()
    answered = utc_now()
    assert token.expires_at == token.obtained_at + SIXTY_DAYS
    assert answered - token.obtained_at >= timedelta(milliseconds=300)
