"""A `kill -9` at random points of a sync, then a rerun, gives one clean run's database.

The sync runs as a real `li-ads-tui --sync` process against the sandbox (frozen on
today's date, so both runs see identical data); the test SIGKILLs it at seeded random
moments, reruns it, and compares every table, cell by cell, with a database made by one
uninterrupted run. It also checks the killed run is recorded as `interrupted` and that
SQLite reports no damage.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from linkedin.sandbox import Sandbox

SEEDS = (11, 23, 37, 41, 59)
DATA_TABLES = {
    "ad_accounts": "id",
    "campaign_groups": "id",
    "campaigns": "id",
    "creatives": "id",
    "campaign_daily_metrics": "campaign_id, date",
    "creative_daily_metrics": "creative_id, date",
    "audience_demographics": "account_id, pivot, segment_urn, date_start",
    "targeting_entities": "urn",
}
VOLATILE = {"synced_at", "resolved_at"}


def _frozen_today() -> datetime:
    now = datetime.now(UTC)
    if now + timedelta(minutes=10) > (now + timedelta(days=1)).replace(hour=0, minute=0):
        pytest.skip("too close to midnight UTC: the app's 'today' could change mid-test")
    return now


@pytest.fixture
def crash_sandbox(sandbox_factory: Callable[..., Sandbox]) -> Sandbox:
    frozen = _frozen_today()
    return sandbox_factory(size="small", latency_ms=15, clock=lambda: frozen)


def _sync_process(sandbox: Sandbox, db_path: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    env = {
        "PATH": os.environ["PATH"],
        "LINKEDIN_API_BASE_URL": sandbox.api_base_url,
        "LINKEDIN_ACCESS_TOKEN": sandbox.issue_token()["access_token"],
        "LINKEDIN_API_VERSION": "202607",
        "DATABASE_URL": f"sqlite:///{db_path}",
        "LI_ADS_DATA_DIR": str(data_dir),
        "SYNC_HISTORY_DAYS": "90",
        "XDG_CONFIG_HOME": str(data_dir / "config"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "li_ads_tui.cli", "--sync", "--force"],
        env=env,
        cwd=data_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _run_to_completion(sandbox: Sandbox, db_path: Path, data_dir: Path) -> int:
    """Run a sync to the end; return how many progress lines it printed."""
    process = _sync_process(sandbox, db_path, data_dir)
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err.decode()
    assert b"success" in out
    return len(err.splitlines())


def _kill_after(process: subprocess.Popen[bytes], lines: int, delay: float) -> None:
    """SIGKILL once `lines` progress lines were printed, plus `delay` seconds."""
    assert process.stderr is not None
    for _ in range(lines):
        if not process.stderr.readline():
            break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def _dump(db_path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        dump = {}
        for table, order in DATA_TABLES.items():
            columns = [
                row[1]
                for row in conn.execute(f"PRAGMA table_info({table})")
                if row[1] not in VOLATILE
            ]
            dump[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
            ).fetchall()
    return dump


def test_kill_9_at_random_points_then_rerun_equals_one_clean_run(
    crash_sandbox: Sandbox, tmp_path: Path
) -> None:
    clean_db = tmp_path / "clean" / "li_ads.db"
    clean_db.parent.mkdir()
    progress_lines = _run_to_completion(crash_sandbox, clean_db, clean_db.parent)
    expected = _dump(clean_db)
    assert expected["creative_daily_metrics"], "the clean run synced nothing"

    for seed in SEEDS:
        rng = random.Random(seed)
        work = tmp_path / f"seed{seed}"
        work.mkdir()
        db_path = work / "li_ads.db"
        victim = _sync_process(crash_sandbox, db_path, work)
        _kill_after(victim, rng.randint(1, progress_lines - 3), rng.uniform(0, 0.05))
        assert victim.returncode == -signal.SIGKILL, f"seed {seed}: the sync ended first"
        _run_to_completion(crash_sandbox, db_path, work)
        assert _dump(db_path) == expected, f"seed {seed}: the databases differ"
        with sqlite3.connect(db_path) as conn:
            statuses = [s for (s,) in conn.execute("SELECT status FROM sync_log ORDER BY id")]
        assert statuses == ["interrupted", "success"], f"seed {seed}: {statuses}"
