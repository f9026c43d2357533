"""Ad accounts, account users, campaign groups, campaigns and creatives (contract §4.1-4.5, §6).

Behaviour worth knowing when writing a client against it:

* searches are cursor-paged (``pageSize`` <= 1000, creatives <= 100, default 100;
  ``metadata.nextPageToken`` absent on the last page); account users are index-paged;
* search filters are ORed within a field and ANDed across fields; unknown fields, statuses
  or URN kinds are a 400;
* **without a status filter, campaign groups, campaigns and creatives in PENDING_DELETION or
  REMOVED are left out** (LinkedIn documents this for campaigns; the sandbox applies it to all
  three so a client that wants everything must ask for every status explicitly);
* a campaign search without ``pageSize`` that would return more than 1000 entities is a 400
  "Request would return too many entities.";
* the creatives ``q=criteria`` finder requires ``X-RestLi-Method: FINDER``; with
  ``isTotalIncluded=true`` the count of matches is in ``metadata.total`` (LinkedIn's
  placement of it is unconfirmed: clients should not rely on it);
* batch gets (``ids=List(...)``) answer ``{results, statuses, errors}`` keyed by the id as
  a string (the URN for creatives); an id on an account without a role is a 403 entry;
* an account the member has no role on is a 403 (its analytics are an empty 200 instead).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

from linkedin.models import (
    ACCOUNT_STATUSES,
    CAMPAIGN_GROUP_STATUSES,
    CAMPAIGN_STATUSES,
    CREATIVE_STATUSES,
)
from linkedin.restli import RestliDecodeError, decode
from linkedin.sandbox.entities import JsonDict
from linkedin.sandbox.http import Problem, Response, access_denied, invalid_params, not_found
from linkedin.sandbox.protocol import (
    as_string_list,
    check_urn,
    index_page,
    numeric_key,
    path_key,
)
from linkedin.sandbox.routes.context import Context

READ_SCOPES = ("r_ads", "rw_ads")
HIDDEN_BY_DEFAULT = frozenset({"PENDING_DELETION", "REMOVED"})
_SORT_ORDERS = ("ASCENDING", "DESCENDING")
_ROLES_QUERIES = ("authenticatedUser", "accounts")
_DOC_USER_KEY = re.compile(
    r"^\(account=(urn:li:sponsoredAccount:\d+),user=(urn:li:person:[\w-]+)\)$"
)

Field = Callable[[JsonDict], Any]


def _urn_of(kind: str) -> Field:
    return lambda entity: f"urn:li:{kind}:{entity['id']}"


class _SearchField:
    """One field of a ``search=(...)`` record: how to read it and which values are legal."""

    def __init__(
        self, read: Field, allowed: Collection[str] | None = None, urn_kind: str | None = None
    ):
        self.read = read
        self.allowed = allowed
        self.urn_kind = urn_kind


def _field(name: str) -> Field:
    return lambda entity: entity.get(name)


_ACCOUNT_SEARCH = {
    "id": _SearchField(_urn_of("sponsoredAccount"), urn_kind="sponsoredAccount"),
    "status": _SearchField(_field("status"), ACCOUNT_STATUSES),
    "type": _SearchField(_field("type"), ("BUSINESS", "ENTERPRISE")),
    "reference": _SearchField(_field("reference")),
    "name": _SearchField(_field("name")),
}
_GROUP_SEARCH = {
    "id": _SearchField(_urn_of("sponsoredCampaignGroup"), urn_kind="sponsoredCampaignGroup"),
    "status": _SearchField(_field("status"), (*CAMPAIGN_GROUP_STATUSES, "CANCELLED")),
    "name": _SearchField(_field("name")),
}
_CAMPAIGN_SEARCH = {
    "id": _SearchField(_urn_of("sponsoredCampaign"), urn_kind="sponsoredCampaign"),
    "campaignGroup": _SearchField(_field("campaignGroup"), urn_kind="sponsoredCampaignGroup"),
    "status": _SearchField(_field("status"), CAMPAIGN_STATUSES),
    "type": _SearchField(
        _field("type"), ("TEXT_AD", "SPONSORED_UPDATES", "SPONSORED_INMAILS", "DYNAMIC")
    ),
    "name": _SearchField(_field("name")),
}


def _filter(
    ctx: Context, items: list[JsonDict], fields: dict[str, _SearchField], *, hide_removed: bool
) -> list[JsonDict]:
    """Apply ``search=(field:(values:List(...)),test:bool)``: OR within a field, AND across."""
    record = ctx.params.record("search") or {}
    kept = items
    for name, spec in record.items():
        if name == "test":
            if spec not in ("true", "false"):
                raise invalid_params("search test must be true or false")
            kept = [e for e in kept if e.get("test") is (spec == "true")]
            continue
        field = fields.get(name)
        if field is None:
            raise invalid_params(f"unknown search field {name!r}")
        if not isinstance(spec, dict) or set(spec) != {"values"}:
            raise invalid_params(f"search {name} must be ({name}:(values:List(...)))")
        values = set(as_string_list(spec["values"], f"search.{name}"))
        for value in values:
            if field.urn_kind is not None:
                check_urn(value, (field.urn_kind,), f"search.{name}")
            elif field.allowed is not None and value not in field.allowed:
                raise invalid_params(f"invalid {name} value {value!r}")
        if "CANCELLED" in values:
            values.add("CANCELED")
        kept = [e for e in kept if field.read(e) in values]
    if hide_removed and "status" not in record:
        kept = [e for e in kept if e.get("status") not in HIDDEN_BY_DEFAULT]
    return kept


def _sorted(ctx: Context, items: list[JsonDict], key: Field) -> list[JsonDict]:
    order = ctx.params.enum("sortOrder", _SORT_ORDERS) or "ASCENDING"
    return sorted(items, key=key, reverse=order == "DESCENDING")


def _account_id(ctx: Context, raw: str, resource: str, method: str) -> int:
    """The account in the path: 404 when unknown, 403 when the member has no role on it."""
    account_id = numeric_key(raw)
    if not ctx.dataset.account_exists(account_id):
        raise not_found(f"Ad account {account_id} does not exist")
    if ctx.dataset.role(account_id) is None:
        raise access_denied(resource, method, ctx.principal.version)
    return account_id


def _batch(ctx: Context, keys: list[str], lookup: Callable[[str], JsonDict | Problem]) -> Response:
    results: dict[str, JsonDict] = {}
    statuses: dict[str, int] = {}
    errors: dict[str, dict[str, Any]] = {}
    for key in keys:
        found = lookup(key)
        if isinstance(found, Problem):
            statuses[key] = found.status
            errors[key] = {"status": found.status, "message": found.message}
        else:
            results[key] = found
            statuses[key] = 200
    return Response.json(
        {"results": results, "statuses": statuses, "errors": errors}, elements=len(results)
    )


def _ids(ctx: Context) -> list[str]:
    return as_string_list(ctx.params.raw("ids") or [], "ids")


def _numeric(key: str) -> int | None:
    return int(key) if key.isdigit() else None


# -- ad accounts -------------------------------------------------------------------------------


def accounts(ctx: Context, segments: list[str]) -> Response:
    resource = "partnerApiAdAccounts"
    if len(segments) == 2:
        ctx.principal.require(READ_SCOPES, resource, "GET")
        ctx.restli_method("GET")
        account_id = _account_id(ctx, segments[1], resource, "GET")
        ctx.params.finish()
        return Response.json(ctx.dataset.account(account_id))
    if ctx.params.has("ids"):
        ctx.principal.require(READ_SCOPES, resource, "BATCH_GET")
        ctx.restli_method("BATCH_GET")
        keys = _ids(ctx)
        ctx.params.finish()

        def lookup(key: str) -> JsonDict | Problem:
            account_id = _numeric(key)
            if account_id is None or not ctx.dataset.account_exists(account_id):
                return Problem(404, f"Ad account {key} does not exist")
            account = ctx.dataset.account(account_id)
            return (
                account
                if account is not None
                else access_denied(resource, "GET", ctx.principal.version)
            )

        return _batch(ctx, keys, lookup)
    ctx.params.enum("q", ("search",), required=True)
    ctx.principal.require(READ_SCOPES, resource, "FINDER-search")
    ctx.restli_method("FINDER")
    found = _filter(ctx, list(ctx.dataset.accounts), _ACCOUNT_SEARCH, hide_removed=False)
    sort = ctx.params.record("sort")
    descending = False
    if sort is not None:
        if sort.get("field") != "ID" or sort.get("order") not in _SORT_ORDERS or len(sort) != 2:
            raise invalid_params("sort must be (field:ID,order:ASCENDING|DESCENDING)")
        descending = sort["order"] == "DESCENDING"
    found = sorted(found, key=lambda account: account["id"], reverse=descending)
    page = ctx.cursor.page(ctx.request, ctx.params, found, max_size=1000)
    ctx.params.finish()
    return Response.json(page, elements=len(page["elements"]))


# -- account users -----------------------------------------------------------------------------


def account_users(ctx: Context, segments: list[str]) -> Response:
    resource = "partnerApiAdAccountUsers"
    users = ctx.dataset.account_users
    if len(segments) == 2:
        ctx.principal.require(READ_SCOPES, resource, "GET")
        account_urn, user_urn = _user_key(segments[1])
        ctx.params.finish()
        account_id = check_urn(account_urn, ("sponsoredAccount",), "account")
        if ctx.dataset.role(account_id) is None:
            raise access_denied(resource, "GET", ctx.principal.version)
        for user in users:
            if user["account"] == account_urn and user["user"] == user_urn:
                return Response.json(user)
        raise not_found("No such account user")
    finder = ctx.params.enum("q", _ROLES_QUERIES, required=True)
    ctx.principal.require(READ_SCOPES, resource, f"FINDER-{finder}")
    ctx.restli_method("FINDER")
    if finder == "authenticatedUser":
        found = [user for user in users if user["user"] == ctx.principal.member_urn]
    else:
        raw = ctx.params.raw("accounts")
        if raw is None:
            raise invalid_params("missing required parameter 'accounts'")
        account_urn = raw if isinstance(raw, str) else as_string_list(raw, "accounts")[0]
        account_id = check_urn(account_urn, ("sponsoredAccount",), "accounts")
        if ctx.dataset.role(account_id) is None:
            raise access_denied(resource, "FINDER-accounts", ctx.principal.version)
        found = [user for user in users if user["account"] == account_urn]
    page = index_page(ctx.params, found)
    ctx.params.finish()
    return Response.json(page, elements=len(page["elements"]))


def _user_key(raw: str) -> tuple[str, str]:
    """``(account:urn%3A...,user:urn%3A...)`` (Rest.li 2.0), parentheses possibly encoded, or
    the 2026 docs' unencoded ``(account=urn:li:...,user=urn:li:...)``."""
    text = (
        "(" + raw[3:-3] + ")"
        if raw.upper().startswith("%28") and raw.upper().endswith("%29")
        else raw
    )
    doc_form = _DOC_USER_KEY.match(text)
    if doc_form is not None:
        return doc_form[1], doc_form[2]
    try:
        key = decode(text, strict=True)
    except RestliDecodeError:
        key = None
    if not isinstance(key, dict) or set(key) != {"account", "user"}:
        raise Problem(400, "Syntax exception in path variables", code="ILLEGAL_ARGUMENT")
    account, user = key["account"], key["user"]
    if not isinstance(account, str) or not isinstance(user, str):
        raise Problem(400, "Syntax exception in path variables", code="ILLEGAL_ARGUMENT")
    return account, user


# -- campaign groups and campaigns -------------------------------------------------------------


def campaign_groups(ctx: Context, segments: list[str]) -> Response:
    return _account_children(
        ctx,
        segments,
        resource="partnerApiAdCampaignGroups",
        items=ctx.dataset.campaign_groups_of,
        search=_GROUP_SEARCH,
        too_many_check=False,
    )


def campaigns(ctx: Context, segments: list[str]) -> Response:
    return _account_children(
        ctx,
        segments,
        resource="partnerApiAdCampaigns",
        items=ctx.dataset.campaigns_of,
        search=_CAMPAIGN_SEARCH,
        too_many_check=True,
    )


def _account_children(
    ctx: Context,
    segments: list[str],
    *,
    resource: str,
    items: Callable[[int], list[JsonDict]],
    search: dict[str, _SearchField],
    too_many_check: bool,
) -> Response:
    if len(segments) == 4:
        ctx.principal.require(READ_SCOPES, resource, "GET")
        ctx.restli_method("GET")
        account_id = _account_id(ctx, segments[1], resource, "GET")
        entity_id = numeric_key(segments[3])
        ctx.params.finish()
        for entity in items(account_id):
            if entity["id"] == entity_id:
                return Response.json(entity)
        raise not_found(f"{segments[2]} {entity_id} does not exist in account {account_id}")
    if ctx.params.has("ids"):
        ctx.principal.require(READ_SCOPES, resource, "BATCH_GET")
        ctx.restli_method("BATCH_GET")
        account_id = _account_id(ctx, segments[1], resource, "BATCH_GET")
        keys = _ids(ctx)
        ctx.params.finish()
        by_id = {str(entity["id"]): entity for entity in items(account_id)}
        return _batch(
            ctx, keys, lambda key: by_id.get(key) or Problem(404, f"{key} does not exist")
        )
    ctx.params.enum("q", ("search",), required=True)
    ctx.principal.require(READ_SCOPES, resource, "FINDER-search")
    ctx.restli_method("FINDER")
    account_id = _account_id(ctx, segments[1], resource, "FINDER-search")
    found = _filter(ctx, items(account_id), search, hide_removed=True)
    found = _sorted(ctx, found, lambda entity: entity["id"])
    page = ctx.cursor.page(
        ctx.request, ctx.params, found, max_size=1000, too_many_without_page_size=too_many_check
    )
    ctx.params.finish()
    return Response.json(page, elements=len(page["elements"]))


def flat_batch_get(ctx: Context, segments: list[str]) -> Response:
    """``/rest/adCampaignGroups?ids=...`` and ``/rest/adCampaigns?ids=...`` (BATCH_GET only;
    the flat search finders were removed in 2023)."""
    kind = segments[0]
    resource = (
        "partnerApiAdCampaignGroups" if kind == "adCampaignGroups" else "partnerApiAdCampaigns"
    )
    ctx.principal.require(READ_SCOPES, resource, "BATCH_GET")
    if not ctx.params.has("ids"):
        raise invalid_params(
            f"/{kind} only supports BATCH_GET (ids=List(...)) outside an ad account"
        )
    ctx.restli_method("BATCH_GET")
    keys = _ids(ctx)
    ctx.params.finish()
    dataset = ctx.dataset
    lookup_entity = dataset.campaign_group if kind == "adCampaignGroups" else dataset.campaign

    def lookup(key: str) -> JsonDict | Problem:
        entity_id = _numeric(key)
        entity = lookup_entity(entity_id) if entity_id is not None else None
        if entity is None:
            return Problem(404, f"{key} does not exist")
        if dataset.role(check_urn(entity["account"], ("sponsoredAccount",), "account")) is None:
            return access_denied(resource, "GET", ctx.principal.version)
        return entity

    return _batch(ctx, keys, lookup)


# -- creatives ---------------------------------------------------------------------------------


def creatives(ctx: Context, segments: list[str]) -> Response:
    resource = "partnerApiCreatives"
    if len(segments) == 4:
        ctx.principal.require(READ_SCOPES, resource, "GET")
        ctx.restli_method("GET")
        account_id = _account_id(ctx, segments[1], resource, "GET")
        urn = path_key(segments[3])
        creative_id = check_urn(urn, ("sponsoredCreative",), "creative key")
        ctx.params.finish()
        creative = ctx.dataset.creative(creative_id)
        if creative is None or creative["account"] != f"urn:li:sponsoredAccount:{account_id}":
            raise not_found(f"Creative {urn} does not exist in account {account_id}")
        return Response.json(creative)
    if ctx.params.has("ids"):
        ctx.principal.require(READ_SCOPES, resource, "BATCH_GET")
        ctx.restli_method("BATCH_GET")
        account_id = _account_id(ctx, segments[1], resource, "BATCH_GET")
        keys = _ids(ctx)
        ctx.params.finish()
        by_urn = {creative["id"]: creative for creative in ctx.dataset.creatives_of(account_id)}
        return _batch(
            ctx, keys, lambda key: by_urn.get(key) or Problem(404, f"{key} does not exist")
        )
    ctx.params.enum("q", ("criteria",), required=True)
    ctx.principal.require(READ_SCOPES, resource, "FINDER-criteria")
    ctx.restli_method("FINDER", required=True)
    account_id = _account_id(ctx, segments[1], resource, "FINDER-criteria")
    found = _creative_criteria(ctx, ctx.dataset.creatives_of(account_id))
    found = _sorted(ctx, found, lambda creative: int(creative["id"].rsplit(":", 1)[1]))
    with_total = ctx.params.boolean("isTotalIncluded")
    page = ctx.cursor.page(ctx.request, ctx.params, found, max_size=100)
    ctx.params.finish()
    if with_total:
        page["metadata"]["total"] = len(found)
    return Response.json(page, elements=len(page["elements"]))


def _creative_criteria(ctx: Context, items: list[JsonDict]) -> list[JsonDict]:
    params = ctx.params
    campaigns = set(params.urns("campaigns", ("sponsoredCampaign",)))
    creatives = set(params.urns("creatives", ("sponsoredCreative",)))
    references = set(params.strings("contentReferences"))
    statuses = set(params.strings("intendedStatuses"))
    destinations = set(params.urns("leadgenCreativeCallToActionDestinations", ("adForm",)))
    test = params.boolean("isTestAccount")
    if statuses - set(CREATIVE_STATUSES):
        raise invalid_params(
            f"invalid intendedStatuses {sorted(statuses - set(CREATIVE_STATUSES))}"
        )
    kept = []
    for creative in items:
        if campaigns and creative["campaign"] not in campaigns:
            continue
        if creatives and creative["id"] not in creatives:
            continue
        if references and creative["content"].get("reference") not in references:
            continue
        status = creative["intendedStatus"]
        if (statuses and status not in statuses) or (not statuses and status in HIDDEN_BY_DEFAULT):
            continue
        if (
            destinations
            and creative.get("leadgenCallToAction", {}).get("destination") not in destinations
        ):
            continue
        if test is not None and creative["isTest"] is not test:
            continue
        kept.append(creative)
    return kept
