"""LinkedIn's OAuth 2.0 provider, emulated: one registered app, one member, codes and tokens.

Endpoints under ``/oauth/v2`` (contract §1):

* ``GET authorization``: validates ``response_type``, ``client_id``, the exact registered
  ``redirect_uri`` and the space-delimited ``scope``. A bad request gets LinkedIn's error
  page and **no redirect**. Otherwise the member "consents" at once and the browser is sent
  to ``redirect_uri?code=...&state=...``. To simulate a member who backs out, set
  :attr:`OAuthProvider.consent` (``Sandbox.consent``) or add the sandbox-only query flag
  ``sandbox_consent=cancel_login|cancel_authorize``; the redirect then carries
  ``error=user_cancelled_login`` / ``user_cancelled_authorize`` and the state.
* ``POST accessToken``: ``authorization_code`` (code valid 30 minutes, single use, same
  redirect_uri), ``refresh_token`` (refresh TTL counts down from the original consent, never
  extended) and ``client_credentials`` (a 2-legged token, useless for ad data). Credentials
  in the URL instead of the form body are refused.
* ``POST introspectToken``: status of an access or refresh token; unknown tokens are
  ``{"active": false}``.

A new consent with a *different* scope set revokes the member's older tokens for the app, as
LinkedIn documents. Every time comes from the sandbox clock, so tests can expire tokens by
moving "now".
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from linkedin.sandbox.http import OAuthProblem, Problem, Request, Response

ACCESS_TTL = 5_184_000  # 60 days
REFRESH_TTL = 31_536_000  # 365 days
APP_TOKEN_TTL = 1_800  # client_credentials
CODE_TTL = timedelta(minutes=30)
KNOWN_SCOPES = frozenset(
    {
        "r_ads",
        "rw_ads",
        "r_ads_reporting",
        "r_organization_social",
        "rw_organization_admin",
        "r_basicprofile",
        "r_liteprofile",
        "r_emailaddress",
        "openid",
        "profile",
        "email",
    }
)
_CODE_MISMATCH = (
    "Unable to retrieve access token: appid/redirect uri/code verifier does not match "
    "authorization code. Or authorization code expired. Or external member binding exists"
)
Consent = Literal["approve", "cancel_login", "cancel_authorize"]
CONSENTS: tuple[Consent, ...] = ("approve", "cancel_login", "cancel_authorize")
Clock = Callable[[], datetime]


@dataclass(slots=True)
class Grant:
    """One consent of the member: the scopes and the refresh token that came with it."""

    scopes: tuple[str, ...]
    authorized_at: datetime
    refresh_token: str | None = None
    refresh_expires_at: datetime | None = None
    revoked: bool = False


@dataclass(slots=True)
class AccessToken:
    value: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime
    grant: Grant | None  # None for 2-legged (client_credentials) tokens
    member_urn: str | None
    revoked: bool = False

    def status(self, now: datetime) -> Literal["active", "expired", "revoked"]:
        if self.revoked or (self.grant is not None and self.grant.revoked):
            return "revoked"
        return "expired" if now >= self.expires_at else "active"


@dataclass(slots=True)
class _Code:
    scopes: tuple[str, ...]
    redirect_uri: str
    issued_at: datetime
    used: bool = False


@dataclass
class OAuthProvider:
    """The sandbox app's OAuth state. Thread-safe: the server calls it from many threads."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    member_urn: str
    clock: Clock
    refresh_tokens: bool = True
    consent: Consent = "approve"
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _codes: dict[str, _Code] = field(default_factory=dict, repr=False)
    _access: dict[str, AccessToken] = field(default_factory=dict, repr=False)
    _refresh: dict[str, Grant] = field(default_factory=dict, repr=False)
    _grants: list[Grant] = field(default_factory=list, repr=False)

    # -- tokens -----------------------------------------------------------------------------

    def issue(
        self,
        scopes: Iterable[str] = ("r_ads", "r_ads_reporting"),
        *,
        expires_in: int = ACCESS_TTL,
        refresh: bool = True,
        refresh_expires_in: int = REFRESH_TTL,
    ) -> dict[str, object]:
        """A token response as after a consent (no browser). Older tokens stay valid."""
        with self._lock:
            grant = Grant(tuple(scopes), self.clock())
            self._grants.append(grant)
            if refresh and self.refresh_tokens:
                self._attach_refresh(grant, refresh_expires_in)
            return self._token_response(grant, expires_in)

    def access_token(self, value: str) -> AccessToken | None:
        with self._lock:
            return self._access.get(value)

    def revoke(self, token: str) -> None:
        """Revoke the whole authorization behind a token, as when the member removes the app."""
        with self._lock:
            grant = self._grant_of(token)
            if grant is not None:
                grant.revoked = True
            elif token in self._access:
                self._access[token].revoked = True
            else:
                raise KeyError("unknown token")

    def expire(self, token: str) -> None:
        """Make an access or refresh token expire now (the rest of its grant is untouched)."""
        with self._lock:
            now = self.clock()
            if token in self._access:
                self._access[token].expires_at = now
            elif token in self._refresh:
                self._refresh[token].refresh_expires_at = now
            else:
                raise KeyError("unknown token")

    def _grant_of(self, token: str) -> Grant | None:
        if token in self._refresh:
            return self._refresh[token]
        access = self._access.get(token)
        return access.grant if access else None

    def _attach_refresh(self, grant: Grant, ttl: int) -> None:
        grant.refresh_token = "AQ" + secrets.token_urlsafe(240)
        grant.refresh_expires_at = grant.authorized_at + timedelta(seconds=ttl)
        self._refresh[grant.refresh_token] = grant

    def _token_response(self, grant: Grant, expires_in: int) -> dict[str, object]:
        now = self.clock()
        value = "AQ" + secrets.token_urlsafe(372)
        self._access[value] = AccessToken(
            value, grant.scopes, now, now + timedelta(seconds=expires_in), grant, self.member_urn
        )
        response: dict[str, object] = {
            "access_token": value,
            "expires_in": expires_in,
            "scope": ",".join(grant.scopes),
        }
        if grant.refresh_token is not None and grant.refresh_expires_at is not None:
            response["refresh_token"] = grant.refresh_token
            left = int((grant.refresh_expires_at - now).total_seconds())
            response["refresh_token_expires_in"] = max(0, left)
        return response

    # -- HTTP -------------------------------------------------------------------------------

    def handle(self, request: Request, endpoint: str) -> Response:
        if endpoint == "authorization" and request.method == "GET":
            return self._authorization(dict(parse_qsl(request.query)))
        if endpoint in {"accessToken", "introspectToken"} and request.method == "POST":
            form = self._form(request)
            if endpoint == "accessToken":
                return Response.json(self._access_token(form))
            return Response.json(self._introspect(form))
        if endpoint in {"authorization", "accessToken", "introspectToken"}:
            raise Problem(405, "Method not allowed")
        raise Problem(404, f"No OAuth endpoint {endpoint!r}")

    def _form(self, request: Request) -> dict[str, str]:
        in_url = {key for key, _v in parse_qsl(request.query)}
        leaked = sorted(in_url & {"client_secret", "code", "refresh_token", "token"})
        if leaked:
            raise OAuthProblem(
                400, "invalid_request", f"{leaked[0]} must be sent in the request body, not the URL"
            )
        content_type = (request.header("content-type") or "").split(";")[0].strip()
        if content_type != "application/x-www-form-urlencoded":
            raise OAuthProblem(
                400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
            )
        try:
            return dict(parse_qsl(request.body.decode(), strict_parsing=bool(request.body)))
        except (UnicodeDecodeError, ValueError):
            raise OAuthProblem(
                400, "invalid_request", "The request body is not a valid form"
            ) from None

    def _authorization(self, query: dict[str, str]) -> Response:
        problem = self._authorization_problem(query)
        if problem is not None:
            return Response.html(400, "Bummer, something went wrong.", problem)
        redirect_uri = query["redirect_uri"]
        extra = {"state": query["state"]} if "state" in query else {}
        consent = query.get("sandbox_consent", self.consent)
        if consent not in CONSENTS:
            return Response.html(
                400, "Bummer, something went wrong.", "Unknown sandbox_consent value"
            )
        if consent == "cancel_login":
            params = {
                "error": "user_cancelled_login",
                "error_description": "The user cancelled LinkedIn login",
            }
        elif consent == "cancel_authorize":
            params = {
                "error": "user_cancelled_authorize",
                "error_description": "The user cancelled the authorization",
            }
        else:
            code = "AQ" + secrets.token_urlsafe(90)
            with self._lock:
                self._codes[code] = _Code(
                    tuple(query["scope"].split(" ")), redirect_uri, self.clock()
                )
            params = {"code": code}
        location = _with_query(redirect_uri, {**params, **extra})
        return Response(302, b"", content_type="text/plain", headers={"Location": location})

    def _authorization_problem(self, query: dict[str, str]) -> str | None:
        if query.get("response_type") != "code":
            return "Invalid response_type: it must be code"
        if query.get("client_id") != self.client_id:
            return "Client_id doesn't match"
        redirect_uri = query.get("redirect_uri", "")
        if "#" in redirect_uri or _without_query(redirect_uri) not in {
            _without_query(uri) for uri in self.redirect_uris
        }:
            return "Redirect_uri doesn't match"
        scopes = query.get("scope", "").split(" ")
        if not scopes or not all(scope in KNOWN_SCOPES for scope in scopes):
            return "Invalid scope"
        return None

    def _access_token(self, form: dict[str, str]) -> dict[str, object]:
        grant_type = _required(form, "grant_type")
        if grant_type not in {"authorization_code", "refresh_token", "client_credentials"}:
            raise OAuthProblem(
                400, "unsupported_grant_type", f"Unsupported grant_type {grant_type!r}"
            )
        self._authenticate_client(form)
        if grant_type == "authorization_code":
            return self._exchange_code(form)
        if grant_type == "refresh_token":
            return self._refresh_grant(form)
        with self._lock:
            now = self.clock()
            value = "AQ" + secrets.token_urlsafe(372)
            self._access[value] = AccessToken(
                value, (), now, now + timedelta(seconds=APP_TOKEN_TTL), None, None
            )
        return {"access_token": value, "expires_in": APP_TOKEN_TTL}

    def _authenticate_client(self, form: dict[str, str]) -> None:
        client_id = _required(form, "client_id")
        client_secret = _required(form, "client_secret")
        if client_id != self.client_id or not secrets.compare_digest(
            client_secret, self.client_secret
        ):
            raise OAuthProblem(401, "invalid_client", "Client authentication failed")

    def _exchange_code(self, form: dict[str, str]) -> dict[str, object]:
        code_value = _required(form, "code")
        redirect_uri = _required(form, "redirect_uri")
        with self._lock:
            code = self._codes.get(code_value)
            if code is None:
                raise OAuthProblem(
                    401,
                    "invalid_request",
                    "Unable to retrieve access token: authorization code not found",
                )
            now = self.clock()
            if code.used or now - code.issued_at > CODE_TTL or redirect_uri != code.redirect_uri:
                raise OAuthProblem(400, "invalid_redirect_uri", _CODE_MISMATCH)
            code.used = True
            for older in self._grants:
                if older.scopes != code.scopes:
                    older.revoked = True
            grant = Grant(code.scopes, now)
            self._grants.append(grant)
            if self.refresh_tokens:
                self._attach_refresh(grant, REFRESH_TTL)
            return self._token_response(grant, ACCESS_TTL)

    def _refresh_grant(self, form: dict[str, str]) -> dict[str, object]:
        token = _required(form, "refresh_token")
        with self._lock:
            grant = self._refresh.get(token)
            now = self.clock()
            if (
                grant is None
                or grant.revoked
                or grant.refresh_expires_at is None
                or now >= grant.refresh_expires_at
            ):
                raise OAuthProblem(
                    400,
                    "invalid_request",
                    "The provided refresh token is invalid, expired or revoked",
                )
            return self._token_response(grant, ACCESS_TTL)

    def _introspect(self, form: dict[str, str]) -> dict[str, object]:
        self._authenticate_client(form)
        token = _required(form, "token")
        now = self.clock()
        with self._lock:
            access = self._access.get(token)
            if access is not None:
                status = access.status(now)
                scopes, created, expires = access.scopes, access.created_at, access.expires_at
                authorized = access.grant.authorized_at if access.grant else access.created_at
                auth_type = "3L" if access.grant else "2L"
            elif token in self._refresh:
                grant = self._refresh[token]
                assert grant.refresh_expires_at is not None
                expired = now >= grant.refresh_expires_at
                status = "revoked" if grant.revoked else ("expired" if expired else "active")
                scopes, created, expires = (
                    grant.scopes,
                    grant.authorized_at,
                    grant.refresh_expires_at,
                )
                authorized, auth_type = grant.authorized_at, "3L"
            else:
                return {"active": False}
        return {
            "active": status == "active",
            "client_id": self.client_id,
            "authorized_at": int(authorized.timestamp()),
            "created_at": int(created.timestamp()),
            "status": status,
            "expires_at": int(expires.timestamp()),
            "scope": ",".join(scopes),
            "auth_type": auth_type,
        }


def _required(form: dict[str, str], name: str) -> str:
    value = form.get(name)
    if not value:
        raise OAuthProblem(400, "invalid_request", f'A required parameter "{name}" is missing')
    return value


def _without_query(uri: str) -> str:
    parts = urlsplit(uri)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _with_query(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = "&".join(filter(None, (parts.query, urlencode(params))))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
