"""Date presets relative to an injected UTC today, and filter validation."""

from __future__ import annotations

from datetime import date

import pytest

from report.filters import RangePreset, ReportFilter, last_days, preset_filter

TODAY = date(2025, 11, 20)


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        (RangePreset.LAST_7_DAYS, date(2025, 11, 13), date(2025, 11, 19)),
        (RangePreset.LAST_30_DAYS, date(2025, 10, 21), date(2025, 11, 19)),
        (RangePreset.LAST_90_DAYS, date(2025, 8, 22), date(2025, 11, 19)),
        (RangePreset.ALL, None, None),
    ],
)
def test_presets_end_yesterday(preset: RangePreset, start: date | None, end: date | None) -> None:
    flt = preset_filter(preset, TODAY, frozenset({1}))
    assert flt == ReportFilter(frozenset({1}), start, end)
    assert flt.days == preset.days


def test_presets_cross_a_year_boundary() -> None:
    assert last_days(7, date(2026, 1, 3)) == (date(2025, 12, 27), date(2026, 1, 2))


def test_custom_range_is_inclusive_and_validated() -> None:
    flt = preset_filter(RangePreset.CUSTOM, TODAY, start=date(2025, 10, 1), end=date(2025, 10, 1))
    assert flt == ReportFilter(None, date(2025, 10, 1), date(2025, 10, 1))
    assert flt.days == 1
    with pytest.raises(ValueError, match="start and an end"):
        preset_filter(RangePreset.CUSTOM, TODAY, start=date(2025, 10, 1))
    with pytest.raises(ValueError, match="starts after it ends"):
        ReportFilter(None, date(2025, 10, 2), date(2025, 10, 1))
    with pytest.raises(ValueError, match="at least one day"):
        last_days(0, TODAY)


def test_preset_labels() -> None:
    assert [p.label for p in RangePreset] == [
        "Last 7 days",
        "Last 30 days",
        "Last 90 days",
        "All time",
        "Custom",
    ]
    assert ReportFilter().days is None
