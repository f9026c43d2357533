"""The campaign table: one row per campaign with delivery, sortable on every KPI column.

Sorting uses ``report.campaign_table.sort_rows`` (missing values last in both
directions, ties by campaign id), not ``DataTable.sort``, so the order is the same as
everywhere else that shows the table. The sort column carries ▲ or ▼. Names are shown
as ``Text``, never parsed as markup: a campaign called "[b]Promo" must read exactly so.
The cursor stays on the same campaign across sorts and reloads.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from report.campaign_table import CampaignColumn, CampaignTable, CampaignTableRow
from tui.widgets.charts.text import fit_cells

# The figures first, right after the name (the name column stays put when scrolling
# sideways); who owns the campaign last.
DISPLAY_ORDER: tuple[CampaignColumn, ...] = (
    CampaignColumn.CAMPAIGN,
    CampaignColumn.STATUS,
    CampaignColumn.SPEND,
    CampaignColumn.IMPRESSIONS,
    CampaignColumn.CLICKS,
    CampaignColumn.CTR,
    CampaignColumn.CPC,
    CampaignColumn.CPM,
    CampaignColumn.CONVERSIONS,
    CampaignColumn.CPA,
    CampaignColumn.LEADS,
    CampaignColumn.CPL,
    CampaignColumn.CURRENCY,
    CampaignColumn.ACCOUNT,
)
NAME_CELLS = 28
WIDE_NAME_CELLS = 44
WIDE_FROM = 150
ACCOUNT_CELLS = 36
SORT_GROUP = Binding.Group("Sort", compact=True)
ASCENDING_MARK = "▲"
DESCENDING_MARK = "▼"


def _status(raw: str | None, text: str) -> str:
    """LinkedIn's ``PENDING_DELETION`` as "Pending deletion"."""
    return text if raw is None else raw.replace("_", " ").capitalize()


class CampaignTableView(DataTable[Text]):
    """Sortable by clicking a header, or with ``<`` / ``>`` (column) and ``i`` (invert)."""

    BINDING_GROUP_TITLE = "Campaign table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "less_than_sign",
            "sort_step(-1)",
            "Sort by the column to the left",
            key_display="<",
            group=SORT_GROUP,
            id="report-sort-left",
        ),
        Binding(
            "greater_than_sign",
            "sort_step(1)",
            "Sort by the column to the right",
            key_display=">",
            group=SORT_GROUP,
            id="report-sort-right",
        ),
        Binding(
            "i", "invert_sort", "Invert", tooltip="Reverse the sort order", id="report-sort-invert"
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.fixed_columns = 1
        self._table: CampaignTable | None = None
        self._columns: tuple[CampaignColumn, ...] = ()
        self._sort = CampaignColumn.SPEND
        self._descending = True

    @property
    def sort_column(self) -> CampaignColumn:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    @property
    def campaign_ids(self) -> list[int]:
        """Campaign ids in display order."""
        return [row.campaign.campaign_id for row in self._rows_shown()]

    @property
    def selected_campaign(self) -> int | None:
        rows = self._rows_shown()
        if not rows or not 0 <= self.cursor_row < len(rows):
            return None
        return rows[self.cursor_row].campaign.campaign_id

    def show_table(self, table: CampaignTable, *, single_account: bool) -> None:
        """Display ``table`` in the current sort order. The account column is left out
        for a single account, the currency column unless money was converted."""
        hidden = set()
        if single_account:
            hidden.add(CampaignColumn.ACCOUNT)
        if not table.money.converted:
            hidden.add(CampaignColumn.CURRENCY)
        self._columns = tuple(column for column in DISPLAY_ORDER if column not in hidden)
        if self._sort not in self._columns:
            self._sort, self._descending = CampaignColumn.SPEND, True
        self._table = table.sorted_by(self._sort, self._descending)
        self._rebuild()

    def sort_by(self, column: CampaignColumn, descending: bool | None = None) -> None:
        """Sort by ``column``; by default numbers descend and text ascends."""
        self._sort = column
        self._descending = column.numeric if descending is None else descending
        if self._table is not None:
            self._table = self._table.sorted_by(self._sort, self._descending)
            self._rebuild()

    def select_campaign(self, campaign_id: int) -> bool:
        """Move the cursor to ``campaign_id``'s row; False when it is not shown."""
        ids = self.campaign_ids
        if campaign_id not in ids:
            return False
        self.move_cursor(row=ids.index(campaign_id), scroll=True)
        return True

    def action_sort_step(self, step: int) -> None:
        if not self._columns:
            return
        index = self._columns.index(self._sort) if self._sort in self._columns else 0
        self.sort_by(self._columns[(index + step) % len(self._columns)])

    def action_invert_sort(self) -> None:
        self.sort_by(self._sort, not self._descending)

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        column = CampaignColumn(str(event.column_key.value))
        if column is self._sort:
            self.sort_by(column, not self._descending)
        else:
            self.sort_by(column)

    def _rows_shown(self) -> tuple[CampaignTableRow, ...]:
        return () if self._table is None else self._table.rows

    def _rebuild(self) -> None:
        selected = self.selected_campaign
        self.clear(columns=True)
        for column in self._columns:
            mark = ""
            if column is self._sort:
                mark = f" {DESCENDING_MARK if self._descending else ASCENDING_MARK}"
            label = Text(f"{column.label}{mark}", justify="right" if column.numeric else "left")
            self.add_column(label, key=column.value)
        name_cells = WIDE_NAME_CELLS if self.app.size.width >= WIDE_FROM else NAME_CELLS
        for row in self._rows_shown():
            cells = (self._cell(row, column, name_cells) for column in self._columns)
            self.add_row(*cells, key=str(row.campaign.campaign_id))
        if selected is not None:
            self.select_campaign(selected)

    @staticmethod
    def _cell(row: CampaignTableRow, column: CampaignColumn, name_cells: int) -> Text:
        text = row.cell(column)
        if column is CampaignColumn.CAMPAIGN:
            return Text(fit_cells(text, name_cells))
        if column is CampaignColumn.ACCOUNT:
            return Text(fit_cells(text, ACCOUNT_CELLS))
        if column is CampaignColumn.STATUS:
            return Text(_status(row.campaign.status, text))
        return Text(text, justify="right" if column.numeric else "left")
