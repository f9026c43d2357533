"""The attempt and its loopback listener, up to (not including) the code exchange.

The app here points at an unreachable token endpoint: these tests are about what is
refused before any exchange. The exchange itself runs against the sandbox in
``test_auth_sandbox_flow.py``.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from linkedin.auth import AuthAttempt, OAuthApp, TokenStore, start_login
from linkedin.auth.errors import (
    AttemptCancelledError,
    AuthorizationDeniedError,
    InvalidCallbackError,
    ListenerPortInUseError,
    LoginCancelledError,
    LoginTimeoutError,
    PastedAddressError,
    StateMismatchError,
)


def state_of(attempt: AuthAttempt) -> str:
    return parse_qs(urlsplit(attempt.url).query)["state"][0]


def callback(attempt: AuthAttempt, **params: str) -> str:
    return f"{attempt.app.redirect_uri}?{urlencode(params)}"


async def browser_get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as http:
        return await http.get(url)


async def assert_listener_closed(port: int) -> None:
    with pytest.raises(httpx.ConnectError):
        await browser_get(f"http://127.0.0.1:{port}/callback")


async def test_authorization_url_follows_the_reference(
    offline_app: OAuthApp, store: TokenStore
) -> None:
    attempt = await start_login(offline_app, store)
    try:
        url = urlsplit(attempt.url)
        assert (url.scheme, url.netloc, url.path) == (
            "http",
            "127.0.0.1:9",
            "/oauth/v2/authorization",
        )
        assert "scope=r_ads%20r_ads_reporting" in url.query
        params = parse_qs(url.query)
        assert params["response_type"] == ["code"]
        assert params["client_id"] == ["test-client"]
        assert params["redirect_uri"] == [offline_app.redirect_uri]
        assert "client_secret" not in params
    finally:
        attempt.cancel()


async def test_every_attempt_has_a_fresh_random_state(
    offline_app: OAuthApp, tmp_path: Path
) -> None:
    states = set()
    for _ in range(3):
        attempt = await start_login(offline_app, TokenStore(tmp_path))
        states.add(state_of(attempt))
        attempt.cancel()
        with pytest.raises(AttemptCancelledError):
            await attempt.wait()
    assert len(states) == 3
    assert all(len(s) >= 43 for s in states)  # 32 random bytes, url-safe base64


async def test_listener_binds_loopback_only_for_localhost(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    try:
        assert attempt.listening
        assert attempt._listener is not None
        hosts = {
            sock.getsockname()[0]
            for server in attempt._listener._servers
            for sock in server.sockets
        }
        assert hosts == {"127.0.0.1", "::1"}
        for host in ("127.0.0.1", "[::1]"):
            response = await browser_get(f"http://{host}:{port}/favicon.ico")
            assert response.status_code == 404
    finally:
        attempt.cancel()
        await asyncio.sleep(0)


async def test_other_paths_get_404_and_the_attempt_keeps_waiting(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    response = await browser_get(f"http://localhost:{port}/favicon.ico")
    assert response.status_code == 404
    response = await browser_get(f"http://localhost:{port}/callback/extra?code=abcdefgh")
    assert response.status_code == 404
    assert not attempt.done
    assert attempt.listening
    attempt.cancel()
    with pytest.raises(AttemptCancelledError):
        await attempt.wait()
    await assert_listener_closed(port)


@pytest.mark.parametrize(
    ("params", "missing"),
    [({"code": "forged-code-123456"}, True), ({"code": "forged-code-123456", "state": "x"}, False)],
)
async def test_wrong_or_missing_state_is_refused_and_the_attempt_goes_on(
    offline_app: OAuthApp,
    store: TokenStore,
    params: dict[str, str],
    missing: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    attempt = await start_login(offline_app, store)
    response = await browser_get(callback(attempt, **params))
    assert response.status_code == 400
    assert "does not belong to the login" in response.text
    assert not attempt.done
    assert attempt.listening
    assert "possible CSRF" in caplog.text
    assert "forged-code-123456" not in caplog.text
    # The same goes for a pasted address with the wrong state.
    with pytest.raises(StateMismatchError) as info:
        attempt.submit_pasted(callback(attempt, **params))
    assert ("no 'state'" in info.value.message) is missing
    assert not attempt.done
    attempt.cancel()
    with pytest.raises(AttemptCancelledError):
        await attempt.wait()


async def test_state_from_an_earlier_attempt_is_refused(
    offline_app: OAuthApp, store: TokenStore
) -> None:
    first = await start_login(offline_app, store)
    old_state = state_of(first)
    first.cancel()
    with pytest.raises(AttemptCancelledError):
        await first.wait()
    second = await start_login(offline_app, store)
    response = await browser_get(callback(second, code="replayed-code-1", state=old_state))
    assert response.status_code == 400
    assert not second.done
    second.cancel()


async def test_callback_with_both_code_and_error_is_refused(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    response = await browser_get(
        callback(attempt, code="a-code-value-1", error="access_denied", state=state_of(attempt))
    )
    assert response.status_code == 400
    with pytest.raises(InvalidCallbackError, match="both a code and an error"):
        await attempt.wait()
    await assert_listener_closed(port)


@pytest.mark.parametrize(
    ("error", "wording"),
    [("user_cancelled_login", "sign-in was cancelled"), ("user_cancelled_authorize", "declined")],
)
async def test_cancelled_on_linkedin(
    offline_app: OAuthApp, store: TokenStore, port: int, error: str, wording: str
) -> None:
    attempt = await start_login(offline_app, store)
    response = await browser_get(
        callback(
            attempt, error=error, error_description="The user cancelled", state=state_of(attempt)
        )
    )
    assert response.status_code == 200
    assert "Login cancelled" in response.text
    with pytest.raises(LoginCancelledError, match=wording) as info:
        await attempt.wait()
    assert info.value.exit_code == 77
    await assert_listener_closed(port)


async def test_error_description_is_html_escaped_and_stripped_of_control_characters(
    offline_app: OAuthApp, store: TokenStore
) -> None:
    attempt = await start_login(offline_app, store)
    evil = "<img src=x onerror=alert(1)>\x1b[31mred"
    response = await browser_get(
        callback(attempt, error="server_error", error_description=evil, state=state_of(attempt))
    )
    assert "<img" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    with pytest.raises(AuthorizationDeniedError) as info:
        await attempt.wait()
    assert "\x1b" not in info.value.message
    assert "server_error" in info.value.message


async def test_timeout_ends_the_attempt_and_closes_the_listener(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store, login_timeout=0.2)
    with pytest.raises(LoginTimeoutError, match="within 1 minute"):
        await attempt.wait()
    await assert_listener_closed(port)
    with pytest.raises(PastedAddressError, match="already"):
        attempt.submit_pasted(callback(attempt, code="late-code-value", state=state_of(attempt)))


@pytest.mark.parametrize("occupied", ["127.0.0.1", "0.0.0.0"])
async def test_port_taken_fails_at_once_naming_the_port(
    offline_app: OAuthApp, store: TokenStore, port: int, occupied: str
) -> None:
    with socket.socket() as squatter:
        squatter.bind((occupied, port))
        squatter.listen()
        with pytest.raises(ListenerPortInUseError) as info:
            await start_login(offline_app, store)
    assert f"port {port}" in info.value.message
    assert "No browser was opened" in info.value.message
    assert info.value.exit_code == 75


async def test_cancel_closes_the_listener(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    waiter = asyncio.create_task(attempt.wait())
    await asyncio.sleep(0.01)
    attempt.cancel()
    with pytest.raises(AttemptCancelledError):
        await waiter
    await assert_listener_closed(port)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Nothing was pasted"),
        ("hello world", "not an address or an authorization code"),
        ("http://localhost:1/elsewhere?code=abcdefgh&state=s", "does not go to this login's"),
        ("http://localhost:{port}/callback?foo=bar", "neither 'code' nor 'error'"),
    ],
)
async def test_unusable_pastes_are_explained_and_the_attempt_goes_on(
    offline_app: OAuthApp, store: TokenStore, port: int, text: str, problem: str
) -> None:
    attempt = await start_login(offline_app, store)
    with pytest.raises(PastedAddressError, match=problem):
        attempt.submit_pasted(text.format(port=port))
    assert not attempt.done
    attempt.cancel()


async def test_non_loopback_redirect_uri_means_paste_only(store: TokenStore) -> None:
    app = OAuthApp(
        client_id="test-client",
        client_secret="another-client-secret",
        redirect_uri="https://example.com/li-ads/callback",
        scopes=("r_ads",),
        oauth_base_url="http://127.0.0.1:9/oauth/v2",
    )
    attempt = await start_login(app, store)
    assert not attempt.listening
    assert attempt.loopback is None
    attempt.submit_pasted(
        f"  https://example.com/li-ads/callback?error=user_cancelled_login&state={state_of(attempt)}\n"
    )
    with pytest.raises(LoginCancelledError):
        await attempt.wait()


async def test_garbage_request_gets_400_and_the_attempt_goes_on(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"\x16\x03\x01 not http at all\r\n\r\n")  # e.g. a browser trying TLS
    answer = await reader.read()
    writer.close()
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert not attempt.done
    attempt.cancel()


async def test_idle_browser_connections_do_not_hold_the_listener_open(
    offline_app: OAuthApp, store: TokenStore, port: int
) -> None:
    attempt = await start_login(offline_app, store)
    _, idle = await asyncio.open_connection("127.0.0.1", port)  # a speculative preconnect
    await asyncio.sleep(0.05)
    attempt.cancel()
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(AttemptCancelledError):
        await attempt.wait()
    assert loop.time() - started < 1.0
    idle.close()
    await assert_listener_closed(port)
