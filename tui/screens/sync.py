"""The sync screen: run a sync, watch it, cancel it, and read how it ended.

The sync is the engine's own :func:`sync.engine.run_sync` (the one ``--sync`` runs)
in an async worker owned by this screen. The engine calls its event sink on the event
loop's thread; the sink only posts messages (coalescing progress, see
:class:`~tui.messages.SyncProgressed`), and this screen's handlers update the
widgets. The engine writes to the database in its own threads, so the app stays
responsive during the largest sync.

Cancelling cancels the worker's task: the engine lets the transaction in flight
commit, records the run as ``cancelled`` in ``sync_log`` and re-raises. The outcome
panel stays until the next sync starts, so a user who looked away still sees it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, RichLog, Static
from textual.worker import Worker, WorkerState

from linkedin.redaction import redact
from persistence.errors import DatabaseError, SyncAlreadyRunningError
from persistence.runs import RunStatus
from sync.engine import run_sync
from sync.events import Counters, LogMessage, RunStarted, StageProgress, SyncEvent
from tui.messages import (
    ProgressTracker,
    SyncCancelled,
    SyncFinished,
    SyncLogged,
    SyncProgressed,
    SyncRefused,
    SyncSnapshot,
    SyncStarted,
    WorkerFailed,
)
from tui.widgets.header import AppHeader
from tui.widgets.outcome import (
    OutcomePanel,
    OutcomeView,
    describe_cancelled,
    describe_crash,
    describe_outcome,
    describe_refused,
)
from tui.widgets.sync_progress import CountersLine, StageBars
from tui.widgets.tables import VimScroll
from tui.widgets.timefmt import utc_clock, utc_minute

if TYPE_CHECKING:
    from tui.app import LiAdsApp

log = logging.getLogger(__name__)

Phase = Literal["idle", "starting", "running", "cancelling", "finished"]
_BUSY: tuple[Phase, ...] = ("starting", "running", "cancelling")
_LOG_STYLES = {"warning": "bold yellow", "error": "bold red"}
_REDRAW_INTERVAL = 0.1
"""Seconds between progress redraws: smooth to the eye, cheap for the event loop."""


class SyncScreen(Screen[None]):
    """Progress bars per stage and overall, live counts, a log, cancel, the outcome."""

    CSS_PATH = "sync.tcss"
    BINDING_GROUP_TITLE = "Sync screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+c",
            "cancel_sync",
            "Cancel",
            tooltip="Stop the sync cleanly: what is written so far is kept",
            id="sync-cancel",
            priority=True,
        ),
        Binding(
            "f",
            "force_sync",
            "Force",
            tooltip="Sync now even if the data is still fresh",
            id="sync-force",
        ),
    ]

    phase: reactive[Phase] = reactive[Phase]("idle", bindings=True, init=False)
    """Where the sync is; drives the buttons, the footer and the state line."""

    def __init__(self) -> None:
        super().__init__()
        self._snapshot = SyncSnapshot()
        self._run_id: int | None = None
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._worker: Worker[None] | None = None
        self._ticker: Timer | None = None
        self._redraw_pending = False

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    @property
    def is_busy(self) -> bool:
        return self.phase in _BUSY

    def compose(self) -> ComposeResult:
        yield AppHeader(current="sync")
        with VimScroll(id="sync-body"):
            with Vertical(id="sync-panel", classes="section") as panel:
                panel.border_title = "Sync"
                with Horizontal(id="sync-state-row"):
                    yield Static(id="sync-state")
                    yield Button("Start sync", id="start", variant="primary", compact=True)
                    yield Button("Force", id="force", compact=True, tooltip="Sync even if fresh")
                    yield Button("Cancel", id="cancel", variant="error", compact=True)
                yield StageBars(id="stage-bars")
                yield CountersLine(id="counters")
                yield OutcomePanel(id="outcome")
            yield RichLog(id="sync-log", classes="section", wrap=True, min_width=20, max_lines=5000)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sync-log", RichLog).border_title = "Log (UTC)"
        self.query_one(OutcomePanel).clear()
        self.query_one(StageBars).show(self._snapshot)
        self.query_one(CountersLine).show(self._snapshot.counters, None)
        self._show_state("Ready: s (or Start sync) fetches the latest data.")
        self._apply_phase(self.phase)

    # --- actions and buttons ---------------------------------------------------------

    def start_sync(self, *, force: bool = False) -> bool:
        """Start a sync unless one is already running; return whether one started."""
        if self.is_busy:
            return False
        self._snapshot = SyncSnapshot()
        self._run_id = None
        self._started_at = None
        self._ended_at = None
        self.query_one(OutcomePanel).clear()
        self.query_one(StageBars).show(self._snapshot)
        self.query_one(CountersLine).show(self._snapshot.counters, None)
        self._log("info", "Sync requested" + (" (forced: ignoring freshness)" if force else ""))
        self._show_state("Starting: checking the token and the database…")
        self.phase = "starting"
        self._worker = self._run(force)
        return True

    def action_cancel_sync(self) -> None:
        if self._worker is None or self.phase not in ("starting", "running"):
            return
        self.phase = "cancelling"
        self._show_state("Cancelling: finishing the write in flight…")
        self._worker.cancel()

    def action_force_sync(self) -> None:
        self.start_sync(force=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_sync":
            return self.phase in ("starting", "running")
        if action == "force_sync":
            return not self.is_busy
        return True

    @on(Button.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.start_sync()

    @on(Button.Pressed, "#force")
    def _force_pressed(self) -> None:
        self.start_sync(force=True)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel_sync()

    # --- the worker ------------------------------------------------------------------

    @work(exclusive=True, group="sync", exit_on_error=False, name="sync")
    async def _run(self, force: bool) -> None:
        """Run the engine; every result goes out as a message (no widget is touched)."""
        app = self._app
        environment = app.environment
        tracker = ProgressTracker()
        rows = 0

        def on_event(event: SyncEvent) -> None:
            nonlocal rows
            if isinstance(event, StageProgress):
                rows = event.counters.rows
                self.post_message(SyncProgressed(tracker.update(event)))
            elif isinstance(event, LogMessage):
                self.post_message(SyncLogged(event.level, redact(event.text), app.clock()))
            elif isinstance(event, RunStarted):
                self.post_message(SyncStarted(event.run_id, event.started_at))

        try:
            health = await asyncio.to_thread(environment.token_health)
            if not health.connected:
                reason = health.problem or "No LinkedIn account is connected."
                self.post_message(SyncRefused(reason, reconnect=True))
                return
            database = await asyncio.to_thread(lambda: app.database)
            options = environment.sync_options(trigger="tui", force=force)
            async with environment.make_client() as client:
                outcome = await run_sync(database, client, options, on_event)
        except SyncAlreadyRunningError as error:
            self.post_message(SyncRefused(f"{error}."))
        except DatabaseError as error:
            self.post_message(SyncRefused(f"{error}."))
        except asyncio.CancelledError:
            self.post_message(SyncCancelled(rows))
            raise
        else:
            self.post_message(SyncFinished(outcome))

    # --- messages from the worker ------------------------------------------------------

    @on(SyncStarted)
    def _started(self, message: SyncStarted) -> None:
        self._run_id = message.run_id
        self._started_at = message.started_at
        if self.phase in ("idle", "starting", "finished"):
            self.phase = "running"
        self._show_running()
        if self._ticker is None:
            self._ticker = self.set_interval(1.0, self._tick)

    @on(SyncProgressed)
    def _progressed(self, message: SyncProgressed) -> None:
        """Keep the newest progress; draw it at most ten times a second."""
        self._snapshot = message.snapshot
        if not self._redraw_pending:
            self._redraw_pending = True
            self.set_timer(_REDRAW_INTERVAL, self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        if self.phase in ("running", "cancelling"):
            self.query_one(StageBars).show(self._snapshot)
            self._show_counters()

    @on(SyncLogged)
    def _logged(self, message: SyncLogged) -> None:
        self._log(message.level, message.text, at=message.at)

    @on(SyncFinished)
    def _finished(self, message: SyncFinished) -> None:
        outcome = message.outcome
        self._snapshot = SyncSnapshot(
            self._snapshot.stages,
            Counters(
                accounts=outcome.accounts,
                rows=outcome.rows_written,
                requests=outcome.requests,
                retries=outcome.retries,
                throttled=outcome.throttled,
            ),
        )
        self._ended_at = outcome.finished_at
        bars = self.query_one(StageBars)
        if outcome.status is RunStatus.SUCCESS:
            bars.complete(self._snapshot)
        else:
            bars.show(self._snapshot, finished=True)
        self._log("info" if outcome.ok else "error", redact(outcome.summary()))
        self._end(describe_outcome(outcome, now=self._app.clock(), log_file=self._app.log_file))

    @on(SyncCancelled)
    def _cancelled(self, message: SyncCancelled) -> None:
        self.query_one(StageBars).show(self._snapshot, finished=True)
        self._log("warning", "Sync cancelled by the user")
        self._end(describe_cancelled(message.rows_written))

    @on(SyncRefused)
    def _refused(self, message: SyncRefused) -> None:
        self._log("error", message.message)
        self._end(describe_refused(message.message, reconnect=message.reconnect))

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """An exception the worker did not expect: show it here, log it, keep the app."""
        if event.worker is not self._worker or event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        assert error is not None
        log.error("sync crashed", exc_info=error)
        self.post_message(WorkerFailed(event.worker, error))
        self.query_one(StageBars).show(self._snapshot, finished=True)
        self._log("error", f"Unexpected error: {redact(str(error)) or type(error).__name__}")
        self._end(describe_crash(error, self._app.log_file))

    # --- rendering ---------------------------------------------------------------------

    def _end(self, view: OutcomeView) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self._show_counters()
        self.query_one(OutcomePanel).show(view)
        when = utc_minute(self._app.clock())
        if self._run_id is None:
            self._show_state(f"Checked {when}.")
        else:
            self._show_state(f"Run #{self._run_id} ended {when}.")
        self.phase = "finished"

    def _show_running(self) -> None:
        started = f", started {utc_minute(self._started_at)}" if self._started_at else ""
        self._show_state(f"Syncing: run #{self._run_id}{started}.")

    def _show_counters(self) -> None:
        running_for = None
        if self._started_at is not None:
            running_for = (self._ended_at or self._app.clock()) - self._started_at
        self.query_one(CountersLine).show(self._snapshot.counters, running_for)

    def _tick(self) -> None:
        if self.phase == "running":
            self._show_counters()

    def _show_state(self, text: str) -> None:
        self.query_one("#sync-state", Static).update(text)

    def _log(self, level: str, text: str, *, at: datetime | None = None) -> None:
        """One log line: the UTC time, then the text wrapped under itself."""
        line = Table.grid(padding=(0, 2))
        line.add_column(no_wrap=True, style="dim")
        line.add_column(overflow="fold")
        prefix = "" if level == "info" else f"{level}: "
        line.add_row(
            utc_clock(at or self._app.clock()),
            Text(prefix + text, style=_LOG_STYLES.get(level, "")),
        )
        self.query_one("#sync-log", RichLog).write(line)

    def watch_phase(self, phase: Phase) -> None:
        self._apply_phase(phase)

    def _apply_phase(self, phase: Phase) -> None:
        busy = phase in _BUSY
        self.query_one("#start", Button).display = not busy
        self.query_one("#force", Button).display = not busy
        cancel = self.query_one("#cancel", Button)
        cancel.display = busy
        cancel.disabled = phase == "cancelling"
