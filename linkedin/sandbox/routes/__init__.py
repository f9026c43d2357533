"""The API resources under ``/rest`` (versioned) and ``/v2`` (standardized data only).

:class:`Api` runs the gate, counts the daily quotas, finds the resource and hands it a
:class:`Context`. Resources read their parameters through ``ctx.params`` (strictly: unread
parameters are refused by ``ctx.params.finish()``), check scopes and roles, and return a
:class:`~linkedin.sandbox.http.Response`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from linkedin.sandbox.dataset import Dataset
from linkedin.sandbox.gate import Gate
from linkedin.sandbox.http import Problem, Request, Response, not_found
from linkedin.sandbox.protocol import Cursor
from linkedin.sandbox.routes import adanalytics, entities, targeting
from linkedin.sandbox.routes.context import Context, Handler
from linkedin.sandbox.throttle import DailyQuotas, DataThrottle


class Api:
    def __init__(
        self,
        dataset: Dataset,
        gate: Gate,
        quotas: DailyQuotas,
        data_throttle: DataThrottle,
        cursor: Cursor,
        clock: Callable[[], datetime],
    ) -> None:
        self.dataset = dataset
        self.gate = gate
        self.quotas = quotas
        self.data_throttle = data_throttle
        self.cursor = cursor
        self.clock = clock

    def handle(self, request: Request) -> Response:
        prefix, *segments = request.path.strip("/").split("/")
        principal = self.gate.check(request, versioned=prefix == "rest")
        if request.method != "GET":
            raise Problem(
                405, f"Method {request.method} is not supported by the sandbox (read-only)"
            )
        handler, endpoint = _route(prefix, segments, request.path)
        self.quotas.charge(endpoint, principal.member_urn, self.clock())
        context = Context(
            request, principal, self.dataset, self.cursor, self.data_throttle, self.clock
        )
        return handler(context, segments)


def _route(prefix: str, segments: list[str], path: str) -> tuple[Handler, str]:
    """The handler for a path and the endpoint name daily quotas are counted under."""
    head = segments[0] if segments else ""
    if prefix == "rest":
        if head == "adAccounts" and len(segments) >= 3:
            nested = {
                "adCampaignGroups": entities.campaign_groups,
                "adCampaigns": entities.campaigns,
                "creatives": entities.creatives,
            }.get(segments[2])
            if nested is not None and len(segments) <= 4:
                return nested, segments[2]
        rest_routes: dict[str, tuple[Handler, int]] = {
            "adAccounts": (entities.accounts, 2),
            "adAccountUsers": (entities.account_users, 2),
            "adCampaignGroups": (entities.flat_batch_get, 1),
            "adCampaigns": (entities.flat_batch_get, 1),
            "adAnalytics": (adanalytics.analytics, 1),
            "adTargetingEntities": (targeting.targeting_entities, 1),
        }
        if head in rest_routes and len(segments) <= rest_routes[head][1]:
            return rest_routes[head][0], head
    if head in targeting.STANDARDIZED and len(segments) <= 2:
        return targeting.standardized, head
    raise not_found(f"No root resource defined for path '{path}'")
