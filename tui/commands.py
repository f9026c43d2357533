"""The command palette (``ctrl+p``): every action by name, and "jump to campaign …".

Commands are named ``"group: action"`` (as Posting does) so that typing the group
lists its actions. The campaign names are read from the database in a thread when
the palette opens; a database that cannot be opened just means no campaign entries
(the screens explain that problem where it matters).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.style import Style

from persistence.errors import DatabaseError
from persistence.queries import CampaignEntry, campaign_index

if TYPE_CHECKING:
    from persistence.db import Database
    from tui.app import LiAdsApp

Action = Callable[[], Awaitable[None] | None]


def campaign_entries(database: Database) -> list[CampaignEntry]:
    """Every campaign with its account, by name (blocking: call it in a thread)."""
    with database.read() as conn:
        return campaign_index(conn)


class LiAdsCommands(Provider):
    """The app's actions and one "jump to campaign" entry per campaign."""

    def __init__(self, screen: Screen[Any], match_style: Style | None = None) -> None:
        super().__init__(screen, match_style)
        self._campaigns: list[CampaignEntry] = []

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    async def startup(self) -> None:
        app = self._app
        try:
            self._campaigns = await asyncio.to_thread(lambda: campaign_entries(app.database))
        except DatabaseError:
            self._campaigns = []

    def _actions(self) -> Iterator[tuple[str, str, Action]]:
        app = self._app
        syncing = app.sync_worker is not None
        yield (
            "status: show",
            "Token health, last syncs, rows per table, settings audit",
            partial(app.show, "status"),
        )
        yield "report: show", "The nine charts and the campaign table", partial(app.show, "report")
        if syncing:
            yield (
                "sync: show progress",
                "The running sync's bars and log",
                partial(app.show, "sync"),
            )
            yield "sync: cancel", "Stop the running sync cleanly", app.cancel_sync
        else:
            yield "sync: start", "Fetch the latest data (skipped if fresh)", app.action_sync
            yield (
                "sync: force",
                "Sync now even if the data is fresh",
                partial(app.action_sync, True),
            )
        yield "auth: connect", "Connect or reconnect a LinkedIn account", partial(app.show, "auth")
        yield "help: keys", "Every key of this screen and of the app", app.action_help
        yield "app: quit", "Quit li-ads-tui", app.action_quit_app

    def _campaign_commands(self) -> Iterator[tuple[str, str, Action]]:
        app = self._app
        for entry in self._campaigns:
            help_text = f"{entry.account_name or 'unknown account'} · {entry.status.lower()}"
            yield (
                f"jump to campaign: {entry.name}",
                help_text,
                partial(app.jump_to_campaign, entry.campaign_id),
            )

    async def discover(self) -> Hits:
        for name, help_text, action in self._actions():
            yield DiscoveryHit(name, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for commands in (self._actions(), self._campaign_commands()):
            for name, help_text, action in commands:
                score = matcher.match(name)
                if score > 0:
                    yield Hit(score, matcher.highlight(name), action, help=help_text)
