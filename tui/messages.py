"""The app-wide messages: a sync's life, a login's end, and navigation requests.

Workers post these and never touch a widget. The screen that owns the worker handles
them first (updating its widgets); they then bubble to :class:`~tui.app.LiAdsApp`,
which keeps the state every screen shares: ``data_version`` after new data, the
header's sync indicator, and a toast when the user is looking at another screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from textual.message import Message
from textual.worker import Worker

from linkedin.auth import TokenHealth
from sync.events import Counters, Stage, StageProgress
from sync.outcome import SyncOutcome


@dataclass(frozen=True, slots=True)
class StageState:
    """Units of one stage: `done` of `total` (the total may still grow)."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        if self.total <= 0:
            return 0.0
        return min(1.0, self.done / self.total)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass(frozen=True, slots=True)
class SyncSnapshot:
    """Every stage's progress and the run totals at one moment.

    A snapshot is complete in itself (unlike the engine's per-stage events), so a newer
    one can replace any older one still queued: that is what lets the progress
    messages coalesce without losing a stage.
    """

    stages: Mapping[Stage, StageState] = field(default_factory=lambda: MappingProxyType({}))
    counters: Counters = field(default_factory=Counters)

    @property
    def overall(self) -> float:
        """The mean of the stages' fractions, every stage of the pipeline weighing the
        same. Counting units instead would make the bar jump back each time an account
        reveals its windows; this only moves back when a window is split."""
        return sum(self.stage(stage).fraction for stage in Stage) / len(Stage)

    def stage(self, stage: Stage) -> StageState:
        return self.stages.get(stage, StageState(0, 0))


class ProgressTracker:
    """Folds the engine's per-stage events into whole :class:`SyncSnapshot` values."""

    def __init__(self) -> None:
        self._stages: dict[Stage, StageState] = {}

    def update(self, event: StageProgress) -> SyncSnapshot:
        self._stages[event.stage] = StageState(event.done, event.total)
        return SyncSnapshot(MappingProxyType(dict(self._stages)), event.counters)


class SyncStarted(Message):
    """The engine opened its ``sync_log`` row: the run is real from here on."""

    def __init__(self, run_id: int, started_at: datetime) -> None:
        super().__init__()
        self.run_id = run_id
        self.started_at = started_at


class SyncProgressed(Message):
    """New progress; a newer one replaces an older one still in the queue."""

    def __init__(self, snapshot: SyncSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgressed)


class SyncLogged(Message):
    """One line for the sync screen's log (``level``: info, warning or error)."""

    def __init__(self, level: str, text: str, at: datetime) -> None:
        super().__init__()
        self.level = level
        self.text = text
        self.at = at


class SyncFinished(Message):
    """The engine returned: success, partial, failed or skipped (see ``outcome``)."""

    def __init__(self, outcome: SyncOutcome) -> None:
        super().__init__()
        self.outcome = outcome


class SyncCancelled(Message):
    """The user cancelled; the engine finished the transaction in flight and recorded
    the run as ``cancelled``. ``rows_written`` rows are kept."""

    def __init__(self, rows_written: int) -> None:
        super().__init__()
        self.rows_written = rows_written


class SyncRefused(Message):
    """The sync could not start (not connected, another sync running, a database
    problem). ``message`` says why and what to do, in words."""

    def __init__(self, message: str, *, reconnect: bool = False) -> None:
        super().__init__()
        self.message = message
        self.reconnect = reconnect


class LoginSucceeded(Message):
    """A LinkedIn account is connected; the token is saved."""

    def __init__(self, health: TokenHealth) -> None:
        super().__init__()
        self.health = health


class WorkerFailed(Message):
    """A screen's worker raised an exception it did not expect.

    Textual's own ``Worker.StateChanged`` does not bubble, so screens re-post
    failures as this message; the app turns it into an error dialog (or, for the
    sync, which explains its failures itself, just clears the header indicator).
    """

    def __init__(self, worker: Worker[Any], error: BaseException) -> None:
        super().__init__()
        self.worker = worker
        self.error = error


class ShowScreen(Message):
    """A request to show one of the app's screens (``status``, ``report``, ``sync``,
    ``auth``), e.g. from a click on a header tab."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
