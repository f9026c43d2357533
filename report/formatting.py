"""Turning report numbers into text: money with its currency, counts, rates, compact labels.

One consistent, locale-independent style (snapshots must not change with the user's
locale): ``,`` groups thousands and ``.`` marks decimals.

Money always shows its currency:

* a currency with an unambiguous symbol gets it in front: ``$1,234.56``, ``€1,234.56``,
  ``£1,234.56``, ``¥1,235`` (JPY), ``₹1,234.56``; dollar-like currencies other than USD get
  their disambiguated symbol (``CA$``, ``A$``, ``NZ$``, ``HK$``, ``S$``, ``MX$``, ``R$``);
* every other currency gets its ISO code after the amount: ``1,234.56 CHF``,
  ``1,234.567 KWD``.

Amounts are rounded half-up to the currency's ISO 4217 minor unit (0 for JPY/KRW/...,
3 for KWD/BHD/..., 2 otherwise). A missing value (a ratio with a zero denominator) is
``NONE_MARK`` ("—"), never "0".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NONE_MARK = "—"
TIMES_SIGN = "\u00d7"  # the multiplication sign (U+00D7): a factor reads "1.25" + it

MICROS_PER_UNIT = 1_000_000

CURRENCY_SYMBOLS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "KRW": "₩",
    "CNY": "CN¥",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "HKD": "HK$",
    "SGD": "S$",
    "MXN": "MX$",
    "BRL": "R$",
}

# ISO 4217 currencies whose minor unit is not 2.
_MINOR_DIGITS: dict[str, int] = {
    **dict.fromkeys(
        (
            "BIF",
            "CLP",
            "DJF",
            "GNF",
            "ISK",
            "JPY",
            "KMF",
            "KRW",
            "PYG",
            "RWF",
            "UGX",
            "UYI",
            "VND",
            "VUV",
            "XAF",
            "XOF",
            "XPF",
        ),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}

_COMPACT_UNITS: tuple[tuple[int, str], ...] = (
    (1, ""),
    (1_000, "k"),
    (1_000_000, "M"),
    (1_000_000_000, "B"),
    (1_000_000_000_000, "T"),
)


def minor_digits(currency: str) -> int:
    """How many decimals the currency is written with (ISO 4217 minor unit)."""
    return _MINOR_DIGITS.get(currency.upper(), 2)


def micros_to_amount(micros: int | Decimal) -> Decimal:
    """Micro-units to an exact Decimal amount (1_500_000 -> 1.5)."""
    return Decimal(micros).scaleb(-6)


def _with_currency(number: str, negative: bool, currency: str) -> str:
    code = currency.upper()
    sign = "-" if negative else ""
    symbol = CURRENCY_SYMBOLS.get(code)
    if symbol is not None:
        return f"{sign}{symbol}{number}"
    return f"{sign}{number} {code}"


def format_money(micros: int | Decimal | None, currency: str) -> str:
    """Exact money, e.g. ``€1,234.56``, ``¥1,235``, ``1,234.56 CHF``; None is "—"."""
    if micros is None:
        return NONE_MARK
    digits = minor_digits(currency)
    amount = micros_to_amount(micros).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return _with_currency(f"{abs(amount):,.{digits}f}", amount < 0, currency)


def format_money_compact(micros: int | Decimal | None, currency: str) -> str:
    """Money for chart labels and ticks: ``€12.3k``, ``¥1.2M``, ``950 CHF``."""
    if micros is None:
        return NONE_MARK
    amount = micros_to_amount(micros)
    return _with_currency(_compact(abs(amount)), amount < 0, currency)


def format_count(value: int | None) -> str:
    """A whole number with thousands separators: ``1,234,567``."""
    if value is None:
        return NONE_MARK
    return f"{value:,}"


def format_compact(value: int | Decimal | float | None) -> str:
    """A short label for charts: ``950``, ``12.3k``, ``4.5M``, ``1.2B``."""
    if value is None:
        return NONE_MARK
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    text = _compact(abs(number))
    return f"-{text}" if number < 0 else text


def _compact(number: Decimal) -> str:
    """Compact form of a non-negative number.

    Below 1,000 whole numbers stay whole and fractions keep two decimals under 10, one
    above; from 1,000 up a unit suffix is used with one decimal below 100 of that unit.
    A value that rounds up to 1,000 of a unit moves to the next (999,960 is ``1M``).
    """
    index = 0
    while index + 1 < len(_COMPACT_UNITS) and number >= _COMPACT_UNITS[index + 1][0]:
        index += 1
    while True:
        size, suffix = _COMPACT_UNITS[index]
        scaled = number / size
        if size == 1 and scaled == scaled.to_integral_value():
            decimals = 0
        elif size == 1:
            decimals = 2 if scaled < 10 else 1
        else:
            decimals = 1 if scaled < 100 else 0
        rounded = scaled.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if rounded < 1000 or index + 1 == len(_COMPACT_UNITS):
            text = f"{rounded:f}"
            if suffix:
                text = text.removesuffix(".0")
            return text + suffix
        index += 1


def format_percent(fraction: Decimal | None, decimals: int = 2) -> str:
    """A fraction as a percentage: ``Decimal("0.012345")`` -> ``1.23%``."""
    if fraction is None:
        return NONE_MARK
    percent = (fraction * 100).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return f"{percent:,.{decimals}f}%"


def format_multiple(value: Decimal | None, decimals: int = 2) -> str:
    """A relative factor such as CPC efficiency: ``1.25`` followed by ``TIMES_SIGN``."""
    if value is None:
        return NONE_MARK
    return (
        f"{value.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,.{decimals}f}{TIMES_SIGN}"
    )
