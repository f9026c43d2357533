"""Labelled horizontal bars: the terminal form of charts 3, 4, 5, 6, 8 and 9.

Each bar's label is its name *and* its exact value ("Spring Launch…  $122,134.37"), so
the numbers are readable without a legend and without trusting bar lengths to the
cell (plotext rounds a bar's end to the nearest cell). One bar per text row reads best
and keeps labels aligned with their bars, so ``rows_for`` gives the height a chart needs
and the panes size their chart to it (scrolling when the terminal is shorter).

plotext colours a whole ``bar`` call in one colour, so every bar is its own call at a
numeric position and the labels are set once as y ticks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual_plotext.plot import Plot

from tui.widgets.charts.base import NO_DATA, Chart, ChartStyle, Draw, Paint, Tone
from tui.widgets.charts.text import label_cells, name_value_label, nice_ticks, plot_label

BAR_THICKNESS = 0.6
FRAME_ROWS = 3
"""Rows a bar chart needs besides its bars: the frame's top and bottom and the x ticks."""

TICK_SPACING = 12
"""About one x tick per this many cells of plot width."""


@dataclass(frozen=True)
class HBar:
    """One bar: ``value`` is its length in axis units (negatives are drawn as 0)."""

    name: str
    value_text: str
    value: float
    color: Paint = Tone.PRIMARY


@dataclass(frozen=True)
class HBarChart:
    """Bars top to bottom in the given order, on an axis from 0 to ``axis_max``
    (None: the largest value), ticks labelled by ``tick_label`` at round values, or at
    ``ticks`` when given (a log axis wants its powers of ten)."""

    bars: tuple[HBar, ...]
    tick_label: Callable[[float], str]
    axis_max: float | None = None
    ticks: tuple[float, ...] | None = None
    name_share: float = 0.45
    """At most this share of the width goes to names (the rest: values and bars)."""

    @property
    def rows(self) -> int:
        return rows_for(len(self.bars))


EMPTY_ROWS = 5


class BarChart(Chart):
    """A ``Chart`` of labelled horizontal bars, exactly as tall as its bars need.

    It keeps the ``HBarChart`` it shows in ``bars`` (what a test or a caller can read
    back), or None while it shows its empty message.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.bars: HBarChart | None = None

    def show_bars(self, bars: HBarChart | None, empty_message: str = NO_DATA) -> None:
        """Show ``bars`` (one row per bar), or ``empty_message`` when there are none."""
        if bars is None or not bars.bars:
            self.bars = None
            self.styles.height = EMPTY_ROWS
            self.show(None, empty_message)
            return
        self.bars = bars
        self.styles.height = bars.rows
        self.show(hbar_draw(bars))


def rows_for(bars: int) -> int:
    """Height in rows of a chart with one row per bar."""
    return bars + FRAME_ROWS


def hbar_draw(chart: HBarChart) -> Draw:
    """A ``Draw`` for ``chart`` (the caller shows "no data" when it has no bars)."""

    def draw(plt: Plot, style: ChartStyle) -> None:
        draw_hbars(plt, style, chart)

    return draw


def bar_labels(bars: Sequence[HBar], width: int, name_share: float = 0.45) -> list[str]:
    """Name-and-value labels fitted to a chart ``width`` cells wide."""
    value_cells = max((cell_len(bar.value_text) for bar in bars), default=0)
    names = [bar.name for bar in bars]
    if not any(names):
        return [plot_label(f"{bar.value_text:>{value_cells}}") for bar in bars]
    name_cells = label_cells(names, width, reserved=value_cells + 1, share=name_share)
    return [name_value_label(bar.name, bar.value_text, name_cells, value_cells) for bar in bars]


def draw_hbars(plt: Plot, style: ChartStyle, chart: HBarChart) -> None:
    bars = chart.bars
    count = len(bars)
    labels = bar_labels(bars, style.width, chart.name_share)
    positions = [float(position) for position in range(count, 0, -1)]
    for position, bar in zip(positions, bars, strict=True):
        plt.bar(
            [position],
            [max(bar.value, 0.0)],
            orientation="horizontal",
            width=BAR_THICKNESS,
            color=style.paint(bar.color),
            reset_ticks=False,
        )
    plt.yticks(positions, labels)
    # plotext maps the y limits onto the first and last plot rows, so limits 1..count
    # on ``count`` rows put each position (and its thin bar) on exactly one row.
    plt.ylim(*((1, count) if count > 1 else (0, 2)))
    high = chart.axis_max or max((bar.value for bar in bars), default=0.0)
    plot_width = max(style.width - max((cell_len(label) for label in labels), default=0) - 2, 1)
    ticks = list(chart.ticks or nice_ticks(high, max(3, plot_width // TICK_SPACING)))
    plt.xticks(ticks, [chart.tick_label(tick) for tick in ticks])
    plt.xlim(0, max(ticks[-1], high) or 1.0)
