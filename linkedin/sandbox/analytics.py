"""The /adAnalytics engine: creative-days -> rows per pivot value and time bucket.

Both the HTTP endpoint and the dataset's ground-truth functions call :func:`run`, so what a
test compares against is, by construction, what went over the wire. The engine knows
nothing about HTTP: request parsing, the 15,000-element cap and the element layout live in
the route.

Rules it implements (contract §4.6):

* one row per pivot value (or tuple of values) per UTC day, calendar month, calendar year,
  or the whole range (``ALL``), buckets clipped to the requested range;
* counts are summed exactly; money is summed in nanos and printed like LinkedIn
  (:func:`~linkedin.sandbox.metrics.format_money`); non-additive metrics are computed per row;
* a row whose requested metrics are all zero is omitted, so a request that chunks its
  ``fields`` gets different row sets per chunk (the client must merge by key, not position).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter

from linkedin.sandbox import metrics as m
from linkedin.sandbox.delivery import Visibility, derive_key, visible_day
from linkedin.sandbox.entities import CreativeRecord

GRANULARITIES = ("DAILY", "MONTHLY", "YEARLY", "ALL")
# Pivots the engine computes from the creative alone (one value per creative).
ENTITY_PIVOTS = ("ACCOUNT", "CAMPAIGN_GROUP", "CAMPAIGN", "CREATIVE", "SHARE", "COMPANY")
DEVICE_PIVOT = "IMPRESSION_DEVICE_TYPE"
DEVICE_TYPES = ("DESKTOP_WEB", "MOBILE_APP", "MOBILE_WEB", "UNDETECTED")
# Valid pivots the synthetic ads carry no data for (no conversions tracking, no conversation
# ads, no cards): they are accepted and answer with no rows, like an account without them.
EMPTY_PIVOTS = (
    "CONVERSION",
    "CONVERSATION_NODE",
    "CONVERSATION_NODE_OPTION_INDEX",
    "SERVING_LOCATION",
    "CARD_INDEX",
    "PLACEMENT_NAME",
    "EVENT_STAGE",
)
MEMBER_PIVOTS = (
    "MEMBER_COMPANY_SIZE",
    "MEMBER_INDUSTRY",
    "MEMBER_SENIORITY",
    "MEMBER_JOB_TITLE",
    "MEMBER_JOB_FUNCTION",
    "MEMBER_COUNTRY_V2",
    "MEMBER_REGION_V2",
    "MEMBER_COUNTY",
    "MEMBER_COMPANY",
)
ALL_PIVOTS = (*ENTITY_PIVOTS, DEVICE_PIVOT, *EMPTY_PIVOTS, *MEMBER_PIVOTS)

Metrics = dict[str, int | float | str]


@dataclass(frozen=True, slots=True)
class Query:
    """A validated analytics request, already resolved to the creatives it covers."""

    pivots: tuple[str, ...]
    granularity: str
    start: date
    end: date  # inclusive; the request's end, or the as-of date when it had none
    creatives: Sequence[CreativeRecord]
    fields: tuple[str, ...]  # metric names only (dateRange/pivotValues are layout)
    as_of: datetime


@dataclass(frozen=True, slots=True)
class Row:
    """One element: pivot values, its date bucket, and the requested metrics as sent."""

    pivot_values: tuple[str, ...]
    start: date
    end: date
    metrics: Metrics


class Buckets:
    """Maps days of the requested range to their (clipped) time bucket."""

    def __init__(self, granularity: str, start: date, end: date) -> None:
        self.start = start.toordinal()
        self.end = end.toordinal()
        self.ranges: list[tuple[date, date]] = []
        self.index: list[int] = []
        current: tuple[int, ...] | None = None
        for ordinal in range(self.start, self.end + 1):
            day = date.fromordinal(ordinal)
            key = {
                "DAILY": (ordinal,),
                "MONTHLY": (day.year, day.month),
                "YEARLY": (day.year,),
                "ALL": (),
            }[granularity]
            if key != current:
                current = key
                self.ranges.append((day, day))
            self.ranges[-1] = (self.ranges[-1][0], day)
            self.index.append(len(self.ranges) - 1)


def _pivot_value(pivot: str, creative: CreativeRecord) -> str | None:
    if pivot == "CREATIVE":
        return creative.urn
    if pivot == "CAMPAIGN":
        return f"urn:li:sponsoredCampaign:{creative.campaign_id}"
    if pivot == "CAMPAIGN_GROUP":
        return f"urn:li:sponsoredCampaignGroup:{creative.group_id}"
    if pivot == "ACCOUNT":
        return f"urn:li:sponsoredAccount:{creative.account_id}"
    if pivot == "SHARE":
        return creative.share
    return f"urn:li:organization:{creative.company_id}"  # COMPANY


def _device_weights(creative: CreativeRecord) -> tuple[int, ...]:
    """Per-mille split of a creative's delivery over device types (fixed per creative)."""
    key = derive_key(creative.profile.key, 0xDE)
    desktop = 380 + key % 200
    app = 280 + (key >> 16) % 180
    undetected = 5 + (key >> 32) % 20
    return desktop, app, 1000 - desktop - app - undetected, undetected


def _split(values: list[int], weights: tuple[int, ...]) -> list[list[int]]:
    """Split every value by per-mille weights; the first part takes the rounding remainder."""
    parts = [[value * weight // 1000 for value in values] for weight in weights[1:]]
    first = [value - sum(part[i] for part in parts) for i, value in enumerate(values)]
    return [first, *parts]


@dataclass(frozen=True, slots=True)
class Plan:
    """Which values to accumulate per creative-day and how to turn sums into metrics.

    Base values are picked with one ``itemgetter`` call (the hot path: tens of thousands of
    creative-days per request); formulas are evaluated only for the fields that need them.
    """

    pick: Callable[[Sequence[int]], tuple[int, ...]]
    derived: tuple[m.Getter, ...]
    slots: dict[str, int]  # additive field or hidden helper -> position in the sums
    outputs: tuple[tuple[str, int, m.MetricKind], ...]  # (field, slot or -1 if per-row, kind)

    @classmethod
    def for_fields(cls, fields: Sequence[str]) -> Plan:
        # Hidden helpers: impressions (omission, thresholds, reach), dwell and cost (bucket
        # metrics). Three base indexes at least, so itemgetter always returns a tuple.
        indexes = {"__impressions": m.IMPRESSIONS, "__dwell": m.DWELL_CENTIS, "__cost": m.COST}
        formulas: dict[str, m.Getter] = {}
        for name in fields:
            definition = m.METRICS[name]
            if definition.index is not None:
                indexes[name] = definition.index
            elif definition.getter is not None:
                formulas[name] = definition.getter
        if "costPerQualifiedLead" in fields:
            qualified = m.METRICS["qualifiedLeads"].getter
            assert qualified is not None
            formulas["__qualified"] = qualified
        slots = {name: position for position, name in enumerate([*indexes, *formulas])}
        outputs = tuple((name, slots.get(name, -1), m.METRICS[name].kind) for name in fields)
        return cls(itemgetter(*indexes.values()), tuple(formulas.values()), slots, outputs)


def accumulate(
    query: Query,
    plan: Plan,
    key_of: Callable[[CreativeRecord], tuple[str, ...] | None],
    last_day: int,
) -> tuple[Buckets, dict[tuple[str | int, ...], list[int]]]:
    """Sum the planned values of every visible creative-day per (key..., bucket index)."""
    buckets = Buckets(query.granularity, query.start, query.end)
    seen = Visibility.at(query.as_of)
    stop = min(buckets.end, last_day)
    device = DEVICE_PIVOT in query.pivots
    device_position = query.pivots.index(DEVICE_PIVOT) if device else 0
    pick, derived = plan.pick, plan.derived
    sums: dict[tuple[str | int, ...], list[int]] = {}
    for creative in query.creatives:
        key = key_of(creative)
        if key is None:
            continue
        profile = creative.profile
        weights = _device_weights(creative) if device else ()
        for day in range(max(buckets.start, profile.first_day), min(stop, profile.last_day) + 1):
            row = visible_day(profile, day, seen)
            if row is None:
                continue
            values = [*pick(row), *[formula(row) for formula in derived]]
            bucket = buckets.index[day - buckets.start]
            if device:
                for device_type, part in zip(DEVICE_TYPES, _split(values, weights), strict=True):
                    full: tuple[str | int, ...] = (
                        *key[:device_position],
                        device_type,
                        *key[device_position:],
                        bucket,
                    )
                    _add(sums, full, part)
            else:
                _add(sums, (*key, bucket), values)
    return buckets, sums


def _add(
    sums: dict[tuple[str | int, ...], list[int]], key: tuple[str | int, ...], values: list[int]
) -> None:
    current = sums.get(key)
    if current is None:
        sums[key] = values
    else:
        sums[key] = [a + b for a, b in zip(current, values, strict=True)]


def finish_metrics(
    fields: Sequence[str], plan: Plan, sums: Sequence[int], days: int
) -> Metrics | None:
    """Requested metrics from a row's sums; None when they are all zero (the row is omitted)."""
    out: Metrics = {}
    active = False
    for name, slot, kind in plan.outputs:
        raw = sums[slot] if slot >= 0 else _bucket_metric(name, plan, sums, days)
        if raw:
            active = True
        if kind == "count":
            out[name] = raw
        elif kind == "money":
            out[name] = m.format_money(int(raw))
        else:
            out[name] = float(raw)
    if not fields:
        active = sums[plan.slots["__impressions"]] > 0
    return out if active else None


def _bucket_metric(name: str, plan: Plan, sums: Sequence[int], days: int) -> int | float:
    impressions = int(sums[plan.slots["__impressions"]])
    reach = impressions * 62 // (100 + 3 * (days - 1)) if impressions else 0
    if name == "approximateMemberReach":
        return max(reach, 1) if impressions else 0
    if name == "audiencePenetration":
        return round(reach / (reach * 2.4 + 5000), 6) if reach else 0.0
    if name == "averageDwellTime":
        return round(sums[plan.slots["__dwell"]] / impressions / 100, 2) if impressions else 0.0
    qualified = int(sums[plan.slots["__qualified"]])  # costPerQualifiedLead
    return int(sums[plan.slots["__cost"]]) // qualified if qualified else 0


def run(query: Query) -> list[Row]:
    """All rows of an entity or device pivot query, in LinkedIn's order (bucket, pivot values)."""
    if any(pivot in EMPTY_PIVOTS for pivot in query.pivots):
        return []
    entity_pivots = [pivot for pivot in query.pivots if pivot != DEVICE_PIVOT]

    def key_of(creative: CreativeRecord) -> tuple[str, ...] | None:
        values: list[str] = []
        for pivot in entity_pivots:
            value = _pivot_value(pivot, creative)
            if value is None:
                return None  # e.g. the SHARE pivot of an inline text ad
            values.append(value)
        return tuple(values)

    plan = Plan.for_fields(query.fields)
    buckets, sums = accumulate(query, plan, key_of, Visibility.at(query.as_of).today)
    rows: list[Row] = []
    for key, values in sums.items():
        bucket_start, bucket_end = buckets.ranges[int(key[-1])]
        days = bucket_end.toordinal() - bucket_start.toordinal() + 1
        finished = finish_metrics(query.fields, plan, values, days)
        if finished is not None:
            rows.append(Row(tuple(str(v) for v in key[:-1]), bucket_start, bucket_end, finished))
    rows.sort(key=lambda row: (row.start, row.pivot_values))
    return rows
