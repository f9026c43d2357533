"""The li-ads-tui application: screens as modes, global keys, shared state, errors.

Each of the four screens (status, report, sync, auth) is a Textual *mode*, so
switching keeps every screen's state: a sync keeps running (and its log stays) while
the user reads the report. The app owns what the screens share:

* :attr:`LiAdsApp.environment` (settings, sandbox, clock) and the database, opened
  once on first use (:attr:`LiAdsApp.database`);
* :attr:`LiAdsApp.data_version`, bumped after every sync that wrote data and after a
  login, which screens watch to reload;
* :attr:`LiAdsApp.sync_progress`, which the header of every screen shows;
* the global keys, a back history across screens, and the last-resort error dialog
  for a worker that failed unexpectedly (a sentence and the log file, no traceback).

Screens talk to the app with messages (:mod:`tui.messages`); the app calls methods on
screens (``SyncScreen.start_sync``, ``ReportScreen.focus_campaign``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerCancelled, WorkerState

from li_ads_tui.environment import Environment
from li_ads_tui.logs import LOG_FILE_NAME
from linkedin.redaction import redact
from persistence.db import Database
from persistence.errors import DatabaseError
from tui.commands import LiAdsCommands
from tui.messages import (
    LoginSucceeded,
    ShowScreen,
    SyncCancelled,
    SyncFinished,
    SyncProgressed,
    SyncRefused,
    SyncStarted,
    WorkerFailed,
)
from tui.screens.auth import AuthScreen
from tui.screens.help import HelpScreen
from tui.screens.report import ReportScreen
from tui.screens.status import StatusScreen
from tui.screens.sync import SyncScreen
from tui.widgets.dialogs import ConfirmDialog, ErrorDialog
from tui.widgets.header import DEMO_BADGE
from tui.widgets.outcome import describe_outcome, describe_refused

log = logging.getLogger(__name__)

SCREENS_IN_ORDER = ("status", "report", "sync", "auth")
_HIDDEN_SYSTEM_COMMANDS = {"Quit", "Keys"}
"""Textual's palette commands that ours replace ("app: quit", "help: keys")."""


class LiAdsApp(App[int]):
    """LinkedIn Ads in the terminal. Construct with an :class:`Environment`."""

    CSS_PATH = "app.tcss"
    TITLE = "li-ads-tui"
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {  # type: ignore[assignment]
        "status": StatusScreen,
        "report": ReportScreen,
        "sync": SyncScreen,
        "auth": AuthScreen,
    }
    COMMANDS = App.COMMANDS | {LiAdsCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDING_GROUP_TITLE = "Everywhere"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "show('status')",
            "Status",
            tooltip="Token health, last syncs, row counts and the settings audit",
            id="show-status",
        ),
        Binding(
            "r",
            "show('report')",
            "Report",
            tooltip="The nine charts and the campaign table",
            id="show-report",
        ),
        Binding(
            "s",
            "sync",
            "Sync",
            tooltip="Open the sync screen and start a sync if none is running",
            id="sync",
        ),
        Binding(
            "a",
            "show('auth')",
            "Auth",
            tooltip="Connect (or reconnect) a LinkedIn account",
            id="show-auth",
        ),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip="Every key, for this screen and everywhere",
            id="help",
        ),
        Binding(
            "escape",
            "go_back",
            "Back",
            tooltip="Close a dialog, or go back to the previous screen",
            show=False,
            id="back",
        ),
        Binding("q", "quit_app", "Quit", tooltip="Quit li-ads-tui", id="quit"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit now",
            show=False,
            priority=True,
            tooltip="Quit at once (a running sync is stopped cleanly first)",
            id="quit-now",
        ),
    ]

    data_version: reactive[int] = reactive(0, init=False)
    """Bumped after every sync that wrote data and after a login: screens that show
    data watch it and reload."""

    sync_progress: reactive[float | None] = reactive[float | None](None, init=False)
    """The running sync's overall progress (0..1), or None when no sync runs."""

    def __init__(self, environment: Environment) -> None:
        super().__init__()
        self.environment = environment
        self._database: Database | None = None
        self._database_lock = threading.Lock()
        self._history: list[str] = []
        if environment.is_demo:
            self.sub_title = DEMO_BADGE

    # --- what screens use ---------------------------------------------------------------

    def clock(self) -> datetime:
        """Now, as aware UTC (the environment's clock: fixed in tests)."""
        return self.environment.clock()

    @property
    def database(self) -> Database:
        """The database, opened (and migrated) on first use, then shared.

        Opening can take a moment and can fail, so use it from a thread worker. It
        raises :class:`persistence.errors.DatabaseError` with a message ready to
        show; the next use tries again (the user may have fixed the cause).
        """
        with self._database_lock:
            if self._database is None:
                self._database = self.environment.open_database()
            return self._database

    @property
    def log_file(self) -> Path:
        """Where the details of unexpected errors are written."""
        return self.environment.data_dir / LOG_FILE_NAME

    @property
    def sync_worker(self) -> Worker[None] | None:
        """The running sync, if any (whichever screen started it)."""
        for worker in self.workers:
            if worker.group == "sync" and worker.state in (
                WorkerState.PENDING,
                WorkerState.RUNNING,
            ):
                return worker
        return None

    def cancel_sync(self) -> None:
        """Ask the running sync to stop cleanly (its screen shows it stopping)."""
        worker = self.sync_worker
        if worker is not None and isinstance(worker.node, SyncScreen):
            worker.node.action_cancel_sync()
        elif worker is not None:
            worker.cancel()

    async def show(self, mode: str) -> None:
        """Show one of the screens (closing any dialog first), remembering the way back."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if mode == self.current_mode:
            return
        if self.current_mode in SCREENS_IN_ORDER:
            self._history.append(self.current_mode)
        await self.switch_mode(mode)

    async def jump_to_campaign(self, campaign_id: int) -> None:
        """Show the report with `campaign_id` selected in its campaign table."""
        await self.show("report")
        screen = self.screen_stack[0]
        if isinstance(screen, ReportScreen):
            screen.focus_campaign(campaign_id)

    # --- start-up and shut-down -------------------------------------------------------------

    def on_mount(self) -> None:
        self.switch_mode(self.initial_mode())

    def initial_mode(self) -> str:
        """The status screen when a usable token exists, the auth screen otherwise."""
        return "status" if self.environment.has_usable_token() else "auth"

    def on_unmount(self) -> None:
        with self._database_lock:
            if self._database is not None:
                self._database.close()
                self._database = None

    # --- actions ------------------------------------------------------------------------------

    async def action_show(self, mode: str) -> None:
        await self.show(mode)

    async def action_sync(self, force: bool = False) -> None:
        """Open the sync screen and start a sync there, unless one is running."""
        await self.show("sync")
        screen = self.screen_stack[0]
        if isinstance(screen, SyncScreen):
            screen.start_sync(force=force)

    async def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            await self.pop_screen()
            return
        await self.push_screen(HelpScreen(self.screen))

    async def action_go_back(self) -> None:
        if len(self.screen_stack) > 1:
            await self.pop_screen()
        elif self._history:
            await self.switch_mode(self._history.pop())

    async def action_quit_app(self) -> None:
        """Quit; if a sync is running, ask first, then stop it cleanly."""
        if self.sync_worker is None:
            self.exit(0)
            return

        def answered(stop: bool | None) -> None:
            if stop:
                self.run_worker(self._stop_sync_and_exit(), group="quit")

        await self.push_screen(
            ConfirmDialog(
                "Quit li-ads-tui",
                "A sync is running. Stop it and quit? Everything written so far is kept, "
                "and the next sync continues from there.",
                yes="Stop and quit",
                no="Keep syncing",
            ),
            answered,
        )

    async def action_quit(self) -> None:
        """ctrl+q: quit at once, but never by killing a sync mid-transaction."""
        if self.sync_worker is None:
            self.exit(0)
        else:
            await self._stop_sync_and_exit()

    async def _stop_sync_and_exit(self) -> None:
        worker = self.sync_worker
        if worker is not None:
            self.notify("Stopping the sync cleanly…", title="Quit", timeout=10)
            self.cancel_sync()
            with contextlib.suppress(WorkerCancelled):
                await self.workers.wait_for_complete([worker])
        self.exit(0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show" and parameters:
            # No key for the screen already shown: the footer has room for the others.
            return parameters[0] != self.current_mode or len(self.screen_stack) > 1
        if action == "go_back":
            return len(self.screen_stack) > 1 or bool(self._history)
        return True

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in _HIDDEN_SYSTEM_COMMANDS:
                yield command

    # --- messages from the screens -------------------------------------------------------------

    @on(ShowScreen)
    async def _show_requested(self, message: ShowScreen) -> None:
        await self.show(message.mode)

    @on(SyncStarted)
    def _sync_started(self) -> None:
        self.sync_progress = 0.0

    @on(SyncProgressed)
    def _sync_progressed(self, message: SyncProgressed) -> None:
        self.sync_progress = message.snapshot.overall

    @on(SyncFinished)
    def _sync_finished(self, message: SyncFinished) -> None:
        self.sync_progress = None
        outcome = message.outcome
        if outcome.rows_written:
            self.data_version += 1
        view = describe_outcome(outcome, now=self.clock(), log_file=self.log_file)
        self._tell_elsewhere("sync", view.toast, view.toast_severity)

    @on(SyncCancelled)
    def _sync_cancelled(self, message: SyncCancelled) -> None:
        self.sync_progress = None
        if message.rows_written:
            self.data_version += 1

    @on(SyncRefused)
    def _sync_refused(self, message: SyncRefused) -> None:
        self.sync_progress = None
        view = describe_refused(message.message, reconnect=message.reconnect)
        self._tell_elsewhere("sync", view.toast, view.toast_severity)

    @on(LoginSucceeded)
    def _logged_in(self) -> None:
        self.data_version += 1
        self._tell_elsewhere("auth", "LinkedIn account connected.", "information")

    def _tell_elsewhere(self, mode: str, text: str, severity: SeverityLevel) -> None:
        """A toast, only when the user is not already looking at `mode`'s screen."""
        if self.current_mode != mode:
            self.notify(text, title=mode.capitalize(), severity=severity)

    @on(Worker.StateChanged)
    def _own_worker_changed(self, event: Worker.StateChanged) -> None:
        """The app's own workers (screens re-post theirs as WorkerFailed)."""
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.post_message(WorkerFailed(event.worker, error))

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """The last line of defence: an unexpected failure becomes a dialog in words."""
        if message.worker.group == "sync":
            self.sync_progress = None  # the sync screen explains its own failures
            return
        error = message.error
        if isinstance(error, DatabaseError):
            self.push_screen(ErrorDialog("Database problem", f"{error}."))
            return
        log.error("worker %s failed", message.worker.name, exc_info=error)
        detail = redact(str(error)) or type(error).__name__
        self.push_screen(
            ErrorDialog(
                "Something went wrong",
                f"Unexpected error: {detail}",
                f"The details are in {self.log_file}. The rest of the app keeps working.",
            )
        )


def run_app(environment: Environment) -> int:
    """Run the full-screen app until the user quits; return the exit code."""
    app = LiAdsApp(environment)
    code = app.run()
    return code if code is not None else (app.return_code or 0)
