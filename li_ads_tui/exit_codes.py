"""Exit codes of the headless commands (DESIGN §7), decided in one place.

Cron and scripts branch on these: 75 means "try again later" (rate limit, daily quota,
network, another sync running), 77 "a human must connect the account again", 78 "a
setting is wrong".
"""

from __future__ import annotations

from persistence.runs import RunStatus
from sync.outcome import FailureKind, SyncOutcome

OK = 0
FAILED = 1
USAGE = 2
TEMPORARY = 75
AUTH = 77
CONFIG = 78
INTERRUPTED = 130

_BY_FAILURE = {
    FailureKind.AUTH: AUTH,
    FailureKind.CONFIG: CONFIG,
    FailureKind.TEMPORARY: TEMPORARY,
    FailureKind.DATA: FAILED,
    FailureKind.INTERNAL: FAILED,
}

HELP = """exit codes:
  0   success, or skipped because the data is fresh
  1   failed (or partly failed: some accounts could not be synced)
  2   usage error
  75  temporary: rate limit, daily quota, network, another sync running — try later
  77  authentication needed: no token, or it expired or was revoked (li-ads-tui --auth)
  78  configuration error: a missing or invalid setting, or a retired API version"""


def for_outcome(outcome: SyncOutcome) -> int:
    if outcome.ok:
        return OK
    if outcome.status is RunStatus.CANCELLED:
        return INTERRUPTED
    if outcome.failure is not None:
        return _BY_FAILURE[outcome.failure]
    return FAILED
