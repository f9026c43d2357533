"""Shared pytest fixtures for the sandbox LinkedIn (load with ``pytest_plugins``).

* ``sandbox``: a started small sandbox (seed 7) whose clock is frozen at :data:`FIXED_NOW`;
  one per test, stopped afterwards. Move time with ``sandbox.set_clock(...)`` or
  ``sandbox.advance(timedelta(days=1))``.
* ``sandbox_factory``: ``sandbox_factory(**kwargs)`` starts a :class:`Sandbox` with any
  arguments (``size=``, ``spec=``, ``faults=``, ``latency_ms=``...); the clock defaults to
  :data:`FIXED_NOW` too. Every sandbox it started is stopped at teardown.
* ``sandbox_token``: a valid access token (scopes ``r_ads r_ads_reporting``) for ``sandbox``.

Startup is fast: datasets are cached per (spec, seed) and the server binds an ephemeral
loopback port.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from linkedin.sandbox import Sandbox

# "Now" for every fixture sandbox: a Thursday morning, inside the active API versions.
FIXED_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


@pytest.fixture
def sandbox_factory() -> Iterator[Callable[..., Sandbox]]:
    started: list[Sandbox] = []

    def build(**kwargs: Any) -> Sandbox:
        kwargs.setdefault("clock", lambda: FIXED_NOW)
        sandbox = Sandbox(**kwargs).start()
        started.append(sandbox)
        return sandbox

    yield build
    for sandbox in started:
        sandbox.stop()


@pytest.fixture
def sandbox(sandbox_factory: Callable[..., Sandbox]) -> Sandbox:
    return sandbox_factory()


@pytest.fixture
def sandbox_token(sandbox: Sandbox) -> str:
    token: str = sandbox.issue_token()["access_token"]
    return token
