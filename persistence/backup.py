"""Copies of an SQLite database taken before its schema is upgraded.

Copying the file with ``cp`` while another process writes can produce a corrupt copy
(https://www.sqlite.org/howtocorrupt.html) and misses what still sits in the ``-wal``
file, so the copy is made with SQLite's online backup API, which reads a consistent
snapshot through SQLite itself. It is written under a temporary name, flushed to disk
and only then renamed, so a backup file that exists is always complete.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from persistence.errors import MigrationError


def backup_name(source: Path, revision: str, when: datetime) -> str:
    """``<file name>.<revision>.<UTC timestamp>.bak``: sorts by time, says what it holds."""
    return f"{source.name}.{revision}.{when.astimezone(UTC):%Y%m%dT%H%M%SZ}.bak"


def backup_sqlite(source: Path, backup_dir: Path, revision: str) -> Path:
    """Copy ``source`` (at schema ``revision``) into ``backup_dir``; return the copy's path.

    Raises ``MigrationError`` when the copy cannot be made: an upgrade must not start
    without its backup.
    """
    partial: Path | None = None
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
        target = _unused(backup_dir / backup_name(source, revision, datetime.now(UTC)))
        partial = target.with_name(target.name + ".partial")
        _copy(source, partial)
        os.replace(partial, target)
        _fsync_directory(backup_dir)
    except (OSError, sqlite3.Error) as exc:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        raise MigrationError(
            f"could not back up {source} to {backup_dir} before upgrading it ({exc}); the "
            "database was not changed; free space or set another backup directory"
        ) from exc
    return target


def _copy(source: Path, destination: Path) -> None:
    # Read-only URI: whatever happens, the backup never writes to the live database.
    src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    with open(destination, "rb+") as copied:
        os.fsync(copied.fileno())


def _unused(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name[: -len('.bak')]}-{n}.bak")
        n += 1
    return candidate


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open directories)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
