"""The campaign table under the charts: one row per campaign with delivery in the range.

Each row carries raw values (for sorting and export) and their formatted text (for the
DataTable), aligned with ``COLUMNS``. Money columns are in the report's money basis
(``CampaignTable.money``), so sorting by spend compares like with like even when the
accounts use different currencies; the "Currency" column shows the campaign's own
account currency. Rows are sorted in Python, which is fine: they are already one per
campaign (the database did the grouping).

Sorting puts missing values ("—") last in both directions, compares text without case,
and breaks ties by campaign id, so the order is stable and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from report.campaigns import CampaignRef, CampaignSums, load_campaign_sums
from report.filters import ReportFilter
from report.formatting import NONE_MARK, format_count, format_money, format_percent
from report.metrics import Totals
from report.scope import MoneyBasis, money_basis
from report.sql import Db, connect

CellValue = str | int | Decimal | None


class CampaignColumn(StrEnum):
    CAMPAIGN = "campaign"
    STATUS = "status"
    ACCOUNT = "account"
    CURRENCY = "currency"
    SPEND = "spend"
    IMPRESSIONS = "impressions"
    CLICKS = "clicks"
    CTR = "ctr"
    CPC = "cpc"
    CPM = "cpm"
    CONVERSIONS = "conversions"
    CPA = "cpa"
    LEADS = "leads"
    CPL = "cpl"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def numeric(self) -> bool:
        """Numeric columns are right-aligned and sort largest first by default."""
        return self not in _TEXT_COLUMNS


_LABELS = {
    CampaignColumn.CAMPAIGN: "Campaign",
    CampaignColumn.STATUS: "Status",
    CampaignColumn.ACCOUNT: "Account",
    CampaignColumn.CURRENCY: "Currency",
    CampaignColumn.SPEND: "Spend",
    CampaignColumn.IMPRESSIONS: "Impressions",
    CampaignColumn.CLICKS: "Clicks",
    CampaignColumn.CTR: "CTR",
    CampaignColumn.CPC: "CPC",
    CampaignColumn.CPM: "CPM",
    CampaignColumn.CONVERSIONS: "Conversions",
    CampaignColumn.CPA: "CPA",
    CampaignColumn.LEADS: "Leads",
    CampaignColumn.CPL: "CPL",
}
_TEXT_COLUMNS = frozenset(
    {
        CampaignColumn.CAMPAIGN,
        CampaignColumn.STATUS,
        CampaignColumn.ACCOUNT,
        CampaignColumn.CURRENCY,
    }
)
COLUMNS: tuple[CampaignColumn, ...] = tuple(CampaignColumn)


@dataclass(frozen=True)
class CampaignTableRow:
    """``values`` and ``cells`` follow ``COLUMNS``; ``totals`` hold every raw sum."""

    campaign: CampaignRef
    account_currency: str | None
    totals: Totals
    values: tuple[CellValue, ...]
    cells: tuple[str, ...]

    def value(self, column: CampaignColumn) -> CellValue:
        return self.values[COLUMNS.index(column)]

    def cell(self, column: CampaignColumn) -> str:
        return self.cells[COLUMNS.index(column)]


@dataclass(frozen=True)
class CampaignTable:
    """All campaigns with metrics in the filter, sorted by ``sort_column``."""

    money: MoneyBasis
    rows: tuple[CampaignTableRow, ...]
    sort_column: CampaignColumn = CampaignColumn.SPEND
    descending: bool = True

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def sorted_by(self, column: CampaignColumn, descending: bool | None = None) -> CampaignTable:
        """The table sorted by ``column``; by default numbers descend and text ascends."""
        if descending is None:
            descending = column.numeric
        return replace(
            self,
            rows=sort_rows(self.rows, column, descending),
            sort_column=column,
            descending=descending,
        )


def sort_rows(
    rows: tuple[CampaignTableRow, ...], column: CampaignColumn, descending: bool
) -> tuple[CampaignTableRow, ...]:
    """Rows ordered by one column (see the module docstring for the rules)."""
    by_id = sorted(rows, key=lambda row: row.campaign.campaign_id)
    present = [row for row in by_id if row.value(column) is not None]
    missing = [row for row in by_id if row.value(column) is None]

    def key(row: CampaignTableRow) -> str | Decimal:
        value = row.value(column)
        assert value is not None
        return value.casefold() if isinstance(value, str) else Decimal(value)

    present.sort(key=key, reverse=descending)
    return (*present, *missing)


def _row(sums: CampaignSums, currency: str) -> CampaignTableRow:
    t = sums.totals
    ref = sums.campaign
    account = ref.account_name or f"Account {ref.account_id} (not listed)"

    def money(value: int | Decimal | None) -> str:
        return format_money(value, currency)

    columns: dict[CampaignColumn, tuple[CellValue, str]] = {
        CampaignColumn.CAMPAIGN: (ref.label, ref.label),
        CampaignColumn.STATUS: (ref.status, ref.status or NONE_MARK),
        CampaignColumn.ACCOUNT: (account, account),
        CampaignColumn.CURRENCY: (sums.account_currency, sums.account_currency or NONE_MARK),
        CampaignColumn.SPEND: (t.spend_micros, money(t.spend_micros)),
        CampaignColumn.IMPRESSIONS: (t.impressions, format_count(t.impressions)),
        CampaignColumn.CLICKS: (t.clicks, format_count(t.clicks)),
        CampaignColumn.CTR: (t.ctr, format_percent(t.ctr)),
        CampaignColumn.CPC: (t.cpc_micros, money(t.cpc_micros)),
        CampaignColumn.CPM: (t.cpm_micros, money(t.cpm_micros)),
        CampaignColumn.CONVERSIONS: (t.conversions, format_count(t.conversions)),
        CampaignColumn.CPA: (t.cpa_micros, money(t.cpa_micros)),
        CampaignColumn.LEADS: (t.leads, format_count(t.leads)),
        CampaignColumn.CPL: (t.cpl_micros, money(t.cpl_micros)),
    }
    return CampaignTableRow(
        campaign=ref,
        account_currency=sums.account_currency,
        totals=t,
        values=tuple(columns[column][0] for column in COLUMNS),
        cells=tuple(columns[column][1] for column in COLUMNS),
    )


def table_from(
    sums: tuple[CampaignSums, ...],
    basis: MoneyBasis,
    sort_column: CampaignColumn = CampaignColumn.SPEND,
    descending: bool | None = None,
) -> CampaignTable:
    """The campaign table from already loaded campaign sums (see ``report.bundle``)."""
    table = CampaignTable(money=basis, rows=tuple(_row(row, basis.currency) for row in sums))
    return table.sorted_by(sort_column, descending)


def campaign_table(
    db: Db,
    flt: ReportFilter,
    sort_column: CampaignColumn = CampaignColumn.SPEND,
    descending: bool | None = None,
) -> CampaignTable:
    """The campaign table, sorted (by default: most spend first)."""
    with connect(db) as conn:
        basis = money_basis(conn, flt)
        sums = load_campaign_sums(conn, flt, basis)
    return table_from(sums, basis, sort_column, descending)
