"""Snapshots of the help screen over the status and the sync screens."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from tui_support import app_on, settle

from li_ads_tui.environment import Environment

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def open_help(pilot: Pilot[int]) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_help_on_status(snap_compare, synced_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    app = app_on(synced_environment, "status")
    assert snap_compare(app, terminal_size=size, run_before=open_help)


def test_help_on_sync(snap_compare, connected_environment: Environment) -> None:  # type: ignore[no-untyped-def]
    """The sync screen's own keys come first."""
    app = app_on(connected_environment, "sync")
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_help)
