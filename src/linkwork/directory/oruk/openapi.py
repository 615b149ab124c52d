"""A short OpenAPI 3 description of the ORUK endpoints linkwork serves (the full schemas
are the ORUK 3.0 specification's; see docs/architecture.md)."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

PAGING = ["page", "per_page"]
SERVICE_QUERY = [
    "search",
    *PAGING,
    "taxonomy_term_id",
    "taxonomy_id",
    "minimum_age",
    "maximum_age",
    "start_time",
    "end_time",
    "day",
]
PATHS = {
    "/": ("API information", []),
    "/services": ("Services (page object)", SERVICE_QUERY),
    "/services/{id}": ("One service, fully nested", []),
    "/service_at_locations": (
        "Services at locations (page object)",
        [*SERVICE_QUERY, "postcode", "proximity"],
    ),
    "/service_at_locations/{id}": ("One service at a location", []),
    "/taxonomies": ("Taxonomies (page object)", PAGING),
    "/taxonomies/{id}": ("One taxonomy with its terms", []),
    "/taxonomy_terms": ("Taxonomy terms (page object)", [*PAGING, "taxonomy_id"]),
    "/taxonomy_terms/{id}": ("One taxonomy term", []),
}


def _operation(summary: str, params: list[str], path: str) -> dict:
    parameters = [{"name": name, "in": "query", "schema": {"type": "string"}} for name in params]
    if "{id}" in path:
        parameters.append(
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            }
        )
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {"200": {"description": "OK"}, "404": {"description": "Not found"}},
        }
    }


@login_not_required
@require_GET
def document(request):
    response = JsonResponse(
        {
            "openapi": "3.0.3",
            "info": {"title": "linkwork Open Referral UK API", "version": "HSDS-UK-3.0"},
            "paths": {path: _operation(s, p, path) for path, (s, p) in PATHS.items()},
        }
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
