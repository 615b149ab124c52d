"""A practice's local information folder: the directory's services near the practice, by
need, each with its capacity, how to refer, contact and opening times, read from the
directory when asked for and dated, to print for the practice's reception and clinicians
(decision 0102). A catalogue of services: it names no one."""

from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from linkwork.core import pdf
from linkwork.core.codelists import codelist
from linkwork.directory import presenters
from linkwork.directory.search.engine import search
from linkwork.directory.search.query import Query
from linkwork.places.geocoding import locate

# Near the practice: the search's own default distance, and a page's worth per need.
RADIUS_KM = 5.0
PER_NEED = 6
PRINT = "directory/folder_print.jinja"


@dataclass
class Entry:
    service: object
    organisation: str
    capacity: dict
    how_to_refer: str
    contact: str
    opening: str
    where: str  # distance and address, or "Phone or online"


@dataclass
class NeedSection:
    code: str
    label: str
    entries: list[Entry]


@dataclass
class Folder:
    practice: object
    made_on: date
    near: str  # the place distances are from, or "" when the practice's is unknown
    radius_km: float
    sections: list[NeedSection] = field(default_factory=list)
    without: list[str] = field(default_factory=list)  # needs with nothing listed nearby


def build(practice, *, today: date | None = None) -> Folder:
    """The folder's content, from the directory as it is now."""
    origin = locate(practice.postcode) if practice.postcode else None
    folder = Folder(
        practice=practice,
        made_on=today or timezone.localdate(),
        near=origin.label if origin else "",
        radius_km=RADIUS_KM,
    )
    for need in codelist("needs").codes:
        entries = _entries(need.code, origin)
        if entries:
            folder.sections.append(NeedSection(need.code, need.label, entries))
        else:
            folder.without.append(need.label)
    return folder


def _entries(need: str, origin) -> list[Entry]:
    """The nearest services meeting `need`, full ones included (the folder says so)."""
    query = Query(need=need, radius_km=RADIUS_KM if origin else None, include_full=True)
    results = search(query, per_page=PER_NEED, origin=origin)
    return [_entry(hit, results.approximate, origin is not None) for hit in results.hits]


def _entry(hit, approximate: bool, by_distance: bool) -> Entry:
    shown = presenters.result(hit, approximate, by_distance=by_distance)
    service = shown["service"]
    return Entry(
        service=service,
        organisation=service.organisation.name,
        capacity=shown["capacity"],
        how_to_refer="; ".join(shown["how_to_refer"]) or "Ask the service",
        contact=contact(service),
        opening="; ".join(shown["opening_times"]) or "Not recorded",
        where=" · ".join(filter(None, [shown["distance"], shown["address"]])),
    )


def contact(service) -> str:
    """How to reach the service to refer: its referral phone and email, else its own."""
    parts = [
        service.referral_phone,
        service.referral_email or service.email,
        service.url,
    ]
    return " · ".join(part for part in parts if part) or "Not recorded"


def folder_pdf(folder: Folder) -> bytes:
    return pdf.pdf(render_to_string(PRINT, {"folder": folder}))


def file_name(folder: Folder) -> str:
    code = folder.practice.code or folder.practice.pk
    return f"local-information-{code}-{folder.made_on:%Y-%m-%d}.pdf"
