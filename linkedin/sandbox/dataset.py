"""The sandbox's ground truth: a seeded synthetic advertiser and the numbers LinkedIn would report.

Tests compare a synced database with this object number by number, so it is designed for
exact comparison:

* entities are the very JSON dicts the API serves (:attr:`Dataset.accounts`,
  :attr:`~Dataset.campaign_groups`, :attr:`~Dataset.campaigns`, :attr:`~Dataset.creatives`);
* :meth:`Dataset.daily_rows`, :meth:`Dataset.demographic_rows` and :meth:`Dataset.totals` run
  the same engine as ``/adAnalytics``, with the same ``as_of`` rule (late conversions,
  partial today, demographic lag), and return money as the exact strings sent on the wire.

Daily metrics are generated on demand (:mod:`linkedin.sandbox.delivery`), never stored, so
even the large preset (10 accounts, 2,000 campaigns, 10,000 creatives) builds in about a
second and stays small in memory. Datasets are immutable and cached per (spec, seed).
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from linkedin.models import ANALYTICS_METRIC_FIELDS, parse_urn
from linkedin.sandbox import reference
from linkedin.sandbox.analytics import ENTITY_PIVOTS, MEMBER_PIVOTS, Metrics, Query, run
from linkedin.sandbox.demographics import Demographics
from linkedin.sandbox.entities import (
    AccountSpec,
    CampaignRecord,
    CreativeRecord,
    JsonDict,
    generate,
)

Size = Literal["small", "medium", "large"]
# The metrics the app stores (linkedin.models): the default for ground-truth comparisons.
TRUTH_FIELDS: tuple[str, ...] = tuple(ANALYTICS_METRIC_FIELDS)


@dataclass(frozen=True, slots=True)
class DatasetSpec:
    """The shape of a synthetic dataset.

    ``anchor`` is the date the data is built around ("today" when it was generated):
    schedules and delivery are placed relative to it, and delivery goes back
    ``history_days`` days. Leave it None to let the sandbox use its clock's date at start.
    """

    accounts: tuple[AccountSpec, ...]
    history_days: int = 120
    anchor: date | None = None
    demographic_lag_hours: int = 18

    def __post_init__(self) -> None:
        if not self.accounts:
            raise ValueError("a dataset needs at least one account")
        if self.history_days < 1:
            raise ValueError("history_days must be at least 1")

    @classmethod
    def preset(cls, size: Size) -> DatasetSpec:
        """small (tests), medium (the DESIGN §12 comparison set) or large (the benchmark)."""
        if size == "small":
            return cls(
                (
                    AccountSpec("USD", campaigns=12, creatives=48),
                    AccountSpec("EUR", campaigns=9, creatives=36),
                    AccountSpec("GBP", campaigns=5, creatives=20, status="CANCELED"),
                    AccountSpec("JPY", campaigns=4, creatives=16, test=True),
                )
            )
        if size == "medium":
            return cls(
                (
                    AccountSpec("USD", campaigns=45, creatives=230),
                    AccountSpec("EUR", campaigns=35, creatives=170),
                    AccountSpec("JPY", campaigns=20, creatives=103),
                )
            )
        if size == "large":
            return cls(
                (
                    AccountSpec("USD", campaigns=350, creatives=1750),
                    AccountSpec("USD", campaigns=300, creatives=1500),
                    AccountSpec("EUR", campaigns=250, creatives=1250),
                    AccountSpec("EUR", campaigns=200, creatives=1000),
                    AccountSpec("GBP", campaigns=200, creatives=1000),
                    AccountSpec("GBP", campaigns=150, creatives=750),
                    AccountSpec("JPY", campaigns=200, creatives=1000),
                    AccountSpec("USD", campaigns=150, creatives=750),
                    AccountSpec("USD", campaigns=100, creatives=500, test=True),
                    AccountSpec("EUR", campaigns=100, creatives=500, status="CANCELED"),
                )
            )
        raise ValueError(f"unknown size {size!r}: use small, medium or large")

    def anchored(self, anchor: date) -> DatasetSpec:
        return self if self.anchor is not None else replace(self, anchor=anchor)


@functools.lru_cache(maxsize=8)
def load_dataset(spec: DatasetSpec, seed: int) -> Dataset:
    """The dataset of (spec, seed), built once per process (datasets are immutable)."""
    return Dataset(spec, seed)


class Dataset:
    """Entities and analytics ground truth. Treat every returned dict as read-only."""

    def __init__(self, spec: DatasetSpec, seed: int) -> None:
        if spec.anchor is None:
            raise ValueError("the dataset spec needs an anchor date (DatasetSpec.anchored)")
        self.spec = spec
        self.seed = seed
        self.anchor: date = spec.anchor
        built = generate(seed, spec.accounts, spec.anchor, spec.history_days)
        self.member_urn = built.member_urn
        self.accounts: list[JsonDict] = built.accounts
        self.account_users: list[JsonDict] = built.account_users
        self.campaign_groups: list[JsonDict] = built.groups
        self.campaigns: list[JsonDict] = [record.entity for record in built.campaigns]
        self.creatives: list[JsonDict] = [record.entity for record in built.creatives]
        self.foreign_account: JsonDict = built.foreign_account
        self.foreign_account_id: int = built.foreign_account["id"]
        self._accounts = {account["id"]: account for account in self.accounts}
        self._groups = {group["id"]: group for group in self.campaign_groups}
        self._campaigns: dict[int, CampaignRecord] = {r.id: r for r in built.campaigns}
        self._creatives: dict[int, CreativeRecord] = {r.id: r for r in built.creatives}
        self._roles = {
            parse_urn(user["account"], "sponsoredAccount"): user["role"]
            for user in self.account_users
            if user["user"] == self.member_urn
        }
        self._by_account: dict[int, list[CreativeRecord]] = {a: [] for a in self._accounts}
        self._by_campaign: dict[int, list[CreativeRecord]] = {c: [] for c in self._campaigns}
        for record in built.creatives:
            self._by_account[record.account_id].append(record)
            self._by_campaign[record.campaign_id].append(record)
        self.demographics = Demographics(seed, self._campaigns, spec.demographic_lag_hours)

    # -- entities ---------------------------------------------------------------------------

    def account(self, account_id: int) -> JsonDict | None:
        """An account the sandbox member can see (None for unknown or foreign accounts)."""
        return self._accounts.get(account_id)

    def role(self, account_id: int) -> str | None:
        """The sandbox member's role on the account; None means no access."""
        return self._roles.get(account_id)

    def account_exists(self, account_id: int) -> bool:
        return account_id in self._accounts or account_id == self.foreign_account_id

    def campaign_groups_of(self, account_id: int) -> list[JsonDict]:
        urn = f"urn:li:sponsoredAccount:{account_id}"
        return [group for group in self.campaign_groups if group["account"] == urn]

    def campaigns_of(self, account_id: int) -> list[JsonDict]:
        return [r.entity for r in self._campaigns.values() if r.account_id == account_id]

    def creatives_of(self, account_id: int) -> list[JsonDict]:
        return [record.entity for record in self._by_account.get(account_id, [])]

    def campaign_group(self, group_id: int) -> JsonDict | None:
        return self._groups.get(group_id)

    def campaign(self, campaign_id: int) -> JsonDict | None:
        record = self._campaigns.get(campaign_id)
        return record.entity if record else None

    def creative(self, creative_id: int) -> JsonDict | None:
        record = self._creatives.get(creative_id)
        return record.entity if record else None

    def entity_name(self, urn: str) -> str | None:
        """The display name behind any URN the API hands out (None when it has none)."""
        kind = reference.urn_kind(urn)
        if kind in {
            "sponsoredAccount",
            "sponsoredCampaignGroup",
            "sponsoredCampaign",
            "sponsoredCreative",
        }:
            entity_id = parse_urn(urn, kind)
            entity = {
                "sponsoredAccount": self._accounts.get(entity_id)
                or (self.foreign_account if entity_id == self.foreign_account_id else None),
                "sponsoredCampaignGroup": self._groups.get(entity_id),
                "sponsoredCampaign": self.campaign(entity_id),
                "sponsoredCreative": self.creative(entity_id),
            }[kind]
            name = entity.get("name") if entity else None
            return name if isinstance(name, str) else None
        if urn in reference.COMPANY_SIZES:
            return reference.URN_NAMES.get(reference.staff_count_urn(urn))
        return reference.URN_NAMES.get(urn)

    # -- analytics --------------------------------------------------------------------------

    def select_creatives(
        self,
        *,
        accounts: Collection[int] = (),
        campaign_groups: Collection[int] = (),
        campaigns: Collection[int] = (),
        creatives: Collection[int] = (),
        shares: Collection[str] = (),
        companies: Collection[int] = (),
        campaign_type: str | None = None,
        objective_type: str | None = None,
    ) -> list[CreativeRecord]:
        """Creatives matching every given facet (ANDed), on accounts the member has a role on."""
        if campaigns:
            pool = [r for c in campaigns for r in self._by_campaign.get(c, [])]
        elif accounts:
            pool = [r for a in accounts for r in self._by_account.get(a, [])]
        elif creatives:
            pool = [self._creatives[c] for c in creatives if c in self._creatives]
        else:
            pool = list(self._creatives.values())
        selected = []
        for record in pool:
            if record.account_id not in self._roles:
                continue
            if accounts and record.account_id not in accounts:
                continue
            if campaign_groups and record.group_id not in campaign_groups:
                continue
            if creatives and record.id not in creatives:
                continue
            if shares and record.share not in shares:
                continue
            if companies and record.company_id not in companies:
                continue
            if campaign_type and record.campaign_type != campaign_type:
                continue
            if objective_type and record.objective != objective_type:
                continue
            selected.append(record)
        return selected

    def daily_rows(
        self,
        pivot: str,
        account_id: int,
        start: date,
        end: date,
        as_of: datetime,
        fields: Sequence[str] = TRUTH_FIELDS,
    ) -> Iterator[tuple[int, date, Metrics]]:
        """(entity numeric id, day, metrics) of an account's DAILY rows, as the API sends them.

        `pivot` is CAMPAIGN or CREATIVE (or ACCOUNT / CAMPAIGN_GROUP). Rows whose `fields`
        are all zero are absent, exactly as on the wire; pass the fields the client asked for.
        """
        if pivot not in ENTITY_PIVOTS[:4]:
            raise ValueError("pivot must be ACCOUNT, CAMPAIGN_GROUP, CAMPAIGN or CREATIVE")
        query = Query(
            (pivot,),
            "DAILY",
            start,
            end,
            self.select_creatives(accounts={account_id}),
            tuple(fields),
            as_of,
        )
        for row in run(query):
            yield parse_urn(row.pivot_values[0]), row.start, row.metrics

    def demographic_rows(
        self,
        account_id: int,
        pivot: str,
        start: date,
        end: date,
        granularity: str,
        as_of: datetime,
        fields: Sequence[str] = TRUTH_FIELDS,
    ) -> Iterator[tuple[str, date, date, Metrics]]:
        """(segment URN or enum, bucket start, bucket end, metrics) of a MEMBER_* pivot."""
        if pivot not in MEMBER_PIVOTS:
            raise ValueError(f"not a demographic pivot: {pivot}")
        query = Query(
            (pivot,),
            granularity,
            start,
            end,
            self.select_creatives(accounts={account_id}),
            tuple(fields),
            as_of,
        )
        for row in self.demographics.run(query):
            yield row.pivot_values[0], row.start, row.end, row.metrics

    def totals(
        self,
        account_id: int,
        start: date,
        end: date,
        as_of: datetime,
        fields: Sequence[str] = TRUTH_FIELDS,
    ) -> Metrics:
        """An account's sums over [start, end] (one ALL row); {} when nothing was delivered."""
        query = Query(
            ("ACCOUNT",),
            "ALL",
            start,
            end,
            self.select_creatives(accounts={account_id}),
            tuple(fields),
            as_of,
        )
        rows = run(query)
        return rows[0].metrics if rows else {}
