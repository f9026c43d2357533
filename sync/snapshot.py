"""The JSON snapshot written after a successful sync, for offline analysis.

One self-describing file per run, ``snapshot_<UTC time>_run<id>.json`` in the data
dir (schema in the README). It is *streamed* table by table, row by row, so a large
account never sits in memory, and written *atomically* (a temp file in the same
directory, fsync, rename, directory fsync): a reader sees the previous snapshot or
the new one, never half a file, even if the disk fills up or the process dies. The
newest few snapshots are kept; older ones are removed.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from persistence.tables import (
    AdAccount,
    AudienceDemographics,
    Campaign,
    CampaignDailyMetrics,
    CampaignGroup,
    Creative,
    CreativeDailyMetrics,
    table_of,
)

SCHEMA = "li-ads-tui/snapshot/1"
KEEP = 3
_PATTERN = "snapshot_*.json"
_TABLES: tuple[type[SQLModel], ...] = (
    AdAccount,
    CampaignGroup,
    Campaign,
    Creative,
    CampaignDailyMetrics,
    CreativeDailyMetrics,
    AudienceDemographics,
)


def write_snapshot(conn: Connection, *, directory: Path, run_id: int | None, now: datetime) -> Path:
    """Write the snapshot of everything in the database; returns its path."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"snapshot_{now:%Y%m%dT%H%M%SZ}_run{run_id or 0}.json"
    fd, temp_name = tempfile.mkstemp(dir=directory, prefix=".snapshot-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            _write(out, conn, run_id, now)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)
    _prune(directory)
    return target


def _write(out: IO[str], conn: Connection, run_id: int | None, now: datetime) -> None:
    header = {
        "schema": SCHEMA,
        "generated_at": now.isoformat(),
        "run_id": run_id,
        "money": "integer micro-units (amount x 1,000,000) of the account currency; "
        "spend_usd_micros is LinkedIn's USD conversion",
        "dates": "UTC calendar days",
    }
    out.write(json.dumps(header, ensure_ascii=False)[:-1])
    for model in _TABLES:
        table = table_of(model)
        out.write(f',\n"{table.name}": [')
        for index, row in enumerate(_rows(conn, table)):
            out.write(("\n" if index == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
        out.write("]")
    out.write("\n}\n")


def _rows(conn: Connection, table: sa.Table) -> Iterator[dict[str, Any]]:
    query = sa.select(table).order_by(*table.primary_key.columns)
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(query)
    for mapping in result.mappings():
        yield {key: _json_value(value) for key, value in mapping.items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(directory: Path) -> None:
    snapshots = sorted(directory.glob(_PATTERN), key=lambda p: p.name, reverse=True)
    for old in snapshots[KEEP:]:
        old.unlink(missing_ok=True)
