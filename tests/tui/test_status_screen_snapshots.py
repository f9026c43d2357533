"""Snapshots of the status screen: the demo data synced, and the empty state."""

from __future__ import annotations

import pytest
from tui_support import app_on, settle

from li_ads_tui.environment import Environment

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_status_synced(snap_compare, synced_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    app = app_on(synced_environment, "status")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_status_empty(snap_compare, connected_environment: Environment, size) -> None:  # type: ignore[no-untyped-def]
    """Connected, nothing synced yet: every section says what to do."""
    app = app_on(connected_environment, "status")
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_status_synced_wide(snap_compare, synced_environment: Environment) -> None:  # type: ignore[no-untyped-def]
    """A big terminal: two columns, more table columns."""
    app = app_on(synced_environment, "status")
    assert snap_compare(app, terminal_size=(160, 50), run_before=settle)
