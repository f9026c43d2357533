"""Fault injection (the spec grammar, every kind, determinism) and the throttles."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from sandbox_http import client

from linkedin.sandbox import FaultPlan, FaultRule, FaultSpecError, Sandbox

SEARCH = "/adAccounts?q=search"


def test_the_documented_example_parses_and_round_trips() -> None:
    spec = "429:burst=3,500:p=0.05,truncate:every=20,html:p=0.02,slow=2000ms:p=0.1,quota:after=500"
    plan = FaultPlan.parse(spec)
    assert [rule.kind for rule in plan.rules] == ["429", "500", "truncate", "html", "slow", "quota"]
    assert plan.rules[4].delay_ms == 2000
    assert str(plan) == spec
    assert str(
        FaultPlan.parse("slow=2s:path=/rest/adAnalytics,429:every=2:retry-after=7:times=3")
    ) == ("slow=2000ms:path=/rest/adAnalytics,429:every=2:times=3:retry-after=7")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty"),
        ("418", "unknown fault kind '418'"),
        ("slow:p=0.1", "slow needs a duration"),
        ("500=3", "takes no value"),
        ("quota", "quota needs after=N"),
        ("500:p=2", "p must be between 0 and 1"),
        ("500:p=x", "not a number"),
        ("500:every=0", "every must be at least 1"),
        ("500:burst=2:every=3", "at most one of"),
        ("500:colour=red", "bad option 'colour=red'"),
        ("500:retry-after=5", "retry-after only applies to 429"),
        ("500:path=rest", "path must start with /"),
        ("500,501", "fault rule 2 ('501')"),
    ],
)
def test_spec_errors_say_what_is_wrong(spec: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FaultPlan.parse(spec)


def _statuses(http: httpx.Client, count: int, path: str = SEARCH) -> list[int]:
    return [http.get(path).status_code for _ in range(count)]


def test_429_burst_then_recovery(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("429:burst=3")
    assert _statuses(api, 5) == [429, 429, 429, 200, 200]
    response = api.get(SEARCH)
    assert "Retry-After" not in response.headers
    assert sandbox.faults.fired["429"] == 3
    assert [record.fault for record in sandbox.request_log[:4]] == ["429", "429", "429", None]


def test_429_with_retry_after(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("429:burst=1:retry-after=2")
    response = api.get(SEARCH)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    assert response.json()["code"] == "TOO_MANY_REQUESTS"


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors(api: httpx.Client, sandbox: Sandbox, status: int) -> None:
    sandbox.faults = FaultPlan.parse(f"{status}:every=2")
    assert _statuses(api, 4) == [200, status, 200, status]
    assert api.get(SEARCH).headers["content-type"] == "application/json"


def test_probability_is_seeded(sandbox_factory: Callable[..., Sandbox]) -> None:
    runs = []
    for _ in range(2):
        sb = sandbox_factory(faults=FaultPlan.parse("500:p=0.3", seed=11))
        with client(sb, sb.issue_token()["access_token"]) as http:
            runs.append(_statuses(http, 30))
    assert runs[0] == runs[1]
    assert 0 < runs[0].count(500) < 30


def test_html_error_page_from_a_proxy(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("html")
    response = api.get(SEARCH)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text


def test_malformed_json(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("malformed")
    response = api.get(SEARCH)
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_truncated_body(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("truncate:burst=1")
    with pytest.raises(httpx.RemoteProtocolError):
        api.get(SEARCH)
    assert api.get(SEARCH).status_code == 200
    assert sandbox.request_log[0].fault == "truncate"


def test_dropped_connection(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("drop:burst=1")
    with pytest.raises(httpx.RemoteProtocolError):
        api.get(SEARCH)
    assert api.get(SEARCH).status_code == 200
    assert sandbox.request_log[0].status == 0


def test_slow_responses(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("slow=300ms:burst=1")
    started = time.perf_counter()
    assert api.get(SEARCH).status_code == 200
    assert time.perf_counter() - started >= 0.3
    sandbox.faults = FaultPlan.parse("slow=500ms")
    with pytest.raises(httpx.ReadTimeout):
        api.get(SEARCH, timeout=0.1)


def test_token_expires_mid_run(api: httpx.Client, sandbox: Sandbox, sandbox_token: str) -> None:
    sandbox.faults = FaultPlan.parse("expire:after=2:times=1")
    assert _statuses(api, 2) == [200, 200]
    response = api.get(SEARCH)
    assert response.status_code == 401
    assert response.json()["serviceErrorCode"] == 65602
    sandbox.faults = None
    assert api.get(SEARCH).status_code == 401, "the token really is expired now"
    assert sandbox.oauth.access_token(sandbox_token) is not None


def test_daily_quota_lasts_until_utc_midnight(api: httpx.Client, sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("quota:after=2")
    assert _statuses(api, 4) == [200, 200, 429, 429]
    assert "Retry-After" not in api.get(SEARCH).headers
    sandbox.advance(timedelta(hours=13))  # 10:00 -> 23:00, same UTC day
    assert api.get(SEARCH).status_code == 429
    sandbox.advance(timedelta(hours=1, minutes=1))  # past midnight
    assert _statuses(api, 3) == [200, 200, 429]


def test_faults_are_scoped_by_path(api: httpx.Client, sandbox: Sandbox, account_id: int) -> None:
    sandbox.faults = FaultPlan([FaultRule("503", path="/rest/adAccounts/")])
    assert api.get(SEARCH).status_code == 200
    assert api.get(f"/adAccounts/{account_id}").status_code == 503


def test_oauth_is_left_alone_unless_targeted(sandbox: Sandbox) -> None:
    sandbox.faults = FaultPlan.parse("500")
    with httpx.Client(base_url=sandbox.oauth_base_url, verify=False) as oauth:
        assert oauth.post("/introspectToken", data={}).status_code == 400
        sandbox.faults = FaultPlan.parse("500:path=/oauth/")
        assert oauth.post("/introspectToken", data={}).status_code == 500


def test_app_and_member_daily_quotas(sandbox_factory: Callable[..., Sandbox]) -> None:
    sb = sandbox_factory(app_daily_limit={"adAccounts": 3}, member_daily_limit=5)
    with client(sb, sb.issue_token()["access_token"]) as http:
        assert _statuses(http, 4) == [200, 200, 200, 429]
        assert "Retry-After" not in http.get(SEARCH).headers
        assert _statuses(http, 6, "/adAccountUsers?q=authenticatedUser") == [200] * 5 + [429]
        sb.advance(timedelta(days=1))
        assert _statuses(http, 1) == [200]
