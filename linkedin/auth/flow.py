"""One attempt to connect a LinkedIn account: state, URL, callback or paste, exchange.

Security rests on ``state``, because LinkedIn's standard flow has no PKCE
(reliability-notes §1.5): each attempt draws 256 random bits, keeps them only in this
object, compares them in constant time and forgets them as soon as one answer that
carries them has been accepted (single use), or when the attempt ends. A response
without the right state is refused and its code is never exchanged; the attempt keeps
waiting, so a web page that fires requests at the loopback port can neither hijack nor
end a login.

The same checks serve both ways an answer can arrive:

- the loopback listener (:mod:`linkedin.auth.listener`) receives the browser's
  redirect;
- the user pastes the redirected address (SSH, no browser here): the browser on their
  own machine ends on an address that does not load, which still carries ``code`` and
  ``state``. Pasting just the code is accepted too; it carries no state, which is
  acceptable because only the user can type into this prompt, so no third party can
  inject a code this way (the CSRF that state prevents needs a browser to be driven).

Usage (the TUI's auth screen and ``--auth`` do exactly this)::

    attempt = await start_login(app, store)      # binds the listener, or raises
    show(attempt.url)                            # open a browser and/or print it
    attempt.submit_pasted(text)                  # whenever the user pastes something
    token = await attempt.wait()                 # exchanged and saved, or a typed error
    attempt.cancel()                             # from another task, to give up
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx

from linkedin.auth.endpoint import OAuthApp, exchange_code
from linkedin.auth.errors import (
    AttemptCancelledError,
    AuthorizationDeniedError,
    AuthorizationRequestError,
    InvalidCallbackError,
    LoginCancelledError,
    LoginTimeoutError,
    OAuthError,
    PastedAddressError,
    RedirectUriMismatchError,
    StateMismatchError,
)
from linkedin.auth.listener import CallbackListener, LoopbackAddress, Page, loopback_address
from linkedin.auth.store import TokenStore
from linkedin.auth.tokens import Clock, StoredToken, utc_now
from linkedin.redaction import register_secret

log = logging.getLogger(__name__)

DEFAULT_LOGIN_TIMEOUT = 300.0
_CANCEL_ERRORS = {"user_cancelled_login", "user_cancelled_authorize"}
_BARE_CODE = re.compile(r"[A-Za-z0-9._~-]{8,}")


async def start_login(
    app: OAuthApp,
    store: TokenStore,
    *,
    login_timeout: float = DEFAULT_LOGIN_TIMEOUT,
    clock: Clock = utc_now,
) -> AuthAttempt:
    """Begin an attempt: a fresh state and, for a loopback redirect URI, a bound listener.

    Raises :class:`~linkedin.auth.errors.ListenerPortInUseError` at once when the port is
    taken; the caller must then not open a browser.
    """
    attempt = AuthAttempt(app, store, login_timeout=login_timeout, clock=clock)
    await attempt._open()
    return attempt


class AuthAttempt:
    """A login in progress. Create it with :func:`start_login`; it is used once."""

    def __init__(
        self, app: OAuthApp, store: TokenStore, *, login_timeout: float, clock: Clock
    ) -> None:
        loop = asyncio.get_running_loop()
        self.app = app
        self.login_timeout = login_timeout
        self.loopback: LoopbackAddress | None = loopback_address(app.redirect_uri)
        self._store = store
        self._clock = clock
        self._state: str | None = secrets.token_urlsafe(32)
        self.url = app.authorization_url(self._state)
        self._deadline = loop.time() + login_timeout
        self._outcome: asyncio.Future[str] = loop.create_future()
        self._listener = (
            CallbackListener(self.loopback, self._on_callback) if self.loopback else None
        )

    async def _open(self) -> None:
        if self._listener is not None:
            await self._listener.start()
        log.info("login started (listening for the browser: %s)", self.listening)

    @property
    def listening(self) -> bool:
        """Whether the browser's redirect can reach this process (else: paste only)."""
        return self._listener is not None and self._listener.is_open

    @property
    def done(self) -> bool:
        """An answer was accepted (or the attempt failed, timed out or was cancelled)."""
        return self._outcome.done()

    async def wait(self) -> StoredToken:
        """Wait for the answer, exchange the code once, save and return the token.

        Raises an :class:`~linkedin.auth.errors.OAuthError` subclass for every failure;
        the listener is closed and the state forgotten whatever happens.
        """
        loop = asyncio.get_running_loop()
        try:
            try:
                code = await asyncio.wait_for(
                    asyncio.shield(self._outcome), max(0.0, self._deadline - loop.time())
                )
            except TimeoutError:
                self._finish(LoginTimeoutError(self.login_timeout))
                code = self._outcome.result()
            token = await asyncio.to_thread(exchange_code, self.app, code, clock=self._clock)
            await asyncio.to_thread(self._store.save, token)
        finally:
            self._state = None
            if self._listener is not None:
                await self._listener.close()
        log.info("LinkedIn account connected; token saved to %s", self._store.path)
        return token

    def submit_pasted(self, text: str) -> None:
        """Accept the redirected address (or its query, or just the code) the user pasted.

        Raises :class:`PastedAddressError` or :class:`StateMismatchError` when the text
        cannot be used; the attempt then keeps waiting, so the user can paste again.
        Anything that ends the attempt (a code, a cancellation) is delivered to
        :meth:`wait`. Call it, like :meth:`cancel`, from the event loop's thread (a
        Textual handler is; a thread reading stdin must hand the line over).
        """
        if self.done:
            raise PastedAddressError("This login has already received an answer.")
        pasted = text.strip().strip("'\"<>").strip()
        if not pasted:
            raise PastedAddressError("Nothing was pasted.")
        if "=" not in pasted:
            if not _BARE_CODE.fullmatch(pasted):
                raise PastedAddressError("That is not an address or an authorization code.")
            register_secret(pasted)
            log.info("login: code pasted without state")
            self._deliver(pasted)
            return
        self._accept(self._pasted_params(pasted))

    def cancel(self) -> None:
        """Give up: :meth:`wait` raises :class:`AttemptCancelledError` (idempotent)."""
        self._finish(AttemptCancelledError())

    async def approve_in_sandbox(self) -> None:
        """Play the browser against the sandbox's auto-consenting authorization page.

        Only for ``--demo``: the real LinkedIn page needs a person to sign in. The app
        GETs the authorization URL itself and follows the redirect to its own listener
        (or, with no listener, hands the address over as if pasted). A refusal by the
        authorization page ends the attempt with that error.
        """
        try:
            async with httpx.AsyncClient(timeout=30.0) as http:
                response = await http.get(self.url)
                location = response.headers.get("location")
                if not response.is_redirect or not location:
                    self._finish(_authorization_page_error(self.app, response))
                    return
                register_secret(_query_value(location, "code"))
                if self.listening:
                    await http.get(location)
                else:
                    self.submit_pasted(location)
        except httpx.TransportError as exc:
            self._finish(AuthorizationRequestError(f"could not be reached ({type(exc).__name__})"))

    # --- internals -----------------------------------------------------------------

    def _on_callback(self, params: dict[str, list[str]]) -> Page:
        """The listener's request handler: same checks as a paste, answered as a page."""
        if self.done:
            return Page(400, "Login already finished", "This login has already got an answer.")
        try:
            self._accept(params)
        except StateMismatchError as exc:
            return Page(400, "Not this login", exc.message)
        if self._listener is not None:
            self._listener.stop_accepting()
        error = self._outcome.exception()
        if error is None:
            return Page(
                200,
                "Authorization received",
                "li-ads-tui is finishing the connection. You can close this tab and go "
                "back to the terminal.",
            )
        assert isinstance(error, OAuthError)
        if isinstance(error, LoginCancelledError):
            return Page(200, "Login cancelled", error.message)
        return Page(400, "Login failed", error.message)

    def _accept(self, params: dict[str, list[str]]) -> None:
        """Check state; if it is ours, consume it and settle the attempt."""
        for value in params.get("code", []):
            register_secret(value)
        states = params.get("state", [])
        expected = self._state
        if (
            expected is None
            or len(states) != 1
            or not hmac.compare_digest(states[0].encode(), expected.encode())
        ):
            log.warning(
                "refused a login response %s (possible CSRF); its code was not used",
                "without state" if not states else "with a foreign state",
            )
            raise StateMismatchError(missing=not states)
        self._state = None
        codes = params.get("code", [])
        errors = params.get("error", [])
        if codes and errors:
            self._finish(InvalidCallbackError("it holds both a code and an error"))
        elif errors:
            description = " ".join(params.get("error_description", []))
            self._finish(_callback_error(errors[0], description))
        elif len(codes) != 1 or not codes[0]:
            self._finish(InvalidCallbackError("it holds no single authorization code"))
        else:
            self._deliver(codes[0])

    def _pasted_params(self, pasted: str) -> dict[str, list[str]]:
        if "://" in pasted:
            url, expected = urlsplit(pasted), urlsplit(self.app.redirect_uri)
            if (url.hostname, url.port, url.path) != (
                expected.hostname,
                expected.port,
                expected.path,
            ):
                raise PastedAddressError(
                    f"That address does not go to this login's redirect URL "
                    f"({self.app.redirect_uri})."
                )
            query = url.query
        else:
            query = pasted.split("?", 1)[-1]
        params = parse_qs(query, keep_blank_values=True)
        if not params.keys() & {"code", "error"}:
            raise PastedAddressError("That address holds neither 'code' nor 'error'.")
        return params

    def _deliver(self, code: str) -> None:
        self._state = None
        if not self._outcome.done():
            self._outcome.set_result(code)
            log.info("login: authorization code received")

    def _finish(self, error: OAuthError) -> None:
        self._state = None
        if not self._outcome.done():
            self._outcome.set_exception(error)
            # Marks the exception as retrieved: an attempt cancelled before anyone
            # awaited it must not log "exception was never retrieved".
            self._outcome.exception()
        if self._listener is not None:
            self._listener.stop_accepting()


def _callback_error(error: str, description: str) -> OAuthError:
    if error in _CANCEL_ERRORS:
        return LoginCancelledError(error)
    return AuthorizationDeniedError(error, _printable(description))


def _authorization_page_error(app: OAuthApp, response: httpx.Response) -> OAuthError:
    """Map the authorization page's refusal (it shows a page instead of redirecting)."""
    page = re.sub(r"(?is)<head>.*?</head>", " ", response.text)
    text = _printable(re.sub(r"<[^>]*>", " ", page))[:300]
    if "redirect" in text.lower():
        return RedirectUriMismatchError(app.redirect_uri, f" LinkedIn said: {text}")
    return AuthorizationRequestError(
        f"refused the request (HTTP {response.status_code}: {text or 'no details'})",
        status=response.status_code,
    )


def _printable(text: str) -> str:
    """Collapse whitespace and drop control characters (terminal escape injection)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _query_value(url: str, name: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get(name)
    return values[0] if values else None
