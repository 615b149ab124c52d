"""Directory records as Open Referral UK / HSDS 3.0 JSON: the public API and the export.

Everything linkwork holds is emitted (HSDS 3.0 is a superset of the ORUK 3.0 profile, and
extra fields are allowed); what HSDS has no field for (capacity, how to refer, freshness)
goes in one `linkwork` object on the service, which the import reads back.
"""

import uuid
from datetime import date, datetime, time
from decimal import Decimal

from linkwork.directory.models import Location, Organisation, Service, ServiceAtLocation


def _value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _id(obj) -> str | None:
    return str(obj.uuid) if obj is not None else None


def _fields(obj, names) -> dict:
    return {name: _value(getattr(obj, name)) for name in names}


def _fk(obj, name: str) -> str | None:
    related = getattr(obj, name)
    return _id(related)


ORGANISATION_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "uri",
    "logo",
    "legal_status",
]
SERVICE_FIELDS = [
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
]
LOCATION_FIELDS = [
    "location_type",
    "url",
    "name",
    "alternate_name",
    "description",
    "transportation",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
]
ADDRESS_FIELDS = [
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
]
SCHEDULE_FIELDS = [
    "valid_from",
    "valid_to",
    "dtstart",
    "timezone",
    "until",
    "count",
    "wkst",
    "freq",
    "interval",
    "byday",
    "byweekno",
    "bymonthday",
    "byyearday",
    "description",
    "opens_at",
    "closes_at",
    "schedule_link",
    "attending_type",
    "notes",
]
COST_FIELDS = ["valid_from", "valid_to", "option", "currency", "amount", "amount_description"]
AREA_FIELDS = ["name", "description", "extent", "extent_type", "uri"]
LANGUAGE_FIELDS = ["name", "code", "note"]
CONTACT_FIELDS = ["name", "title", "department", "email"]
PHONE_FIELDS = ["number", "extension", "type", "description"]
LINKWORK_FIELDS = [
    "capacity_status",
    "capacity_wait_weeks",
    "capacity_note",
    "capacity_set_at",
    "capacity_set_by_organisation",
    "how_to_refer",
    "referral_email",
    "referral_phone",
    "in_person",
    "by_phone",
    "online",
    "eligible_gender",
    "last_verified_on",
    "review_due_on",
    "changed_by_organisation_at",
    "is_public",
]


def phone(p) -> dict:
    return {
        "id": _id(p),
        "service_id": _fk(p, "service"),
        "organization_id": _fk(p, "organisation"),
        "location_id": _fk(p, "location"),
        "contact_id": _fk(p, "contact"),
        "service_at_location_id": _fk(p, "service_at_location"),
        **_fields(p, PHONE_FIELDS),
        "languages": [language(lang) for lang in p.languages.all()],
    }


def contact(c) -> dict:
    return {
        "id": _id(c),
        "organization_id": _fk(c, "organisation"),
        "service_id": _fk(c, "service"),
        "service_at_location_id": _fk(c, "service_at_location"),
        "location_id": _fk(c, "location"),
        **_fields(c, CONTACT_FIELDS),
        "phones": [phone(p) for p in c.phones.all()],
    }


def schedule(s) -> dict:
    return {
        "id": _id(s),
        "service_id": _fk(s, "service"),
        "location_id": _fk(s, "location"),
        "service_at_location_id": _fk(s, "service_at_location"),
        **_fields(s, SCHEDULE_FIELDS),
    }


def language(lang) -> dict:
    return {
        "id": _id(lang),
        "service_id": _fk(lang, "service"),
        "location_id": _fk(lang, "location"),
        "phone_id": _fk(lang, "phone"),
        **_fields(lang, LANGUAGE_FIELDS),
    }


def organisation(org: Organisation, *, full: bool = True) -> dict:
    data = {"id": _id(org), **_fields(org, ORGANISATION_FIELDS)}
    identifiers = []
    if org.charity_number:
        identifiers.append(
            {
                "id": str(uuid.uuid5(org.uuid, "oscr")),
                "organization_id": str(org.uuid),
                "identifier_scheme": "OSCR",
                "identifier_type": "Scottish charity number",
                "identifier": org.charity_number,
            }
        )
    data["organization_identifiers"] = identifiers
    if full:
        data["contacts"] = [contact(c) for c in org.contacts.filter(service__isnull=True)]
        data["phones"] = [phone(p) for p in org.phones.filter(contact__isnull=True)]
    return data


def taxonomy_term(term) -> dict:
    return {
        "id": _id(term),
        "code": term.code,
        "name": term.name,
        "description": term.description,
        "parent_id": _id(term.parent),
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": _id(term.taxonomy),
        "language": term.language,
        "term_uri": term.term_uri,
        "linkwork_need": term.need,
    }


def taxonomy(tax, *, with_terms: bool = False) -> dict:
    data = {"id": _id(tax), **_fields(tax, ["name", "description", "uri", "version"])}
    if with_terms:
        data["taxonomy_terms"] = [taxonomy_term(t) for t in tax.terms.select_related("parent")]
    return data


def attribute(a) -> dict:
    return {
        "id": _id(a),
        "link_id": _id(a.service),
        "link_type": a.link_type,
        "link_entity": "service",
        "taxonomy_term_id": _id(a.taxonomy_term),
        "value": a.value,
        "taxonomy_term": taxonomy_term(a.taxonomy_term),
    }


def location(loc: Location) -> dict:
    return {
        "id": _id(loc),
        "organization_id": _fk(loc, "organisation"),
        **_fields(loc, LOCATION_FIELDS),
        "addresses": [
            {"id": _id(a), "location_id": _id(loc), **_fields(a, ADDRESS_FIELDS)}
            for a in loc.addresses.all()
        ],
        "accessibility": [
            {"id": _id(a), "location_id": _id(loc), **_fields(a, ["description", "details", "url"])}
            for a in loc.accessibilities.all()
        ],
        "languages": [language(lang) for lang in loc.languages.all()],
        "phones": [phone(p) for p in loc.phones.filter(contact__isnull=True)],
        "contacts": [contact(c) for c in loc.contacts.all()],
        "schedules": [schedule(s) for s in loc.schedules.all()],
    }


def service_at_location(sal: ServiceAtLocation, *, with_service: bool = True) -> dict:
    data = {
        "id": _id(sal),
        "service_id": _id(sal.service),
        "location_id": _id(sal.location),
        "description": sal.description,
        "contacts": [contact(c) for c in sal.contacts.all()],
        "phones": [phone(p) for p in sal.phones.filter(contact__isnull=True)],
        "schedules": [schedule(s) for s in sal.schedules.all()],
        "location": location(sal.location),
    }
    if with_service:
        data["service"] = service_summary(sal.service)
    return data


def service_summary(service: Service) -> dict:
    """A /services list item: the service's own fields and its organisation."""
    return {
        "id": _id(service),
        "organization_id": _id(service.organisation),
        **_fields(service, SERVICE_FIELDS),
        "fees": None if service.is_free else (service.fees_description or "Charges apply"),
        "last_modified": _value(service.last_modified),
        "organization": organisation(service.organisation, full=False),
    }


def service(svc: Service) -> dict:
    """A fully nested service (/services/{id} and the export)."""
    return {
        **service_summary(svc),
        "phones": [phone(p) for p in svc.phones.filter(contact__isnull=True)],
        "schedules": [schedule(s) for s in svc.schedules.filter(service_at_location__isnull=True)],
        "service_areas": [
            {"id": _id(a), "service_id": _id(svc), **_fields(a, AREA_FIELDS)}
            for a in svc.service_areas.all()
        ],
        "service_at_locations": [
            service_at_location(sal, with_service=False)
            for sal in svc.service_at_locations.select_related("location", "service")
        ],
        "languages": [language(lang) for lang in svc.languages.all()],
        "cost_options": [
            {"id": _id(c), "service_id": _id(svc), **_fields(c, COST_FIELDS)}
            for c in svc.cost_options.all()
        ],
        "contacts": [contact(c) for c in svc.contacts.all()],
        "attributes": [
            attribute(a)
            for a in svc.attributes.select_related("taxonomy_term__taxonomy", "service")
        ],
        "funding": [],
        "required_documents": [],
        "linkwork": {
            **_fields(svc, LINKWORK_FIELDS),
            "source": svc.source.name if svc.source else "linkwork",
            "source_id": svc.source_ref,
        },
    }
