"""Names for demographic URNs: ``adTargetingEntities`` and the standardized-data resources.

* ``/rest/adTargetingEntities?q=urns`` resolves a mixed list of URNs in one call; unknown
  URNs are simply missing from ``elements``. ``q=adTargetingFacet`` lists a whole facet.
  Both need ``queryVersion=QUERY_USES_URNS`` and Rest.li 2.0 (contract §7.2).
* ``titles``, ``seniorities``, ``functions``, ``industries``, ``geo`` and
  ``organizationsLookup`` answer under both ``/v2`` and ``/rest`` with their documented
  shapes and methods (contract §7.3): GET by id, BATCH_GET where LinkedIn has it, GET_ALL
  (index-paged) where LinkedIn has it; anything else is a 400. ``geo`` needs Rest.li 2.0.
  ``organizationsLookup`` needs the ``rw_organization_admin`` scope the docs list (the
  targeting route above is the scope-free way to name companies).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linkedin.sandbox import reference
from linkedin.sandbox.http import Response, bad_request, invalid_params, not_found
from linkedin.sandbox.protocol import as_string_list, index_page, numeric_key
from linkedin.sandbox.routes.context import Context

MEMBER_SCOPES = (
    "r_ads",
    "rw_ads",
    "r_ads_reporting",
    "r_organization_social",
    "rw_organization_admin",
    "r_basicprofile",
    "r_liteprofile",
    "openid",
    "profile",
    "email",
    "r_emailaddress",
)
_UNBOUNDED_COUNT = 2_147_483_647
_FACET_KIND = {facet: kind for kind, facet in reference.FACET_OF_KIND.items()}


def _localized(name: str) -> dict[str, Any]:
    return {"localized": {"en_US": name}, "preferredLocale": {"country": "US", "language": "en"}}


def _title(title_id: int) -> dict[str, Any] | None:
    entry = reference.TITLES.get(title_id)
    if entry is None:
        return None
    name, function = entry
    return {
        "id": title_id,
        "$URN": f"urn:li:title:{title_id}",
        "name": _localized(name),
        "function": f"urn:li:function:{function}",
        "superTitle": f"urn:li:superTitle:{400 + title_id % 50}",
    }


def _simple(kind: str, names: dict[int, str]) -> Callable[[int], dict[str, Any] | None]:
    def entity(entity_id: int) -> dict[str, Any] | None:
        name = names.get(entity_id)
        if name is None:
            return None
        return {"id": entity_id, "$URN": f"urn:li:{kind}:{entity_id}", "name": _localized(name)}

    return entity


def _geo(geo_id: int) -> dict[str, Any] | None:
    geo = reference.GEOS.get(geo_id)
    if geo is None:
        return None
    return {
        "id": geo_id,
        "defaultLocalizedName": {"locale": {"country": "US", "language": "en"}, "value": geo.name},
    }


def _organization(organization_id: int) -> dict[str, Any] | None:
    name = reference.ORGANIZATIONS.get(organization_id)
    if name is None:
        return None
    vanity = (
        "".join(c for c in name.lower() if c.isascii() and c.isalnum()) or f"org{organization_id}"
    )
    return {
        "id": organization_id,
        "localizedName": name,
        "vanityName": vanity,
        "name": _localized(name),
        "primaryOrganizationType": "NONE",
    }


# resource -> (lookup, methods it supports)
STANDARDIZED: dict[str, tuple[Callable[[int], dict[str, Any] | None], frozenset[str]]] = {
    "titles": (_title, frozenset({"GET", "BATCH_GET", "GET_ALL"})),
    "seniorities": (_simple("seniority", reference.SENIORITIES), frozenset({"GET", "GET_ALL"})),
    "functions": (_simple("function", reference.FUNCTIONS), frozenset({"GET", "GET_ALL"})),
    "industries": (
        _simple("industry", reference.INDUSTRIES),
        frozenset({"GET", "BATCH_GET", "GET_ALL"}),
    ),
    "geo": (_geo, frozenset({"GET", "BATCH_GET"})),
    "organizationsLookup": (_organization, frozenset({"BATCH_GET"})),
}
_ALL_IDS: dict[str, Callable[[], list[int]]] = {
    "titles": lambda: sorted(reference.TITLES),
    "seniorities": lambda: sorted(reference.SENIORITIES),
    "functions": lambda: sorted(reference.FUNCTIONS),
    "industries": lambda: sorted(reference.INDUSTRIES),
}


def _read_locale(ctx: Context) -> None:
    """``locale=(language:en,country:US)``, ``locale=en_US`` or 1.0 ``locale.language=en``.

    Every name is served in en_US, LinkedIn's fallback, whatever is asked for."""
    locale = ctx.params.raw("locale")
    if locale is None or isinstance(locale, str):
        return
    if not isinstance(locale, dict) or not set(locale) <= {"language", "country"}:
        raise invalid_params("locale must be (language:xx,country:YY)")


def standardized(ctx: Context, segments: list[str]) -> Response:
    resource = segments[0]
    lookup, methods = STANDARDIZED[resource]
    if resource == "organizationsLookup":
        ctx.principal.require(("rw_organization_admin",), "organizationsLookup", "BATCH_GET")
    else:
        ctx.principal.require(MEMBER_SCOPES, resource, "GET")
    if resource == "geo" and not ctx.request.restli2:
        raise bad_request("The geo API needs the header X-Restli-Protocol-Version: 2.0.0")
    _read_locale(ctx)
    if len(segments) == 2:
        method = "GET"
    elif ctx.params.has("ids"):
        method = "BATCH_GET"
    else:
        method = "GET_ALL"
    if method not in methods:
        raise bad_request(f"{resource} does not support {method}")
    ctx.restli_method(method)
    if method == "GET":
        ctx.params.finish()
        entity = lookup(numeric_key(segments[1]))
        if entity is None:
            raise not_found(f"No {resource} entity {segments[1]}")
        return Response.json(entity)
    if method == "BATCH_GET":
        keys = as_string_list(ctx.params.raw("ids") or [], "ids")
        ctx.params.finish()
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        for key in keys:
            entity = lookup(int(key)) if key.isdigit() else None
            if entity is None:
                errors[key] = {"status": 404, "message": f"No {resource} entity {key}"}
            else:
                results[key] = entity
        statuses = {key: 200 if key in results else 404 for key in keys}
        return Response.json(
            {"results": results, "statuses": statuses, "errors": errors}, elements=len(results)
        )
    everything = [lookup(entity_id) for entity_id in _ALL_IDS[resource]()]
    page = index_page(ctx.params, everything)
    ctx.params.finish()
    return Response.json(page, elements=len(page["elements"]))


def targeting_entities(ctx: Context, _segments: list[str]) -> Response:
    ctx.principal.require(MEMBER_SCOPES, "adTargetingEntities", "FINDER")
    if not ctx.request.restli2:
        raise bad_request("adTargetingEntities needs the header X-Restli-Protocol-Version: 2.0.0")
    params = ctx.params
    finder = params.enum("q", ("urns", "adTargetingFacet"), required=True)
    params.enum("queryVersion", ("QUERY_USES_URNS",), required=True)
    params.enum("fetchType", ("SINGLE_NODE", "LAZY"))
    _read_locale(ctx)
    if finder == "urns":
        urns = params.strings("urns")
        if not urns:
            raise invalid_params("urns must list at least one URN")
        elements = [_targeting_entity(urn) for urn in dict.fromkeys(urns)]
    else:
        facet = params.string("facet", required=True)
        kind = _FACET_KIND.get(facet or "")
        if kind is None:
            raise invalid_params(f"unsupported facet {facet!r}")
        elements = [
            _targeting_entity(urn) for urn in reference.URN_NAMES if reference.urn_kind(urn) == kind
        ]
    found = [element for element in elements if element is not None]
    start = params.integer("start", default=0)
    count = params.integer("count", default=_UNBOUNDED_COUNT)
    params.finish()
    page = found[start : start + count]
    return Response.json(
        {"elements": page, "paging": {"count": count, "start": start, "links": []}},
        elements=len(page),
    )


def _targeting_entity(urn: str) -> dict[str, str] | None:
    name = reference.URN_NAMES.get(urn)
    facet = reference.FACET_OF_KIND.get(reference.urn_kind(urn))
    if name is None or facet is None:
        return None
    return {"urn": urn, "facetUrn": facet, "name": name}
