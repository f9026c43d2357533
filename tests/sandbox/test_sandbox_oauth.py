"""OAuth endpoints (contract §1): authorization, code exchange, refresh, introspection."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sandbox_http import bare, client

from linkedin.sandbox import Sandbox

REDIRECT = "http://localhost:8765/callback"


@pytest.fixture
def oauth(sandbox: Sandbox) -> Iterator[httpx.Client]:
    with bare(sandbox.oauth_base_url) as http:
        yield http


def _authorize(oauth: httpx.Client, sandbox: Sandbox, **overrides: str) -> httpx.Response:
    params = {
        "response_type": "code",
        "client_id": sandbox.client_id,
        "redirect_uri": REDIRECT,
        "state": "s-123",
        "scope": "r_ads r_ads_reporting",
        **overrides,
    }
    return oauth.get("/authorization", params=params)


def _code(oauth: httpx.Client, sandbox: Sandbox, **overrides: str) -> str:
    response = _authorize(oauth, sandbox, **overrides)
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["location"]).query)["code"][0]


def _exchange(
    oauth: httpx.Client, sandbox: Sandbox, code_: str, **overrides: str
) -> httpx.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code_,
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        "redirect_uri": REDIRECT,
        **overrides,
    }
    return oauth.post("/accessToken", data=form)


def test_authorization_redirects_with_code_and_state(oauth: httpx.Client, sandbox: Sandbox) -> None:
    response = _authorize(oauth, sandbox)
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == ["s-123"]
    assert len(query["code"][0]) > 40


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"client_id": "nope"}, "Client_id doesn't match"),
        ({"redirect_uri": "http://localhost:9999/callback"}, "Redirect_uri doesn't match"),
        ({"redirect_uri": "http://localhost:8765/callback/"}, "Redirect_uri doesn't match"),
        ({"scope": "r_ads,r_ads_reporting"}, "Invalid scope"),
        ({"scope": "r_ads w_everything"}, "Invalid scope"),
        ({"response_type": "token"}, "response_type"),
    ],
)
def test_bad_authorization_requests_get_an_error_page_and_no_redirect(
    oauth: httpx.Client, sandbox: Sandbox, overrides: dict[str, str], message: str
) -> None:
    response = _authorize(oauth, sandbox, **overrides)
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text


def test_both_loopback_redirects_and_extra_ones_are_registered(
    sandbox_factory: Callable[..., Sandbox],
) -> None:
    sb = sandbox_factory(redirect_uris=["https://app.example.com/cb"])
    assert sb.redirect_uris == (
        "http://localhost:8765/callback",
        "http://127.0.0.1:8765/callback",
        "https://app.example.com/cb",
    )
    with bare(sb.oauth_base_url) as http:
        for uri in sb.redirect_uris:
            assert _authorize(http, sb, redirect_uri=uri).status_code == 302


@pytest.mark.parametrize(
    ("consent", "error"),
    [("cancel_login", "user_cancelled_login"), ("cancel_authorize", "user_cancelled_authorize")],
)
def test_a_member_who_cancels_is_redirected_with_the_error(
    oauth: httpx.Client, sandbox: Sandbox, consent: Any, error: str
) -> None:
    sandbox.consent = consent
    query = parse_qs(urlsplit(_authorize(oauth, sandbox).headers["location"]).query)
    assert query["error"] == [error]
    assert query["state"] == ["s-123"]
    assert "code" not in query
    sandbox.consent = "approve"
    flagged = _authorize(oauth, sandbox, sandbox_consent=consent)
    assert parse_qs(urlsplit(flagged.headers["location"]).query)["error"] == [error]


def test_code_exchange_returns_linkedins_token_response(
    oauth: httpx.Client, sandbox: Sandbox
) -> None:
    response = _exchange(oauth, sandbox, _code(oauth, sandbox))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "access_token",
        "expires_in",
        "scope",
        "refresh_token",
        "refresh_token_expires_in",
    }
    assert 400 <= len(body["access_token"]) <= 1000
    assert body["expires_in"] == 5_184_000
    assert body["refresh_token_expires_in"] == 31_536_000
    assert body["scope"] == "r_ads,r_ads_reporting"
    with client(sandbox, body["access_token"]) as api:
        assert api.get("/adAccounts?q=search").status_code == 200


def test_a_code_works_once(oauth: httpx.Client, sandbox: Sandbox) -> None:
    code = _code(oauth, sandbox)
    assert _exchange(oauth, sandbox, code).status_code == 200
    again = _exchange(oauth, sandbox, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_redirect_uri"


def test_a_code_expires_after_30_minutes(oauth: httpx.Client, sandbox: Sandbox) -> None:
    code = _code(oauth, sandbox)
    sandbox.advance(timedelta(minutes=31))
    assert _exchange(oauth, sandbox, code).status_code == 400


def test_the_redirect_uri_must_match_the_authorization(
    oauth: httpx.Client, sandbox: Sandbox
) -> None:
    code = _code(oauth, sandbox)
    response = _exchange(oauth, sandbox, code, redirect_uri="http://127.0.0.1:8765/callback")
    assert response.status_code == 400
    assert "does not match authorization code" in response.json()["error_description"]


def test_unknown_code(oauth: httpx.Client, sandbox: Sandbox) -> None:
    response = _exchange(oauth, sandbox, "AQ-made-up")
    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "Unable to retrieve access token: authorization code not found",
    }


def test_wrong_client_secret_is_invalid_client(oauth: httpx.Client, sandbox: Sandbox) -> None:
    response = _exchange(oauth, sandbox, _code(oauth, sandbox), client_secret="wrong")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


@pytest.mark.parametrize(
    "missing", ["grant_type", "code", "client_id", "client_secret", "redirect_uri"]
)
def test_missing_parameters_are_named(oauth: httpx.Client, sandbox: Sandbox, missing: str) -> None:
    response = _exchange(oauth, sandbox, _code(oauth, sandbox), **{missing: ""})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": f'A required parameter "{missing}" is missing',
    }


def test_secrets_in_the_url_are_refused(oauth: httpx.Client, sandbox: Sandbox) -> None:
    response = oauth.post(
        "/accessToken",
        params={"client_secret": sandbox.client_secret},
        data={"grant_type": "client_credentials", "client_id": sandbox.client_id},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_unsupported_grant_type(oauth: httpx.Client, sandbox: Sandbox) -> None:
    response = _exchange(oauth, sandbox, "x", grant_type="password")
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def _refresh(oauth: httpx.Client, sandbox: Sandbox, refresh_token: str) -> httpx.Response:
    return oauth.post(
        "/accessToken",
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": sandbox.client_id,
            "client_secret": sandbox.client_secret,
        },
    )


def test_refresh_does_not_extend_the_refresh_token(oauth: httpx.Client, sandbox: Sandbox) -> None:
    first = _exchange(oauth, sandbox, _code(oauth, sandbox)).json()
    sandbox.advance(timedelta(days=59))
    response = _refresh(oauth, sandbox, first["refresh_token"])
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 5_184_000
    assert body["refresh_token"] == first["refresh_token"]
    assert body["refresh_token_expires_in"] == 306 * 86_400
    assert body["access_token"] != first["access_token"]
    sandbox.advance(timedelta(days=306))
    expired = _refresh(oauth, sandbox, first["refresh_token"])
    assert expired.status_code == 400
    assert expired.json()["error"] == "invalid_request"


def test_revoked_refresh_token_is_refused(oauth: httpx.Client, sandbox: Sandbox) -> None:
    issued = sandbox.issue_token()
    sandbox.revoke_token(issued["access_token"])
    assert _refresh(oauth, sandbox, issued["refresh_token"]).status_code == 400


def test_without_programmatic_refresh_there_is_no_refresh_token(
    sandbox_factory: Callable[..., Sandbox],
) -> None:
    sb = sandbox_factory(refresh_tokens=False)
    with bare(sb.oauth_base_url) as http:
        body = _exchange(http, sb, _code(http, sb)).json()
    assert "refresh_token" not in body
    assert "refresh_token" not in sb.issue_token()


def test_a_new_consent_with_other_scopes_revokes_older_tokens(
    oauth: httpx.Client, sandbox: Sandbox
) -> None:
    old = _exchange(oauth, sandbox, _code(oauth, sandbox)).json()["access_token"]
    same = _exchange(oauth, sandbox, _code(oauth, sandbox)).json()["access_token"]
    with client(sandbox, old) as api:
        assert api.get("/adAccounts?q=search").status_code == 200
    _exchange(oauth, sandbox, _code(oauth, sandbox, scope="r_ads r_ads_reporting rw_ads"))
    for token in (old, same):
        with client(sandbox, token) as api:
            assert api.get("/adAccounts?q=search").json()["serviceErrorCode"] == 65601


def _introspect(
    oauth: httpx.Client, sandbox: Sandbox, token: str, **overrides: str
) -> httpx.Response:
    form = {"client_id": sandbox.client_id, "client_secret": sandbox.client_secret, "token": token}
    return oauth.post("/introspectToken", data={**form, **overrides})


def test_introspection_reports_status_and_times(oauth: httpx.Client, sandbox: Sandbox) -> None:
    issued = sandbox.issue_token(expires_in=600)
    body = _introspect(oauth, sandbox, issued["access_token"]).json()
    now = int(sandbox.now().timestamp())
    assert body == {
        "active": True,
        "client_id": sandbox.client_id,
        "authorized_at": now,
        "created_at": now,
        "status": "active",
        "expires_at": now + 600,
        "scope": "r_ads,r_ads_reporting",
        "auth_type": "3L",
    }
    refresh = _introspect(oauth, sandbox, issued["refresh_token"]).json()
    assert refresh["expires_at"] == now + 31_536_000
    sandbox.advance(timedelta(minutes=11))
    expired = _introspect(oauth, sandbox, issued["access_token"]).json()
    assert (expired["active"], expired["status"]) == (False, "expired")
    sandbox.revoke_token(issued["access_token"])
    assert _introspect(oauth, sandbox, issued["refresh_token"]).json()["status"] == "revoked"


def test_introspecting_an_unknown_token(oauth: httpx.Client, sandbox: Sandbox) -> None:
    assert _introspect(oauth, sandbox, "garbage").json() == {"active": False}
    assert _introspect(oauth, sandbox, "garbage", client_secret="bad").status_code == 401


def test_oauth_endpoints_only_take_their_methods(oauth: httpx.Client) -> None:
    assert oauth.get("/accessToken").status_code == 405
    assert oauth.get("/somethingElse").status_code == 404
