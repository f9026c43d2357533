"""Deterministic environments for TUI tests: the demo sandbox on a frozen clock.

Building the synced database takes a few seconds, so it is made once per session (a
real sync of the medium demo dataset through the real engine) and copied into each
test's own data dir. Every app under test gets a fixed clock, so "last 30 days",
"synced 2 h ago" and the charts are the same on every run.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable

from li_ads_tui.environment import DEMO_SEED, DEMO_SIZE, Environment
from li_ads_tui.settings import Settings
from linkedin.sandbox import FaultPlan, Sandbox
from sync.engine import run_sync
from tui.app import LiAdsApp

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


def report_app(environment: Environment) -> LiAdsApp:
    """The real app, started on the report screen instead of the status screen: the
    report tests need no other screen, and composing one costs each test time."""
    app = LiAdsApp(environment)
    app.initial_mode = lambda: "report"  # type: ignore[method-assign]
    return app


async def wait_for_report(pilot: Pilot[int]) -> None:
    """Let the report screen's loads finish and their results reach the widgets."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete([w for w in app.workers if w.group == "report"])
    await pilot.pause()


async def open_report(pilot: Pilot[int]) -> None:
    """From the start of a ``report_app``: the report screen with its data loaded."""
    await pilot.pause()
    await wait_for_report(pilot)


# --- the app shell: auth, sync, status, help and palette tests ----------------------


def app_on(environment: Environment, mode: str) -> LiAdsApp:
    """The real app, started on `mode`'s screen (as ``report_app`` does for the report)."""
    app = LiAdsApp(environment)
    app.initial_mode = lambda: mode  # type: ignore[method-assign]
    return app


async def settle(pilot: Pilot[int], *groups: str) -> None:
    """Let the workers of `groups` (all, if none given) finish, their messages land and
    the tables measure their new rows (DataTable does that when idle, and a snapshot
    taken before it would see a different scrollbar)."""
    app = pilot.app
    await pilot.pause()
    workers = [w for w in app.workers if not groups or w.group in groups]
    if workers:  # an empty list would make Textual wait for *every* worker
        await app.workers.wait_for_complete(workers)
    await pilot.pause()
    for _ in range(50):
        await pilot.pause()
        tables = app.screen.query(DataTable)
        if not any(table._require_update_dimensions for table in tables):
            break
    await pilot.pause()


async def wait_until(
    pilot: Pilot[int], condition: Callable[[], bool], *, within: float = 10.0
) -> None:
    """Let the app run until `condition()` holds; fail clearly if it never does (a fixed
    sleep is either too short on a loaded machine or wastes time on a fast one)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {within} s")
        await pilot.pause(0.02)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def login_sandbox(port: int) -> Sandbox:
    """A small sandbox whose registered redirect URIs use `port`: a login test never
    competes for the default callback port (8765) with a demo running on the machine."""
    return Sandbox(
        seed=DEMO_SEED,
        size="small",
        clock=frozen_clock,
        redirect_uris=(f"http://localhost:{port}/callback", f"http://127.0.0.1:{port}/callback"),
    ).start()


def login_environment(data_dir: Path, sandbox: Sandbox, port: int) -> Environment:
    """A demo environment, not connected, whose login listens on `port`."""
    settings = Settings(
        li_ads_data_dir=data_dir, linkedin_redirect_uri=f"http://localhost:{port}/callback"
    )
    return Environment.demo(settings, sandbox=sandbox, clock=frozen_clock)


def start_small_sandbox(*, faults: str | None = None) -> Sandbox:
    """The small dataset (a full sync in about 2 s): for tests about how a sync runs,
    not about what the demo data looks like. `faults` is a ``--faults`` spec."""
    return Sandbox(
        seed=DEMO_SEED,
        size="small",
        clock=frozen_clock,
        faults=FaultPlan.parse(faults) if faults else None,
    ).start()


#: Analytics answers take 20 s: a sync started against it is still running when the
#: test presses its next keys, whatever the machine's load (cancel it to end the test).
STALLED_ANALYTICS = "slow=20s:path=/rest/adAnalytics"


def sync_statuses(environment: Environment) -> list[str]:
    """``sync_log.status`` of every run so far, oldest first (read with a fresh connection)."""
    database = environment.open_database()
    try:
        with database.read() as conn:
            rows = conn.exec_driver_sql("SELECT status FROM sync_log ORDER BY id")
            return [str(row[0]) for row in rows]
    finally:
        database.close()
