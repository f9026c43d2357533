"""The sandbox server: LinkedIn's API and OAuth on a loopback port, in a background thread.

:class:`Sandbox` is the one object tests and ``li-ads-tui --demo`` use. It wires the
dataset, the OAuth provider, the gate, the throttles, the fault plan and the request log
to a standard-library ``ThreadingHTTPServer`` speaking HTTP/1.1 with keep-alive (every
response has a Content-Length, so clients can reuse connections).

Per request, in order: read it (a POST with ``X-HTTP-Method-Override: GET`` and a form body
is the tunnelled GET; without a body it is a 411), refuse a query string over 4,096
characters (414), wait the configured latency, apply the fault plan, then answer from
``/oauth/v2/...`` or the API (``/rest/...``, ``/v2/...``). Every response carries an
``x-li-uuid`` header, and every request lands in :attr:`Sandbox.request_log`.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal
from urllib.parse import urlsplit

from linkedin.sandbox.dataset import Dataset, DatasetSpec, Size, load_dataset
from linkedin.sandbox.delivery import derive_key
from linkedin.sandbox.faults import STATUS_KINDS, FaultPlan
from linkedin.sandbox.gate import Gate
from linkedin.sandbox.http import Problem, Request, Response, not_found
from linkedin.sandbox.oauth import ACCESS_TTL, REFRESH_TTL, Consent, OAuthProvider
from linkedin.sandbox.protocol import Cursor
from linkedin.sandbox.requestlog import RequestLog, RequestRecord, logged_headers, redact_query
from linkedin.sandbox.routes import Api
from linkedin.sandbox.throttle import (
    DATA_THROTTLE_LIMIT,
    DailyQuotas,
    DataThrottle,
    QuotaLimit,
    throttled,
)

DEFAULT_ACTIVE_VERSIONS = tuple(f"2026{month:02d}" for month in range(1, 11))
DEFAULT_REDIRECT_URIS = ("http://localhost:8765/callback", "http://127.0.0.1:8765/callback")
MAX_QUERY_LENGTH = 4096
_log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _real_time() -> datetime:
    return datetime.now(UTC)


class Sandbox:
    """An emulated LinkedIn Marketing API + OAuth server. Use as a context manager or
    call :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        seed: int = 7,
        size: Size = "small",
        *,
        spec: DatasetSpec | None = None,
        latency_ms: int = 0,
        faults: FaultPlan | None = None,
        clock: Clock | None = None,
        active_versions: Iterable[str] | None = None,
        refresh_tokens: bool = True,
        redirect_uris: Iterable[str] = (),
        host: str = "127.0.0.1",
        port: int = 0,
        app_daily_limit: QuotaLimit = None,
        member_daily_limit: QuotaLimit = None,
        data_throttle_limit: int = DATA_THROTTLE_LIMIT,
        max_query_length: int = MAX_QUERY_LENGTH,
        cache_responses: bool = False,
    ) -> None:
        self._base_clock: Clock = clock or _real_time
        self.cache_responses = cache_responses
        self._response_cache: dict[tuple[str, ...], Response] = {}
        self._offset = timedelta()
        self.seed = seed
        self.latency_ms = latency_ms
        self.faults = faults
        self.max_query_length = max_query_length
        self.host = host
        self._port = port
        self.dataset: Dataset = load_dataset(
            (spec or DatasetSpec.preset(size)).anchored(self.now().date()), seed
        )
        self.client_id = f"86{derive_key(seed, 0xC11E) % 16**12:012x}"
        self.client_secret = "WPL_AP1." + secrets.token_urlsafe(24)
        self.redirect_uris = tuple(dict.fromkeys((*DEFAULT_REDIRECT_URIS, *redirect_uris)))
        self.oauth = OAuthProvider(
            self.client_id,
            self.client_secret,
            self.redirect_uris,
            self.dataset.member_urn,
            self.now,
            refresh_tokens=refresh_tokens,
        )
        self.gate = Gate(self.oauth, tuple(active_versions or DEFAULT_ACTIVE_VERSIONS), self.now)
        self.quotas = DailyQuotas(app_daily_limit, member_daily_limit)
        self.data_throttle = DataThrottle(data_throttle_limit)
        self.api = Api(
            self.dataset,
            self.gate,
            self.quotas,
            self.data_throttle,
            Cursor(os.urandom(16)),
            self.now,
        )
        self._log = RequestLog()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> Sandbox:
        if self._server is not None:
            raise RuntimeError("the sandbox is already running")
        self._server = _Server((self.host, self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"li-ads-sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and cut open keep-alive connections. Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.close_connections()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running: call start() first")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/rest"

    @property
    def oauth_base_url(self) -> str:
        return f"{self.base_url}/oauth/v2"

    # -- clock --------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The sandbox's "now" (aware UTC): the clock plus any :meth:`advance`."""
        return self._base_clock() + self._offset

    def set_clock(self, clock: datetime | Clock) -> None:
        """Freeze "now" at a datetime, or follow a new clock callable."""
        if isinstance(clock, datetime):
            if clock.tzinfo is None:
                raise ValueError("the sandbox clock must be timezone-aware (UTC)")
            frozen = clock
            self._base_clock = lambda: frozen
        else:
            self._base_clock = clock
        self._offset = timedelta()

    def advance(self, delta: timedelta) -> None:
        """Move "now" forward (e.g. to the next UTC day, past a token's expiry)."""
        self._offset += delta

    # -- OAuth helpers for tests and the demo -------------------------------------------------

    @property
    def member_urn(self) -> str:
        return self.dataset.member_urn

    @property
    def consent(self) -> Consent:
        """What the simulated member does on the consent screen (approve, or cancel)."""
        return self.oauth.consent

    @consent.setter
    def consent(self, value: Consent) -> None:
        self.oauth.consent = value

    @property
    def active_versions(self) -> frozenset[str]:
        return self.gate.active_versions

    @active_versions.setter
    def active_versions(self, versions: Iterable[str]) -> None:
        self.gate.active_versions = frozenset(versions)

    def issue_token(
        self,
        scopes: Iterable[str] = ("r_ads", "r_ads_reporting"),
        expires_in: int = ACCESS_TTL,
        refresh: bool = True,
        refresh_expires_in: int = REFRESH_TTL,
    ) -> dict[str, Any]:
        """A token response like ``POST accessToken`` returns (no browser needed).

        It has a refresh token when `refresh` is true and the sandbox has refresh tokens on.
        """
        return self.oauth.issue(
            scopes, expires_in=expires_in, refresh=refresh, refresh_expires_in=refresh_expires_in
        )

    def revoke_token(self, token: str) -> None:
        """Revoke the authorization behind an access or refresh token (all its tokens)."""
        self.oauth.revoke(token)

    def expire_token(self, token: str) -> None:
        """Expire one access or refresh token now."""
        self.oauth.expire(token)

    # -- request log --------------------------------------------------------------------------

    @property
    def request_log(self) -> list[RequestRecord]:
        return self._log.snapshot()

    def clear_log(self) -> None:
        self._log.clear()

    # -- serving ------------------------------------------------------------------------------

    def serve(self, handler: _Handler) -> None:
        """Answer one request on a server thread (called by the request handler).

        The log entry is added before the response is written, so a client that has its
        answer always finds the request in :attr:`request_log`.
        """
        started = time.perf_counter()
        arrived = self.now()
        request_id = base64.b64encode(os.urandom(16)).decode()
        target = urlsplit(handler.path)
        headers = {name.lower(): value for name, value in handler.headers.items()}
        outcome = self._answer(
            handler, Request(handler.command, target.path, target.query, headers)
        )
        request, response = outcome.request, outcome.response
        self._log.add(
            RequestRecord(
                method=request.method,
                path=request.path,
                query=redact_query(request.query),
                status=response.status if response is not None else 0,
                headers=logged_headers(request.headers),
                authorized="authorization" in request.headers,
                tunnelled=request.tunnelled,
                elements=response.elements if response is not None else None,
                duration_ms=(time.perf_counter() - started) * 1000,
                fault=outcome.fault,
                at=arrived,
                request_id=request_id,
            )
        )
        if response is None:
            handler.close_connection = True
            return
        try:
            _write(handler, response, request_id, truncate=outcome.mode == "truncate")
        except OSError:  # the client went away mid-response
            handler.close_connection = True

    def _answer(self, handler: _Handler, request: Request) -> _Outcome:
        """Read the body, run the pre-checks and faults, and produce the response."""
        try:
            request = self._untunnel(_with_body(handler, request))
            if len(request.query) > self.max_query_length and not request.tunnelled:
                raise Problem(414, "URI Too Long")
            if self.latency_ms:
                time.sleep(self.latency_ms / 1000)
            plan = self.faults
            decision = plan.decide(request.path, self.now()) if plan is not None else None
            if decision is not None and decision.delay_seconds:
                time.sleep(decision.delay_seconds)
            rule = decision.rule if decision is not None else None
            if rule is None:
                return _Outcome(request, self._dispatch(request), None, "normal")
            if rule.kind == "drop":
                handler.close_connection = True
                return _Outcome(request, None, rule.kind, "drop")
            if rule.kind == "truncate":
                return _Outcome(request, self._dispatch(request), rule.kind, "truncate")
            response = self._fault_response(request, rule.kind, rule.retry_after)
            return _Outcome(request, response, rule.kind, "normal")
        except Problem as problem:
            return _Outcome(request, problem.response(), None, "normal")
        except Exception:
            _log.exception("sandbox bug while answering %s %s", request.method, request.path)
            failure = Problem(500, "Internal Server Error", code="INTERNAL_SERVER_ERROR")
            return _Outcome(request, failure.response(), None, "normal")

    def _untunnel(self, request: Request) -> Request:
        """A POST with ``X-HTTP-Method-Override: GET`` carries the GET's query in its body."""
        override = request.header("x-http-method-override")
        if request.method == "POST" and override is not None:
            if override.strip().upper() != "GET":
                raise Problem(
                    405, f"X-HTTP-Method-Override {override} is not supported (read-only)"
                )
            if not request.body:
                raise Problem(411, "Length Required")
            content_type = (request.header("content-type") or "").split(";")[0].strip()
            if content_type != "application/x-www-form-urlencoded":
                raise Problem(
                    400,
                    "A tunnelled GET needs Content-Type: application/x-www-form-urlencoded",
                    code="ILLEGAL_ARGUMENT",
                )
            try:
                body_query = request.body.decode("ascii")
            except UnicodeDecodeError:
                raise Problem(400, "The tunnelled query must be URL-encoded ASCII") from None
            query = "&".join(filter(None, (request.query, body_query)))
            return Request("GET", request.path, query, request.headers, b"", tunnelled=True)
        if request.method == "POST" and request.header("content-length") is None:
            raise Problem(411, "Length Required")
        return request

    def _dispatch(self, request: Request) -> Response:
        cache_key = self._cache_key(request)
        if cache_key is not None and cache_key in self._response_cache:
            return self._response_cache[cache_key]
        try:
            if request.path.startswith("/oauth/v2/"):
                return self.oauth.handle(request, request.path.removeprefix("/oauth/v2/"))
            if request.path.startswith(("/rest/", "/v2/")):
                response = self.api.handle(request)
                if cache_key is not None and response.status == 200:
                    self._response_cache[cache_key] = response
                return response
            raise not_found(f"No root resource defined for path '{request.path}'")
        except Problem as problem:
            return problem.response()

    def _cache_key(self, request: Request) -> tuple[str, ...] | None:
        """With ``cache_responses`` (benchmarks, on a frozen clock): the inputs of an
        analytics answer. A warm cache leaves the client's own cost to be measured, as
        against LinkedIn, whose many servers answer requests in parallel, while this
        one Python process would otherwise be the bottleneck. The gate's inputs (token,
        version, protocol) are part of the key, so a refused request is never served."""
        if not self.cache_responses or not request.path.startswith("/rest/adAnalytics"):
            return None
        return (
            request.method,
            request.path,
            request.query,
            request.header("authorization") or "",
            request.header("linkedin-version") or "",
            request.header("x-restli-protocol-version") or "",
        )

    def _fault_response(self, request: Request, kind: str, retry_after: int | None) -> Response:
        if kind in STATUS_KINDS:
            return _status_fault(kind, retry_after)
        if kind == "quota":
            return throttled().response()
        if kind == "html":
            return Response.html(
                502,
                "502 Bad Gateway",
                "The proxy server received an invalid response from an upstream server.",
            )
        if kind == "malformed":
            return Response(200, b'{"elements":[{"impressions":1843,"clicks":27,"costIn')
        # expire: the caller's token stops working now, as if it ran out mid-run.
        header = request.header("authorization") or ""
        token = header.partition(" ")[2].strip()
        if self.oauth.access_token(token) is not None:
            self.oauth.expire(token)
        return Problem(
            401,
            "The token used in the request has expired",
            code="EXPIRED_ACCESS_TOKEN",
            service_error_code=65602,
        ).response()


def _status_fault(kind: str, retry_after: int | None) -> Response:
    if kind == "429":
        response = throttled().response()
        if retry_after is not None:
            response.headers["Retry-After"] = str(retry_after)
        return response
    messages = {
        "500": ("Internal Server Error", "INTERNAL_SERVER_ERROR"),
        "502": ("Bad Gateway", None),
        "503": ("Service Unavailable", None),
        "504": ("Gateway Timeout", None),
    }
    message, code = messages[kind]
    headers = {"X-Restli-Gateway-Error": "true"} if kind in {"502", "504"} else {}
    return Problem(int(kind), message, code=code, headers=headers).response()


@dataclass(frozen=True, slots=True)
class _Outcome:
    request: Request  # as finally understood (a tunnelled GET has its query filled in)
    response: Response | None  # None: the connection is dropped without an answer
    fault: str | None
    mode: Literal["normal", "truncate", "drop"]  # drop: close without a response


def _with_body(handler: _Handler, request: Request) -> Request:
    """Read the request body (Content-Length only: chunked uploads are a 411)."""
    if "chunked" in (request.header("transfer-encoding") or "").lower():
        handler.close_connection = True
        raise Problem(411, "Length Required")
    length = request.header("content-length")
    if length is None:
        return request
    if not length.strip().isdigit():
        handler.close_connection = True
        raise Problem(400, "Invalid Content-Length")
    body = handler.rfile.read(int(length))
    return Request(request.method, request.path, request.query, request.headers, body)


def _write(handler: _Handler, response: Response, request_id: str, *, truncate: bool) -> None:
    body = response.body
    handler.send_response(response.status)
    handler.send_header("Content-Type", response.content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.send_header("x-li-uuid", request_id)
    handler.send_header("x-li-fabric", "prod-lor1")
    for name, value in response.headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    if truncate:
        handler.wfile.write(body[: len(body) // 2])
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)
        return
    handler.wfile.write(body)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "li-ads-sandbox"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this many seconds
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    server: _Server

    def _serve(self) -> None:
        self.server.sandbox.serve(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log: the request log has it all."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()
        with self._connections_lock:
            self._connections.add(connection)
        return connection, address

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                connection.shutdown(socket.SHUT_RDWR)
