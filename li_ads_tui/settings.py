"""Every configuration key in one place (pydantic-settings: environment, then `.env`).

Sources, strongest first: the process environment, ``./.env`` (the directory the app
is started from), then ``~/.config/li-ads-tui/.env``. Secrets are ``SecretStr`` so a
repr, a log line or a traceback never shows them.

A missing or invalid key is reported by its *name* with what is expected, never with
its value (a mistyped secret in an error message is still a secret), and a line of a
`.env` file that cannot be parsed is reported by file and line number instead of being
silently dropped, which is what python-dotenv alone would do.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from dotenv.parser import parse_stream
from platformdirs import user_config_dir, user_data_dir
from pydantic import AfterValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "li-ads-tui"
DEFAULT_API_VERSION = "202607"
DEFAULT_SCOPES = "r_ads r_ads_reporting"
ENV_FILE_NAME = ".env"

_VERSION_RE = re.compile(r"^20\d{2}(0[1-9]|1[0-2])$")


class SettingsError(Exception):
    """Configuration cannot be used; each problem names a key and what it expects."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"configuration error:\n{lines}"


def _api_version(value: str) -> str:
    if not _VERSION_RE.match(value):
        raise ValueError("expected a LinkedIn API version as YYYYMM, e.g. 202607")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("expected an absolute http(s) URL")
    return value.rstrip("/")


def _redirect_uri(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.fragment:
        raise ValueError(
            "expected an absolute http(s) URL without '#', e.g. http://localhost:8765/callback"
        )
    return value


def _database_url(value: str) -> str:
    if "://" not in value:
        raise ValueError(
            "expected an SQLAlchemy URL such as sqlite:////path/li_ads.db or "
            "postgresql+psycopg://user@host/db"
        )
    return value


ApiVersion = Annotated[str, AfterValidator(_api_version)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
RedirectUri = Annotated[str, AfterValidator(_redirect_uri)]
DatabaseUrl = Annotated[str, AfterValidator(_database_url)]


def default_data_dir() -> Path:
    """The XDG data dir (``~/.local/share/li-ads-tui`` on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_env_file() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False)) / ENV_FILE_NAME


class Settings(BaseSettings):
    """The app's settings. Field names are the environment variable names, lower-cased."""

    model_config = SettingsConfigDict(
        env_file_encoding="utf-8-sig",  # tolerate a BOM written by Windows editors
        case_sensitive=False,
        extra="ignore",
        hide_input_in_errors=True,
    )

    linkedin_client_id: str | None = Field(
        default=None, description="Your LinkedIn app's Client ID"
    )
    linkedin_client_secret: SecretStr | None = Field(default=None, description="Client secret")
    linkedin_redirect_uri: RedirectUri = "http://localhost:8765/callback"
    linkedin_scopes: str = DEFAULT_SCOPES
    linkedin_api_version: ApiVersion = DEFAULT_API_VERSION
    linkedin_api_base_url: HttpUrl = "https://api.linkedin.com/rest"
    linkedin_oauth_base_url: HttpUrl = "https://www.linkedin.com/oauth/v2"
    linkedin_access_token: SecretStr | None = None
    li_ads_data_dir: Path = Field(default_factory=default_data_dir)
    database_url: DatabaseUrl | None = None
    freshness_ttl_minutes: int = Field(default=240, ge=0, le=60 * 24 * 365)
    sync_history_days: int = Field(default=90, ge=1, le=3650)
    sync_lookback_days: int = Field(default=30, ge=0, le=365)
    # Requests in flight at once: a few hide LinkedIn's latency (the benchmark: 6 are
    # 3x faster than one at a time); LinkedIn's limits are daily counts, not parallelism.
    sync_concurrency: int = Field(default=6, ge=1, le=16)
    http_timeout_seconds: float = Field(default=30.0, gt=0, le=600)

    @property
    def data_dir(self) -> Path:
        return self.li_ads_data_dir.expanduser()

    @property
    def resolved_database_url(self) -> str:
        """``DATABASE_URL`` or SQLite in the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'li_ads.db'}"

    @property
    def scopes(self) -> list[str]:
        return [s for s in re.split(r"[\s,]+", self.linkedin_scopes) if s]


# What each key expects, for messages that must not echo the value.
_EXPECTATIONS: dict[str, str] = {
    "linkedin_api_version": "a LinkedIn API version as YYYYMM, e.g. 202607",
    "linkedin_api_base_url": "an absolute http(s) URL, e.g. https://api.linkedin.com/rest",
    "linkedin_oauth_base_url": "an absolute http(s) URL, e.g. https://www.linkedin.com/oauth/v2",
    "linkedin_redirect_uri": "an absolute http(s) URL without '#', e.g. "
    "http://localhost:8765/callback",
    "database_url": "an SQLAlchemy URL, e.g. sqlite:////path/li_ads.db or "
    "postgresql+psycopg://user@host/db",
    "freshness_ttl_minutes": "a whole number of minutes >= 0",
    "sync_history_days": "a whole number of days from 1 to 3650",
    "sync_lookback_days": "a whole number of days from 0 to 365",
    "sync_concurrency": "a whole number from 1 to 16",
    "http_timeout_seconds": "a number of seconds > 0 and <= 600",
    "li_ads_data_dir": "a directory path",
}


def env_files(cwd: Path | None = None) -> list[Path]:
    """The `.env` files read, weakest first (the user's config, then the working dir)."""
    return [user_env_file(), (cwd or Path.cwd()) / ENV_FILE_NAME]


def check_env_files(paths: Iterable[Path]) -> list[str]:
    """Lines of existing `.env` files that cannot be parsed, as messages without values."""
    problems: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({type(exc).__name__})")
            continue
        for binding in parse_stream(io.StringIO(text)):
            if binding.error:
                problems.append(
                    f"{path} line {binding.original.line}: cannot be parsed (expected KEY=value)"
                )
    return problems


def load_settings(cwd: Path | None = None, **overrides: Any) -> Settings:
    """Read the settings, or raise :class:`SettingsError` naming every bad key."""
    files = env_files(cwd)
    problems = check_env_files(files)
    try:
        settings = Settings(
            _env_file=[str(p) for p in files if p.is_file()] or None,
            **overrides,
        )
    except ValidationError as exc:
        for error in exc.errors(include_input=False, include_url=False):
            key = str(error["loc"][0]) if error["loc"] else "?"
            expected = _EXPECTATIONS.get(key, "a valid value")
            problems.append(f"{key.upper()}: invalid; expected {expected}")
        raise SettingsError(problems) from None
    if problems:
        raise SettingsError(problems)
    return settings
