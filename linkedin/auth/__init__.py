"""Connecting a LinkedIn account (OAuth 2.0 authorization code flow) and keeping its token.

- :mod:`.flow`: one login attempt (state, URL, loopback callback or pasted address,
  single code exchange); :mod:`.listener` is its loopback HTTP server.
- :mod:`.endpoint`: the app's OAuth settings and the token endpoint calls.
- :mod:`.store`: the 0600, atomically written token file; :mod:`.provider`: the
  refreshing token provider for the HTTP client; :mod:`.health`: token health for the
  status screen; :mod:`.ssh`: is there a browser here.
- :mod:`.errors`: every failure as a type with a user-facing, secret-free message.
"""

from linkedin.auth.endpoint import OAuthApp
from linkedin.auth.errors import OAuthError, ReconnectRequiredError
from linkedin.auth.flow import DEFAULT_LOGIN_TIMEOUT, AuthAttempt, start_login
from linkedin.auth.health import TokenHealth, token_health
from linkedin.auth.provider import StoredTokenProvider
from linkedin.auth.store import TokenStore
from linkedin.auth.tokens import StoredToken

__all__ = [
    "DEFAULT_LOGIN_TIMEOUT",
    "AuthAttempt",
    "OAuthApp",
    "OAuthError",
    "ReconnectRequiredError",
    "StoredToken",
    "StoredTokenProvider",
    "TokenHealth",
    "TokenStore",
    "start_login",
    "token_health",
]
