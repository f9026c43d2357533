"""Keep secrets out of every log line, message and traceback.

httpx masks the ``Authorization`` header in reprs but not URLs or request bodies, and
an exception message can quote anything. So every secret the app handles (access and
refresh tokens, client secret, authorization codes) is registered here the moment it
is read, and :func:`redact` replaces it wherever it appears. Patterns catch secrets
that were never registered (``Bearer …``, ``code=…`` in a callback URL, ``*_token``
JSON fields). The :class:`RedactingFilter` applies this to log records, including the
formatted exception text, before any handler writes them.
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote, quote_plus

MASK = "***"
_MIN_SECRET_LENGTH = 6

# Secret-looking values are at least 8 characters: LinkedIn codes and tokens are
# hundreds long, and "REVOKED_ACCESS_TOKEN: The token ..." must keep its "The".
_PATTERNS = (
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(
        r"(?i)((?:access_token|refresh_token|client_secret|code|token)"
        r"[\"']?\s*[=:]\s*[\"']?)[^\s&\"',;]{8,}"
    ),
)

_lock = threading.Lock()
_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret so :func:`redact` masks it from now on (short values ignored).

    Its percent-encoded forms are remembered too: a token or code with ``+``, ``/`` or
    ``=`` in it appears encoded in URLs and form bodies, where the raw value would not
    match.
    """
    if value and len(value) >= _MIN_SECRET_LENGTH:
        with _lock:
            _secrets.update({value, quote(value, safe=""), quote_plus(value)})


def redact(text: str) -> str:
    """`text` with every registered secret and every secret-looking pattern masked."""
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites the record's message and exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            formatter = logging.Formatter()
            record.exc_text = redact(formatter.formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
