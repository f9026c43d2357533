"""Transport-neutral request and response objects, and LinkedIn's error bodies.

Handlers never touch sockets: they take a :class:`Request` and return a :class:`Response`,
or raise :class:`Problem` with the status and body LinkedIn would send. That keeps the
error shapes in one place (contract §8) and lets the server add the common headers
(``x-li-uuid``...) and the request log entry uniformly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request as the sandbox sees it. Tunnelled POSTs arrive here as GETs."""

    method: str  # the effective method: GET for a tunnelled POST
    path: str  # raw path, still percent-encoded (keys are decoded by the routes)
    query: str  # raw query string, or the form body of a tunnelled GET
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""
    tunnelled: bool = False

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def restli2(self) -> bool:
        """Whether the client asked for Rest.li 2.0 parsing (``X-Restli-Protocol-Version``)."""
        return (self.header("x-restli-protocol-version") or "").strip() == "2.0.0"


@dataclass(slots=True)
class Response:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    elements: int | None = None  # number of elements returned, for the request log

    @classmethod
    def json(cls, payload: Any, *, status: int = 200, elements: int | None = None) -> Response:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        return cls(status, body, elements=elements)

    @classmethod
    def html(cls, status: int, title: str, text: str) -> Response:
        page = (
            f"<!DOCTYPE html><html><head><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{text}</p></body></html>"
        )
        return cls(status, page.encode(), content_type="text/html; charset=utf-8")


class Problem(Exception):
    """A failure answered with a LinkedIn-shaped error body (Rest.li or OAuth style)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        service_error_code: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.service_error_code = service_error_code
        self.headers = headers or {}

    def response(self) -> Response:
        body: dict[str, Any] = {"status": self.status}
        if self.service_error_code is not None:
            body["serviceErrorCode"] = self.service_error_code
        if self.code is not None:
            body["code"] = self.code
        body["message"] = self.message
        response = Response.json(body, status=self.status)
        response.headers.update(self.headers)
        return response


class OAuthProblem(Problem):
    """An OAuth endpoint failure: ``{"error", "error_description"}`` (contract §1.4)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(status, description, code=error)

    def response(self) -> Response:
        return Response.json(
            {"error": self.code, "error_description": self.message}, status=self.status
        )


def bad_request(message: str) -> Problem:
    """400 ILLEGAL_ARGUMENT: malformed Rest.li, unknown or invalid parameters."""
    return Problem(400, message, code="ILLEGAL_ARGUMENT")


def invalid_params(detail: str) -> Problem:
    return bad_request(f"Invalid query parameters passed to request: {detail}")


def access_denied(resource: str, method: str, version: str | None) -> Problem:
    """403 ACCESS_DENIED with LinkedIn's "resource.METHOD.YYYYMMDD" message."""
    suffix = f".{version}01" if version else ""
    return Problem(
        403,
        f"Not enough permissions to access: {resource}.{method}{suffix}",
        code="ACCESS_DENIED",
        service_error_code=100,
    )


def not_found(message: str) -> Problem:
    return Problem(404, message, code="NOT_FOUND")
