"""The one table style of the app: row cursor, zebra stripes, vim keys, fitted columns.

Every list the user moves through is a :class:`NavTable`, and every scrolling page a
:class:`VimScroll`, so ``j``/``k`` (and ``g``/``G`` for the ends) work the same
everywhere, next to the arrow keys and the mouse that Textual already handles.

Tables never scroll sideways: :meth:`NavTable.fill` fits the columns to the width it
is given, dropping optional columns (least important first) until the flexible ones
(names) keep a readable width, and cutting long names with an ellipsis. So the same
table shows more columns at 160 cells than at 80, and nothing is cut off at either.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable

Row = TypeVar("Row")

_CELL_PADDING = 2
"""DataTable pads every cell with one space on each side."""


@dataclass(frozen=True, slots=True)
class Column(Generic[Row]):
    """A column: a fixed `width`, or flexible (`flex` > 0) sharing what is left.

    `drop` > 0 makes the column optional: when space is short, columns are dropped
    from the highest `drop` down. `cell` renders a row into at most `width` cells.
    """

    label: str
    cell: Callable[[Row, int], Text]
    width: int = 0
    flex: int = 0
    drop: int = 0
    right: bool = False


def cut(text: str, width: int, style: str = "") -> Text:
    """`text` cut to `width` terminal cells with an ellipsis (CJK and emoji count two)."""
    cell = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    cell.truncate(max(1, width), overflow="ellipsis")
    return cell


def fit(
    columns: list[Column[Row]], available: int, *, flex_min: int
) -> list[tuple[Column[Row], int]]:
    """The columns that fit in `available` cells, each with its width."""
    kept = list(columns)
    while True:
        fixed = sum(c.width for c in kept if not c.flex)
        flexible = [c for c in kept if c.flex]
        room = available - fixed - _CELL_PADDING * len(kept)
        if room >= flex_min * len(flexible) or not any(c.drop for c in kept):
            break
        kept.remove(max(kept, key=lambda c: c.drop))
    weights = sum(c.flex for c in flexible) or 1
    widths: list[tuple[Column[Row], int]] = []
    for column in kept:
        width = column.width if not column.flex else max(4, room * column.flex // weights)
        widths.append((column, width))
    return widths


class VimScroll(VerticalScroll):
    """A scrolling page that also answers ``j``/``k`` (one line) and ``g``/``G``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Down", show=False, id="page-down"),
        Binding("k", "scroll_up", "Up", show=False, id="page-up"),
        Binding("g", "scroll_home", "Top", show=False, id="page-top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="page-bottom"),
    ]


class NavTable(DataTable[Any]):
    """A read-only, row-selecting DataTable with vim-style movement keys."""

    BINDING_GROUP_TITLE = "Lists"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, tooltip="Next row", id="list-down"),
        Binding("k", "cursor_up", "Up", show=False, tooltip="Previous row", id="list-up"),
        Binding("g", "scroll_top", "First row", show=False, id="list-first"),
        Binding("G", "scroll_bottom", "Last row", show=False, id="list-last"),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            id=id,
            classes=classes,
            cursor_type="row",
            zebra_stripes=True,
            cursor_foreground_priority="renderable",
        )
        self._spec: tuple[list[Column[Any]], list[tuple[Hashable, Any]], int] | None = None
        self._fitted_width = -1

    def fill(
        self,
        columns: list[Column[Row]],
        rows: Iterable[tuple[Hashable, Row]],
        *,
        flex_min: int = 20,
    ) -> None:
        """Replace the contents with `rows` (each with its key) under `columns`, fitted
        to the table's width now and again whenever that width changes."""
        self._spec = (columns, list(rows), flex_min)
        self._fitted_width = -1
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        if self._spec is not None and event.size.width != self._fitted_width:
            self._fill()

    def _widths(self) -> tuple[int, int]:
        """(the table's width, the cells its columns may use). A table just made
        visible has no size yet; it will be as wide as its parent's content (tables are
        ``width: 1fr``), less its scrollbar gutter."""
        if self.size.width:
            return self.size.width, self.scrollable_content_region.width
        parent = self.parent
        if isinstance(parent, Widget) and parent.size.width:
            stable = self.styles.scrollbar_gutter == "stable"
            gutter = self.styles.scrollbar_size_vertical if stable else 0
            return parent.size.width, parent.size.width - gutter
        return 0, 0

    def _fill(self) -> None:
        if self._spec is None:
            return
        width, available = self._widths()
        if available <= 0:
            return  # not laid out yet: on_resize fills it
        self._fitted_width = width
        columns, rows, flex_min = self._spec
        cursor = self.cursor_row
        self.clear(columns=True)
        fitted = fit(columns, available, flex_min=flex_min)
        for column, width in fitted:
            label = Text(column.label, justify="right" if column.right else "left")
            self.add_column(label, width=width)
        for key, row in rows:
            self.add_row(*(column.cell(row, width) for column, width in fitted), key=str(key))
        if 0 <= cursor < self.row_count:
            self.move_cursor(row=cursor)
        # DataTable measures new rows when idle; an auto-height table inside auto-height
        # containers was sometimes left laid out at its old (empty) height. Asking for
        # a layout once the rows are measured settles it.
        self.call_after_refresh(self.refresh, layout=True)
