"""Display logic for directory pages: tags, labels, opening times, freshness, distance."""

from datetime import time

from django.utils import timezone
from django.utils.formats import date_format

from linkwork.core.codelists import codelist
from linkwork.core.history import history_model, name
from linkwork.core.listings import Listing, Row
from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.core.statements import statement
from linkwork.directory.freshness import is_stale
from linkwork.directory.models import Language, Service, Verification
from linkwork.directory.search.query import DAYS
from linkwork.organisations.models import HSCP

CAPACITY_TAGS = {
    "open": "nhsuk-tag--green",
    "waiting_list": "nhsuk-tag--yellow",
    "full": "nhsuk-tag--red",
    "paused": "nhsuk-tag--grey",
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


def capacity_set(service, *, named: bool = True) -> str:
    """Who set the capacity and when; `named` False says "a link worker" rather than who
    (a reader of the directory only: authorisation.reads_directory_only)."""
    if not service.capacity_set_at:
        return ""
    who = "the organisation" if service.capacity_set_by_organisation else "a link worker"
    by = service.capacity_set_by
    if named and by is not None and by.get_full_name():
        who = f"{by.get_full_name()} ({who})"
    return f"Set by {who} on {date_format(timezone.localtime(service.capacity_set_at), 'j M Y')}"


def how_to_refer(service) -> list[str]:
    labels = codelist("how_to_refer")
    return [labels.label(code) for code in service.how_to_refer if code in labels]


def referral_contact_rows(service) -> list[dict]:
    """Where to send or chase a referral, as summary-list rows: on the service's page, and
    on a link's page for the worker chasing an answer."""
    return [
        {
            "key": {"text": "Referral email"},
            "value": {"text": service.referral_email or service.email or "Not given"},
        },
        {
            "key": {"text": "Referral phone"},
            "value": {"text": service.referral_phone or "Not given"},
        },
    ]


def formats(service) -> str:
    labels = dict(codelist("service_formats").choices())
    return ", ".join(labels[code] for code in labels if service.offers(code)) or "Not recorded"


def _time(value) -> str:
    return value.strftime("%H:%M") if value else ""


def opening_times(service) -> list[str]:
    return [
        _hours_line(s.byday.split(","), s.opens_at, s.closes_at, s.description)
        for s in service.schedules.all()
    ]


def _hours_line(byday: list[str], opens_at, closes_at, description: str) -> str:
    """Tuesday, Thursday 10:00–12:00 · Term time only"""
    days = [DAYS.get(day.strip()[-2:], day) for day in byday if day]
    hours = "–".join(filter(None, [_time(opens_at), _time(closes_at)]))
    line = ", ".join(days) + (f" {hours}" if hours else "")
    return " · ".join(filter(None, [line.strip(), description]))


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
    """Why distances are approximate: a full postcode the table does not hold (measured from
    the middle of its sector, district or area), or a district asked for (as the form
    invites). Never "not found": the search goes on from the nearest place known."""
    normal = normalise_postcode(postcode)
    if is_valid_postcode(normal):
        return (
            f"We could not find {normal} exactly, so distances are from the centre of "
            f"{origin_label}."
        )
    return f"Distances are approximate: they are from the centre of {origin_label}."


# Bookkeeping a reader of the history does not need to be told about.
UNTOLD = {
    "version",  # a count of saves, for edit conflicts (decision 0114)
    "capacity_set_at",
    "capacity_set_by",
    "capacity_set_by_organisation",
    "changed_by_organisation_at",
}


@statement
def _versions(service_id, *, limit):
    versions = history_model(Service).objects.filter(id=service_id)
    return versions.select_related("history_user").order_by("-history_date")[: limit + 1]


def languages(service) -> list:
    """The languages the service is offered in, as its page lists them."""
    return _languages(service.pk)


@statement
def _languages(service_id):
    return Language.objects.filter(service=service_id)


def verifications(service, latest: int = 5) -> list:
    """Its latest checks, newest first, with who made each."""
    return _verifications(service.pk, latest=latest)


@statement
def _verifications(service_id, *, latest):
    return Verification.objects.filter(service=service_id).select_related("verified_by")[:latest]


def history(service, limit: int = 10) -> list[dict]:
    """The service's latest versions, newest first, each saying who made it and which
    fields it changed (by their labels)."""
    rows = _versions(service.pk, limit=limit)
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


RESULT_HEAD = (
    "Service",
    "Organisation",
    "Distance",
    "Address",
    "Capacity",
    "Checked",
    "How to refer",
    "Open",
)


def result_cells(row: dict) -> tuple:
    """A search result's card as text, in `RESULT_HEAD`'s order (the card shows the same)."""
    service = row["service"]
    return (
        service.name,
        service.organisation.name,
        row["distance"],
        row["address"],
        row["capacity"]["text"],
        row["verified"]["text"],
        "; ".join(row["how_to_refer"]) or "Not recorded",
        "; ".join(row["opening_times"]),
    )


def results_listing(rows: list[dict]) -> Listing:
    """Search results as a list (page and file), each with the service's id."""
    listed = [Row(row, result_cells(row), (row["service"].pk,)) for row in rows]
    return Listing(RESULT_HEAD, listed, ("Service id",))


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


# What a suggestion may change, in the edit form's words, in the form's order.
SUGGESTION_LABELS = {
    "name": "Name",
    "description": "Description",
    "needs": "Needs it meets",
    "how_to_refer": "How to refer",
    "referral_email": "Referral email",
    "referral_phone": "Referral phone",
    "in_person": "Format: in person",
    "by_phone": "Format: by phone",
    "online": "Format: online",
    "hours": "Opening times",
    "eligibility_description": "Who it is for",
    "minimum_age": "Minimum age",
    "maximum_age": "Maximum age",
    "eligible_gender": "Open to",
    "is_public": "Published on the open API",
    "fees_description": "Cost",
    "listed_by": "Also listed by",
}


def suggestion_rows(suggestion, now: dict) -> list[dict]:
    """One row per suggested change: what it is now, what is suggested, and whether the
    service has changed since the suggestion was made. `now` has the shape of the
    suggestion's `current`, from the service as it is today."""
    was, proposed = _flat(suggestion.current), _flat(suggestion.proposed)
    now = _flat(now)
    return [
        {
            "label": label,
            "now": _value_text(key, now.get(key)),
            "suggested": _value_text(key, proposed[key]),
            "changed_since": now.get(key) != was.get(key),
            "already": now.get(key) == proposed[key],
        }
        for key, label in SUGGESTION_LABELS.items()
        if key in proposed
    ]


def _flat(change: dict) -> dict:
    """{"fields": {...}, "needs": [...]} as one mapping of what can change to its value."""
    return {**change.get("fields", {}), **{k: v for k, v in change.items() if k != "fields"}}


def _value_text(key: str, value) -> str:
    if key == "hours":
        lines = [_hours_line(h["days"], _clock(h["opens_at"]), _clock(h["closes_at"]),
                             h["description"]) for h in value or []]  # fmt: skip
        return "; ".join(lines) or "Not given"
    if key == "listed_by":
        return ", ".join(hscp_names(value)) or "No other HSCP"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    lists = {
        "needs": "needs",
        "how_to_refer": "how_to_refer",
        "eligible_gender": "eligible_genders",
    }
    if key in lists:
        labels = codelist(lists[key])
        codes = value if isinstance(value, list) else [value]
        value = ", ".join(labels.label(code) for code in codes if code in labels)
    return str(value) if value not in (None, "", []) else "Not given"


def _clock(value: str | None):
    return time.fromisoformat(value) if value else None


def hscp_names(ids) -> list[str]:
    """The HSCPs' names, in order; an id of none (an unclaimed service's HSCP) is passed by."""
    return _hscp_names([int(pk) for pk in ids or [] if pk is not None])


@statement
def _listed_by(service_id):
    return Service.listed_by.through.objects.filter(service=service_id).values_list(
        "hscp_id", flat=True
    )


@statement
def _hscp_names(ids):
    return HSCP.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)


def kept_by(service) -> str:
    """Who keeps the service, in a sentence (decision 13)."""
    hscps = hscp_names([service.organisation.hscp_id, *_listed_by(service.pk)])
    if not hscps:
        return "Kept by national administrators: no HSCP has claimed it."
    teams = " and ".join([", ".join(hscps[:-1]), hscps[-1]] if len(hscps) > 1 else hscps)
    return f"Kept by the team{'s' if len(hscps) > 1 else ''} of {teams}."


def kept_elsewhere(organisation) -> str:
    """Why a worker may not add a service to an organisation another HSCP keeps."""
    keepers = f"{organisation.hscp.name}'s team" if organisation.hscp else "national administrators"
    return (
        f"{organisation.name} is kept by {keepers}: ask them to add this service, "
        "or enter the name of an organisation your team keeps"
    )


def suggestion_summary(suggestion) -> str:
    """What a suggestion would change: "Description, Opening times"."""
    proposed = _flat(suggestion.proposed)
    labels = [label for key, label in SUGGESTION_LABELS.items() if key in proposed]
    return ", ".join(labels[:1] + [label[:1].lower() + label[1:] for label in labels[1:]])


SUGGESTION_TAGS = {
    "waiting": "nhsuk-tag--blue",
    "accepted": "nhsuk-tag--green",
    "rejected": "nhsuk-tag--red",
}


def suggestion_status(suggestion) -> dict:
    return {"text": suggestion.get_status_display(), "classes": SUGGESTION_TAGS[suggestion.status]}
