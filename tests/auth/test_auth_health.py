"""Token health for the status screen, SSH detection and secret registration."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from linkedin.auth import StoredToken, TokenStore, token_health
from linkedin.auth.ssh import can_open_browser, is_ssh_session, tunnel_command
from linkedin.auth.tokens import split_scopes
from linkedin.redaction import redact, register_secret

TokenFactory = Callable[..., StoredToken]


def test_no_token(store: TokenStore) -> None:
    health = token_health(store, env_token_set=False)
    assert (health.source, health.connected) == ("none", False)
    assert health.problem == "No LinkedIn account is connected."
    assert health.location == str(store.path)


def test_environment_token_wins_and_says_so(store: TokenStore, make_token: TokenFactory) -> None:
    store.save(make_token())
    health = token_health(store, env_token_set=True)
    assert (health.source, health.location, health.connected) == (
        "environment",
        "LINKEDIN_ACCESS_TOKEN",
        True,
    )
    assert health.access_days_left is None
    assert "never refreshed or stored" in health.warnings[0]


def test_healthy_token_with_refresh(store: TokenStore, make_token: TokenFactory) -> None:
    token = make_token(access_days=60, refresh_days=365)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at)
    assert health.source == "file"
    assert health.connected
    assert (health.access_days_left, health.refresh_days_left) == (60, 365)
    assert health.scopes == ("r_ads", "r_ads_reporting")
    assert health.auto_refresh
    assert health.reconnect_in_days == 365
    assert health.warnings == ()


@pytest.mark.parametrize(
    ("days_left", "warned"), [(7.5, False), (7.0, True), (3.2, True), (0.5, True)]
)
def test_access_warning_at_seven_days_without_refresh(
    store: TokenStore, make_token: TokenFactory, days_left: float, warned: bool
) -> None:
    token = make_token(access_days=days_left)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at)
    assert not health.auto_refresh
    assert health.reconnect_in_days == int(days_left)
    assert bool(health.warnings) is warned
    if warned:
        assert "no refresh tokens" in health.warnings[0]
        assert "connect the account again within" in health.warnings[0]


def test_access_warning_with_refresh_says_it_is_automatic(
    store: TokenStore, make_token: TokenFactory
) -> None:
    token = make_token(access_days=2, refresh_days=200)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at)
    assert health.warnings == (
        "The access token expires in 2 days; it will be refreshed automatically.",
    )


@pytest.mark.parametrize(("days_left", "warned"), [(31, False), (30, True), (1, True)])
def test_refresh_warning_at_thirty_days(
    store: TokenStore, make_token: TokenFactory, days_left: int, warned: bool
) -> None:
    token = make_token(access_days=60, refresh_days=days_left)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at)
    assert bool(health.warnings) is warned
    if warned:
        assert f"refresh token expires in {days_left} day" in health.warnings[0]
    assert health.reconnect_in_days == days_left


def test_expired_access_token_without_refresh_is_not_connected(
    store: TokenStore, make_token: TokenFactory
) -> None:
    token = make_token(access_days=60)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at + timedelta(days=61))
    assert not health.connected
    assert health.access_days_left == 0
    assert "expired" in health.warnings[0]
    assert "connect the LinkedIn account again" in health.warnings[0]


def test_expired_access_token_with_live_refresh_token_is_still_connected(
    store: TokenStore, make_token: TokenFactory
) -> None:
    token = make_token(access_days=60, refresh_days=365)
    store.save(token)
    health = token_health(store, env_token_set=False, now=token.obtained_at + timedelta(days=61))
    assert health.connected
    assert "refreshed when next used" in health.warnings[0]


def test_corrupt_file_is_reported_as_the_problem(store: TokenStore) -> None:
    store.data_dir.mkdir(mode=0o700)
    store.path.write_text("{oops")
    store.path.chmod(0o600)
    health = token_health(store, env_token_set=False)
    assert not health.connected
    assert health.problem is not None
    assert "moved to" in health.problem


def test_scopes_split_on_commas_and_spaces() -> None:
    assert split_scopes("r_ads,r_ads_reporting") == ("r_ads", "r_ads_reporting")
    assert split_scopes(" r_ads  r_ads_reporting, rw_ads") == ("r_ads", "r_ads_reporting", "rw_ads")


@pytest.mark.parametrize(
    ("environ", "ssh", "browser"),
    [
        ({}, False, False),
        ({"DISPLAY": ":0"}, False, True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False, True),
        ({"SSH_CONNECTION": "10.0.0.2 5000 10.0.0.1 22"}, True, False),
        ({"SSH_TTY": "/dev/pts/1", "DISPLAY": "localhost:10.0"}, True, True),
    ],
)
def test_ssh_and_browser_detection_on_linux(
    environ: dict[str, str], ssh: bool, browser: bool
) -> None:
    assert is_ssh_session(environ) is ssh
    assert can_open_browser(environ, platform="linux") is browser


def test_macos_has_a_browser_unless_over_ssh() -> None:
    assert can_open_browser({}, platform="darwin")
    assert not can_open_browser({"SSH_CLIENT": "10.0.0.2 5000 22"}, platform="darwin")


def test_tunnel_command() -> None:
    assert tunnel_command(8765) == "ssh -L 8765:localhost:8765 <this host>"


def test_registered_secret_is_masked_also_when_percent_encoded() -> None:
    register_secret("AQX+abc/def=ghi")
    assert redact("token AQX+abc/def=ghi here") == "token *** here"
    assert redact("x?t=AQX%2Babc%2Fdef%3Dghi&y=1") == "x?t=***&y=1"
    assert redact("body t=AQX%2Babc%2Fdef%3Dghi") == "body t=***"
