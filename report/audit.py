"""The settings audit of the status screen: risky settings on ACTIVE campaigns.

Only campaigns whose ``status`` is ACTIVE are audited: a paused or finished campaign
spends nothing, so its settings cost nothing until it is switched back on. A campaign
can have several findings (one per rule). The rules:

* ``AUDIENCE_NETWORK`` — ``offsite_delivery_enabled`` is true: ads also run in the
  LinkedIn Audience Network (third-party apps and sites).
* ``AUDIENCE_EXPANSION`` — ``audience_expansion_enabled`` is true: LinkedIn widens the
  targeting to members "similar" to the defined audience.
* ``MAXIMUM_DELIVERY`` — the campaign uses automated "maximum delivery" bidding, which
  we recognise as either

  - an ``optimization_target_type`` starting with ``MAX_`` (``MAX_REACH``,
    ``MAX_IMPRESSION``, ``MAX_CLICK``, ``MAX_CONVERSION``, ``MAX_LEAD``,
    ``MAX_VIDEO_VIEW``, ... : LinkedIn optimises for that goal with no cost control), or
  - no optimisation target (NULL or ``NONE``, LinkedIn's default, which is manual
    bidding) with a ``cost_type`` but **no manual bid** (``unit_cost_micros`` NULL or
    0): nothing caps the price LinkedIn pays.

  Cost-controlled strategies are *not* flagged: ``TARGET_COST_PER_*`` (target cost),
  ``CAP_COST_AND_MAXIMIZE_*`` (cost cap), ``ENHANCED_CONVERSION`` (a manual bid that
  LinkedIn may adjust), and manual bidding with a positive bid. A campaign whose bidding
  fields were never synced (target, cost type and bid all NULL) is not flagged either:
  an unknown is not a finding.

Every finding carries the campaign's spend over the last 30 complete UTC days in its
own account currency (exact, unconverted); findings are ordered by that spend converted
to USD by LinkedIn (so a yen campaign is not ranked above a euro one by its number of
digits), then by campaign id and rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from report.filters import last_days
from report.formatting import format_money
from report.sql import ACCOUNTS, CAMPAIGN_METRICS, CAMPAIGNS, Db, as_int, connect

AUDIT_WINDOW_DAYS = 30
ACTIVE = "ACTIVE"
# ISO 4217's code for "no currency", shown only when neither the account nor the
# campaign row carries one (an account row missing under its campaigns).
NO_CURRENCY = "XXX"


class AuditRule(StrEnum):
    AUDIENCE_NETWORK = "audience_network"
    AUDIENCE_EXPANSION = "audience_expansion"
    MAXIMUM_DELIVERY = "maximum_delivery"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def why(self) -> str:
        """Why the setting deserves a look, in one or two sentences for the screen."""
        return _WHY[self]


_RULE_ORDER = {rule: index for index, rule in enumerate(AuditRule)}
_LABELS = {
    AuditRule.AUDIENCE_NETWORK: "LinkedIn Audience Network on",
    AuditRule.AUDIENCE_EXPANSION: "Audience Expansion on",
    AuditRule.MAXIMUM_DELIVERY: "Maximum-delivery bidding",
}
_WHY = {
    AuditRule.AUDIENCE_NETWORK: (
        "Part of the budget runs on third-party apps and sites instead of LinkedIn, where "
        "clicks are cheaper but usually of lower quality and placements are hard to vet."
    ),
    AuditRule.AUDIENCE_EXPANSION: (
        "LinkedIn shows the ads to members outside the targeting you defined, which "
        "tends to dilute B2B targeting and lead quality."
    ),
    AuditRule.MAXIMUM_DELIVERY: (
        "LinkedIn bids whatever it takes to spend the whole budget, with no cost "
        "control: CPC and CPL can climb, especially on small audiences. Consider a cost "
        "cap or manual bidding."
    ),
}


@dataclass(frozen=True)
class AuditFinding:
    """One rule that fired for one active campaign.

    ``spend_30d_micros`` is in ``currency`` (the account's currency; None if the
    account is not listed); ``detail`` names the setting that triggered the rule.
    """

    rule: AuditRule
    campaign_id: int
    campaign_name: str
    account_id: int
    account_name: str | None
    currency: str | None
    spend_30d_micros: int
    spend_30d_text: str
    detail: str

    @property
    def why(self) -> str:
        return self.rule.why


@dataclass(frozen=True)
class SettingsAudit:
    """All findings, plus what was audited: ``active_campaigns`` in the selection and
    the spend window ``window_start``..``window_end`` (inclusive UTC days)."""

    findings: tuple[AuditFinding, ...]
    active_campaigns: int
    window_start: date
    window_end: date

    @property
    def is_empty(self) -> bool:
        return not self.findings

    def count(self, rule: AuditRule) -> int:
        return sum(1 for finding in self.findings if finding.rule is rule)


def maximum_delivery_detail(
    optimization_target_type: str | None, cost_type: str | None, unit_cost_micros: int | None
) -> str | None:
    """Why a campaign counts as maximum-delivery bidding, or None when it does not."""
    target = (optimization_target_type or "").strip().upper()
    if target.startswith("MAX_"):
        return f"Optimisation target {target}"
    if target in ("", "NONE") and cost_type and not unit_cost_micros:
        return f"{cost_type.upper()} with no manual bid"
    return None


def _findings(row: Any) -> list[AuditFinding]:
    currency = row.account_currency or row.campaign_currency
    currency = None if currency is None else str(currency).upper()
    spend = as_int(row.spend)
    spend_text = format_money(spend, currency or NO_CURRENCY)

    def finding(rule: AuditRule, detail: str) -> AuditFinding:
        return AuditFinding(
            rule=rule,
            campaign_id=int(row.id),
            campaign_name=str(row.name),
            account_id=int(row.account_id),
            account_name=row.account_name,
            currency=currency,
            spend_30d_micros=spend,
            spend_30d_text=spend_text,
            detail=detail,
        )

    found: list[AuditFinding] = []
    if row.offsite_delivery_enabled:
        found.append(finding(AuditRule.AUDIENCE_NETWORK, "offsiteDeliveryEnabled is on"))
    if row.audience_expansion_enabled:
        found.append(finding(AuditRule.AUDIENCE_EXPANSION, "audienceExpansionEnabled is on"))
    bidding = maximum_delivery_detail(
        row.optimization_target_type, row.cost_type, row.unit_cost_micros
    )
    if bidding is not None:
        found.append(finding(AuditRule.MAXIMUM_DELIVERY, bidding))
    return found


def settings_audit(db: Db, today: date, account_ids: frozenset[int] | None = None) -> SettingsAudit:
    """Audit the ACTIVE campaigns (of ``account_ids``, or all); ``today`` is the UTC date."""
    window_start, window_end = last_days(AUDIT_WINDOW_DAYS, today)
    c, a, m = CAMPAIGNS, ACCOUNTS, CAMPAIGN_METRICS
    # Joining on (campaign_id, date) walks the metrics primary key for each active
    # campaign instead of grouping the whole table.
    query = (
        sa.select(
            c.c.id,
            c.c.name,
            c.c.account_id,
            c.c.offsite_delivery_enabled,
            c.c.audience_expansion_enabled,
            c.c.optimization_target_type,
            c.c.cost_type,
            c.c.unit_cost_micros,
            c.c.currency.label("campaign_currency"),
            a.c.name.label("account_name"),
            a.c.currency.label("account_currency"),
            sa.func.coalesce(sa.func.sum(m.c.spend_micros), 0).label("spend"),
            sa.func.coalesce(sa.func.sum(m.c.spend_usd_micros), 0).label("spend_usd"),
        )
        .select_from(c)
        .outerjoin(a, a.c.id == c.c.account_id)
        .outerjoin(
            m,
            sa.and_(
                m.c.campaign_id == c.c.id,
                m.c.date >= window_start,
                m.c.date <= window_end,
            ),
        )
        .where(c.c.status == ACTIVE)
        .group_by(c.c.id, a.c.id)
    )
    if account_ids is not None:
        query = query.where(c.c.account_id.in_(sorted(account_ids)))
    ranked: list[tuple[int, AuditFinding]] = []
    active = 0
    with connect(db) as conn:
        for row in conn.execute(query):
            active += 1
            ranked.extend((as_int(row.spend_usd), finding) for finding in _findings(row))
    ranked.sort(key=lambda item: (-item[0], item[1].campaign_id, _RULE_ORDER[item[1].rule]))
    return SettingsAudit(
        findings=tuple(finding for _, finding in ranked),
        active_campaigns=active,
        window_start=window_start,
        window_end=window_end,
    )
