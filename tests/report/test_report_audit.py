"""The settings audit: each rule on and off, non-active campaigns ignored."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from report_dataset import TODAY, account, campaign, campaign_day, insert, micros

from persistence.tables import AdAccount, Campaign, CampaignDailyMetrics
from report.audit import AuditRule, maximum_delivery_detail, settings_audit


def test_findings_on_the_sample(sample_db: sa.Engine) -> None:
    audit = settings_audit(sample_db, TODAY)
    assert (audit.window_start, audit.window_end) == (date(2025, 10, 21), date(2025, 11, 19))
    # 11, 21, 31, 32 are ACTIVE; 12 is PAUSED (both flags on, MAX_REACH: ignored).
    assert audit.active_campaigns == 4
    assert [(f.rule, f.campaign_id, f.spend_30d_text, f.detail) for f in audit.findings] == [
        # By 30-day spend in USD: Tokyo $264, Lead Gen $253 (22 + 165 + 66), Retargeting $88.
        (AuditRule.AUDIENCE_EXPANSION, 21, "¥40,000", "audienceExpansionEnabled is on"),
        (AuditRule.AUDIENCE_NETWORK, 11, "€230.00", "offsiteDeliveryEnabled is on"),
        (AuditRule.MAXIMUM_DELIVERY, 11, "€230.00", "Optimisation target MAX_LEAD"),
        (AuditRule.MAXIMUM_DELIVERY, 31, "€80.00", "CPC with no manual bid"),
    ]
    tokyo = audit.findings[0]
    assert (tokyo.campaign_name, tokyo.account_id, tokyo.account_name) == (
        "Tokyo Launch",
        2,
        "Acme Japan",
    )
    assert (tokyo.currency, tokyo.spend_30d_micros) == ("JPY", 40_000_000_000)
    assert "outside the targeting" in tokyo.why
    assert audit.count(AuditRule.MAXIMUM_DELIVERY) == 2
    assert not audit.is_empty


def test_account_selection(sample_db: sa.Engine) -> None:
    audit = settings_audit(sample_db, TODAY, frozenset({3}))
    assert audit.active_campaigns == 2
    assert [(f.rule, f.campaign_id) for f in audit.findings] == [(AuditRule.MAXIMUM_DELIVERY, 31)]


MANUAL = {"cost_type": "CPC", "optimization_target_type": "NONE", "unit_cost_micros": micros(3)}
# One campaign per case (its id is the case's position): the settings under audit and
# the rules expected to fire.
RULE_CASES: list[tuple[dict[str, Any], list[AuditRule]]] = [
    ({**MANUAL}, []),
    ({**MANUAL, "offsite_delivery_enabled": True}, [AuditRule.AUDIENCE_NETWORK]),
    ({**MANUAL, "offsite_delivery_enabled": False}, []),
    ({**MANUAL, "audience_expansion_enabled": True}, [AuditRule.AUDIENCE_EXPANSION]),
    ({**MANUAL, "audience_expansion_enabled": False}, []),
    (
        {**MANUAL, "offsite_delivery_enabled": True, "audience_expansion_enabled": True},
        [AuditRule.AUDIENCE_NETWORK, AuditRule.AUDIENCE_EXPANSION],
    ),
    ({**MANUAL, "optimization_target_type": "MAX_CLICK"}, [AuditRule.MAXIMUM_DELIVERY]),
    ({**MANUAL, "unit_cost_micros": 0}, [AuditRule.MAXIMUM_DELIVERY]),
    ({**MANUAL, "unit_cost_micros": None}, [AuditRule.MAXIMUM_DELIVERY]),
    ({**MANUAL, "optimization_target_type": "TARGET_COST_PER_CLICK"}, []),
    (
        {
            **MANUAL,
            "optimization_target_type": "CAP_COST_AND_MAXIMIZE_CLICKS",
            "unit_cost_micros": micros(4),
        },
        [],
    ),
    ({**MANUAL, "optimization_target_type": "ENHANCED_CONVERSION"}, []),
    ({}, []),  # bidding never synced: unknown, not a finding
    ({**MANUAL, "status": "PAUSED", "offsite_delivery_enabled": True}, []),
    ({**MANUAL, "status": "COMPLETED", "optimization_target_type": "MAX_LEAD"}, []),
    ({**MANUAL, "status": "DRAFT", "audience_expansion_enabled": True}, []),
]


@pytest.fixture(scope="module")
def rules_db(module_db: sa.Engine) -> sa.Engine:
    insert(module_db, AdAccount, [account(1, "Acme", "EUR")])
    insert(
        module_db,
        Campaign,
        [
            campaign(case, 1, f"Case {case}", **fields)
            for case, (fields, _) in enumerate(RULE_CASES)
        ],
    )
    return module_db


@pytest.mark.parametrize("case", range(len(RULE_CASES)))
def test_each_rule(rules_db: sa.Engine, case: int) -> None:
    findings = settings_audit(rules_db, TODAY).findings
    assert [f.rule for f in findings if f.campaign_id == case] == RULE_CASES[case][1]


def test_rule_cases_count_active_campaigns(rules_db: sa.Engine) -> None:
    assert settings_audit(rules_db, TODAY).active_campaigns == len(RULE_CASES) - 3


@pytest.mark.parametrize(
    ("target", "cost_type", "bid", "detail"),
    [
        ("MAX_VIDEO_VIEW", "CPV", 1, "Optimisation target MAX_VIDEO_VIEW"),
        ("max_lead", None, None, "Optimisation target MAX_LEAD"),
        (None, "cpm", None, "CPM with no manual bid"),
        ("NONE", "CPC", 2_000_000, None),
        ("TARGET_COST_PER_LEAD", "CPM", None, None),
        (None, None, None, None),
    ],
)
def test_maximum_delivery_rule(
    target: str | None, cost_type: str | None, bid: int | None, detail: str | None
) -> None:
    assert maximum_delivery_detail(target, cost_type, bid) == detail


def test_spend_window_is_the_last_30_complete_days(new_db: sa.Engine) -> None:
    insert(new_db, AdAccount, [account(1, "Acme", "EUR")])
    insert(new_db, Campaign, [campaign(5, 1, "Spender", offsite_delivery_enabled=True)])
    days = [
        TODAY,  # today: not complete, excluded
        TODAY - timedelta(days=1),
        TODAY - timedelta(days=30),
        TODAY - timedelta(days=31),  # outside
    ]
    insert(
        new_db,
        CampaignDailyMetrics,
        [campaign_day(5, 1, when, 100, 1, micros(1 + i), micros(1)) for i, when in enumerate(days)],
    )
    (finding,) = settings_audit(new_db, TODAY).findings
    assert finding.spend_30d_micros == micros(2 + 3)
    assert finding.spend_30d_text == "€5.00"


def test_no_active_campaigns(new_db: sa.Engine) -> None:
    insert(new_db, AdAccount, [account(1, "Acme", "EUR")])
    insert(new_db, Campaign, [campaign(1, 1, "Paused", status="PAUSED", **MANUAL)])
    audit = settings_audit(new_db, TODAY)
    assert audit.is_empty
    assert audit.active_campaigns == 0
    assert [rule.label for rule in AuditRule] == [
        "LinkedIn Audience Network on",
        "Audience Expansion on",
        "Maximum-delivery bidding",
    ]
