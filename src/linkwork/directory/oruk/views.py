"""The directory as an Open Referral UK 3.0 API: public, read-only, CORS open to all.

Only services marked public are published, and nothing about people or links ever is.
Every list is the HSDS 3 page object. Bad parameters are a 400 naming the parameter.
"""

import math
from datetime import datetime
from functools import wraps
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from linkwork.directory.models import (
    DAY_BITS,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork.directory.oruk import serialise
from linkwork.directory.search.engine import _expansions, _relevance
from linkwork.directory.search.query import DAYS
from linkwork.places.geocoding import bounding_box, distance_km, locate

VERSION = "HSDS-UK-3.0"
PROFILE = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/profile"
MAX_PER_PAGE = 100
DAY_NAMES = {name.lower(): code for code, name in DAYS.items()}


class BadParameter(Exception):
    pass


def oruk(view):
    """Public, GET only, JSON, `Access-Control-Allow-Origin: *` on every answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            if "id" in kwargs:  # any text, so that a malformed id is this API's JSON 404
                kwargs["id"] = _path_uuid(kwargs["id"])
            response = view(request, *args, **kwargs)
        except BadParameter as error:
            response = JsonResponse({"error": str(error)}, status=400)
        except Http404:
            response = JsonResponse({"error": "Not found"}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return login_not_required(require_GET(wrapped))


def _path_uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise Http404 from None


# Whole numbers a query may hold: the database's integers (a page of 10^20 is an offset
# SQLite and PostgreSQL cannot take).
HIGHEST = 2**31 - 1


def _int(request, name: str, default=None, low=0, high=HIGHEST):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not '{raw}'") from None
    if not low <= value <= high:
        raise BadParameter(f"{name} must be a whole number from {low} to {high}")
    return value


def _uuid(request, name: str):
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a UUID, not '{raw}'") from None


def _time(request, name: str):
    raw = request.GET.get(name)
    if not raw:
        return None
    for fmt in ("%H:%M", "%H:%M:%S"):
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    raise BadParameter(f"{name} must be a time like 09:30, not '{raw}'")


def _day(request) -> str:
    raw = (request.GET.get("day") or "").strip()
    if not raw:
        return ""
    code = raw.upper()[:2] if raw.upper()[:2] in DAY_BITS else DAY_NAMES.get(raw.lower())
    if not code:
        raise BadParameter(f"day must be a day name like Tuesday, not '{raw}'")
    return code


def page_object(request, items: list, total: int, number: int, size: int) -> dict:
    pages = max(1, math.ceil(total / size)) if size else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
        "contents": items,
    }


def _paging(request) -> tuple[int, int]:
    number = _int(request, "page", 1, low=1, high=HIGHEST // MAX_PER_PAGE)
    size = min(_int(request, "per_page", 50, low=1), MAX_PER_PAGE)
    return number, size


def _page(request, ids_or_queryset, serialiser, loader):
    number, size = _paging(request)
    start = (number - 1) * size
    if isinstance(ids_or_queryset, list):
        total = len(ids_or_queryset)
        chosen = ids_or_queryset[start : start + size]
        by_pk = {obj.pk: obj for obj in loader(chosen)}
        items = [serialiser(by_pk[pk]) for pk in chosen]
    else:
        total = ids_or_queryset.count()
        items = [serialiser(obj) for obj in ids_or_queryset[start : start + size]]
    return JsonResponse(page_object(request, items, total, number, size))


def public_services():
    return Service.objects.filter(is_public=True)


def filtered_services(request):
    services = public_services()
    if term := _uuid(request, "taxonomy_term_id"):
        services = services.filter(attributes__taxonomy_term__uuid=term)
    if taxonomy := _uuid(request, "taxonomy_id"):
        services = services.filter(attributes__taxonomy_term__taxonomy__uuid=taxonomy)
    lowest, highest = _int(request, "minimum_age", high=150), _int(request, "maximum_age", high=150)
    if lowest is not None:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=lowest))
    if highest is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=highest))
    day, start, end = _day(request), _time(request, "start_time"), _time(request, "end_time")
    if day or start or end:
        services = services.filter(pk__in=_open(day, start, end))
    return services.distinct()


def _open(day, start, end):
    schedules = Schedule.objects.filter(service__isnull=False)
    if day:
        schedules = schedules.filter(byday__icontains=day)
    if start:
        schedules = schedules.filter(closes_at__gt=start)
    if end:
        schedules = schedules.filter(opens_at__lt=end)
    return schedules.values("service_id")


def _ordered_ids(request, services) -> list[int]:
    text = request.GET.get("search", "").strip()
    if not text:
        return list(services.order_by("name", "pk").values_list("pk", flat=True))
    relevance = _relevance(_expansions(text), services)
    names = dict(Service.objects.filter(pk__in=list(relevance)).values_list("pk", "name"))
    # As the directory's own search without a place (decision 0078): what the words are
    # about, then how relevant. A feed lists every record, so repeats are not hidden.
    return sorted(relevance, key=lambda pk: (-relevance[pk][0], -relevance[pk][1], names[pk]))


def _full_services(pks):
    return Service.objects.filter(pk__in=pks).select_related("organisation", "source")


@oruk
def api_info(request):
    return JsonResponse(
        {
            "version": VERSION,
            "profile": PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("oruk:openapi")),
            "name": settings.SERVICE_NAME,
        }
    )


@oruk
def services(request):
    ids = _ordered_ids(request, filtered_services(request))
    return _page(request, ids, serialise.service_summary, _full_services)


@oruk
def service_detail(request, id: UUID):
    return JsonResponse(serialise.service(get_object_or_404(public_services(), uuid=id)))


def _sals(services):
    return ServiceAtLocation.objects.filter(service__in=services).select_related(
        "service__organisation", "location"
    )


@oruk
def service_at_locations(request):
    sals = _sals(filtered_services(request))
    postcode, proximity = request.GET.get("postcode", "").strip(), _int(request, "proximity")
    if request.GET.get("search", "").strip():
        sals = sals.filter(service_id__in=_ordered_ids(request, filtered_services(request)))
    if not postcode:
        return _page(
            request, sals.order_by("service__name", "pk"), serialise.service_at_location, None
        )
    ids = _nearest(sals, postcode, proximity)
    loader = lambda pks: ServiceAtLocation.objects.filter(pk__in=pks).select_related(  # noqa: E731
        "service__organisation", "location"
    )
    return _page(request, ids, serialise.service_at_location, loader)


def _nearest(sals, postcode: str, proximity: int | None) -> list[int]:
    origin = locate(postcode)
    if origin is None:
        raise BadParameter(f"postcode '{postcode}' is not in this directory's postcode table")
    sals = sals.filter(location__latitude__isnull=False)
    if proximity:
        south, north, west, east = bounding_box(origin.latitude, origin.longitude, proximity / 1000)
        sals = sals.filter(
            location__latitude__range=(south, north), location__longitude__range=(west, east)
        )
    found = []
    for pk, lat, lng in sals.values_list("pk", "location__latitude", "location__longitude"):
        metres = distance_km(origin.latitude, origin.longitude, lat, lng) * 1000
        if not proximity or metres <= proximity:
            found.append((metres, pk))
    return [pk for _, pk in sorted(found)]


@oruk
def service_at_location_detail(request, id: UUID):
    sal = get_object_or_404(_sals(public_services()), uuid=id)
    return JsonResponse(serialise.service_at_location(sal))


@oruk
def taxonomies(request):
    return _page(request, Taxonomy.objects.order_by("name", "pk"), serialise.taxonomy, None)


@oruk
def taxonomy_detail(request, id: UUID):
    return JsonResponse(serialise.taxonomy(get_object_or_404(Taxonomy, uuid=id), with_terms=True))


@oruk
def taxonomy_terms(request):
    terms = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("name", "pk")
    if taxonomy := _uuid(request, "taxonomy_id"):
        terms = terms.filter(taxonomy__uuid=taxonomy)
    return _page(request, terms, serialise.taxonomy_term, None)


@oruk
def taxonomy_term_detail(request, id: UUID):
    term = get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy", "parent"), uuid=id)
    return JsonResponse(serialise.taxonomy_term(term))
