"""The server itself (keep-alive, lifecycle, latency, the request log) and the CLI."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from sandbox_http import REST_HEADERS, bare, client

from linkedin.sandbox import Sandbox


def _read_response(stream: socket.SocketIO) -> tuple[bytes, bytes]:
    """One HTTP/1.1 response read by its Content-Length: (head, body)."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        head += stream.read(1)
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    body = b""
    while len(body) < length:
        body += stream.read(length - len(body))
    return head, body


def test_keep_alive_serves_several_requests_on_one_connection(
    sandbox: Sandbox, sandbox_token: str
) -> None:
    request = (
        "GET /rest/adAccounts?q=search HTTP/1.1\r\nHost: x\r\n"
        f"Authorization: Bearer {sandbox_token}\r\n"
        "LinkedIn-Version: 202601\r\nX-Restli-Protocol-Version: 2.0.0\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", sandbox.port)) as connection:
        stream = socket.SocketIO(connection, "rb")
        for _ in range(3):
            connection.sendall(request)
            head, body = _read_response(stream)
            assert head.startswith(b"HTTP/1.1 200")
            assert body.startswith(b'{"elements":')


def test_lifecycle(sandbox_factory: Callable[..., Sandbox]) -> None:
    sb = sandbox_factory()
    with pytest.raises(RuntimeError):
        sb.start()
    port = sb.port
    with bare(sb.api_base_url) as http:
        http.get("/adAccounts")  # leaves an idle keep-alive connection open
        sb.stop()
        sb.stop()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1)
    with pytest.raises(RuntimeError):
        _ = sb.api_base_url


def test_context_manager() -> None:
    with Sandbox(seed=3) as sb:
        assert sb.api_base_url.startswith("http://127.0.0.1:")
        assert sb.oauth_base_url.endswith("/oauth/v2")
        assert sb.client_id.startswith("86")


def test_latency(sandbox_factory: Callable[..., Sandbox]) -> None:
    sb = sandbox_factory(latency_ms=150)
    with client(sb, sb.issue_token()["access_token"]) as http:
        started = time.perf_counter()
        http.get("/adAccounts?q=search")
        assert time.perf_counter() - started >= 0.15


def test_concurrent_requests(sandbox: Sandbox, sandbox_token: str) -> None:
    statuses: list[int] = []

    def work() -> None:
        with client(sandbox, sandbox_token) as http:
            statuses.extend(http.get("/adAccounts?q=search").status_code for _ in range(5))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 30
    assert len(sandbox.request_log) == 30


def test_request_log_records_and_redacts(sandbox: Sandbox, api: httpx.Client) -> None:
    api.get("/adAccounts?q=search&pageSize=2")
    with bare(sandbox.oauth_base_url) as oauth:
        oauth.post(
            "/accessToken?client_secret=hunter2&code=abc", data={"grant_type": "client_credentials"}
        )
    search, token_call = sandbox.request_log
    assert (search.method, search.path, search.query, search.status, search.elements) == (
        "GET",
        "/rest/adAccounts",
        "q=search&pageSize=2",
        200,
        2,
    )
    assert search.headers["x-restli-protocol-version"] == REST_HEADERS["X-Restli-Protocol-Version"]
    assert search.duration_ms > 0
    assert token_call.query == "client_secret=***&code=***"
    assert "hunter2" not in repr(sandbox.request_log)
    sandbox.clear_log()
    assert sandbox.request_log == []


def test_unknown_root_is_404(sandbox: Sandbox) -> None:
    with bare(sandbox.base_url) as http:
        assert http.get("/favicon.ico").status_code == 404


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("li-ads-sandbox")
    return [str(script)] if script.exists() else [sys.executable, "-m", "linkedin.sandbox.cli"]


def test_cli_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [*_cli(), "--port", "0", "--seed", "3", "--faults", "500:every=1000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        settings: dict[str, str] = {}
        while "LINKEDIN_ACCESS_TOKEN" not in settings:
            line = process.stdout.readline()
            assert line, process.stderr.read() if process.stderr else ""
            if "=" in line and not line.startswith("#"):
                key, _sep, value = line.strip().partition("=")
                settings[key] = value
        assert settings["LINKEDIN_REDIRECT_URI"] == "http://localhost:8765/callback"
        headers = {**REST_HEADERS, "Authorization": f"Bearer {settings['LINKEDIN_ACCESS_TOKEN']}"}
        with bare(settings["LINKEDIN_API_BASE_URL"], **headers) as http:
            assert http.get("/adAccounts?q=search").status_code == 200
        form = {
            "grant_type": "client_credentials",
            "client_id": settings["LINKEDIN_CLIENT_ID"],
            "client_secret": settings["LINKEDIN_CLIENT_SECRET"],
        }
        with bare(settings["LINKEDIN_OAUTH_BASE_URL"]) as oauth:
            assert oauth.post("/accessToken", data=form).status_code == 200
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in stderr
    assert "stopped" in stdout


def test_cli_rejects_a_bad_fault_spec() -> None:
    result = subprocess.run(
        [*_cli(), "--faults", "slow:p=0.5"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 2
    assert "slow needs a duration" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_documents_the_fault_grammar() -> None:
    result = subprocess.run([*_cli(), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert "retry-after=S" in result.stdout
    assert "quota:after=500" in result.stdout


def test_cli_reports_a_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*_cli(), "--port", str(port)], capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 1
    assert f"cannot listen on port {port}" in result.stderr
    assert "Traceback" not in result.stderr
