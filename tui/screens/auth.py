"""The auth screen: connect a LinkedIn account, from a laptop or over SSH.

It drives the same login attempt as ``li-ads-tui --auth``
(:func:`linkedin.auth.start_login`), with widgets instead of a prompt:

1. the sign-in address, as a clickable link (OSC 8) and copied to the clipboard
   (OSC 52, which reaches the user's own computer over SSH); a browser is opened
   only when one can be seen here (:func:`linkedin.auth.ssh.can_open_browser`);
2. waiting for LinkedIn's redirect to the loopback listener, with a cancel;
3. a field for the redirected address, the way in when the browser runs on another
   computer (and the ``ssh -L`` tunnel as the alternative).

In the demo, "Approve in sandbox" plays the browser's part against the sandbox.
Every failure arrives as a typed :class:`~linkedin.auth.OAuthError` whose message
says what happened and what to do; the screen shows it as is.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import TYPE_CHECKING, ClassVar, Literal, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import ScreenResume
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Button, Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from li_ads_tui.auth_cli import oauth_app
from linkedin.auth import AuthAttempt, OAuthError, TokenHealth, TokenStore, start_login
from linkedin.auth.errors import AccessTokenFromEnvironmentError, AttemptCancelledError
from linkedin.auth.ssh import can_open_browser, is_ssh_session, tunnel_command
from linkedin.redaction import redact
from tui.messages import LoginSucceeded, WorkerFailed
from tui.widgets.header import AppHeader
from tui.widgets.health import connection_text, labelled
from tui.widgets.tables import VimScroll
from tui.widgets.timefmt import plural, utc_minute

if TYPE_CHECKING:
    from tui.app import LiAdsApp

log = logging.getLogger(__name__)

Phase = Literal["idle", "starting", "waiting", "connected", "failed"]


class AuthScreen(Screen[None]):
    """Connection state, the sign-in address, waiting with cancel, and the paste field."""

    CSS_PATH = "auth.tcss"
    BINDING_GROUP_TITLE = "Auth screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "copy_url",
            "Copy",
            tooltip="Copy the sign-in address to the clipboard again",
            id="auth-copy",
        ),
        Binding(
            "o",
            "open_browser",
            "Browser",
            tooltip="Open the sign-in address in this machine's browser",
            id="auth-open",
        ),
        Binding(
            "ctrl+c",
            "cancel_login",
            "Cancel",
            tooltip="Give up this login; nothing is changed",
            id="auth-cancel",
            priority=True,
        ),
    ]

    phase: reactive[Phase] = reactive[Phase]("idle", bindings=True, init=False)
    """Where the login is; drives which sections show and the footer."""

    class LoginStarted(Message):
        """The attempt exists (listener bound, URL ready): show it, wait for it."""

        def __init__(self, attempt: AuthAttempt) -> None:
            super().__init__()
            self.attempt = attempt

    class LoginFailed(Message):
        """The attempt ended without a token; ``message`` is the user-facing reason."""

        def __init__(self, message: str, *, cancelled: bool) -> None:
            super().__init__()
            self.message = message
            self.cancelled = cancelled

    class HealthRead(Message):
        """The token's health, read in a thread."""

        def __init__(self, health: TokenHealth) -> None:
            super().__init__()
            self.health = health

    def __init__(self) -> None:
        super().__init__()
        self._attempt: AuthAttempt | None = None
        self._login_worker: Worker[None] | None = None
        self._health: TokenHealth | None = None

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    @property
    def _browser_here(self) -> bool:
        return can_open_browser(os.environ)

    def compose(self) -> ComposeResult:
        yield AppHeader(current="auth")
        with VimScroll(id="auth-body"):
            yield Static(id="auth-connection", classes="section")
            with Vertical(id="auth-result", classes="section"):
                yield Static(id="result-text")
                with Horizontal(classes="buttons", id="next-buttons"):
                    yield Button("Sync now", id="sync-now", variant="primary")
                    yield Button("Status", id="to-status")
            with Vertical(id="auth-start", classes="section"):
                yield Static(id="auth-intro")
                with Horizontal(classes="buttons"):
                    yield Button("Connect to LinkedIn", id="connect", variant="primary")
            with Vertical(id="auth-login", classes="section"):
                with Horizontal(classes="step"):
                    yield Label("1.", classes="step-number")
                    with Vertical(classes="step-body"):
                        yield Static(id="step-open")
                        yield Static(id="login-url")
                        with Horizontal(classes="login-buttons"):
                            if self._app.environment.is_demo:
                                yield Button(
                                    "Approve in sandbox",
                                    id="approve",
                                    variant="success",
                                    compact=True,
                                )
                            if self._browser_here:
                                yield Button("Open browser", id="open", compact=True)
                            yield Button("Copy link", id="copy", compact=True)
                            yield Button("Cancel", id="cancel", variant="error", compact=True)
                with Horizontal(classes="step"):
                    yield Label("2.", classes="step-number")
                    yield Static(id="step-wait", classes="step-body")
                with Horizontal(classes="step"):
                    yield Label("3.", classes="step-number")
                    with Vertical(classes="step-body"):
                        yield Static(id="step-paste")
                        yield Input(
                            id="paste", placeholder="http://localhost:…/callback?code=…&state=…"
                        )
                        yield Static(id="paste-feedback")
                yield Static(id="step-tunnel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#auth-connection").border_title = "Connection"
        self.query_one("#auth-start").border_title = "Connect a LinkedIn account"
        self.query_one("#auth-login").border_title = "Sign in"
        self.query_one("#auth-result").border_title = "Result"
        self._apply_phase(self.phase)
        self.query_one("#connect", Button).focus()
        self._read_health()

    def on_screen_resume(self, _event: ScreenResume) -> None:
        if self.phase != "waiting":
            self._read_health()

    # --- texts ---------------------------------------------------------------------------

    def _introduction(self, health: TokenHealth | None) -> Content:
        environment = self._app.environment
        if health is not None and health.source == "environment":
            return Content(AccessTokenFromEnvironmentError().message)
        if health is not None and health.connected:
            return Content(
                "Reconnect when the token has expired or was revoked, or to use another "
                "LinkedIn member's access."
            )
        if environment.is_demo:
            return Content(
                "This is the demo: li-ads-tui talks to a built-in sandbox LinkedIn with "
                "synthetic ad accounts, so no LinkedIn account is needed. Press Connect, "
                "then Approve in sandbox: li-ads-tui plays the browser's part."
            )
        scopes = " ".join(environment.settings.scopes)
        return Content(
            "li-ads-tui reads your ads data through your own LinkedIn app "
            f"(LINKEDIN_CLIENT_ID, scopes {scopes}). Press Connect, sign in on LinkedIn in "
            "a browser and allow access; li-ads-tui never sees your password."
        )

    def _show_attempt(self, attempt: AuthAttempt) -> None:
        url = attempt.url
        demo = self._app.environment.is_demo
        opened = not demo and self._browser_here and self._open(url)
        if opened:
            how = "Your browser should show LinkedIn's consent page now. If not, open:"
        elif demo:
            how = "Approve in sandbox below, or open this address in a browser on this machine:"
        else:
            how = "Open this address in a browser and allow access:"
        self.query_one("#step-open", Static).update(how)
        self.query_one("#login-url", Static).update(
            Content.styled(url, Style(link=url, underline=True))
        )
        self.app.copy_to_clipboard(url)
        minutes = max(1, round(attempt.login_timeout / 60))
        redirect = attempt.app.redirect_uri
        if attempt.listening:
            wait = (
                f"Waiting for LinkedIn to send the browser back to {redirect} (for up to "
                f"{plural(minutes, 'minute')}). The address is on your clipboard too, where "
                "the terminal allows it."
            )
        else:
            wait = (
                f"LinkedIn will send the browser to {redirect}, which is not on this "
                "machine: paste the address it ends on below."
            )
        self.query_one("#step-wait", Static).update(wait)
        self.query_one("#step-paste", Static).update(
            "Browser on another computer (SSH)? After you allow access it shows a page "
            "that does not load: paste that page's whole address here and press Enter."
        )
        notes: list[str] = []
        if attempt.loopback is not None and is_ssh_session(os.environ):
            notes.append(
                "Or forward the port from your computer, and the browser finishes by "
                f"itself: {tunnel_command(attempt.loopback.port)}"
            )
        if not demo:
            notes.append(
                f"If LinkedIn says the redirect_uri does not match, add {redirect} to your "
                "app's Authorized redirect URLs (or set LINKEDIN_REDIRECT_URI to one that is)."
            )
        tunnel = self.query_one("#step-tunnel", Static)
        tunnel.update("\n".join(notes))
        tunnel.display = bool(notes)
        self._feedback("")

    def _feedback(self, text: str, *, error: bool = False) -> None:
        feedback = self.query_one("#paste-feedback", Static)
        feedback.set_class(error, "-error")
        feedback.update(text)
        feedback.display = bool(text)

    def _show_result(self, text: Content, *, success: bool) -> None:
        self.query_one("#result-text", Static).update(text)
        self.query_one("#next-buttons").display = success

    # --- the workers -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="auth-health", exit_on_error=False)
    def _read_health(self) -> None:
        self.post_message(self.HealthRead(self._app.environment.token_health()))

    @work(exclusive=True, group="auth", exit_on_error=False)
    async def _login(self) -> None:
        """One login attempt, start to saved token; outcomes go out as messages."""
        environment = self._app.environment
        try:
            health = await asyncio.to_thread(environment.token_health)
            if health.source == "environment":
                raise AccessTokenFromEnvironmentError()
            app = oauth_app(environment.settings, environment.sandbox)
            attempt = await start_login(
                app, TokenStore(environment.data_dir), clock=environment.clock
            )
            self.post_message(self.LoginStarted(attempt))
            await attempt.wait()
        except OAuthError as error:
            cancelled = isinstance(error, AttemptCancelledError)
            self.post_message(self.LoginFailed(error.message, cancelled=cancelled))
            return
        self.post_message(LoginSucceeded(await asyncio.to_thread(environment.token_health)))

    @work(exclusive=True, group="auth-approve", exit_on_error=False)
    async def _approve(self, attempt: AuthAttempt) -> None:
        await attempt.approve_in_sandbox()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A failure the login did not expect ends it here, in words; others go up."""
        error = event.worker.error
        if event.state is not WorkerState.ERROR or error is None:
            return
        if event.worker.group in ("auth", "auth-approve"):
            log.error("login failed unexpectedly", exc_info=error)
            detail = redact(str(error)) or type(error).__name__
            if self._attempt is not None:
                self._attempt.cancel()
            self.post_message(
                self.LoginFailed(
                    f"Unexpected error: {detail}. The details are in {self._app.log_file}.",
                    cancelled=False,
                )
            )
        else:
            self.post_message(WorkerFailed(event.worker, error))

    # --- actions and buttons ---------------------------------------------------------------------

    def start_login(self) -> None:
        """Begin a login (a running one is replaced: its listener is closed first)."""
        if self._attempt is not None:
            self._attempt.cancel()
        self._attempt = None
        self.phase = "starting"
        self._show_result(Content(""), success=False)
        self._login_worker = self._login()

    def action_copy_url(self) -> None:
        if self._attempt is not None:
            self.app.copy_to_clipboard(self._attempt.url)
            self._feedback("The sign-in address is on the clipboard (where the terminal allows).")

    def action_open_browser(self) -> None:
        if self._attempt is not None and self._open(self._attempt.url):
            self._feedback("Opened the sign-in address in the browser.")

    def action_cancel_login(self) -> None:
        if self._attempt is not None:
            self._attempt.cancel()
        elif self._login_worker is not None:
            self._login_worker.cancel()
            self.phase = "idle"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_url", "cancel_login"):
            return self.phase in ("starting", "waiting")
        if action == "open_browser":
            return self.phase == "waiting" and self._browser_here
        return True

    def _open(self, url: str) -> bool:
        """Open `url` in a browser on this machine, only where one can be seen."""
        if not self._browser_here:
            return False
        self.app.open_url(url)
        return True

    @on(Button.Pressed, "#connect")
    def _connect_pressed(self) -> None:
        self.start_login()

    @on(Button.Pressed, "#approve")
    def _approve_pressed(self) -> None:
        if self._attempt is not None:
            self._feedback("Approving in the sandbox…")
            self._approve(self._attempt)

    @on(Button.Pressed, "#open")
    def _open_pressed(self) -> None:
        self.action_open_browser()

    @on(Button.Pressed, "#copy")
    def _copy_pressed(self) -> None:
        self.action_copy_url()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel_login()

    @on(Button.Pressed, "#sync-now")
    async def _sync_pressed(self) -> None:
        await self._app.action_sync()

    @on(Button.Pressed, "#to-status")
    async def _status_pressed(self) -> None:
        await self._app.show("status")

    @on(Input.Submitted, "#paste")
    def _pasted(self, event: Input.Submitted) -> None:
        attempt = self._attempt
        if attempt is None:
            return
        try:
            attempt.submit_pasted(event.value)
        except OAuthError as error:
            self._feedback(error.message, error=True)
            return
        event.input.value = ""
        self._feedback("Got it: exchanging the code with LinkedIn…")

    # --- messages -------------------------------------------------------------------------------

    @on(HealthRead)
    def _health_read(self, message: HealthRead) -> None:
        self._show_health(message.health)

    @on(LoginStarted)
    def _login_started(self, message: LoginStarted) -> None:
        self._attempt = message.attempt
        self.phase = "waiting"
        self._show_attempt(message.attempt)
        if self._app.environment.is_demo:
            self.query_one("#approve", Button).focus()
        else:
            self.query_one("#paste", Input).focus()

    @on(LoginFailed)
    def _login_failed(self, message: LoginFailed) -> None:
        self._attempt = None
        self.phase = "failed"
        glyph, style = ("-", "bold $warning") if message.cancelled else ("✗", "bold $error")
        self._show_result(
            Content("\n").join(
                [
                    Content.assemble((f"{glyph} ", style), message.message),
                    Content("Press Connect to try again."),
                ]
            ),
            success=False,
        )
        self.query_one("#connect", Button).focus()

    @on(LoginSucceeded)
    def _login_succeeded(self, message: LoginSucceeded) -> None:
        self._attempt = None
        self.phase = "connected"
        health = message.health
        self._show_health(health)
        lines = [
            Content.assemble(
                ("✓ Connected. ", "bold $success"),
                f"The token is saved in {health.location} (readable only by you).",
            )
        ]
        if health.access_expires_at is not None:
            lines.append(labelled("Valid until", utc_minute(health.access_expires_at)))
        lines.append(Content("Next: sync the data (s), then look at the status (t) or report (r)."))
        self._show_result(Content("\n").join(lines), success=True)
        self.query_one("#sync-now", Button).focus()

    def _show_health(self, health: TokenHealth) -> None:
        self._health = health
        self.query_one("#auth-intro", Static).update(self._introduction(health))
        self.query_one("#auth-connection", Static).update(
            connection_text(
                health, self._app.clock(), is_demo=self._app.environment.is_demo, hint=False
            )
        )
        connect = self.query_one("#connect", Button)
        connect.label = "Reconnect" if health.connected else "Connect to LinkedIn"
        connect.disabled = self._health_from_environment or self.phase == "starting"

    @property
    def _health_from_environment(self) -> bool:
        """LINKEDIN_ACCESS_TOKEN is set: a login here would be ignored, so none is offered."""
        return self._health is not None and self._health.source == "environment"

    def watch_phase(self, phase: Phase) -> None:
        self._apply_phase(phase)

    def _apply_phase(self, phase: Phase) -> None:
        self.query_one("#auth-start").display = phase != "waiting"
        self.query_one("#connect", Button).disabled = (
            phase == "starting" or self._health_from_environment
        )
        self.query_one("#auth-login").display = phase == "waiting"
        self.query_one("#auth-result").display = phase in ("connected", "failed")
