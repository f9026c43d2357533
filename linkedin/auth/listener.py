"""The loopback HTTP listener that receives LinkedIn's redirect for one login attempt.

Kept deliberately small and strict (RFC 8252 §7.3/§8.3 and the gh/rclone/MSAL
listeners in reliability-notes §1.6):

- binds only loopback addresses, derived from the redirect URI: ``127.0.0.1`` and
  ``::1`` for ``localhost`` (browsers may try either first), never ``0.0.0.0``;
- exists only while an attempt waits; the attempt closes it after one valid callback;
- a busy port is reported at once, naming it, before any browser is opened (someone
  else listening there would receive the code);
- any other path (``/favicon.ico``) gets a 404 and the attempt keeps waiting;
- it never logs the request line (it holds the code) and HTML-escapes everything it
  echoes, because ``error_description`` is attacker-controlled;
- pages are sent with ``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store``
  so the address with the code in it does not travel further.

What a callback *means* is decided by the attempt (:mod:`linkedin.auth.flow`); this
module only speaks HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from linkedin.auth.errors import ListenerError, ListenerPortInUseError

log = logging.getLogger(__name__)

_LOOPBACK_NAMES = {
    "localhost": ("127.0.0.1", "::1"),
    "127.0.0.1": ("127.0.0.1",),
    "::1": ("::1",),
}
_READ_TIMEOUT = 10.0
_MAX_REQUEST_HEAD = 16 * 1024


@dataclass(frozen=True)
class Page:
    """What to answer the browser: a status and plain text (escaped when rendered)."""

    status: int
    title: str
    text: str


@dataclass(frozen=True)
class LoopbackAddress:
    """Where a redirect URI can be served from this machine."""

    hosts: tuple[str, ...]
    port: int
    path: str
    display_host: str


CallbackHandler = Callable[[dict[str, list[str]]], Page]


def loopback_address(redirect_uri: str) -> LoopbackAddress | None:
    """The loopback hosts/port/path of an ``http://`` loopback redirect URI, else None.

    A non-loopback or ``https`` redirect URI cannot be served by a local listener; the
    login then relies on pasting the redirected address.
    """
    parts = urlsplit(redirect_uri)
    host = (parts.hostname or "").lower()
    if parts.scheme != "http" or host not in _LOOPBACK_NAMES:
        return None
    return LoopbackAddress(
        hosts=_LOOPBACK_NAMES[host],
        port=parts.port or 80,
        path=parts.path or "/",
        display_host=host,
    )


class CallbackListener:
    """A one-attempt HTTP server on the loopback interface."""

    def __init__(self, address: LoopbackAddress, on_callback: CallbackHandler) -> None:
        self.address = address
        self._on_callback = on_callback
        self._servers: list[asyncio.Server] = []
        self._unanswered: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        """Bind every loopback host of the address, or raise ListenerPortInUseError."""
        for host in self.address.hosts:
            try:
                server = await asyncio.start_server(
                    self._serve, host, self.address.port, limit=_MAX_REQUEST_HEAD
                )
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL and host == "::1":
                    continue  # no IPv6 loopback on this machine: 127.0.0.1 is enough
                await self.close()
                host_name, port = self.address.display_host, self.address.port
                if exc.errno == errno.EADDRINUSE:
                    raise ListenerPortInUseError(host_name, port) from None
                raise ListenerError(host_name, port, exc.strerror or type(exc).__name__) from None
            self._servers.append(server)
        log.debug("login listener on port %d", self.address.port)

    @property
    def is_open(self) -> bool:
        return any(server.is_serving() for server in self._servers)

    def stop_accepting(self) -> None:
        """Stop taking connections now (safe inside a request handler; idempotent)."""
        for server in self._servers:
            server.close()

    async def close(self) -> None:
        """Stop and wait until the sockets are released (not from inside a handler).

        Connections that never sent a request (browsers open speculative ones) are
        dropped, so closing never waits for their read timeout.
        """
        self.stop_accepting()
        for writer in list(self._unanswered):
            writer.transport.abort()
        servers, self._servers = self._servers, []
        for server in servers:
            await server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._unanswered.add(writer)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _READ_TIMEOUT)
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            page = Page(400, "Bad request", "This request could not be read.")
        except ConnectionError:
            writer.close()
            return
        else:
            page = self._answer(head)
        finally:
            self._unanswered.discard(writer)
        with contextlib.suppress(ConnectionError):
            writer.write(_render(page))
            await writer.drain()
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()

    def _answer(self, head: bytes) -> Page:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/"):
            return Page(400, "Bad request", "This request could not be read.")
        method, target = parts[0], parts[1]
        url = urlsplit(target)
        if url.path != self.address.path:
            return Page(
                404, "Not found", "Nothing here: this server only receives the login callback."
            )
        if method != "GET":
            return Page(405, "Method not allowed", "The login callback only accepts GET.")
        return self._on_callback(parse_qs(url.query, keep_blank_values=True))


_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


def _render(page: Page) -> bytes:
    title = html.escape(page.title)
    body = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>li-ads-tui: {title}</title></head>"
        "<body style='font-family: sans-serif; max-width: 40em; margin: 3em auto'>"
        f"<h1>{title}</h1><p>{html.escape(page.text)}</p></body></html>"
    ).encode()
    head = (
        f"HTTP/1.1 {page.status} {_REASONS.get(page.status, 'Error')}\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "Referrer-Policy: no-referrer\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n"
        "Connection: close\r\n\r\n"
    ).encode("ascii")
    return head + body
