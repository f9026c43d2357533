"""The stored-token :class:`~linkedin.token_provider.TokenProvider` used by the HTTP client.

- Refreshes *before* LinkedIn refuses: when a refresh token exists and the access
  token is within :data:`REFRESH_MARGIN` of expiry; and after a 401, once.
- Refreshes under a file lock shared by every process on the data dir, and re-reads
  the stored token after taking it: if another process (a cron ``--sync`` while the TUI
  is open) refreshed meanwhile, its token is used and no second refresh is sent. A
  refresh spends LinkedIn's single refresh-token lineage, so doubling it is not free.
- Apps without refresh tokens (most: LinkedIn grants them only to approved partners)
  use the access token to its end and then get a clear "connect again"
  (:class:`~linkedin.auth.errors.ReconnectRequiredError`); the status screen shows how
  many days are left well before (:mod:`linkedin.auth.health`).

The blocking part (lock, file, HTTP) runs in a worker thread, so the event loop of the
TUI never stalls; an asyncio lock keeps coroutines of one process from queueing
several threads on the file lock.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from filelock import Timeout

from linkedin.auth.endpoint import OAuthApp, refresh_access_token
from linkedin.auth.errors import ReconnectRequiredError
from linkedin.auth.store import TokenStore
from linkedin.auth.tokens import Clock, StoredToken, utc_now
from linkedin.errors import TransientError

log = logging.getLogger(__name__)

REFRESH_MARGIN = timedelta(minutes=5)
LOCK_TIMEOUT = 60.0


class StoredTokenProvider:
    """Hands out the stored access token, refreshing it when it must (see module doc)."""

    def __init__(
        self,
        store: TokenStore,
        app: OAuthApp | None,
        *,
        clock: Clock = utc_now,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        """`app` is None when no client secret is configured: nothing can be refreshed."""
        self._store = store
        self._app = app
        self._clock = clock
        self._lock_timeout = lock_timeout
        self._token: StoredToken | None = None
        self._refreshing = asyncio.Lock()

    async def access_token(self) -> str:
        token = self._token or self._load()
        if token.access_remaining(self._clock()) <= REFRESH_MARGIN and self._refreshable(token):
            token = await self._refresh(stale=token.access_token)
        if token.access_remaining(self._clock()) <= timedelta(0):
            raise ReconnectRequiredError(
                f"The LinkedIn access token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC"
                f"{self._why_not_refreshed(token)}. Connect the LinkedIn account again."
            )
        return token.access_token

    async def refresh_after_unauthorized(self, rejected_token: str) -> str | None:
        """A token other than `rejected_token`, refreshed if need be; None if impossible."""
        token = self._token or self._load()
        if token.access_token != rejected_token:
            return token.access_token
        if not self._refreshable(token):
            return None
        fresh = await self._refresh(stale=rejected_token)
        return fresh.access_token if fresh.access_token != rejected_token else None

    def _refreshable(self, token: StoredToken) -> bool:
        return self._app is not None and token.can_refresh(self._clock())

    def _why_not_refreshed(self, token: StoredToken) -> str:
        if token.refresh_token is None:
            return " (this LinkedIn app gets no refresh tokens)"
        if self._app is None:
            return " (LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are needed to refresh it)"
        return " and so has the refresh token"

    def _load(self) -> StoredToken:
        token = self._store.load()
        if token is None:
            raise ReconnectRequiredError(
                "No LinkedIn account is connected yet (no token in "
                f"{self._store.path} and LINKEDIN_ACCESS_TOKEN is not set)."
            )
        self._token = token
        return token

    async def _refresh(self, *, stale: str) -> StoredToken:
        async with self._refreshing:
            token = await asyncio.to_thread(self._refresh_locked, stale)
        self._token = token
        return token

    def _refresh_locked(self, stale: str) -> StoredToken:
        """Under the file lock: re-read, and refresh only if nobody else just did."""
        try:
            with self._store.lock(self._lock_timeout):
                current = self._store.load()
                if current is None:
                    raise ReconnectRequiredError(
                        f"The LinkedIn token file {self._store.path} was removed. "
                        "Connect the LinkedIn account again."
                    )
                now = self._clock()
                if current.access_token != stale and current.access_remaining(now) > REFRESH_MARGIN:
                    log.info("token already refreshed by another process")
                    return current
                if self._app is None or not current.can_refresh(now):
                    return current  # replaced by a login without a refresh token
                fresh = refresh_access_token(self._app, current, clock=self._clock)
                self._store.save(fresh)
        except Timeout:
            raise TransientError(
                f"Another li-ads-tui process has held {self._store.lock_path} for over "
                f"{self._lock_timeout:.0f} s while refreshing the token; try again later."
            ) from None
        log.info("access token refreshed; valid until %s", fresh.expires_at.isoformat())
        return fresh
