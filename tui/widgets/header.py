"""The line on top of every screen: where you are, where you can go, and what runs.

It replaces Textual's ``Header`` (whose clock would make snapshots time-dependent)
with what this app needs: the four screens as tabs (the current one highlighted,
each clickable), a sync indicator visible from every screen while a sync runs, and
the "DEMO — sandbox data" badge so nobody mistakes the sandbox for real accounts.
Every screen composes one, naming itself: ``AppHeader(current="status")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from tui.messages import ShowScreen

if TYPE_CHECKING:
    from tui.app import LiAdsApp

#: The app's screens (mode names) and their tab labels, in tab order.
SCREEN_TABS: tuple[tuple[str, str], ...] = (
    ("status", "Status"),
    ("report", "Report"),
    ("sync", "Sync"),
    ("auth", "Auth"),
)
DEMO_BADGE = "DEMO — sandbox data"


class NavTab(Label):
    """One screen's tab; a click asks the app to show that screen."""

    def __init__(self, mode: str, label: str, *, active: bool) -> None:
        super().__init__(label, id=f"tab-{mode}", classes="nav-tab")
        self.mode = mode
        self.set_class(active, "-active")
        self.tooltip = None if active else f"Show the {label.lower()} screen"

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(ShowScreen(self.mode))


class AppHeader(Horizontal):
    """App name, screen tabs, sync indicator and demo badge, on one line."""

    def __init__(self, current: str) -> None:
        super().__init__(id="app-header")
        self.current = current
        self._indicator_text = ""

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    def compose(self) -> ComposeResult:
        yield Label("li-ads-tui", id="app-name")
        for mode, label in SCREEN_TABS:
            yield NavTab(mode, label, active=mode == self.current)
        yield Label("", id="header-spacer")
        yield Label("", id="sync-indicator")
        if self._app.environment.is_demo:
            yield Label(DEMO_BADGE, id="demo-badge")

    def on_mount(self) -> None:
        self.watch(self._app, "sync_progress", self._show_sync_progress)

    def _show_sync_progress(self, progress: float | None) -> None:
        text = "" if progress is None else f"syncing {round(progress * 100)}%"
        if text == self._indicator_text:
            return  # most progress events do not change the whole percent
        self._indicator_text = text
        indicator = self.query_one("#sync-indicator", Label)
        indicator.update(text, layout=False)
        indicator.display = progress is not None
