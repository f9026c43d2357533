"""How the HTTP client gets an access token, without knowing where tokens live.

The client asks a provider for the current token before each request and, after a
401, asks it once to refresh. Auth (`linkedin.auth`) implements the stored-token
provider with file locking and refresh; `LINKEDIN_ACCESS_TOKEN` uses the static one.
"""

from __future__ import annotations

from typing import Protocol

from linkedin.redaction import register_secret


class TokenProvider(Protocol):
    async def access_token(self) -> str:
        """A token to send now (a provider may refresh one that is about to expire)."""
        ...

    async def refresh_after_unauthorized(self, rejected_token: str) -> str | None:
        """LinkedIn answered 401 to `rejected_token`: a new token, or None if none can be had."""
        ...


class StaticTokenProvider:
    """A fixed token (from the environment, for automation): it cannot be refreshed."""

    def __init__(self, token: str) -> None:
        register_secret(token)
        self._token = token

    async def access_token(self) -> str:
        return self._token

    async def refresh_after_unauthorized(self, rejected_token: str) -> str | None:
        return None
