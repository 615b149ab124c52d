"""Display logic for directory pages: tags, labels, opening times, freshness, distance."""

from django.utils import timezone
from django.utils.formats import date_format

from linkwork.casework.history import name
from linkwork.core.codelists import codelist
from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.directory.freshness import is_stale
from linkwork.directory.search.query import DAYS

CAPACITY_TAGS = {
    "open": "nhsuk-tag--green",
    "waiting_list": "nhsuk-tag--yellow",
    "full": "nhsuk-tag--red",
    "paused": "nhsuk-tag--grey",
}
LINK_TAGS = {
    "signposted": "nhsuk-tag--white",
    "draft": "nhsuk-tag--grey",
    "sent": "nhsuk-tag--blue",
    "acknowledged": "nhsuk-tag--aqua-green",
    "accepted": "nhsuk-tag--green",
    "declined": "nhsuk-tag--red",
    "first_attended": "nhsuk-tag--purple",
    "finished": "nhsuk-tag--white",
    "stopped": "nhsuk-tag--orange",
}


def capacity(service) -> dict:
    """The capacity tag: what it says and its colour."""
    text = codelist("capacity_statuses").label(service.capacity_status)
    if service.capacity_status == "waiting_list" and service.capacity_wait_weeks:
        text = f"Waiting list: about {service.capacity_wait_weeks} weeks"
    return {"text": text, "classes": CAPACITY_TAGS[service.capacity_status]}


# The one-click capacity buttons: every status of the capacity_statuses list, said short.
CAPACITY_BUTTONS = [
    ("open", "Open"),
    ("waiting_list", "Waiting list"),
    ("full", "Full"),
    ("paused", "Paused"),
]


def capacity_set(service) -> str:
    if not service.capacity_set_at:
        return ""
    who = "the organisation" if service.capacity_set_by_organisation else "a link worker"
    if service.capacity_set_by is not None and service.capacity_set_by.get_full_name():
        who = f"{service.capacity_set_by.get_full_name()} ({who})"
    return f"Set by {who} on {date_format(timezone.localtime(service.capacity_set_at), 'j M Y')}"


def how_to_refer(service) -> list[str]:
    labels = codelist("how_to_refer")
    return [labels.label(code) for code in service.how_to_refer if code in labels]


def formats(service) -> str:
    labels = dict(codelist("service_formats").choices())
    return ", ".join(labels[code] for code in labels if service.offers(code)) or "Not recorded"


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def opening_times(service) -> list[str]:
    lines = []
    for schedule in service.schedules.all():
        days = [DAYS.get(day.strip()[-2:], day) for day in schedule.byday.split(",") if day]
        hours = "–".join(filter(None, [_time(schedule.opens_at), _time(schedule.closes_at)]))
        line = ", ".join(days) + (f" {hours}" if hours else "")
        lines.append(" · ".join(filter(None, [line.strip(), schedule.description])))
    return lines


def verified(service) -> dict:
    """Last verified, and whether it is stale (not verified in six months)."""
    if service.last_verified_on is None:
        return {"text": "Never verified", "stale": True}
    text = f"Verified {date_format(service.last_verified_on, 'j M Y')}"
    return {"text": text, "stale": is_stale(service)}


def distance(hit, approximate: bool, by_distance: bool = False) -> str:
    """How far, in a search from a place; "Phone or online" only means anything there."""
    if hit.distance_km is None:
        return "Phone or online" if by_distance and hit.location is None else ""
    about = "about " if approximate else ""
    if hit.distance_km < 1:
        return f"{about}{round(hit.distance_km * 1000, -2):.0f} m"
    return f"{about}{hit.distance_km:.1f} km"


def approximate_note(postcode: str, origin_label: str) -> str:
    """Why distances are approximate: a district was asked for (as the form invites), or a
    full postcode the table does not hold."""
    if is_valid_postcode(normalise_postcode(postcode)):
        return (
            f"Distance approximate: {postcode} is not in our postcode table, so distances "
            f"are from the middle of {origin_label}."
        )
    return f"Distance approximate: distances are from the middle of {origin_label}."


# Bookkeeping a reader of the history does not need to be told about.
UNTOLD = {
    "capacity_set_at",
    "capacity_set_by",
    "capacity_set_by_organisation",
    "changed_by_organisation_at",
}


def history(service, limit: int = 10) -> list[dict]:
    """The service's latest versions, newest first, each saying who made it and which
    fields it changed (by their labels)."""
    rows = list(
        service.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    lines = []
    for row, earlier in zip(rows, rows[1:] + [None], strict=True):
        changed = []
        if earlier is not None and row.history_type == "~":
            delta = row.diff_against(earlier)
            changed = [
                str(service._meta.get_field(field).verbose_name)
                for field in delta.changed_fields
                if field not in UNTOLD
            ]
        lines.append(
            {
                "at": row.history_date,
                "what": row.get_history_type_display(),
                "by": name(row.history_user) or "an import",
                "fields": changed,
            }
        )
    return lines[:limit]


def needs(service) -> str:
    labels = codelist("needs")
    return ", ".join(sorted(labels.label(n.need) for n in service.needs.all()))


def address(location) -> str:
    if location is None:
        return ""
    found = next(iter(location.addresses.all()), None)
    return str(found) if found else location.name


def link_status(link) -> dict:
    return {"text": link.get_status_display(), "classes": LINK_TAGS[link.status]}


def result(hit, approximate: bool, *, by_distance: bool = False) -> dict:
    service = hit.service
    location = hit.location or _first_location(service)
    return {
        "service": service,
        "capacity": capacity(service),
        "verified": verified(service),
        "how_to_refer": how_to_refer(service),
        "opening_times": opening_times(service),
        "distance": distance(hit, approximate, by_distance),
        "address": address(location),
        "formats": formats(service),
        "changed_by_organisation": bool(service.changed_by_organisation_at),
    }


def _first_location(service):
    at = next(iter(service.service_at_locations.all()), None)
    return at.location if at else None
