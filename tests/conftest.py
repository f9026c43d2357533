"""Test-wide setup: a clean, deterministic environment for every test.

Textual reads TEXTUAL_* at import time, so animation is switched off here, before any
test module imports it. The user's own configuration must never leak into a test:
LinkedIn/database variables are removed and the data and config dirs point at a
temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["TEXTUAL_ANIMATIONS"] = "none"

pytest_plugins = ["sandbox_fixtures", "db_fixtures"]

_LEAKY_PREFIXES = ("LINKEDIN_", "LI_ADS_", "TEXTUAL_THEME", "NO_COLOR")
_LEAKY_KEYS = {
    "DATABASE_URL",
    "FRESHNESS_TTL_MINUTES",
    "SYNC_HISTORY_DAYS",
    "SYNC_LOOKBACK_DAYS",
    "SYNC_CONCURRENCY",
    "HTTP_TIMEOUT_SECONDS",
    "SSH_CONNECTION",
    "SSH_TTY",
    "SSH_CLIENT",
}


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Strip the developer's settings and point XDG dirs and the cwd at a temp dir."""
    for key in list(os.environ):
        if key.startswith(_LEAKY_PREFIXES) or key in _LEAKY_KEYS:
            monkeypatch.delenv(key, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("LI_ADS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path
