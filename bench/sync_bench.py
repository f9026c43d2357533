"""Sync benchmark: requests, wall time, ingest speed and memory against the sandbox.

Run by hand (never by pytest)::

    .venv/bin/python bench/sync_bench.py                 # large dataset, 150 ms latency
    .venv/bin/python bench/sync_bench.py --size medium --latency-ms 50 --skip-sequential

The sandbox runs in its own process (``li-ads-sandbox``) so this process's peak RSS
is the sync's own. The emulator is one Python process computing synthetic data; on a
cold run its CPU, not the sync, sets the pace (the real LinkedIn answers requests on
many servers in parallel). So it runs on a frozen clock and keeps its analytics answers:
a first, cold sync fills them (its time is printed too), and the measured runs see an
emulator that answers at the injected latency. Printed, with the targets of the sync
issue:

* requests made vs the **minimal plan** for the same data: one request per account x
  stage x cap-sized window (windows packed on the *true* daily row counts) plus the
  entity pages at maximum page size, the eight demographic pivots and the name batches;
* wall time, and the speed-up over the same sync with one request in flight
  (``max_in_flight=1``, i.e. the same requests one after another);
* rows written per second while writing, next to raw ``sqlite3.executemany`` of the
  very same rows in the same run;
* peak RSS of the syncing process.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from li_ads_tui.settings import Settings
from linkedin import endpoints
from linkedin.client import LinkedInClient
from linkedin.sandbox import DatasetSpec, load_dataset
from linkedin.token_provider import StaticTokenProvider
from persistence import repository, upserts
from persistence.db import Database, open_database
from sync import store
from sync.engine import SyncOptions, run_sync
from sync.plan import pack_windows

SEED = 7
HISTORY_DAYS = 90
TARGET_REQUEST_RATIO = 1.2
TARGET_RSS_MB = 300
TARGET_INGEST_SHARE = 0.5
TARGET_SPEEDUP = 3.0


@contextmanager
def sandbox_process(size: str, latency_ms: int) -> Iterator[tuple[dict[str, str], int]]:
    """Start `li-ads-sandbox`; yields the KEY=value settings it prints and its pid.

    Its clock is frozen and it keeps analytics answers, so after the first (cold) sync
    the emulator answers like a fleet of servers would, at the injected latency, and the
    measured runs show the client's own cost (see the module docstring).
    """
    command = [
        sys.executable,
        "-m",
        "linkedin.sandbox.cli",
        "--size",
        size,
        "--seed",
        str(SEED),
        "--latency-ms",
        str(latency_ms),
        "--port",
        "0",
        "--freeze-clock",
        "--cache-responses",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    settings: dict[str, str] = {}
    while "LINKEDIN_ACCESS_TOKEN" not in settings:
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the sandbox exited before printing its settings")
        key, sep, value = line.strip().partition("=")
        if sep and not key.startswith("#"):
            settings[key] = value
    try:
        yield settings, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


class WriteTimer:
    """Seconds spent in the sync's write transactions (commit included) and rows upserted.

    Patches ``Database.write`` and ``upserts.upsert`` for the duration of the block.
    """

    def __init__(self) -> None:
        self.seconds = 0.0
        self.rows = 0

    def __enter__(self) -> WriteTimer:
        self._write, self._upsert = Database.write, upserts.upsert
        original_write, original_upsert = self._write, self._upsert
        timer = self

        @contextmanager
        def timed_write(db: Database) -> Iterator[Any]:
            started = time.perf_counter()
            try:
                with original_write(db) as conn:
                    yield conn
            finally:
                timer.seconds += time.perf_counter() - started

        def counted_upsert(conn: Any, table: Any, rows: Any, key_columns: Any = None) -> int:
            timer.rows += len(rows)
            return original_upsert(conn, table, rows, key_columns)

        Database.write = timed_write  # type: ignore[method-assign, assignment]
        upserts.upsert = counted_upsert
        repository.upsert = counted_upsert  # the repository re-exports it by reference
        return self

    def __exit__(self, *exc: object) -> None:
        Database.write = self._write  # type: ignore[method-assign]
        upserts.upsert = self._upsert
        repository.upsert = self._upsert


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_one_sync(settings: dict[str, str], db_path: Path, max_in_flight: int) -> tuple[Any, float]:
    db = open_database(f"sqlite:///{db_path}")
    client = LinkedInClient(
        base_url=settings["LINKEDIN_API_BASE_URL"],
        version="202607",
        token_provider=StaticTokenProvider(settings["LINKEDIN_ACCESS_TOKEN"]),
        max_in_flight=max_in_flight,
    )
    options = SyncOptions(trigger="bench", history_days=HISTORY_DAYS, force=True)

    async def go() -> Any:
        async with client:
            return await run_sync(db, client, options)

    started = time.perf_counter()
    outcome = asyncio.run(go())
    elapsed = time.perf_counter() - started
    db.close()
    if not outcome.ok:
        raise RuntimeError(f"the sync failed: {outcome.summary()}")
    return outcome, elapsed


UNIT_ROWS = 15_000
DAILY_TABLES = ("campaign_daily_metrics", "creative_daily_metrics")


def synced_units(db_path: Path) -> list[tuple[str, list[tuple[Any, ...]], list[str]]]:
    """The daily rows the sync stored, cut into unit-sized chunks (table, rows, columns)."""
    units = []
    with sqlite3.connect(db_path) as source:
        for table in DAILY_TABLES:
            cursor = source.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            units += [
                (table, rows[i : i + UNIT_ROWS], columns) for i in range(0, len(rows), UNIT_ROWS)
            ]
    return units


def replay_through_the_sync(units: list[tuple[str, list[tuple[Any, ...]], list[str]]]) -> float:
    """Write the units as the sync does: a fresh migrated database, one transaction per
    unit with its checkpoint (sync.store.save_unit). Returns the seconds spent."""
    today = datetime.now(UTC).date()
    with tempfile.TemporaryDirectory() as scratch:
        db = open_database(f"sqlite:///{Path(scratch) / 'replay.db'}")
        mappings = [
            (
                table_of_name(table),
                [_as_synced(dict(zip(columns, row, strict=True))) for row in rows],
            )
            for table, rows, columns in units
        ]
        started = time.perf_counter()
        for table, rows in mappings:
            with db.write() as conn:
                store.save_unit(
                    conn,
                    table,
                    rows,
                    account_id=rows[0]["account_id"],
                    stage="replay",
                    range_start=today,
                    complete_through=today,
                    run_id=1,
                    now=datetime.now(UTC),
                )
        elapsed = time.perf_counter() - started
        db.close()
    return elapsed


def _as_synced(row: dict[str, Any]) -> dict[str, Any]:
    """A row as the sync hands it to the store (dates as date objects, not text)."""
    row["date"] = date.fromisoformat(row["date"])
    return row


def table_of_name(name: str) -> Any:
    from persistence.tables import metadata

    return metadata.tables[name]


def replay_raw(db_path: Path, units: list[tuple[str, list[tuple[Any, ...]], list[str]]]) -> float:
    """The same units with plain sqlite3 executemany INSERTs into the same tables."""
    with tempfile.TemporaryDirectory() as scratch, sqlite3.connect(db_path) as source:
        target = sqlite3.connect(Path(scratch) / "raw.db", isolation_level=None)
        target.execute("PRAGMA journal_mode=WAL")
        target.execute("PRAGMA synchronous=FULL")
        for table in DAILY_TABLES:
            (ddl,) = source.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            target.execute(ddl)
        started = time.perf_counter()
        for table, rows, columns in units:
            placeholders = ", ".join("?" * len(columns))
            target.execute("BEGIN IMMEDIATE")
            target.executemany(f"INSERT INTO {table} VALUES ({placeholders})", rows)
            target.execute("COMMIT")
        elapsed = time.perf_counter() - started
        target.close()
    return elapsed


def minimal_plan(size: str, today: date) -> tuple[int, Counter[str]]:
    """Requests a perfect planner would make for the same data (see module docstring)."""
    spec = DatasetSpec.preset(size).anchored(today)  # type: ignore[arg-type]
    dataset = load_dataset(spec, SEED)
    as_of = datetime.now(UTC)
    start = today - timedelta(days=HISTORY_DAYS)
    window = endpoints.DateRange(start, today)
    parts: Counter[str] = Counter()
    visible = [a for a in dataset.accounts if dataset.role(a["id"]) is not None]
    parts["entity pages"] += max(1, math.ceil(len(visible) / endpoints.ENTITY_PAGE_SIZE))
    urns: set[str] = set()
    for account in visible:
        account_id = account["id"]
        parts["entity pages"] += max(
            1, math.ceil(len(dataset.campaign_groups_of(account_id)) / endpoints.ENTITY_PAGE_SIZE)
        )
        parts["entity pages"] += max(
            1, math.ceil(len(dataset.campaigns_of(account_id)) / endpoints.ENTITY_PAGE_SIZE)
        )
        parts["entity pages"] += max(
            1, math.ceil(len(dataset.creatives_of(account_id)) / endpoints.CREATIVE_PAGE_SIZE)
        )
        for pivot in ("CAMPAIGN", "CREATIVE"):
            per_day: Counter[date] = Counter(
                day for _id, day, _m in dataset.daily_rows(pivot, account_id, start, today, as_of)
            )
            parts[f"{pivot.lower()} windows"] += len(pack_windows(window, per_day.__getitem__))
        month_start = date(start.year, start.month, 1)
        for pivot in endpoints.DEMOGRAPHIC_PIVOTS:
            parts["demographic pivots"] += 1
            urns.update(
                segment
                for segment, _s, _e, _m in dataset.demographic_rows(
                    account_id,
                    pivot,
                    month_start,
                    today,
                    "MONTHLY",
                    as_of,
                    endpoints.DEMOGRAPHIC_METRICS,
                )
                if segment.startswith("urn:")
            )
    parts["name batches"] = math.ceil(len(urns) / endpoints.TARGETING_BATCH_SIZE)
    return sum(parts.values()), parts


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=("small", "medium", "large"), default="large")
    parser.add_argument("--latency-ms", type=int, default=150)
    parser.add_argument(
        "--concurrency", type=int, default=Settings.model_fields["sync_concurrency"].default
    )
    parser.add_argument(
        "--skip-sequential", action="store_true", help="skip the one-request-at-a-time run"
    )
    args = parser.parse_args(argv)

    print(
        f"sandbox: size {args.size}, seed {SEED}, latency {args.latency_ms} ms, own process, "
        "frozen clock, analytics answers kept after the first (cold) sync"
    )
    with (
        sandbox_process(args.size, args.latency_ms) as (settings, sandbox_pid),
        tempfile.TemporaryDirectory() as tmp,
    ):
        _cold, cold_wall = run_one_sync(settings, Path(tmp) / "cold.db", args.concurrency)
        cold_sandbox_cpu = cpu_seconds(sandbox_pid)
        db_path = Path(tmp) / "bench.db"
        cpu_before = resource.getrusage(resource.RUSAGE_SELF)
        sandbox_before = cpu_seconds(sandbox_pid)
        with WriteTimer() as timer:
            outcome, wall = run_one_sync(settings, db_path, args.concurrency)
        cpu_after = resource.getrusage(resource.RUSAGE_SELF)
        sync_cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (
            cpu_before.ru_utime + cpu_before.ru_stime
        )
        sandbox_cpu = cpu_seconds(sandbox_pid) - sandbox_before
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        units = synced_units(db_path)
        unit_rows = sum(len(rows) for _t, rows, _c in units)
        # Best of three each, interleaved: other load on the machine hits both alike.
        replay_seconds, raw_seconds = float("inf"), float("inf")
        for _ in range(3):
            replay_seconds = min(replay_seconds, replay_through_the_sync(units))
            raw_seconds = min(raw_seconds, replay_raw(db_path, units))
        sequential = None
        if not args.skip_sequential:
            _outcome, sequential = run_one_sync(settings, Path(tmp) / "seq.db", max_in_flight=1)
    minimal, parts = minimal_plan(args.size, datetime.now(UTC).date())

    ratio = outcome.requests / minimal
    during_sync = timer.rows / timer.seconds if timer.seconds else float("inf")
    ingest = unit_rows / replay_seconds
    raw = unit_rows / raw_seconds
    print(f"rows written         {outcome.rows_written:,} ({outcome.accounts} accounts)")
    print(f"requests             {outcome.requests:,} ({outcome.retries} retried)")
    print(
        f"minimal plan         {minimal:,}  "
        + ", ".join(f"{name} {count}" for name, count in sorted(parts.items()))
    )
    print(
        f"requests / minimal   {ratio:.2f}x   target <= {TARGET_REQUEST_RATIO}x  "
        f"{verdict(ratio <= TARGET_REQUEST_RATIO)}"
    )
    print(
        f"wall time            {wall:.1f} s (concurrency {args.concurrency}; CPU: sync "
        f"{sync_cpu:.1f} s, emulator {sandbox_cpu:.1f} s)"
    )
    print(
        f"cold first sync      {cold_wall:.1f} s (emulator computing every answer: "
        f"{cold_sandbox_cpu:.1f} s of its CPU)"
    )
    if sequential is not None:
        speedup = sequential / wall
        print(
            f"one at a time        {sequential:.1f} s -> {speedup:.1f}x faster   "
            f"target >= {TARGET_SPEEDUP}x  {verdict(speedup >= TARGET_SPEEDUP)}"
        )
    share = ingest / raw
    print(
        f"ingest, same rows    {ingest:,.0f} rows/s through the sync's writes (upsert + "
        f"checkpoint, one transaction per unit) vs raw executemany INSERT {raw:,.0f} rows/s "
        f"= {share:.0%}   "
        f"target >= {TARGET_INGEST_SHARE:.0%}  {verdict(share >= TARGET_INGEST_SHARE)}"
    )
    print(
        f"ingest during sync   {during_sync:,.0f} rows/s of wall time inside write transactions "
        "(shares the CPU with parsing)"
    )
    print(
        f"peak RSS             {peak_rss_mb:.0f} MB   target <= {TARGET_RSS_MB} MB  "
        f"{verdict(peak_rss_mb <= TARGET_RSS_MB)}"
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
