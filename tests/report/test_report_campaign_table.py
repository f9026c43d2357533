"""The campaign table: raw and formatted values, sorting by any column."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from report_dataset import TODAY

from report.campaign_table import COLUMNS, CampaignColumn, campaign_table
from report.filters import RangePreset, preset_filter

ACCT1_LAST_7 = preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({1}))


def test_rows_and_cells(sample_db: sa.Engine) -> None:
    table = campaign_table(sample_db, ACCT1_LAST_7)
    assert table.money.currency == "EUR"
    assert (table.sort_column, table.descending) == (CampaignColumn.SPEND, True)
    assert [row.cells for row in table.rows] == [
        (
            "Lead Gen DACH",
            "ACTIVE",
            "Acme EU",
            "EUR",
            "€210.00",
            "15,000",
            "140",
            "0.93%",
            "€1.50",
            "€14.00",
            "6",
            "€35.00",
            "2",
            "€105.00",
        ),
        (
            "Brand Awareness",
            "PAUSED",
            "Acme EU",
            "EUR",
            "€45.00",
            "3,000",
            "30",
            "1.00%",
            "€1.50",
            "€15.00",
            "0",
            "—",
            "3",
            "€15.00",
        ),
        (
            "Campaign 13 (not listed)",
            "—",
            "Acme EU",
            "EUR",
            "€5.00",
            "500",
            "5",
            "1.00%",
            "€1.00",
            "€10.00",
            "0",
            "—",
            "0",
            "—",
        ),
    ]
    first = table.rows[0]
    assert first.value(CampaignColumn.SPEND) == 210_000_000
    assert first.value(CampaignColumn.CTR) == Decimal(140) / Decimal(15_000)
    assert first.value(CampaignColumn.CPL) == Decimal(105_000_000)
    assert first.cell(CampaignColumn.CPA) == "€35.00"
    assert table.rows[1].value(CampaignColumn.CPA) is None
    assert len(first.values) == len(COLUMNS) == len(first.cells)
    assert first.totals.leads == 2


@pytest.mark.parametrize(
    ("column", "descending", "order"),
    [
        (CampaignColumn.CPL, True, [11, 12, 13]),  # €105, €15, then "—" last
        (CampaignColumn.CPL, False, [12, 11, 13]),  # "—" stays last
        (CampaignColumn.CAMPAIGN, None, [12, 13, 11]),  # text ascends by default
        (CampaignColumn.CAMPAIGN, True, [11, 13, 12]),
        (CampaignColumn.CTR, None, [12, 13, 11]),  # 1 % and 1 % tie: lower id first
        (CampaignColumn.STATUS, False, [11, 12, 13]),
        (CampaignColumn.IMPRESSIONS, False, [13, 12, 11]),
    ],
)
def test_sorting(
    sample_db: sa.Engine, column: CampaignColumn, descending: bool | None, order: list[int]
) -> None:
    table = campaign_table(sample_db, ACCT1_LAST_7).sorted_by(column, descending)
    assert [row.campaign.campaign_id for row in table.rows] == order
    assert table.sort_column is column
    direct = campaign_table(sample_db, ACCT1_LAST_7, column, descending)
    assert direct.rows == table.rows


def test_mixed_currencies_table(sample_db: sa.Engine) -> None:
    table = campaign_table(sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY))
    assert table.money.converted
    tokyo = table.rows[0]
    # Money in USD (comparable and sortable), the account's own currency alongside.
    assert tokyo.cell(CampaignColumn.CAMPAIGN) == "Tokyo Launch"
    assert tokyo.cell(CampaignColumn.SPEND) == "$264.00"
    assert tokyo.cell(CampaignColumn.CURRENCY) == "JPY"
    assert tokyo.account_currency == "JPY"
    assert [row.campaign.campaign_id for row in table.rows] == [21, 11, 31, 12, 13]


def test_labels() -> None:
    assert [column.label for column in COLUMNS] == [
        "Campaign",
        "Status",
        "Account",
        "Currency",
        "Spend",
        "Impressions",
        "Clicks",
        "CTR",
        "CPC",
        "CPM",
        "Conversions",
        "CPA",
        "Leads",
        "CPL",
    ]
    assert not CampaignColumn.ACCOUNT.numeric
    assert CampaignColumn.CPL.numeric
