"""Chart 6: budget utilisation, spend / (daily budget x days with delivery).

The budget is the campaign's *current* daily budget (LinkedIn's API has no budget
history), so a budget changed inside the range makes the figure approximate. Days with
delivery (at least one impression) are the denominator, not calendar days, so a
campaign that started mid-range is not shown as under-spending. Utilisation can exceed
100 %: LinkedIn may spend up to 50 % over a daily budget on a single day; the chart
clamps to its 0-100 % scale, the value here is not clamped.

Both spend and budget are in the campaign's own account currency, so the ratio needs no
conversion and each bar states its currency. Shown: the 15 budgeted campaigns with the
most spend (in the report's money basis), in that order. Campaigns with delivery but no
daily budget (lifetime-budget campaigns, and unlisted campaigns whose budget is
unknown) are excluded and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from report.campaigns import CampaignRef, CampaignSums, by_spend, load_campaign_sums
from report.filters import ReportFilter
from report.metrics import ratio
from report.scope import money_basis
from report.sql import Db, connect

TOP_BUDGETED = 15


class UtilisationBand(StrEnum):
    """The colour bands of DESIGN §8, from the top: >= 95 %, >= 70 %, >= 40 %, below."""

    FULL = "full"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]


_BAND_LABELS = {
    UtilisationBand.FULL: "≥ 95 %",
    UtilisationBand.HIGH: "70-95 %",
    UtilisationBand.MEDIUM: "40-70 %",
    UtilisationBand.LOW: "< 40 %",
}
_BAND_FLOORS: tuple[tuple[Decimal, UtilisationBand], ...] = (
    (Decimal("0.95"), UtilisationBand.FULL),
    (Decimal("0.70"), UtilisationBand.HIGH),
    (Decimal("0.40"), UtilisationBand.MEDIUM),
)


def utilisation_band(utilisation: Decimal) -> UtilisationBand:
    """The band of a utilisation fraction (0.95 exactly is FULL)."""
    for floor, band in _BAND_FLOORS:
        if utilisation >= floor:
            return band
    return UtilisationBand.LOW


@dataclass(frozen=True)
class BudgetBar:
    """One campaign; money in micros of ``currency`` (its account currency, None if the
    account is not listed)."""

    campaign: CampaignRef
    currency: str | None
    spend_micros: int
    daily_budget_micros: int
    delivery_days: int
    budget_micros: int
    utilisation: Decimal
    band: UtilisationBand


@dataclass(frozen=True)
class BudgetUtilisation:
    """Chart 6. ``without_daily_budget``: campaigns with delivery in the range that were
    left out because they have no daily budget (or are not listed)."""

    bars: tuple[BudgetBar, ...]
    without_daily_budget: int

    @property
    def is_empty(self) -> bool:
        return not self.bars


def utilisation_from(rows: tuple[CampaignSums, ...], top: int = TOP_BUDGETED) -> BudgetUtilisation:
    """Chart 6 from already loaded campaign sums (see ``report.bundle``)."""
    delivering = [row for row in rows if row.delivery_days > 0]
    budgeted = [row for row in delivering if (row.daily_budget_micros or 0) > 0]
    bars: list[BudgetBar] = []
    for row in by_spend(tuple(budgeted))[:top]:
        assert row.daily_budget_micros is not None
        budget = row.daily_budget_micros * row.delivery_days
        utilisation = ratio(row.local_spend_micros, budget)
        assert utilisation is not None  # budget > 0: a positive budget, at least one day
        bars.append(
            BudgetBar(
                campaign=row.campaign,
                currency=row.account_currency,
                spend_micros=row.local_spend_micros,
                daily_budget_micros=row.daily_budget_micros,
                delivery_days=row.delivery_days,
                budget_micros=budget,
                utilisation=utilisation,
                band=utilisation_band(utilisation),
            )
        )
    return BudgetUtilisation(bars=tuple(bars), without_daily_budget=len(delivering) - len(budgeted))


def budget_utilisation(db: Db, flt: ReportFilter, top: int = TOP_BUDGETED) -> BudgetUtilisation:
    """Chart 6: utilisation of the ``top`` budgeted campaigns by spend."""
    with connect(db) as conn:
        rows = load_campaign_sums(conn, flt, money_basis(conn, flt))
    return utilisation_from(rows, top)
