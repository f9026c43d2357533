"""Rest.li parsing as strict as LinkedIn's (contract §3, §10.2): encoding, protocol versions,
path keys, URL length, query tunnelling."""

from __future__ import annotations

import httpx
import pytest
from sandbox_http import REST_HEADERS, client, enc

from linkedin.restli import DateRange, encode_query
from linkedin.sandbox import Sandbox


def _analytics_query(account_id: int, urn_text: str | None = None) -> str:
    account = urn_text or enc(f"urn:li:sponsoredAccount:{account_id}")
    return (
        "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
        "&dateRange=(start:(year:2026,month:11,day:1),end:(year:2026,month:11,day:20))"
        f"&accounts=List({account})&fields=impressions,clicks,dateRange,pivotValues"
    )


def test_the_apps_encoder_is_understood(api: httpx.Client, account_id: int) -> None:
    from datetime import date

    query = encode_query(
        {
            "q": "analytics",
            "pivot": "CAMPAIGN",
            "timeGranularity": "DAILY",
            "dateRange": DateRange(date(2026, 11, 1), date(2026, 11, 20)),
            "accounts": [f"urn:li:sponsoredAccount:{account_id}"],
            "fields": ["impressions", "clicks", "dateRange", "pivotValues"],
        }
    )
    response = api.get(f"/adAnalytics?{query}")
    assert response.status_code == 200
    assert response.json()["elements"]
    assert response.json() == api.get(f"/adAnalytics?{_analytics_query(account_id)}").json()


def test_unencoded_urn_in_a_list_is_400(api: httpx.Client, account_id: int) -> None:
    response = api.get(
        f"/adAnalytics?{_analytics_query(account_id, f'urn:li:sponsoredAccount:{account_id}')}"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "ILLEGAL_ARGUMENT"


def test_double_encoded_query_is_400(api: httpx.Client, account_id: int) -> None:
    double = enc(enc(f"urn:li:sponsoredAccount:{account_id}"))
    assert api.get(f"/adAnalytics?{_analytics_query(account_id, double)}").status_code == 400
    encoded_structure = _analytics_query(account_id).replace("(", "%28").replace(")", "%29")
    assert api.get(f"/adAnalytics?{encoded_structure}").status_code == 400


def test_malformed_restli_is_400(api: httpx.Client) -> None:
    response = api.get("/adAccounts?q=search&search=(status:(values:List(ACTIVE))")
    assert response.status_code == 400
    assert response.json()["code"] == "ILLEGAL_ARGUMENT"


def test_unknown_parameters_are_400(api: httpx.Client) -> None:
    response = api.get("/adAccounts?q=search&count=10")
    assert response.status_code == 400
    assert "count" in response.json()["message"]


def test_union_form_enums_are_accepted(api: httpx.Client, account_id: int) -> None:
    union = _analytics_query(account_id).replace("pivot=CAMPAIGN", "pivot=(value:CAMPAIGN)")
    union = union.replace("timeGranularity=DAILY", "timeGranularity=(value:DAILY)")
    assert (
        api.get(f"/adAnalytics?{union}").json()
        == api.get(f"/adAnalytics?{_analytics_query(account_id)}").json()
    )


def test_protocol_1_dotted_parameters_work_without_the_header(
    sandbox: Sandbox, sandbox_token: str, api: httpx.Client, account_id: int
) -> None:
    v1 = (
        "q=analytics&pivot=CAMPAIGN&timeGranularity=DAILY"
        "&dateRange.start.year=2026&dateRange.start.month=11&dateRange.start.day=1"
        "&dateRange.end.year=2026&dateRange.end.month=11&dateRange.end.day=20"
        f"&accounts[0]=urn:li:sponsoredAccount:{account_id}"
        "&fields=impressions,clicks,dateRange,pivotValues"
    )
    with client(sandbox, sandbox_token, **{"X-Restli-Protocol-Version": "1.0.0"}) as v1_client:
        response = v1_client.get(f"/adAnalytics?{v1}")
    assert response.status_code == 200
    assert response.json() == api.get(f"/adAnalytics?{_analytics_query(account_id)}").json()


def test_protocol_2_syntax_without_the_header_is_refused(
    sandbox: Sandbox, sandbox_token: str, account_id: int
) -> None:
    headers = {"Authorization": f"Bearer {sandbox_token}", "LinkedIn-Version": "202601"}
    with httpx.Client(base_url=sandbox.api_base_url, headers=headers, verify=False) as http:
        response = http.get(f"/adAnalytics?{_analytics_query(account_id)}")
    assert response.status_code == 400
    assert "X-Restli-Protocol-Version" in response.json()["message"]


def test_dotted_parameters_with_the_2_0_header_are_refused(api: httpx.Client) -> None:
    assert api.get("/adAccounts?q=search&search.status.values[0]=ACTIVE").status_code == 400


def test_urn_path_keys_must_be_fully_encoded(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    creative = sandbox.dataset.creatives_of(account_id)[0]["id"]
    ok = api.get(f"/adAccounts/{account_id}/creatives/{enc(creative)}")
    assert ok.status_code == 200
    assert ok.json()["id"] == creative
    raw = api.get(f"/adAccounts/{account_id}/creatives/{creative}")
    assert raw.status_code == 400
    assert raw.json() == {
        "status": 400,
        "code": "ILLEGAL_ARGUMENT",
        "message": "Syntax exception in path variables",
    }


def test_query_over_4096_characters_is_414(api: httpx.Client, account_id: int) -> None:
    campaigns = ",".join(enc(f"urn:li:sponsoredCampaign:{221000000 + i}") for i in range(130))
    query = _analytics_query(account_id).replace(
        "accounts=", f"campaigns=List({campaigns})&accounts="
    )
    assert len(query) > 4096
    assert api.get(f"/adAnalytics?{query}").status_code == 414


def test_tunnelled_post_is_the_get(api: httpx.Client, account_id: int) -> None:
    campaigns = ",".join(enc(f"urn:li:sponsoredCampaign:{221000000 + i}") for i in range(130))
    query = _analytics_query(account_id).replace(
        "accounts=", f"campaigns=List({campaigns})&accounts="
    )
    tunnelled = api.post(
        "/adAnalytics",
        content=query,
        headers={
            "X-HTTP-Method-Override": "GET",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert tunnelled.status_code == 200
    short = api.get(f"/adAnalytics?{_analytics_query(account_id)}")
    assert short.status_code == 200
    assert tunnelled.json()["elements"] == []  # no such campaigns: facets AND together


def test_tunnelled_post_without_a_body_is_411(api: httpx.Client) -> None:
    response = api.post(
        "/adAnalytics",
        content=b"",
        headers={
            "X-HTTP-Method-Override": "GET",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status_code == 411


def test_the_tunnelled_query_is_logged(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    api.post(
        "/adAnalytics",
        content=_analytics_query(account_id),
        headers={
            "X-HTTP-Method-Override": "GET",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    record = sandbox.request_log[-1]
    assert (record.method, record.tunnelled, record.status) == ("GET", True, 200)
    assert record.query == _analytics_query(account_id)


@pytest.mark.parametrize("method", ["DELETE", "PUT", "POST"])
def test_writes_are_not_supported(api: httpx.Client, method: str) -> None:
    assert api.request(method, "/adAccounts/1", content=b"{}").status_code == 405


def test_unknown_resource_is_404(api: httpx.Client) -> None:
    assert api.get("/adCampaignsV2?q=search").status_code == 404
    assert api.get("/adAccounts/1/somethingElse").status_code == 404


def test_headers_sent_are_logged_but_never_the_token(
    api: httpx.Client, sandbox: Sandbox, sandbox_token: str
) -> None:
    api.get("/adAccounts?q=search")
    record = sandbox.request_log[-1]
    assert record.authorized
    assert record.headers["linkedin-version"] == REST_HEADERS["LinkedIn-Version"]
    assert sandbox_token not in repr(sandbox.request_log)
