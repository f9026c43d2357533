"""The headless commands as cron and scripts use them: exit codes, output, no prompts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from li_ads_tui import exit_codes
from li_ads_tui.cli import main
from linkedin import client as client_module
from linkedin.client import RetryPolicy
from linkedin.sandbox import FaultPlan, Sandbox
from persistence import repository
from persistence.db import open_database


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Milliseconds instead of seconds between retries (the policy itself is tested
    in tests/linkedin/test_client_faults.py)."""
    monkeypatch.setattr(
        client_module, "DEFAULT_RETRY", RetryPolicy(backoff_base=0.001, backoff_max=0.004)
    )


@pytest.fixture
def point_at(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., str]:
    """Configure the app (through the environment) for a sandbox; returns the token."""

    def configure(sandbox: Sandbox, token: str | None = None, **extra: str) -> str:
        token = token or sandbox.issue_token()["access_token"]
        monkeypatch.setenv("LINKEDIN_API_BASE_URL", sandbox.api_base_url)
        monkeypatch.setenv("LINKEDIN_ACCESS_TOKEN", token)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
        for key, value in extra.items():
            monkeypatch.setenv(key, value)
        return token

    return configure


def test_demo_sync_then_status_on_a_clean_machine(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ["PATH"],
        "LI_ADS_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    sync = subprocess.run(
        [sys.executable, "-m", "li_ads_tui.cli", "--demo", "--sync"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert sync.returncode == 0, sync.stderr
    assert sync.stdout.startswith("success: 3 account(s)")
    assert "demo: connected to the sandbox LinkedIn" in sync.stderr
    status = subprocess.run(
        [sys.executable, "-m", "li_ads_tui.cli", "--demo", "--status", "--json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["demo"] is True
    assert report["token"]["connected"] is True
    assert report["row_counts"]["campaigns"] == 100
    assert report["recent_runs"][0]["status"] == "success"
    snapshots = list((tmp_path / "data" / "demo").glob("snapshot_*.json"))
    assert len(snapshots) == 1
    assert json.loads(snapshots[0].read_text())["schema"] == "li-ads-tui/snapshot/1"


def test_the_headless_path_never_imports_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from li_ads_tui.cli import main\n"
        "code = main(['--demo', '--sync'])\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual imported'\n"
        "sys.exit(code)\n"
    )
    env = {"PATH": os.environ["PATH"], "LI_ADS_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_json_summary_on_stdout(
    sandbox: Sandbox, point_at: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    point_at(sandbox)
    assert main(["--sync", "--json"]) == exit_codes.OK
    summary = json.loads(capsys.readouterr().out)
    assert summary["status"] == "success"
    assert summary["accounts"] == len(sandbox.dataset.accounts)
    assert summary["requests"] > 0


def test_no_token_means_77_and_how_to_connect(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--sync"]) == exit_codes.AUTH
    assert "li-ads-tui --auth" in capsys.readouterr().err


def test_a_revoked_token_means_77(
    sandbox: Sandbox, point_at: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    token = point_at(sandbox)
    sandbox.revoke_token(token)
    assert main(["--sync"]) == exit_codes.AUTH
    captured = capsys.readouterr()
    assert "failed" in captured.out
    assert token not in captured.out + captured.err


def test_a_retired_api_version_means_78(
    sandbox: Sandbox, point_at: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    point_at(sandbox, LINKEDIN_API_VERSION="202511")
    assert main(["--sync"]) == exit_codes.CONFIG
    assert "LINKEDIN_API_VERSION" in capsys.readouterr().out


def test_the_daily_quota_means_75_and_says_when_it_resets(
    sandbox: Sandbox, point_at: Callable[..., str], capsys: pytest.CaptureFixture[str]
) -> None:
    point_at(sandbox)
    sandbox.faults = FaultPlan.parse("quota:after=3")
    assert main(["--sync"]) == exit_codes.TEMPORARY
    assert "resets at" in capsys.readouterr().err


def test_a_second_sync_exits_75_naming_the_running_pid(
    sandbox: Sandbox,
    point_at: Callable[..., str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    point_at(sandbox)
    db = open_database(f"sqlite:///{tmp_path / 'cli.db'}")
    with repository.acquire_sync_lock(db):
        assert main(["--sync"]) == exit_codes.TEMPORARY
    db.close()
    assert f"another sync is running (pid {os.getpid()}" in capsys.readouterr().err


def test_an_invalid_setting_is_named_without_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SYNC_HISTORY_DAYS", "ninety-s3cr3t")
    assert main(["--sync"]) == exit_codes.CONFIG
    err = capsys.readouterr().err
    assert "SYNC_HISTORY_DAYS" in err
    assert "ninety-s3cr3t" not in err


def test_a_broken_env_file_line_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / ".env").write_text("LINKEDIN_CLIENT_ID=abc\nthis line is broken\n")
    assert main(["--status"]) == exit_codes.CONFIG
    err = capsys.readouterr().err
    assert ".env line 2: cannot be parsed" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--sync", "--status"])
    assert caught.value.code == exit_codes.USAGE
    with pytest.raises(SystemExit) as caught:
        main(["--force"])
    assert caught.value.code == exit_codes.USAGE
    assert "--force and --account go with --sync" in capsys.readouterr().err


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for code in ("75", "77", "78"):
        assert f"  {code}  " in out


def test_failures_at_every_step_never_print_the_token(
    sandbox: Sandbox,
    point_at: Callable[..., str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = point_at(sandbox)
    outputs = []
    for faults in ("500", "html", "malformed", "truncate", "429", "expire"):
        sandbox.faults = FaultPlan.parse(faults)
        main(["--sync", "--force"])
        captured = capsys.readouterr()
        outputs.append(captured.out + captured.err)
    sandbox.faults = None
    sandbox.revoke_token(token)
    main(["--sync", "--force"])
    captured = capsys.readouterr()
    outputs.append(captured.out + captured.err)
    log = (tmp_path / "data" / "li-ads-tui.log").read_text()
    for text in [*outputs, log]:
        assert token not in text
    assert "failed" in outputs[0]
