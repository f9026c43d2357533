"""Labels and ticks for plotext charts: cell-exact widths, round tick values, short dates.

Campaign and creative names mix Latin, CJK, Hebrew, Arabic and emoji. Widths here are
terminal cells (``rich.cells``), not characters; ``plot_label`` also pads for plotext's
one-character-per-cell assumption (see ``charts.base``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

from rich.cells import cell_len
from rich.text import Text

ELLIPSIS = "…"

# Fixed English month names: ``strftime("%b")`` follows the user's locale, and the
# screen must render the same everywhere (snapshots, screenshots in bug reports).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fit_cells(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, with "…" when it was cut."""
    if cells <= 0:
        return ""
    if cell_len(text) <= cells:
        return text
    fitted = Text(text)
    fitted.truncate(cells, overflow="ellipsis")
    return fitted.plain


def pad_cells(text: str, cells: int) -> str:
    """``text`` fitted to ``cells`` cells and padded on the right to exactly that."""
    fitted = fit_cells(text, cells)
    return fitted + " " * (cells - cell_len(fitted))


def plot_label(text: str) -> str:
    """A tick label plotext lays out correctly: one spare leading space per extra cell
    taken by a double-width character, which ``Chart`` strips after the build."""
    extra = cell_len(text) - len(text)
    return " " * max(extra, 0) + text


def name_value_label(name: str, value: str, name_cells: int, value_cells: int) -> str:
    """``name`` padded to ``name_cells`` then ``value`` right-aligned in ``value_cells``."""
    return plot_label(f"{pad_cells(name, name_cells)} {value:>{value_cells}}")


def label_cells(names: list[str], width: int, reserved: int, share: float = 0.45) -> int:
    """Cells for the name part of bar labels: the longest name, at most ``share`` of
    the chart's ``width`` after the ``reserved`` cells, and never below 8."""
    longest = max((cell_len(name) for name in names), default=0)
    return max(8, min(longest, int((width - reserved) * share)))


def nice_ticks(high: float, count: int) -> list[float]:
    """About ``count`` round tick values (1, 2, 2.5 or 5 x 10^k steps) from 0 to ``high``."""
    if high <= 0 or count < 1:
        return [0.0]
    raw = high / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks = [0.0]
    while ticks[-1] < high - step * 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def tick_labels(ticks: list[float], label: Callable[[float], str]) -> list[str]:
    return [label(tick) for tick in ticks]


def short_date(day: date) -> str:
    """``Nov 26``: tick labels for the trend's x axis (the year is in the range line)."""
    return f"{_MONTHS[day.month - 1]} {day.day}"
