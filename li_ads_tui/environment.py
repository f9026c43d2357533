"""Everything one run of li-ads-tui needs, built once from the settings.

The TUI and the headless commands both start here, so "which database, which token,
which LinkedIn" is decided in one place:

* **Real use**: LinkedIn's API, the data dir and database from the settings, the token
  from ``LINKEDIN_ACCESS_TOKEN`` or the stored one.
* **Demo** (``--demo``): an in-process sandbox LinkedIn on a free loopback port, with
  its own data dir (``<data dir>/demo``) and SQLite database, so a demo never touches
  real data; ``LINKEDIN_*`` and ``DATABASE_URL`` are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from li_ads_tui import auth_cli
from li_ads_tui.settings import Settings
from linkedin.auth import TokenHealth, TokenStore
from linkedin.auth.tokens import StoredToken
from linkedin.client import LinkedInClient
from linkedin.sandbox import Sandbox
from linkedin.token_provider import TokenProvider
from persistence.db import Database, open_database
from sync.engine import SyncOptions

DEMO_SEED = 2026
DEMO_SIZE: Literal["medium"] = "medium"
DEMO_LATENCY_MS = 40
"""A little latency so the demo's progress bars are visible, as against LinkedIn."""


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Environment:
    settings: Settings
    sandbox: Sandbox | None = None
    clock: Callable[[], datetime] = field(default=utc_now)

    @classmethod
    def demo(
        cls,
        settings: Settings,
        *,
        sandbox: Sandbox | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> Environment:
        """Start the demo sandbox (unless given one) and point a copy of the settings at it."""
        if sandbox is None:
            sandbox = Sandbox(
                seed=DEMO_SEED, size=DEMO_SIZE, latency_ms=DEMO_LATENCY_MS, clock=clock
            ).start()
        demo_settings = settings.model_copy(
            update={
                "li_ads_data_dir": settings.data_dir / "demo",
                "database_url": None,
                "linkedin_access_token": None,
                "linkedin_api_base_url": sandbox.api_base_url,
                "linkedin_oauth_base_url": sandbox.oauth_base_url,
                "linkedin_client_id": sandbox.client_id,
            }
        )
        environment = cls(demo_settings, sandbox, clock)
        environment._reconnect_demo()
        return environment

    @property
    def is_demo(self) -> bool:
        return self.sandbox is not None

    @property
    def data_dir(self) -> Path:
        return self.settings.data_dir

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()

    # -- database --------------------------------------------------------------------

    def open_database(self) -> Database:
        """Open (and migrate, after a backup) the database; raises persistence errors."""
        return open_database(
            self.settings.resolved_database_url, backup_dir=self.data_dir / "backups"
        )

    # -- tokens ----------------------------------------------------------------------

    def token_provider(self) -> TokenProvider:
        return auth_cli.token_provider(self.settings, self.sandbox)

    def token_health(self) -> TokenHealth:
        return auth_cli.auth_health(self.settings, self.sandbox, now=self.clock())

    def has_usable_token(self) -> bool:
        return self.token_health().connected

    def connect_demo(self) -> None:
        """Headless demo only: connect to the sandbox without a login (nothing to prompt)."""
        assert self.sandbox is not None
        self._store_demo_token()

    def _reconnect_demo(self) -> None:
        """Keep a demo that was connected before connected: the new sandbox process does
        not know the old token, so it gets a fresh one from this sandbox."""
        store = TokenStore(self.data_dir)
        if store.path.exists():
            self._store_demo_token()

    def _store_demo_token(self) -> None:
        assert self.sandbox is not None
        sent_at = self.clock()
        response = self.sandbox.issue_token()
        TokenStore(self.data_dir).save(StoredToken.from_response(response, sent_at=sent_at))

    # -- LinkedIn ----------------------------------------------------------------------

    def make_client(self) -> LinkedInClient:
        settings = self.settings
        return LinkedInClient(
            base_url=settings.linkedin_api_base_url,
            version=settings.linkedin_api_version,
            token_provider=self.token_provider(),
            timeout=settings.http_timeout_seconds,
            max_in_flight=settings.sync_concurrency,
        )

    def sync_options(
        self,
        *,
        trigger: str,
        force: bool = False,
        account_ids: Iterable[int] | None = None,
    ) -> SyncOptions:
        settings = self.settings
        return SyncOptions(
            trigger="demo" if self.is_demo else trigger,
            force=force,
            account_ids=frozenset(account_ids) if account_ids else None,
            history_days=settings.sync_history_days,
            lookback_days=settings.sync_lookback_days,
            freshness_ttl=timedelta(minutes=settings.freshness_ttl_minutes),
            snapshot_dir=self.data_dir,
            now=self.clock,
        )
