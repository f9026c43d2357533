"""Accounts, users, campaign groups, campaigns and creatives: searches, paging, gets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sandbox_http import client, enc

from linkedin.models import CAMPAIGN_STATUSES, CREATIVE_STATUSES
from linkedin.sandbox import AccountSpec, DatasetSpec, Sandbox

FINDER = {"X-RestLi-Method": "FINDER"}
ALL_CAMPAIGN_STATUSES = ",".join(CAMPAIGN_STATUSES)


def _walk(
    api: httpx.Client, path: str, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Follow nextPageToken to the end, as a client must."""
    elements: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        url = path if token is None else f"{path}&pageToken={enc(token)}"
        response = api.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        elements += body["elements"]
        token = body["metadata"].get("nextPageToken")
        if not token:
            return elements


def test_account_search_pages_through_every_account(api: httpx.Client, sandbox: Sandbox) -> None:
    accounts = _walk(api, "/adAccounts?q=search&pageSize=1")
    assert accounts == sandbox.dataset.accounts
    assert {account["currency"] for account in accounts} == {"USD", "EUR", "GBP", "JPY"}


def test_account_search_filters(api: httpx.Client, sandbox: Sandbox) -> None:
    def ids(query: str) -> list[int]:
        return [
            account["id"] for account in api.get(f"/adAccounts?q=search&{query}").json()["elements"]
        ]

    everything = [account["id"] for account in sandbox.dataset.accounts]
    assert ids("search=(status:(values:List(ACTIVE)))") == [
        a["id"] for a in sandbox.dataset.accounts if a["status"] == "ACTIVE"
    ]
    assert ids("search=(test:true)") == [a["id"] for a in sandbox.dataset.accounts if a["test"]]
    first = enc(f"urn:li:sponsoredAccount:{everything[0]}")
    assert (
        ids(f"search=(id:(values:List({first})),status:(values:List(ACTIVE,CANCELED)))")
        == everything[:1]
    )
    assert ids("sort=(field:ID,order:DESCENDING)") == everything[::-1]
    assert api.get("/adAccounts?q=search&search=(status:(values:List(ON)))").status_code == 400
    assert api.get("/adAccounts?q=search&search=(colour:(values:List(RED)))").status_code == 400


def test_last_page_has_no_next_token(api: httpx.Client) -> None:
    body = api.get("/adAccounts?q=search&pageSize=1000").json()
    assert "nextPageToken" not in body["metadata"]


def test_page_size_limits(api: httpx.Client, account_id: int) -> None:
    assert api.get("/adAccounts?q=search&pageSize=1001").status_code == 400
    assert (
        api.get(f"/adAccounts/{account_id}/adCampaigns?q=search&pageSize=1001").status_code == 400
    )
    creatives = f"/adAccounts/{account_id}/creatives?q=criteria&pageSize="
    assert api.get(creatives + "101", headers=FINDER).status_code == 400
    assert api.get(creatives + "100", headers=FINDER).status_code == 200


def test_a_page_token_only_works_for_its_own_query(api: httpx.Client) -> None:
    token = api.get("/adAccounts?q=search&pageSize=1").json()["metadata"]["nextPageToken"]
    assert api.get(f"/adAccounts?q=search&pageSize=1&pageToken={enc(token)}").status_code == 200
    assert api.get(f"/adAccounts?q=search&pageSize=2&pageToken={enc(token)}").status_code == 400
    assert api.get("/adAccounts?q=search&pageSize=1&pageToken=bm9wZQ==").status_code == 400


def test_get_and_batch_get_accounts(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    assert api.get(f"/adAccounts/{account_id}").json() == sandbox.dataset.accounts[0]
    assert api.get("/adAccounts/999").status_code == 404
    foreign = sandbox.dataset.foreign_account_id
    body = api.get(f"/adAccounts?ids=List({account_id},999,{foreign})").json()
    assert list(body["results"]) == [str(account_id)]
    assert body["statuses"] == {str(account_id): 200, "999": 404, str(foreign): 403}
    assert set(body["errors"]) == {"999", str(foreign)}


def test_campaign_search_hides_removed_and_pending_deletion_by_default(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    truth = sandbox.dataset.campaigns_of(account_id)
    assert {c["status"] for c in truth} == set(CAMPAIGN_STATUSES)
    default = _walk(api, f"/adAccounts/{account_id}/adCampaigns?q=search&pageSize=5")
    assert [c["id"] for c in default] == [
        c["id"] for c in truth if c["status"] not in {"REMOVED", "PENDING_DELETION"}
    ]
    everything = _walk(
        api,
        f"/adAccounts/{account_id}/adCampaigns?q=search&pageSize=5"
        f"&search=(status:(values:List({ALL_CAMPAIGN_STATUSES})))",
    )
    assert everything == truth


def test_campaign_search_filters_and_sort(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    truth = sandbox.dataset.campaigns_of(account_id)
    group = truth[0]["campaignGroup"]
    found = _walk(
        api,
        f"/adAccounts/{account_id}/adCampaigns?q=search&pageSize=100&sortOrder=DESCENDING"
        f"&search=(campaignGroup:(values:List({enc(group)})),status:(values:List({ALL_CAMPAIGN_STATUSES})))",
    )
    assert found == sorted(
        (c for c in truth if c["campaignGroup"] == group), key=lambda c: -c["id"]
    )
    wrong_kind = enc(f"urn:li:sponsoredAccount:{account_id}")
    response = api.get(
        f"/adAccounts/{account_id}/adCampaigns?q=search&search=(campaignGroup:(values:List({wrong_kind})))"
    )
    assert response.status_code == 400


def test_campaign_search_without_page_size_over_1000_is_refused(
    sandbox_factory: Callable[..., Sandbox],
) -> None:
    sb = sandbox_factory(spec=DatasetSpec((AccountSpec("USD", campaigns=1002, creatives=1002),)))
    account = sb.dataset.accounts[0]["id"]
    with client(sb, sb.issue_token()["access_token"]) as api:
        query = (
            f"/adAccounts/{account}/adCampaigns?q=search"
            f"&search=(status:(values:List({ALL_CAMPAIGN_STATUSES})))"
        )
        response = api.get(query)
        assert response.status_code == 400
        assert response.json()["message"] == "Request would return too many entities. "
        assert len(api.get(query + "&pageSize=1000").json()["elements"]) == 1000


def test_campaign_groups(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    truth = sandbox.dataset.campaign_groups_of(account_id)
    statuses = ",".join(
        ("ACTIVE", "ARCHIVED", "CANCELED", "DRAFT", "PAUSED", "PENDING_DELETION", "REMOVED")
    )
    found = _walk(
        api,
        f"/adAccounts/{account_id}/adCampaignGroups?q=search&pageSize=1000&search=(status:(values:List({statuses})))",
    )
    assert found == truth
    group = truth[0]
    assert api.get(f"/adAccounts/{account_id}/adCampaignGroups/{group['id']}").json() == group
    batch = api.get(f"/adAccounts/{account_id}/adCampaignGroups?ids=List({group['id']},1)").json()
    assert batch["results"] == {str(group["id"]): group}
    flat = api.get(f"/adCampaignGroups?ids=List({group['id']})").json()
    assert flat["results"] == {str(group["id"]): group}
    assert api.get("/adCampaignGroups?q=search").status_code == 400


def test_get_campaign_checks_the_account(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    campaign = sandbox.dataset.campaigns_of(account_id)[0]
    assert api.get(f"/adAccounts/{account_id}/adCampaigns/{campaign['id']}").json() == campaign
    other = sandbox.dataset.accounts[1]["id"]
    assert api.get(f"/adAccounts/{other}/adCampaigns/{campaign['id']}").status_code == 404
    assert api.get(f"/adCampaigns?ids=List({campaign['id']})").json()["results"] == {
        str(campaign["id"]): campaign
    }


def test_creative_finder_requires_the_finder_method_header(
    api: httpx.Client, account_id: int
) -> None:
    path = f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=10"
    assert api.get(path).status_code == 400
    assert api.get(path, headers={"X-RestLi-Method": "BATCH_GET"}).status_code == 400
    assert api.get(path, headers=FINDER).status_code == 200


def test_creative_finder_pages_and_filters(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    truth = sandbox.dataset.creatives_of(account_id)
    statuses = ",".join(CREATIVE_STATUSES)
    everything = _walk(
        api,
        f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=7&intendedStatuses=List({statuses})",
        FINDER,
    )
    assert everything == truth
    default = _walk(api, f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=100", FINDER)
    assert [c["id"] for c in default] == [
        c["id"] for c in truth if c["intendedStatus"] not in {"REMOVED", "PENDING_DELETION"}
    ]
    campaign = truth[0]["campaign"]
    by_campaign = _walk(
        api,
        f"/adAccounts/{account_id}/creatives?q=criteria&pageSize=100&campaigns=List({enc(campaign)})"
        f"&intendedStatuses=List({statuses})&sortOrder=DESCENDING",
        FINDER,
    )
    assert by_campaign == sorted(
        (c for c in truth if c["campaign"] == campaign), key=lambda c: c["id"], reverse=True
    )


def test_creative_batch_get_by_urn(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    creative = sandbox.dataset.creatives_of(account_id)[0]
    missing = "urn:li:sponsoredCreative:1"
    body = api.get(
        f"/adAccounts/{account_id}/creatives?ids=List({enc(creative['id'])},{enc(missing)})"
    ).json()
    assert body["results"] == {creative["id"]: creative}
    assert body["statuses"][missing] == 404


def test_account_users(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    mine = api.get("/adAccountUsers?q=authenticatedUser").json()
    assert mine["paging"]["total"] == len(sandbox.dataset.accounts)
    assert {user["user"] for user in mine["elements"]} == {sandbox.member_urn}
    account_urn = f"urn:li:sponsoredAccount:{account_id}"
    users = api.get(
        f"/adAccountUsers?q=accounts&accounts={enc(account_urn)}&start=0&count=1"
    ).json()
    assert users["paging"]["count"] == 1
    assert users["paging"]["total"] >= 2
    assert len(users["elements"]) == 1
    key = f"(account:{enc(account_urn)},user:{enc(sandbox.member_urn)})"
    record = api.get(f"/adAccountUsers/{key}")
    assert record.status_code == 200
    assert record.json()["role"] == sandbox.dataset.role(account_id)
    docs_form = api.get(f"/adAccountUsers/(account={account_urn},user={sandbox.member_urn})")
    assert docs_form.json() == record.json()
    assert api.get("/adAccountUsers?q=authenticatedUser&count=1001").status_code == 400


def test_entity_shapes_follow_the_contract(sandbox: Sandbox) -> None:
    dataset = sandbox.dataset
    campaign = dataset.campaigns[0]
    for name in (
        "id",
        "account",
        "campaignGroup",
        "name",
        "status",
        "type",
        "costType",
        "objectiveType",
        "runSchedule",
        "unitCost",
        "servingStatuses",
        "targetingCriteria",
        "changeAuditStamps",
    ):
        assert name in campaign
    creative = dataset.creatives[0]
    assert creative["id"].startswith("urn:li:sponsoredCreative:")
    assert "changeAuditStamps" not in creative
    assert {"createdAt", "lastModifiedAt", "intendedStatus", "isServing", "content"} <= set(
        creative
    )


@pytest.mark.parametrize("path", ["/adAccounts?q=search", "/adAccountUsers?q=authenticatedUser"])
def test_wrong_restli_method_header_is_refused(api: httpx.Client, path: str) -> None:
    assert api.get(path, headers={"X-RestLi-Method": "GET_ALL"}).status_code == 400
