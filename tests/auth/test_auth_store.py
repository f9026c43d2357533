"""The token file: private, atomic, corrupt files moved aside, unsafe files refused."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from linkedin.auth import StoredToken, TokenStore
from linkedin.auth.errors import (
    CorruptTokenFileError,
    InsecureTokenFileError,
    TokenFileWriteError,
)
from linkedin.errors import AuthError

TokenFactory = Callable[..., StoredToken]


def test_round_trip_and_mode_0600(store: TokenStore, make_token: TokenFactory) -> None:
    token = make_token(refresh_days=365)
    store.save(token)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.data_dir.stat().st_mode) == 0o700
    assert store.load() == token


def test_missing_file_means_not_connected(store: TokenStore) -> None:
    assert store.load() is None


def test_save_replaces_atomically_and_leaves_no_temp_file(
    store: TokenStore, make_token: TokenFactory
) -> None:
    store.save(make_token(access_token="first-access-token"))
    inode = store.path.stat().st_ino
    store.save(make_token(access_token="second-access-token"))
    loaded = store.load()
    assert loaded is not None
    assert loaded.access_token == "second-access-token"
    assert store.path.stat().st_ino != inode  # a new file renamed over, not rewritten in place
    assert sorted(p.name for p in store.data_dir.iterdir()) == [store.path.name]


def test_failed_write_keeps_the_old_file(
    store: TokenStore, make_token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(make_token(access_token="first-access-token"))

    def disk_full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(TokenFileWriteError, match="No space left on device") as info:
        store.save(make_token(access_token="second-access-token"))
    assert "unchanged" in info.value.message
    monkeypatch.undo()
    loaded = store.load()
    assert loaded is not None
    assert loaded.access_token == "first-access-token"
    assert sorted(p.name for p in store.data_dir.iterdir()) == [store.path.name]


def test_read_only_data_dir_is_a_clear_error(
    store: TokenStore, make_token: TokenFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(TokenFileWriteError) as info:
        store.save(make_token())
    assert f"{store.path} (Permission denied)" in info.value.message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "not valid JSON at line 1"),
        (b"", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"format": 1}', "'access_token' is missing"),
        (b'{"format": 99, "access_token": "x"}', "known format"),
        (
            b'{"format": 1, "access_token": "leaky-token-value", "expires_at": "soon",'
            b' "obtained_at": "2026-01-01T00:00:00+00:00"}',
            "ISO 8601",
        ),
    ],
)
def test_corrupt_file_is_moved_aside_and_reported(
    store: TokenStore, content: bytes, problem: str
) -> None:
    store.data_dir.mkdir(mode=0o700, parents=True)
    store.path.write_bytes(content)
    store.path.chmod(0o600)
    with pytest.raises(CorruptTokenFileError) as info:
        store.load()
    error = info.value
    assert problem in error.message
    assert str(store.path) in error.message
    moved = Path(error.moved_to)
    assert moved.read_bytes() == content
    assert moved.name.startswith(f"{store.path.name}.corrupt-")
    assert "leaky-token-value" not in error.message
    assert isinstance(error, AuthError)  # the sync treats it as "connect again"
    assert not store.path.exists()
    assert store.load() is None  # reported once, then simply logged out


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660])
def test_group_or_world_readable_file_is_refused(
    store: TokenStore, make_token: TokenFactory, mode: int
) -> None:
    store.save(make_token())
    store.path.chmod(mode)
    with pytest.raises(InsecureTokenFileError) as info:
        store.load()
    assert f"mode {mode:04o}" in info.value.message
    assert f"chmod 600 {store.path}" in info.value.message
    assert info.value.exit_code == 78
    store.path.chmod(0o600)
    assert store.load() is not None


@pytest.mark.skipif(os.getuid() != 0, reason="only root can give a file away")
def test_file_owned_by_someone_else_is_refused(store: TokenStore, make_token: TokenFactory) -> None:
    store.save(make_token())
    os.chown(store.path, 54321, -1)
    with pytest.raises(InsecureTokenFileError, match="belongs to another user"):
        store.load()


def test_symlinked_token_file_is_not_followed(
    store: TokenStore, make_token: TokenFactory, tmp_path: Path
) -> None:
    elsewhere = TokenStore(tmp_path / "elsewhere")
    elsewhere.save(make_token())
    store.data_dir.mkdir(mode=0o700)
    store.path.symlink_to(elsewhere.path)
    with pytest.raises(InsecureTokenFileError, match="symbolic link"):
        store.load()


def test_file_format_is_plain_json_with_absolute_utc_times(
    store: TokenStore, make_token: TokenFactory
) -> None:
    token = make_token(refresh_days=365)
    store.save(token)
    data = json.loads(store.path.read_text())
    assert data["format"] == 1
    assert data["expires_at"] == "2027-01-25T12:00:00+00:00"
    assert data["scopes"] == ["r_ads", "r_ads_reporting"]
    assert StoredToken.from_json(data) == token
