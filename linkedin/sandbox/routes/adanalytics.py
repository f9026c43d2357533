"""``GET /rest/adAnalytics``: request validation and the response layout (contract §4.6, §5.1).

Validation, in LinkedIn's terms: ``q`` is ``analytics`` (one ``pivot``) or ``statistics``
(``pivots``, 1-3, no MEMBER_* pivots); ``timeGranularity`` and ``dateRange.start`` are
required; at least one entity facet (accounts, campaignGroups, campaigns, creatives, shares,
companies); ``fields`` holds at most 20 names counting ``dateRange`` and ``pivotValues``;
unknown or deprecated metric names, metrics a MEMBER_* pivot cannot give, and reach over
more than 92 days are 400s. Enum parameters may use the ``(value:X)`` union form.

Layout: money as strings, counts as ints, all-zero rows omitted, the list silently cut at
15,000 elements, ``paging {start: 0, count: 10, links: []}`` and no way to get the rest.
Without ``fields`` only impressions and clicks come back, without dateRange or pivotValues.
Facets on accounts the member has no role on simply yield no rows (an empty 200).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from linkedin.restli import Decoded
from linkedin.sandbox import metrics as m
from linkedin.sandbox.analytics import ALL_PIVOTS, GRANULARITIES, MEMBER_PIVOTS, Query, Row, run
from linkedin.sandbox.http import Response, invalid_params
from linkedin.sandbox.protocol import Params, check_urn
from linkedin.sandbox.routes.context import Context

MAX_ELEMENTS = 15_000
MAX_FIELDS = 20
_CAMPAIGN_TYPES = ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
_SORT_FIELDS = {
    "COST_IN_LOCAL_CURRENCY": "costInLocalCurrency",
    "IMPRESSIONS": "impressions",
    "CLICKS": "clicks",
    "ONE_CLICK_LEADS": "oneClickLeads",
    "OPENS": "opens",
    "SENDS": "sends",
    "EXTERNAL_WEBSITE_CONVERSIONS": "externalWebsiteConversions",
}
_FACETS = {
    "accounts": ("sponsoredAccount",),
    "campaignGroups": ("sponsoredCampaignGroup",),
    "campaigns": ("sponsoredCampaign",),
    "creatives": ("sponsoredCreative",),
    "shares": ("share", "ugcPost"),
    "companies": ("organization",),
}


def analytics(ctx: Context, _segments: list[str]) -> Response:
    params = ctx.params
    finder = params.enum("q", ("analytics", "statistics"), required=True)
    ctx.principal.require(("r_ads_reporting",), "partnerApiAdAnalytics", f"FINDER-{finder}")
    ctx.restli_method("FINDER")
    pivots = _pivots(params, finder)
    granularity = params.enum("timeGranularity", GRANULARITIES, required=True)
    assert granularity is not None
    start, end = _date_range(params.record("dateRange"))
    requested = params.raw("fields")
    names = [n for n in requested if isinstance(n, str)] if isinstance(requested, list) else []
    metric_names = _metric_fields(names, pivots, start, end, requested is None)
    facets = _facets(params)
    campaign_type = params.enum("campaignType", _CAMPAIGN_TYPES)
    objective_type = params.string("objectiveType")
    sort_by = _sort_by(params.record("sortBy"), metric_names)
    params.finish()

    now = ctx.clock()
    ctx.data_throttle.check(now)
    as_of_day = now.date()
    query = Query(
        pivots,
        granularity,
        start,
        end or as_of_day,
        ctx.dataset.select_creatives(
            campaign_type=campaign_type, objective_type=objective_type, **facets
        ),
        metric_names,
        now,
    )
    rows: list[Row] = []
    if query.end >= query.start:
        rows = ctx.dataset.demographics.run(query) if pivots[0] in MEMBER_PIVOTS else run(query)
    if sort_by is not None:
        name, descending = sort_by
        rows.sort(key=lambda row: _sort_value(row.metrics[name]), reverse=descending)
    rows = rows[:MAX_ELEMENTS]
    ctx.data_throttle.spend(max(1, len(names) or 2) * len(rows), now)
    date_ranges: dict[tuple[date, date], Any] = {}
    elements = [_element(row, names, requested is None, date_ranges) for row in rows]
    return Response.json(
        {"elements": elements, "paging": {"start": 0, "count": 10, "links": []}},
        elements=len(elements),
    )


def _pivots(params: Params, finder: str | None) -> tuple[str, ...]:
    if finder == "analytics":
        pivot = params.enum("pivot", ALL_PIVOTS, required=True)
        assert pivot is not None
        return (pivot,)
    raw = params.raw("pivots")
    if raw is None:
        raise invalid_params("missing required parameter 'pivots'")
    if not isinstance(raw, list) or not 1 <= len(raw) <= 3:
        raise invalid_params("pivots must be a List(...) of 1 to 3 pivots")
    pivots = []
    for item in raw:
        value = item["value"] if isinstance(item, dict) and set(item) == {"value"} else item
        if not isinstance(value, str) or value not in ALL_PIVOTS:
            raise invalid_params(f"invalid pivot in pivots: {value!r}")
        if value in MEMBER_PIVOTS:
            raise invalid_params(f"{value} is not supported by q=statistics; use q=analytics")
        pivots.append(value)
    if len(set(pivots)) != len(pivots):
        raise invalid_params("pivots must not repeat a pivot")
    return tuple(pivots)


def _date(record: Decoded, name: str) -> date:
    if not isinstance(record, dict) or set(record) != {"year", "month", "day"}:
        raise invalid_params(f"dateRange.{name} must be (year:Y,month:M,day:D)")
    try:
        return date(*(int(str(record[part])) for part in ("year", "month", "day")))
    except ValueError:
        raise invalid_params(f"dateRange.{name} is not a valid date") from None


def _date_range(record: dict[str, Decoded] | None) -> tuple[date, date | None]:
    if record is None or "start" not in record:
        raise invalid_params("missing required parameter 'dateRange' with a start")
    if set(record) - {"start", "end"}:
        raise invalid_params("dateRange only takes start and end")
    start = _date(record["start"], "start")
    end = _date(record["end"], "end") if "end" in record else None
    if end is not None and end < start:
        raise invalid_params("dateRange ends before it starts")
    return start, end


def _metric_fields(
    names: list[str], pivots: tuple[str, ...], start: date, end: date | None, absent: bool
) -> tuple[str, ...]:
    if absent:
        return m.DEFAULT_FIELDS
    if len(names) > MAX_FIELDS:
        raise invalid_params(f"at most {MAX_FIELDS} fields may be requested, got {len(names)}")
    metric_names: list[str] = []
    for name in names:
        if name in m.DIMENSIONS:
            continue
        if name in m.DEPRECATED_METRICS:
            raise invalid_params(f"{name} is deprecated; request {m.DEPRECATED_METRICS[name]}")
        definition = m.METRICS.get(name)
        if definition is None:
            raise invalid_params(f"unknown field {name!r}")
        if pivots[0] in MEMBER_PIVOTS and not definition.member_pivots:
            raise invalid_params(f"{name} is not available with the {pivots[0]} pivot")
        if name == "audiencePenetration" and not set(pivots) <= m.PENETRATION_PIVOTS:
            raise invalid_params(
                "audiencePenetration needs the ACCOUNT, CAMPAIGN_GROUP or CAMPAIGN pivot"
            )
        if (
            name in m.REACH_METRICS
            and end is not None
            and (end - start).days + 1 > m.REACH_MAX_DAYS
        ):
            raise invalid_params(f"{name} is only available for date ranges of up to 92 days")
        if name not in metric_names:
            metric_names.append(name)
    return tuple(metric_names)


def _facets(params: Params) -> dict[str, Any]:
    facets: dict[str, Any] = {}
    for name, kinds in _FACETS.items():
        urns = params.urns(name, kinds)
        if not urns:
            continue
        if name == "shares":
            facets["shares"] = set(urns)
        else:
            ids = {check_urn(urn, kinds, name) for urn in urns}
            key = {"campaignGroups": "campaign_groups"}.get(name, name)
            facets[key] = ids
    if not facets:
        raise invalid_params(
            "at least one facet is required: accounts, campaignGroups, campaigns, creatives, "
            "shares or companies"
        )
    return facets


def _sort_by(
    record: dict[str, Decoded] | None, metric_names: tuple[str, ...]
) -> tuple[str, bool] | None:
    if record is None:
        return None
    field, order = record.get("field"), record.get("order", "DESCENDING")
    if (
        field not in _SORT_FIELDS
        or order not in ("ASCENDING", "DESCENDING")
        or set(record) - {"field", "order"}
    ):
        raise invalid_params("sortBy must be (field:<SORT FIELD>,order:ASCENDING|DESCENDING)")
    assert isinstance(field, str)
    name = _SORT_FIELDS[field]
    if name not in metric_names:
        raise invalid_params(f"sortBy {field} needs {name} in fields")
    return name, order == "DESCENDING"


def _sort_value(value: int | float | str) -> float:
    return float(value)


def _element(
    row: Row, names: list[str], default_layout: bool, date_ranges: dict[tuple[date, date], Any]
) -> dict[str, Any]:
    """One response element; `date_ranges` shares the dateRange objects of equal buckets."""
    element: dict[str, Any] = {}
    if not default_layout:
        if "pivotValues" in names:
            element["pivotValues"] = list(row.pivot_values)
        if "dateRange" in names:
            bucket = (row.start, row.end)
            date_range = date_ranges.get(bucket)
            if date_range is None:
                date_range = date_ranges[bucket] = {
                    "start": {
                        "year": row.start.year,
                        "month": row.start.month,
                        "day": row.start.day,
                    },
                    "end": {"year": row.end.year, "month": row.end.month, "day": row.end.day},
                }
            element["dateRange"] = date_range
    element.update(row.metrics)
    return element
