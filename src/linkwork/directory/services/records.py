"""Directory records: organisations, services, their locations, capacity and freshness."""

from dataclasses import dataclass, field
from datetime import time

from django.db import transaction
from django.utils import timezone

from linkwork.accounts.authorisation import role_assignments
from linkwork.accounts.roles import Role
from linkwork.audit.models import Action
from linkwork.audit.services import record
from linkwork.core.recording import save_recorded
from linkwork.directory import notifications
from linkwork.directory.freshness import next_review
from linkwork.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Verification,
)
from linkwork.directory.search.index import reindex
from linkwork.directory.taxonomy import need_term
from linkwork.organisations.models import LinkWorker
from linkwork.places.geocoding import locate


@dataclass
class LocationDetails:
    address_1: str
    city: str
    postcode: str
    name: str = ""
    accessibility: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class WeeklyHours:
    """One weekly opening: the days (MO, TU, ...) and the hours."""

    days: list[str]
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""
    attending_type: str = ""
    extra: dict = field(default_factory=dict)


def _save(instance, action, *, by, request=None, detail=None, reason: str = ""):
    """Save a directory record with its history and an audit event naming it."""
    return save_recorded(
        instance,
        by=by,
        reason=reason,
        audit=lambda saved: record(
            action=action, request=request, actor=by, obj=saved, detail=detail
        ),
    )


def provider_of(user):
    """The provider a worker or team lead works for, for reporting by provider and HSCP."""
    worker = LinkWorker.objects.filter(user=user).select_related("provider__hscp").first()
    if worker is not None:
        return worker.provider
    leads = [a for a in role_assignments(user) if a.role == Role.TEAM_LEAD]
    return leads[0].provider if leads else None


def hscp_of(user):
    """The HSCP a user keeps the directory for: their provider's, or the one they
    administer; None for a national administrator (and for anyone else)."""
    provider = provider_of(user)
    if provider is not None:
        return provider.hscp
    admins = [a for a in role_assignments(user) if a.role == Role.ADMINISTRATOR and a.hscp_id]
    return admins[0].hscp if admins else None


@transaction.atomic
def create_organisation(
    *, name: str, description: str = "", email: str = "", website: str = "", by=None, **more
) -> Organisation:
    """An organisation entered by a worker belongs to their HSCP's directory."""
    if "hscp" not in more and by is not None:
        more["hscp"] = hscp_of(by)
    organisation = Organisation(
        name=name, description=description, email=email, website=website, **more
    )
    _save(organisation, Action.CREATE, by=by)
    return organisation


@transaction.atomic
def update_organisation(*, organisation: Organisation, by, request=None, **fields) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    _save(organisation, Action.CHANGE, by=by, request=request)
    return organisation


@transaction.atomic
def create_service(
    *,
    organisation: Organisation,
    name: str,
    by=None,
    needs=(),
    location: LocationDetails | None = None,
    hours: list[WeeklyHours] = (),
    verified=True,
    request=None,
    **fields,
) -> Service:
    """A new service; entered by a worker, it counts as verified today unless told not."""
    service = Service(organisation=organisation, name=name, **fields)
    if verified and service.last_verified_on is None:
        service.last_verified_on = timezone.localdate()
        service.last_verified_by = by
    if service.review_due_on is None and service.last_verified_on:
        service.review_due_on = next_review(service.last_verified_on)
    _save(service, Action.CREATE, by=by, request=request)
    _set_needs(service, needs)
    if location is not None:
        add_location(service=service, details=location, by=by)
    _replace_hours(service, hours)
    reindex(service)
    return service


@transaction.atomic
def update_service(
    *,
    service: Service,
    by,
    fields: dict,
    needs=None,
    hours: list[WeeklyHours] | None = None,
    listed_by=None,
    by_organisation: bool = False,
    request=None,
    detail: dict | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> list[str]:
    """Change a service; returns the names of what changed. A change by the organisation
    itself goes live at once, marked as theirs, and the team is told. `listed_by` (HSCP
    ids) shares keeping the service with other HSCPs' teams. From a form opened at
    `expected_version`, refused (EditConflict) if someone has saved it since: the form
    holds every field, so a field they changed would otherwise be put back."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    service.check_version(expected_version, "service")
    changed = differences(service, fields=fields, needs=needs, hours=hours, listed_by=listed_by)
    for name in set(changed) & set(fields):
        setattr(service, name, fields[name])
    if "needs" in changed:
        _set_needs(service, needs)
    if "opening times" in changed:
        _replace_hours(service, hours)
    if "listed by" in changed:
        service.listed_by.set(listed_by)
    if changed and by_organisation:
        service.changed_by_organisation_at = timezone.now()
    if changed:
        detail = {"fields": changed, **(detail or {})}
        _save(service, Action.CHANGE, by=by, request=request, detail=detail, reason=reason)
        reindex(service)
    if changed and by_organisation:
        transaction.on_commit(lambda: notifications.changed_by_organisation(service, changed))
    return changed


@transaction.atomic
def set_capacity(
    *,
    service: Service,
    status: str,
    by,
    wait_weeks: int | None = None,
    note: str = "",
    by_organisation: bool = False,
    request=None,
) -> Service:
    """One click: open, waiting list, full or paused, with who and when."""
    fields = {
        "capacity_status": status,
        "capacity_wait_weeks": wait_weeks if status == "waiting_list" else None,
        "capacity_note": note,
    }
    service = Service.objects.select_for_update().get(pk=service.pk)
    for name, value in fields.items():
        setattr(service, name, value)
    service.capacity_set_at = timezone.now()
    service.capacity_set_by = by
    service.capacity_set_by_organisation = by_organisation
    if by_organisation:
        service.changed_by_organisation_at = service.capacity_set_at
    detail = {"fields": ["capacity_status"], "status": status}
    _save(service, Action.CHANGE, by=by, request=request, detail=detail)
    if by_organisation:
        transaction.on_commit(lambda: notifications.changed_by_organisation(service, ["capacity"]))
    return service


@transaction.atomic
def verify_service(
    *,
    service: Service,
    by,
    note: str = "",
    changes: dict | None = None,
    needs=None,
    hours: list[WeeklyHours] | None = None,
    listed_by=None,
    request=None,
    expected_version: int | None = None,
) -> Verification:
    """A worker checked the service: apply what changed, record what it was, reset the clock."""
    changed = update_service(
        service=service,
        by=by,
        fields=changes or {},
        needs=needs,
        hours=hours,
        listed_by=listed_by,
        request=request,
        expected_version=expected_version,
    )
    service = Service.objects.select_for_update().get(pk=service.pk)
    today = timezone.localdate()
    service.last_verified_on = today
    service.last_verified_by = by
    service.review_due_on = next_review(today)
    service.changed_by_organisation_at = None  # the team has now seen the organisation's change
    _save(service, Action.CHANGE, by=by, request=request, detail={"verified": True})
    return Verification.objects.create(
        service=service, verified_on=today, verified_by=by, changed_fields=changed, note=note
    )


@transaction.atomic
def add_location(*, service: Service, details: LocationDetails, by=None) -> Location:
    location = Location(
        organisation=service.organisation,
        name=details.name,
        latitude=details.latitude,
        longitude=details.longitude,
    )
    # Part of the service's own change, which writes the audit event.
    save_recorded(location, by=by, audit=None)
    Address.objects.create(
        location=location,
        address_1=details.address_1,
        city=details.city,
        postal_code=details.postcode,
    )
    if details.accessibility:
        Accessibility.objects.create(location=location, description=details.accessibility)
    geocode(location)
    ServiceAtLocation.objects.create(service=service, location=location)
    return location


def geocode(location: Location) -> None:
    """Coordinates from the source if it gave them, else from the postcode table."""
    if location.latitude is not None and location.longitude is not None:
        geocoded_from = location.geocoded_from or "source"
    else:
        found = locate(location.postcode) if location.postcode else None
        if found is None:
            return
        location.latitude, location.longitude = found.latitude, found.longitude
        geocoded_from = found.precision
    Location.objects.filter(pk=location.pk).update(
        latitude=location.latitude, longitude=location.longitude, geocoded_from=geocoded_from
    )


def differences(service: Service, *, fields: dict, needs=None, hours=None, listed_by=None):
    """The names of what `fields`, `needs`, `hours` and `listed_by` would change (None:
    leave that part alone), in the words the service's history uses."""
    changed = [name for name, value in fields.items() if getattr(service, name) != value]
    if needs is not None and set(needs) != needs_of(service):
        changed.append("needs")
    if hours is not None and _hours_differ(service, hours):
        changed.append("opening times")
    if listed_by is not None and set(listed_by) != listed_by_ids(service):
        changed.append("listed by")
    return changed


def listed_by_ids(service: Service) -> set[int]:
    return set(service.listed_by.values_list("pk", flat=True))


def current_hours(service: Service) -> list[WeeklyHours]:
    return [
        WeeklyHours(
            days=s.byday.split(",") if s.byday else [],
            opens_at=s.opens_at,
            closes_at=s.closes_at,
            description=s.description,
        )
        for s in service.schedules.all()
    ]


def needs_of(service: Service) -> set[str]:
    own = service.attributes.filter(taxonomy_term__taxonomy__uuid=need_term("other").taxonomy.uuid)
    return set(own.values_list("taxonomy_term__need", flat=True))


def _set_needs(service: Service, needs) -> None:
    """The service's own needs categories (imported categories are left as they are)."""
    taxonomy = need_term("other").taxonomy
    service.attributes.filter(taxonomy_term__taxonomy=taxonomy).exclude(
        taxonomy_term__need__in=needs
    ).delete()
    for code in needs:
        Attribute.objects.get_or_create(service=service, taxonomy_term=need_term(code))


def _hours_differ(service: Service, hours: list[WeeklyHours]) -> bool:
    current = [_hours_key(s) for s in service.schedules.all()]
    wanted = [_wanted_key(hour) for hour in hours]
    return current != wanted


def _replace_hours(service: Service, hours) -> None:
    """The service's weekly hours become `hours`; a row that is unchanged is kept as it
    is, with whatever the form does not show (an imported row's dates and notes)."""
    existing = list(service.schedules.all())
    kept = []
    for hour in hours:
        key = _wanted_key(hour)
        same = next((s for s in existing if _hours_key(s) == key and s.pk not in kept), None)
        if same is not None:
            kept.append(same.pk)
            continue
        Schedule.objects.create(
            service=service,
            freq="WEEKLY",
            byday=",".join(hour.days),
            opens_at=hour.opens_at,
            closes_at=hour.closes_at,
            description=hour.description,
            attending_type=hour.attending_type,
            **hour.extra,
        )
    service.schedules.filter(pk__in=[s.pk for s in existing if s.pk not in kept]).delete()


def _wanted_key(hour: WeeklyHours) -> tuple:
    """A row of weekly hours as the form gives it, comparable with `_hours_key`."""
    return (",".join(hour.days), hour.opens_at, hour.closes_at, hour.description)


def _hours_key(schedule: Schedule) -> tuple:
    return (schedule.byday, schedule.opens_at, schedule.closes_at, schedule.description)
