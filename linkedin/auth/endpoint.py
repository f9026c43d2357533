"""The LinkedIn app's OAuth settings and the two calls to ``/oauth/v2/accessToken``.

- The code exchange is sent **once**. A code is single use, and an exchange whose
  answer was lost may already have consumed it, so a retry could only turn a clear
  failure into a confusing one. Any failure tells the user to start the login again.
- A refresh is retried only when the connection could not be made (httpx's transport
  ``retries`` covers exactly the connect phase): then LinkedIn never saw the request.
- Errors come back as ``{error, error_description}``; each one a user can cause has
  its own exception (:mod:`linkedin.auth.errors`), classified on ``error`` and on the
  description, because LinkedIn reuses ``invalid_request`` for several causes.
- Nothing here logs a request body or a URL with a secret in it; the client secret is
  registered for redaction when the :class:`OAuthApp` is made.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlencode, urlsplit

import httpx

from linkedin.auth.errors import (
    AuthorizationCodeExpiredError,
    AuthorizationCodeRejectedError,
    InvalidClientError,
    OAuthConfigError,
    OAuthError,
    ReconnectRequiredError,
    TokenEndpointError,
)
from linkedin.auth.tokens import Clock, StoredToken
from linkedin.errors import TransientError
from linkedin.redaction import redact, register_secret

log = logging.getLogger(__name__)

DEFAULT_OAUTH_BASE_URL = "https://www.linkedin.com/oauth/v2"
DEFAULT_TIMEOUT = 30.0
REFRESH_CONNECT_RETRIES = 2


@dataclass(frozen=True)
class OAuthApp:
    """The member's own LinkedIn app: who we are to LinkedIn and where it sends the code."""

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    scopes: tuple[str, ...]
    oauth_base_url: str = DEFAULT_OAUTH_BASE_URL

    def __post_init__(self) -> None:
        register_secret(self.client_secret)
        missing = [
            name
            for name, value in (
                ("LINKEDIN_CLIENT_ID", self.client_id),
                ("LINKEDIN_CLIENT_SECRET", self.client_secret),
            )
            if not value
        ]
        if missing:
            raise OAuthConfigError(
                f"{' and '.join(missing)} must be set to connect a LinkedIn account: "
                "create an app on LinkedIn's developer portal, request the Advertising "
                "API product, and copy its credentials from the app's Auth tab."
            )
        if not self.scopes:
            raise OAuthConfigError(
                "LINKEDIN_SCOPES is empty; the default is 'r_ads r_ads_reporting'."
            )

    @property
    def token_url(self) -> str:
        return f"{self.oauth_base_url.rstrip('/')}/accessToken"

    def authorization_url(self, state: str) -> str:
        """The consent page URL (reference §1.1): scopes space-delimited, ``%20``-encoded."""
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.client_id,
                "redirect_uri": self.redirect_uri,
                "state": state,
                "scope": " ".join(self.scopes),
            },
            quote_via=quote,
        )
        return f"{self.oauth_base_url.rstrip('/')}/authorization?{query}"


def exchange_code(
    app: OAuthApp, code: str, *, clock: Clock, timeout: float = DEFAULT_TIMEOUT
) -> StoredToken:
    """Trade an authorization code for a token, with a single request (never retried)."""
    register_secret(code)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": app.redirect_uri,
    }
    sent_at = clock()
    try:
        response = _post(app, form, retries=0, timeout=timeout)
    except httpx.TransportError as exc:
        raise TokenEndpointError(
            f"{_network_problem(app, exc)}. The code is not sent again automatically "
            "(it works only once); start the login again.",
            temporary=True,
        ) from None
    if response.status_code != 200:
        raise _exchange_error(app, response)
    try:
        return _parse_token(response, sent_at=sent_at, previous=None)
    except ValueError as exc:
        raise TokenEndpointError(
            f"LinkedIn's answer to the code exchange was unusable ({exc}). Start the login again.",
            temporary=True,
        ) from None


def refresh_access_token(
    app: OAuthApp, token: StoredToken, *, clock: Clock, timeout: float = DEFAULT_TIMEOUT
) -> StoredToken:
    """A new access token from the refresh token (connect failures retried, nothing else)."""
    if token.refresh_token is None:
        raise ValueError("this token has no refresh token")
    form = {"grant_type": "refresh_token", "refresh_token": token.refresh_token}
    sent_at = clock()
    try:
        response = _post(app, form, retries=REFRESH_CONNECT_RETRIES, timeout=timeout)
    except httpx.TransportError as exc:
        raise TransientError(
            f"{_network_problem(app, exc)} to refresh the access token; try again later."
        ) from None
    if response.status_code != 200:
        raise _refresh_error(response)
    try:
        return _parse_token(response, sent_at=sent_at, previous=token)
    except ValueError as exc:
        raise TransientError(
            f"LinkedIn's answer to the token refresh was unusable ({exc}); try again later."
        ) from None


def _post(
    app: OAuthApp, form: Mapping[str, str], *, retries: int, timeout: float
) -> httpx.Response:
    body = {**form, "client_id": app.client_id, "client_secret": app.client_secret}
    transport = httpx.HTTPTransport(retries=retries)
    with httpx.Client(transport=transport, timeout=timeout) as http:
        return http.post(app.token_url, data=body, headers={"Accept": "application/json"})


def _network_problem(app: OAuthApp, exc: httpx.TransportError) -> str:
    host = urlsplit(app.token_url).netloc
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout):
        return f"Could not reach LinkedIn ({host}: {type(exc).__name__})"
    if isinstance(exc, httpx.TimeoutException):
        return f"LinkedIn ({host}) did not answer in time"
    return f"LinkedIn ({host}) dropped the connection without answering ({type(exc).__name__})"


def _error_fields(response: httpx.Response) -> tuple[str, str]:
    """``error`` and ``error_description`` of an OAuth error body, if it is one."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    error, description = body.get("error"), body.get("error_description")
    return (
        error if isinstance(error, str) else "",
        redact(description) if isinstance(description, str) else "",
    )


def _exchange_error(app: OAuthApp, response: httpx.Response) -> OAuthError:
    status = response.status_code
    error, description = _error_fields(response)
    text = description.lower()
    if status >= 500 or not error:
        return TokenEndpointError(
            f"LinkedIn's token endpoint failed (HTTP {status}). The code is not sent again "
            "automatically (it works only once); start the login again in a moment.",
            status=status,
            temporary=status >= 500 or status == 429,
        )
    if error == "invalid_client" or "client authentication" in text:
        return InvalidClientError()
    if "not found" in text:
        return AuthorizationCodeRejectedError()
    if error == "invalid_redirect_uri" or "expired" in text:
        return AuthorizationCodeExpiredError(app.redirect_uri)
    return TokenEndpointError(
        f"LinkedIn refused the authorization code ({error}: {description}). Start the login again.",
        status=status,
        temporary=False,
    )


def _refresh_error(response: httpx.Response) -> Exception:
    status = response.status_code
    error, description = _error_fields(response)
    if status >= 500 or status == 429 or not error:
        return TransientError(
            f"LinkedIn's token endpoint failed while refreshing the access token "
            f"(HTTP {status}); try again later.",
            status=status,
        )
    if error == "invalid_client" or "client authentication" in description.lower():
        return InvalidClientError()
    return ReconnectRequiredError(
        "LinkedIn no longer accepts the refresh token (it expired or was revoked"
        + (f": {description}" if description else "")
        + "). Connect the LinkedIn account again.",
        status=status,
        code=error,
    )


def _parse_token(
    response: httpx.Response, *, sent_at: datetime, previous: StoredToken | None
) -> StoredToken:
    """The token in a 200 answer; ``ValueError`` with a secret-free reason otherwise."""
    try:
        body = response.json()
    except ValueError:
        raise ValueError("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ValueError("the body is not a JSON object")
    return StoredToken.from_response(body, sent_at=sent_at, previous=previous)
