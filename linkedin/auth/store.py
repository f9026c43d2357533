"""The token file in the data dir: private, written atomically, never silently reset.

- Written as temp file in the same folder → fsync → ``os.replace`` → fsync of the
  folder, so a crash or a full disk leaves the old file or the new one, never half of
  one. ``mkstemp`` creates the temp file 0600, so the token is never readable by
  others, not even for a moment.
- A group- or world-readable file, or one owned by someone else, is refused (ssh's
  stance on private keys): another account may already have read the token, and
  quietly tightening the mode would hide that.
- A file that cannot be parsed is moved aside as ``<name>.corrupt-<UTC time>`` and
  reported once; the user is then logged out rather than left with a mystery.
- :meth:`TokenStore.lock` is the cross-process lock held around "read, refresh,
  write", so a cron ``--sync`` and an open TUI never refresh the same token twice.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock

from linkedin.auth.errors import (
    CorruptTokenFileError,
    InsecureTokenFileError,
    TokenFileError,
    TokenFileWriteError,
)
from linkedin.auth.tokens import StoredToken

log = logging.getLogger(__name__)

TOKEN_FILE_NAME = "linkedin-token.json"  # noqa: S105 (a file name, not a secret)
LOCK_FILE_NAME = "linkedin-token.lock"
_CHECK_PERMISSIONS = os.name == "posix"


class TokenStore:
    """Load and save the one stored token of a data dir."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / TOKEN_FILE_NAME
        self.lock_path = data_dir / LOCK_FILE_NAME

    def load(self) -> StoredToken | None:
        """The stored token, or None when there is none.

        Raises :class:`InsecureTokenFileError` for a file others can read and
        :class:`CorruptTokenFileError` (after moving the file aside) for one that does
        not parse.
        """
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InsecureTokenFileError(
                    str(self.path),
                    "it is a symbolic link, which another user could redirect",
                    f"replace the link with the file it points to (or rm {self.path} "
                    "and connect again)",
                ) from None
            raise TokenFileError(
                f"Cannot read the LinkedIn token file {self.path} "
                f"({exc.strerror or type(exc).__name__})."
            ) from None
        with os.fdopen(fd, "rb") as handle:
            self._check_private(os.fstat(handle.fileno()))
            raw = handle.read()
        try:
            return StoredToken.from_json(json.loads(raw.decode("utf-8")))
        except (ValueError, TypeError, KeyError) as exc:
            problem = _describe_corruption(exc)
        moved_to = self._move_aside()
        log.warning("token file %s is corrupt (%s); moved to %s", self.path, problem, moved_to)
        raise CorruptTokenFileError(str(self.path), str(moved_to), problem)

    def save(self, token: StoredToken) -> None:
        """Replace the stored token atomically (see the module docstring)."""
        data = json.dumps(token.to_json(), indent=2).encode("utf-8")
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(
                dir=self.data_dir, prefix=f".{TOKEN_FILE_NAME}.", suffix=".tmp"
            )
        except OSError as exc:
            raise TokenFileWriteError(str(self.path), exc.strerror or type(exc).__name__) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise TokenFileWriteError(str(self.path), exc.strerror or type(exc).__name__) from None
        _fsync_dir(self.data_dir)

    def lock(self, timeout: float) -> FileLock:
        """An exclusive lock shared by every process using this data dir."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        return FileLock(self.lock_path, timeout=timeout, mode=0o600)

    def _check_private(self, info: os.stat_result) -> None:
        if not _CHECK_PERMISSIONS:
            return
        path = str(self.path)
        if info.st_uid != os.getuid():
            raise InsecureTokenFileError(
                path,
                "it belongs to another user",
                f"remove it (rm {path}) and connect the account again",
            )
        mode = stat.S_IMODE(info.st_mode)
        if mode & 0o077:
            raise InsecureTokenFileError(
                path,
                f"other users can access it (mode {mode:04o}); the token may have been "
                "read, so consider revoking it on LinkedIn",
                f"chmod 600 {path}",
            )

    def _move_aside(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        os.replace(self.path, target)
        return target


def _describe_corruption(exc: Exception) -> str:
    """Say what is wrong without quoting the file (it may hold a token)."""
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON at line {exc.lineno}"
    if isinstance(exc, KeyError):
        return f"field {exc.args[0]!r} is missing"
    return str(exc) if isinstance(exc, ValueError) else "unexpected content"


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (POSIX); not possible or needed on Windows."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
