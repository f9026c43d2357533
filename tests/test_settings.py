"""Settings: every key from the environment or .env, errors named without values."""

from __future__ import annotations

from pathlib import Path

import pytest

from li_ads_tui.settings import Settings, SettingsError, load_settings


def test_defaults_follow_the_design() -> None:
    settings = load_settings()
    assert settings.linkedin_api_version == "202607"
    assert settings.linkedin_api_base_url == "https://api.linkedin.com/rest"
    assert settings.linkedin_redirect_uri == "http://localhost:8765/callback"
    assert settings.scopes == ["r_ads", "r_ads_reporting"]
    assert (settings.freshness_ttl_minutes, settings.sync_history_days) == (240, 90)
    assert settings.sync_lookback_days == 30
    assert settings.resolved_database_url.endswith("/data/li_ads.db")


def test_env_file_with_bom_crlf_and_quotes(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(
        b'\xef\xbb\xbfLINKEDIN_CLIENT_ID="abc123"\r\nSYNC_HISTORY_DAYS=120\r\n'
        b"LINKEDIN_SCOPES='r_ads,r_ads_reporting'\r\n"
    )
    settings = load_settings(tmp_path)
    assert settings.linkedin_client_id == "abc123"
    assert settings.sync_history_days == 120
    assert settings.scopes == ["r_ads", "r_ads_reporting"]


def test_the_environment_wins_over_the_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("SYNC_LOOKBACK_DAYS=7\n")
    monkeypatch.setenv("SYNC_LOOKBACK_DAYS", "14")
    assert load_settings(tmp_path).sync_lookback_days == 14


def test_user_config_env_file_is_read(tmp_path: Path) -> None:
    config = tmp_path / "home" / ".config" / "li-ads-tui"
    config.mkdir(parents=True)
    (config / ".env").write_text("LINKEDIN_API_VERSION=202604\n")
    assert load_settings(tmp_path).linkedin_api_version == "202604"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("LINKEDIN_API_VERSION", "2026-07", "YYYYMM"),
        ("LINKEDIN_API_BASE_URL", "ftp://files.example", "absolute http(s) URL"),
        ("LINKEDIN_REDIRECT_URI", "http://localhost:8765/cb#frag", "without '#'"),
        ("DATABASE_URL", "my-database", "SQLAlchemy URL"),
        ("SYNC_LOOKBACK_DAYS", "-3", "from 0 to 365"),
        ("SYNC_CONCURRENCY", "100", "from 1 to 16"),
        ("HTTP_TIMEOUT_SECONDS", "soon", "seconds"),
    ],
)
def test_an_invalid_value_is_named_with_what_is_expected_never_echoed(
    monkeypatch: pytest.MonkeyPatch, key: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(key, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert key in message
    assert expected in message
    assert value not in message


def test_unparseable_env_lines_are_reported_by_line(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text('GOOD=1\nno equals sign here\nBAD="unterminated\n')
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path)
    assert [p.split(": ", 1)[0].rsplit(" ", 2)[-2:] for p in caught.value.problems] == [
        ["line", "2"],
        ["line", "3"],
    ]
    assert "unterminated" not in str(caught.value)


def test_secrets_are_masked_in_reprs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKEDIN_CLIENT_SECRET", "shh-very-secret")
    monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", "AQX-token-value")
    settings = load_settings()
    assert isinstance(settings, Settings)
    assert "shh-very-secret" not in repr(settings)
    assert "AQX-token-value" not in repr(settings)
    assert settings.linkedin_client_secret is not None
    assert settings.linkedin_client_secret.get_secret_value() == "shh-very-secret"
