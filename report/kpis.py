"""Charts 1 and 5: the KPI scorecards and the conversion funnel.

Both are one row of filter-wide sums from ``campaign_daily_metrics`` (campaign rows are
LinkedIn's delivery of record; creative rows are used only where a creative is the
subject), so they can never disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa

from report.filters import ReportFilter
from report.formatting import format_count, format_money, format_percent
from report.metrics import Totals, ratio
from report.scope import MoneyBasis, money_basis
from report.sql import CAMPAIGN_METRICS, Db, connect, metric_conditions, totals_columns, totals_from


def load_totals(conn: sa.Connection, flt: ReportFilter, basis: MoneyBasis) -> Totals:
    """Sums over everything the filter selects, spend in the basis currency."""
    query = sa.select(*totals_columns(CAMPAIGN_METRICS)).where(
        *metric_conditions(CAMPAIGN_METRICS, flt)
    )
    return totals_from(conn.execute(query).mappings().one(), basis.spend_column)


def _filter_totals(db: Db, flt: ReportFilter) -> tuple[Totals, MoneyBasis]:
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        return load_totals(conn, flt, basis), basis


class Kpi(StrEnum):
    """The ten scorecards, in display order."""

    SPEND = "spend"
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    CTR = "ctr"
    CPC = "cpc"
    CPM = "cpm"
    CONVERSIONS = "conversions"
    LEADS = "leads"
    CPL = "cpl"
    CPA = "cpa"


KPI_LABELS: dict[Kpi, str] = {
    Kpi.SPEND: "Spend",
    Kpi.IMPRESSIONS: "Impressions",
    Kpi.CLICKS: "Clicks",
    Kpi.CTR: "CTR",
    Kpi.CPC: "CPC",
    Kpi.CPM: "CPM",
    Kpi.CONVERSIONS: "Conversions",
    Kpi.LEADS: "Leads",
    Kpi.CPL: "CPL",
    Kpi.CPA: "CPA",
}


@dataclass(frozen=True)
class Scorecard:
    """One card: raw value (micros for money, a fraction for CTR) and its text."""

    kpi: Kpi
    label: str
    value: int | Decimal | None
    text: str


@dataclass(frozen=True)
class KpiScorecards:
    """Chart 1. ``cards`` follow ``Kpi`` order; money is in ``money.currency``."""

    money: MoneyBasis
    totals: Totals
    cards: tuple[Scorecard, ...]

    @property
    def is_empty(self) -> bool:
        return self.totals.is_zero


def _cards(totals: Totals, currency: str) -> tuple[Scorecard, ...]:
    def money(micros: int | Decimal | None) -> str:
        return format_money(micros, currency)

    values: tuple[tuple[Kpi, int | Decimal | None, str], ...] = (
        (Kpi.SPEND, totals.spend_micros, money(totals.spend_micros)),
        (Kpi.IMPRESSIONS, totals.impressions, format_count(totals.impressions)),
        (Kpi.CLICKS, totals.clicks, format_count(totals.clicks)),
        (Kpi.CTR, totals.ctr, format_percent(totals.ctr)),
        (Kpi.CPC, totals.cpc_micros, money(totals.cpc_micros)),
        (Kpi.CPM, totals.cpm_micros, money(totals.cpm_micros)),
        (Kpi.CONVERSIONS, totals.conversions, format_count(totals.conversions)),
        (Kpi.LEADS, totals.leads, format_count(totals.leads)),
        (Kpi.CPL, totals.cpl_micros, money(totals.cpl_micros)),
        (Kpi.CPA, totals.cpa_micros, money(totals.cpa_micros)),
    )
    return tuple(Scorecard(kpi, KPI_LABELS[kpi], value, text) for kpi, value, text in values)


def scorecards_from(totals: Totals, basis: MoneyBasis) -> KpiScorecards:
    """Chart 1 from already loaded totals (see ``report.bundle``)."""
    return KpiScorecards(money=basis, totals=totals, cards=_cards(totals, basis.currency))


def kpi_scorecards(db: Db, flt: ReportFilter) -> KpiScorecards:
    """Chart 1: spend, impressions, clicks, CTR, CPC, CPM, conversions, leads, CPL, CPA."""
    return scorecards_from(*_filter_totals(db, flt))


class FunnelStage(StrEnum):
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    LANDING_PAGE_CLICKS = "landing_page_clicks"
    CONVERSIONS = "conversions"
    LEADS = "leads"


FUNNEL_LABELS: dict[FunnelStage, str] = {
    FunnelStage.IMPRESSIONS: "Impressions",
    FunnelStage.CLICKS: "Clicks",
    FunnelStage.LANDING_PAGE_CLICKS: "Landing-page clicks",
    FunnelStage.CONVERSIONS: "Conversions",
    FunnelStage.LEADS: "Leads",
}


@dataclass(frozen=True)
class FunnelStep:
    """One bar: ``step_rate`` = count / previous stage (None on the first stage or when
    the previous stage is 0); ``overall_rate`` = count / impressions."""

    stage: FunnelStage
    label: str
    count: int
    step_rate: Decimal | None
    overall_rate: Decimal | None


@dataclass(frozen=True)
class ConversionFunnel:
    """Chart 5. Counts only, so no currency.

    Leads come from LinkedIn lead-gen forms, which open on LinkedIn without a website
    visit, so the last step is not a strict subset of the one before: its step rate can
    exceed 100 %. The order is the one of DESIGN §8.
    """

    steps: tuple[FunnelStep, ...]

    @property
    def is_empty(self) -> bool:
        return all(step.count == 0 for step in self.steps)


def funnel_from(totals: Totals) -> ConversionFunnel:
    """Chart 5 from already loaded totals (see ``report.bundle``)."""
    steps: list[FunnelStep] = []
    previous: int | None = None
    for stage in FunnelStage:
        count: int = getattr(totals, stage.value)
        steps.append(
            FunnelStep(
                stage=stage,
                label=FUNNEL_LABELS[stage],
                count=count,
                step_rate=None if previous is None else ratio(count, previous),
                overall_rate=ratio(count, totals.impressions),
            )
        )
        previous = count
    return ConversionFunnel(tuple(steps))


def conversion_funnel(db: Db, flt: ReportFilter) -> ConversionFunnel:
    """Chart 5: impressions → clicks → landing-page clicks → conversions → leads."""
    totals, _ = _filter_totals(db, flt)
    return funnel_from(totals)
