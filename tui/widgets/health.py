"""The connection's health in words, shared by the status and auth screens.

Days left are counted from the app's clock rather than taken from
:class:`~linkedin.auth.TokenHealth`'s own counts (which use the system clock), so
every date on a screen agrees with the others and stays fixed under test.
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from linkedin.auth import TokenHealth
from tui.widgets.timefmt import as_utc, days_left, plural, utc_day

LABEL_WIDTH = 14
NO_ACCOUNT = "No LinkedIn account is connected."
"""TokenHealth's problem when there is simply no token: the headline says it already."""


def labelled(label: str, *value: str | tuple[str, str]) -> Content:
    """``Access token  59 days left``: a muted label column, then the value."""
    return Content.assemble((f"{label:<{LABEL_WIDTH}}", "$text-muted"), *value)


def connection_text(
    health: TokenHealth, now: datetime, *, is_demo: bool, hint: bool = True
) -> Content:
    """Connected or not, the token's days left, how it is renewed, and warnings;
    `hint` adds how to connect (not wanted on the auth screen itself)."""
    lines: list[Content] = []
    where = " to the demo sandbox" if is_demo else ""
    if not health.connected:
        lines.append(Content.assemble(("✗ Not connected", "bold $error"), f"{where}."))
        if health.problem and health.problem != NO_ACCOUNT:
            lines.append(Content(health.problem))
        if hint:
            lines.append(Content("Press a to connect a LinkedIn account."))
    elif health.source == "environment":
        lines.append(
            Content.assemble(("✓ Connected", "bold $success"), " with LINKEDIN_ACCESS_TOKEN.")
        )
    else:
        lines.append(Content.assemble(("✓ Connected", "bold $success"), f"{where}."))
    if health.access_expires_at is not None:
        left = days_left(health.access_expires_at, now)
        lines.append(
            labelled(
                "Access token",
                (plural(left, "day") + " left", "bold"),
                f" · until {utc_day(as_utc(health.access_expires_at).date())}",
            )
        )
    if health.refresh_expires_at is not None:
        left = days_left(health.refresh_expires_at, now)
        lines.append(
            labelled(
                "Refresh token",
                (plural(left, "day") + " left", "bold"),
                f" · until {utc_day(as_utc(health.refresh_expires_at).date())}",
            )
        )
    if health.source == "file" and health.connected:
        lines.append(
            labelled("Renewal", "automatic")
            if health.auto_refresh
            else labelled("Renewal", ("none: connect again (a) before it expires", "$warning"))
        )
    if health.scopes:
        lines.append(labelled("Scopes", ", ".join(health.scopes)))
    lines.extend(Content.assemble(("! ", "bold $warning"), warning) for warning in health.warnings)
    return Content("\n").join(lines)
