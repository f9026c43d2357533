"""``li-ads-tui --auth``: connect a LinkedIn account from a plain terminal.

The same attempt the TUI's auth screen drives (:mod:`linkedin.auth.flow`), with a
terminal's means: print the URL (and open a browser when there is one here), then
take whichever comes first, LinkedIn's redirect to the loopback listener or an address
pasted on stdin. Over SSH without a display, pasting is offered first and the
``ssh -L`` tunnel is explained as the alternative. In ``--demo`` an empty line
approves the login in the sandbox, so a newcomer without a browser can finish too.

Also here, because both the CLI and the TUI need them and ``linkedin`` must not read
settings: :func:`oauth_app`, :func:`token_provider` and :func:`auth_health` turn
:class:`~li_ads_tui.settings.Settings` into the ``linkedin.auth`` objects, with one
rule in one place: ``LINKEDIN_ACCESS_TOKEN`` wins outside the demo (and nothing is
then stored); the demo never sends a real token to the sandbox.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import sys
import threading
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol, TextIO

from li_ads_tui import exit_codes
from li_ads_tui.settings import Settings
from linkedin.auth import (
    DEFAULT_LOGIN_TIMEOUT,
    AuthAttempt,
    OAuthApp,
    OAuthError,
    StoredTokenProvider,
    TokenHealth,
    TokenStore,
    start_login,
    token_health,
)
from linkedin.auth.errors import AccessTokenFromEnvironmentError, OAuthConfigError
from linkedin.auth.ssh import can_open_browser, is_ssh_session, tunnel_command
from linkedin.token_provider import StaticTokenProvider, TokenProvider


class SandboxOAuth(Protocol):
    """What the demo needs from the in-process sandbox (``linkedin.sandbox.Sandbox``)."""

    @property
    def oauth_base_url(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    @property
    def redirect_uris(self) -> Sequence[str]: ...


def oauth_app(settings: Settings, sandbox: SandboxOAuth | None = None) -> OAuthApp:
    """The LinkedIn app from the settings, or the sandbox's app in the demo.

    Raises :class:`~linkedin.auth.errors.OAuthConfigError` naming a missing key.
    """
    scopes = tuple(settings.scopes)
    if sandbox is not None:
        redirect = settings.linkedin_redirect_uri
        if redirect not in sandbox.redirect_uris:
            redirect = sandbox.redirect_uris[0]
        return OAuthApp(
            client_id=sandbox.client_id,
            client_secret=sandbox.client_secret,
            redirect_uri=redirect,
            scopes=scopes,
            oauth_base_url=sandbox.oauth_base_url,
        )
    secret = settings.linkedin_client_secret
    return OAuthApp(
        client_id=settings.linkedin_client_id or "",
        client_secret=secret.get_secret_value() if secret else "",
        redirect_uri=settings.linkedin_redirect_uri,
        scopes=scopes,
        oauth_base_url=settings.linkedin_oauth_base_url,
    )


def _env_token(settings: Settings, sandbox: SandboxOAuth | None) -> str | None:
    if sandbox is not None or settings.linkedin_access_token is None:
        return None
    return settings.linkedin_access_token.get_secret_value() or None


def token_provider(settings: Settings, sandbox: SandboxOAuth | None = None) -> TokenProvider:
    """What the HTTP client should ask for tokens: the environment's, or the stored one."""
    env_token = _env_token(settings, sandbox)
    if env_token is not None:
        return StaticTokenProvider(env_token)
    try:
        app: OAuthApp | None = oauth_app(settings, sandbox)
    except OAuthConfigError:
        app = None  # a stored token still works until it expires; it just cannot refresh
    return StoredTokenProvider(TokenStore(settings.data_dir), app)


def auth_health(
    settings: Settings, sandbox: SandboxOAuth | None = None, *, now: datetime | None = None
) -> TokenHealth:
    """Token health for the status screen, honouring the same precedence."""
    return token_health(
        TokenStore(settings.data_dir),
        env_token_set=_env_token(settings, sandbox) is not None,
        now=now,
    )


def run_auth(
    settings: Settings,
    *,
    demo_sandbox: SandboxOAuth | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    open_browser: Callable[[str], bool] = webbrowser.open,
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT,
) -> int:
    """Run the login in this terminal; return the exit code of DESIGN §7.

    0 connected · 1 failed · 75 try again later (port busy, LinkedIn unreachable)
    · 77 not connected (cancelled, timed out, refused) · 78 fix a setting
    · 130 interrupted (Ctrl-C).
    """
    session = _TerminalLogin(
        settings,
        demo_sandbox,
        stdin=stdin or sys.stdin,
        out=stdout or sys.stdout,
        err=stderr or sys.stderr,
        environ=os.environ if environ is None else environ,
        open_browser=open_browser,
        login_timeout=login_timeout,
    )
    try:
        return asyncio.run(session.run())
    except KeyboardInterrupt:
        session.say("\nLogin interrupted; no account was connected.")
        return exit_codes.INTERRUPTED


class _TerminalLogin:
    def __init__(
        self,
        settings: Settings,
        sandbox: SandboxOAuth | None,
        *,
        stdin: TextIO,
        out: TextIO,
        err: TextIO,
        environ: Mapping[str, str],
        open_browser: Callable[[str], bool],
        login_timeout: float,
    ) -> None:
        self.settings = settings
        self.sandbox = sandbox
        self.stdin = stdin
        self.out = out
        self.err = err
        self.environ = environ
        self.open_browser = open_browser
        self.login_timeout = login_timeout

    def say(self, *lines: str) -> None:
        for line in lines:
            print(line, file=self.out)
        self.out.flush()

    async def run(self) -> int:
        try:
            if _env_token(self.settings, self.sandbox) is not None:
                raise AccessTokenFromEnvironmentError()
            app = oauth_app(self.settings, self.sandbox)
            store = TokenStore(self.settings.data_dir)
            attempt = await start_login(app, store, login_timeout=self.login_timeout)
            reader = asyncio.create_task(self._read_pastes(attempt))
            try:
                self._introduce(attempt)
                await attempt.wait()
            finally:
                reader.cancel()
        except OAuthError as exc:
            print(f"error: {exc.message}", file=self.err)
            self.err.flush()
            return exc.exit_code
        self._report(auth_health(self.settings, self.sandbox))
        return exit_codes.OK

    def _introduce(self, attempt: AuthAttempt) -> None:
        app = attempt.app
        minutes = max(1, round(self.login_timeout / 60))
        paste_first = not can_open_browser(self.environ)
        self.say(
            f"Connecting li-ads-tui to LinkedIn (app {app.client_id}, scopes "
            f"{' '.join(app.scopes)}){' in the demo sandbox' if self.sandbox else ''}.",
            "",
        )
        if paste_first:
            where = "this SSH session" if is_ssh_session(self.environ) else "this machine"
            self.say(f"No browser can be opened from {where}. Open this address in a browser:")
        elif self._open_browser(attempt.url):
            self.say("Your browser should now show LinkedIn's consent page. If not, open:")
        else:
            self.say("Open this address in a browser:")
        self.say("", f"  {attempt.url}", "")
        if paste_first and self.out.isatty():
            self._copy_to_clipboard(attempt.url)
        if self.sandbox is not None:
            self.say(
                "Demo: press Enter to approve in the sandbox (li-ads-tui plays the browser).",
                "",
            )
        if attempt.listening:
            self.say(
                f"Waiting up to {minutes} min for LinkedIn to send the browser back to "
                f"{app.redirect_uri}.",
            )
        self.say(
            "If the browser then shows a page that does not load (expected when it runs on "
            "another computer), copy that page's whole address from the address bar, paste "
            "it here and press Enter (the code alone works too).",
        )
        if attempt.loopback is not None and is_ssh_session(self.environ):
            self.say(
                "Or forward the port from your computer and let the browser finish by itself:",
                f"  {tunnel_command(attempt.loopback.port)}",
            )
        if self.sandbox is None:
            self.say(
                "If LinkedIn says the redirect_uri does not match, add "
                f"{app.redirect_uri} to your app's Authorized redirect URLs "
                "(or set LINKEDIN_REDIRECT_URI to one that is listed).",
            )
        self.say("")

    def _open_browser(self, url: str) -> bool:
        try:
            return self.open_browser(url)
        except (webbrowser.Error, OSError):
            return False

    def _copy_to_clipboard(self, text: str) -> None:
        """OSC 52: terminals that allow it put the URL on the *laptop's* clipboard."""
        payload = base64.b64encode(text.encode()).decode("ascii")
        self.out.write(f"\x1b]52;c;{payload}\x07")
        self.say("(Also copied to your clipboard, if your terminal allows it.)")

    async def _read_pastes(self, attempt: AuthAttempt) -> None:
        """Feed each line typed or pasted on stdin to the attempt until it is done."""
        lines = _stdin_lines(self.stdin)
        while not attempt.done:
            line = await lines.get()
            if line is None:
                return  # stdin closed: the listener may still get the answer
            if not line.strip():
                if self.sandbox is not None:
                    await attempt.approve_in_sandbox()
                continue
            try:
                attempt.submit_pasted(line)
            except OAuthError as exc:
                self.say(exc.message)

    def _report(self, health: TokenHealth) -> None:
        lines = [f"Connected. The token is saved in {health.location} (readable only by you)."]
        if health.access_expires_at is not None:
            lines.append(
                f"Access token valid until {health.access_expires_at:%Y-%m-%d %H:%M} UTC "
                f"({health.access_days_left} days); scopes: {', '.join(health.scopes) or '?'}."
            )
        if health.auto_refresh:
            until = (
                f" until the refresh token expires on {health.refresh_expires_at:%Y-%m-%d} "
                f"({health.refresh_days_left} days)"
                if health.refresh_expires_at is not None
                else ""
            )
            lines.append(f"It is refreshed automatically{until}.")
        else:
            lines.append(
                "This LinkedIn app gets no refresh tokens: run li-ads-tui --auth again "
                f"within {health.reconnect_in_days} days."
            )
        self.say(*lines, *(f"warning: {w}" for w in health.warnings))


def _stdin_lines(stdin: TextIO) -> asyncio.Queue[str | None]:
    """Lines of `stdin` delivered on the event loop; None at end of input.

    A daemon thread does the blocking reads: a pending ``readline`` cannot be
    cancelled, and the login may well end (through the listener) while it waits.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()

    def deliver(item: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is gone: login finished
            loop.call_soon_threadsafe(queue.put_nowait, item)

    def read() -> None:
        try:
            for line in iter(stdin.readline, ""):
                deliver(line)
        except (OSError, ValueError):
            pass  # stdin closed under us
        deliver(None)

    threading.Thread(target=read, name="auth-stdin", daemon=True).start()
    return queue
