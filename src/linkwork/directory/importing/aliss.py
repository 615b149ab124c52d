"""Importing an ALISS export (api.aliss.org v4 JSON: `{"meta", "data": [...]}` or a list of
services). ALISS is not HSDS; its fields map as:

service: id -> source id (and UUID), name, description, url, email, phone -> a phone,
referral_url -> application_process, last_reviewed -> last verified; organisation {id, name}
-> organisation; locations[] -> location + address (street_address, locality, postal_code,
latitude, longitude); categories[{name, slug}] -> terms of an "ALISS categories" taxonomy,
each mapped onto a need; service_areas[{code, type, name}] -> service areas;
accessibility_features[{name, additional_info, location_id}] -> accessibility of that
location (or of every location); community_groups[{name, is_range, min, max}] ->
eligibility text, and ages where a group is an age range.
ALISS data is CC BY 4.0: the source keeps its licence and attribution.
"""

from django.utils.dateparse import parse_date, parse_datetime

from linkwork.directory.importing.common import text
from linkwork.directory.importing.oruk import import_each
from linkwork.directory.importing.report import ImportReport
from linkwork.directory.models import Source

ALISS_LICENCE = "CC BY 4.0"
ALISS_ATTRIBUTION = "Contains ALISS data (www.aliss.org), CC BY 4.0"


def services_in(document) -> list:
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        return document["data"]
    return document if isinstance(document, list) else []


def looks_like_aliss(document) -> bool:
    items = services_in(document)
    first = items[0] if items and isinstance(items[0], dict) else {}
    return isinstance(document, dict) and "meta" in document or "organisation" in first


def import_aliss(document, *, source: Source, report: ImportReport, by=None, hscp=None) -> None:
    items = services_in(document)
    import_each(items, source=source, report=report, by=by, convert=as_oruk, hscp=hscp)


def _reviewed(value) -> str | None:
    if not value:
        return None
    try:
        moment = parse_datetime(str(value))
        day = moment.date() if moment else parse_date(str(value)[:10])
    except ValueError:  # well formed but impossible, such as 2025-13-01
        day = None
    return day.isoformat() if day else None


def as_oruk(item: dict) -> dict:
    """One ALISS service in the ORUK service shape the ORUK importer reads."""
    organisation = item.get("organisation") or {}
    locations = item.get("locations") or []
    features = item.get("accessibility_features") or []
    ages = [g for g in item.get("community_groups") or [] if g.get("is_range")]
    groups = [text(g.get("name")) for g in item.get("community_groups") or []]
    return {
        "id": item.get("id"),
        "name": text(item.get("name")),
        "description": text(item.get("description")) or text(item.get("summary")),
        "url": text(item.get("url")),
        "email": text(item.get("email")),
        "application_process": text(item.get("referral_url")),
        "eligibility_description": ", ".join(filter(None, groups)),
        "minimum_age": min((g.get("min") for g in ages if g.get("min") is not None), default=None),
        "maximum_age": max((g.get("max") for g in ages if g.get("max") is not None), default=None),
        "organization": {
            "id": organisation.get("id") or text(organisation.get("name")),
            "name": text(organisation.get("name")),
        },
        "phones": [{"id": None, "number": text(item["phone"])}] if item.get("phone") else [],
        "service_areas": [
            {
                "name": text(a.get("name")),
                "extent": text(a.get("code")),
                "extent_type": text(a.get("type")),
            }
            for a in item.get("service_areas") or []
        ],
        "attributes": [
            {
                "taxonomy_term": {
                    "id": f"aliss:{c.get('slug')}",
                    "code": text(c.get("slug")),
                    "name": text(c.get("name")),
                    "taxonomy": "ALISS categories",
                }
            }
            for c in item.get("categories") or []
            if c.get("slug") or c.get("name")
        ],
        "service_at_locations": [_location(loc, features, item) for loc in locations],
        "linkwork": {"last_verified_on": _reviewed(item.get("last_reviewed"))},
    }


def _location(loc: dict, features: list, item: dict) -> dict:
    mine = [
        f for f in features if not f.get("location_id") or f.get("location_id") == loc.get("id")
    ]
    return {
        "id": f"{item.get('id')}:{loc.get('id')}",
        "location": {
            "id": loc.get("id"),
            "name": text(loc.get("name")) or text(loc.get("formatted_address"))[:250],
            "description": text(loc.get("description")),
            "location_type": "physical",
            "latitude": loc.get("latitude"),
            "longitude": loc.get("longitude"),
            "addresses": [
                {
                    "address_1": text(loc.get("street_address"))
                    or text(loc.get("formatted_address")),
                    "city": text(loc.get("locality")) or "Not given",
                    "region": text(loc.get("region")),
                    "postal_code": text(loc.get("postal_code")),
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": [
                {"description": text(f.get("name")), "details": text(f.get("additional_info"))}
                for f in mine
            ],
        },
    }
