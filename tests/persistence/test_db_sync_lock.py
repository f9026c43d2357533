"""One sync per database: the lock is refused to a second holder, with its pid."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from typing import Any

import pytest

from persistence.db import Database
from persistence.errors import SyncAlreadyRunningError
from persistence.sync_lock import SyncLock, acquire_sync_lock, lock_path

ChildHoldingLock = Callable[[str], Any]


def _acquire_eventually(database: Database, seconds: float = 10) -> SyncLock:
    """The server or kernel frees a dead holder's lock promptly, but not instantly."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return acquire_sync_lock(database)
        except SyncAlreadyRunningError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_second_acquisition_in_this_process_is_refused_with_our_pid(database: Database) -> None:
    with acquire_sync_lock(database) as lock:
        assert lock.held
        with pytest.raises(SyncAlreadyRunningError) as caught:
            acquire_sync_lock(database)
    assert caught.value.pid == os.getpid()
    assert caught.value.hostname == socket.gethostname()
    assert f"another sync is running (pid {os.getpid()} on " in str(caught.value)


def test_released_lock_can_be_taken_again(database: Database) -> None:
    lock = acquire_sync_lock(database)
    lock.release()
    lock.release()  # idempotent
    assert not lock.held
    with acquire_sync_lock(database):
        pass


def test_lock_held_by_another_process_is_refused_with_its_pid(
    db_url: str, database: Database, child_holding_lock: ChildHoldingLock
) -> None:
    with child_holding_lock(db_url) as child:
        with pytest.raises(SyncAlreadyRunningError, match=f"pid {child.pid}") as caught:
            acquire_sync_lock(database)
        assert caught.value.pid == child.pid
    with acquire_sync_lock(database):  # the child released it on exit
        pass


def test_lock_of_a_killed_holder_is_freed(
    db_url: str, database: Database, child_holding_lock: ChildHoldingLock
) -> None:
    with child_holding_lock(db_url) as child:
        child.kill()
        child.wait()
        with _acquire_eventually(database) as lock:
            assert lock.held


def test_sqlite_lock_file_sits_next_to_the_database_and_is_emptied_on_release(
    sqlite_database: Database,
) -> None:
    assert sqlite_database.path is not None
    path = lock_path(sqlite_database.path)
    assert path.parent == sqlite_database.path.parent
    with acquire_sync_lock(sqlite_database):
        assert f"pid={os.getpid()} " in path.read_text()
    assert path.read_text() == ""
