"""``Chart``: a ``PlotextPlot`` that redraws its figure from a stored pure function.

plotext mutates figure state while it builds, and textual-plotext rebuilds the figure on
every refresh (each resize, theme change and ``refresh()``), so drawing once and letting
the widget re-render is not idempotent (textual-notes §2.3 #1). A ``Chart`` instead keeps
a pure ``Draw`` function and, on every render, clears the figure and calls it again
with the current size and theme colours. New data means a new ``Draw`` and
``chart.show(draw)``, which refreshes this widget only (refreshing the app does not
redraw a plot).

plotext counts one cell per character, so a label with a double-width character (CJK,
emoji: campaign names have both) would push its line past the widget and make Textual
wrap it. Labels built with ``charts.text.plot_label`` carry one spare leading space per
extra cell, and ``_fit_lines`` removes exactly that many from any line that came out
too wide, so the axes stay straight.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

RGB = tuple[int, int, int]


class Tone(Enum):
    """A colour that follows the app theme (data charts use ``CATEGORY_COLORS``)."""

    PRIMARY = "primary"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"
    MUTED = "muted"


Paint = Tone | int
"""How a bar or series is coloured: a theme ``Tone`` or a category index."""

# Tableau 10: categorical colours chosen to stay distinct on dark and light backgrounds
# and for the common forms of colour blindness; plotext takes RGB tuples.
CATEGORY_COLORS: tuple[RGB, ...] = (
    (78, 121, 167),
    (242, 142, 43),
    (89, 161, 79),
    (225, 87, 89),
    (176, 122, 161),
    (118, 183, 178),
    (237, 201, 72),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
)

# Under NO_COLOR Textual turns every colour to grey, so series must differ by shape.
SERIES_MARKERS: tuple[str, ...] = ("hd", "+", "x", "o", "*")


@dataclass(frozen=True)
class ChartStyle:
    """What a draw function may depend on besides its data: size and theme colours."""

    width: int
    height: int
    primary: RGB
    success: RGB
    warning: RGB
    error: RGB
    muted: RGB
    no_color: bool = False

    def category(self, index: int) -> RGB:
        """The colour of the ``index``-th series or slice (cycles after ten)."""
        return CATEGORY_COLORS[index % len(CATEGORY_COLORS)]

    def paint(self, paint: Paint) -> RGB:
        """The RGB of a ``Paint`` under this style."""
        if isinstance(paint, int):
            return self.category(paint)
        return {
            Tone.PRIMARY: self.primary,
            Tone.SUCCESS: self.success,
            Tone.WARNING: self.warning,
            Tone.ERROR: self.error,
            Tone.MUTED: self.muted,
        }[paint]

    def marker(self, index: int) -> str:
        """The line marker of a series: shapes differ only when colours cannot."""
        return SERIES_MARKERS[index % len(SERIES_MARKERS)] if self.no_color else "hd"


NO_DATA = "No data for these filters: try another account or a wider date range."

Draw = Callable[[Plot, ChartStyle], None]
"""Draws one figure on a cleared ``Plot``; must be pure (same inputs, same figure)."""


def theme_rgb(variables: dict[str, str], name: str, fallback: str) -> RGB:
    """An app theme colour as the RGB tuple plotext wants (translucent colours, such
    as the muted foreground, are composed over the plot's ``$surface``)."""
    surface = Color.parse(variables.get("surface", "#1E1E1E"))
    return (surface + Color.parse(variables.get(name, fallback))).rgb


class Chart(PlotextPlot):
    """A plot that re-runs its ``Draw`` on every render, or says why it has nothing."""

    DEFAULT_CSS = """
    Chart {
        height: 1fr;
        min-height: 5;
        background: $surface;
    }
    Chart.-strip {
        min-height: 1;
    }
    Chart.-empty {
        color: $text-muted;
        content-align: center middle;
        text-align: center;
    }
    """

    def __init__(
        self,
        *,
        empty_message: str = NO_DATA,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._draw: Draw | None = None
        self._empty_message = empty_message
        self.add_class("-empty")

    @property
    def has_data(self) -> bool:
        return self._draw is not None

    @property
    def empty_message(self) -> str:
        return self._empty_message

    def show(self, draw: Draw | None, empty_message: str | None = None) -> None:
        """Display ``draw`` (or, when None, ``empty_message``) and redraw this widget."""
        self._draw = draw
        if empty_message is not None:
            self._empty_message = empty_message
        self.set_class(draw is None, "-empty")
        self.refresh()

    def style_now(self) -> ChartStyle:
        """The chart style for the current size and app theme."""
        variables = self.app.theme_variables
        return ChartStyle(
            width=self.size.width,
            height=self.size.height,
            primary=theme_rgb(variables, "primary", "#0178D4"),
            success=theme_rgb(variables, "success", "#4EBF71"),
            warning=theme_rgb(variables, "warning", "#FFA62B"),
            error=theme_rgb(variables, "error", "#BA3C5B"),
            muted=theme_rgb(variables, "foreground-muted", "#808080"),
            no_color=self.app.no_color,
        )

    def render(self) -> RenderResult:
        if self._draw is None:
            return Text(self._empty_message)
        self.plt.clear_figure()
        self._draw(self.plt, self.style_now())
        rendered = super().render()
        assert isinstance(rendered, Text)
        return _fit_lines(rendered, self.size.width)


def _fit_lines(text: Text, width: int) -> Text:
    """Bring lines widened by double-width characters back to ``width`` cells.

    The excess is taken from the line's leading spaces (the padding ``plot_label``
    added for exactly this), and whatever is still too wide is cropped.
    """
    lines = text.split("\n", allow_blank=True)
    fitted: list[Text] = []
    for line in lines:
        excess = cell_len(line.plain) - width
        if excess > 0:
            leading = len(line.plain) - len(line.plain.lstrip(" "))
            line = line[min(excess, leading) :]
            if cell_len(line.plain) > width:
                line.truncate(width, overflow="crop")
        fitted.append(line)
    result = Text("\n").join(fitted)
    result.no_wrap = True
    result.overflow = "crop"
    return result
