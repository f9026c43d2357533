"""Deterministic environments for TUI tests: the demo sandbox on a frozen clock.

Building the synced database takes a few seconds, so it is made once per session (a
real sync of the medium demo dataset through the real engine) and copied into each
test's own data dir. Every app under test gets a fixed clock, so "last 30 days",
"synced 2 h ago" and the charts are the same on every run.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

from li_ads_tui.environment import DEMO_SEED, DEMO_SIZE, Environment
from li_ads_tui.settings import Settings
from linkedin.sandbox import Sandbox
from sync.engine import run_sync

FIXED_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
DB_NAME = "li_ads.db"


def frozen_clock() -> datetime:
    return FIXED_NOW


def start_demo_sandbox() -> Sandbox:
    return Sandbox(seed=DEMO_SEED, size=DEMO_SIZE, clock=frozen_clock).start()


def demo_environment(data_dir: Path, sandbox: Sandbox, *, connected: bool) -> Environment:
    """A demo environment whose data dir is `data_dir` (its `demo/` subfolder)."""
    settings = Settings(li_ads_data_dir=data_dir)
    environment = Environment.demo(settings, sandbox=sandbox, clock=frozen_clock)
    if connected:
        environment.connect_demo()
    return environment


def build_synced_database(workdir: Path, sandbox: Sandbox) -> Path:
    """Sync the sandbox once into `workdir`; return the SQLite file to copy into tests."""
    environment = demo_environment(workdir, sandbox, connected=True)
    db = environment.open_database()

    async def sync() -> None:
        async with environment.make_client() as client:
            outcome = await run_sync(db, client, environment.sync_options(trigger="tui"))
        assert outcome.ok, outcome

    asyncio.run(sync())
    db.close()
    return environment.data_dir / DB_NAME


def install_database(template: Path, environment: Environment) -> None:
    environment.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, environment.data_dir / DB_NAME)
