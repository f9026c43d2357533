"""LinkedIn's throttles: daily request quotas and the analytics data throttle (contract §5).

* **Daily quotas** are counted per application and per member, per endpoint (resource), and
  reset at midnight UTC of the sandbox clock. LinkedIn publishes no numbers, so the limits
  are knobs (off by default). An exhausted quota is a 429 *without* ``Retry-After``: a
  client that simply retries will not get through until the next UTC day.
* **The data throttle** limits ``/adAnalytics`` to 45 million metric values (requested
  fields x returned rows) per 5-minute sliding window per application; beyond it every
  analytics call is a 429 until enough of the window has passed.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from datetime import datetime, timedelta

from linkedin.sandbox.http import Problem

QuotaLimit = int | Mapping[str, int] | None
DATA_THROTTLE_LIMIT = 45_000_000
DATA_THROTTLE_WINDOW = timedelta(minutes=5)


def throttled() -> Problem:
    """The 429 LinkedIn sends for a request-rate limit (no Retry-After)."""
    return Problem(
        429,
        "Resource level throttle limit for calls to this resource is reached.",
        code="TOO_MANY_REQUESTS",
        service_error_code=101,
    )


def _limit_for(limit: QuotaLimit, endpoint: str) -> int | None:
    if limit is None or isinstance(limit, int):
        return limit
    return limit.get(endpoint)


class DailyQuotas:
    """Per-app and per-member request counters per endpoint, reset at 00:00 UTC."""

    def __init__(self, app_limit: QuotaLimit = None, member_limit: QuotaLimit = None) -> None:
        self.app_limit = app_limit
        self.member_limit = member_limit
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str, str], int] = {}

    def charge(self, endpoint: str, member: str | None, now: datetime) -> None:
        """Count one call; raise the 429 when the app's or the member's quota is used up."""
        day = now.date().isoformat()
        with self._lock:
            keys = [(day, endpoint, "app", _limit_for(self.app_limit, endpoint))]
            if member is not None:
                keys.append((day, endpoint, member, _limit_for(self.member_limit, endpoint)))
            for day_key, resource, who, limit in keys:
                counter = (day_key, resource, who)
                used = self._counts.get(counter, 0)
                if limit is not None and used >= limit:
                    raise throttled()
            for day_key, resource, who, _limit in keys:
                counter = (day_key, resource, who)
                self._counts[counter] = self._counts.get(counter, 0) + 1
            for counter in [c for c in self._counts if c[0] != day]:
                del self._counts[counter]


class DataThrottle:
    """The /adAnalytics metric-value budget over a sliding 5-minute window."""

    def __init__(self, limit: int = DATA_THROTTLE_LIMIT) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._spent: deque[tuple[datetime, int]] = deque()

    def check(self, now: datetime) -> None:
        """Raise the data-throttle 429 while the window's budget is used up."""
        with self._lock:
            while self._spent and now - self._spent[0][0] >= DATA_THROTTLE_WINDOW:
                self._spent.popleft()
            if sum(values for _at, values in self._spent) >= self.limit:
                raise Problem(
                    429,
                    "The data request limit has been exceeded. More than 45 million metric "
                    "values were requested in a 5-minute window.",
                    code="TOO_MANY_REQUESTS",
                    service_error_code=101,
                )

    def spend(self, values: int, now: datetime) -> None:
        with self._lock:
            self._spent.append((now, values))
