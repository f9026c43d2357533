"""Fixtures for sync tests: a client for the fixture sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sync_support import FAST_RETRY

from linkedin.client import LinkedInClient
from linkedin.sandbox import Sandbox
from linkedin.token_provider import StaticTokenProvider


@pytest.fixture
def make_client() -> Callable[..., LinkedInClient]:
    def build(sandbox: Sandbox, token: str, **kwargs: Any) -> LinkedInClient:
        kwargs.setdefault("retry", FAST_RETRY)
        return LinkedInClient(
            base_url=sandbox.api_base_url,
            version="202607",
            token_provider=StaticTokenProvider(token),
            **kwargs,
        )

    return build


@pytest.fixture
async def client(
    sandbox: Sandbox, sandbox_token: str, make_client: Callable[..., LinkedInClient]
) -> AsyncIterator[LinkedInClient]:
    async with make_client(sandbox, sandbox_token) as c:
        yield c
