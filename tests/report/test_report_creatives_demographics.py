"""Charts 8 and 9 against hand-computed values of the fixed dataset."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from report_dataset import TODAY

from report.creatives import creative_label, creative_performance
from report.demographics import (
    APPROXIMATE_NOTE,
    PIVOT_LABELS,
    audience_demographics,
    segment_label,
)
from report.filters import RangePreset, ReportFilter, preset_filter

LAST_7 = preset_filter(RangePreset.LAST_7_DAYS, TODAY)


def test_top_creatives(sample_db: sa.Engine) -> None:
    bars = creative_performance(sample_db, LAST_7).bars
    assert [(b.creative_id, b.label, b.impressions, b.clicks) for b in bars] == [
        (1101, "Spring video · Lead Gen DACH", 9_000, 90),
        (2101, "Tokyo banner · Tokyo Launch", 8_000, 80),
        (1102, "Creative 1102 · Lead Gen DACH", 6_000, 50),
        # 9999 and 1201 tie on impressions: more clicks first. 9999's campaign (99) is
        # not listed, so its label has no campaign.
        (9999, "Orphan creative", 3_000, 40),
        (1201, "Brand post · Brand Awareness", 3_000, 30),
        (1301, "Creative 1301 (not listed)", 500, 5),
    ]
    assert bars[0].ctr == Decimal("0.01")
    assert (bars[0].campaign_id, bars[0].campaign_name, bars[0].listed) == (
        11,
        "Lead Gen DACH",
        True,
    )
    assert (bars[3].campaign_id, bars[3].campaign_name) == (99, None)
    assert (bars[5].listed, bars[5].campaign_id, bars[5].name) == (False, None, None)
    assert bars[1].account_id == 2


def test_creatives_follow_the_filter(sample_db: sa.Engine) -> None:
    only_japan = creative_performance(
        sample_db, preset_filter(RangePreset.LAST_7_DAYS, TODAY, frozenset({2}))
    )
    assert [b.creative_id for b in only_japan.bars] == [2101]
    # Over 30 days, 1101 adds its October 25 row.
    month = creative_performance(sample_db, preset_filter(RangePreset.LAST_30_DAYS, TODAY))
    assert (month.bars[0].creative_id, month.bars[0].impressions) == (1101, 10_000)
    assert [b.creative_id for b in creative_performance(sample_db, LAST_7, top=2).bars] == [
        1101,
        2101,
    ]
    assert creative_performance(sample_db, ReportFilter(frozenset())).is_empty


def test_creative_label_rules() -> None:
    assert creative_label(5, "  ", True, None) == "Creative 5"
    assert creative_label(5, None, True, "Camp") == "Creative 5 · Camp"
    assert creative_label(5, "Name", False, "Camp") == "Creative 5 (not listed)"


def test_demographics_last_7_days(sample_db: sa.Engine) -> None:
    result = audience_demographics(sample_db, LAST_7)
    # The eight standard pivots in a fixed order (stable tabs), then unknown pivots.
    assert [p.pivot for p in result.pivots] == [*PIVOT_LABELS, "MEMBER_COUNTY"]
    assert [p.label for p in result.pivots][:5] == [
        "Job title",
        "Job function",
        "Industry",
        "Seniority",
        "Company size",
    ]
    seniority = result.pivots[3]
    # November only (October ends before Nov 13): seniority 5 = 6,000 (account 1) +
    # 4,000 (account 2); seniority 4 = 3,000, named from targeting_entities.
    assert [(s.label, s.impressions, s.clicks) for s in seniority.segments] == [
        ("Senior", 10_000, 90),
        ("Entry", 3_000, 20),
    ]
    assert seniority.total_impressions == 13_000
    assert seniority.segment_count == 2
    assert [s.share for s in seniority.segments] == [
        Decimal(10) / Decimal(13),
        Decimal(3) / Decimal(13),
    ]
    company_size = result.pivots[4]
    assert [(s.label, s.share) for s in company_size.segments] == [
        ("11-50 employees", Decimal(2) / Decimal(3)),
        ("10,001+ employees", Decimal(1) / Decimal(3)),
    ]
    assert result.pivots[0].is_empty
    assert result.pivots[-1].label == "MEMBER_COUNTY"
    assert (result.first_month, result.last_day) == (date(2025, 11, 1), date(2025, 11, 19))
    assert result.note == APPROXIMATE_NOTE
    assert "approximate" in result.note
    assert not result.is_empty


def test_demographics_months_overlapping_the_range(sample_db: sa.Engine) -> None:
    # Last 30 days start on Oct 21, so October's rows count too.
    flt = preset_filter(RangePreset.LAST_30_DAYS, TODAY, frozenset({1}))
    seniority = audience_demographics(sample_db, flt, top=2).pivots[3]
    assert [(s.segment_urn, s.impressions) for s in seniority.segments] == [
        ("urn:li:seniority:5", 7_000),
        ("urn:li:seniority:4", 3_000),
    ]
    # The total covers all three segments, not only the top 2.
    assert seniority.total_impressions == 10_500
    assert seniority.segment_count == 3
    assert seniority.segments[0].share == Decimal(2) / Decimal(3)
    full = audience_demographics(sample_db, flt).pivots[3]
    assert full.segments[2].label == "urn:li:seniority:6"  # no name anywhere
    assert audience_demographics(sample_db, flt).first_month == date(2025, 10, 1)


def test_demographics_empty_range(sample_db: sa.Engine) -> None:
    result = audience_demographics(
        sample_db, ReportFilter(None, date(2025, 1, 1), date(2025, 1, 31))
    )
    assert result.is_empty
    assert len(result.pivots) == 8
    assert (result.first_month, result.last_day) == (None, None)


def test_segment_labels() -> None:
    assert segment_label("SIZE_1", None) == "1 employee"
    assert segment_label("SIZE_1001_TO_5000", None) == "1,001-5,000 employees"
    assert segment_label("SIZE_10001_OR_MORE", "") == "10,001+ employees"
    assert segment_label("urn:li:title:68", " CTO ") == "CTO"
    assert segment_label("urn:li:title:68", None) == "urn:li:title:68"
