"""``run_auth`` (``li-ads-tui --auth``) in a plain terminal, without a token endpoint.

What happens before and around the exchange: refusals, the SSH paste-first path, the
port check before any browser. The full runs against the sandbox are in
``test_auth_sandbox_flow.py``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from auth_support import CLIENT_SECRET, Terminal, redirect_of

from li_ads_tui.auth_cli import auth_health, oauth_app, run_auth, token_provider
from li_ads_tui.settings import Settings
from linkedin.auth import StoredTokenProvider, TokenStore
from linkedin.sandbox import Sandbox
from linkedin.token_provider import StaticTokenProvider


def settings_for(port: int, tmp_path: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "linkedin_client_id": "test-client",
        "linkedin_client_secret": CLIENT_SECRET,
        "linkedin_redirect_uri": f"http://localhost:{port}/callback",
        "linkedin_oauth_base_url": "http://127.0.0.1:9/oauth/v2",
        "li_ads_data_dir": tmp_path / "data",
    }
    values.update(extra)
    return Settings(**values)


def start(terminal: Terminal, settings: Settings, **kwargs: Any) -> None:
    kwargs.setdefault("environ", {"DISPLAY": ":0"})
    terminal.start(
        lambda term: run_auth(
            settings,
            stdin=term,  # type: ignore[arg-type]
            stdout=term.out,
            stderr=term.err,
            open_browser=term.open_browser,
            **kwargs,
        )
    )


def test_environment_token_refuses_to_store_a_login(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    settings = settings_for(port, tmp_path, linkedin_access_token="env-access-token-value")
    start(terminal, settings)
    assert terminal.finish() == 78
    assert "LINKEDIN_ACCESS_TOKEN is set" in terminal.err.getvalue()
    assert "env-access-token-value" not in terminal.out.getvalue() + terminal.err.getvalue()
    assert not (tmp_path / "data").exists()
    assert terminal.opened == []


def test_missing_app_credentials_are_named(terminal: Terminal, port: int, tmp_path: Path) -> None:
    settings = settings_for(port, tmp_path, linkedin_client_id=None, linkedin_client_secret=None)
    start(terminal, settings)
    assert terminal.finish() == 78
    assert "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET must be set" in terminal.err.getvalue()


def test_port_taken_fails_before_any_browser_opens(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        start(terminal, settings_for(port, tmp_path))
        assert terminal.finish() == 75
    assert f"port {port} is already in use" in terminal.err.getvalue()
    assert terminal.opened == []
    assert "Traceback" not in terminal.err.getvalue()


def test_desktop_opens_the_browser_and_prints_the_url(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    start(terminal, settings_for(port, tmp_path), login_timeout=0.5)
    url = terminal.authorization_url()
    assert terminal.opened == [url]
    assert (
        f"Waiting up to 1 min for LinkedIn to send the browser back to http://localhost:{port}/callback"
        in terminal.out.getvalue()
    )
    assert terminal.finish() == 77
    assert "No answer from LinkedIn within 1 minute" in terminal.err.getvalue()


def test_over_ssh_paste_comes_first_and_the_tunnel_is_explained(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    start(terminal, settings_for(port, tmp_path), environ={"SSH_CONNECTION": "1 2 3 4"})
    url = terminal.authorization_url()
    out = terminal.out.getvalue()
    assert terminal.opened == []
    assert "No browser can be opened from this SSH session" in out
    assert f"ssh -L {port}:localhost:{port} <this host>" in out
    state = parse_qs(urlsplit(url).query)["state"][0]
    terminal.type("this is not it")
    terminal.wait_for("That is not an address or an authorization code")
    terminal.type(
        f"http://localhost:{port}/callback?"
        + urlencode({"error": "user_cancelled_authorize", "state": state})
    )
    assert terminal.finish() == 77
    assert "You declined the permission request" in terminal.err.getvalue()


def test_closed_stdin_still_waits_for_the_browser(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    start(terminal, settings_for(port, tmp_path), login_timeout=0.5)
    terminal.authorization_url()
    terminal.close_stdin()
    assert terminal.finish() == 77
    assert "No answer from LinkedIn" in terminal.err.getvalue()


@pytest.mark.parametrize("ssh", [True, False])
def test_redirect_uri_hint_is_printed(
    terminal: Terminal, port: int, tmp_path: Path, ssh: bool
) -> None:
    environ = {"SSH_TTY": "/dev/pts/0"} if ssh else {"DISPLAY": ":0"}
    start(terminal, settings_for(port, tmp_path), environ=environ, login_timeout=0.3)
    terminal.authorization_url()
    assert terminal.finish() == 77
    assert (
        f"add http://localhost:{port}/callback to your app's Authorized redirect URLs"
        in terminal.out.getvalue()
    )


def sandbox_settings(sandbox: Sandbox, port: int, tmp_path: Path, **extra: Any) -> Settings:
    return settings_for(
        port,
        tmp_path,
        linkedin_client_id=sandbox.client_id,
        linkedin_client_secret=sandbox.client_secret,
        linkedin_oauth_base_url=sandbox.oauth_base_url,
        **extra,
    )


def assert_connected(terminal: Terminal, tmp_path: Path) -> None:
    assert terminal.finish() == 0, terminal.err.getvalue()
    out = terminal.out.getvalue()
    token_file = tmp_path / "data" / "linkedin-token.json"
    assert f"Connected. The token is saved in {token_file}" in out
    assert "Access token valid until" in out
    assert "scopes: r_ads, r_ads_reporting" in out
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert terminal.err.getvalue() == ""


def test_cli_connects_through_the_browser_and_listener(
    terminal: Terminal, sandbox: Sandbox, port: int, tmp_path: Path
) -> None:
    start(terminal, sandbox_settings(sandbox, port, tmp_path))
    url = terminal.authorization_url()
    assert terminal.opened == [url]
    page = httpx.get(url, follow_redirects=True)  # the browser
    assert "Authorization received" in page.text
    assert_connected(terminal, tmp_path)
    assert (
        "It is refreshed automatically until the refresh token expires" in terminal.out.getvalue()
    )


def test_cli_connects_over_ssh_by_pasting_the_address(
    terminal: Terminal, sandbox: Sandbox, port: int, tmp_path: Path
) -> None:
    start(
        terminal, sandbox_settings(sandbox, port, tmp_path), environ={"SSH_CONNECTION": "1 2 3 4"}
    )
    terminal.type(redirect_of(terminal.authorization_url()))
    assert_connected(terminal, tmp_path)
    assert terminal.opened == []


def test_cli_reports_no_refresh_tokens_as_reconnect_in_n_days(
    terminal: Terminal, port: int, tmp_path: Path
) -> None:
    redirect = f"http://localhost:{port}/callback"
    with Sandbox(seed=7, refresh_tokens=False, redirect_uris=(redirect,)) as sb:
        start(terminal, sandbox_settings(sb, port, tmp_path), environ={})
        terminal.type(redirect_of(terminal.authorization_url()))
        assert_connected(terminal, tmp_path)
    assert (
        "This LinkedIn app gets no refresh tokens: run li-ads-tui --auth again within 59 days"
        in terminal.out.getvalue()
    )


def test_demo_enter_approves_in_the_sandbox(terminal: Terminal, port: int, tmp_path: Path) -> None:
    """A newcomer in a terminal without a browser: ``--demo --auth``, then Enter."""
    redirect = f"http://localhost:{port}/callback"
    with Sandbox(seed=7, redirect_uris=(redirect,)) as demo:
        settings = settings_for(
            port,
            tmp_path,
            linkedin_client_id=None,
            linkedin_client_secret=None,
            linkedin_access_token="a-real-token-the-demo-must-ignore",
        )
        start(terminal, settings, demo_sandbox=demo, environ={})
        terminal.authorization_url()
        assert "in the demo sandbox" in terminal.out.getvalue()
        assert "Demo: press Enter to approve in the sandbox" in terminal.out.getvalue()
        terminal.type("")
        assert_connected(terminal, tmp_path)
        assert [r.path for r in demo.request_log] == [
            "/oauth/v2/authorization",
            "/oauth/v2/accessToken",
        ]


def test_demo_uses_the_sandbox_app_and_a_redirect_uri_it_knows(
    sandbox: Sandbox, port: int, tmp_path: Path
) -> None:
    settings = settings_for(port, tmp_path, linkedin_redirect_uri="http://localhost:1/elsewhere")
    app = oauth_app(settings, sandbox)
    assert (app.client_id, app.oauth_base_url) == (sandbox.client_id, sandbox.oauth_base_url)
    assert app.redirect_uri == "http://localhost:8765/callback"
    assert oauth_app(settings_for(port, tmp_path), sandbox).redirect_uri == (
        f"http://localhost:{port}/callback"
    )


def test_environment_token_wins_outside_the_demo_only(
    sandbox: Sandbox, port: int, tmp_path: Path
) -> None:
    settings = settings_for(port, tmp_path, linkedin_access_token="env-token-for-automation")
    assert isinstance(token_provider(settings), StaticTokenProvider)
    assert auth_health(settings).source == "environment"
    assert isinstance(token_provider(settings, sandbox), StoredTokenProvider)
    assert auth_health(settings, sandbox).source == "none"
    assert not (tmp_path / "data").exists()  # nothing written


def auth_subprocess(env: dict[str, str], tmp_path: Path) -> subprocess.Popen[str]:
    script = (
        "import sys\n"
        "from li_ads_tui.auth_cli import run_auth\n"
        "from li_ads_tui.settings import load_settings\n"
        "sys.exit(run_auth(load_settings()))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), **env},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )


def read_until_url(proc: subprocess.Popen[str]) -> tuple[str, list[str]]:
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "/authorization?" in line:
            return line.strip(), seen
    raise AssertionError(f"no URL printed: {seen}")


def test_ctrl_c_ends_the_login_cleanly(port: int, tmp_path: Path) -> None:
    proc = auth_subprocess(
        {
            "LINKEDIN_CLIENT_ID": "test-client",
            "LINKEDIN_CLIENT_SECRET": CLIENT_SECRET,
            "LINKEDIN_REDIRECT_URI": f"http://localhost:{port}/callback",
            "LI_ADS_DATA_DIR": str(tmp_path / "data"),
            "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22",  # never open a real browser
        },
        tmp_path,
    )
    read_until_url(proc)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Login interrupted; no account was connected." in out
    assert "Traceback" not in err
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the listener is gone


def test_auth_as_a_subprocess(sandbox: Sandbox, port: int, tmp_path: Path) -> None:
    proc = auth_subprocess(
        {
            "LINKEDIN_CLIENT_ID": sandbox.client_id,
            "LINKEDIN_CLIENT_SECRET": sandbox.client_secret,
            "LINKEDIN_OAUTH_BASE_URL": sandbox.oauth_base_url,
            "LINKEDIN_REDIRECT_URI": f"http://localhost:{port}/callback",
            "LI_ADS_DATA_DIR": str(tmp_path / "data"),
            "SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22",
        },
        tmp_path,
    )
    assert proc.stdin is not None
    url, seen = read_until_url(proc)
    location = redirect_of(url)
    proc.stdin.write(location + "\n")
    proc.stdin.flush()
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Connected." in out
    code = parse_qs(urlsplit(location).query)["code"][0]
    saved = TokenStore(tmp_path / "data").load()
    assert saved is not None
    for secret in (sandbox.client_secret, code, saved.access_token, saved.refresh_token):
        assert secret
        assert secret not in "".join(seen) + out + err
