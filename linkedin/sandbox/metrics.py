"""The `/adAnalytics` metric catalogue: which names exist, their wire types, how each is computed.

LinkedIn answers an unknown ``fields`` name with a 400, so the sandbox must know every
documented metric name (contract §4.6.5), not only the ones the app stores. Each name maps
to one of four computations:

* **base**: a value the delivery model generates per creative and day (impressions, cost...);
* **derived**: a fixed integer formula over the base values of the same creative-day
  (``reactions``, video quartiles...), so it stays additive across days and entities;
* **bucket**: computed once per response row from the row's sums, because it is not additive
  (``approximateMemberReach``, ``averageDwellTime``...);
* **unmodelled**: documented names the synthetic ads never produce (event registrations,
  document ads, cards...). They are valid in ``fields`` and always 0.

Money is carried as integer **nano**-units (10^-9 of the currency) so that sums are exact,
and rendered the way LinkedIn's Java backend prints doubles (:func:`format_money`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

# Indexes of the base tuple the delivery model produces for one creative-day.
IMPRESSIONS = 0
CLICKS = 1
LANDING_PAGE_CLICKS = 2
COST = 3  # nanos, account currency
COST_USD = 4  # nanos
CONVERSIONS = 5  # external website conversions (post-click + post-view); arrive late
POST_CLICK_CONVERSIONS = 6  # part of CONVERSIONS; arrive late
CONVERSION_VALUE = 7  # nanos, account currency; arrives with the conversions
LEADS = 8  # one-click leads; arrive late
LEAD_FORM_OPENS = 9
LIKES = 10
COMMENTS = 11
SHARES = 12
FOLLOWS = 13
VIDEO_STARTS = 14
VIDEO_VIEWS = 15
VIDEO_COMPLETIONS = 16
SENDS = 17
OPENS = 18
COMPANY_PAGE_CLICKS = 19
OTHER_ENGAGEMENTS = 20
JOB_APPLY_CLICKS = 21
DWELL_CENTIS = 22  # hidden: impressions x dwell time in 1/100 s, for averageDwellTime
BASE_WIDTH = 23

LATE_ARRIVING = (CONVERSIONS, POST_CLICK_CONVERSIONS, CONVERSION_VALUE, LEADS)

MetricKind = Literal["count", "money", "float"]
Getter = Callable[[Sequence[int]], int]


@dataclass(frozen=True, slots=True)
class MetricDef:
    """One requestable metric: its wire type and how a creative-day contributes to it.

    Exactly one of `index` (a base value, picked as is) and `getter` (a formula) is set for
    additive metrics; both are None for bucket-level ones (see BUCKET_METRICS).
    """

    name: str
    kind: MetricKind
    index: int | None
    getter: Getter | None
    member_pivots: bool = True  # False: refused with MEMBER_* pivots (contract §4.6.5)


def _ratio(index: int, num: int, den: int) -> Getter:
    return lambda row: row[index] * num // den


def _quartile(num: int) -> Getter:
    """Video quartile completions between starts and completions, monotone by design."""
    return lambda row: (
        row[VIDEO_COMPLETIONS] + ((row[VIDEO_STARTS] - row[VIDEO_COMPLETIONS]) * num // 4)
    )


def _zero(_row: Sequence[int]) -> int:
    return 0


def _reactions(row: Sequence[int]) -> int:
    return row[LIKES] + row[LIKES] // 4


def _total_engagements(row: Sequence[int]) -> int:
    return (
        row[CLICKS]
        + _reactions(row)
        + row[COMMENTS]
        + row[SHARES]
        + row[FOLLOWS]
        + row[OTHER_ENGAGEMENTS]
    )


def _viral_total(row: Sequence[int]) -> int:
    return row[CLICKS] // 30 + row[LIKES] // 6 + row[COMMENTS] // 8 + row[SHARES] // 8


# Metrics that are base values as generated.
_BASE: dict[str, int] = {
    "impressions": IMPRESSIONS,
    "clicks": CLICKS,
    "landingPageClicks": LANDING_PAGE_CLICKS,
    "costInLocalCurrency": COST,
    "costInUsd": COST_USD,
    "externalWebsiteConversions": CONVERSIONS,
    "externalWebsitePostClickConversions": POST_CLICK_CONVERSIONS,
    "conversionValueInLocalCurrency": CONVERSION_VALUE,
    "oneClickLeads": LEADS,
    "oneClickLeadFormOpens": LEAD_FORM_OPENS,
    "likes": LIKES,
    "comments": COMMENTS,
    "shares": SHARES,
    "follows": FOLLOWS,
    "companyPageClicks": COMPANY_PAGE_CLICKS,
    "otherEngagements": OTHER_ENGAGEMENTS,
    "videoStarts": VIDEO_STARTS,
    "videoViews": VIDEO_VIEWS,
    "videoCompletions": VIDEO_COMPLETIONS,
    "sends": SENDS,
    "opens": OPENS,
    "jobApplyClicks": JOB_APPLY_CLICKS,
}
# Metrics derived from the base values of the same creative-day.
_GETTERS: dict[str, Getter] = {
    "externalWebsitePostViewConversions": lambda r: r[CONVERSIONS] - r[POST_CLICK_CONVERSIONS],
    "qualifiedLeads": _ratio(LEADS, 2, 5),
    "validWorkEmailLeads": _ratio(LEADS, 1, 2),
    "reactions": _reactions,
    "commentLikes": _ratio(COMMENTS, 1, 3),
    "totalEngagements": _total_engagements,
    "actionClicks": _ratio(OPENS, 1, 8),
    "adUnitClicks": lambda r: r[CLICKS] - r[LANDING_PAGE_CLICKS],
    "videoFirstQuartileCompletions": _quartile(3),
    "videoMidpointCompletions": _quartile(2),
    "videoThirdQuartileCompletions": _quartile(1),
    "fullScreenPlays": _ratio(VIDEO_VIEWS, 1, 10),
    "postClickJobApplyClicks": _ratio(JOB_APPLY_CLICKS, 4, 5),
    "postViewJobApplyClicks": lambda r: r[JOB_APPLY_CLICKS] - r[JOB_APPLY_CLICKS] * 4 // 5,
    "jobApplications": _ratio(JOB_APPLY_CLICKS, 1, 3),
    "postClickJobApplications": _ratio(JOB_APPLY_CLICKS, 1, 4),
    "postViewJobApplications": lambda r: r[JOB_APPLY_CLICKS] // 3 - r[JOB_APPLY_CLICKS] // 4,
    "viralImpressions": _ratio(IMPRESSIONS, 1, 25),
    "viralClicks": _ratio(CLICKS, 1, 30),
    "viralLikes": _ratio(LIKES, 1, 6),
    "viralReactions": lambda r: r[LIKES] // 6 + r[LIKES] // 24,
    "viralComments": _ratio(COMMENTS, 1, 8),
    "viralShares": _ratio(SHARES, 1, 8),
    "viralFollows": _ratio(FOLLOWS, 1, 10),
    "viralTotalEngagements": _viral_total,
    "viralLandingPageClicks": _ratio(LANDING_PAGE_CLICKS, 1, 40),
    "viralVideoViews": _ratio(VIDEO_VIEWS, 1, 20),
    "viralVideoStarts": _ratio(VIDEO_STARTS, 1, 20),
}

# Documented names the synthetic campaigns never produce: valid in `fields`, always 0.
_UNMODELLED = (
    "textUrlClicks",
    "headlineClicks",
    "headlineImpressions",
    "cardClicks",
    "cardImpressions",
    "downloadClicks",
    "subscriptionClicks",
    "registrations",
    "postClickRegistrations",
    "postViewRegistrations",
    "leadGenerationMailContactInfoShares",
    "leadGenerationMailInterestedClicks",
    "talentLeads",
    "documentFirstQuartileCompletions",
    "documentMidpointCompletions",
    "documentThirdQuartileCompletions",
    "documentCompletions",
    "viralCommentLikes",
    "viralOtherEngagements",
    "viralCompanyPageClicks",
    "viralExternalWebsiteConversions",
    "viralExternalWebsitePostClickConversions",
    "viralExternalWebsitePostViewConversions",
    "viralOneClickLeads",
    "viralOneClickLeadFormOpens",
    "viralRegistrations",
    "viralPostClickRegistrations",
    "viralPostViewRegistrations",
    "viralPostClickJobApplications",
    "viralPostClickJobApplyClicks",
    "viralPostViewJobApplications",
    "viralPostViewJobApplyClicks",
    "viralVideoFirstQuartileCompletions",
    "viralVideoMidpointCompletions",
    "viralVideoThirdQuartileCompletions",
    "viralVideoCompletions",
    "viralCardClicks",
    "viralCardImpressions",
    "viralDocumentFirstQuartileCompletions",
    "viralDocumentMidpointCompletions",
    "viralDocumentThirdQuartileCompletions",
    "viralDocumentCompletions",
    "viralDownloadClicks",
    "viralFullScreenPlays",
    "viralJobApplications",
    "viralJobApplyClicks",
    "viralSubscriptionClicks",
)

_MONEY = frozenset({"costInLocalCurrency", "costInUsd", "conversionValueInLocalCurrency"})
_NOT_FOR_MEMBER_PIVOTS = frozenset(
    {
        "conversionValueInLocalCurrency",
        "cardImpressions",
        "cardClicks",
        "viralCardImpressions",
        "viralCardClicks",
        "approximateMemberReach",
    }
)

# Not additive: computed per response row from the sums of its creative-days.
BUCKET_METRICS: dict[str, MetricKind] = {
    "approximateMemberReach": "count",
    "audiencePenetration": "float",
    "averageDwellTime": "float",
    "costPerQualifiedLead": "money",
}
# Bucket metrics over ranges longer than this are refused (contract §4.6.5).
REACH_MAX_DAYS = 92
REACH_METRICS = frozenset({"approximateMemberReach", "audiencePenetration"})
# audiencePenetration only exists for these pivots.
PENETRATION_PIVOTS = frozenset({"ACCOUNT", "CAMPAIGN_GROUP", "CAMPAIGN"})
# Renamed in 2024; current versions refuse the old name.
DEPRECATED_METRICS = {"approximateUniqueImpressions": "approximateMemberReach"}


def _catalogue() -> dict[str, MetricDef]:
    catalogue: dict[str, MetricDef] = {}
    for name, index in _BASE.items():
        kind: MetricKind = "money" if name in _MONEY else "count"
        catalogue[name] = MetricDef(name, kind, index, None, name not in _NOT_FOR_MEMBER_PIVOTS)
    for name, getter in _GETTERS.items():
        catalogue[name] = MetricDef(name, "count", None, getter, name not in _NOT_FOR_MEMBER_PIVOTS)
    for name in _UNMODELLED:
        catalogue[name] = MetricDef(name, "count", None, _zero, name not in _NOT_FOR_MEMBER_PIVOTS)
    for name, kind in BUCKET_METRICS.items():
        catalogue[name] = MetricDef(name, kind, None, None, name not in _NOT_FOR_MEMBER_PIVOTS)
    return catalogue


METRICS: dict[str, MetricDef] = _catalogue()
DIMENSIONS = ("dateRange", "pivotValues")
DEFAULT_FIELDS = ("impressions", "clicks")  # what LinkedIn returns when `fields` is absent

_PLAIN_MIN = Decimal("0.001")
_PLAIN_MAX = Decimal("10000000")


def format_money(nanos: int) -> str:
    """An exact nano amount as LinkedIn writes money: Java ``Double.toString`` style.

    ``84223117000`` -> ``"84.223117"``, ``15000`` -> ``"1.5E-5"``, ``0`` -> ``"0.0"``,
    ``12000000000`` -> ``"12.0"``. Plain notation in [0.001, 10^7), scientific outside,
    always at least one fractional digit, never trailing zeros. The string is exactly the
    value (no binary rounding), so the ground truth and the wire agree digit for digit.
    """
    if nanos == 0:
        return "0.0"
    value = Decimal(nanos).scaleb(-9).normalize()
    if _PLAIN_MIN <= abs(value) < _PLAIN_MAX:
        text = format(value, "f")
        return text if "." in text else text + ".0"
    sign, digits, _exponent = value.as_tuple()
    mantissa = f"{digits[0]}." + ("".join(str(d) for d in digits[1:]) or "0")
    return f"{'-' if sign else ''}{mantissa}E{value.adjusted()}"
