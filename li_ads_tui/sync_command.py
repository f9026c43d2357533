"""`li-ads-tui --sync`: the headless sync for cron and scripts.

Never prompts and never opens a browser. Progress goes to stderr (live bars on a
terminal, plain lines otherwise), the result to stdout: a one-line summary, or with
``--json`` one JSON object. The exit code says what to do next (DESIGN §7).
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from li_ads_tui import exit_codes
from li_ads_tui.environment import Environment
from li_ads_tui.headless import progress_for
from linkedin.redaction import redact
from persistence.db import Database
from persistence.errors import (
    DatabaseConnectionError,
    DatabaseError,
    DatabaseLockedError,
    DatabaseTooNewError,
    SyncAlreadyRunningError,
)
from persistence.runs import RunStatus
from sync.engine import SyncOptions, run_sync
from sync.events import EventSink
from sync.outcome import FailureKind, SyncOutcome


def run_sync_command(
    environment: Environment,
    *,
    force: bool = False,
    account_ids: Iterable[int] | None = None,
    as_json: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if environment.is_demo and not environment.has_usable_token():
        environment.connect_demo()
        print("demo: connected to the sandbox LinkedIn", file=err)
    health = environment.token_health()
    if not health.connected:
        reason = (health.problem or "No LinkedIn account is connected").rstrip(".")
        return _fail(
            err, f"{reason}; run `li-ads-tui --auth` to connect", exit_codes.AUTH, out, as_json
        )
    try:
        db = environment.open_database()
    except DatabaseError as exc:
        return _fail(err, str(exc), database_exit_code(exc), out, as_json)
    options = environment.sync_options(trigger="headless", force=force, account_ids=account_ids)
    try:
        with progress_for(err) as sink:
            outcome = asyncio.run(_sync(environment, db, options, sink))
    except SyncAlreadyRunningError as exc:
        return _fail(err, str(exc), exit_codes.TEMPORARY, out, as_json)
    except DatabaseError as exc:
        return _fail(err, str(exc), database_exit_code(exc), out, as_json)
    finally:
        db.close()
    _report(outcome, out, err, as_json)
    return exit_codes.for_outcome(outcome)


async def _sync(
    environment: Environment, db: Database, options: SyncOptions, sink: EventSink
) -> SyncOutcome:
    async with environment.make_client() as client:
        return await run_sync(db, client, options, sink)


def database_exit_code(exc: DatabaseError) -> int:
    if isinstance(exc, DatabaseLockedError | DatabaseConnectionError):
        return exit_codes.TEMPORARY
    if isinstance(exc, DatabaseTooNewError):
        return exit_codes.CONFIG
    return exit_codes.FAILED


def _report(outcome: SyncOutcome, out: TextIO, err: TextIO, as_json: bool) -> None:
    for failure in outcome.account_failures:
        print(f"account {failure.account_id}: {failure.message}", file=err)
    if outcome.quota_resets_at is not None:
        print(
            f"LinkedIn's daily quota resets at {outcome.quota_resets_at:%Y-%m-%d %H:%M} UTC; "
            "run again after that (already synced data is kept)",
            file=err,
        )
    if outcome.failure is FailureKind.AUTH:
        print("run `li-ads-tui --auth` to connect the LinkedIn account again", file=err)
    if as_json:
        print(json.dumps(outcome.to_json()), file=out)
    elif outcome.status is RunStatus.SKIPPED:
        print(redact(outcome.summary()) + "; use --force to sync anyway", file=out)
    else:
        print(redact(outcome.summary()), file=out)


def _fail(err: TextIO, message: str, code: int, out: TextIO, as_json: bool) -> int:
    message = redact(message)
    print(f"li-ads-tui: {message}", file=err)
    if as_json:
        print(json.dumps({"status": "failed", "message": message, "exit_code": code}), file=out)
    return code
