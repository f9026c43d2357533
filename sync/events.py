"""Typed progress events of a sync run.

The engine knows nothing about screens: it calls one ``on_event`` callback with these
immutable events. The TUI turns them into Textual messages and progress bars; the
headless runner prints them. Events are cumulative snapshots (not deltas), so a
consumer that drops or coalesces some (Textual's ``can_replace``) never goes wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Stage(StrEnum):
    """The stages of a sync, in the order an account goes through them."""

    ACCOUNTS = "accounts"
    CAMPAIGN_GROUPS = "campaign_groups"
    CAMPAIGNS = "campaigns"
    CREATIVES = "creatives"
    CAMPAIGN_ANALYTICS = "campaign_analytics"
    CREATIVE_ANALYTICS = "creative_analytics"
    DEMOGRAPHICS = "demographics"
    NAMES = "names"
    SNAPSHOT = "snapshot"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Stage.ACCOUNTS: "Ad accounts",
    Stage.CAMPAIGN_GROUPS: "Campaign groups",
    Stage.CAMPAIGNS: "Campaigns",
    Stage.CREATIVES: "Creatives",
    Stage.CAMPAIGN_ANALYTICS: "Daily campaign analytics",
    Stage.CREATIVE_ANALYTICS: "Daily creative analytics",
    Stage.DEMOGRAPHICS: "Audience demographics",
    Stage.NAMES: "Segment names",
    Stage.SNAPSHOT: "JSON snapshot",
}


@dataclass(frozen=True, slots=True)
class Counters:
    """Run-wide totals at the moment of an event."""

    accounts: int = 0
    rows: int = 0
    requests: int = 0
    retries: int = 0
    throttled: int = 0


@dataclass(frozen=True, slots=True)
class RunStarted:
    run_id: int
    trigger: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class StageProgress:
    """`done` of `total` units of `stage` are finished (`total` may grow on a split)."""

    stage: Stage
    done: int
    total: int
    counters: Counters
    account_id: int | None = None


@dataclass(frozen=True, slots=True)
class LogMessage:
    """One human-readable step ("Account 5123: 3 windows of creative analytics")."""

    level: str  # "info" | "warning" | "error"
    text: str
    account_id: int | None = None


SyncEvent = RunStarted | StageProgress | LogMessage
EventSink = Callable[[SyncEvent], None]


def ignore_events(_event: SyncEvent) -> None:
    """The default sink."""
