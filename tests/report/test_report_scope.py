"""The currency rule: one currency stays local, mixed currencies become LinkedIn's USD."""

from __future__ import annotations

import sqlalchemy as sa
from report_dataset import (
    ACCOUNTS,
    TODAY,
    account,
    campaign_day,
    insert,
    micros,
)

from persistence.tables import AdAccount, CampaignDailyMetrics
from report.filters import RangePreset, ReportFilter, preset_filter
from report.kpis import kpi_scorecards
from report.scope import MoneyBasis, money_basis


def test_one_currency_is_local(sample_db: sa.Engine) -> None:
    assert money_basis(sample_db, ReportFilter(frozenset({1}))) == MoneyBasis(
        "EUR", False, ("EUR",)
    )
    assert money_basis(sample_db, ReportFilter(frozenset({2}))) == MoneyBasis(
        "JPY", False, ("JPY",)
    )


def test_several_accounts_in_one_currency_stay_local(sample_db: sa.Engine) -> None:
    basis = money_basis(sample_db, ReportFilter(frozenset({1, 3})))
    assert basis == MoneyBasis("EUR", False, ("EUR",))
    assert basis.spend_column == "spend_micros"
    assert basis.note is None


def test_mixed_currencies_use_linkedins_usd_and_say_so(sample_db: sa.Engine) -> None:
    basis = money_basis(sample_db, ReportFilter())
    assert basis == MoneyBasis("USD", True, ("EUR", "JPY"))
    assert basis.spend_column == "spend_usd_micros"
    assert basis.note == "Converted to USD by LinkedIn (accounts in EUR, JPY)"


def test_basis_follows_the_selection_not_the_data_in_range(sample_db: sa.Engine) -> None:
    # Account 2 has no delivery in October, but it is selected: still converted, so
    # every chart of the screen agrees on the currency.
    flt = ReportFilter(frozenset({1, 2}), start=TODAY.replace(month=10, day=1), end=None)
    assert money_basis(sample_db, flt).converted


def test_metrics_of_an_unlisted_account_force_usd(new_db: sa.Engine) -> None:
    insert(new_db, AdAccount, [account(1, "Acme EU", "EUR")])
    insert(
        new_db,
        CampaignDailyMetrics,
        [
            campaign_day(11, 1, TODAY, 100, 1, micros(10), micros(11)),
            campaign_day(77, 7, TODAY, 100, 1, micros(20), micros(30)),
        ],
    )
    flt = ReportFilter(start=TODAY, end=TODAY)
    assert money_basis(new_db, flt) == MoneyBasis("USD", True, ("EUR",))
    assert kpi_scorecards(new_db, flt).totals.spend_micros == micros(41)
    # Selecting only the listed account brings the local currency back.
    assert money_basis(new_db, ReportFilter(frozenset({1}))).currency == "EUR"
    # A selected id with neither a row nor data does not matter.
    assert not money_basis(new_db, ReportFilter(frozenset({1, 8}))).converted


def test_empty_database_defaults_to_unconverted_usd(new_db: sa.Engine) -> None:
    assert money_basis(new_db, ReportFilter()) == MoneyBasis("USD")
    insert(new_db, AdAccount, ACCOUNTS[1:2])
    assert money_basis(new_db, preset_filter(RangePreset.ALL, TODAY)).currency == "JPY"
