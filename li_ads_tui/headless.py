"""Progress output for `li-ads-tui --sync` without a screen (cron, scripts, CI).

stdout belongs to the result (the one-line summary, or JSON with ``--json``); progress
goes to stderr. On a terminal it is a live Rich display with one bar per stage; when
stderr is a file or a pipe (cron mail, systemd journal) it is one plain, timestamped
line per step, never a carriage-return animation. Nothing here imports Textual.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from linkedin.redaction import redact
from sync.events import LogMessage, RunStarted, Stage, StageProgress, SyncEvent


class PlainProgress:
    """One line per step: what happened, when, with running totals."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._reported: dict[Stage, int] = {}

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.flush()

    def __call__(self, event: SyncEvent) -> None:
        if isinstance(event, RunStarted):
            self._line(f"sync run {event.run_id} started ({event.trigger})")
        elif isinstance(event, LogMessage):
            prefix = "" if event.level == "info" else f"{event.level}: "
            self._line(prefix + event.text)
        elif (
            isinstance(event, StageProgress)
            and event.total
            and event.done >= event.total
            and self._reported.get(event.stage) != event.done
        ):
            self._reported[event.stage] = event.done
            c = event.counters
            self._line(
                f"{event.stage.label}: done ({event.done}/{event.total}); "
                f"{c.rows:,} rows, {c.requests:,} requests so far"
            )

    def _line(self, text: str) -> None:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        self._stream.write(f"{stamp} {redact(text)}\n")
        self._stream.flush()


class LiveProgress:
    """A Rich progress display on a terminal: a bar per stage and the run totals."""

    def __init__(self, stream: TextIO) -> None:
        self._console = Console(file=stream, highlight=False)
        self._progress = Progress(
            TextColumn("{task.description:<28}"),
            BarColumn(bar_width=30),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            console=self._console,
            transient=False,
        )
        self._tasks: dict[Stage, TaskID] = {}
        self._totals = self._progress.add_task("Total", total=None, detail="")

    def __enter__(self) -> LiveProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def __call__(self, event: SyncEvent) -> None:
        if isinstance(event, LogMessage) and event.level != "info":
            self._console.print(f"[yellow]{event.level}:[/] {redact(event.text)}", markup=True)
        elif isinstance(event, StageProgress):
            task = self._tasks.get(event.stage)
            if task is None:
                task = self._progress.add_task(event.stage.label, total=event.total, detail="")
                self._tasks[event.stage] = task
            self._progress.update(task, completed=event.done, total=event.total)
            c = event.counters
            self._progress.update(
                self._totals,
                detail=f"{c.accounts} accounts · {c.rows:,} rows · {c.requests:,} requests"
                + (f" · {c.retries} retries" if c.retries else ""),
            )


def progress_for(stream: TextIO = sys.stderr) -> PlainProgress | LiveProgress:
    """Live bars on a terminal, plain lines otherwise (cron, pipes, files)."""
    return LiveProgress(stream) if stream.isatty() else PlainProgress(stream)
