"""Fixtures for TUI tests (see tui_support for why they look like this)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_support import (
    build_synced_database,
    demo_environment,
    install_database,
    start_demo_sandbox,
)

from li_ads_tui.environment import Environment
from linkedin.sandbox import Sandbox


@pytest.fixture(scope="session")
def demo_sandbox() -> Iterator[Sandbox]:
    """The demo dataset on a frozen clock, shared by the session (tests only read it)."""
    sandbox = start_demo_sandbox()
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="session")
def synced_database(demo_sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_synced_database(tmp_path_factory.mktemp("synced"), demo_sandbox)


@pytest.fixture
def synced_environment(tmp_path: Path, demo_sandbox: Sandbox, synced_database: Path) -> Environment:
    """Connected, with the whole demo dataset synced (the usual state after a first sync)."""
    environment = demo_environment(tmp_path / "data", demo_sandbox, connected=True)
    install_database(synced_database, environment)
    return environment


@pytest.fixture
def connected_environment(tmp_path: Path, demo_sandbox: Sandbox) -> Environment:
    """Connected, nothing synced yet (empty database)."""
    return demo_environment(tmp_path / "data", demo_sandbox, connected=True)


@pytest.fixture
def fresh_environment(tmp_path: Path, demo_sandbox: Sandbox) -> Environment:
    """A newcomer's first demo run: not connected, empty database."""
    return demo_environment(tmp_path / "data", demo_sandbox, connected=False)
