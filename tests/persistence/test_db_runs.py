"""sync_log lifecycle, interrupted runs, and sync_state."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from persistence.db import Database
from persistence.runs import (
    RunStatus,
    finish_run,
    last_run,
    last_success,
    mark_interrupted,
    recent_runs,
    start_run,
)
from persistence.state import get_sync_state, set_sync_state, sync_states
from persistence.sync_lock import acquire_sync_lock

HOST = socket.gethostname()


def _dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_run_lifecycle(database: Database, now: datetime) -> None:
    with database.write() as conn:
        run_id = start_run(conn, "headless", 4242, "box", now)
    with database.read() as conn:
        run = last_run(conn)
        assert last_success(conn) is None
    assert run is not None
    assert (run.id, run.status, run.trigger, run.pid, run.hostname) == (
        run_id,
        "running",
        "headless",
        4242,
        "box",
    )
    assert run.started_at == now
    assert run.finished_at is None

    finished = now + timedelta(minutes=3)
    with database.write() as conn:
        finish_run(
            conn,
            run_id,
            RunStatus.SUCCESS,
            now=finished,
            accounts=3,
            api_calls=62,
            rows_written=150_000,
        )
    with database.read() as conn:
        run = last_run(conn)
        assert last_success(conn) == finished
    assert run is not None
    assert (run.status, run.accounts, run.api_calls, run.rows_written, run.error) == (
        "success",
        3,
        62,
        150_000,
        None,
    )
    assert run.finished_at == finished


def test_last_success_ignores_other_outcomes(database: Database, now: datetime) -> None:
    with database.write() as conn:
        good = start_run(conn, "tui", 1, "box", now)
        finish_run(conn, good, RunStatus.SUCCESS, now=now + timedelta(minutes=1))
        for minutes, status in enumerate(
            (RunStatus.FAILED, RunStatus.PARTIAL, RunStatus.SKIPPED, RunStatus.CANCELLED), 2
        ):
            run_id = start_run(conn, "tui", 1, "box", now + timedelta(minutes=minutes))
            finish_run(conn, run_id, status, now=now + timedelta(minutes=minutes), error="it broke")
    with database.read() as conn:
        assert last_success(conn) == now + timedelta(minutes=1)
        runs = recent_runs(conn, 3)
    assert [r.status for r in runs] == ["cancelled", "skipped", "partial"]


def test_run_arguments_are_checked(sqlite_database: Database, now: datetime) -> None:
    with sqlite_database.write() as conn:
        with pytest.raises(ValueError, match="trigger"):
            start_run(conn, "x" * 17, 1, "box", now)
        with pytest.raises(ValueError, match="running"):
            finish_run(conn, 1, RunStatus.RUNNING, now=now)
        with pytest.raises(LookupError, match="no sync_log row with id 99"):
            finish_run(conn, 99, RunStatus.FAILED, now=now)


def test_mark_interrupted_without_the_lock_settles_only_dead_local_runs(
    database: Database, now: datetime
) -> None:
    with database.write() as conn:
        dead_here = start_run(conn, "headless", _dead_pid(), HOST, now)
        alive_here = start_run(conn, "tui", os.getppid(), HOST, now)
        mine = start_run(conn, "tui", os.getpid(), HOST, now)
        elsewhere = start_run(conn, "headless", 12345, "another-host", now)
        done = start_run(conn, "tui", _dead_pid(), HOST, now)
        finish_run(conn, done, RunStatus.SUCCESS, now=now)
    later = now + timedelta(hours=1)
    with database.write() as conn:
        assert mark_interrupted(conn, later) == [dead_here]
    with database.read() as conn:
        runs = {r.id: r for r in recent_runs(conn, 10)}
    assert runs[dead_here].status == "interrupted"
    assert runs[dead_here].finished_at == later
    assert "ended without finishing" in (runs[dead_here].error or "")
    assert {runs[i].status for i in (alive_here, mine, elsewhere)} == {"running"}
    assert runs[done].status == "success"


def test_mark_interrupted_with_the_lock_settles_every_other_run(
    database: Database, now: datetime
) -> None:
    with database.write() as conn:
        elsewhere = start_run(conn, "headless", 12345, "another-host", now)
        alive_here = start_run(conn, "tui", os.getppid(), HOST, now)
        mine = start_run(conn, "tui", os.getpid(), HOST, now)
    with acquire_sync_lock(database) as lock, database.write() as conn:
        assert sorted(mark_interrupted(conn, now, lock=lock)) == sorted([elsewhere, alive_here])
    with database.read() as conn:
        runs = {r.id: r.status for r in recent_runs(conn, 10)}
    assert runs == {elsewhere: "interrupted", alive_here: "interrupted", mine: "running"}


def test_sync_state_is_created_replaced_and_listed(database: Database, now: datetime) -> None:
    with database.read() as conn:
        assert get_sync_state(conn, 1, "campaign_daily") is None
    with database.write() as conn:
        set_sync_state(
            conn,
            1,
            "campaign_daily",
            range_start=date(2026, 8, 1),
            complete_through=date(2026, 10, 31),
            last_run_id=7,
            now=now,
        )
        set_sync_state(
            conn,
            2,
            "creative_daily",
            range_start=None,
            complete_through=None,
            last_run_id=None,
            now=now,
        )
        set_sync_state(
            conn,
            1,
            "campaign_daily",
            range_start=date(2026, 8, 1),
            complete_through=date(2026, 11, 25),
            last_run_id=8,
            now=now + timedelta(days=1),
        )
    with database.read() as conn:
        state = get_sync_state(conn, 1, "campaign_daily")
        everything = sync_states(conn)
        second = sync_states(conn, account_id=2)
    assert state is not None
    assert (state.range_start, state.complete_through, state.last_run_id) == (
        date(2026, 8, 1),
        date(2026, 11, 25),
        8,
    )
    assert state.updated_at == now + timedelta(days=1)
    assert [(s.account_id, s.stage) for s in everything] == [
        (1, "campaign_daily"),
        (2, "creative_daily"),
    ]
    assert [s.stage for s in second] == ["creative_daily"]


def test_sync_state_stage_length_is_checked(sqlite_database: Database, now: datetime) -> None:
    with pytest.raises(ValueError, match="stage"), sqlite_database.write() as conn:
        set_sync_state(
            conn, 1, "s" * 41, range_start=None, complete_through=None, last_run_id=None, now=now
        )
