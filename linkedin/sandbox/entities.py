"""Synthetic ad accounts, campaign groups, campaigns and creatives, as LinkedIn's JSON.

Everything is drawn from ``random.Random`` streams keyed by the seed and the account's
position, so the same seed and spec always give the same entities. The mix is chosen to
exercise a sync, not to look tidy: every campaign status (ended and removed campaigns keep
spend inside the last 90 days), plural and legacy singular objective names, open-ended
schedules, missing budgets, unnamed creatives, inline and referenced content, non-ASCII
names, and a zero-decimal currency (JPY).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from linkedin.models import CAMPAIGN_STATUSES
from linkedin.sandbox import reference
from linkedin.sandbox.delivery import OPEN_ENDED, DeliveryProfile, derive_key

JsonDict = dict[str, Any]

# Names use a real en dash, like the names people type in Campaign Manager.
_DASH = "\u2013"

# Local units per USD (price levels) and USD per local unit as an exact fraction.
_PRICE_LEVEL = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "JPY": 150.0}
_USD_RATE = {"USD": (1, 1), "EUR": (10834, 10000), "GBP": (12671, 10000), "JPY": (6648, 1_000_000)}
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY"})
_LOCALES = {
    "USD": ({"country": "US", "language": "en"},),
    "EUR": ({"country": "DE", "language": "de"}, {"country": "FR", "language": "fr"}),
    "GBP": ({"country": "GB", "language": "en"},),
    "JPY": ({"country": "JP", "language": "ja"},),
}
_HOME_COUNTRIES = {
    "USD": (103644278, 101174742),
    "EUR": (101282230, 105015875, 102890719, 105646813, 103350119),
    "GBP": (101165590, 104738515),
    "JPY": (101355337, 105149562, 102454443),
}

_STATUS_WEIGHTS = {
    "ACTIVE": 34,
    "PAUSED": 14,
    "ARCHIVED": 10,
    "COMPLETED": 16,
    "CANCELED": 5,
    "DRAFT": 8,
    "PENDING_DELETION": 4,
    "REMOVED": 9,
}
_GROUP_STATUSES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "DRAFT",
    "CANCELED",
    "PENDING_DELETION",
    "REMOVED",
)
_ROLES = (
    "ACCOUNT_MANAGER",
    "ACCOUNT_BILLING_ADMIN",
    "CAMPAIGN_MANAGER",
    "VIEWER",
    "CREATIVE_MANAGER",
)

# (objective, format, cost types, optimization targets, engagement profile)
_UPDATE_OBJECTIVES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("BRAND_AWARENESS", "STANDARD_UPDATE", ("CPM",), ("MAX_REACH", "MAX_IMPRESSION")),
    ("ENGAGEMENT", "CAROUSEL", ("CPM", "CPC"), ("MAX_CLICK", "NONE")),
    ("WEBSITE_VISITS", "STANDARD_UPDATE", ("CPC", "CPM"), ("MAX_CLICK", "TARGET_COST_PER_CLICK")),
    ("WEBSITE_VISIT", "STANDARD_UPDATE", ("CPC",), ("CAP_COST_AND_MAXIMIZE_CLICKS", "MAX_CLICK")),
    ("LEAD_GENERATION", "STANDARD_UPDATE", ("CPM", "CPC"), ("MAX_LEAD",)),
    ("WEBSITE_CONVERSIONS", "STANDARD_UPDATE", ("CPM", "CPC"), ("MAX_CONVERSION",)),
    ("WEBSITE_CONVERSION", "CAROUSEL", ("CPC",), ("ENHANCED_CONVERSION", "MAX_CONVERSION")),
    ("VIDEO_VIEWS", "SINGLE_VIDEO", ("CPV", "CPM"), ("MAX_VIDEO_VIEW",)),
    ("VIDEO_VIEW", "SINGLE_VIDEO", ("CPV",), ("MAX_VIDEO_VIEW",)),
    ("JOB_APPLICANTS", "STANDARD_UPDATE", ("CPC",), ("NONE",)),
    ("CREATIVE_ENGAGEMENT", "STANDARD_UPDATE", ("CPM",), ("NONE",)),
)
_CAMPAIGN_PREFIXES = (
    "Q4 2026",
    "Q3 2026",
    "Always-on",
    "Spring Launch",
    "Black Friday",
    "🚀 Launch",
    "Rentrée",
    "Évergreen",
    "Year-end",
    "Webinar",
)
_OBJECTIVE_LABELS = {
    "BRAND_AWARENESS": "Brand Awareness",
    "ENGAGEMENT": "Engagement",
    "WEBSITE_VISITS": "Website Visits",
    "WEBSITE_VISIT": "Traffic",
    "LEAD_GENERATION": "Lead Gen",
    "WEBSITE_CONVERSIONS": "Conversions",
    "WEBSITE_CONVERSION": "Sign-ups",
    "VIDEO_VIEWS": "Video",
    "VIDEO_VIEW": "Video Views",
    "JOB_APPLICANTS": "Hiring",
    "CREATIVE_ENGAGEMENT": "Thought Leadership",
}
_AUDIENCES = (
    "DACH",
    "EMEA",
    "US Enterprise",
    "Nordics",
    "日本",
    "Île-de-France",
    "MENA عربي",
    "SMB",
    "Retargeting",
    "Lookalike",
    "ישראל",
    "CxO ✨",
)
_CREATIVE_TOPICS = (
    "Whitepaper",
    "Webinar invite",
    "Case study ✨",
    "Product demo",
    "Café-Demo",
    "製品紹介",
    "Customer story",
    "Free trial",
    "Report 2026 📊",
    "Événement",
    "Ebook",
    "Pricing",
)
_CTA_LABELS = ("DOWNLOAD", "LEARN_MORE", "SIGN_UP", "REQUEST_DEMO", "REGISTER", "SUBSCRIBE")


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """The shape of one synthetic ad account.

    ``always_on`` makes every campaign ACTIVE and every creative deliver on every day of the
    history (no dark days): use it to build exact volumes, e.g. 700 creatives x 30 days of
    DAILY rows to exceed the 15,000-element analytics cap.
    """

    currency: str = "USD"
    campaigns: int = 10
    creatives: int = 40
    status: str = "ACTIVE"
    test: bool = False
    always_on: bool = False
    name: str | None = None

    def __post_init__(self) -> None:
        if self.currency not in _PRICE_LEVEL:
            raise ValueError(f"currency must be one of {sorted(_PRICE_LEVEL)}")
        if self.campaigns < 0 or self.creatives < 0:
            raise ValueError("campaign and creative counts cannot be negative")
        if self.creatives > 100 * self.campaigns:
            raise ValueError("LinkedIn allows at most 100 creatives per campaign")


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    """A campaign's JSON plus what the analytics and demographics engines need from it."""

    id: int
    account_id: int
    group_id: int
    type: str
    objective: str
    countries: tuple[int, ...]
    entity: JsonDict


@dataclass(frozen=True, slots=True)
class CreativeRecord:
    """A creative's JSON plus its delivery profile and the keys analytics pivots on."""

    id: int
    urn: str
    campaign_id: int
    group_id: int
    account_id: int
    company_id: int  # the organization the account advertises for (COMPANY pivot)
    share: str | None  # the referenced post (SHARE pivot); None for inline content
    campaign_type: str
    objective: str
    profile: DeliveryProfile
    entity: JsonDict


@dataclass(slots=True)
class Generated:
    """The output of :func:`generate`, before the dataset indexes it."""

    member_urn: str
    accounts: list[JsonDict] = field(default_factory=list)
    foreign_account: JsonDict = field(default_factory=dict)
    account_users: list[JsonDict] = field(default_factory=list)
    groups: list[JsonDict] = field(default_factory=list)
    campaigns: list[CampaignRecord] = field(default_factory=list)
    creatives: list[CreativeRecord] = field(default_factory=list)


def _ms(day: int, rng: random.Random) -> int:
    """Epoch milliseconds at a random second of the given date ordinal (UTC)."""
    moment = datetime.combine(date.fromordinal(day), datetime.min.time(), UTC)
    moment += timedelta(seconds=rng.randrange(86_400))
    return int(moment.timestamp()) * 1000


def _day_start_ms(day: int) -> int:
    return int(datetime.combine(date.fromordinal(day), datetime.min.time(), UTC).timestamp()) * 1000


def _amount(value: float, currency: str) -> JsonDict:
    text = str(round(value)) if currency in ZERO_DECIMAL_CURRENCIES else f"{value:.2f}"
    return {"amount": text, "currencyCode": currency}


def _audit(rng: random.Random, created_day: int, modified_day: int, actor: str) -> JsonDict:
    modifier = actor if rng.random() < 0.6 else "urn:li:unknown:0"
    return {
        "created": {"actor": actor, "time": _ms(created_day, rng)},
        "lastModified": {"actor": modifier, "time": _ms(modified_day, rng)},
    }


class _Ids:
    """Increasing, realistic-looking ids, so id order is creation order as on LinkedIn."""

    def __init__(self, rng: random.Random, start: int) -> None:
        self._rng = rng
        self._next = start

    def take(self) -> int:
        self._next += self._rng.randint(7, 9_973)
        return self._next


def _person(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "urn:li:person:" + "".join(rng.choice(alphabet) for _ in range(10))


def generate(
    seed: int, accounts: Sequence[AccountSpec], anchor: date, history_days: int
) -> Generated:
    """Build every entity for `accounts`, delivering between ``anchor - history_days`` and on."""
    rng = random.Random(derive_key(seed, 1))
    out = Generated(member_urn=_person(rng))
    ids = {
        "account": _Ids(random.Random(derive_key(seed, 2)), 502_000_000),
        "group": _Ids(random.Random(derive_key(seed, 3)), 611_000_000),
        "campaign": _Ids(random.Random(derive_key(seed, 4)), 221_000_000),
        "creative": _Ids(random.Random(derive_key(seed, 5)), 120_400_000),
    }
    organizations = sorted(reference.ORGANIZATIONS)
    for index, spec in enumerate(accounts):
        account_rng = random.Random(derive_key(seed, 100 + index))
        builder = _AccountBuilder(
            seed, spec, index, account_rng, ids, out, anchor.toordinal(), history_days
        )
        builder.build(organizations[index % len(organizations)])
    foreign_id = ids["account"].take()
    out.foreign_account = {
        "id": foreign_id,
        "name": "Another Advertiser (no role)",
        "currency": "USD",
        "status": "ACTIVE",
        "type": "BUSINESS",
        "test": False,
        "reference": f"urn:li:organization:{organizations[-1]}",
    }
    return out


class _AccountBuilder:
    """Generates one account and everything under it (one random stream per account)."""

    def __init__(
        self,
        seed: int,
        spec: AccountSpec,
        index: int,
        rng: random.Random,
        ids: dict[str, _Ids],
        out: Generated,
        anchor: int,
        history_days: int,
    ) -> None:
        self.seed = seed
        self.spec = spec
        self.index = index
        self.rng = rng
        self.ids = ids
        self.out = out
        self.anchor = anchor
        self.first_day = anchor - history_days + 1
        self.history_days = history_days
        self.currency = spec.currency
        self.level = _PRICE_LEVEL[spec.currency]
        self.owner = _person(rng)

    def build(self, organization_id: int) -> None:
        account_id = self.ids["account"].take()
        self.account_id = account_id
        self.organization_id = organization_id
        rng = self.rng
        name = self.spec.name or (
            f"Sandbox Test Account ({self.currency})"
            if self.spec.test
            else f"{reference.ORGANIZATIONS[organization_id]} {_DASH} {self.currency} market"
        )
        serving = ["RUNNABLE"] if self.spec.status == "ACTIVE" else ["STOPPED"]
        created_day = self.first_day - rng.randint(30, 400)
        self.out.accounts.append(
            {
                "id": account_id,
                "name": name,
                "currency": self.currency,
                "status": self.spec.status,
                "type": "ENTERPRISE" if self.index % 4 == 3 else "BUSINESS",
                "test": self.spec.test,
                "reference": f"urn:li:organization:{organization_id}",
                "servingStatuses": serving,
                "notifiedOnCampaignOptimization": rng.random() < 0.5,
                "notifiedOnCreativeApproval": True,
                "notifiedOnCreativeRejection": True,
                "notifiedOnEndOfCampaign": rng.random() < 0.5,
                "notifiedOnNewFeaturesEnabled": False,
                "changeAuditStamps": _audit(rng, created_day, self.anchor - 3, self.owner),
                "version": {"versionTag": str(rng.randint(1, 40))},
            }
        )
        self._users()
        groups = self._groups()
        statuses = self._campaign_statuses()
        campaigns = [self._campaign(status, groups) for status in statuses]
        for campaign, count in zip(campaigns, self._creative_counts(campaigns), strict=True):
            for position in range(count):
                self._creative(campaign, position)
        self._fit_daily_budgets(campaigns)

    def _fit_daily_budgets(self, campaigns: list[_CampaignPlan]) -> None:
        """Set daily budgets near what each campaign really spends.

        LinkedIn stops a campaign's delivery around its daily budget, so real accounts
        show budgets 40-110 % used; budgets drawn independently of delivery would make
        the budget-utilisation chart read thousands of percent. A separate random stream
        keeps every other generated value unchanged.
        """
        rng = random.Random(derive_key(self.seed, self.account_id, 0xB0D6E7))
        spend: dict[int, float] = {}
        for creative in self.out.creatives:
            profile = creative.profile
            if creative.account_id != self.account_id or profile.last_day < profile.first_day:
                continue
            per_impression = {
                "CPC": profile.ctr,
                "CPV": profile.video_rate or 0.25,
            }.get(profile.cost_type, 1.0)
            units = profile.daily_impressions * per_impression
            spend[creative.campaign_id] = (
                spend.get(creative.campaign_id, 0.0) + units * profile.unit_nanos / 1e9
            )
        for plan in campaigns:
            entity = plan.record.entity
            expected = spend.get(plan.record.id, 0.0)
            if "dailyBudget" in entity and expected > 0:
                entity["dailyBudget"] = _amount(expected * rng.uniform(0.6, 1.7), self.currency)

    def _users(self) -> None:
        member_role = _ROLES[self.index % len(_ROLES)]
        people = [(self.out.member_urn, member_role)]
        people += [
            (_person(self.rng), self.rng.choice(_ROLES)) for _ in range(self.rng.randint(1, 3))
        ]
        for person, role in people:
            day = self.first_day - self.rng.randint(1, 200)
            self.out.account_users.append(
                {
                    "account": f"urn:li:sponsoredAccount:{self.account_id}",
                    "user": person,
                    "role": role,
                    "changeAuditStamps": _audit(self.rng, day, day, "urn:li:unknown:0"),
                    "version": {"versionTag": "1"},
                }
            )

    def _groups(self) -> list[JsonDict]:
        rng = self.rng
        count = max(1, self.spec.campaigns // 6)
        groups: list[JsonDict] = []
        for position in range(count):
            if position == 0 or self.spec.always_on:
                status = "ACTIVE"
            elif position <= len(_GROUP_STATUSES) - 1 and count >= len(_GROUP_STATUSES):
                status = _GROUP_STATUSES[position]
            else:
                status = rng.choice(("ACTIVE", "ACTIVE", "ACTIVE", "PAUSED", "ARCHIVED"))
            start = self.first_day - rng.randint(0, 30)
            schedule: JsonDict = {"start": _day_start_ms(start)}
            if status in {"ARCHIVED", "CANCELED", "REMOVED"} or rng.random() < 0.2:
                schedule["end"] = _day_start_ms(self.anchor + rng.randint(-20, 120)) - 1
            group: JsonDict = {
                "id": self.ids["group"].take(),
                "account": f"urn:li:sponsoredAccount:{self.account_id}",
                "name": "Default Campaign Group"
                if position == 0
                else f"{rng.choice(_CAMPAIGN_PREFIXES)} {_DASH} {rng.choice(_AUDIENCES)}",
                "status": status,
                "runSchedule": schedule,
                "servingStatuses": ["RUNNABLE"] if status == "ACTIVE" else ["STOPPED"],
                "test": self.spec.test,
                "backfilled": position == 0,
                "changeAuditStamps": _audit(rng, start - 2, self.anchor - 1, self.owner),
                "version": {"versionTag": str(rng.randint(1, 12))},
            }
            if position and rng.random() < 0.4:
                group["totalBudget"] = _amount(
                    rng.choice((5000, 10000, 25000)) * self.level, self.currency
                )
            if position and rng.random() < 0.2:
                group["dailyBudget"] = _amount(rng.choice((200, 500)) * self.level, self.currency)
            groups.append(group)
        self.out.groups.extend(groups)
        return groups

    def _campaign_statuses(self) -> list[str]:
        if self.spec.always_on:
            return ["ACTIVE"] * self.spec.campaigns
        statuses = list(CAMPAIGN_STATUSES[: self.spec.campaigns])
        names, weights = zip(*_STATUS_WEIGHTS.items(), strict=True)
        statuses += self.rng.choices(names, weights, k=self.spec.campaigns - len(statuses))
        self.rng.shuffle(statuses)
        return statuses

    def _window(self, status: str) -> tuple[int, int | None, int, int | None]:
        """(schedule start, schedule end or None, first delivery day, last delivery day)."""
        rng, anchor, first = self.rng, self.anchor, self.first_day
        span = self.history_days
        if self.spec.always_on:
            return first, None, first, OPEN_ENDED
        if status == "DRAFT":
            start = anchor + rng.randint(3, 40)
            return start, start + rng.randint(14, 60), start, None
        start = anchor - rng.randint(max(4, span // 10), span - 1)
        if status == "ACTIVE":
            end = None if rng.random() < 0.45 else anchor + rng.randint(5, 120)
            return start, end, start, end if end is not None else OPEN_ENDED
        if status in _STOPPED_EARLY:
            # Pulled after a short run (a mistake, a test): little spend, but inside 90 days.
            stop = min(anchor - 1, start + rng.randint(4, 30))
        else:
            stop = min(anchor - 1, start + rng.randint(5, max(6, anchor - start)))
        if status in {"COMPLETED", "ARCHIVED"}:
            return start, stop, start, stop
        # PAUSED, CANCELED, PENDING_DELETION, REMOVED: stopped part-way, schedule may run on.
        end = None if rng.random() < 0.5 else stop + rng.randint(10, 90)
        return start, end, start, stop

    def _campaign(self, status: str, groups: list[JsonDict]) -> _CampaignPlan:
        rng = self.rng
        group = groups[0] if rng.random() < 0.25 else rng.choice(groups)
        kind = rng.choices(
            ("SPONSORED_UPDATES", "TEXT_AD", "SPONSORED_INMAILS", "DYNAMIC"), (76, 10, 7, 7)
        )[0]
        if kind == "SPONSORED_UPDATES":
            objective, fmt, cost_types, targets = rng.choice(_UPDATE_OBJECTIVES)
            cost_type, target = rng.choice(cost_types), rng.choice(targets)
        elif kind == "TEXT_AD":
            objective, fmt, cost_type = "WEBSITE_VISITS", "TEXT_AD", "CPC"
            target = rng.choice(("MAX_CLICK", "NONE"))
        elif kind == "SPONSORED_INMAILS":
            objective, fmt, cost_type, target = "LEAD_GENERATION", "SPONSORED_INMAIL", "CPM", "NONE"
        else:
            objective, fmt, cost_type = rng.choice(
                (
                    ("BRAND_AWARENESS", "FOLLOW_COMPANY", "CPM"),
                    ("WEBSITE_VISITS", "SPOTLIGHT", "CPC"),
                )
            )
            target = "NONE"
        start, end, deliver_from, deliver_to = self._window(status)
        countries = tuple(rng.sample(_HOME_COUNTRIES[self.currency], k=rng.randint(1, 2)))
        campaign_id = self.ids["campaign"].take()
        number = len(self.out.campaigns) + 1
        name = (
            f"{rng.choice(_CAMPAIGN_PREFIXES)} {_OBJECTIVE_LABELS[objective]} {_DASH} "
            f"{rng.choice(_AUDIENCES)} #{number}"
        )
        schedule: JsonDict = {"start": _day_start_ms(start)}
        if end is not None:
            schedule["end"] = _day_start_ms(end + 1) - 1
        bid = {"CPM": rng.uniform(8, 45), "CPC": rng.uniform(3, 15), "CPV": rng.uniform(0.05, 0.4)}
        entity: JsonDict = {
            "id": campaign_id,
            "account": f"urn:li:sponsoredAccount:{self.account_id}",
            "campaignGroup": f"urn:li:sponsoredCampaignGroup:{group['id']}",
            "name": name,
            "status": status,
            "type": kind,
            "costType": cost_type,
            "objectiveType": objective,
            "optimizationTargetType": target,
            "format": fmt,
            "creativeSelection": rng.choice(("OPTIMIZED", "OPTIMIZED", "ROUND_ROBIN")),
            "unitCost": _amount(bid[cost_type] * self.level, self.currency),
            "runSchedule": schedule,
            "locale": rng.choice(_LOCALES[self.currency]),
            "audienceExpansionEnabled": rng.random() < 0.4,
            "offsiteDeliveryEnabled": rng.random() < 0.35,
            "storyDeliveryEnabled": rng.random() < 0.1,
            "pacingStrategy": rng.choice(("LIFETIME", "LIFETIME", "ACCELERATED")),
            "politicalIntent": rng.choice(("NOT_POLITICAL", "NOT_DECLARED")),
            "servingStatuses": _serving_statuses(status, end, self.anchor),
            "test": self.spec.test,
            "associatedEntity": f"urn:li:organization:{self.organization_id}",
            "targetingCriteria": self._targeting(countries),
            "offsitePreferences": {
                "iabCategories": {"exclude": []},
                "publisherRestrictionFiles": {"include": [], "exclude": []},
            },
            "changeAuditStamps": _audit(
                rng, start - rng.randint(1, 10), self.anchor - 1, self.owner
            ),
            "version": {"versionTag": str(rng.randint(1, 25))},
        }
        if rng.random() < 0.8:
            daily = rng.choice((25, 50, 75, 100, 150, 250, 500))
            entity["dailyBudget"] = _amount(daily * self.level, self.currency)
        if rng.random() < 0.45:
            total = rng.choice((1000, 2500, 5000, 10000, 20000))
            entity["totalBudget"] = _amount(total * self.level, self.currency)
        record = CampaignRecord(
            campaign_id, self.account_id, group["id"], kind, objective, countries, entity
        )
        self.out.campaigns.append(record)
        return _CampaignPlan(record, deliver_from, deliver_to, cost_type, fmt)

    def _targeting(self, countries: tuple[int, ...]) -> JsonDict:
        rng = self.rng
        facet = "urn:li:adTargetingFacet:"
        include: list[JsonDict] = [
            {"or": {facet + "locations": [f"urn:li:geo:{geo}" for geo in countries]}}
        ]
        if rng.random() < 0.6:
            picked = sorted(rng.sample(sorted(reference.SENIORITIES), k=rng.randint(2, 4)))
            include.append(
                {"or": {facet + "seniorities": [f"urn:li:seniority:{s}" for s in picked]}}
            )
        if rng.random() < 0.5:
            picked = sorted(rng.sample(sorted(reference.INDUSTRIES), k=rng.randint(1, 5)))
            include.append({"or": {facet + "industries": [f"urn:li:industry:{i}" for i in picked]}})
        criteria: JsonDict = {"include": {"and": include}}
        if rng.random() < 0.3:
            excluded = sorted(rng.sample(sorted(reference.TITLES), k=rng.randint(1, 3)))
            criteria["exclude"] = {
                "or": {facet + "titles": [f"urn:li:title:{t}" for t in excluded]}
            }
        return criteria

    def _creative_counts(self, plans: list[_CampaignPlan]) -> list[int]:
        """Split the account's creatives over its campaigns: skewed, at least one each, <= 100."""
        total, count = self.spec.creatives, len(plans)
        if count == 0:
            return []
        if total < count:
            chosen = set(self.rng.sample(range(count), k=total))
            return [1 if position in chosen else 0 for position in range(count)]
        weights = [1.0 if self.spec.always_on else self.rng.lognormvariate(0, 0.8) for _ in plans]
        spare = total - count
        shares = [spare * weight / sum(weights) for weight in weights]
        counts = [1 + int(share) for share in shares]
        by_remainder = sorted(range(count), key=lambda i: int(shares[i]) - shares[i])
        for position in by_remainder[: total - sum(counts)]:
            counts[position] += 1
        overflow = sum(max(0, c - 100) for c in counts)
        counts = [min(c, 100) for c in counts]
        for position in range(count):
            moved = min(overflow, 100 - counts[position])
            counts[position] += moved
            overflow -= moved
        return counts

    def _creative(self, plan: _CampaignPlan, position: int) -> None:
        rng = self.rng
        campaign = plan.record
        status = campaign.entity["status"]
        never_runs = plan.deliver_to is None
        if never_runs:
            intended = "DRAFT"
        elif self.spec.always_on:
            intended = "ACTIVE"
        else:
            intended = rng.choices(_CREATIVE_STATUS_NAMES, _CREATIVE_STATUS_WEIGHTS)[0]
        review = None
        if intended != "DRAFT":
            review = "APPROVED" if self.spec.always_on else rng.choices(_REVIEWS, (92, 3, 3, 2))[0]
        first, last = self._creative_window(plan, intended, review, position)
        creative_id = self.ids["creative"].take()
        urn = f"urn:li:sponsoredCreative:{creative_id}"
        content, share = self._content(campaign, creative_id)
        serving = (
            intended == "ACTIVE"
            and status == "ACTIVE"
            and self.spec.status == "ACTIVE"
            and review == "APPROVED"
            and last >= self.anchor
        )
        created_day = (first if last >= first else self.anchor) - rng.randint(0, 6)
        entity: JsonDict = {
            "id": urn,
            "account": f"urn:li:sponsoredAccount:{self.account_id}",
            "campaign": f"urn:li:sponsoredCampaign:{campaign.id}",
            "intendedStatus": intended,
            "isServing": serving,
            "isTest": self.spec.test,
            "content": content,
            "createdAt": _ms(created_day, rng),
            "createdBy": self.owner,
            "lastModifiedAt": _ms(min(self.anchor, created_day + rng.randint(0, 40)), rng),
            "lastModifiedBy": self.owner if rng.random() < 0.7 else "urn:li:system:0",
        }
        if rng.random() < 0.7:
            label = campaign.entity["format"].replace("_", " ").title()
            topic = rng.choice(_CREATIVE_TOPICS)
            entity["name"] = f"{label} {_DASH} {topic} v{position + 1}"
        if review is not None:
            entity["review"] = {"status": review}
            if review == "REJECTED":
                entity["review"]["rejectionReasons"] = ["LANDING_PAGE_NOT_WORKING"]
        if not serving:
            entity["servingHoldReasons"] = _hold_reasons(intended, status, review, self.spec.status)
        if campaign.objective == "LEAD_GENERATION" and campaign.type == "SPONSORED_UPDATES":
            entity["leadgenCallToAction"] = {
                "destination": f"urn:li:adForm:{4000 + creative_id % 9000}",
                "label": rng.choice(_CTA_LABELS),
            }
        profile = self._profile(plan, creative_id, first, last)
        self.out.creatives.append(
            CreativeRecord(
                creative_id,
                urn,
                campaign.id,
                campaign.group_id,
                self.account_id,
                self.organization_id,
                share,
                campaign.type,
                campaign.objective,
                profile,
                entity,
            )
        )

    def _creative_window(
        self, plan: _CampaignPlan, intended: str, review: str | None, position: int
    ) -> tuple[int, int]:
        """Days the creative delivers; (1, 0) when it never does."""
        if plan.deliver_to is None or intended == "DRAFT" or review != "APPROVED":
            return 1, 0
        if self.spec.always_on:
            return plan.deliver_from, plan.deliver_to
        rng = self.rng
        span = min(plan.deliver_to, self.anchor) - plan.deliver_from
        first = (
            plan.deliver_from
            if position == 0
            else plan.deliver_from + rng.randint(0, max(0, span // 3))
        )
        if intended == "ACTIVE":
            return first, plan.deliver_to
        # Paused, archived or removed part-way: it delivered for a while, then stopped.
        last = min(plan.deliver_to, self.anchor - 1, first + rng.randint(3, max(3, span)))
        return first, max(first, last)

    def _content(self, campaign: CampaignRecord, creative_id: int) -> tuple[JsonDict, str | None]:
        rng = self.rng
        if campaign.type == "SPONSORED_UPDATES":
            kind = "share" if rng.random() < 0.6 else "ugcPost"
            post = f"urn:li:{kind}:{7_100_000_000_000_000_000 + creative_id * 7919}"
            return {"reference": post}, post
        if campaign.type == "SPONSORED_INMAILS":
            return {
                "reference": f"urn:li:adInMailContent:{90_000_000 + creative_id % 10_000_000}"
            }, None
        topic = rng.choice(_CREATIVE_TOPICS)
        landing = f"https://www.example.com/lp/{creative_id}?utm_source=linkedin"
        if campaign.type == "TEXT_AD":
            return {
                "textAd": {
                    "headline": topic[:25],
                    "description": f"{topic} {_DASH} découvrez-le",
                    "landingPage": landing,
                }
            }, None
        if campaign.entity["format"] == "FOLLOW_COMPANY":
            return {
                "follower": {
                    "headline": "Follow us",
                    "description": topic,
                    "callToAction": "FOLLOW",
                }
            }, None
        return {
            "spotlight": {
                "headline": topic,
                "description": "Spotlight",
                "landingPage": landing,
                "callToAction": "LEARN_MORE",
            }
        }, None

    def _profile(
        self, plan: _CampaignPlan, creative_id: int, first: int, last: int
    ) -> DeliveryProfile:
        rng = self.rng
        fmt, level = plan.format, self.level
        updates = plan.record.type == "SPONSORED_UPDATES"
        objective = plan.record.objective
        volume = rng.lognormvariate(5.4, 1.1) * (4.0 if fmt == "TEXT_AD" else 1.0)
        if plan.record.entity["status"] in _STOPPED_EARLY:
            volume *= 0.3
        if self.spec.always_on:
            volume = max(volume, 40.0)
        ctr = {
            "TEXT_AD": rng.uniform(0.0006, 0.002),
            "SINGLE_VIDEO": rng.uniform(0.002, 0.005),
            "SPOTLIGHT": rng.uniform(0.006, 0.014),
            "SPONSORED_INMAIL": rng.uniform(0.03, 0.08),
        }.get(fmt, rng.uniform(0.004, 0.01))
        if plan.record.type == "SPONSORED_INMAILS":
            cost_type, price = "CPS", rng.uniform(0.25, 0.8)
        else:
            cost_type = plan.cost_type
            price = {
                "CPM": rng.uniform(12, 40) / 1000,
                "CPC": rng.uniform(4, 12),
                "CPV": rng.uniform(0.04, 0.25),
            }[cost_type]
        converting = objective.startswith("WEBSITE_CONVERSION")
        usd_num, usd_den = _USD_RATE[self.currency]
        return DeliveryProfile(
            key=derive_key(self.seed, creative_id),
            first_day=first,
            last_day=last,
            always_on=self.spec.always_on,
            daily_impressions=volume,
            ctr=ctr,
            landing_ratio=rng.uniform(0.55, 0.9),
            cost_type=cost_type,
            unit_nanos=int(price * level * 1_000_000_000),
            usd_num=usd_num,
            usd_den=usd_den,
            conversion_rate=rng.uniform(0.04, 0.15) if converting else rng.uniform(0.003, 0.03),
            post_click_share=rng.uniform(0.5, 0.85),
            conversion_value_nanos=int(rng.uniform(20, 120) * level) * 1_000_000_000,
            lead_rate=rng.uniform(0.08, 0.2) if objective == "LEAD_GENERATION" else 0.0,
            like_rate=rng.uniform(0.002, 0.006) if updates else 0.0,
            comment_rate=rng.uniform(0.0002, 0.0008) if updates else 0.0,
            share_rate=rng.uniform(0.0001, 0.0004) if updates else 0.0,
            follow_rate=rng.uniform(0.003, 0.006)
            if fmt == "FOLLOW_COMPANY"
            else rng.uniform(0.0001, 0.0005),
            company_click_rate=rng.uniform(0.0002, 0.001) if updates else 0.0,
            other_rate=rng.uniform(0.0005, 0.002),
            video_rate=rng.uniform(0.15, 0.35) if fmt == "SINGLE_VIDEO" else 0.0,
            open_rate=rng.uniform(0.35, 0.6) if plan.record.type == "SPONSORED_INMAILS" else 0.0,
            job_rate=rng.uniform(0.2, 0.4) if objective.startswith("JOB_APPLICANT") else 0.0,
            dwell_centis=rng.randint(300, 1100),
        )


@dataclass(frozen=True, slots=True)
class _CampaignPlan:
    record: CampaignRecord
    deliver_from: int
    deliver_to: int | None  # None: never delivers (a draft)
    cost_type: str
    format: str


_CREATIVE_STATUS_NAMES = (
    "ACTIVE",
    "PAUSED",
    "ARCHIVED",
    "DRAFT",
    "CANCELED",
    "REMOVED",
    "PENDING_DELETION",
)
_CREATIVE_STATUS_WEIGHTS = (68, 14, 6, 3, 3, 4, 2)
_REVIEWS = ("APPROVED", "PENDING", "REJECTED", "NEEDS_REVIEW")
_STOPPED_EARLY = frozenset({"CANCELED", "PENDING_DELETION", "REMOVED"})


def _serving_statuses(status: str, end: int | None, anchor: int) -> list[str]:
    if status == "ACTIVE":
        if end is not None and end < anchor:
            return ["CAMPAIGN_END_DATE_HOLD", "STOPPED"]
        return ["RUNNABLE"]
    if status == "COMPLETED":
        return ["CAMPAIGN_END_DATE_HOLD", "STOPPED"]
    if status == "DRAFT":
        return ["CAMPAIGN_START_DATE_HOLD", "STOPPED"]
    return ["STOPPED"]


def _hold_reasons(
    intended: str, campaign_status: str, review: str | None, account_status: str
) -> list[str]:
    reasons: list[str] = []
    if intended != "ACTIVE":
        reasons.append("STOPPED")
    if review == "PENDING" or review == "NEEDS_REVIEW":
        reasons.append("UNDER_REVIEW")
    elif review == "REJECTED":
        reasons.append("REJECTED")
    if campaign_status != "ACTIVE":
        reasons.append("CAMPAIGN_STOPPED")
    if account_status != "ACTIVE":
        reasons.append("ACCOUNT_SERVING_HOLD")
    return reasons or ["CAMPAIGN_END_DATE_HOLD"]
