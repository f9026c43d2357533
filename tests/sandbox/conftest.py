"""Fixtures for the sandbox's own tests: HTTP clients aimed at a fixture sandbox.

The shared fixtures (``sandbox``, ``sandbox_factory``, ``sandbox_token``) come from
``tests/sandbox_fixtures.py``; they are imported here so this folder works on its own
whether or not ``tests/conftest.py`` registers that plugin for everyone.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sandbox_fixtures import FIXED_NOW, sandbox, sandbox_factory, sandbox_token
from sandbox_http import client

from linkedin.sandbox import Sandbox

__all__ = ["FIXED_NOW", "sandbox", "sandbox_factory", "sandbox_token"]


@pytest.fixture
def api(sandbox: Sandbox, sandbox_token: str) -> Iterator[httpx.Client]:
    with client(sandbox, sandbox_token) as http:
        yield http


@pytest.fixture
def account_id(sandbox: Sandbox) -> int:
    """The first (USD) account of the fixture sandbox."""
    return int(sandbox.dataset.accounts[0]["id"])
