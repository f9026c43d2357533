"""Typed calls for everything the sync reads from LinkedIn.

Each function knows one endpoint's contract (linkedin-api.md §4-§7) and nothing about
the database. The choices that protect data and quota live here:

* Searches ask for **every status explicitly**: LinkedIn's default campaign search
  leaves out PENDING_DELETION and REMOVED, and their spend would silently go missing.
* Page sizes are the maximum each endpoint allows (1,000; 100 for creatives).
* ``/adAnalytics`` has no paging and silently truncates at 15,000 elements, so a
  response at the cap is never accepted: the window is split by date and fetched
  again (:func:`iter_analytics_windows`). At most 20 ``fields`` go in one request;
  more metrics are fetched in chunks and merged on (pivot value, date range), never
  by position.
* A record that fails validation is rejected on its own and reported, so one bad
  element never loses the rest of the page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from linkedin.client import JsonObject, LinkedInClient, decode_json_object
from linkedin.errors import PayloadError
from linkedin.models import (
    ACCOUNT_STATUSES,
    ANALYTICS_ELEMENT,
    ANALYTICS_ELEMENTS,
    ANALYTICS_METRIC_FIELDS,
    CAMPAIGN_GROUP_STATUSES,
    CAMPAIGN_STATUSES,
    CREATIVE_STATUSES,
    DIMENSION_FIELDS,
    AdAccount,
    AnalyticsElement,
    AnalyticsRow,
    Campaign,
    CampaignGroup,
    Creative,
    TargetingEntity,
    make_urn,
)
from linkedin.restli import DateRange, encode_path_key

ModelT = TypeVar("ModelT", bound=BaseModel)

ANALYTICS_ROW_CAP = 15_000
MAX_FIELDS = 20
ENTITY_PAGE_SIZE = 1000
CREATIVE_PAGE_SIZE = 100
TARGETING_BATCH_SIZE = 50
DEFAULT_LOCALE = {"language": "en", "country": "US"}

DEFAULT_METRICS: tuple[str, ...] = tuple(ANALYTICS_METRIC_FIELDS)
DEMOGRAPHIC_METRICS: tuple[str, ...] = ("impressions", "clicks", "costInLocalCurrency")
DEMOGRAPHIC_PIVOTS: tuple[str, ...] = (
    "MEMBER_JOB_TITLE",
    "MEMBER_JOB_FUNCTION",
    "MEMBER_SENIORITY",
    "MEMBER_INDUSTRY",
    "MEMBER_COMPANY_SIZE",
    "MEMBER_COUNTRY_V2",
    "MEMBER_REGION_V2",
    "MEMBER_COMPANY",
)

# MEMBER_COMPANY_SIZE values are enum strings, not URNs: named here, no API call.
COMPANY_SIZE_NAMES: dict[str, str] = {
    "SIZE_1": "1 employee",
    "SIZE_2_TO_10": "2-10 employees",
    "SIZE_11_TO_50": "11-50 employees",
    "SIZE_51_TO_200": "51-200 employees",
    "SIZE_201_TO_500": "201-500 employees",
    "SIZE_501_TO_1000": "501-1,000 employees",
    "SIZE_1001_TO_5000": "1,001-5,000 employees",
    "SIZE_5001_TO_10000": "5,001-10,000 employees",
    "SIZE_10001_OR_MORE": "10,001+ employees",
}


@dataclass(frozen=True, slots=True)
class Page(Generic[ModelT]):
    """One page of a listing: the valid records and why the others were rejected."""

    items: list[ModelT]
    rejected: list[str] = field(default_factory=list)


class AnalyticsCapError(PayloadError):
    """A window that cannot be split further still comes back at the 15,000-row cap."""


# -- entities ------------------------------------------------------------------------


def _search(field_values: dict[str, Sequence[str]]) -> dict[str, Any]:
    return {name: {"values": list(values)} for name, values in field_values.items()}


async def iter_ad_accounts(
    client: LinkedInClient, *, account_ids: Iterable[int] | None = None
) -> AsyncIterator[Page[AdAccount]]:
    """Every ad account the token's member can read (or just `account_ids`), any status."""
    criteria: dict[str, Sequence[str]] = {}
    if account_ids is not None:
        criteria["id"] = [make_urn("sponsoredAccount", i) for i in sorted(set(account_ids))]
    criteria["status"] = ACCOUNT_STATUSES
    params = {"q": "search", "search": _search(criteria)}
    async for elements in client.paginate_cursor("/adAccounts", params, page_size=ENTITY_PAGE_SIZE):
        yield _validate_page(AdAccount, elements, "ad account")


async def iter_campaign_groups(
    client: LinkedInClient, account_id: int
) -> AsyncIterator[Page[CampaignGroup]]:
    """All campaign groups of an account, every status."""
    params = {"q": "search", "search": _search({"status": CAMPAIGN_GROUP_STATUSES})}
    path = f"/adAccounts/{encode_path_key(account_id)}/adCampaignGroups"
    async for elements in client.paginate_cursor(path, params, page_size=ENTITY_PAGE_SIZE):
        yield _validate_page(CampaignGroup, elements, "campaign group")


async def iter_campaigns(client: LinkedInClient, account_id: int) -> AsyncIterator[Page[Campaign]]:
    """All campaigns of an account, all eight statuses asked for by name."""
    params = {"q": "search", "search": _search({"status": CAMPAIGN_STATUSES})}
    path = f"/adAccounts/{encode_path_key(account_id)}/adCampaigns"
    async for elements in client.paginate_cursor(path, params, page_size=ENTITY_PAGE_SIZE):
        yield _validate_page(Campaign, elements, "campaign")


async def iter_creatives(client: LinkedInClient, account_id: int) -> AsyncIterator[Page[Creative]]:
    """All creatives of an account (the `criteria` finder, which needs the FINDER header)."""
    params = {"q": "criteria", "intendedStatuses": list(CREATIVE_STATUSES)}
    path = f"/adAccounts/{encode_path_key(account_id)}/creatives"
    async for elements in client.paginate_cursor(
        path, params, page_size=CREATIVE_PAGE_SIZE, finder=True
    ):
        yield _validate_page(Creative, elements, "creative")


def _validate_page(model: type[ModelT], elements: list[JsonObject], what: str) -> Page[ModelT]:
    items: list[ModelT] = []
    rejected: list[str] = []
    for index, element in enumerate(elements):
        try:
            items.append(model.model_validate(element))
        except ValidationError as exc:
            rejected.append(f"{what} #{index}{_label(element)}: {_describe(exc)}")
    return Page(items, rejected)


def _label(element: JsonObject) -> str:
    entity_id = element.get("id")
    return f" (id {entity_id})" if isinstance(entity_id, int | str) else ""


def _describe(exc: ValidationError) -> str:
    """Which fields were wrong, without echoing the values."""
    problems = exc.errors(include_input=False, include_url=False)
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in problems[:3]
    )


# -- analytics -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnalyticsRequest:
    """One `/adAnalytics?q=analytics` question: a pivot over a window, by facet."""

    pivot: str
    granularity: str
    date_range: DateRange
    accounts: tuple[int, ...] = ()
    campaigns: tuple[int, ...] = ()
    creatives: tuple[int, ...] = ()
    metrics: tuple[str, ...] = DEFAULT_METRICS

    def with_range(self, date_range: DateRange) -> AnalyticsRequest:
        return replace(self, date_range=date_range)

    def params(self, fields: Sequence[str]) -> dict[str, Any]:
        params: dict[str, Any] = {
            "q": "analytics",
            "pivot": self.pivot,
            "timeGranularity": self.granularity,
            "dateRange": self.date_range,
        }
        facets = {
            "accounts": [make_urn("sponsoredAccount", i) for i in self.accounts],
            "campaigns": [make_urn("sponsoredCampaign", i) for i in self.campaigns],
            "creatives": [make_urn("sponsoredCreative", i) for i in self.creatives],
        }
        params.update({name: urns for name, urns in facets.items() if urns})
        params["fields"] = list(fields)
        return params


@dataclass(frozen=True, slots=True)
class AnalyticsResult:
    """The validated elements of one window; `capped` means LinkedIn may have truncated
    them. Bulk consumers (the sync) read ``elements``; ``rows`` gives typed rows."""

    request: AnalyticsRequest
    elements: list[AnalyticsElement]
    rejected: list[str]
    capped: bool
    requests: int

    @property
    def rows(self) -> list[AnalyticsRow]:
        return [AnalyticsRow.from_element(element) for element in self.elements]


def metric_chunks(metrics: Sequence[str]) -> list[tuple[str, ...]]:
    """Split metrics so each request has at most 20 fields with dateRange and pivotValues."""
    per_request = MAX_FIELDS - len(DIMENSION_FIELDS)
    unique = list(dict.fromkeys(metrics))
    return [tuple(unique[i : i + per_request]) for i in range(0, len(unique), per_request)]


async def fetch_analytics(client: LinkedInClient, request: AnalyticsRequest) -> AnalyticsResult:
    """One window, every metric asked for (in as many requests as the 20-field limit needs)."""
    if not (request.accounts or request.campaigns or request.creatives):
        raise ValueError("an analytics request needs at least one facet")
    chunks = metric_chunks(request.metrics)
    if len(chunks) == 1:
        fields = [*chunks[0], *DIMENSION_FIELDS]
        page = await client.get_decoded("/adAnalytics", request.params(fields), _decode_page)
        capped = page.received >= ANALYTICS_ROW_CAP
        return AnalyticsResult(request, page.elements, page.rejected, capped, requests=1)
    merged: dict[tuple[Any, ...], JsonObject] = {}
    capped = False
    for chunk in chunks:
        body = await client.get("/adAnalytics", request.params([*chunk, *DIMENSION_FIELDS]))
        elements = _elements_of(body)
        capped = capped or len(elements) >= ANALYTICS_ROW_CAP
        for element in elements:
            merged.setdefault(_merge_key(element), {}).update(element)
    valid, rejected = _validate_elements(list(merged.values()))
    return AnalyticsResult(request, valid, rejected, capped, requests=len(chunks))


@dataclass(frozen=True, slots=True)
class _DecodedPage:
    elements: list[AnalyticsElement]
    rejected: list[str]
    received: int


def _decode_page(body: bytes) -> _DecodedPage:
    """Elements of an analytics answer: the whole page validated at once (the fast path).

    Invalid JSON raises ValueError (the client retries it); a valid answer with a bad
    element falls back to element-by-element validation, so only that one is rejected.
    """
    elements = _elements_of(decode_json_object(body))
    try:
        validated = ANALYTICS_ELEMENTS.validate_python(elements)
    except ValidationError:
        validated, rejected = _validate_elements(elements)
        return _DecodedPage(validated, rejected, len(elements))
    return _DecodedPage(validated, [], len(elements))


def _elements_of(body: Any) -> list[JsonObject]:
    elements = body.get("elements") if isinstance(body, dict) else None
    if not isinstance(elements, list):
        raise PayloadError("the analytics response has no elements", endpoint="/adAnalytics")
    return [e for e in elements if isinstance(e, dict)]


def _validate_elements(
    elements: list[JsonObject],
) -> tuple[list[AnalyticsElement], list[str]]:
    valid: list[AnalyticsElement] = []
    rejected: list[str] = []
    for index, raw in enumerate(elements):
        try:
            valid.append(ANALYTICS_ELEMENT.validate_python(raw))
        except ValidationError as exc:
            rejected.append(f"analytics row #{index}: {_describe(exc)}")
    return valid, rejected


def _merge_key(element: JsonObject) -> tuple[Any, ...]:
    """(pivot values, start, end): the identity of a row across metric chunks."""
    pivot_values = element.get("pivotValues")
    date_range = element.get("dateRange") or {}
    start = date_range.get("start") if isinstance(date_range, dict) else None
    end = date_range.get("end") if isinstance(date_range, dict) else None
    return (
        tuple(pivot_values) if isinstance(pivot_values, list) else repr(pivot_values),
        repr(start),
        repr(end),
    )


async def iter_analytics_windows(
    client: LinkedInClient, request: AnalyticsRequest
) -> AsyncIterator[AnalyticsResult]:
    """Fetch `request`, splitting any window that comes back at the row cap.

    Windows are yielded in date order, each complete (below the cap). A DAILY window
    is halved; a MONTHLY one is split on a month boundary. A window that is a single
    bucket and still capped cannot be fetched completely: :class:`AnalyticsCapError`.
    """
    pending = [request.date_range]
    while pending:
        window = pending.pop(0)
        result = await fetch_analytics(client, request.with_range(window))
        if not result.capped:
            # Hand the rows over without keeping a reference in this suspended frame, so
            # the caller can free them once written (large accounts: 15,000 rows a window).
            handover = [result]
            del result
            yield handover.pop()
            continue
        halves = split_range(window, request.granularity)
        if halves is None:
            raise AnalyticsCapError(
                f"{request.pivot} analytics for {window.start}..{window.end} exceed "
                f"LinkedIn's {ANALYTICS_ROW_CAP:,}-row limit even for a single "
                f"{request.granularity.lower()} bucket",
                endpoint="/adAnalytics",
            )
        pending[:0] = list(halves)


def split_range(window: DateRange, granularity: str) -> tuple[DateRange, DateRange] | None:
    """Two halves of `window` that keep whole buckets, or None if it is one bucket."""
    end = window.end
    if end is None or end <= window.start:
        return None
    if granularity == "DAILY":
        middle = window.start + timedelta(days=(end - window.start).days // 2)
    elif granularity == "MONTHLY":
        months = _month_starts(window.start, end)
        if len(months) < 2:
            return None
        middle = months[len(months) // 2] - timedelta(days=1)
    else:
        return None
    return DateRange(window.start, middle), DateRange(middle + timedelta(days=1), end)


def _month_starts(start: date, end: date) -> list[date]:
    """First days of the months after the one `start` is in, up to `end`, plus `start`."""
    starts = [start]
    cursor = date(start.year, start.month, 1)
    while True:
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        if cursor > end:
            return starts
        starts.append(cursor)


def demographics_request(account_id: int, pivot: str, date_range: DateRange) -> AnalyticsRequest:
    """Monthly delivery by one member-demographic pivot for a whole account."""
    return AnalyticsRequest(
        pivot=pivot,
        granularity="MONTHLY",
        date_range=date_range,
        accounts=(account_id,),
        metrics=DEMOGRAPHIC_METRICS,
    )


def daily_request(
    pivot: str, account_id: int, date_range: DateRange, metrics: tuple[str, ...] = DEFAULT_METRICS
) -> AnalyticsRequest:
    """Daily rows for every campaign or creative of one account (the `accounts` facet)."""
    return AnalyticsRequest(
        pivot=pivot,
        granularity="DAILY",
        date_range=date_range,
        accounts=(account_id,),
        metrics=metrics,
    )


# -- names ---------------------------------------------------------------------------


async def resolve_names(
    client: LinkedInClient, urns: Iterable[str], *, locale: dict[str, str] | None = None
) -> tuple[dict[str, TargetingEntity], int]:
    """Names for demographic URNs via `/adTargetingEntities?q=urns`, in batches of 50.

    Company-size enum values are named locally. URNs LinkedIn does not know are simply
    absent from the result. Returns the names and the number of requests made.
    """
    resolved: dict[str, TargetingEntity] = {}
    to_ask: list[str] = []
    for urn in sorted(set(urns)):
        if urn in COMPANY_SIZE_NAMES:
            resolved[urn] = TargetingEntity(urn=urn, name=COMPANY_SIZE_NAMES[urn])
        elif urn.startswith("urn:"):
            to_ask.append(urn)
    requests = 0
    for i in range(0, len(to_ask), TARGETING_BATCH_SIZE):
        batch = to_ask[i : i + TARGETING_BATCH_SIZE]
        body = await client.get(
            "/adTargetingEntities",
            {
                "q": "urns",
                "queryVersion": "QUERY_USES_URNS",
                "urns": batch,
                "locale": locale or DEFAULT_LOCALE,
            },
        )
        requests += 1
        page = _validate_page(TargetingEntity, _list(body), "targeting entity")
        for entity in page.items:
            resolved[entity.urn] = entity
    return resolved, requests


def _list(body: JsonObject) -> list[JsonObject]:
    elements = body.get("elements")
    if not isinstance(elements, list):
        raise PayloadError("the response has no list of elements", endpoint="/adTargetingEntities")
    return [e for e in elements if isinstance(e, dict)]
