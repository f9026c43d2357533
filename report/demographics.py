"""Chart 9: who saw the ads, per demographic pivot (top 10 segments by impressions).

``audience_demographics`` holds one row per account, pivot, segment and calendar month.
A month is included when it overlaps the filter range (LinkedIn's demographic data is
kept per whole month), so the covered period can be wider than the range; the result
says which months it covers.

LinkedIn's demographic values are approximate: they are noised for privacy, and a
segment with fewer than 3 events or outside a creative's daily top 100 is dropped. So
the segments do not add up to the campaign totals. The share of a segment is its
impressions over the sum of *all* stored segments of the same pivot (not only the top
10) in the range; the note on the result says so.

The ranking runs in the database (ROW_NUMBER per pivot) so only ten rows per pivot come
back. Segment names come from the row itself, then from ``targeting_entities``; company
sizes (an enum, not a URN) are spelled out; anything else falls back to the URN.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from report.filters import ReportFilter
from report.metrics import ratio
from report.sql import DEMOGRAPHICS, TARGETING_ENTITIES, Db, as_int, connect

TOP_SEGMENTS = 10

APPROXIMATE_NOTE = (
    "LinkedIn's demographic figures are approximate (privacy noise; segments under "
    "3 events are dropped), so segments do not add up to the totals. Shares are of the "
    "impressions of all listed segments of the pivot; whole months overlapping the range."
)

# The eight pivots the sync stores, in tab order.
PIVOT_LABELS: dict[str, str] = {
    "MEMBER_JOB_TITLE": "Job title",
    "MEMBER_JOB_FUNCTION": "Job function",
    "MEMBER_INDUSTRY": "Industry",
    "MEMBER_SENIORITY": "Seniority",
    "MEMBER_COMPANY_SIZE": "Company size",
    "MEMBER_COUNTRY_V2": "Country",
    "MEMBER_REGION_V2": "Region",
    "MEMBER_COMPANY": "Company",
}

_SIZE_RANGE = re.compile(r"^SIZE_(\d+)_TO_(\d+)$")
_SIZE_OPEN = re.compile(r"^SIZE_(\d+)_OR_MORE$")


def pivot_label(pivot: str) -> str:
    """The tab title of a pivot; an unexpected pivot is shown by its LinkedIn name."""
    return PIVOT_LABELS.get(pivot, pivot)


def segment_label(segment_urn: str, name: str | None) -> str:
    """A segment's name, a spelled-out company size, or the raw URN."""
    if name and name.strip():
        return name.strip()
    if segment_urn == "SIZE_1":
        return "1 employee"
    if match := _SIZE_RANGE.match(segment_urn):
        low, high = (int(group) for group in match.groups())
        return f"{low:,}-{high:,} employees"
    if match := _SIZE_OPEN.match(segment_urn):
        return f"{int(match.group(1)):,}+ employees"
    return segment_urn


@dataclass(frozen=True)
class SegmentBar:
    """One segment; ``share`` is of ``PivotSegments.total_impressions``."""

    segment_urn: str
    label: str
    impressions: int
    clicks: int
    share: Decimal | None


@dataclass(frozen=True)
class PivotSegments:
    """One tab: the top segments of a pivot, and the totals their shares refer to."""

    pivot: str
    label: str
    segments: tuple[SegmentBar, ...]
    total_impressions: int
    segment_count: int

    @property
    def is_empty(self) -> bool:
        return not self.segments


@dataclass(frozen=True)
class DemographicsReport:
    """Chart 9: the eight standard pivots always (stable tabs), then any other pivot
    found. ``first_month``..``last_day`` is the period the included months cover."""

    pivots: tuple[PivotSegments, ...]
    first_month: date | None
    last_day: date | None
    note: str = APPROXIMATE_NOTE

    @property
    def is_empty(self) -> bool:
        return all(pivot.is_empty for pivot in self.pivots)


def _conditions(flt: ReportFilter) -> list[sa.ColumnElement[bool]]:
    d = DEMOGRAPHICS
    conditions: list[sa.ColumnElement[bool]] = [d.c.impressions > 0]
    if flt.account_ids is not None:
        conditions.append(d.c.account_id.in_(sorted(flt.account_ids)))
    if flt.end is not None:
        conditions.append(d.c.date_start <= flt.end)
    if flt.start is not None:
        conditions.append(d.c.date_end >= flt.start)
    return conditions


def audience_demographics(db: Db, flt: ReportFilter, top: int = TOP_SEGMENTS) -> DemographicsReport:
    """Chart 9: per pivot the ``top`` segments by impressions with their share."""
    d = DEMOGRAPHICS
    conditions = _conditions(flt)
    segments = (
        sa.select(
            d.c.pivot,
            d.c.segment_urn,
            sa.func.sum(d.c.impressions).label("impressions"),
            sa.func.sum(d.c.clicks).label("clicks"),
            sa.func.max(d.c.segment_name).label("segment_name"),
        )
        .where(*conditions)
        .group_by(d.c.pivot, d.c.segment_urn)
        .subquery("segments")
    )
    ranked = sa.select(
        segments,
        sa.func.row_number()
        .over(
            partition_by=segments.c.pivot,
            order_by=(segments.c.impressions.desc(), segments.c.segment_urn),
        )
        .label("position"),
        sa.func.sum(segments.c.impressions)
        .over(partition_by=segments.c.pivot)
        .label("pivot_impressions"),
        sa.func.count().over(partition_by=segments.c.pivot).label("pivot_segments"),
    ).subquery("ranked")
    te = TARGETING_ENTITIES
    query = (
        sa.select(ranked, te.c.name.label("entity_name"))
        .select_from(ranked)
        .outerjoin(te, te.c.urn == ranked.c.segment_urn)
        .where(ranked.c.position <= top)
        .order_by(ranked.c.pivot, ranked.c.position)
    )
    period = sa.select(sa.func.min(d.c.date_start), sa.func.max(d.c.date_end)).where(*conditions)
    with connect(db) as conn:
        rows = conn.execute(query).mappings().all()
        first_month, last_day = conn.execute(period).one()
    found: dict[str, list[SegmentBar]] = {}
    totals: dict[str, tuple[int, int]] = {}
    for row in rows:
        pivot = str(row["pivot"])
        pivot_total = as_int(row["pivot_impressions"])
        totals[pivot] = (pivot_total, as_int(row["pivot_segments"]))
        impressions = as_int(row["impressions"])
        found.setdefault(pivot, []).append(
            SegmentBar(
                segment_urn=str(row["segment_urn"]),
                label=segment_label(
                    str(row["segment_urn"]), row["segment_name"] or row["entity_name"]
                ),
                impressions=impressions,
                clicks=as_int(row["clicks"]),
                share=ratio(impressions, pivot_total),
            )
        )
    order = [*PIVOT_LABELS, *sorted(set(found) - set(PIVOT_LABELS))]
    pivots = tuple(
        PivotSegments(
            pivot=pivot,
            label=pivot_label(pivot),
            segments=tuple(found.get(pivot, ())),
            total_impressions=totals.get(pivot, (0, 0))[0],
            segment_count=totals.get(pivot, (0, 0))[1],
        )
        for pivot in order
    )
    return DemographicsReport(pivots=pivots, first_month=first_month, last_day=last_day)
