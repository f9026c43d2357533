"""Snapshots of the sync screen: ready, in progress, done, failed (80x24 and 120x40).

A real sync's log interleaves the accounts in whatever order their requests finish,
so the screen is driven by a scripted run instead: the same messages the worker
posts, with fixed numbers, at the frozen clock.
"""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType

import pytest
from textual.pilot import Pilot
from tui_support import FIXED_NOW, app_on, settle

from li_ads_tui.environment import Environment
from persistence.runs import RunStatus
from sync.events import Counters, Stage
from sync.outcome import FailureKind, SyncOutcome
from tui.messages import (
    StageState,
    SyncFinished,
    SyncLogged,
    SyncProgressed,
    SyncSnapshot,
    SyncStarted,
)

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

RUN_ID = 7
HALFWAY = {
    Stage.ACCOUNTS: (1, 1),
    Stage.CAMPAIGN_GROUPS: (3, 3),
    Stage.CAMPAIGNS: (3, 3),
    Stage.CREATIVES: (3, 3),
    Stage.CAMPAIGN_ANALYTICS: (2, 3),
    Stage.CREATIVE_ANALYTICS: (0, 3),
    Stage.DEMOGRAPHICS: (17, 24),
}
DONE = {
    stage: (total, total) for stage, total in zip(Stage, (1, 3, 3, 3, 3, 3, 24, 9, 1), strict=True)
}
LOG = (
    ("info", "Sync requested"),
    ("info", "3 ad account(s) to sync"),
    ("info", "account 502008300: 4 campaign groups, 45 campaigns, 230 creatives"),
    ("warning", "account 502017140: 429 Too Many Requests, retrying in 2 s"),
    ("info", "account 502008300: daily campaign analytics 2026-08-28 → 2026-11-26 in 1 window(s)"),
)


def snapshot(stages: dict[Stage, tuple[int, int]], rows: int, requests: int) -> SyncSnapshot:
    return SyncSnapshot(
        MappingProxyType({stage: StageState(*counts) for stage, counts in stages.items()}),
        Counters(accounts=3, rows=rows, requests=requests, retries=1, throttled=1),
    )


async def run_halfway(pilot: Pilot[int]) -> None:
    await settle(pilot)
    screen = pilot.app.screen
    screen.post_message(SyncStarted(RUN_ID, FIXED_NOW))
    for level, text in LOG:
        screen.post_message(SyncLogged(level, text, FIXED_NOW))
    screen.post_message(SyncProgressed(snapshot(HALFWAY, 7_412, 41)))
    await pilot.pause(0.3)


async def run_to_the_end(pilot: Pilot[int]) -> None:
    await run_halfway(pilot)
    screen = pilot.app.screen
    screen.post_message(SyncProgressed(snapshot(DONE, 19_136, 52)))
    await pilot.pause(0.3)
    screen.post_message(SyncFinished(SUCCESS))
    await pilot.pause(0.3)


async def run_into_a_revoked_token(pilot: Pilot[int]) -> None:
    """The first request fails: no progress beyond the run's start."""
    await settle(pilot)
    screen = pilot.app.screen
    screen.post_message(SyncStarted(RUN_ID, FIXED_NOW))
    screen.post_message(SyncLogged("info", "Sync requested", FIXED_NOW))
    screen.post_message(SyncProgressed(snapshot({Stage.ACCOUNTS: (0, 1)}, 0, 1)))
    await pilot.pause(0.3)
    screen.post_message(SyncFinished(REVOKED))
    await pilot.pause(0.3)


SUCCESS = SyncOutcome(
    status=RunStatus.SUCCESS,
    run_id=RUN_ID,
    started_at=FIXED_NOW,
    finished_at=FIXED_NOW + timedelta(seconds=11.2),
    accounts=3,
    rows_written=19_136,
    requests=52,
    retries=1,
    throttled=1,
)
REVOKED = SyncOutcome(
    status=RunStatus.FAILED,
    run_id=RUN_ID,
    started_at=FIXED_NOW,
    finished_at=FIXED_NOW + timedelta(seconds=3.4),
    requests=1,
    failure=FailureKind.AUTH,
    message="LinkedIn no longer accepts the refresh token (it expired or was revoked: The "
    "provided refresh token is invalid, expired or revoked). Connect the LinkedIn account "
    "again.",
)


@pytest.mark.parametrize("size", SIZES)
def test_sync_ready(snap_compare, connected_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    app = app_on(connected_environment, "sync")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_sync_in_progress(snap_compare, connected_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    app = app_on(connected_environment, "sync")
    assert snap_compare(app, terminal_size=size, run_before=run_halfway)


@pytest.mark.parametrize("size", SIZES)
def test_sync_done(snap_compare, connected_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    app = app_on(connected_environment, "sync")
    assert snap_compare(app, terminal_size=size, run_before=run_to_the_end)


@pytest.mark.parametrize("size", SIZES)
def test_sync_failed_with_a_revoked_token(
    snap_compare, connected_environment: Environment, size
) -> None:  # type: ignore[no-untyped-def]
    app = app_on(connected_environment, "sync")
    assert snap_compare(app, terminal_size=size, run_before=run_into_a_revoked_token)
