"""MEMBER_* pivots (contract §4.6.6) and resolving their URNs to names (§7)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sandbox_fixtures import FIXED_NOW
from sandbox_http import METRICS, START, TODAY, analytics, bare, client, elements, enc

from linkedin.sandbox import Sandbox
from linkedin.sandbox.analytics import MEMBER_PIVOTS

DEMOGRAPHIC_FIELDS = (*METRICS, "dateRange", "pivotValues")


def _monthly(api: httpx.Client, account_id: int, pivot: str) -> list[dict[str, Any]]:
    return elements(
        analytics(
            api,
            accounts=[account_id],
            pivot=pivot,
            granularity="MONTHLY",
            fields=DEMOGRAPHIC_FIELDS,
        )
    )


@pytest.mark.parametrize("pivot", MEMBER_PIVOTS)
def test_every_pivot_matches_the_ground_truth(
    api: httpx.Client, sandbox: Sandbox, account_id: int, pivot: str
) -> None:
    rows = _monthly(api, account_id, pivot)
    assert rows
    truth = list(
        sandbox.dataset.demographic_rows(account_id, pivot, START, TODAY, "MONTHLY", sandbox.now())
    )
    assert [(r["pivotValues"][0], {m: r[m] for m in METRICS}) for r in rows] == [
        (segment, metrics) for segment, _start, _end, metrics in truth
    ]
    assert all(row["impressions"] >= 3 for row in rows), "values under 3 events are dropped"
    if pivot == "MEMBER_COMPANY_SIZE":
        assert {row["pivotValues"][0] for row in rows} <= {
            "SIZE_1",
            "SIZE_2_TO_10",
            "SIZE_11_TO_50",
            "SIZE_51_TO_200",
            "SIZE_201_TO_500",
            "SIZE_501_TO_1000",
            "SIZE_1001_TO_5000",
            "SIZE_5001_TO_10000",
            "SIZE_10001_OR_MORE",
        }
    else:
        assert all(row["pivotValues"][0].startswith("urn:li:") for row in rows)


def test_segments_do_not_sum_to_the_total(api: httpx.Client, account_id: int) -> None:
    total = elements(
        analytics(
            api,
            accounts=[account_id],
            pivot="ACCOUNT",
            granularity="ALL",
            end=TODAY - timedelta(days=2),
        )
    )
    seniorities = elements(
        analytics(
            api,
            accounts=[account_id],
            pivot="MEMBER_SENIORITY",
            granularity="ALL",
            end=TODAY - timedelta(days=2),
        )
    )
    summed = sum(row["impressions"] for row in seniorities)
    assert summed != total[0]["impressions"]
    assert 0.6 * total[0]["impressions"] < summed < 1.1 * total[0]["impressions"]


def test_the_most_recent_day_has_no_demographics(api: httpx.Client, account_id: int) -> None:
    start = TODAY - timedelta(days=4)
    rows = elements(
        analytics(
            api,
            accounts=[account_id],
            pivot="MEMBER_SENIORITY",
            start=start,
            fields=("impressions", "dateRange", "pivotValues"),
        )
    )
    days = {
        date(
            r["dateRange"]["start"]["year"],
            r["dateRange"]["start"]["month"],
            r["dateRange"]["start"]["day"],
        )
        for r in rows
    }
    # At 10:00 UTC with an 18 h lag, the last published day is the day before yesterday.
    assert max(days) == TODAY - timedelta(days=2)
    performance = elements(analytics(api, accounts=[account_id], pivot="ACCOUNT", start=start))
    assert TODAY in {
        date(
            r["dateRange"]["start"]["year"],
            r["dateRange"]["start"]["month"],
            r["dateRange"]["start"]["day"],
        )
        for r in performance
    }


def test_every_demographic_urn_has_a_name(
    api: httpx.Client, sandbox: Sandbox, account_id: int
) -> None:
    urns: set[str] = set()
    for pivot in MEMBER_PIVOTS:
        if pivot != "MEMBER_COMPANY_SIZE":
            urns |= {row["pivotValues"][0] for row in _monthly(api, account_id, pivot)}
    names: dict[str, str] = {}
    ordered = sorted(urns)
    for offset in range(0, len(ordered), 50):
        batch = ",".join(enc(urn) for urn in ordered[offset : offset + 50])
        response = api.get(
            f"/adTargetingEntities?q=urns&queryVersion=QUERY_USES_URNS&urns=List({batch})"
            "&locale=(language:en,country:US)"
        )
        assert response.status_code == 200
        names |= {element["urn"]: element["name"] for element in response.json()["elements"]}
    assert set(names) == urns
    assert all(names[urn] == sandbox.dataset.entity_name(urn) for urn in urns)
    assert any(not name.isascii() for name in names.values())


def test_targeting_entities_skip_unknown_urns(api: httpx.Client) -> None:
    urns = [
        "urn:li:title:68",
        "urn:li:title:99999",
        "urn:li:seniority:4",
        "urn:li:geo:103644278",
        "urn:li:organization:1000",
    ]
    listed = ",".join(enc(urn) for urn in urns)
    response = api.get(
        f"/adTargetingEntities?q=urns&queryVersion=QUERY_USES_URNS&urns=List({listed})"
    )
    body = response.json()
    assert body["paging"] == {"count": 2147483647, "start": 0, "links": []}
    assert body["elements"] == [
        {
            "urn": "urn:li:title:68",
            "facetUrn": "urn:li:adTargetingFacet:titles",
            "name": "Marketing Manager",
        },
        {
            "urn": "urn:li:seniority:4",
            "facetUrn": "urn:li:adTargetingFacet:seniorities",
            "name": "Senior",
        },
        {
            "urn": "urn:li:geo:103644278",
            "facetUrn": "urn:li:adTargetingFacet:locations",
            "name": "United States",
        },
        {
            "urn": "urn:li:organization:1000",
            "facetUrn": "urn:li:adTargetingFacet:employers",
            "name": "Acme Analytics",
        },
    ]


def test_targeting_facet_lists_and_rules(
    api: httpx.Client, sandbox: Sandbox, sandbox_token: str
) -> None:
    facet = enc("urn:li:adTargetingFacet:seniorities")
    response = api.get(
        f"/adTargetingEntities?q=adTargetingFacet&queryVersion=QUERY_USES_URNS&facet={facet}"
    )
    assert [e["name"] for e in response.json()["elements"]][:4] == [
        "Unpaid",
        "Training",
        "Entry",
        "Senior",
    ]
    assert len(response.json()["elements"]) == 10
    assert api.get(f"/adTargetingEntities?q=adTargetingFacet&facet={facet}").status_code == 400
    with client(sandbox, sandbox_token, **{"X-Restli-Protocol-Version": "1.0.0"}) as v1:
        assert (
            v1.get(
                f"/adTargetingEntities?q=adTargetingFacet&queryVersion=QUERY_USES_URNS&facet={facet}"
            ).status_code
            == 400
        )


@pytest.mark.parametrize("prefix", ["/v2", "/rest"])
def test_standardized_data(sandbox: Sandbox, sandbox_token: str, prefix: str) -> None:
    headers = {
        "Authorization": f"Bearer {sandbox_token}",
        "LinkedIn-Version": "202601",
        "X-Restli-Protocol-Version": "2.0.0",
    }
    with bare(sandbox.base_url + prefix, **headers) as http:
        title = http.get("/titles/68").json()
        assert title == {
            "id": 68,
            "$URN": "urn:li:title:68",
            "name": {
                "localized": {"en_US": "Marketing Manager"},
                "preferredLocale": {"country": "US", "language": "en"},
            },
            "function": "urn:li:function:15",
            "superTitle": "urn:li:superTitle:418",
        }
        batch = http.get("/titles?ids=List(68,9999999)").json()
        assert list(batch["results"]) == ["68"]
        assert batch["statuses"] == {"68": 200, "9999999": 404}
        everything = http.get("/seniorities?locale=(language:en,country:US)").json()
        assert everything["paging"]["total"] == 10
        assert len(everything["elements"]) == 10
        assert http.get("/functions?start=20&count=10").json()["paging"] == {
            "start": 20,
            "count": 10,
            "total": 26,
            "links": [],
        }
        assert http.get("/seniorities?ids=List(1,2)").status_code == 400
        assert (
            http.get("/industries/4").json()["name"]["localized"]["en_US"] == "Software Development"
        )
        geo = http.get("/geo?ids=List(103644278,101620260)").json()["results"]
        assert geo["101620260"]["defaultLocalizedName"]["value"] == "ישראל"
        assert (
            http.get("/geo/103644278", headers={"X-Restli-Protocol-Version": "1.0.0"}).status_code
            == 400
        )
        assert http.get("/organizationsLookup?ids=List(1000)").status_code == 403


def test_organizations_lookup_needs_the_admin_scope(sandbox: Sandbox) -> None:
    token = sandbox.issue_token(scopes=("r_ads", "rw_organization_admin"))["access_token"]
    with client(sandbox, token) as api:
        body = api.get("/organizationsLookup?ids=List(1000,1037)").json()
    assert body["results"]["1000"]["localizedName"] == "Acme Analytics"
    assert body["results"]["1037"]["vanityName"] == "nordlichtenergiegmbh"


def test_fixed_clock_is_the_fixture_now(sandbox: Sandbox) -> None:
    assert sandbox.now() == FIXED_NOW
