"""What a resource handler gets for one request: the caller, the data, the parsed parameters."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from linkedin.sandbox.dataset import Dataset
from linkedin.sandbox.gate import Principal
from linkedin.sandbox.http import Request, Response, bad_request
from linkedin.sandbox.protocol import Cursor, Params, parse_query
from linkedin.sandbox.throttle import DataThrottle


@dataclass
class Context:
    """Everything a resource handler needs for one request."""

    request: Request
    principal: Principal
    dataset: Dataset
    cursor: Cursor
    data_throttle: DataThrottle
    clock: Callable[[], datetime]

    @functools.cached_property
    def params(self) -> Params:
        return Params(parse_query(self.request))

    def restli_method(self, expected: str, *, required: bool = False) -> None:
        """Check ``X-RestLi-Method`` against the operation the request performs."""
        sent = self.request.header("x-restli-method")
        if sent is None:
            if required:
                raise bad_request(f"The X-RestLi-Method header must be set to {expected}")
            return
        if sent.strip().upper() != expected:
            raise bad_request(f"X-RestLi-Method {sent} does not match the request ({expected})")


Handler = Callable[[Context, list[str]], Response]
