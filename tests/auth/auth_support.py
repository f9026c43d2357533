"""Helpers shared by the auth tests (fixtures wrap them in conftest.py)."""

from __future__ import annotations

import io
import queue
import re
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from linkedin.sandbox import Sandbox

CLIENT_SECRET = "test-client-secret-value"
T0 = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeClock:
    """A settable clock for code that takes ``clock=``."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Terminal:
    """A terminal for ``run_auth`` running in a thread: the test types, then reads.

    ``readline`` blocks like a real stdin until the test types a line (or closes it).
    """

    def __init__(self) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        self.out = io.StringIO()
        self.err = io.StringIO()
        self.opened: list[str] = []
        self.exit_code: int | None = None
        self._thread: threading.Thread | None = None

    def readline(self) -> str:
        return self._lines.get()

    def type(self, line: str) -> None:
        self._lines.put(line + "\n")

    def close_stdin(self) -> None:
        self._lines.put("")

    def open_browser(self, url: str) -> bool:
        self.opened.append(url)
        return True

    def start(self, run: Callable[[Terminal], int]) -> None:
        def target() -> None:
            self.exit_code = run(self)

        self._thread = threading.Thread(target=target, daemon=True)
        self._thread.start()

    def wait_for(self, pattern: str, timeout: float = 10.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.out.getvalue())
            if match:
                return match
            if self._thread is not None and not self._thread.is_alive():
                break
            time.sleep(0.01)
        raise AssertionError(
            f"{pattern!r} not printed; stdout:\n{self.out.getvalue()}\n"
            f"stderr:\n{self.err.getvalue()}"
        )

    def authorization_url(self) -> str:
        return self.wait_for(r"  (http://\S+/authorization\?\S+)").group(1)

    def finish(self, timeout: float = 20.0) -> int:
        assert self._thread is not None
        self._thread.join(timeout)
        self.close_stdin()  # release the reader thread
        assert not self._thread.is_alive(), "run_auth did not return"
        assert self.exit_code is not None
        return self.exit_code


def token_requests(sandbox: Sandbox) -> int:
    """POSTs that reached ``/oauth/v2/accessToken`` (exchanges and refreshes)."""
    return sum(
        1
        for record in sandbox.request_log
        if record.method == "POST" and record.path.endswith("/oauth/v2/accessToken")
    )


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


def redirect_of(sandbox_url: str, **extra: str) -> str:
    """The address the sandbox's consent page sends the browser to (not followed)."""
    url = f"{sandbox_url}&{urlencode(extra)}" if extra else sandbox_url
    response = httpx.get(url)
    assert response.status_code == 302, response.text
    return response.headers["location"]
