"""The currency rule: which spend column a report sums, and what it says about it.

Different currencies are never added silently:

* when every selected account uses the same currency, money is the exact local spend
  (``spend_micros``) in that currency;
* when the selected accounts use different currencies (or metrics belong to an account
  whose currency is unknown because it has no ``ad_accounts`` row), money is LinkedIn's
  own USD conversion (``spend_usd_micros``) and the basis says ``converted=True`` so the
  screen can say "converted to USD by LinkedIn".

The basis depends on the *selected accounts*, not on which of them happen to have data
in the date range, so every chart of one screen shows the same currency.
Ratios that compare a campaign with itself or with its own account (budget
utilisation, CPC efficiency) are currency-free and always use local spend.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from report.filters import ReportFilter
from report.sql import (
    ACCOUNTS,
    CAMPAIGN_METRICS,
    CREATIVE_METRICS,
    LOCAL_SPEND,
    USD_SPEND,
    Db,
    accounts_with_metrics,
    connect,
)

CONVERSION_CURRENCY = "USD"


@dataclass(frozen=True)
class MoneyBasis:
    """The currency every money value of one result is in.

    ``source_currencies`` lists the selected accounts' own currencies (sorted), so a
    converted result can say what it converted from.
    """

    currency: str
    converted: bool = False
    source_currencies: tuple[str, ...] = ()

    @property
    def spend_column(self) -> str:
        """The metrics column summed for spend under this basis."""
        return USD_SPEND if self.converted else LOCAL_SPEND

    @property
    def note(self) -> str | None:
        """The sentence the UI shows next to converted money, None when not converted."""
        if not self.converted:
            return None
        sources = ", ".join(self.source_currencies)
        suffix = f" (accounts in {sources})" if sources else ""
        return f"Converted to {self.currency} by LinkedIn{suffix}"


def money_basis(db: Db, flt: ReportFilter) -> MoneyBasis:
    """Decide the currency of the filter's money (see the module docstring)."""
    with connect(db) as conn:
        known = {
            int(account_id): str(currency).upper()
            for account_id, currency in conn.execute(sa.select(ACCOUNTS.c.id, ACCOUNTS.c.currency))
        }
        with_data = accounts_with_metrics(conn, CAMPAIGN_METRICS) | accounts_with_metrics(
            conn, CREATIVE_METRICS
        )
    selected = set(known) | with_data if flt.account_ids is None else set(flt.account_ids)
    currencies = tuple(sorted({known[a] for a in selected if a in known}))
    unknown_with_data = (selected & with_data) - set(known)
    if unknown_with_data or len(currencies) > 1:
        return MoneyBasis(CONVERSION_CURRENCY, converted=True, source_currencies=currencies)
    if currencies:
        return MoneyBasis(currencies[0], source_currencies=currencies)
    return MoneyBasis(CONVERSION_CURRENCY)
