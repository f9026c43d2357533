"""The result of a sync run, and why it failed when it did.

Callers branch on :class:`FailureKind` (the headless exit code, the TUI's advice:
reconnect, wait for the quota, change the API version) rather than on exception
types, so the engine's internals can change without touching them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from linkedin.auth.errors import OAuthError
from linkedin.errors import (
    AuthError,
    DailyQuotaExceededError,
    LinkedInError,
    TransientError,
    VersionRetiredError,
)
from persistence.runs import RunStatus


class FailureKind(StrEnum):
    AUTH = "auth"
    """The token is missing, expired or revoked: connect again."""
    CONFIG = "config"
    """A setting is wrong, e.g. a retired API version."""
    TEMPORARY = "temporary"
    """Rate limit, daily quota, network: run again later."""
    DATA = "data"
    """LinkedIn refused a request or sent something unusable."""
    INTERNAL = "internal"
    """A bug or a database problem."""


_BY_EXIT_CODE = {77: "auth", 78: "config", 75: "temporary"}


def classify(error: BaseException) -> FailureKind:
    if isinstance(error, OAuthError):
        return FailureKind(_BY_EXIT_CODE.get(error.exit_code, "data"))
    if isinstance(error, AuthError):
        return FailureKind.AUTH
    if isinstance(error, VersionRetiredError):
        return FailureKind.CONFIG
    if isinstance(error, TransientError):
        return FailureKind.TEMPORARY
    if isinstance(error, LinkedInError):
        return FailureKind.DATA
    return FailureKind.INTERNAL


@dataclass(frozen=True, slots=True)
class AccountFailure:
    account_id: int
    stage: str
    kind: FailureKind
    message: str


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    status: RunStatus
    run_id: int | None
    started_at: datetime
    finished_at: datetime
    accounts: int = 0
    rows_written: int = 0
    requests: int = 0
    retries: int = 0
    throttled: int = 0
    failure: FailureKind | None = None
    message: str | None = None
    quota_resets_at: datetime | None = None
    account_failures: tuple[AccountFailure, ...] = ()
    warnings: tuple[str, ...] = ()
    snapshot: Path | None = None

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def ok(self) -> bool:
        return self.status in (RunStatus.SUCCESS, RunStatus.SKIPPED)

    def summary(self) -> str:
        """One line for logs, cron mail and the sync screen."""
        if self.status is RunStatus.SKIPPED:
            return f"skipped: {self.message}"
        text = (
            f"{self.status.value}: {self.accounts} account(s), {self.rows_written:,} rows, "
            f"{self.requests:,} requests ({self.retries} retried) in {self.seconds:.1f} s"
        )
        if self.message:
            text += f" — {self.message}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "run_id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "seconds": round(self.seconds, 3),
            "accounts": self.accounts,
            "rows_written": self.rows_written,
            "requests": self.requests,
            "retries": self.retries,
            "throttled": self.throttled,
            "failure": self.failure.value if self.failure else None,
            "message": self.message,
            "quota_resets_at": self.quota_resets_at.isoformat() if self.quota_resets_at else None,
            "account_failures": [
                {
                    "account_id": f.account_id,
                    "stage": f.stage,
                    "kind": f.kind.value,
                    "message": f.message,
                }
                for f in self.account_failures
            ],
            "warnings": list(self.warnings),
            "snapshot": str(self.snapshot) if self.snapshot else None,
        }


def quota_reset(error: BaseException) -> datetime | None:
    return error.reset_at if isinstance(error, DailyQuotaExceededError) else None
