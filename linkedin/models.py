"""Pydantic models of the LinkedIn Marketing API payloads the sync reads.

Two rules shape every model here:

* **Tolerant.** LinkedIn adds enum values and fields every month. Enums are typed as
  plain ``str`` (the known values are listed in constants for the UI and the sandbox)
  and ``extra="allow"`` keeps unknown fields on the model instead of rejecting the
  record. Only what the sync cannot do without (ids, URNs, dates) is required.
* **Exact money.** Amounts arrive as decimal strings (``"84.223117"``, ``"1.5E-5"``,
  ``"-2E-18"``). They are parsed with :class:`~decimal.Decimal`, never ``float``, and
  kept as integer micro-units (amount x 1,000,000, rounded half-even to the micro).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Annotated, Any, NotRequired, Required

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    with_config,
)
from pydantic.alias_generators import to_camel
from typing_extensions import TypedDict

MICROS_PER_UNIT = 1_000_000
_MAX_MICROS = 2**63 - 1

ACCOUNT_STATUSES = ("ACTIVE", "CANCELED", "DRAFT", "PENDING_DELETION", "REMOVED")
CAMPAIGN_GROUP_STATUSES = (
    "ACTIVE",
    "ARCHIVED",
    "CANCELED",
    "DRAFT",
    "PAUSED",
    "PENDING_DELETION",
    "REMOVED",
)
CAMPAIGN_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "COMPLETED",
    "CANCELED",
    "DRAFT",
    "PENDING_DELETION",
    "REMOVED",
)
CREATIVE_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "DRAFT",
    "ARCHIVED",
    "CANCELED",
    "PENDING_DELETION",
    "REMOVED",
)

# At most 12 integer digits (9.2e18 micros fit a signed 64-bit integer); any decimals.
_PLAIN_AMOUNT = re.compile(r"^(-?)(\d{1,12})(?:\.(\d{1,40}))?$")
_URN_RE = re.compile(r"^urn:li:(?P<kind>[A-Za-z]+):(?P<id>\d+)$")


def money_to_micros(amount: str | int | Decimal) -> int:
    """Parse a LinkedIn decimal amount into integer micro-units, exactly.

    Accepts plain and scientific notation. Refuses NaN, infinities, floats (which
    would already have lost precision) and values beyond a signed 64-bit integer.
    """
    if isinstance(amount, (bool, float)):
        raise ValueError("money must be a decimal string, not a float")
    if isinstance(amount, str):
        plain = _PLAIN_AMOUNT.match(amount)
        if plain is not None:  # "84.223117", "0.0000015": exact without Decimal (hot path)
            sign, whole, fraction = plain.groups()
            fraction = fraction or ""
            micros = int(whole) * MICROS_PER_UNIT + int(fraction[:6].ljust(6, "0"))
            rest = fraction[6:].rstrip("0")
            if rest:  # round half to even on the digits past the micro
                if rest > "5":
                    micros += 1
                elif rest == "5":
                    micros += micros & 1
            return -micros if sign else micros
    try:
        value = Decimal(str(amount).strip())
    except InvalidOperation:
        raise ValueError("not a decimal amount") from None
    if not value.is_finite():
        raise ValueError("money amount must be finite")
    micros = int((value * MICROS_PER_UNIT).to_integral_value(rounding=ROUND_HALF_EVEN))
    if abs(micros) > _MAX_MICROS:
        raise ValueError("money amount out of range")
    return micros


def parse_urn(urn: str, kind: str | None = None) -> int:
    """The numeric id of ``urn:li:<kind>:<id>``; checks the kind when one is given."""
    match = _URN_RE.match(urn)
    if match is None or (kind is not None and match["kind"] != kind):
        expected = f"urn:li:{kind}:<number>" if kind else "urn:li:<kind>:<number>"
        raise ValueError(f"expected a URN like {expected}")
    return int(match["id"])


def make_urn(kind: str, entity_id: int) -> str:
    return f"urn:li:{kind}:{entity_id}"


def _epoch_ms_to_datetime(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return value


EpochMillis = Annotated[datetime, BeforeValidator(_epoch_ms_to_datetime)]
Micros = Annotated[int, BeforeValidator(money_to_micros)]


class ApiModel(BaseModel):
    """Base of every payload model: camelCase aliases, unknown fields kept."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="allow", frozen=True
    )


class Money(ApiModel):
    amount: Micros
    currency_code: str | None = None


class RunSchedule(ApiModel):
    start: EpochMillis | None = None
    end: EpochMillis | None = None


class AdAccount(ApiModel):
    id: int
    name: str = ""
    currency: str = "USD"
    status: str = "ACTIVE"
    type: str | None = None
    test: bool = False
    reference: str | None = None
    serving_statuses: list[str] = Field(default_factory=list)

    @property
    def urn(self) -> str:
        return make_urn("sponsoredAccount", self.id)


class CampaignGroup(ApiModel):
    id: int
    account: str
    name: str = ""
    status: str = "ACTIVE"
    run_schedule: RunSchedule | None = None
    total_budget: Money | None = None
    daily_budget: Money | None = None
    test: bool = False

    @property
    def account_id(self) -> int:
        return parse_urn(self.account, "sponsoredAccount")


class Campaign(ApiModel):
    id: int
    account: str
    campaign_group: str | None = None
    name: str = ""
    status: str = "ACTIVE"
    type: str | None = None
    cost_type: str | None = None
    objective_type: str | None = None
    optimization_target_type: str | None = None
    format: str | None = None
    creative_selection: str | None = None
    daily_budget: Money | None = None
    total_budget: Money | None = None
    unit_cost: Money | None = None
    run_schedule: RunSchedule | None = None
    offsite_delivery_enabled: bool | None = None
    audience_expansion_enabled: bool | None = None
    serving_statuses: list[str] = Field(default_factory=list)
    test: bool = False

    @property
    def account_id(self) -> int:
        return parse_urn(self.account, "sponsoredAccount")

    @property
    def campaign_group_id(self) -> int | None:
        if self.campaign_group is None:
            return None
        return parse_urn(self.campaign_group, "sponsoredCampaignGroup")


class Creative(ApiModel):
    id: str
    account: str
    campaign: str
    name: str | None = None
    intended_status: str | None = None
    is_serving: bool | None = None
    is_test: bool = False
    content: dict[str, Any] | None = None
    review: dict[str, Any] | None = None
    serving_hold_reasons: list[str] = Field(default_factory=list)
    created_at: EpochMillis | None = None
    last_modified_at: EpochMillis | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _creative_urn(cls, value: object) -> object:
        """The contract says a URN string; a bare number is accepted and made one."""
        if isinstance(value, int) and not isinstance(value, bool):
            return make_urn("sponsoredCreative", value)
        if isinstance(value, str):
            if value.isdigit():
                return make_urn("sponsoredCreative", int(value))
            parse_urn(value, "sponsoredCreative")
        return value

    @property
    def numeric_id(self) -> int:
        return parse_urn(self.id, "sponsoredCreative")

    @property
    def account_id(self) -> int:
        return parse_urn(self.account, "sponsoredAccount")

    @property
    def campaign_id(self) -> int:
        return parse_urn(self.campaign, "sponsoredCampaign")

    @property
    def content_reference(self) -> str | None:
        """The referenced post (``content.reference``); inline content has none."""
        if self.content is None:
            return None
        reference = self.content.get("reference")
        return reference if isinstance(reference, str) else None

    @property
    def review_status(self) -> str | None:
        status = (self.review or {}).get("status")
        return status if isinstance(status, str) else None


def _snake(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


# The analytics metrics the sync stores: API field name -> column name. Kept here,
# next to the model, so the request's `fields` and the stored columns cannot drift.
ANALYTICS_METRIC_FIELDS: dict[str, str] = {
    "impressions": "impressions",
    "clicks": "clicks",
    "costInLocalCurrency": "spend_micros",
    "costInUsd": "spend_usd_micros",
    "landingPageClicks": "landing_page_clicks",
    "externalWebsiteConversions": "conversions",
    "oneClickLeads": "leads",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "follows": "follows",
    "videoViews": "video_views",
    "opens": "opens",
    "sends": "sends",
}
DIMENSION_FIELDS = ("dateRange", "pivotValues")


class ApiDate(TypedDict):
    year: int
    month: int
    day: int


class ApiDateRange(TypedDict):
    start: ApiDate
    end: NotRequired[ApiDate]


Amount = Annotated[str, Field(pattern=r"^-?[0-9]{1,30}(\.[0-9]{1,40})?([eE][-+]?[0-9]{1,3})?$")]
"""A decimal amount as LinkedIn writes it ("84.223117", "1.5E-5"): checked at validation,
turned into exact micros by :func:`money_to_micros` when stored."""
MONEY_FIELDS = frozenset({"costInLocalCurrency", "costInUsd"})


@with_config(ConfigDict(extra="allow"))
class AnalyticsElement(TypedDict, total=False):
    """One `/adAnalytics` element as LinkedIn sends it, validated by pydantic.

    A TypedDict rather than a BaseModel on purpose: a large account returns hundreds of
    thousands of elements per sync, and pydantic validates a TypedDict (types, required
    keys, unknown keys kept) in about 2 µs where building a model costs about 30 µs;
    on the benchmark that was half of the sync's CPU. Money is checked to be a decimal
    here and becomes exact micros when read (:func:`element_metric`).
    """

    pivotValues: Required[Annotated[list[str], Field(min_length=1)]]
    dateRange: Required[ApiDateRange]
    impressions: int
    clicks: int
    costInLocalCurrency: Amount
    costInUsd: Amount
    landingPageClicks: int
    externalWebsiteConversions: int
    oneClickLeads: int
    likes: int
    comments: int
    shares: int
    follows: int
    videoViews: int
    opens: int
    sends: int


ANALYTICS_ELEMENTS: TypeAdapter[list[AnalyticsElement]] = TypeAdapter(list[AnalyticsElement])
ANALYTICS_ELEMENT: TypeAdapter[AnalyticsElement] = TypeAdapter(AnalyticsElement)
_ELEMENT_KEYS = frozenset(AnalyticsElement.__annotations__)


def _day(value: ApiDate) -> date:
    return date(value["year"], value["month"], value["day"])


def element_dates(element: AnalyticsElement) -> tuple[date, date]:
    """The (inclusive) UTC days an element covers; ValueError for an impossible date."""
    date_range = element["dateRange"]
    start = _day(date_range["start"])
    return start, (_day(date_range["end"]) if "end" in date_range else start)


def element_metric(element: AnalyticsElement, api_field: str) -> int:
    """A metric of an element by its API name, money as exact micros; 0 when not sent."""
    value: Any = element.get(api_field, 0)
    return money_to_micros(value) if api_field in MONEY_FIELDS else int(value or 0)


@dataclass(frozen=True, slots=True)
class AnalyticsRow:
    """One validated `/adAnalytics` element: a pivot value (or tuple) over one time bucket.

    Metrics that were not requested are 0; money metrics are exact micro-units. Other
    metrics LinkedIn sent are kept in ``extra`` under their API names.
    """

    pivot_values: tuple[str, ...]
    start: date
    end: date
    impressions: int = 0
    clicks: int = 0
    cost_in_local_currency: int = 0
    cost_in_usd: int = 0
    landing_page_clicks: int = 0
    external_website_conversions: int = 0
    one_click_leads: int = 0
    likes: int = 0
    comments: int = 0
    shares: int = 0
    follows: int = 0
    video_views: int = 0
    opens: int = 0
    sends: int = 0
    extra: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_element(cls, element: AnalyticsElement) -> AnalyticsRow:
        """From an element pydantic validated; ValueError for a bad amount or date."""
        start, end = element_dates(element)
        extra = (
            {}
            if element.keys() <= _ELEMENT_KEYS
            else {k: v for k, v in element.items() if k not in _ELEMENT_KEYS}
        )
        return cls(
            tuple(element["pivotValues"]),
            start,
            end,
            element.get("impressions", 0),
            element.get("clicks", 0),
            money_to_micros(element.get("costInLocalCurrency", "0")),
            money_to_micros(element.get("costInUsd", "0")),
            element.get("landingPageClicks", 0),
            element.get("externalWebsiteConversions", 0),
            element.get("oneClickLeads", 0),
            element.get("likes", 0),
            element.get("comments", 0),
            element.get("shares", 0),
            element.get("follows", 0),
            element.get("videoViews", 0),
            element.get("opens", 0),
            element.get("sends", 0),
            extra,
        )

    @classmethod
    def parse(cls, raw: object) -> AnalyticsRow:
        """Validate one raw element (pydantic ValidationError or ValueError if it is bad)."""
        return cls.from_element(ANALYTICS_ELEMENT.validate_python(raw))

    @property
    def pivot_value(self) -> str:
        return self.pivot_values[0]

    def metric(self, api_field: str) -> int:
        """A metric by its API name (money in micros); 0 when it was not sent."""
        attribute = METRIC_ATTRIBUTES.get(api_field)
        if attribute is not None:
            return int(getattr(self, attribute))
        return int(self.extra.get(api_field) or 0)


METRIC_ATTRIBUTES: dict[str, str] = {name: _snake(name) for name in ANALYTICS_METRIC_FIELDS}
"""API metric name -> model attribute, computed once (metric() is on the hot path)."""


class TargetingEntity(ApiModel):
    urn: str
    name: str
    facet_urn: str | None = None
