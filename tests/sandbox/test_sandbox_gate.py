"""The request gate (contract §12.2): token, then version, then scope, in that order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sandbox_http import REST_HEADERS, bare, client, enc

from linkedin.sandbox import Sandbox


def _search(http: httpx.Client) -> httpx.Response:
    return http.get("/adAccounts?q=search&pageSize=10")


def test_missing_bearer_is_401_65600_before_the_version_check(sandbox: Sandbox) -> None:
    with bare(sandbox.api_base_url) as http:
        response = _search(http)
    assert response.status_code == 401
    body = response.json()
    assert body["serviceErrorCode"] == 65600
    assert body["code"] == "INVALID_ACCESS_TOKEN"


def test_unknown_token_is_401_65600(sandbox: Sandbox) -> None:
    with client(sandbox, "AQ-not-a-real-token") as http:
        response = _search(http)
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid access token"


def test_revoked_token_is_401_65601(sandbox: Sandbox, sandbox_token: str) -> None:
    sandbox.revoke_token(sandbox_token)
    with client(sandbox, sandbox_token) as http:
        response = _search(http)
    assert response.status_code == 401
    assert response.json()["serviceErrorCode"] == 65601
    assert response.json()["code"] == "REVOKED_ACCESS_TOKEN"


def test_token_expires_with_the_sandbox_clock(sandbox: Sandbox) -> None:
    token = sandbox.issue_token(expires_in=3600)["access_token"]
    with client(sandbox, token) as http:
        assert _search(http).status_code == 200
        sandbox.advance(timedelta(hours=1))
        response = _search(http)
    assert response.status_code == 401
    assert response.json()["serviceErrorCode"] == 65602
    assert response.json()["code"] == "EXPIRED_ACCESS_TOKEN"


def test_revoked_token_without_version_is_still_a_401(sandbox: Sandbox, sandbox_token: str) -> None:
    sandbox.revoke_token(sandbox_token)
    with bare(sandbox.api_base_url, Authorization=f"Bearer {sandbox_token}") as http:
        assert _search(http).status_code == 401


def test_missing_version_is_400_version_missing(sandbox: Sandbox, sandbox_token: str) -> None:
    with bare(sandbox.api_base_url, Authorization=f"Bearer {sandbox_token}") as http:
        response = _search(http)
    assert response.status_code == 400
    assert response.json()["code"] == "VERSION_MISSING"


@pytest.mark.parametrize("header", ["LinkedIn-Version", "Linkedin-Version", "linkedin-version"])
def test_version_header_name_is_case_insensitive(
    sandbox: Sandbox, sandbox_token: str, header: str
) -> None:
    headers = {"Authorization": f"Bearer {sandbox_token}", header: "202603"}
    with bare(sandbox.api_base_url, **headers) as http:
        assert _search(http).status_code == 200


def test_sunset_version_is_426_with_linkedins_message(sandbox: Sandbox, sandbox_token: str) -> None:
    with client(sandbox, sandbox_token, **{"LinkedIn-Version": "202511"}) as http:
        response = _search(http)
    assert response.status_code == 426
    assert response.json() == {
        "status": 426,
        "code": "NONEXISTENT_VERSION",
        "message": "Requested version 20251101 is not active",
    }


def test_active_versions_are_configurable(sandbox_factory: Callable[..., Sandbox]) -> None:
    sb: Sandbox = sandbox_factory(active_versions=["202607"])
    token = sb.issue_token()["access_token"]
    with client(sb, token) as http:
        assert _search(http).status_code == 426
    sb.active_versions = {"202601", "202607"}
    with client(sb, token) as http:
        assert _search(http).status_code == 200


def test_malformed_version_is_400(sandbox: Sandbox, sandbox_token: str) -> None:
    with client(sandbox, sandbox_token, **{"LinkedIn-Version": "2026-01"}) as http:
        assert _search(http).status_code == 400


def test_missing_scope_is_403_access_denied(sandbox: Sandbox) -> None:
    token = sandbox.issue_token(scopes=("r_ads_reporting",))["access_token"]
    with client(sandbox, token) as http:
        response = _search(http)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "ACCESS_DENIED"
    assert body["serviceErrorCode"] == 100
    assert body["message"] == (
        "Not enough permissions to access: partnerApiAdAccounts.FINDER-search.20260101"
    )


def test_analytics_needs_r_ads_reporting(sandbox: Sandbox, account_id: int) -> None:
    token = sandbox.issue_token(scopes=("r_ads",))["access_token"]
    query = (
        "/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=ALL"
        "&dateRange=(start:(year:2026,month:11,day:1))"
        f"&accounts=List({enc(f'urn:li:sponsoredAccount:{account_id}')})"
    )
    with client(sandbox, token) as http:
        response = http.get(query)
    assert response.status_code == 403
    assert response.json()["code"] == "ACCESS_DENIED"


def test_analytics_for_an_account_without_role_is_an_empty_200(
    api: httpx.Client, sandbox: Sandbox
) -> None:
    foreign = enc(f"urn:li:sponsoredAccount:{sandbox.dataset.foreign_account_id}")
    response = api.get(
        "/adAnalytics?q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
        f"&dateRange=(start:(year:2026,month:9,day:1))&accounts=List({foreign})"
        "&fields=impressions,clicks,dateRange,pivotValues"
    )
    assert response.status_code == 200
    assert response.json()["elements"] == []


def test_entities_of_an_account_without_role_are_403(api: httpx.Client, sandbox: Sandbox) -> None:
    foreign = sandbox.dataset.foreign_account_id
    assert api.get(f"/adAccounts/{foreign}").status_code == 403
    response = api.get(f"/adAccounts/{foreign}/adCampaigns?q=search&pageSize=10")
    assert response.status_code == 403


def test_two_legged_token_cannot_read_ad_data(sandbox: Sandbox) -> None:
    form = {
        "grant_type": "client_credentials",
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
    }
    with bare(sandbox.oauth_base_url) as oauth:
        token = oauth.post("/accessToken", data=form).json()["access_token"]
    with client(sandbox, token) as http:
        assert _search(http).status_code == 403


def test_v2_standardized_data_needs_a_token_but_no_version(
    sandbox: Sandbox, sandbox_token: str
) -> None:
    with bare(sandbox.base_url) as http:
        assert http.get("/v2/seniorities/4").status_code == 401
        response = http.get(
            "/v2/seniorities/4", headers={"Authorization": f"Bearer {sandbox_token}"}
        )
    assert response.status_code == 200
    assert response.json()["name"]["localized"]["en_US"] == "Senior"


def test_every_response_has_an_x_li_uuid(sandbox: Sandbox, sandbox_token: str) -> None:
    with bare(sandbox.base_url, **REST_HEADERS) as http:
        responses = [
            http.get("/rest/adAccounts?q=search"),
            http.get(
                "/rest/adAccounts?q=search", headers={"Authorization": f"Bearer {sandbox_token}"}
            ),
            http.get("/nowhere"),
            http.post(f"{sandbox.oauth_base_url}/introspectToken", data={}),
        ]
    uuids = [response.headers.get("x-li-uuid") for response in responses]
    assert all(uuids)
    assert len(set(uuids)) == len(uuids)


def test_expire_token_helper_and_clock_callables(sandbox: Sandbox) -> None:
    issued = sandbox.issue_token()
    sandbox.expire_token(issued["access_token"])
    with client(sandbox, issued["access_token"]) as http:
        assert _search(http).json()["serviceErrorCode"] == 65602
    later = sandbox.now() + timedelta(days=400)
    sandbox.set_clock(lambda: later)
    assert sandbox.now() == later
    with pytest.raises(ValueError, match="timezone-aware"):
        sandbox.set_clock(later.replace(tzinfo=None))
    with pytest.raises(KeyError):
        sandbox.revoke_token("unknown")
