"""Chart 7: engagement quality of the five campaigns with the most spend.

Measures (definitions in ``report.metrics``): CTR, engagement rate, social rate,
conversion rate, and CPC efficiency.

**CPC efficiency** = the campaign's account-average CPC / the campaign's CPC, both in
the account's own currency over the filter range. 1.0x means "as expensive as the
account's average click", 2.0x "half the price", 0.5x "twice the price". Comparing with
the campaign's own account keeps it currency-free and fair across markets (a Tokyo
click and a Zurich click are not compared with each other). It is None ("—") when the
campaign had no clicks or its clicks cost nothing.

**Normalised** values (for a grouped-bar or heatmap view, where the five measures have
very different scales) divide each measure by its largest value among the campaigns
shown, so the best campaign of each measure is 1.0 and higher is always better. None
stays None; when every shown value of a measure is 0, they normalise to 0.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from report.campaigns import CampaignRef, CampaignSums, by_spend, load_campaign_sums
from report.filters import ReportFilter
from report.formatting import format_multiple, format_percent
from report.metrics import cpc_micros, ratio
from report.scope import MoneyBasis, money_basis
from report.sql import Db, connect

TOP_ENGAGEMENT = 5


class EngagementMeasure(StrEnum):
    CTR = "ctr"
    ENGAGEMENT_RATE = "engagement_rate"
    SOCIAL_RATE = "social_rate"
    CONVERSION_RATE = "conversion_rate"
    CPC_EFFICIENCY = "cpc_efficiency"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    EngagementMeasure.CTR: "CTR",
    EngagementMeasure.ENGAGEMENT_RATE: "Engagement rate",
    EngagementMeasure.SOCIAL_RATE: "Social rate",
    EngagementMeasure.CONVERSION_RATE: "Conversion rate",
    EngagementMeasure.CPC_EFFICIENCY: "CPC efficiency",
}
MEASURES: tuple[EngagementMeasure, ...] = tuple(EngagementMeasure)


@dataclass(frozen=True)
class EngagementRow:
    """One campaign; ``values``, ``normalised`` and ``texts`` follow ``MEASURES``.

    ``spend_micros`` is in the report's money basis (what ranks the campaigns);
    ``cpc_micros`` and ``account_cpc_micros`` (the two sides of CPC efficiency) are in
    the account's own ``account_currency``.
    """

    campaign: CampaignRef
    spend_micros: int
    account_currency: str | None
    cpc_micros: Decimal | None
    account_cpc_micros: Decimal | None
    values: tuple[Decimal | None, ...]
    normalised: tuple[Decimal | None, ...]
    texts: tuple[str, ...]

    def value(self, measure: EngagementMeasure) -> Decimal | None:
        return self.values[MEASURES.index(measure)]

    def normalised_value(self, measure: EngagementMeasure) -> Decimal | None:
        return self.normalised[MEASURES.index(measure)]

    def text(self, measure: EngagementMeasure) -> str:
        return self.texts[MEASURES.index(measure)]


@dataclass(frozen=True)
class EngagementQuality:
    """Chart 7: up to five campaigns, most spend first."""

    money: MoneyBasis
    rows: tuple[EngagementRow, ...]

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _account_cpcs(rows: tuple[CampaignSums, ...]) -> dict[int, Decimal | None]:
    """Each account's average CPC in its own currency, from the per-campaign sums."""
    spend: defaultdict[int, int] = defaultdict(int)
    clicks: defaultdict[int, int] = defaultdict(int)
    for row in rows:
        spend[row.campaign.account_id] += row.local_spend_micros
        clicks[row.campaign.account_id] += row.totals.clicks
    return {account: cpc_micros(spend[account], clicks[account]) for account in spend}


def _measures(
    row: CampaignSums, own_cpc: Decimal | None, account_cpc: Decimal | None
) -> tuple[Decimal | None, ...]:
    totals = row.totals
    efficiency = None if account_cpc is None or own_cpc is None else ratio(account_cpc, own_cpc)
    by_measure = {
        EngagementMeasure.CTR: totals.ctr,
        EngagementMeasure.ENGAGEMENT_RATE: totals.engagement_rate,
        EngagementMeasure.SOCIAL_RATE: totals.social_rate,
        EngagementMeasure.CONVERSION_RATE: totals.conversion_rate,
        EngagementMeasure.CPC_EFFICIENCY: efficiency,
    }
    return tuple(by_measure[measure] for measure in MEASURES)


def _normalise(column: list[Decimal | None]) -> list[Decimal | None]:
    present = [value for value in column if value is not None]
    top = max(present, default=None)
    if top is None or top <= 0:
        return [None if value is None else Decimal(0) for value in column]
    return [None if value is None else ratio(value, top) for value in column]


def _text(measure: EngagementMeasure, value: Decimal | None) -> str:
    if measure is EngagementMeasure.CPC_EFFICIENCY:
        return format_multiple(value)
    return format_percent(value)


def engagement_from(
    rows: tuple[CampaignSums, ...], basis: MoneyBasis, top: int = TOP_ENGAGEMENT
) -> EngagementQuality:
    """Chart 7 from already loaded campaign sums (see ``report.bundle``)."""
    account_cpcs = _account_cpcs(rows)
    chosen = by_spend(rows)[:top]
    own_cpcs = [cpc_micros(row.local_spend_micros, row.totals.clicks) for row in chosen]
    raw = [
        _measures(row, own, account_cpcs[row.campaign.account_id])
        for row, own in zip(chosen, own_cpcs, strict=True)
    ]
    columns = [_normalise([values[i] for values in raw]) for i in range(len(MEASURES))]
    result = tuple(
        EngagementRow(
            campaign=row.campaign,
            spend_micros=row.totals.spend_micros,
            account_currency=row.account_currency,
            cpc_micros=own_cpcs[index],
            account_cpc_micros=account_cpcs[row.campaign.account_id],
            values=values,
            normalised=tuple(column[index] for column in columns),
            texts=tuple(_text(m, v) for m, v in zip(MEASURES, values, strict=True)),
        )
        for index, (row, values) in enumerate(zip(chosen, raw, strict=True))
    )
    return EngagementQuality(money=basis, rows=result)


def engagement_quality(db: Db, flt: ReportFilter, top: int = TOP_ENGAGEMENT) -> EngagementQuality:
    """Chart 7: the five measures for the ``top`` campaigns by spend."""
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        rows = load_campaign_sums(conn, flt, basis)
    return engagement_from(rows, basis, top)
