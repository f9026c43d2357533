"""Chart 1: the KPI scorecards, ten cards in a grid (no plot: a number reads best as text).

The grid has five columns (two rows) and ten on wide terminals (one row), set by the
screen's ``-wide`` class. A ratio whose denominator is zero shows "—" (``report``
formats it), never 0.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Static

from report.formatting import NONE_MARK
from report.kpis import KPI_LABELS, Kpi, KpiScorecards


class KpiCard(Vertical):
    """One KPI: its label and its formatted value."""

    DEFAULT_CSS = """
    KpiCard {
        height: 4;
        border: round $panel-lighten-2;
        background: $surface;
        .kpi-label { color: $text-muted; width: 1fr; }
        .kpi-value { text-style: bold; width: 1fr; text-align: right; }
    }
    """

    def __init__(self, kpi: Kpi) -> None:
        super().__init__(id=f"kpi-{kpi.value}")
        self.kpi = kpi
        self.value_text = NONE_MARK

    def compose(self) -> ComposeResult:
        yield Static(KPI_LABELS[self.kpi], classes="kpi-label", markup=False)
        yield Static(self.value_text, classes="kpi-value", markup=False)

    def show(self, text: str) -> None:
        self.value_text = text
        self.query_one(".kpi-value", Static).update(text)


class KpiCards(Grid):
    """The ten scorecards in ``Kpi`` order."""

    DEFAULT_CSS = """
    KpiCards {
        grid-size: 5;
        grid-gutter: 0 1;
        height: auto;
    }
    """

    def compose(self) -> ComposeResult:
        for kpi in Kpi:
            yield KpiCard(kpi)

    def show(self, scorecards: KpiScorecards) -> None:
        for card in scorecards.cards:
            self.query_one(f"#kpi-{card.kpi.value}", KpiCard).show(card.text)

    def value_text(self, kpi: Kpi) -> str:
        """What the card of ``kpi`` shows (for tests and the command palette)."""
        return self.query_one(f"#kpi-{kpi.value}", KpiCard).value_text
