"""How a sync ended, in words, with the next step: the sync screen's outcome panel.

The engine says *what* happened (:class:`~sync.outcome.SyncOutcome`, a
:class:`~sync.outcome.FailureKind`); this module says what the user should do about
it in this app (press ``a`` to reconnect, wait until the quota resets at a UTC time,
change ``LINKEDIN_API_VERSION``). The texts are built by pure functions so they are
tested without a screen; :class:`OutcomePanel` only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from textual.content import Content
from textual.notifications import SeverityLevel
from textual.widgets import Static

from linkedin.redaction import redact
from persistence.runs import RunStatus
from sync.outcome import FailureKind, SyncOutcome
from tui.widgets.timefmt import as_utc, plural, utc_minute

Severity = Literal["success", "information", "warning", "error"]

_GLYPHS: dict[Severity, str] = {
    "success": "✓",
    "information": "i",
    "warning": "!",
    "error": "✗",
}


@dataclass(frozen=True, slots=True)
class OutcomeView:
    """A headline and the lines under it, at a severity (colour and glyph)."""

    severity: Severity
    headline: str
    lines: tuple[str, ...] = ()

    @property
    def toast(self) -> str:
        """The same in one or two lines, for a notification on another screen."""
        return "\n".join((self.headline, *self.lines[:1]))

    @property
    def toast_severity(self) -> SeverityLevel:
        return "information" if self.severity == "success" else self.severity


def describe_outcome(outcome: SyncOutcome, *, now: datetime, log_file: Path) -> OutcomeView:
    """The outcome panel's text for a run the engine finished."""
    status = outcome.status
    if status is RunStatus.SKIPPED:
        reason = outcome.message or "the data is fresh"
        return OutcomeView(
            "information",
            f"Nothing to do: {reason}.",
            ("Press f to sync anyway.",),
        )
    retried = f" ({outcome.retries:,} retried)" if outcome.retries else ""
    done = (
        f"{plural(outcome.accounts, 'account')}, {plural(outcome.rows_written, 'row')}, "
        f"{plural(outcome.requests, 'request')}{retried} in {outcome.seconds:.1f} s"
    )
    if status is RunStatus.SUCCESS:
        return OutcomeView(
            "success",
            f"Sync complete: {done}.",
            ("Press t for the status and the settings audit, r for the report.",),
        )
    lines: list[str] = []
    if outcome.message:
        lines.append(redact(outcome.message))
    for failure in outcome.account_failures:
        lines.append(f"Account {failure.account_id} ({failure.stage}): {redact(failure.message)}")
    lines.extend(advice(outcome.failure, outcome.quota_resets_at, now=now, log_file=log_file))
    lines.append(f"This run: {done}.")
    if status is RunStatus.PARTIAL:
        return OutcomeView("warning", "Sync partly done", tuple(lines))
    return OutcomeView("error", "Sync failed", tuple(lines))


def advice(
    failure: FailureKind | None,
    quota_resets_at: datetime | None,
    *,
    now: datetime,
    log_file: Path,
) -> list[str]:
    """What to do next for a kind of failure (the same words for a whole run or an
    account)."""
    kept = "Everything synced so far is kept; the next sync continues from there."
    if failure is FailureKind.AUTH:
        return ["Press a to connect the LinkedIn account again, then s to sync.", kept]
    if failure is FailureKind.CONFIG:
        return [
            "Change the setting named above in your .env file (or the environment) and "
            "start li-ads-tui again; the status screen (t) shows the API version in use "
            "and how long LinkedIn still serves it."
        ]
    if failure is FailureKind.TEMPORARY and quota_resets_at is not None:
        hours = max(0, int((as_utc(quota_resets_at) - as_utc(now)).total_seconds() // 3600))
        when = f"in about {plural(hours, 'hour')}" if hours else "within the hour"
        return [
            f"LinkedIn's daily quota resets at {utc_minute(quota_resets_at)} ({when}): "
            "sync again after that.",
            kept,
        ]
    if failure is FailureKind.TEMPORARY:
        return [
            "LinkedIn or the network is struggling: press s to try again in a few minutes.",
            kept,
        ]
    if failure is FailureKind.DATA:
        return [
            "LinkedIn refused a request or sent data that could not be used. Press s to try "
            f"again; if it keeps failing, the details are in {log_file}.",
            kept,
        ]
    if failure is FailureKind.INTERNAL:
        return [f"This looks like a bug or a database problem; the details are in {log_file}."]
    return []


def describe_cancelled(rows_written: int) -> OutcomeView:
    return OutcomeView(
        "warning",
        f"Sync cancelled: {plural(rows_written, 'row')} written before it stopped are kept.",
        ("Press s to sync again; it continues where this one stopped.",),
    )


def describe_refused(message: str, *, reconnect: bool) -> OutcomeView:
    lines = ("Press a to connect a LinkedIn account.",) if reconnect else ()
    return OutcomeView("error", f"The sync could not start: {redact(message)}", lines)


def describe_crash(error: BaseException, log_file: Path) -> OutcomeView:
    detail = redact(str(error)) or type(error).__name__
    return OutcomeView(
        "error",
        f"The sync stopped on an unexpected error: {detail}",
        (f"The details are in {log_file}. Press s to try again.",),
    )


class OutcomePanel(Static):
    """The headline (with a glyph, coloured by severity) and its lines."""

    def show(self, view: OutcomeView) -> None:
        for severity in _GLYPHS:
            self.set_class(severity == view.severity, f"-{severity}")
        headline = Content.assemble((f"{_GLYPHS[view.severity]} ", "bold"), (view.headline, "bold"))
        self.update(Content("\n").join([headline, *(Content(line) for line in view.lines)]))
        self.display = True

    def clear(self) -> None:
        self.display = False
        self.update("")
