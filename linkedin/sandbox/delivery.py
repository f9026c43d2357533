"""Daily delivery of one creative: generated on demand, never stored.

The large dataset has about 900,000 creative-days over 90 days; building them up front would
cost seconds and hundreds of megabytes. Instead every creative carries a small
:class:`DeliveryProfile` (volume, rates, prices, active window) and the metrics of one day are a
pure function of ``(profile, day)``: a counter-based hash (SplitMix64 of the profile key and
the day) supplies the randomness, so any day can be produced alone, in any order, in about
ten microseconds, and the same seed always gives the same numbers.

What a client *sees* also depends on when it asks (:func:`visible_day`):

* today's row is partial (LinkedIn's performance data is near real-time): every value is
  scaled by the fraction of the UTC day that has passed;
* conversions, their value and one-click leads arrive late: about half is visible on the
  day, all of it once the day is 30 days old, so a later sync restates history. The visible
  share only grows with age, so restated numbers never go down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from linkedin.sandbox import metrics as m

_MASK = 0xFFFFFFFFFFFFFFFF
_GOLDEN = 0x9E3779B97F4A7C15
OPEN_ENDED = 3_652_059  # date.max.toordinal(): a campaign with no end keeps delivering
# Monday..Sunday. date.toordinal() is 1 for Monday 0001-01-01, so weekday = (ordinal - 1) % 7.
_WEEKDAY_FACTOR = (1.0, 1.08, 1.1, 1.05, 0.92, 0.52, 0.46)
_DARK_DAY_PER_256 = 10  # ~4 % of in-window days deliver nothing (the row is omitted)
_LATE_DAYS = 30
# Parts per million of late-arriving values visible at age 0..29 days (concave, 50 % -> 100 %).
_LATE_PPM = tuple(
    1_000_000 - 500_000 * (_LATE_DAYS - age) ** 2 // (_LATE_DAYS**2) for age in range(_LATE_DAYS)
)
_SECONDS_PER_DAY = 86_400
# What each cost type charges for.
_PRICED_UNIT = {"CPM": m.IMPRESSIONS, "CPC": m.CLICKS, "CPV": m.VIDEO_VIEWS, "CPS": m.SENDS}


def mix64(value: int) -> int:
    """SplitMix64 finaliser: a fast, well-spread 64-bit hash of an integer."""
    value = (value + _GOLDEN) & _MASK
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & _MASK
    return value ^ (value >> 31)


def derive_key(*parts: int) -> int:
    """A 64-bit key from several integers (seed, entity id, purpose...), stable across runs."""
    key = 0
    for part in parts:
        key = mix64(key ^ (part & _MASK))
    return key


@dataclass(frozen=True, slots=True)
class DeliveryProfile:
    """Everything needed to generate one creative's days. Rates are per impression or click."""

    key: int
    first_day: int  # date ordinal of the first day it can deliver
    last_day: int  # date ordinal of the last day (OPEN_ENDED when it runs on)
    always_on: bool  # delivers every day of its window (no dark days, at least 1 impression)
    daily_impressions: float
    ctr: float
    landing_ratio: float  # landing-page clicks per click
    cost_type: str  # CPM | CPC | CPV | CPS (sends, for InMail)
    unit_nanos: int  # price of one impression (CPM/1000), click, view or send, in nanos
    usd_num: int  # USD per unit of the account currency, as a fraction
    usd_den: int
    conversion_rate: float  # conversions per click
    post_click_share: float
    conversion_value_nanos: int  # value of one conversion
    lead_rate: float  # one-click leads per click
    like_rate: float
    comment_rate: float
    share_rate: float
    follow_rate: float
    company_click_rate: float
    other_rate: float
    video_rate: float  # video views per impression
    open_rate: float  # InMail opens per send; 0 for every other format
    job_rate: float  # job apply clicks per click
    dwell_centis: int  # average dwell time in 1/100 s


def _cost_nanos(profile: DeliveryProfile, row: list[int], jitter: float, bits: int) -> int:
    units = row[_PRICED_UNIT[profile.cost_type]]
    cost = int(units * profile.unit_nanos * jitter)
    if row[m.IMPRESSIONS] <= 3 and bits & 0x3 == 0:
        # A sliver of a cent (over-delivery credit): LinkedIn prints these as "1.5E-5".
        return 5_000 + (bits >> 2) % 95_000
    if (bits >> 2) % 100 < 82:
        return cost - cost % 1000  # whole micro-units: up to six decimals
    return cost  # seven to nine decimals


def full_day(profile: DeliveryProfile, day: int) -> list[int] | None:
    """The final (fully arrived) metrics of one day, or None when the creative did not deliver.

    Hot path (tens of thousands of calls per request): the sixteen uniforms come straight
    from the bits of four hash words, without helper calls.
    """
    if day < profile.first_day or day > profile.last_day:
        return None
    h1 = mix64(profile.key ^ ((day * _GOLDEN) & _MASK))
    if not profile.always_on and h1 & 0xFF < _DARK_DAY_PER_256:
        return None
    h2 = mix64(h1)
    h3 = mix64(h2)
    h4 = mix64(h3)
    scale = 1 / 65536.0
    a1, a2, a3 = ((h1 >> 16) & 0xFFFF) * scale, ((h1 >> 32) & 0xFFFF) * scale, (h1 >> 48) * scale
    b0, b1, b2, b3 = (
        (h2 & 0xFFFF) * scale,
        ((h2 >> 16) & 0xFFFF) * scale,
        ((h2 >> 32) & 0xFFFF) * scale,
        (h2 >> 48) * scale,
    )
    c0, c1, c2, c3 = (
        (h3 & 0xFFFF) * scale,
        ((h3 >> 16) & 0xFFFF) * scale,
        ((h3 >> 32) & 0xFFFF) * scale,
        (h3 >> 48) * scale,
    )
    d0, d1, d2, d3 = (
        (h4 & 0xFFFF) * scale,
        ((h4 >> 16) & 0xFFFF) * scale,
        ((h4 >> 32) & 0xFFFF) * scale,
        (h4 >> 48) * scale,
    )

    age = day - profile.first_day
    ramp = 1.0 if age >= 4 else (age + 1) / 5
    volume = profile.daily_impressions * _WEEKDAY_FACTOR[(day - 1) % 7] * ramp * (0.6 + 0.8 * a1)
    row = [0] * m.BASE_WIDTH
    if profile.open_rate:
        sends = int(volume + a2)
        row[m.SENDS] = sends
        impressions = int(sends * profile.open_rate * (0.8 + 0.4 * a3) + b0)
        row[m.OPENS] = impressions
    else:
        impressions = int(volume + a2)
    if profile.always_on and impressions == 0:
        impressions = 1
    if impressions == 0 and row[m.SENDS] == 0:
        return None
    row[m.IMPRESSIONS] = impressions
    clicks = int(impressions * profile.ctr * (0.55 + 0.9 * b1) + b2)
    row[m.CLICKS] = clicks
    row[m.LANDING_PAGE_CLICKS] = int(clicks * profile.landing_ratio + b3)
    if profile.video_rate:
        views = int(impressions * profile.video_rate * (0.8 + 0.4 * c0) + c1)
        row[m.VIDEO_VIEWS] = views
        row[m.VIDEO_STARTS] = views + int(views * 0.6 + c2)
        row[m.VIDEO_COMPLETIONS] = int(views * 0.35 + c3)
    conversions = int(clicks * profile.conversion_rate * (0.4 + 1.2 * d0) + d1)
    if conversions:
        row[m.CONVERSIONS] = conversions
        row[m.POST_CLICK_CONVERSIONS] = int(conversions * profile.post_click_share)
        row[m.CONVERSION_VALUE] = conversions * profile.conversion_value_nanos
    if profile.lead_rate:
        leads = int(clicks * profile.lead_rate * (0.5 + d2) + d3)
        row[m.LEADS] = leads
        row[m.LEAD_FORM_OPENS] = leads + int(leads * 1.8 + a3)
    engagement = 0.7 + 0.6 * c0
    row[m.LIKES] = int(impressions * profile.like_rate * engagement + b0)
    row[m.COMMENTS] = int(impressions * profile.comment_rate * engagement + c1)
    row[m.SHARES] = int(impressions * profile.share_rate * engagement + c2)
    row[m.FOLLOWS] = int(impressions * profile.follow_rate * engagement + d0)
    row[m.COMPANY_PAGE_CLICKS] = int(impressions * profile.company_click_rate + d1)
    row[m.OTHER_ENGAGEMENTS] = int(impressions * profile.other_rate + d2)
    if profile.job_rate:
        row[m.JOB_APPLY_CLICKS] = int(clicks * profile.job_rate + c3)
    row[m.DWELL_CENTIS] = impressions * profile.dwell_centis
    cost = _cost_nanos(profile, row, 0.85 + 0.3 * a3, h4 >> 48)
    row[m.COST] = cost
    row[m.COST_USD] = (cost * profile.usd_num + profile.usd_den // 2) // profile.usd_den
    return row


@dataclass(frozen=True, slots=True)
class Visibility:
    """What is visible at one moment: the last day with data and how much of it has arrived."""

    today: int  # date ordinal of the as-of moment (UTC)
    today_ppm: int  # parts per million of today that has passed

    @classmethod
    def at(cls, as_of: datetime) -> Visibility:
        moment = as_of.astimezone(UTC)
        seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
        return cls(moment.date().toordinal(), seconds * 1_000_000 // _SECONDS_PER_DAY)


_FULL_DAYS: dict[tuple[int, int], tuple[DeliveryProfile, tuple[int, ...] | None]] = {}
_FULL_DAYS_MAX = 400_000
"""Memo of full_day per (profile, day). A sync asks for every creative-day at least
twice (campaign sums, then creative rows, then the demographic spread), and hashing a
day costs ~15 µs; the memo makes the sandbox answer like a server with its own cache
rather than being the bottleneck of every benchmark. Bounded (~150 MB at most); cleared
when full. Keyed by the profile object's identity (checked on read, so a recycled id
never returns another profile's day): datasets of other specs never share entries."""


def _full_day_memo(profile: DeliveryProfile, day: int) -> tuple[int, ...] | None:
    key = (id(profile), day)
    hit = _FULL_DAYS.get(key)
    if hit is not None and hit[0] is profile:
        return hit[1]
    row = full_day(profile, day)
    value = tuple(row) if row is not None else None
    if len(_FULL_DAYS) >= _FULL_DAYS_MAX:
        _FULL_DAYS.clear()
    _FULL_DAYS[key] = (profile, value)
    return value


def visible_day(profile: DeliveryProfile, day: int, seen: Visibility) -> list[int] | None:
    """The metrics of `day` as a client asking at `seen` gets them (None: no row)."""
    if day > seen.today or day < profile.first_day or day > profile.last_day:
        return None
    final = _full_day_memo(profile, day)
    if final is None:
        return None
    row = list(final)
    if day == seen.today:
        ppm = seen.today_ppm
        row = [value * ppm // 1_000_000 for value in row]
        if not any(row):
            return None
    age = seen.today - day
    if age < _LATE_DAYS:
        ppm = _LATE_PPM[age]
        for index in m.LATE_ARRIVING:
            row[index] = row[index] * ppm // 1_000_000
    return row
