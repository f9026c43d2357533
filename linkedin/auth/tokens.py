"""The token as li-ads-tui keeps it: absolute expiries, scopes, and how to (de)serialise it.

LinkedIn answers with lifetimes in seconds (``expires_in``,
``refresh_token_expires_in``). They are turned into absolute times counted from the
moment the request was *sent*, not received: a slow answer then makes the stored
expiry a little early, never late, so the app refreshes or warns before LinkedIn
starts refusing the token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeGuard

from linkedin.redaction import register_secret

Clock = Callable[[], datetime]

FORMAT_VERSION = 1


def utc_now() -> datetime:
    """The default clock (timezone-aware UTC); tests pass their own."""
    return datetime.now(UTC)


def split_scopes(value: str) -> tuple[str, ...]:
    """LinkedIn documents space-delimited scopes but answers comma-separated: accept both."""
    return tuple(s for s in re.split(r"[\s,]+", value) if s)


@dataclass(frozen=True)
class StoredToken:
    """An access token with what is needed to judge and renew it (secrets kept out of repr)."""

    access_token: str = field(repr=False)
    expires_at: datetime
    scopes: tuple[str, ...]
    obtained_at: datetime
    refresh_token: str | None = field(default=None, repr=False)
    refresh_token_expires_at: datetime | None = None

    def __post_init__(self) -> None:
        register_secret(self.access_token)
        register_secret(self.refresh_token)

    def access_remaining(self, now: datetime) -> timedelta:
        return self.expires_at - now

    def can_refresh(self, now: datetime) -> bool:
        """A refresh token exists and has not run out (its TTL does not slide on use)."""
        if self.refresh_token is None:
            return False
        return self.refresh_token_expires_at is None or self.refresh_token_expires_at > now

    @classmethod
    def from_response(
        cls,
        body: Mapping[str, Any],
        *,
        sent_at: datetime,
        previous: StoredToken | None = None,
    ) -> StoredToken:
        """Build from a token-endpoint answer; `previous` fills what a refresh omits.

        Raises ``ValueError`` (with no token text in it) when the body lacks what every
        answer must have.
        """
        access = body.get("access_token")
        expires_in = body.get("expires_in")
        if not isinstance(access, str) or not access:
            raise ValueError("no access_token in the answer")
        register_secret(access)
        if not _is_seconds(expires_in):
            raise ValueError("no valid expires_in in the answer")
        refresh = body.get("refresh_token")
        if refresh is not None and not isinstance(refresh, str):
            raise ValueError("refresh_token is not a string")
        register_secret(refresh)
        refresh_in = body.get("refresh_token_expires_in")
        refresh_expires_at: datetime | None = None
        if _is_seconds(refresh_in):
            refresh_expires_at = sent_at + timedelta(seconds=refresh_in)
        elif previous is not None:
            refresh_expires_at = previous.refresh_token_expires_at
        if refresh is None and previous is not None:
            refresh = previous.refresh_token
        scope = body.get("scope")
        if isinstance(scope, str) and scope.strip():
            scopes = split_scopes(scope)
        else:
            scopes = previous.scopes if previous is not None else ()
        return cls(
            access_token=access,
            expires_at=sent_at + timedelta(seconds=expires_in),
            scopes=scopes,
            obtained_at=sent_at,
            refresh_token=refresh or None,
            refresh_token_expires_at=refresh_expires_at if refresh else None,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "access_token": self.access_token,
            "expires_at": self.expires_at.isoformat(),
            "scopes": list(self.scopes),
            "obtained_at": self.obtained_at.isoformat(),
            "refresh_token": self.refresh_token,
            "refresh_token_expires_at": (
                self.refresh_token_expires_at.isoformat() if self.refresh_token_expires_at else None
            ),
        }

    @classmethod
    def from_json(cls, data: Any) -> StoredToken:
        """Parse the file format; ``ValueError``/``TypeError``/``KeyError`` mean corrupt."""
        if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
            raise ValueError("not a li-ads-tui token file of a known format")
        access = data["access_token"]
        refresh = data.get("refresh_token")
        scopes = data.get("scopes", [])
        if not isinstance(access, str) or not access:
            raise ValueError("access_token missing")
        if refresh is not None and not isinstance(refresh, str):
            raise ValueError("refresh_token is not a string")
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise ValueError("scopes is not a list of strings")
        refresh_expiry = data.get("refresh_token_expires_at")
        return cls(
            access_token=access,
            expires_at=_parse_time(data["expires_at"]),
            scopes=tuple(scopes),
            obtained_at=_parse_time(data["obtained_at"]),
            refresh_token=refresh,
            refresh_token_expires_at=_parse_time(refresh_expiry) if refresh_expiry else None,
        )


def _is_seconds(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _parse_time(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("a timestamp is not a string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("a timestamp is not in ISO 8601 form") from None
    if parsed.tzinfo is None:
        raise ValueError("a timestamp has no timezone")
    return parsed
