"""From ``report`` results to drawable charts: what each bar is, says and how it is coloured.

Pure conversions with no widget in sight, so each chart's content can be tested on its
own. Values come from ``report`` as exact ints and Decimals and become floats only
here, for plotting; every number a user reads is one of ``report``'s formatted texts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from textual_plotext.plot import Plot

from report.budget import BudgetUtilisation, UtilisationBand
from report.comparison import CampaignComparison, ComparisonMetric
from report.creatives import CreativePerformance
from report.demographics import PivotSegments
from report.engagement import MEASURES, EngagementMeasure, EngagementQuality
from report.formatting import (
    MICROS_PER_UNIT,
    format_compact,
    format_count,
    format_money,
    format_money_compact,
    format_percent,
)
from report.kpis import ConversionFunnel
from report.spend_share import SpendDistribution
from tui.widgets.charts.bars import HBar, HBarChart
from tui.widgets.charts.base import ChartStyle, Draw, Paint, Tone
from tui.widgets.charts.text import nice_ticks

BAND_TONES: dict[UtilisationBand, Tone] = {
    UtilisationBand.FULL: Tone.SUCCESS,
    UtilisationBand.HIGH: Tone.PRIMARY,
    UtilisationBand.MEDIUM: Tone.WARNING,
    UtilisationBand.LOW: Tone.ERROR,
}

MEASURE_SHORT_LABELS: dict[EngagementMeasure, str] = {
    EngagementMeasure.CTR: "CTR",
    EngagementMeasure.ENGAGEMENT_RATE: "Engage.",
    EngagementMeasure.SOCIAL_RATE: "Social",
    EngagementMeasure.CONVERSION_RATE: "Conv.",
    EngagementMeasure.CPC_EFFICIENCY: "CPC eff.",
}


def units(micros: int | Decimal) -> float:
    """Micro-units to a plotting value in whole currency units."""
    return float(Decimal(micros) / MICROS_PER_UNIT)


def money_ticks(currency: str) -> Callable[[float], str]:
    """Tick labels for an axis in whole units of ``currency``: ``$12.3k``."""

    def label(value: float) -> str:
        return format_money_compact(round(value * MICROS_PER_UNIT), currency)

    return label


def percent_tick(value: float) -> str:
    """Tick labels for an axis in percent: ``25%``."""
    return f"{format_compact(round(value, 2))}%"


def comparison_chart(comparison: CampaignComparison) -> HBarChart:
    """Chart 3: one bar per ranked campaign, best first."""
    metric = comparison.metric
    bars: list[HBar] = []
    for bar in comparison.bars:
        if metric in (ComparisonMetric.SPEND, ComparisonMetric.CPC):
            value = units(bar.value)
        elif metric is ComparisonMetric.CTR:
            value = float(Decimal(bar.value) * 100)
        else:
            value = float(bar.value)
        bars.append(HBar(bar.campaign.label, bar.text, value))
    if metric in (ComparisonMetric.SPEND, ComparisonMetric.CPC):
        tick = money_ticks(comparison.money.currency)
    elif metric is ComparisonMetric.CTR:
        tick = percent_tick
    else:
        tick = format_compact
    return HBarChart(tuple(bars), tick)


def spend_chart(distribution: SpendDistribution) -> HBarChart:
    """Chart 4 as labelled bars: each slice's spend and share, "Other" last and muted."""
    currency = distribution.money.currency
    bars = tuple(
        HBar(
            slice_.label if slice_.campaign else f"{slice_.label} ({slice_.campaigns} campaigns)",
            f"{format_money(slice_.spend_micros, currency)} {format_percent(slice_.share, 1):>6}",
            units(slice_.spend_micros),
            _slice_paint(index, slice_.campaign is None),
        )
        for index, slice_ in enumerate(distribution.slices)
    )
    return HBarChart(bars, money_ticks(currency))


def _slice_paint(index: int, other: bool) -> Paint:
    return Tone.MUTED if other else index


def spend_strip_draw(distribution: SpendDistribution) -> Draw:
    """Chart 4 as one 100 % stacked bar, in the slices' colours (plotext has no pie)."""
    shares = [[float(slice_.share * 100)] for slice_ in distribution.slices]
    paints = [
        _slice_paint(index, slice_.campaign is None)
        for index, slice_ in enumerate(distribution.slices)
    ]

    def draw(plt: Plot, style: ChartStyle) -> None:
        plt.stacked_bar(
            [""],
            shares,
            orientation="horizontal",
            width=1,
            # plotext takes one colour per series here; its stub only knows one colour.
            color=[style.paint(paint) for paint in paints],  # type: ignore[arg-type]
        )
        plt.frame(False)
        plt.xticks([])
        plt.yticks([])
        plt.xlim(0, 100)

    return draw


def funnel_chart(funnel: ConversionFunnel) -> HBarChart:
    """Chart 5 on a log scale (impressions outnumber leads a thousandfold): each bar's
    label has the count and the step rate from the stage before."""
    bars = tuple(
        HBar(
            step.label,
            f"{format_count(step.count)} {_step_rate(step.step_rate):>8}",
            math.log10(step.count) if step.count >= 1 else 0.0,
            index,
        )
        for index, step in enumerate(funnel.steps)
    )
    top = max((bar.value for bar in bars), default=0.0)
    powers = tuple(float(power) for power in range(math.ceil(top) + 1))
    step = max(1, math.ceil(len(powers) / 6))
    return HBarChart(bars, _power_of_ten, axis_max=max(powers[-1], 1.0), ticks=powers[::step])


def _step_rate(rate: Decimal | None) -> str:
    return "" if rate is None else format_percent(rate)


def _power_of_ten(value: float) -> str:
    return format_compact(10 ** round(value))


def budget_chart(budget: BudgetUtilisation) -> HBarChart:
    """Chart 6 on a 0-100 % scale: over-delivery is clamped on the bar, never in its
    label, and each bar takes the colour of its band."""
    bars = tuple(
        HBar(
            bar.campaign.label,
            format_percent(bar.utilisation, 0),
            min(float(bar.utilisation * 100), 100.0),
            BAND_TONES[bar.band],
        )
        for bar in budget.bars
    )
    return HBarChart(bars, percent_tick, axis_max=100.0)


def creative_charts(performance: CreativePerformance) -> tuple[HBarChart, HBarChart]:
    """Chart 8 as two bar groups sharing rows: impressions (with names) and clicks
    (with CTR). Each has its own scale: clicks are about 1 % of impressions and would
    not show on a shared axis."""
    impressions = tuple(
        HBar(bar.label, format_count(bar.impressions), float(bar.impressions), 0)
        for bar in performance.bars
    )
    clicks = tuple(
        HBar("", f"{format_count(bar.clicks)} {format_percent(bar.ctr):>6}", float(bar.clicks), 1)
        for bar in performance.bars
    )
    return (
        HBarChart(impressions, format_compact, name_share=0.6),
        HBarChart(clicks, format_compact),
    )


def segment_chart(pivot: PivotSegments) -> HBarChart:
    """Chart 9, one pivot: impressions per segment with its share."""
    bars = tuple(
        HBar(
            segment.label,
            f"{format_count(segment.impressions)} {format_percent(segment.share, 1):>6}",
            float(segment.impressions),
        )
        for segment in pivot.segments
    )
    return HBarChart(bars, format_compact)


def engagement_draw(quality: EngagementQuality) -> Draw:
    """Chart 7 as grouped bars: per measure, one bar per campaign, each measure scaled
    to its best campaign (100 %) so that five very different scales share one axis."""
    series = [
        [float((row.normalised_value(measure) or Decimal(0)) * 100) for measure in MEASURES]
        for row in quality.rows
    ]
    labels = [MEASURE_SHORT_LABELS[measure] for measure in MEASURES]

    def draw(plt: Plot, style: ChartStyle) -> None:
        plt.multiple_bar(
            labels,
            series,
            width=0.6,
            # plotext takes one colour per series here; its stub only knows one colour.
            color=[style.category(index) for index in range(len(series))],  # type: ignore[arg-type]
        )
        rows = max(style.height - 3, 2)
        ticks = nice_ticks(100.0, max(1, min(4, rows // 2)))
        plt.yticks(ticks, [percent_tick(tick) for tick in ticks])
        plt.ylim(0, 100)

    return draw
