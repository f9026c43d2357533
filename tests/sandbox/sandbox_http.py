"""HTTP helpers for the sandbox's tests: the standard headers, URN encoding, clients.

Clients are built with ``verify=False``: everything is plain HTTP on loopback, and skipping
the CA bundle makes a client ~100x cheaper to create (the folder creates hundreds).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import httpx
from sandbox_fixtures import FIXED_NOW

from linkedin.models import ANALYTICS_METRIC_FIELDS
from linkedin.restli import DateRange, encode_query
from linkedin.sandbox import Sandbox

REST_HEADERS = {"LinkedIn-Version": "202601", "X-Restli-Protocol-Version": "2.0.0"}


def enc(urn: str) -> str:
    """A URN as a Rest.li 2.0 leaf (fully percent-encoded)."""
    return quote(urn, safe="")


def bare(base_url: str, **headers: str) -> httpx.Client:
    """A client with no default headers at all."""
    return httpx.Client(base_url=base_url, headers=headers, timeout=20, verify=False)


def client(sb: Sandbox, token: str | None = None, **headers: str) -> httpx.Client:
    """A client on the sandbox's API base URL with the standard headers (and a token)."""
    all_headers = {**REST_HEADERS, **headers}
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    return bare(sb.api_base_url, **all_headers)


METRICS = tuple(ANALYTICS_METRIC_FIELDS)
FIELDS = (*METRICS, "dateRange", "pivotValues")
MONEY = ("costInLocalCurrency", "costInUsd")
TODAY = FIXED_NOW.date()
START = TODAY - timedelta(days=89)


def analytics(
    api: httpx.Client,
    *,
    accounts: Sequence[int] = (),
    start: date = START,
    end: date | None = TODAY,
    pivot: str = "CAMPAIGN",
    granularity: str = "DAILY",
    fields: Sequence[str] | None = FIELDS,
    **extra: Any,
) -> httpx.Response:
    params: dict[str, Any] = {
        "q": "analytics",
        "pivot": pivot,
        "timeGranularity": granularity,
        "dateRange": DateRange(start, end),
    }
    if accounts:
        params["accounts"] = [f"urn:li:sponsoredAccount:{a}" for a in accounts]
    params.update(extra)
    if fields is not None:
        params["fields"] = list(fields)
    return api.get(f"/adAnalytics?{encode_query(params)}")


def elements(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["elements"]
    return found
