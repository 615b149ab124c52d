"""Importing Open Referral UK / HSDS 3.0 JSON: a list of services in the ORUK service
shape, or a paged API response (`contents`) saved to a file.

Idempotent on the source's ids: a service, organisation, location, taxonomy or term seen
before is updated, never duplicated. A service's own details (phones, schedules, areas,
languages, costs, contacts, attributes, where it is offered) are replaced with the file's.
Each service is its own transaction: a rejected one changes nothing and says why.
"""

import json
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from linkwork.core.recording import save_recorded
from linkwork.directory.importing.common import as_uuid, existing, text, upsert
from linkwork.directory.importing.report import ImportReport
from linkwork.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organisation,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Source,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork.directory.oruk import serialise
from linkwork.directory.search.index import reindex
from linkwork.directory.services.records import geocode
from linkwork.directory.taxonomy import map_to_need, needs_taxonomy

DATE_FIELDS = {
    "assured_date",
    "valid_from",
    "valid_to",
    "dtstart",
    "until",
    "last_verified_on",
    "review_due_on",
}
TIME_FIELDS = {"opens_at", "closes_at"}
DATETIME_FIELDS = {"capacity_set_at", "changed_by_organisation_at"}
INT_FIELDS = {"minimum_age", "maximum_age", "count", "interval", "capacity_wait_weeks"}
FLOAT_FIELDS = {"latitude", "longitude"}
NULLABLE = INT_FIELDS | FLOAT_FIELDS | DATE_FIELDS | TIME_FIELDS | DATETIME_FIELDS


def services_in(document) -> list:
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, list):
        return document
    return []


def import_oruk(document, *, source: Source, report: ImportReport, by=None, hscp=None) -> None:
    import_each(services_in(document), source=source, report=report, by=by, hscp=hscp)


def import_each(
    items, *, source: Source, report: ImportReport, by=None, convert=None, hscp=None
) -> None:
    """Each service in its own transaction, its fate (or why it was refused) reported.
    With `hscp`, organisations created (or found without one) belong to that HSCP."""
    needs_taxonomy()
    for item in items:
        if not isinstance(item, dict):
            report.add("rejected", "", "", "not a service object")
            continue
        try:
            with transaction.atomic():
                fate = import_service(
                    convert(item) if convert else item, source=source, by=by, hscp=hscp
                )
        except ValidationError as error:
            report.add("rejected", item.get("id"), item.get("name"), _reason(error))
        except (ValueError, TypeError, AttributeError) as error:  # a shape we cannot read
            reason = f"could not be read ({type(error).__name__}: {error})"
            report.add("rejected", item.get("id"), item.get("name"), reason)
        else:
            report.add(fate, item.get("id"), item.get("name"))


def _reason(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


def _convert(name: str, value):
    if value is None or (value == "" and name in NULLABLE):
        return None if name in NULLABLE else ""
    if name in FLOAT_FIELDS:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValidationError({name: f"'{value}' is not a number"}) from None
    parsers = [
        (DATE_FIELDS, parse_date),
        (TIME_FIELDS, parse_time),
        (DATETIME_FIELDS, parse_datetime),
    ]
    for names, parser in parsers:
        if name in names:
            return _parsed(name, value, parser)
    if name in INT_FIELDS:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError({name: f"'{value}' is not a whole number"}) from None
    return value


def _parsed(name: str, value, parser):
    """A date or time, or a refusal naming the field: '9am' and '25:00' alike."""
    kind = parser.__name__[6:]
    example = {"date": "2025-03-31", "time": "09:30", "datetime": "2025-03-31T09:30:00Z"}[kind]
    try:
        parsed = parser(str(value))
    except ValueError:  # well formed but impossible, such as 25:00
        parsed = None
    if parsed is None:
        raise ValidationError({name: f"'{value}' is not a valid {kind}, like {example}"})
    return parsed


def _pick(item: dict, names) -> dict:
    return {name: _convert(name, item.get(name)) for name in names if name in item}


def import_service(item: dict, *, source: Source, by=None, hscp=None) -> str:
    if not item.get("id") or not text(item.get("name")):
        raise ValidationError("A service needs an id and a name.")
    organisation = _organisation(item, source, by)
    claimed = _claim(organisation, hscp, by)
    found = existing(Service, source, item["id"])
    before = serialise.service(found) if found else None
    fields = {"organisation": organisation, **_pick(item, serialise.SERVICE_FIELDS)}
    fields |= _pick(item.get("linkwork") or {}, serialise.LINKWORK_FIELDS)
    if not item.get("status"):
        fields["status"] = "active"
    service, fate = upsert(Service, source, item["id"], fields, by=by)
    _replace_details(service, item, source, by)
    reindex(service)
    service.refresh_from_db()
    if fate != "created" and serialise.service(service) == before and not claimed:
        return "unchanged"
    return "updated" if fate == "unchanged" else fate


def _claim(organisation: Organisation, hscp, by) -> bool:
    """An organisation with no HSCP yet joins the one the import is for; one that has an
    HSCP keeps it."""
    if hscp is None or organisation.hscp_id is not None:
        return False
    organisation.hscp = hscp
    save_recorded(organisation, by=by, audit=None)  # the import's one event covers it
    return True


def _organisation(item: dict, source: Source, by) -> Organisation:
    data = item.get("organization") or {}
    ref = data.get("id") or item.get("organization_id")
    if not data:
        found = existing(Organisation, source, ref)
        if found is None:
            raise ValidationError({"organization": "The service has no organization."})
        return found
    if not text(data.get("name")):
        raise ValidationError({"organization": "The organization has no name."})
    fields = _pick(data, serialise.ORGANISATION_FIELDS)
    for identifier in data.get("organization_identifiers") or []:
        if str(identifier.get("identifier_scheme", "")).upper() == "OSCR":
            fields["charity_number"] = text(identifier.get("identifier"), 20)
    organisation, _ = upsert(Organisation, source, ref or data["name"], fields, by=by)
    return organisation


def _child(model, data: dict, names, **parents):
    """A detail row with the source's id kept as its UUID where it is free."""
    record = model(**parents, **_pick(data, names))
    wanted = as_uuid(data.get("id")) or _stable_id(model, data, parents)
    if wanted and not model.objects.filter(uuid=wanted).exists():
        record.uuid = wanted
    record.full_clean(validate_unique=False, validate_constraints=False)
    record.save()
    return record


def _stable_id(model, data: dict, parents: dict) -> uuid.UUID:
    """For a detail the source gave no id: the same id for the same content each import,
    so importing an unchanged file changes nothing."""
    owners = ",".join(str(getattr(p, "uuid", p)) for p in parents.values())
    content = json.dumps(data, sort_keys=True, default=str)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{model._meta.label}:{owners}:{content}")


def _replace_details(service: Service, item: dict, source: Source, by) -> None:
    for related in (
        "phones",
        "schedules",
        "service_areas",
        "languages",
        "cost_options",
        "contacts",
        "attributes",
    ):
        getattr(service, related).all().delete()
    for phone in item.get("phones") or []:
        _phone(phone, service=service)
    for schedule in item.get("schedules") or []:
        _child(Schedule, schedule, serialise.SCHEDULE_FIELDS, service=service)
    for area in item.get("service_areas") or []:
        _child(ServiceArea, area, serialise.AREA_FIELDS, service=service)
    for language in item.get("languages") or []:
        _child(Language, language, serialise.LANGUAGE_FIELDS, service=service)
    for cost in item.get("cost_options") or []:
        _cost(cost, service)
    for contact in item.get("contacts") or []:
        _contact(contact, service=service)
    for attribute in item.get("attributes") or []:
        _attribute(attribute, service, source)
    service.service_at_locations.all().delete()
    for at in item.get("service_at_locations") or []:
        _service_at_location(at, service, source, by)


def _phone(data: dict, **parents):
    if not text(data.get("number")):
        raise ValidationError({"phones": "A phone has no number."})
    phone = _child(Phone, data, serialise.PHONE_FIELDS, **parents)
    for language in data.get("languages") or []:
        _child(Language, language, serialise.LANGUAGE_FIELDS, phone=phone)
    return phone


def _contact(data: dict, **parents):
    contact = _child(Contact, data, serialise.CONTACT_FIELDS, **parents)
    for phone in data.get("phones") or []:
        _phone(phone, contact=contact)


def _cost(data: dict, service: Service):
    amount = data.get("amount")
    try:
        data = {**data, "amount": None if amount in (None, "") else Decimal(str(amount))}
    except InvalidOperation:
        raise ValidationError({"cost_options": f"amount '{amount}' is not a number"}) from None
    _child(CostOption, data, serialise.COST_FIELDS, service=service)


def _attribute(data: dict, service: Service, source: Source):
    term_data = data.get("taxonomy_term") or {}
    term_id = term_data.get("id") or data.get("taxonomy_term_id")
    term = TaxonomyTerm.objects.filter(uuid=as_uuid(term_id)).first() if term_id else None
    if term is None or (term.source_id is not None and term.source_id != source.pk):
        term = _term(term_data, source) if term_data else term
    if term is None:
        raise ValidationError({"attributes": f"taxonomy term {term_id} is not described"})
    if not service.attributes.filter(taxonomy_term=term).exists():
        _child(Attribute, data, ["link_type", "value"], service=service, taxonomy_term=term)


def _term(data: dict, source: Source) -> TaxonomyTerm:
    taxonomy_name = text(data.get("taxonomy")) or "Imported categories"
    taxonomy, _ = upsert(
        Taxonomy, source, data.get("taxonomy_id") or taxonomy_name, {"name": taxonomy_name}
    )
    need = data.get("linkwork_need") or map_to_need(text(data.get("code")), text(data.get("name")))
    fields = {
        "taxonomy": taxonomy,
        "code": text(data.get("code"), 100),
        "name": text(data.get("name"), 200) or text(data.get("code"), 200),
        "description": text(data.get("description")),
        "term_uri": text(data.get("term_uri")),
        "language": text(data.get("language"), 10),
        "need": need or "",
    }
    term, _ = upsert(TaxonomyTerm, source, data.get("id") or fields["name"], fields)
    return term


def _service_at_location(data: dict, service: Service, source: Source, by):
    location_data = data.get("location") or {}
    ref = location_data.get("id") or data.get("location_id")
    if not ref:
        raise ValidationError({"service_at_locations": "A service_at_location has no location."})
    fields = _pick(location_data, serialise.LOCATION_FIELDS)
    fields["organisation"] = service.organisation
    if not fields.get("location_type"):
        fields["location_type"] = "physical"
    location, _ = upsert(Location, source, ref, fields, by=by)
    _replace_location_details(location, location_data)
    at, _ = upsert(
        ServiceAtLocation,
        source,
        data.get("id") or f"{service.uuid}:{location.uuid}",
        {"service": service, "location": location, "description": text(data.get("description"))},
    )
    for schedule in data.get("schedules") or []:
        _child(Schedule, schedule, serialise.SCHEDULE_FIELDS, service_at_location=at)
    for contact in data.get("contacts") or []:
        _contact(contact, service_at_location=at)
    for phone in data.get("phones") or []:
        _phone(phone, service_at_location=at)


def _replace_location_details(location: Location, data: dict) -> None:
    for related in ("addresses", "accessibilities", "languages", "phones", "contacts", "schedules"):
        getattr(location, related).all().delete()
    for address in data.get("addresses") or []:
        _child(Address, address, serialise.ADDRESS_FIELDS, location=location)
    for access in data.get("accessibility") or []:
        _child(Accessibility, access, ["description", "details", "url"], location=location)
    for language in data.get("languages") or []:
        _child(Language, language, serialise.LANGUAGE_FIELDS, location=location)
    for phone in data.get("phones") or []:
        _phone(phone, location=location)
    for contact in data.get("contacts") or []:
        _contact(contact, location=location)
    for schedule in data.get("schedules") or []:
        _child(Schedule, schedule, serialise.SCHEDULE_FIELDS, location=location)
    geocode(location)
