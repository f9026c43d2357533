"""The checks every API call passes before any resource code runs (contract §12.2), in order.

1. ``Authorization: Bearer``: missing or unknown -> 401 (65600); revoked -> 401 (65601);
   expired -> 401 (65602).
2. ``LinkedIn-Version`` (``/rest`` only; ``/v2`` is unversioned): missing -> 400
   ``VERSION_MISSING``; not ``YYYYMM`` -> 400; not active -> 426 ``NONEXISTENT_VERSION`` with
   "Requested version YYYYMM01 is not active".

Scopes and account roles are checked afterwards by the resource, because the rule depends
on it (``/adAnalytics`` answers an account without a role with an empty 200, not a 403).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from linkedin.sandbox.http import Problem, Request, access_denied
from linkedin.sandbox.oauth import AccessToken, OAuthProvider

_VERSION = re.compile(r"^\d{6}$")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling, with what, under which API version."""

    token: AccessToken
    version: str | None  # YYYYMM on /rest; None on /v2

    @property
    def member_urn(self) -> str | None:
        return self.token.member_urn

    def require(self, any_of: Collection[str], resource: str, method: str) -> None:
        """403 unless the token is a member token holding one of `any_of` scopes."""
        if self.member_urn is None or not set(any_of) & set(self.token.scopes):
            raise access_denied(resource, method, self.version)


def _auth_error(service_error_code: int, code: str, message: str) -> Problem:
    return Problem(
        401,
        message,
        code=code,
        service_error_code=service_error_code,
        headers={"X-Restli-Gateway-Error": "true"},
    )


class Gate:
    def __init__(
        self, oauth: OAuthProvider, active_versions: Collection[str], clock: Callable[[], datetime]
    ) -> None:
        self._oauth = oauth
        self.active_versions = frozenset(active_versions)
        self._clock = clock

    def check(self, request: Request, *, versioned: bool) -> Principal:
        token = self.authenticate(request)
        if not versioned:
            return Principal(token, None)
        version = (request.header("linkedin-version") or "").strip()
        if not version:
            raise Problem(
                400,
                "A version must be present. Please specify a version by adding the "
                "LinkedIn-Version header.",
                code="VERSION_MISSING",
            )
        if not _VERSION.match(version):
            raise Problem(
                400,
                f"Invalid LinkedIn-Version {version!r}: expected YYYYMM",
                code="ILLEGAL_ARGUMENT",
            )
        if version not in self.active_versions:
            raise Problem(
                426, f"Requested version {version}01 is not active", code="NONEXISTENT_VERSION"
            )
        return Principal(token, version)

    def authenticate(self, request: Request) -> AccessToken:
        header = request.header("authorization") or ""
        scheme, _sep, value = header.strip().partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value:
            raise _auth_error(65600, "INVALID_ACCESS_TOKEN", "Empty oauth2_access_token")
        token = self._oauth.access_token(value)
        if token is None:
            raise _auth_error(65600, "INVALID_ACCESS_TOKEN", "Invalid access token")
        status = token.status(self._clock())
        if status == "revoked":
            raise _auth_error(
                65601,
                "REVOKED_ACCESS_TOKEN",
                "The token used in the request has been revoked by the user",
            )
        if status == "expired":
            raise _auth_error(
                65602, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired"
            )
        return token
