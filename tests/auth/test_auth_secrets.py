"""No secret ever reaches stdout, stderr, an exception, a traceback or the log file.

Failures are forced at every step of the login and of a sync's token handling; each
exception is rendered the ways a user or a bug report could see it (message, repr,
full traceback) and logged through the app's file logging, as the app does. Then
every secret the sandbox ever issued (codes, access and refresh tokens) and every
client secret used is searched for in all of it.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from auth_support import FakeClock, Terminal, redirect_of

from li_ads_tui.auth_cli import run_auth
from li_ads_tui.logs import setup_file_logging
from li_ads_tui.settings import Settings
from linkedin.auth import (
    OAuthApp,
    StoredToken,
    StoredTokenProvider,
    TokenStore,
    start_login,
)
from linkedin.client import LinkedInClient
from linkedin.endpoints import iter_ad_accounts
from linkedin.sandbox import FaultPlan, Sandbox

log = logging.getLogger("li_ads_tui.test")


class Witness:
    """Everything a user, a screen or a bug report could see."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.failures = 0

    def saw(self, exc: BaseException) -> None:
        self.failures += 1
        self.texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        log.error("step failed: %s", exc, exc_info=exc)

    async def expect_failure(self, awaitable: object) -> None:
        try:
            await awaitable  # type: ignore[misc]
        except Exception as exc:
            self.saw(exc)
        else:
            raise AssertionError("this step was supposed to fail")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = setup_file_logging(tmp_path / "logs", level=logging.DEBUG)
    yield path
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if getattr(handler, "baseFilename", None) == str(path.resolve()):
            root.removeHandler(handler)
            handler.close()


def sandbox_secrets(sandbox: Sandbox) -> set[str]:
    """Every code, access token and refresh token the sandbox ever handed out."""
    oauth = sandbox.oauth
    return {*oauth._codes, *oauth._access, *oauth._refresh}


def variant(app: OAuthApp, **changes: str) -> OAuthApp:
    values = {
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "redirect_uri": app.redirect_uri,
        "scopes": app.scopes,
        "oauth_base_url": app.oauth_base_url,
    }
    values.update(changes)
    return OAuthApp(**values)  # type: ignore[arg-type]


async def test_forced_failures_never_show_a_secret(
    app: OAuthApp,
    sandbox: Sandbox,
    clock: FakeClock,
    tmp_path: Path,
    log_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    witness = Witness()
    wrong_secret = "WPL_AP1.wrong-client-secret-value"
    store = TokenStore(tmp_path / "data")

    async def failing_login(
        login_app: OAuthApp, deliver: str, *, before_exchange: object = None
    ) -> None:
        attempt = await start_login(login_app, store, clock=clock, login_timeout=5)
        location = redirect_of(attempt.url)
        if callable(before_exchange):
            before_exchange()
        if deliver == "listener":
            async with httpx.AsyncClient() as http:
                await http.get(location)
        elif deliver == "forged":
            forged = location.replace("state=", "state=forged")
            try:
                attempt.submit_pasted(forged)
            except Exception as exc:
                witness.saw(exc)
            attempt.cancel()
        else:
            attempt.submit_pasted(location)
        await witness.expect_failure(attempt.wait())

    # The login: every way it can fail after a real code exists.
    await failing_login(app, "forged")
    await failing_login(variant(app, client_secret=wrong_secret), "listener")
    await failing_login(
        app, "paste", before_exchange=lambda: sandbox.advance(timedelta(minutes=31))
    )
    for fault in ("drop", "500", "html", "malformed"):
        sandbox.faults = FaultPlan.parse(f"{fault}:path=/oauth/v2/accessToken:times=1")
        await failing_login(app, "paste")
    sandbox.faults = None

    # A successful exchange whose save fails (disk full).
    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    attempt = await start_login(app, store, clock=clock)
    attempt.submit_pasted(redirect_of(attempt.url))
    await witness.expect_failure(attempt.wait())
    monkeypatch.undo()

    # Reusing a code that worked.
    attempt = await start_login(app, store, clock=clock)
    location = redirect_of(attempt.url)
    attempt.submit_pasted(location)
    token = await attempt.wait()
    again = await start_login(app, store, clock=clock)
    again.submit_pasted(parse_qs(urlsplit(location).query)["code"][0])
    await witness.expect_failure(again.wait())

    # The token file: corrupt (with a token inside) and world-readable.
    store.path.write_text(store.path.read_text()[:-20])
    witness.saw(_raises(store.load))
    store.save(token)
    store.path.chmod(0o644)
    witness.saw(_raises(store.load))
    store.path.chmod(0o600)

    # A sync's token handling: refresh refused, refresh failing, 401 without refresh.
    provider = StoredTokenProvider(store, variant(app, client_secret=wrong_secret), clock=clock)
    clock.advance(days=61)
    await witness.expect_failure(provider.access_token())
    sandbox.faults = FaultPlan.parse("500:path=/oauth/v2/accessToken")
    await witness.expect_failure(StoredTokenProvider(store, app, clock=clock).access_token())
    sandbox.faults = None
    sandbox.revoke_token(token.access_token)
    await witness.expect_failure(StoredTokenProvider(store, app, clock=clock).access_token())
    no_refresh = StoredToken.from_response(sandbox.issue_token(refresh=False), sent_at=clock.now)
    store.save(no_refresh)
    sandbox.expire_token(no_refresh.access_token)
    async with LinkedInClient(
        base_url=sandbox.api_base_url,
        version="202607",
        token_provider=StoredTokenProvider(store, app, clock=clock),
    ) as client:
        await witness.expect_failure(_drain(iter_ad_accounts(client)))

    # The headless command, failing at the exchange, with its real output streams.
    terminal = Terminal()
    settings = Settings(
        linkedin_client_id=app.client_id,
        linkedin_client_secret=wrong_secret,
        linkedin_redirect_uri=app.redirect_uri,
        linkedin_oauth_base_url=app.oauth_base_url,
        li_ads_data_dir=tmp_path / "cli",
    )
    terminal.start(
        lambda term: run_auth(
            settings,
            stdin=term,  # type: ignore[arg-type]
            stdout=term.out,
            stderr=term.err,
            environ={"SSH_TTY": "/dev/pts/3"},
        )
    )
    terminal.type(redirect_of(terminal.authorization_url()))
    assert terminal.finish() == 78
    witness.texts += [terminal.out.getvalue(), terminal.err.getvalue()]
    witness.texts += [repr(app), repr(token), repr(settings)]

    secrets = sandbox_secrets(sandbox) | {app.client_secret, wrong_secret}
    assert len(secrets) >= 15
    assert witness.failures >= 15
    captured = capsys.readouterr()
    logged = log_file.read_text()  # noqa: ASYNC240 (a small file, after the fact)
    assert "step failed" in logged
    everything = {
        "exceptions": "\n".join(witness.texts),
        "stdout": captured.out,
        "stderr": captured.err,
        "log file": logged,
    }
    for where, text in everything.items():
        leaked = [s[:8] + "…" for s in secrets if s in text]
        assert not leaked, f"secrets in {where}: {leaked}"


def test_a_crash_with_a_token_in_its_message_is_redacted_in_the_log(log_file: Path) -> None:
    token = StoredToken.from_response(
        {
            "access_token": "AQcrash-token-value-123",
            "expires_in": 60,
            "refresh_token": "AQr-123456",
        },
        sent_at=FakeClock().now,
    )
    try:
        raise RuntimeError(f"bug: sent {token.access_token} with refresh {token.refresh_token}")
    except RuntimeError:
        log.exception("unexpected failure")
    text = log_file.read_text()
    assert "unexpected failure" in text
    assert "AQcrash-token-value-123" not in text
    assert "AQr-123456" not in text
    assert log_file.stat().st_mode & 0o777 == 0o600


def _raises(func: object) -> BaseException:
    try:
        func()  # type: ignore[operator]
    except Exception as exc:
        return exc
    raise AssertionError("expected a failure")


async def _drain(pages: object) -> None:
    async for _ in pages:  # type: ignore[attr-defined]
        pass
