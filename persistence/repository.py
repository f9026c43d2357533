"""The database operations the sync and the screens use, in one import.

They live in small modules named for what they hold (``upserts``, ``runs``,
``state``, ``sync_lock``, ``queries``); this module gathers their public names so
callers can write ``from persistence import repository as repo``.
"""

from persistence.queries import (
    CONTRACT_TABLES,
    AccountSync,
    account_sync_status,
    list_accounts,
    table_row_counts,
)
from persistence.runs import (
    RunStatus,
    finish_run,
    last_run,
    last_success,
    mark_interrupted,
    recent_runs,
    start_run,
)
from persistence.state import get_sync_state, set_sync_state, sync_states
from persistence.sync_lock import SyncLock, acquire_sync_lock
from persistence.upserts import upsert

__all__ = [
    "CONTRACT_TABLES",
    "AccountSync",
    "RunStatus",
    "SyncLock",
    "account_sync_status",
    "acquire_sync_lock",
    "finish_run",
    "get_sync_state",
    "last_run",
    "last_success",
    "list_accounts",
    "mark_interrupted",
    "recent_runs",
    "set_sync_state",
    "start_run",
    "sync_states",
    "table_row_counts",
    "upsert",
]
