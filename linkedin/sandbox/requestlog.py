"""The sandbox's record of every request, for tests that count calls or check what was sent.

It keeps the most recent 100,000 requests, so a ``li-ads-sandbox`` left running for days
does not grow without bound; tests never come near that.

Secrets never enter the log: the ``Authorization`` header is not kept (only whether one was
sent), and OAuth values that may appear in a query string (codes, secrets, tokens) are
replaced by ``***``. Request bodies are not kept at all, except a tunnelled GET's query.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

LOGGED_HEADERS = (
    "linkedin-version",
    "x-restli-protocol-version",
    "x-restli-method",
    "x-http-method-override",
    "content-type",
    "user-agent",
)
_SECRET_PARAMS = frozenset(
    {"code", "client_secret", "refresh_token", "access_token", "token", "oauth2_access_token"}
)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str  # the effective method (GET for a tunnelled POST)
    path: str  # raw path as sent
    query: str  # raw query string (a tunnelled GET's body), secrets redacted
    status: int  # 0 when the connection was dropped without a response
    headers: Mapping[str, str]  # LOGGED_HEADERS that were present, lower-cased names
    authorized: bool  # an Authorization header was sent (its value is never logged)
    tunnelled: bool
    elements: int | None  # elements in the response, when it was a collection
    duration_ms: float
    fault: str | None  # the injected fault kind, if any
    at: datetime  # sandbox clock at arrival
    request_id: str  # the x-li-uuid sent back


def redact_query(query: str) -> str:
    parts = []
    for part in query.split("&"):
        name, sep, _value = part.partition("=")
        parts.append(f"{name}=***" if sep and name in _SECRET_PARAMS else part)
    return "&".join(parts)


def logged_headers(headers: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({name: headers[name] for name in LOGGED_HEADERS if name in headers})


MAX_RECORDS = 100_000


class RequestLog:
    """An append-only, thread-safe list of the latest :class:`RequestRecord`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._records: deque[RequestRecord] = deque(maxlen=MAX_RECORDS)

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
