"""Run-wide counters and per-stage progress, turned into events for the sink."""

from __future__ import annotations

from collections import Counter

from linkedin.client import ClientStats
from sync.events import Counters, EventSink, LogMessage, Stage, StageProgress


class Progress:
    """Keeps done/total per stage and the run totals; every change emits an event.

    Only the event loop thread touches it (writer threads return counts instead).
    """

    def __init__(self, sink: EventSink, client_stats: ClientStats) -> None:
        self._sink = sink
        self._stats = client_stats
        self._done: Counter[Stage] = Counter()
        self._total: Counter[Stage] = Counter()
        self.rows = 0
        self.accounts = 0

    def counters(self) -> Counters:
        return Counters(
            accounts=self.accounts,
            rows=self.rows,
            requests=self._stats.requests,
            retries=self._stats.retries,
            throttled=self._stats.throttled,
        )

    def plan(self, stage: Stage, units: int, account_id: int | None = None) -> None:
        """`units` more units of `stage` are now known to be needed."""
        self._total[stage] += units
        self._emit(stage, account_id)

    def advance(
        self, stage: Stage, *, rows: int = 0, units: int = 1, account_id: int | None = None
    ) -> None:
        """`units` of `stage` finished, having written `rows` rows."""
        self.rows += rows
        self._done[stage] += units
        self._emit(stage, account_id)

    def log(self, text: str, *, level: str = "info", account_id: int | None = None) -> None:
        self._sink(LogMessage(level=level, text=text, account_id=account_id))

    def _emit(self, stage: Stage, account_id: int | None) -> None:
        self._sink(
            StageProgress(
                stage=stage,
                done=self._done[stage],
                total=max(self._total[stage], self._done[stage]),
                counters=self.counters(),
                account_id=account_id,
            )
        )
