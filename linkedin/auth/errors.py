"""Typed failures of connecting a LinkedIn account and of keeping its token alive.

Every failure a user can meet has its own class, so the TUI's auth screen and the
headless ``--auth`` command can react by type (retry later, fix a setting, start the
login again) and show :attr:`message` as is: it is written for the user, never holds a
secret (it is passed through :func:`linkedin.redaction.redact` once more anyway), and
needs no traceback. ``exit_code`` is the headless exit status of DESIGN §7, so the CLI
does not keep a second table that could drift from this one.

The classes derive from :class:`linkedin.errors.LinkedInError`, so a sync that catches
API-layer failures also catches these; the ones that mean "connect again" also derive
from :class:`linkedin.errors.AuthError`, which the HTTP client and the sync already
treat as "authentication needed".
"""

from __future__ import annotations

from linkedin.errors import AuthError, LinkedInError
from linkedin.redaction import redact

EXIT_FAILED = 1
EXIT_TEMPORARY = 75
EXIT_AUTH_NEEDED = 77
EXIT_CONFIG = 78


class OAuthError(LinkedInError):
    """Base class: a user-facing message and the headless exit code it maps to."""

    exit_code: int = EXIT_AUTH_NEEDED

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None):
        super().__init__(redact(message), status=status, code=code)


# --- settings and the app registered on LinkedIn --------------------------------------


class OAuthConfigError(OAuthError):
    """A setting needed to log in is missing or unusable (names the key, never its value)."""

    exit_code = EXIT_CONFIG


class InvalidClientError(OAuthConfigError):
    """LinkedIn refused the client id / client secret pair."""

    def __init__(self) -> None:
        super().__init__(
            "LinkedIn rejected the app credentials (invalid client). Check "
            "LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET against the Auth tab of your "
            "app on LinkedIn's developer portal.",
            code="invalid_client",
        )


class RedirectUriMismatchError(OAuthConfigError):
    """The redirect URI the app uses is not the one LinkedIn has for this app."""

    def __init__(self, redirect_uri: str, detail: str = "") -> None:
        self.redirect_uri = redirect_uri
        super().__init__(
            f"The redirect URI does not match: li-ads-tui uses {redirect_uri}. "
            "It must be listed, character for character (including any trailing slash, "
            "and 'localhost' is not '127.0.0.1'), under Authorized redirect URLs on your "
            "LinkedIn app, or set LINKEDIN_REDIRECT_URI to the one that is." + detail,
            code="invalid_redirect_uri",
        )


class AccessTokenFromEnvironmentError(OAuthConfigError):
    """``LINKEDIN_ACCESS_TOKEN`` is set, so a stored login would be ignored."""

    def __init__(self) -> None:
        super().__init__(
            "LINKEDIN_ACCESS_TOKEN is set in the environment, so li-ads-tui uses that "
            "token and would ignore a stored login. Unset LINKEDIN_ACCESS_TOKEN to connect "
            "an account interactively."
        )


# --- the login attempt -----------------------------------------------------------------


class ListenerError(OAuthError):
    """The loopback listener cannot be started; no browser is opened."""

    exit_code = EXIT_CONFIG

    def __init__(self, host: str, port: int, reason: str) -> None:
        self.port = port
        super().__init__(
            f"Cannot listen on {host} port {port} for LinkedIn's answer ({reason}). Register "
            "a redirect URL with another port (above 1024) on your LinkedIn app and set "
            "LINKEDIN_REDIRECT_URI to it. No browser was opened."
        )


class ListenerPortInUseError(ListenerError):
    """The callback port of the redirect URI is taken: the login must not even start."""

    exit_code = EXIT_TEMPORARY

    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            host,
            port,
            f"port {port} is already in use, by another li-ads-tui login or another "
            "program; close it and try again, or use another port",
        )


class LoginTimeoutError(OAuthError):
    """No answer from the browser in time; the attempt and its state are discarded."""

    def __init__(self, seconds: float) -> None:
        minutes = max(1, round(seconds / 60))
        super().__init__(
            f"No answer from LinkedIn within {minutes} minute{'s' if minutes != 1 else ''}, "
            "so this login was abandoned (if you closed the LinkedIn tab, that is why). "
            "Start the login again."
        )


class LoginCancelledError(OAuthError):
    """The member cancelled on LinkedIn (``user_cancelled_login``/``_authorize``)."""

    def __init__(self, error: str) -> None:
        self.error = error
        if error == "user_cancelled_authorize":
            text = (
                "You declined the permission request on LinkedIn, so no account was "
                "connected. li-ads-tui needs it to read your ads data; start the login "
                "again and choose Allow."
            )
        else:
            text = (
                "The LinkedIn sign-in was cancelled, so no account was connected. "
                "Start the login again when you are ready."
            )
        super().__init__(text, code=error)


class AttemptCancelledError(OAuthError):
    """The app (the user pressing Esc or Ctrl-C) gave up on the attempt."""

    exit_code = EXIT_FAILED

    def __init__(self) -> None:
        super().__init__("The login was cancelled. No account was connected.")


class AuthorizationDeniedError(OAuthError):
    """LinkedIn redirected back with an ``error`` other than a cancellation."""

    def __init__(self, error: str, description: str) -> None:
        self.error = error
        detail = f": {description}" if description else ""
        super().__init__(
            f"LinkedIn did not authorize li-ads-tui ({error}{detail}). "
            "Start the login again; if it keeps happening, check the scopes "
            "(LINKEDIN_SCOPES) your app has been granted.",
            code=error,
        )


class AuthorizationRequestError(OAuthConfigError):
    """LinkedIn's authorization page refused the request itself, or could not be reached."""

    def __init__(self, detail: str, *, status: int | None = None) -> None:
        super().__init__(
            f"LinkedIn's authorization page {detail}. Check LINKEDIN_CLIENT_ID, "
            "LINKEDIN_REDIRECT_URI, LINKEDIN_SCOPES and LINKEDIN_OAUTH_BASE_URL.",
            status=status,
        )


class StateMismatchError(OAuthError):
    """A response that does not carry this attempt's ``state``: refused, never exchanged.

    The attempt keeps waiting for the genuine answer: a web page that makes the browser
    hit the loopback callback must not be able to end, or hijack, a login.
    """

    def __init__(self, *, missing: bool) -> None:
        what = "carries no 'state'" if missing else "carries a 'state' from another login"
        super().__init__(
            f"Refused a login response that {what}: it does not belong to the login "
            "li-ads-tui is waiting for (it may be a forged request), so its code was not "
            "used. Finish the login in the browser tab li-ads-tui opened, or paste the "
            "address from that tab."
        )


class InvalidCallbackError(OAuthError):
    """A response with this attempt's state but no usable code (or a code and an error)."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"LinkedIn's response could not be used ({problem}), so no code was "
            "exchanged. Start the login again."
        )


class PastedAddressError(OAuthError):
    """The pasted text is neither the redirected address nor a code; paste again."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"{problem} Paste the whole address from the browser's address bar "
            "(it starts with the redirect URL and contains 'code=' and 'state='), "
            "or just the value of 'code'."
        )


# --- the code exchange ---------------------------------------------------------------


class AuthorizationCodeExpiredError(OAuthError):
    """LinkedIn's ``invalid_redirect_uri``: the code expired (30 min) or was used.

    LinkedIn gives one combined answer for an expired code, a used one and a redirect
    URI that differs from the authorization request's. The last cannot come from this
    app (both requests use the same configured URI), so the message leads with the
    first two and names the URI only as the remaining suspect.
    """

    def __init__(self, redirect_uri: str) -> None:
        super().__init__(
            "LinkedIn refused the authorization code as expired or already used (a code "
            "is valid for 30 minutes and works once). Start the login again and finish it "
            "without a long pause. If this happens right after a fresh login, check that "
            f"{redirect_uri} is exactly a redirect URL registered on your LinkedIn app.",
            code="invalid_redirect_uri",
        )


class AuthorizationCodeRejectedError(OAuthError):
    """The code is unknown to LinkedIn: already used, or from another app."""

    def __init__(self) -> None:
        super().__init__(
            "LinkedIn does not accept this authorization code: it was already used "
            "(a code works once) or belongs to another app. Start the login again.",
            code="invalid_request",
        )


class TokenEndpointError(OAuthError):
    """LinkedIn's token endpoint failed or could not be reached.

    The code exchange is never retried automatically (a code is single use and a lost
    answer may already have consumed it), so the message always says to start again.
    """

    def __init__(self, message: str, *, status: int | None = None, temporary: bool) -> None:
        super().__init__(message, status=status)
        self.temporary = temporary
        self.exit_code = EXIT_TEMPORARY if temporary else EXIT_FAILED


# --- the stored token ------------------------------------------------------------------


class ReconnectRequiredError(OAuthError, AuthError):
    """No usable token and none can be had without the user: connect the account again."""


class TokenFileError(OAuthError):
    """The token file exists but cannot be used as it is."""


class InsecureTokenFileError(TokenFileError):
    """Group/world-readable (or foreign-owned) token file: refused, like ssh does keys."""

    exit_code = EXIT_CONFIG

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        super().__init__(
            f"Refusing to use the LinkedIn token file {path}: {problem}. Fix it with: {fix}"
        )


class CorruptTokenFileError(TokenFileError, ReconnectRequiredError):
    """The token file could not be parsed; it was moved aside (never silently reset).

    The user is now logged out, so it is also "connect again" for the sync.
    """

    def __init__(self, path: str, moved_to: str, problem: str) -> None:
        self.path = path
        self.moved_to = moved_to
        super().__init__(
            f"The LinkedIn token file {path} could not be read ({problem}); it was moved "
            f"to {moved_to}. Connect the account again."
        )


class TokenFileWriteError(TokenFileError):
    """The token could not be saved (read-only data dir, disk full)."""

    exit_code = EXIT_FAILED

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            f"Could not save the LinkedIn token to {path} ({reason}). The previous file, "
            "if any, is unchanged."
        )
