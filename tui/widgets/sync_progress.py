"""The live part of the sync screen: a bar per stage, an overall bar, the run totals.

The widgets only render :class:`~tui.messages.SyncSnapshot` values handed down by the
screen; they never listen to the engine. A stage row's state (pending, running,
done, skipped) is a CSS class plus a glyph, so it stays readable with ``NO_COLOR``.
"""

from __future__ import annotations

from datetime import timedelta

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static

from sync.events import Counters, Stage
from tui.messages import StageState, SyncSnapshot
from tui.widgets.timefmt import elapsed

_GLYPHS = {"-pending": " ", "-running": "•", "-done": "✓", "-skipped": "-"}
_SCALE = 1000
"""The overall bar counts thousandths, so its percentage moves smoothly."""


class StageRow(Horizontal):
    """``✓ Daily campaign analytics  ━━━━━━━━━━━  100%   12/12``.

    Updates are cheap: the label and count have fixed sizes (no layout pass), and a
    row only restyles when its state actually changes, so a fast sync does not spend
    the event loop on redrawing.
    """

    def __init__(self, label: str, *, row_id: str) -> None:
        super().__init__(id=row_id, classes="stage-row -pending")
        self._label = label
        self._state = "-pending"
        self._count = ""

    def compose(self) -> ComposeResult:
        yield Label(self._labelled(self._state), classes="stage-label")
        yield ProgressBar(total=1, show_eta=False, classes="stage-bar")
        yield Label("", classes="stage-count")

    def _labelled(self, state: str) -> str:
        return f"{_GLYPHS[state]} {self._label}"

    def _set_state(self, state: str) -> None:
        if state == self._state:
            return
        self.remove_class(self._state)
        self.add_class(state)
        self._state = state
        self.query_one(".stage-label", Label).update(self._labelled(state), layout=False)

    def _set_count(self, text: str) -> None:
        if text != self._count:
            self._count = text
            self.query_one(".stage-count", Label).update(text, layout=False)

    def show(self, state: StageState, *, finished: bool) -> None:
        """Render `state`; once the run is `finished`, unstarted stages read skipped."""
        self.query_one(ProgressBar).update(total=max(state.total, 1), progress=state.done)
        if state.total == 0:
            self._set_state("-skipped" if finished else "-pending")
            self._set_count("—" if finished else "")
            return
        self._set_count(f"{state.done:,}/{state.total:,}")
        if state.complete:
            self._set_state("-done")
        else:
            self._set_state("-skipped" if finished else "-running")

    def show_fraction(self, fraction: float, *, finished: bool = False) -> None:
        """For the overall row: a fraction, no unit count."""
        self.query_one(ProgressBar).update(total=_SCALE, progress=round(fraction * _SCALE))
        if fraction >= 1:
            self._set_state("-done")
        elif finished:
            self._set_state("-skipped")
        else:
            self._set_state("-running" if fraction > 0 else "-pending")


class StageBars(Vertical):
    """The overall bar, then one bar per stage in pipeline order."""

    def compose(self) -> ComposeResult:
        yield StageRow("Overall", row_id="stage-overall")
        for stage in Stage:
            yield StageRow(stage.label, row_id=f"stage-{stage.value}")

    def show(self, snapshot: SyncSnapshot, *, finished: bool = False) -> None:
        overall = self.query_one("#stage-overall", StageRow)
        overall.show_fraction(snapshot.overall, finished=finished)
        for stage in Stage:
            row = self.query_one(f"#stage-{stage.value}", StageRow)
            row.show(snapshot.stage(stage), finished=finished)

    def complete(self, snapshot: SyncSnapshot) -> None:
        """A successful run: the overall bar is full even if a stage had nothing to do."""
        self.show(snapshot, finished=True)
        self.query_one("#stage-overall", StageRow).show_fraction(1.0)


class CountersLine(Static):
    """``Accounts 3 · Rows 19,136 · Requests 52 · Retries 0 · Throttled 0 · 0:11``."""

    def show(self, counters: Counters, running_for: timedelta | None) -> None:
        parts: list[tuple[str, str]] = [
            ("Accounts", f"{counters.accounts:,}"),
            ("Rows", f"{counters.rows:,}"),
            ("Requests", f"{counters.requests:,}"),
            ("Retries", f"{counters.retries:,}"),
            ("Throttled", f"{counters.throttled:,}"),
        ]
        if running_for is not None:
            parts.append(("Time", elapsed(running_for)))
        pieces: list[Content] = []
        for name, value in parts:
            pieces.append(Content.assemble((name, "$text-muted"), " ", (value, "bold")))
        self.update(Content("  ").join(pieces), layout=False)
