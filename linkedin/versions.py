"""LinkedIn Marketing API versions and when LinkedIn retires them.

A version (``YYYYMM``) is supported for at least a year; after its sunset every call
fails with HTTP 426. The status screen counts the days left so users change
``LINKEDIN_API_VERSION`` before that happens, not after. Dates are from LinkedIn's
migrations page; versions missing from the table are estimated at the usual
"15th of the same month, one year later".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KNOWN_SUNSETS: dict[str, date] = {
    "202411": date(2025, 11, 17),
    "202508": date(2026, 8, 17),
    "202509": date(2026, 9, 15),
    "202510": date(2026, 10, 15),
    "202511": date(2026, 11, 16),
    "202601": date(2027, 1, 15),
    "202602": date(2027, 2, 15),
    "202603": date(2027, 3, 16),
    "202604": date(2027, 4, 15),
    "202605": date(2027, 5, 15),
    "202606": date(2027, 6, 15),
    "202607": date(2027, 7, 15),
}


@dataclass(frozen=True, slots=True)
class VersionLifetime:
    version: str
    sunset: date
    estimated: bool

    def days_left(self, today: date) -> int:
        return (self.sunset - today).days

    def is_retired(self, today: date) -> bool:
        return today >= self.sunset


def lifetime(version: str) -> VersionLifetime:
    """When `version` (YYYYMM) stops working, from the table or estimated."""
    if version in KNOWN_SUNSETS:
        return VersionLifetime(version, KNOWN_SUNSETS[version], estimated=False)
    year, month = int(version[:4]), int(version[4:])
    return VersionLifetime(version, date(year + 1, month, 15), estimated=True)
