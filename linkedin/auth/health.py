"""Token health for the status screen: where the token comes from and how long it lasts.

LinkedIn access tokens live 60 days and, for the few apps with programmatic refresh,
refresh tokens 365 days from the first consent (refreshing does not extend them). An
expired token silently stops every cron sync, so the status screen warns early: 7 days
before the access token runs out, 30 before the refresh token does. For apps without
refresh tokens the date that matters is the access token's: ``reconnect_in_days``
says how long until the user must connect again, whichever token decides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from linkedin.auth.errors import TokenFileError
from linkedin.auth.store import TokenStore
from linkedin.auth.tokens import StoredToken, utc_now

ACCESS_WARNING = timedelta(days=7)
REFRESH_WARNING = timedelta(days=30)
ENV_VARIABLE = "LINKEDIN_ACCESS_TOKEN"

Source = Literal["environment", "file", "none"]


@dataclass(frozen=True)
class TokenHealth:
    """What the status screen shows about the connection (no secret in it).

    ``connected`` means a token is usable now or will be refreshed when next used.
    """

    source: Source
    location: str
    connected: bool = False
    access_expires_at: datetime | None = None
    access_days_left: int | None = None
    refresh_expires_at: datetime | None = None
    refresh_days_left: int | None = None
    scopes: tuple[str, ...] = ()
    auto_refresh: bool = False
    reconnect_in_days: int | None = None
    warnings: tuple[str, ...] = ()
    problem: str | None = None


def token_health(
    store: TokenStore, *, env_token_set: bool, now: datetime | None = None
) -> TokenHealth:
    """Describe the token in use: the environment's, the stored one, or none.

    Reading the file may move a corrupt one aside; its report becomes ``problem``.
    """
    if env_token_set:
        return TokenHealth(
            source="environment",
            location=ENV_VARIABLE,
            connected=True,
            warnings=(
                f"Using {ENV_VARIABLE}: its expiry is unknown to li-ads-tui and it is "
                "never refreshed or stored.",
            ),
        )
    location = str(store.path)
    try:
        token = store.load()
    except TokenFileError as exc:
        return TokenHealth(source="none", location=location, problem=exc.message)
    if token is None:
        return TokenHealth(
            source="none", location=location, problem="No LinkedIn account is connected."
        )
    return _file_health(token, location, now or utc_now())


def _file_health(token: StoredToken, location: str, now: datetime) -> TokenHealth:
    access_left = token.access_remaining(now)
    refresh_left = token.refresh_token_expires_at - now if token.refresh_token_expires_at else None
    auto_refresh = token.can_refresh(now)
    warnings: list[str] = []
    if access_left <= timedelta(0):
        warnings.append(
            f"The access token expired on {token.expires_at:%Y-%m-%d}; "
            + (
                "it will be refreshed when next used."
                if auto_refresh
                else "connect the LinkedIn account again."
            )
        )
    elif access_left <= ACCESS_WARNING:
        warnings.append(
            f"The access token expires in {_days(access_left)}; "
            + (
                "it will be refreshed automatically."
                if auto_refresh
                else "this LinkedIn app gets no refresh tokens, so connect the account "
                f"again within {_days(access_left)}."
            )
        )
    if token.refresh_token is not None and refresh_left is not None:
        if refresh_left <= timedelta(0):
            warnings.append(
                "The refresh token has expired (LinkedIn does not extend it); connect the "
                "LinkedIn account again."
            )
        elif refresh_left <= REFRESH_WARNING:
            warnings.append(
                f"The refresh token expires in {_days(refresh_left)} and LinkedIn does not "
                "extend it; connect the LinkedIn account again before then."
            )
    deciding = refresh_left if auto_refresh and refresh_left is not None else access_left
    return TokenHealth(
        source="file",
        location=location,
        connected=auto_refresh or access_left > timedelta(0),
        access_expires_at=token.expires_at,
        access_days_left=_whole_days(access_left),
        refresh_expires_at=token.refresh_token_expires_at,
        refresh_days_left=_whole_days(refresh_left) if refresh_left is not None else None,
        scopes=token.scopes,
        auto_refresh=auto_refresh,
        reconnect_in_days=None if auto_refresh and refresh_left is None else _whole_days(deciding),
        warnings=tuple(warnings),
    )


def _whole_days(left: timedelta) -> int:
    """Full days left, never negative (rounded down: a warning is better early than late)."""
    return max(0, left.days)


def _days(left: timedelta) -> str:
    days = _whole_days(left)
    if days == 0:
        return "less than a day"
    return f"{days} day{'s' if days != 1 else ''}"
