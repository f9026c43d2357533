"""Audience demographics: the MEMBER_* pivots of /adAnalytics, with LinkedIn's imperfections.

Each campaign reaches a fixed, seeded audience mix per pivot (its targeted countries
dominate the country pivot; titles, companies and industries follow a long tail). A
demographic row is the campaign's delivery spread over that mix, then made as approximate
as LinkedIn's (contract §4.6.6):

* **privacy noise**: every (segment, bucket) value is scaled by a deterministic factor of
  about +-8 %, and the mix covers only 82-98 % of members, so segments never sum to the
  campaign totals;
* **minimum threshold**: segments with fewer than 3 impressions are dropped;
* **top values**: a campaign's mix has at most 60 segments per pivot, within LinkedIn's
  "top 100 per creative per day";
* **lag**: a day's demographics appear 18 hours after it ends (configurable), so the most
  recent day never has any.
"""

from __future__ import annotations

import random
import threading
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from linkedin.sandbox import reference
from linkedin.sandbox.analytics import (
    MEMBER_PIVOTS,
    Buckets,
    Plan,
    Query,
    Row,
    accumulate,
    finish_metrics,
)
from linkedin.sandbox.delivery import Visibility, derive_key, mix64
from linkedin.sandbox.entities import CampaignRecord, CreativeRecord

MIN_EVENTS = 3
_SUMS_CACHED = 16
_COVERAGE = (0.82, 0.98)
# Segments per campaign mix: (fewest, most) drawn from the pivot's universe.
_MIX_SIZE = {
    "MEMBER_JOB_TITLE": (25, 60),
    "MEMBER_JOB_FUNCTION": (10, 20),
    "MEMBER_SENIORITY": (10, 10),
    "MEMBER_INDUSTRY": (10, 25),
    "MEMBER_COMPANY_SIZE": (9, 9),
    "MEMBER_COMPANY": (20, 60),
}


def _universe(pivot: str) -> tuple[str, ...]:
    if pivot == "MEMBER_JOB_TITLE":
        return tuple(f"urn:li:title:{i}" for i in sorted(reference.TITLES))
    if pivot == "MEMBER_JOB_FUNCTION":
        return tuple(f"urn:li:function:{i}" for i in sorted(reference.FUNCTIONS))
    if pivot == "MEMBER_SENIORITY":
        return tuple(f"urn:li:seniority:{i}" for i in sorted(reference.SENIORITIES))
    if pivot == "MEMBER_INDUSTRY":
        return tuple(f"urn:li:industry:{i}" for i in sorted(reference.INDUSTRIES))
    if pivot == "MEMBER_COMPANY_SIZE":
        return tuple(reference.COMPANY_SIZES)
    return tuple(f"urn:li:organization:{i}" for i in sorted(reference.ORGANIZATIONS))


_CampaignSums = tuple[Buckets, dict[tuple[str | int, ...], list[int]]]
_GEO_KIND = {
    "MEMBER_COUNTRY_V2": "country",
    "MEMBER_REGION_V2": "region",
    "MEMBER_COUNTY": "county",
}


def last_demographic_day(as_of: datetime, lag_hours: int) -> int:
    """Ordinal of the last day whose demographics are published at `as_of`."""
    published = as_of.astimezone(UTC) - timedelta(hours=lag_hours)
    return published.date().toordinal() - 1


class Demographics:
    """Audience mixes per campaign (built lazily, cached) and the MEMBER_* row computation."""

    def __init__(self, seed: int, campaigns: Mapping[int, CampaignRecord], lag_hours: int) -> None:
        self._seed = seed
        self._campaigns = campaigns
        self.lag_hours = lag_hours
        self._mixes: dict[tuple[int, str], tuple[tuple[str, float], ...]] = {}
        self._sums: OrderedDict[tuple[object, ...], _CampaignSums] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[tuple[object, ...], threading.Lock] = {}

    def mix(self, campaign_id: int, pivot: str) -> tuple[tuple[str, float], ...]:
        """(segment, share of the campaign's delivery) pairs; shares sum to 0.82-0.98."""
        cached = self._mixes.get((campaign_id, pivot))
        if cached is None:
            cached = self._build_mix(self._campaigns[campaign_id], pivot)
            self._mixes[(campaign_id, pivot)] = cached
        return cached

    def _build_mix(self, campaign: CampaignRecord, pivot: str) -> tuple[tuple[str, float], ...]:
        rng = random.Random(derive_key(self._seed, campaign.id, MEMBER_PIVOTS.index(pivot)))
        if pivot in _GEO_KIND:
            segments, raw = self._geo_mix(rng, campaign, _GEO_KIND[pivot])
        else:
            universe = _universe(pivot)
            low, high = _MIX_SIZE[pivot]
            segments = rng.sample(universe, k=min(len(universe), rng.randint(low, high)))
            raw = [rng.uniform(0.6, 1.4) / (rank + 1) ** 0.9 for rank in range(len(segments))]
        scale = rng.uniform(*_COVERAGE) / sum(raw)
        return tuple(
            (segment, weight * scale) for segment, weight in zip(segments, raw, strict=True)
        )

    @staticmethod
    def _geo_mix(
        rng: random.Random, campaign: CampaignRecord, kind: str
    ) -> tuple[list[str], list[float]]:
        targeted = {reference.GEOS[geo].country for geo in campaign.countries}
        home = [g for g in reference.GEOS.values() if g.kind == kind and g.country in targeted]
        away = [g for g in reference.GEOS.values() if g.kind == kind and g.country not in targeted]
        # Audience expansion and travelling members: a little delivery lands elsewhere.
        strays = rng.sample(away, k=min(len(away), rng.randint(2, 5)))
        rng.shuffle(home)
        segments = [f"urn:li:geo:{g.id}" for g in home + strays]
        raw = [rng.uniform(0.5, 1.5) / (rank + 1) for rank in range(len(home))]
        raw += [rng.uniform(0.002, 0.02) for _ in strays]
        if not home:
            raw = [1.0 / (rank + 1) for rank in range(len(strays))]
        return segments, raw

    def run(self, query: Query) -> list[Row]:
        """Rows of a single-MEMBER_* pivot query, in (bucket, segment) order."""
        pivot = query.pivots[0]
        plan = Plan.for_fields(query.fields)
        last_day = last_demographic_day(query.as_of, self.lag_hours)

        buckets, sums = self._campaign_sums(query, plan, last_day)
        spread: dict[tuple[str, int], list[float]] = {}
        for (campaign_id, bucket), values in sums.items():
            for segment, share in self.mix(int(campaign_id), pivot):
                target = spread.setdefault((segment, int(bucket)), [0.0] * len(values))
                for position, value in enumerate(values):
                    target[position] += value * share
        impressions_slot = plan.slots["__impressions"]
        rows: list[Row] = []
        for (segment, bucket), shares in spread.items():
            start, end = buckets.ranges[bucket]
            factor = self._noise(pivot, segment, start.toordinal(), end.toordinal())
            noisy = [int(value * factor + 0.5) for value in shares]
            if noisy[impressions_slot] < MIN_EVENTS:
                continue
            metrics = finish_metrics(
                query.fields, plan, noisy, end.toordinal() - start.toordinal() + 1
            )
            if metrics is not None:
                rows.append(Row((segment,), start, end, metrics))
        rows.sort(key=lambda row: (row.start, row.pivot_values))
        return rows

    def _campaign_sums(self, query: Query, plan: Plan, last_day: int) -> _CampaignSums:
        """Per (campaign, bucket) sums, cached: a sync asks every MEMBER_* pivot of the same
        creatives and window in a row, and only the spreading differs between pivots."""
        seen = Visibility.at(query.as_of)
        key = (
            tuple(creative.id for creative in query.creatives),
            query.start,
            query.end,
            query.granularity,
            query.fields,
            last_day,
            # Within a day only today's share changes, and the lag keeps today out of
            # demographics: keying on the exact second would make every request a miss.
            seen.today if last_day < seen.today else seen,
        )
        # Single flight: the 8 pivots of one account arrive at once; one request computes
        # the sums while the others wait for it instead of computing them 8 times.
        with self._lock:
            cached = self._sums.get(key)
            if cached is not None:
                self._sums.move_to_end(key)
                return cached
            flight = self._flights.get(key)
            leader = flight is None
            if flight is None:
                flight = self._flights[key] = threading.Lock()
                flight.acquire()
        if not leader:
            with flight:  # released when the leader has stored the result
                pass
            return self._campaign_sums(query, plan, last_day)

        def by_campaign(creative: CreativeRecord) -> tuple[str, ...]:
            return (str(creative.campaign_id),)

        try:
            result = accumulate(query, plan, by_campaign, last_day)
            with self._lock:
                self._sums[key] = result
                while len(self._sums) > _SUMS_CACHED:
                    self._sums.popitem(last=False)
        finally:
            with self._lock:
                del self._flights[key]
            flight.release()
        return result

    def _noise(self, pivot: str, segment: str, start: int, end: int) -> float:
        digest = zlib.crc32(f"{pivot}|{segment}".encode())
        word = mix64(derive_key(self._seed, digest, start, end))
        return 0.92 + 0.16 * (word & 0xFFFF) / 65536.0
