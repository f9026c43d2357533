"""Typed failures of the LinkedIn API layer.

Callers decide what to do by the *type* (retry later, re-authenticate, change a
setting, skip one account), so each class carries the facts its message needs and
nothing secret: no token, no query string with a code in it, no request body.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class LinkedInError(Exception):
    """Base class of every API-layer failure."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        endpoint: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.endpoint = endpoint
        self.request_id = request_id

    def __str__(self) -> str:
        parts = [self.message]
        if self.endpoint:
            parts.append(f"(endpoint {self.endpoint}")
            if self.request_id:
                parts[-1] += f", LinkedIn request id {self.request_id}"
            parts[-1] += ")"
        return " ".join(parts)


class ApiError(LinkedInError):
    """LinkedIn refused the request (a 4xx other than 401/426/429); retrying will not help."""


class BadRequestError(ApiError):
    """400: the request is malformed or asks for something the API does not support."""


class PermissionDeniedError(ApiError):
    """403: a scope is missing or the member has no role on the account."""


class NotFoundError(ApiError):
    """404: unknown path or entity."""


class AuthError(LinkedInError):
    """401 that a token refresh did not cure: the user must connect again."""


class VersionRetiredError(LinkedInError):
    """426: the `LinkedIn-Version` asked for is sunset or unknown."""

    def __init__(self, version: str, *, endpoint: str | None = None) -> None:
        super().__init__(
            f"LinkedIn API version {version} is retired; set LINKEDIN_API_VERSION "
            "to a current version (YYYYMM)",
            status=426,
            code="NONEXISTENT_VERSION",
            endpoint=endpoint,
        )
        self.version = version


class TransientError(LinkedInError):
    """A failure that may pass (5xx, network, malformed body) and outlasted the retries."""


class MalformedResponseError(TransientError):
    """The body was not the JSON it should be: truncated, HTML error page, bad JSON."""


class RateLimitedError(TransientError):
    """429s kept coming after the retries: LinkedIn is throttling this app or member."""


class DailyQuotaExceededError(RateLimitedError):
    """Repeated 429s: the daily quota is used up; LinkedIn resets it at midnight UTC."""

    def __init__(self, *, endpoint: str | None = None, now: datetime | None = None) -> None:
        self.reset_at = next_utc_midnight(now or datetime.now(UTC))
        super().__init__(
            "LinkedIn's daily request quota for this app is used up; it resets at "
            f"{self.reset_at:%Y-%m-%d %H:%M} UTC",
            status=429,
            endpoint=endpoint,
        )


class PayloadError(LinkedInError):
    """A 200 response whose JSON does not have the shape the contract promises."""


def next_utc_midnight(now: datetime) -> datetime:
    """The next 00:00 UTC strictly after `now` (when LinkedIn's daily quotas reset)."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
