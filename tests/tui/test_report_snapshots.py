"""Snapshots of the report screen: every tab, the audience sub-tabs that differ most,
and the empty state, at 80x24 and 120x40, on the synced demo data with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Select
from tui_support import open_report, report_app

from li_ads_tui.environment import Environment
from tui.screens.report import TABS

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
SnapCompare = Callable[..., bool]


def keys_then_settle(*keys: str) -> Callable[[Pilot[int]], object]:
    async def run_before(pilot: Pilot[int]) -> None:
        await open_report(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("tab", [tab_id for tab_id, _, _ in TABS])
def test_report_tab(
    snap_compare: SnapCompare, synced_environment: Environment, tab: str, size: str
) -> None:
    key = next(key for tab_id, _, key in TABS if tab_id == tab)
    app = report_app(synced_environment)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle(key))


@pytest.mark.parametrize(
    ("pivot", "presses"),
    [("size", 4), ("country", 5)],
)
def test_report_audience_pivot(
    snap_compare: SnapCompare, synced_environment: Environment, pivot: str, presses: int
) -> None:
    keys = ("9", *(["right_square_bracket"] * presses))
    app = report_app(synced_environment)
    assert snap_compare(app, terminal_size=SIZES["80x24"], run_before=keys_then_settle(*keys))


def test_report_single_account_last_7_days(
    snap_compare: SnapCompare, synced_environment: Environment
) -> None:
    """One account: money in its own currency, no account or currency column."""

    async def run_before(pilot: Pilot[int]) -> None:
        await open_report(pilot)
        app = pilot.app
        app.screen.query_one("#account", Select).value = "502017140"
        app.screen.query_one("#range", Select).value = "last_7_days"
        await open_report(pilot)
        await pilot.press("0")
        await pilot.pause()

    app = report_app(synced_environment)
    assert snap_compare(app, terminal_size=SIZES["120x40"], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_report_empty_database(
    snap_compare: SnapCompare, connected_environment: Environment, size: str
) -> None:
    app = report_app(connected_environment)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys_then_settle())
