"""Formatting: money with its currency, counts, percentages, compact chart labels."""

from __future__ import annotations

from decimal import Decimal

import pytest

from report.formatting import (
    NONE_MARK,
    format_compact,
    format_count,
    format_money,
    format_money_compact,
    format_multiple,
    format_percent,
    minor_digits,
)


@pytest.mark.parametrize(
    ("micros", "currency", "expected"),
    [
        (1_234_560_000, "EUR", "€1,234.56"),
        (1_234_560_000, "usd", "$1,234.56"),
        (1_234_560_000, "GBP", "£1,234.56"),
        (1_234_560_000, "JPY", "¥1,235"),
        (1_234_400_000, "JPY", "¥1,234"),
        (1_234_567_000, "CHF", "1,234.57 CHF"),
        (1_234_567_000, "KWD", "1,234.567 KWD"),
        (1_234_560_000, "CAD", "CA$1,234.56"),
        (5_000, "EUR", "€0.01"),  # 0.005 rounds half up
        (4_999, "EUR", "€0.00"),
        (0, "EUR", "€0.00"),
        (-2_500_000, "EUR", "-€2.50"),
        (-2_500_000, "SEK", "-2.50 SEK"),
        (Decimal("1485714.2857"), "EUR", "€1.49"),
    ],
)
def test_format_money(micros: int | Decimal, currency: str, expected: str) -> None:
    assert format_money(micros, currency) == expected


def test_missing_values_are_a_dash() -> None:
    assert NONE_MARK == "—"
    assert format_money(None, "EUR") == "—"
    assert format_money_compact(None, "EUR") == "—"
    assert format_count(None) == "—"
    assert format_percent(None) == "—"
    assert format_compact(None) == "—"
    assert format_multiple(None) == "—"


def test_minor_digits() -> None:
    assert minor_digits("EUR") == 2
    assert minor_digits("jpy") == 0
    assert minor_digits("KRW") == 0
    assert minor_digits("BHD") == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (950, "950"),
        (999, "999"),
        (Decimal("0.456"), "0.46"),
        (Decimal("12.345"), "12.3"),
        (1_234, "1.2k"),
        (12_345, "12.3k"),
        (123_456, "123k"),
        (999_950, "1M"),
        (1_250_000, "1.3M"),
        (4_500_000_000, "4.5B"),
        (-12_345, "-12.3k"),
        (2.5, "2.50"),
    ],
)
def test_format_compact(value: int | Decimal | float, expected: str) -> None:
    assert format_compact(value) == expected


def test_format_money_compact() -> None:
    assert format_money_compact(12_345_000_000, "EUR") == "€12.3k"
    assert format_money_compact(1_500_000_000_000, "JPY") == "¥1.5M"
    assert format_money_compact(950_000_000, "CHF") == "950 CHF"
    assert format_money_compact(-1_500_000_000, "USD") == "-$1.5k"


def test_counts_percentages_and_factors() -> None:
    assert format_count(1_234_567) == "1,234,567"
    assert format_percent(Decimal("0.012345")) == "1.23%"
    assert format_percent(Decimal("0.5"), decimals=0) == "50%"
    assert format_percent(Decimal(0)) == "0.00%"
    assert format_multiple(Decimal("1.2549")) == "1.25\u00d7"
