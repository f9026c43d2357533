"""Rest.li request parsing as strict as LinkedIn's: query parameters, path keys and paging.

Protocol choice (contract §2.1, §10.2): with ``X-Restli-Protocol-Version: 2.0.0`` the query
is Rest.li 2.0 (``List(...)``, records, percent-encoded leaves) and is decoded with
:func:`linkedin.restli.decode_query` in strict mode. Without the header the server falls
back to protocol 1.0, where the only structure is in the *names*
(``dateRange.start.year=2025``, ``accounts[0]=urn:li:...``) and values are plain
form-encoded strings. A 1.0 request that carries 2.0 syntax (a value starting with
``List(`` or ``(``) is refused with 400 rather than silently read as a literal string.

Both protocols produce the same nested structure (str / list / dict), so the routes read
one shape. Anything LinkedIn refuses is a 400 ``ILLEGAL_ARGUMENT``: unencoded URNs inside
2.0 values, unbalanced brackets, double-encoded text (``%253A``: a leaf still holding
``%XX`` after decoding), unknown parameters, values of the wrong type.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Collection, Sequence
from typing import Any
from urllib.parse import unquote, unquote_plus

from linkedin.restli import Decoded, RestliDecodeError, decode_query
from linkedin.sandbox.http import Problem, Request, bad_request, invalid_params

_DOUBLE_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_V1_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*)$")
_V1_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
_URN = re.compile(r"^urn:li:([A-Za-z]+):(\d+)$")


def parse_query(request: Request) -> dict[str, Decoded]:
    """Decode the request's query with the protocol it asked for."""
    if request.restli2:
        try:
            params = decode_query(request.query, strict=True)
        except RestliDecodeError as error:
            raise invalid_params(str(error)) from None
        for name, value in params.items():
            if name != "fields":
                _refuse_double_encoding(name, value)
        return params
    return _decode_v1(request.query)


def _refuse_double_encoding(name: str, value: Decoded) -> None:
    if isinstance(value, str):
        if _DOUBLE_ENCODED.search(value):
            raise invalid_params(
                f"{name} holds percent-encoded text after decoding (double-encoded?)"
            )
    elif isinstance(value, list):
        for item in value:
            _refuse_double_encoding(name, item)
    else:
        for item in value.values():
            _refuse_double_encoding(name, item)


def _decode_v1(query: str) -> dict[str, Decoded]:
    """Rest.li 1.0: dotted/indexed names, plain values."""
    params: dict[str, Any] = {}
    fields: list[Decoded] | None = None
    for part in filter(None, query.split("&")):
        raw_key, _sep, raw_value = part.partition("=")
        key, value = unquote_plus(raw_key), unquote_plus(raw_value)
        if key == "fields":
            fields = [name for name in value.split(",") if name]
            continue
        if raw_value.startswith(("List(", "(", "List%28", "%28")):
            raise bad_request(
                f"Rest.li 2.0 syntax in parameter {key!r} needs the header "
                "X-Restli-Protocol-Version: 2.0.0"
            )
        match = _V1_KEY.match(key)
        if match is None:
            raise invalid_params(f"malformed parameter name {key!r}")
        steps: list[str | int] = [match[1]]
        for step in _V1_STEP.finditer(match[2]):
            steps.append(step[1] if step[1] is not None else int(step[2]))
        _assign(params, steps, value, key)
    decoded = {name: _normalise(value, name) for name, value in params.items()}
    if fields is not None:
        decoded["fields"] = fields
    return decoded


def _assign(node: dict[str, Any], steps: list[str | int], value: str, key: str) -> None:
    """Place `value` at `steps`; list indexes are collected in dicts, ordered afterwards."""
    current: Any = node
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        slot: Any = step if isinstance(step, str) else f"[{step}]"
        if last:
            if isinstance(current.get(slot), dict):
                raise invalid_params(f"parameter {key!r} conflicts with another")
            current[slot] = value
        else:
            child = current.setdefault(slot, {})
            if not isinstance(child, dict):
                raise invalid_params(f"parameter {key!r} conflicts with another")
            current = child


def _normalise(value: Any, name: str) -> Decoded:
    if not isinstance(value, dict):
        return str(value)
    if value and all(key.startswith("[") for key in value):
        indexes = sorted(int(key[1:-1]) for key in value)
        if indexes != list(range(len(indexes))):
            raise invalid_params(f"{name} list indexes must run 0, 1, 2, ...")
        return [_normalise(value[f"[{i}]"], name) for i in indexes]
    if any(key.startswith("[") for key in value):
        raise invalid_params(f"{name} mixes list indexes and record fields")
    return {key: _normalise(item, name) for key, item in value.items()}


class Params:
    """Typed, checked access to decoded query parameters; unread parameters are refused."""

    def __init__(self, values: dict[str, Decoded]) -> None:
        self._values = values
        self._read: set[str] = set()

    def has(self, name: str) -> bool:
        return name in self._values

    def raw(self, name: str) -> Decoded | None:
        self._read.add(name)
        return self._values.get(name)

    def string(self, name: str, *, required: bool = False) -> str | None:
        value = self.raw(name)
        if value is None:
            if required:
                raise invalid_params(f"missing required parameter {name!r}")
            return None
        if not isinstance(value, str):
            raise invalid_params(f"{name} must be a single value")
        return value

    def enum(self, name: str, allowed: Collection[str], *, required: bool = False) -> str | None:
        """A bare enum (``CAMPAIGN``) or the union form LinkedIn still accepts (``(value:X)``)."""
        value = self.raw(name)
        if isinstance(value, dict) and set(value) == {"value"}:
            value = value["value"]
        if value is None:
            if required:
                raise invalid_params(f"missing required parameter {name!r}")
            return None
        if not isinstance(value, str) or value not in allowed:
            raise invalid_params(f"invalid value {_show(value)} for {name}")
        return value

    def integer(self, name: str, *, default: int, minimum: int = 0) -> int:
        value = self.string(name)
        if value is None:
            return default
        if not value.isdigit() or int(value) < minimum:
            raise invalid_params(f"{name} must be an integer >= {minimum}")
        return int(value)

    def boolean(self, name: str) -> bool | None:
        value = self.string(name)
        if value is None:
            return None
        if value not in {"true", "false"}:
            raise invalid_params(f"{name} must be true or false")
        return value == "true"

    def strings(self, name: str) -> list[str]:
        """A ``List(...)`` of plain values (empty when absent)."""
        value = self.raw(name)
        return [] if value is None else as_string_list(value, name)

    def urns(self, name: str, kinds: Collection[str]) -> list[str]:
        """A list of URNs of the given kinds (as strings); wrong kinds are a 400."""
        urns = self.strings(name)
        for urn in urns:
            check_urn(urn, kinds, name)
        return urns

    def record(self, name: str) -> dict[str, Decoded] | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise invalid_params(f"{name} must be a record like (key:value)")
        return value

    def finish(self) -> None:
        """Refuse parameters no handler read (a typo or an option this endpoint lacks)."""
        unknown = sorted(set(self._values) - self._read)
        if unknown:
            raise invalid_params(f"unknown parameter(s) {', '.join(unknown)}")


def as_string_list(value: Decoded, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid_params(f"{name} must be a List(...) of values")
    return [item for item in value if isinstance(item, str)]


def check_urn(urn: str, kinds: Collection[str], name: str) -> int:
    """The numeric id of a URN of one of `kinds`; anything else is a 400."""
    match = _URN.match(urn)
    if match is None or match[1] not in kinds:
        expected = " or ".join(f"urn:li:{kind}:<id>" for kind in kinds)
        raise invalid_params(f"invalid value {urn!r} in {name}; expected {expected}")
    return int(match[2])


def _show(value: Decoded) -> str:
    return repr(value) if isinstance(value, str) else "(a list or record)"


def path_key(raw: str) -> str:
    """Decode one path key. Reserved characters must be percent-encoded in the path."""
    if ":" in raw or "(" in raw or "," in raw:
        raise Problem(400, "Syntax exception in path variables", code="ILLEGAL_ARGUMENT")
    value = unquote(raw)
    if _DOUBLE_ENCODED.search(value) or not value:
        raise Problem(400, "Syntax exception in path variables", code="ILLEGAL_ARGUMENT")
    return value


def numeric_key(raw: str) -> int:
    value = path_key(raw)
    if not value.isdigit():
        raise Problem(400, "Syntax exception in path variables", code="ILLEGAL_ARGUMENT")
    return int(value)


class Cursor:
    """Opaque ``pageToken`` values bound to the query they were issued for.

    A token is base64url (with padding, so clients must percent-encode ``=``) of the offset
    and an HMAC of the query without ``pageToken``: reusing a token with a different query
    (other filters, other ``pageSize``) is a 400, as a forged or mangled token is.
    """

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _fingerprint(self, request: Request) -> str:
        pairs = sorted(
            part for part in request.query.split("&") if part and not part.startswith("pageToken=")
        )
        digest = hmac.new(self._secret, "&".join(pairs).encode(), hashlib.sha256)
        return digest.hexdigest()[:16]

    def token(self, request: Request, offset: int) -> str:
        raw = f"{offset}.{self._fingerprint(request)}".encode()
        return base64.urlsafe_b64encode(raw).decode()

    def offset(self, request: Request, token: str | None) -> int:
        if token is None:
            return 0
        try:
            offset_text, fingerprint = base64.urlsafe_b64decode(token.encode()).decode().split(".")
            offset = int(offset_text)
        except ValueError:
            raise invalid_params("pageToken is not a token this server issued") from None
        if not hmac.compare_digest(fingerprint, self._fingerprint(request)):
            raise invalid_params("pageToken was issued for a different query")
        return offset

    def page(
        self,
        request: Request,
        params: Params,
        items: Sequence[Any],
        *,
        max_size: int,
        too_many_without_page_size: bool = False,
    ) -> dict[str, Any]:
        """One cursor page: ``{"elements": [...], "metadata": {"nextPageToken"?: ...}}``."""
        if too_many_without_page_size and not params.has("pageSize") and len(items) > 1000:
            raise Problem(400, "Request would return too many entities. ")
        size = params.integer("pageSize", default=100, minimum=1)
        if size > max_size:
            raise invalid_params(f"pageSize {size} is larger than the maximum {max_size}")
        start = self.offset(request, params.string("pageToken"))
        page = list(items[start : start + size])
        metadata: dict[str, Any] = {}
        if start + size < len(items):
            metadata["nextPageToken"] = self.token(request, start + size)
        return {"elements": page, "metadata": metadata}


def index_page(params: Params, items: Sequence[Any]) -> dict[str, Any]:
    """Index paging (``start``/``count``) with ``paging.total``, count capped at 1000."""
    start = params.integer("start", default=0)
    count = params.integer("count", default=10)
    if count > 1000:
        raise Problem(400, "Specified count is larger than 1000", code="ILLEGAL_ARGUMENT")
    return {
        "elements": list(items[start : start + count]),
        "paging": {"start": start, "count": count, "total": len(items), "links": []},
    }
