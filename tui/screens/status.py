"""The status screen: is everything healthy, how fresh is the data, what needs a look.

Five sections: the connection (token health, days left), the LinkedIn API version
and how long LinkedIn still serves it, the last sync and the freshness window, rows
per table, the ad accounts (last sync, outcome, freshness, data range) and the
settings audit of active campaigns (Audience Network, Audience Expansion,
maximum-delivery bidding) as a table; Enter on a finding opens that campaign in the
report.

Everything is read in one thread worker into a :class:`StatusData` value and then
rendered on the UI thread, so the screen never blocks on the database. It reloads
when it is shown again and when :attr:`~tui.app.LiAdsApp.data_version` changes.
Relative times ("3 h ago", "59 days left") use the app's clock, never the system's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize, ScreenResume
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from linkedin.auth import TokenHealth
from linkedin.versions import VersionLifetime, lifetime
from persistence import repository
from persistence.errors import DatabaseError
from persistence.queries import AccountSync
from persistence.tables import SyncLog
from report.audit import AuditFinding, SettingsAudit, settings_audit
from report.coverage import date_coverage
from tui.messages import WorkerFailed
from tui.widgets.header import AppHeader
from tui.widgets.health import connection_text, labelled
from tui.widgets.tables import Column, NavTable, VimScroll, cut
from tui.widgets.timefmt import ago, as_utc, plural, utc_day, utc_minute

if TYPE_CHECKING:
    from tui.app import LiAdsApp

_CAMPAIGN_DAILY = "campaign_daily_metrics"
_RUN_GLYPHS = {
    "success": "✓",
    "partial": "!",
    "failed": "✗",
    "cancelled": "-",
    "interrupted": "✗",
    "skipped": "·",
    "running": "•",
}
_RUN_COLOURS = {
    "success": "success",
    "partial": "warning",
    "failed": "error",
    "cancelled": "warning",
    "interrupted": "error",
    "running": "accent",
}
_VERSION_WARNING_DAYS = 90
_STALE_AFTER = 30.0
"""Seconds after which coming back to the screen reads everything again."""


@dataclass(frozen=True)
class StatusData:
    """Everything the screen shows, read at one moment (``now``)."""

    now: datetime
    is_demo: bool
    health: TokenHealth
    api_version: VersionLifetime
    freshness_ttl: timedelta
    accounts: tuple[AccountSync, ...] = ()
    coverage: dict[int, tuple[date, date]] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    last_run: SyncLog | None = None
    last_success: datetime | None = None
    audit: SettingsAudit | None = None
    database_error: str | None = None

    @property
    def has_data(self) -> bool:
        return any(self.row_counts.get(name, 0) for name in ("ad_accounts", "campaigns"))


def load_status(app: LiAdsApp) -> StatusData:
    """Read the token, the version and the database (blocking: run it in a thread)."""
    environment = app.environment
    now = app.clock()
    settings = environment.settings
    base = StatusData(
        now=now,
        is_demo=environment.is_demo,
        health=environment.token_health(),
        api_version=lifetime(settings.linkedin_api_version),
        freshness_ttl=timedelta(minutes=settings.freshness_ttl_minutes),
    )
    try:
        database = app.database
        with database.read() as conn:
            counts = repository.table_row_counts(conn)
            accounts = tuple(repository.account_sync_status(conn))
            last_run = next(
                (run for run in repository.recent_runs(conn, 50) if run.status != "skipped"),
                None,
            )
            last_success = repository.last_success(conn)
            audit = settings_audit(conn, as_utc(now).date())
            coverage = {
                item.account_id: (item.first_day, item.last_day)
                for item in date_coverage(conn)
                if item.table == _CAMPAIGN_DAILY
            }
    except DatabaseError as error:
        return replace(base, database_error=f"{error}.")
    return replace(
        base,
        accounts=accounts,
        coverage=coverage,
        row_counts=counts,
        last_run=last_run,
        last_success=last_success,
        audit=audit,
    )


# --- the text of each section (pure: data in, Content out) -------------------------------


def api_version_text(data: StatusData) -> Content:
    version = data.api_version
    today = as_utc(data.now).date()
    left = version.days_left(today)
    estimated = " (estimated)" if version.estimated else ""
    lines = [labelled("Version", (version.version, "bold"), " (LINKEDIN_API_VERSION)")]
    if version.is_retired(today):
        lines.append(
            labelled("Retired", (f"since {utc_day(version.sunset)}", "bold $error"), estimated)
        )
        lines.append(
            Content.assemble(
                ("✗ ", "bold $error"),
                "LinkedIn no longer serves it: set LINKEDIN_API_VERSION to a current "
                "version (YYYYMM) and restart.",
            )
        )
        return Content("\n").join(lines)
    style = "bold $warning" if left <= _VERSION_WARNING_DAYS else "bold"
    lines.append(
        labelled(
            "Retired on",
            utc_day(version.sunset),
            estimated,
            " · ",
            (plural(left, "day") + " left", style),
        )
    )
    if left <= _VERSION_WARNING_DAYS:
        lines.append(
            Content.assemble(
                ("! ", "bold $warning"),
                "Move LINKEDIN_API_VERSION to a newer version before then.",
            )
        )
    return Content("\n").join(lines)


def last_sync_text(data: StatusData) -> Content:
    if data.database_error:
        return Content.assemble(("✗ ", "bold $error"), data.database_error)
    run = data.last_run
    if run is None:
        return Content.assemble(("No sync yet", "bold"), " — press s to sync.")
    status = run.status
    glyph = _RUN_GLYPHS.get(status, "·")
    colour = _RUN_COLOURS.get(status, "text")
    when = run.finished_at or run.started_at
    since = "since " if status == "running" else ""
    lines = [
        Content.assemble(
            (f"{glyph} {status}", f"bold ${colour}"),
            f" · {since}{utc_minute(when)} ({ago(when, data.now)})",
        ),
        labelled(
            "This run",
            f"{plural(run.accounts, 'account')}, {plural(run.rows_written, 'row')}",
        ),
        labelled("API calls", f"{run.api_calls:,} · started by {run.trigger}"),
    ]
    if run.error and status != "success":
        lines.append(Content.assemble(("  ", ""), (run.error, "$text-muted")))
    lines.append(_freshness_line(data))
    return Content("\n").join(lines)


def _freshness_line(data: StatusData) -> Content:
    ttl_minutes = int(data.freshness_ttl.total_seconds() // 60)
    if data.last_success is None:
        return labelled("Freshness", "no successful sync yet")
    fresh_until = as_utc(data.last_success) + data.freshness_ttl
    if fresh_until > as_utc(data.now):
        minutes = int((fresh_until - as_utc(data.now)).total_seconds() // 60)
        return labelled(
            "Freshness",
            ("fresh", "bold $success"),
            f" for {minutes} more min (TTL {ttl_minutes})",
        )
    return labelled(
        "Freshness",
        ("stale", "bold $warning"),
        f" since {ago(data.last_success, data.now)} (TTL {ttl_minutes} min): press s",
    )


def row_counts_text(counts: dict[str, int], columns: int) -> Content:
    items = [(name, f"{count:,}") for name, count in counts.items()]
    if not items:
        return Content("—")
    name_width = max(len(name) for name, _ in items)
    count_width = max(len(count) for _, count in items)
    rows = -(-len(items) // columns)
    lines: list[Content] = []
    for row in range(rows):
        cells: list[Content] = []
        for column in range(columns):
            index = column * rows + row
            if index < len(items):
                name, count = items[index]
                cells.append(
                    Content.assemble(
                        (name.ljust(name_width), "$text-muted"), " ", count.rjust(count_width)
                    )
                )
        lines.append(Content("    ").join(cells))
    return Content("\n").join(lines)


def audit_summary(data: StatusData) -> Content:
    audit = data.audit
    if data.database_error or audit is None:
        return Content("—")
    window = f"{utc_day(audit.window_start)} to {utc_day(audit.window_end)} UTC"
    if not data.has_data:
        return Content(
            "Nothing to audit yet: after a sync, the active campaigns are checked for "
            "Audience Network, Audience Expansion and maximum-delivery bidding."
        )
    if audit.active_campaigns == 0:
        return Content("No active campaigns to audit.")
    if audit.is_empty:
        return Content.assemble(
            ("✓ ", "bold $success"),
            f"None of the {plural(audit.active_campaigns, 'active campaign')} has a risky setting.",
        )
    campaigns = len({finding.campaign_id for finding in audit.findings})
    return Content.assemble(
        (plural(len(audit.findings), "finding"), "bold $warning"),
        f" on {campaigns} of {plural(audit.active_campaigns, 'active campaign')}; "
        f"spend of the last 30 days ({window}). Enter opens a campaign in the report.",
    )


# --- the screen ------------------------------------------------------------------------------


class StatusScreen(Screen[None]):
    """Token health, API version, last sync, row counts, accounts, settings audit."""

    CSS_PATH = "status.tcss"
    BINDING_GROUP_TITLE = "Status screen"

    def __init__(self) -> None:
        super().__init__()
        self._data: StatusData | None = None
        self._findings: dict[str, AuditFinding] = {}
        self._rendered_width = 0
        self._loaded_at = 0.0

    @property
    def _app(self) -> LiAdsApp:
        return cast("LiAdsApp", self.app)

    def compose(self) -> ComposeResult:
        yield AppHeader(current="status")
        with VimScroll(id="status-body"):
            with VerticalScroll(id="status-side"):
                yield Static(id="connection", classes="section")
                yield Static(id="api-version", classes="section")
                yield Static(id="last-sync", classes="section")
                yield Static(id="row-counts", classes="section")
            with Vertical(id="status-main"):
                with Vertical(id="accounts-panel", classes="section"):
                    yield Static(id="accounts-empty", classes="empty")
                    yield NavTable(id="accounts")
                with Vertical(id="audit-panel", classes="section"):
                    yield Static(id="audit-summary")
                    yield NavTable(id="audit")
                    yield Static(id="audit-why")
        yield Footer()

    def on_mount(self) -> None:
        titles = {
            "#connection": "Connection",
            "#api-version": "LinkedIn API",
            "#last-sync": "Last sync",
            "#row-counts": "Rows per table",
            "#accounts-panel": "Ad accounts",
            "#audit-panel": "Settings audit · active campaigns",
        }
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        # The side column scrolls by wheel when it overflows; it is not a tab stop.
        self.query_one("#status-side").can_focus = False
        self.watch(self._app, "data_version", self._data_changed, init=False)
        self.query_one("#status-body").loading = True  # until the first read lands
        self._load()

    def on_screen_resume(self, _event: ScreenResume) -> None:
        """Back on this screen: refresh "3 min ago" and the token's days, unless the
        last read is recent (new data itself arrives through data_version)."""
        if self._data is not None and time.monotonic() - self._loaded_at > _STALE_AFTER:
            self._load()

    def _data_changed(self, _version: int) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="status", exit_on_error=False)
    def _load(self) -> None:
        self._loaded_at = time.monotonic()
        data = load_status(self._app)
        self.app.call_from_thread(self._show, data)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        error = event.worker.error
        if event.state is WorkerState.ERROR and error is not None:
            self.post_message(WorkerFailed(event.worker, error))

    def on_resize(self, _event: Resize) -> None:
        if self._data is not None and self.size.width != self._rendered_width:
            self._show(self._data)

    # --- rendering ---------------------------------------------------------------------

    def _show(self, data: StatusData) -> None:
        self._data = data
        self._rendered_width = self.size.width
        self.query_one("#status-body").loading = False
        self.query_one("#connection", Static).update(
            connection_text(data.health, data.now, is_demo=data.is_demo)
        )
        self.query_one("#api-version", Static).update(api_version_text(data))
        self.query_one("#last-sync", Static).update(last_sync_text(data))
        columns = 1 if self.has_class("-wide") or self.size.width < 70 else 2
        self.query_one("#row-counts", Static).update(row_counts_text(data.row_counts, columns))
        self._show_accounts(data)
        self._show_audit(data)

    def _colour(self, text: str, variable: str, *, bold: bool = False) -> Text:
        """Text in a theme colour (DataTable cells take Rich text, not Content)."""
        colour = self.app.theme_variables.get(variable, "")
        style = f"{'bold ' if bold else ''}{colour}".strip()
        return Text(text, style=style)

    def _show_accounts(self, data: StatusData) -> None:
        table = self.query_one("#accounts", NavTable)
        empty = self.query_one("#accounts-empty", Static)
        if data.database_error or not data.accounts:
            table.clear(columns=True)
            table.display = False
            empty.display = True
            empty.update(
                "The database could not be read (see Last sync)."
                if data.database_error
                else "No data yet — press s to sync."
            )
            return
        table.display = True
        empty.display = False
        rows = ((account.account_id, account) for account in data.accounts)
        table.fill(self._account_columns(data), rows)

    def _account_columns(self, data: StatusData) -> list[Column[AccountSync]]:
        def age(account: AccountSync, _width: int) -> Text:
            synced = account.last_synced_at
            if synced is None:
                return self._colour("never", "text-muted")
            stale = as_utc(data.now) - as_utc(synced) > data.freshness_ttl
            return self._colour(ago(synced, data.now), "warning" if stale else "success")

        def outcome(account: AccountSync, _width: int) -> Text:
            status = account.last_run_status
            if status is None:
                return Text("—")
            glyph = _RUN_GLYPHS.get(status, "·")
            return self._colour(f"{glyph} {status}", _RUN_COLOURS.get(status, "foreground"))

        def synced_at(account: AccountSync, _width: int) -> Text:
            synced = account.last_synced_at
            return Text(f"{as_utc(synced):%Y-%m-%d %H:%M}" if synced else "—")

        def through(account: AccountSync, _width: int) -> Text:
            day = account.complete_through
            return Text(utc_day(day) if day else "—")

        def days(account: AccountSync, _width: int) -> Text:
            span = data.coverage.get(account.account_id)
            return Text(f"{utc_day(span[0])} to {utc_day(span[1])}" if span else "—")

        return [
            Column("Account", lambda a, w: cut(a.name, w), flex=1),
            Column("ID", lambda a, _w: Text(str(a.account_id)), width=9, drop=2),
            Column("Cur", lambda a, _w: Text(a.currency), width=3, drop=3),
            Column("Last sync (UTC)", synced_at, width=16, drop=1),
            Column("Synced", age, width=10),
            Column("Outcome", outcome, width=11),
            Column("Data through", through, width=12),
            Column("Days with data (UTC)", days, width=24, drop=4),
        ]

    def _show_audit(self, data: StatusData) -> None:
        table = self.query_one("#audit", NavTable)
        why = self.query_one("#audit-why", Static)
        self.query_one("#audit-summary", Static).update(audit_summary(data))
        self._findings = {}
        audit = data.audit
        if audit is None or audit.is_empty:
            table.clear(columns=True)
            table.display = False
            why.display = False
            return
        table.display = True
        why.display = True
        rows: list[tuple[str, AuditFinding]] = []
        for index, finding in enumerate(audit.findings):
            key = f"{index}:{finding.campaign_id}:{finding.rule.value}"
            self._findings[key] = finding
            rows.append((key, finding))
        spend_width = max(len("Spend 30 d"), *(len(f.spend_30d_text) for f in audit.findings))
        columns: list[Column[AuditFinding]] = [
            Column("Campaign", lambda f, w: cut(f.campaign_name, w), flex=3),
            Column("Account", lambda f, w: cut(f.account_name or "—", w), flex=2, drop=1),
            Column(
                "Finding",
                lambda f, _w: self._colour(f.rule.label, "warning"),
                width=max(len(f.rule.label) for f in audit.findings),
            ),
            Column("Setting", lambda f, w: cut(f.detail, w), width=34, drop=2),
            Column(
                "Spend 30 d",
                lambda f, _w: Text(f.spend_30d_text, justify="right"),
                width=spend_width,
                right=True,
            ),
        ]
        table.fill(columns, rows, flex_min=16)
        self._explain(table)

    def _explain(self, table: DataTable[object]) -> None:
        """Under the audit table: why the highlighted finding matters."""
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        finding = self._findings.get(key or "")
        if finding is None:
            return
        self.query_one("#audit-why", Static).update(
            Content.assemble(
                (f"{finding.rule.label}", "bold"), f" ({finding.detail}): ", finding.why
            )
        )

    @on(DataTable.RowHighlighted, "#audit")
    def _audit_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.data_table)

    @on(DataTable.RowSelected, "#audit")
    async def _audit_selected(self, event: DataTable.RowSelected) -> None:
        finding = self._findings.get(event.row_key.value or "")
        if finding is not None:
            await self._app.jump_to_campaign(finding.campaign_id)
