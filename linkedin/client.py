"""The one HTTP client every LinkedIn call goes through.

It owns what each request must get right, so no endpoint can forget it:

* **Headers**: ``Authorization``, ``LinkedIn-Version`` (no "latest" default exists on
  LinkedIn's side), ``X-Restli-Protocol-Version: 2.0.0`` and, for finders that need it,
  ``X-RestLi-Method: FINDER``.
* **Encoding**: query strings come from :func:`linkedin.restli.encode_query` and are
  sent verbatim. One longer than 4,000 characters is tunnelled as a ``POST`` with
  ``X-HTTP-Method-Override: GET`` (LinkedIn answers 414 past ~4 KB).
* **Retries**: 429, 500, 502, 503, 504, connection failures, read timeouts, truncated
  or malformed bodies are retried with exponential backoff and *full jitter*
  (tenacity's ``wait_random_exponential``); a ``Retry-After`` header is honoured, capped.
  A 429 also pauses every other request of this client for the same time, so a
  throttle slows the whole sync down instead of being hammered by its siblings.
  Repeated 429s mean the daily quota is gone (LinkedIn sends no header that says so):
  the client then stops with :class:`DailyQuotaExceededError`, which says when the
  quota resets (midnight UTC).
* **Auth**: a 401 makes the token provider refresh once; a second 401 is an
  :class:`AuthError`. **426** is :class:`VersionRetiredError`.
* **Parsing**: status and ``Content-Type`` are checked before JSON is parsed; NaN and
  Infinity are refused; an HTML error page or a cut-off body is a retryable
  :class:`MalformedResponseError`, not a crash.
* **Concurrency**: at most ``max_in_flight`` requests are on the wire at once, however
  many tasks share the client: a few in flight, never a storm.
* **Accounting**: every request sent (retries included) is counted in :attr:`stats`.

Tokens are never logged: only the method, path and status are.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_random_exponential,
)

from linkedin.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    DailyQuotaExceededError,
    LinkedInError,
    MalformedResponseError,
    NotFoundError,
    PayloadError,
    PermissionDeniedError,
    RateLimitedError,
    TransientError,
    VersionRetiredError,
)
from linkedin.restli import encode_query
from linkedin.token_provider import TokenProvider

log = logging.getLogger(__name__)

USER_AGENT = "li-ads-tui/0.1 (+https://github.com/li-ads-tui)"
MAX_QUERY_STRING = 4000
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 256 * 1024 * 1024

JsonObject = dict[str, Any]
T = TypeVar("T")
Decoder = Callable[[bytes], T]
"""Turns a 2xx JSON body into a value; raises ValueError when the body is not valid JSON."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try before giving up. Tests shrink the waits to milliseconds."""

    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 120.0
    total_deadline: float = 600.0
    quota_429_threshold: int = 5
    """After this many 429s in a row for one request, the daily quota is assumed gone."""


DEFAULT_RETRY = RetryPolicy()


@dataclass
class ClientStats:
    """What the client did: shown in sync summaries and compared in the benchmark."""

    requests: int = 0
    retries: int = 0
    throttled: int = 0
    tunnelled: int = 0
    by_status: Counter[int] = field(default_factory=Counter)


class _Retryable(Exception):
    """Internal: one attempt failed in a way the next attempt may fix."""

    def __init__(self, error: TransientError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


class LinkedInClient:
    """Async client for LinkedIn's versioned REST API (``…/rest``).

    Use as an async context manager, or call :meth:`aclose`. One instance serves a
    whole sync, concurrent requests included (httpx pools the connections).
    """

    def __init__(
        self,
        *,
        base_url: str,
        version: str,
        token_provider: TokenProvider,
        timeout: float = 30.0,
        max_in_flight: int = 6,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.version = version
        self.stats = ClientStats()
        self._tokens = token_provider
        self._retry = retry or DEFAULT_RETRY
        self._sleep = sleep
        self._now = now
        self._paused_until = 0.0
        self.max_in_flight = max_in_flight
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
            follow_redirects=False,
        )

    async def __aenter__(self) -> LinkedInClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def get(
        self, path: str, params: Mapping[str, Any] | None = None, *, finder: bool = False
    ) -> JsonObject:
        """GET ``base_url + path`` with Rest.li-encoded `params`; the parsed JSON object."""
        return await self.get_decoded(path, params, decode_json_object, finder=finder)

    async def get_decoded(
        self,
        path: str,
        params: Mapping[str, Any] | None,
        decode: Decoder[T],
        *,
        finder: bool = False,
    ) -> T:
        """GET and turn the body into a value with `decode`, inside the retry loop.

        A decoder that raises ValueError (not valid JSON: a truncated or mangled body)
        makes the attempt retryable, exactly like a cut connection. Large answers use
        a decoder that validates straight from the bytes (pydantic's JSON parser), which
        avoids building a throwaway dict per row.
        """
        query = encode_query(params or {})
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(_Retryable),
            stop=stop_after_attempt(self._retry.max_attempts)
            | stop_after_delay(self._retry.total_deadline),
            wait=self._wait,
            sleep=self._sleep,
            before_sleep=self._count_retry,
            reraise=True,
        )
        consecutive_429 = 0
        try:
            async for attempt in retrying:
                with attempt:
                    try:
                        response = await self._send_with_auth(path, query, finder=finder)
                        return _decode_body(response, path, decode)
                    except _Retryable as retryable:
                        if retryable.error.status == 429:
                            consecutive_429 += 1
                            if consecutive_429 >= self._retry.quota_429_threshold:
                                raise DailyQuotaExceededError(
                                    endpoint=path, now=self._now()
                                ) from None
                        else:
                            consecutive_429 = 0
                        raise
        except _Retryable as exhausted:
            raise exhausted.error from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def paginate_cursor(
        self,
        path: str,
        params: Mapping[str, Any],
        *,
        page_size: int,
        finder: bool = False,
    ) -> AsyncIterator[list[JsonObject]]:
        """Yield the ``elements`` of each page of a cursor-paged search (``pageToken``)."""
        token: str | None = None
        seen: set[str] = set()
        while True:
            page_params = {**params, "pageSize": page_size, "pageToken": token}
            body = await self.get(path, page_params, finder=finder)
            yield _elements(body, path)
            token = (body.get("metadata") or {}).get("nextPageToken")
            if not token:
                return
            if not isinstance(token, str) or token in seen:
                raise PayloadError(
                    "LinkedIn returned a repeated or invalid page token", endpoint=path
                )
            seen.add(token)

    async def paginate_index(
        self, path: str, params: Mapping[str, Any], *, count: int
    ) -> AsyncIterator[list[JsonObject]]:
        """Yield the ``elements`` of each page of an index-paged list (``start``/``count``)."""
        start = 0
        while True:
            body = await self.get(path, {**params, "start": start, "count": count})
            elements = _elements(body, path)
            yield elements
            total = (body.get("paging") or {}).get("total")
            start += len(elements)
            if len(elements) < count or (isinstance(total, int) and start >= total):
                return

    # -- one attempt -----------------------------------------------------------------

    async def _send_with_auth(self, path: str, query: str, *, finder: bool) -> httpx.Response:
        """A 2xx response, or the typed error (retryable or not) its status means."""
        token = await self._tokens.access_token()
        response = await self._send(path, query, token, finder=finder)
        if response.status_code == 401:
            fresh = await self._tokens.refresh_after_unauthorized(token)
            if fresh is not None and fresh != token:
                response = await self._send(path, query, fresh, finder=finder)
        self._raise_for_status(path, response)
        return response

    async def _send(self, path: str, query: str, token: str, *, finder: bool) -> httpx.Response:
        async with self._in_flight:
            await self._wait_out_pause()
            return await self._send_now(path, query, token, finder=finder)

    async def _send_now(self, path: str, query: str, token: str, *, finder: bool) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }
        if finder:
            headers["X-RestLi-Method"] = "FINDER"
        url = self.base_url + path
        started = time.monotonic()
        self.stats.requests += 1
        try:
            if len(query) > MAX_QUERY_STRING:
                self.stats.tunnelled += 1
                headers["X-HTTP-Method-Override"] = "GET"
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                response = await self._http.post(url, content=query.encode(), headers=headers)
            else:
                response = await self._http.get(f"{url}?{query}" if query else url, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise _Retryable(
                TransientError(f"cannot connect to LinkedIn ({type(exc).__name__})", endpoint=path)
            ) from None
        except (httpx.ReadTimeout, httpx.WriteTimeout) as exc:
            raise _Retryable(
                TransientError(
                    f"LinkedIn did not answer in time ({type(exc).__name__})", endpoint=path
                )
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retryable(
                MalformedResponseError(
                    f"the connection broke while reading the answer ({type(exc).__name__})",
                    endpoint=path,
                )
            ) from None
        self.stats.by_status[response.status_code] += 1
        log.debug(
            "%s %s -> %s in %.0f ms",
            response.request.method,
            path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def _raise_for_status(self, path: str, response: httpx.Response) -> None:
        status = response.status_code
        request_id = response.headers.get("x-li-uuid")
        if 200 <= status < 300:
            return
        body = _error_body(response)
        message = str(
            body.get("message") or body.get("error_description") or _describe_non_json(response)
        )
        code = body.get("code")
        code = str(code) if code is not None else None
        kwargs: dict[str, Any] = {
            "status": status,
            "code": code,
            "endpoint": path,
            "request_id": request_id,
        }
        if status in RETRYABLE_STATUSES:
            if status == 429:
                self.stats.throttled += 1
                retry_after = _retry_after_seconds(response, self._now())
                error: TransientError = RateLimitedError(
                    f"LinkedIn is throttling requests: {message}", **kwargs
                )
                if retry_after is not None:
                    retry_after = min(retry_after, self._retry.retry_after_cap)
                self._pause(retry_after if retry_after is not None else self._retry.backoff_base)
                raise _Retryable(error, retry_after)
            raise _Retryable(TransientError(f"LinkedIn server error {status}: {message}", **kwargs))
        if status == 401:
            raise AuthError(
                f"LinkedIn rejected the access token ({code or 'invalid'}: {message}); "
                "the LinkedIn account must be connected again",
                **kwargs,
            )
        if status == 426:
            raise VersionRetiredError(self.version, endpoint=path)
        error_class: type[ApiError] = {
            400: BadRequestError,
            403: PermissionDeniedError,
            404: NotFoundError,
        }.get(status, ApiError)
        raise error_class(f"LinkedIn refused the request ({status}): {message}", **kwargs)

    # -- retry plumbing ------------------------------------------------------------------

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After when LinkedIn sent one, otherwise full-jitter exponential backoff."""
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        jitter = wait_random_exponential(
            multiplier=self._retry.backoff_base, max=self._retry.backoff_max
        )
        return float(jitter(state))

    def _count_retry(self, state: RetryCallState) -> None:
        self.stats.retries += 1
        outcome = state.outcome
        exc = outcome.exception() if outcome is not None else None
        if isinstance(exc, _Retryable):
            log.info("retrying after: %s", exc.error)

    def _pause(self, seconds: float) -> None:
        """Hold back every request of this client for `seconds` (a 429 was received)."""
        self._paused_until = max(self._paused_until, time.monotonic() + seconds)

    async def _wait_out_pause(self) -> None:
        remaining = self._paused_until - time.monotonic()
        if remaining > 0:
            await self._sleep(remaining)


def _elements(body: JsonObject, path: str) -> list[JsonObject]:
    elements = body.get("elements")
    if not isinstance(elements, list) or not all(isinstance(e, dict) for e in elements):
        raise PayloadError("the response has no list of elements", endpoint=path)
    return elements


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def decode_json_object(body: bytes) -> JsonObject:
    """The default decoder: a JSON object (NaN and Infinity refused)."""
    value = json.loads(body, parse_constant=_reject_constant)
    if not isinstance(value, dict):
        raise PayloadError("the response is not a JSON object")
    return value


def _decode_body(response: httpx.Response, path: str, decode: Decoder[T]) -> T:
    """Check the content type and size, then decode (a ValueError means "retry")."""
    content_type = response.headers.get("content-type", "")
    if "json" not in content_type.lower():
        raise _Retryable(
            MalformedResponseError(
                f"expected JSON but got {content_type.split(';')[0] or 'no content type'} "
                f"(status {response.status_code})",
                status=response.status_code,
                endpoint=path,
            )
        )
    if len(response.content) > MAX_BODY_BYTES:
        raise PayloadError("the response is too large to be an API answer", endpoint=path)
    try:
        return decode(response.content)
    except PayloadError as exc:
        exc.endpoint = exc.endpoint or path
        raise
    except (ValueError, UnicodeDecodeError):
        raise _Retryable(
            MalformedResponseError(
                "the response is not valid JSON (truncated or malformed)",
                status=response.status_code,
                endpoint=path,
            )
        ) from None


def _error_body(response: httpx.Response) -> JsonObject:
    """The Rest.li or OAuth error body, or {} when it is not JSON (an HTML page)."""
    if "json" not in response.headers.get("content-type", "").lower():
        return {}
    try:
        body = json.loads(response.content)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _describe_non_json(response: httpx.Response) -> str:
    """What a body without a JSON error is (an HTML page from a proxy, nothing at all)."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    if not response.content:
        return f"{response.reason_phrase} (empty body)"
    if content_type:
        return f"{response.reason_phrase} ({content_type} page, not a LinkedIn API answer)"
    return response.reason_phrase


def _retry_after_seconds(response: httpx.Response, now: datetime) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def is_transient(error: LinkedInError) -> bool:
    """Whether waiting and running again may succeed (used for exit code 75)."""
    return isinstance(error, TransientError)
