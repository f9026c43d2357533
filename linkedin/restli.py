"""Rest.li 2.0 encoding of query strings and path keys, and the matching decoder.

LinkedIn's versioned API (`X-Restli-Protocol-Version: 2.0.0`) does not take plain
form-encoded query strings. Values are written in a small grammar:

* lists: ``List(a,b,c)`` (``List()`` when empty)
* records: ``(key:value,key2:value2)``, nestable
* primitives: strings are percent-encoded with *no* safe characters, so the
  grammar characters ``( ) , :`` and ``'`` inside a value can never collide with
  the structure; numbers and booleans are written as-is; the empty string is ``''``.

The structural characters stay literal. Running an already-encoded query through a
generic URL encoder again double-encodes it (``%3A`` -> ``%253A``), which LinkedIn
answers with ``400 ILLEGAL_ARGUMENT``; that is why the client builds query strings with
:func:`encode_query` and hands them to httpx verbatim.

``fields`` is the one exception: it is a plain comma-separated projection list
(``fields=impressions,clicks,dateRange``), never ``List(...)``.

The decoder is used by the sandbox. In strict mode it refuses what LinkedIn refuses:
unencoded reserved characters in a value (a raw URN inside ``List(...)``), unbalanced
brackets and trailing garbage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeAlias
from urllib.parse import quote, unquote

Decoded: TypeAlias = "str | list[Decoded] | dict[str, Decoded]"

_LIST_PREFIX = "List("
_EMPTY_STRING = "''"
_FIELD_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:()")


class RestliDecodeError(ValueError):
    """The text is not valid Rest.li 2.0 (what LinkedIn answers with 400 ILLEGAL_ARGUMENT)."""


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of UTC calendar days, as `/adAnalytics` takes it."""

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"date range ends ({self.end}) before it starts ({self.start})")

    def to_restli(self) -> dict[str, Any]:
        record: dict[str, Any] = {"start": self.start}
        if self.end is not None:
            record["end"] = self.end
        return record


def encode(value: Any) -> str:
    """Encode one value (str, int, float, Decimal, bool, date, DateRange, Enum, list, dict)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return encode(value.value)
    if isinstance(value, str):
        return quote(value, safe="") if value else _EMPTY_STRING
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, DateRange):
        return encode(value.to_restli())
    if isinstance(value, date):
        return f"(year:{value.year},month:{value.month},day:{value.day})"
    if isinstance(value, Mapping):
        pairs = ",".join(f"{encode(str(k))}:{encode(v)}" for k, v in value.items())
        return f"({pairs})"
    if isinstance(value, Sequence):
        return _LIST_PREFIX + ",".join(encode(v) for v in value) + ")"
    raise TypeError(f"cannot Rest.li-encode a value of type {type(value).__name__}")


def encode_fields(names: Sequence[str]) -> str:
    """The `fields` projection: a plain comma list, deliberately not Rest.li-encoded."""
    for name in names:
        if not name or not set(name) <= _FIELD_NAME_CHARS:
            raise ValueError(f"not a valid field name for a projection: {name!r}")
    return ",".join(names)


def encode_query(params: Mapping[str, Any]) -> str:
    """Build a Rest.li 2.0 query string, keeping the order of `params`.

    ``None`` values are left out; the key ``fields`` takes a sequence of names.
    """
    parts: list[str] = []
    for key, value in params.items():
        if value is None:
            continue
        encoded = encode_fields(value) if key == "fields" else encode(value)
        parts.append(f"{quote(key, safe='')}={encoded}")
    return "&".join(parts)


def encode_path_key(value: str | int) -> str:
    """A resource key for a URL path: numbers raw, URNs and strings fully percent-encoded."""
    return encode(value)


def decode(text: str, *, strict: bool = True) -> Decoded:
    """Decode one Rest.li 2.0 value. Every primitive comes back as a string."""
    parser = _Parser(text, strict)
    value = parser.value(top_level=True)
    if parser.pos != len(text):
        raise RestliDecodeError(f"unexpected {text[parser.pos]!r} at position {parser.pos}")
    return value


def decode_query(query: str, *, strict: bool = True) -> dict[str, Decoded]:
    """Decode a whole query string. Repeated keys keep the last value, as LinkedIn does.

    ``fields`` is split on commas into a list of names (it is not Rest.li syntax).
    """
    params: dict[str, Decoded] = {}
    if not query:
        return params
    for part in query.split("&"):
        if not part:
            continue
        raw_key, sep, raw_value = part.partition("=")
        key = unquote(raw_key)
        if not sep:
            raise RestliDecodeError(f"query parameter {key!r} has no value")
        if key == "fields":
            params[key] = [name for name in unquote(raw_value).split(",") if name]
        else:
            params[key] = decode(raw_value, strict=strict)
    return params


class _Parser:
    """Recursive-descent parser over the raw (still percent-encoded) text."""

    def __init__(self, text: str, strict: bool) -> None:
        self.text = text
        self.pos = 0
        self.strict = strict

    def value(self, *, top_level: bool = False) -> Decoded:
        if self.text.startswith(_LIST_PREFIX, self.pos):
            return self._list()
        if self.text.startswith("(", self.pos):
            return self._record()
        return self._leaf(top_level=top_level)

    def _list(self) -> list[Decoded]:
        self.pos += len(_LIST_PREFIX)
        items: list[Decoded] = []
        if self._peek() == ")":
            self.pos += 1
            return items
        while True:
            items.append(self.value())
            if not self._close_or_continue("List(...)"):
                return items

    def _record(self) -> dict[str, Decoded]:
        self.pos += 1
        record: dict[str, Decoded] = {}
        if self._peek() == ")":
            self.pos += 1
            return record
        while True:
            colon = self.text.find(":", self.pos)
            if colon < 0:
                raise RestliDecodeError(f"record key without ':' at position {self.pos}")
            raw_key = self.text[self.pos : colon]
            if any(c in raw_key for c in "(),"):
                raise RestliDecodeError(f"malformed record key {raw_key!r}")
            self.pos = colon + 1
            record[self._unescape(raw_key)] = self.value()
            if not self._close_or_continue("record"):
                return record

    def _leaf(self, *, top_level: bool) -> str:
        start = self.pos
        end = len(self.text)
        for stop in (",", ")"):
            found = self.text.find(stop, start)
            if found >= 0:
                end = min(end, found)
        raw = self.text[start:end]
        if self.strict:
            if not raw and not top_level:
                raise RestliDecodeError(f"empty value at position {start}")
            for reserved in ":(":
                if reserved in raw:
                    raise RestliDecodeError(
                        f"unencoded {reserved!r} in value {raw!r}: reserved characters "
                        "inside values (URNs too) must be percent-encoded"
                    )
        self.pos = end
        return self._unescape(raw)

    def _close_or_continue(self, what: str) -> bool:
        """After an item: ',' means another follows, ')' closes the container."""
        char = self._peek()
        if char == ",":
            self.pos += 1
            return True
        if char == ")":
            self.pos += 1
            return False
        raise RestliDecodeError(f"unterminated {what} at position {self.pos}")

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    @staticmethod
    def _unescape(raw: str) -> str:
        return "" if raw == _EMPTY_STRING else unquote(raw)
