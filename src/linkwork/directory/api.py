"""The directory over the HTTP API: the same loads, checks and services as the pages.
`router` is mounted at /directory."""

from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Query, Router, Status
from ninja.errors import ValidationError
from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from linkwork.accounts.api_auth import require
from linkwork.accounts.roles import Permission
from linkwork.casework.services import load_case
from linkwork.core.api import (
    LARGEST_OFFSET,
    REFUSED,
    WRITE,
    ErrorOut,
    Params,
    coded,
    plain_list_page,
    plain_list_page_words,
    service_refusals,
)
from linkwork.directory import presenters, services
from linkwork.directory.freshness import team_to_check
from linkwork.directory.models import Service
from linkwork.directory.schemas import (
    CapacityIn,
    SearchOut,
    ServiceOut,
    UnmetNeedIn,
    UnmetNeedOut,
    VerifyIn,
)
from linkwork.directory.search.engine import search
from linkwork.directory.search.query import DAYS, DEFAULT_RADIUS_KM, DISTANCE_WITHOUT_PLACE, Hit
from linkwork.directory.search.query import Query as SearchQuery
from linkwork.directory.selectors import editable_service, kept_service, service_for
from linkwork.directory.services.unmet import record_unmet_need

router = Router(tags=["directory"])


def _day(value: str) -> str:
    """A day's code (MO ... SU) or its name, in any case, as the search form offers them."""
    wanted = value.strip().casefold()
    for code, name in DAYS.items():
        if wanted in (code.casefold(), name.casefold()):
            return code
    if wanted:
        raise PydanticCustomError(
            "unknown_day",
            f"'{value}' is not a day: use one of {', '.join(DAYS)}, or leave it empty",
        )
    return ""


Day = Annotated[str, AfterValidator(_day), WithJsonSchema({"type": "string", "enum": ["", *DAYS]})]


class SearchParams(Params):
    """The search page's fields, refused as the page refuses them."""

    q: str = Field("", max_length=200)
    need: coded("needs", blank=True) = ""
    postcode: str = Field("", max_length=20)
    radius_km: float | None = Field(DEFAULT_RADIUS_KM, gt=0, le=500, allow_inf_nan=False)
    day: Day = ""
    free: bool = False
    age: int | None = Field(None, ge=0, le=120)
    gender: coded("eligible_genders", blank=True) = Field(
        "", description="Services open to women, or to men; any (or empty) for everyone."
    )
    include_full: bool = False
    language: str = Field("", max_length=40)
    format: coded("service_formats", blank=True) = ""
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(20, ge=1, le=100)


def _result(hit: Hit, approximate: bool) -> dict:
    service = hit.service
    view = presenters.result(hit, approximate)
    return {
        "id": service.pk,
        "uuid": str(service.uuid),
        "name": service.name,
        "organisation": service.organisation.name,
        "capacity_status": service.capacity_status,
        "capacity_label": view["capacity"]["text"],
        "last_verified_on": service.last_verified_on,
        "needs_checking": view["verified"]["stale"],
        "how_to_refer": service.how_to_refer,
        "distance_km": round(hit.distance_km, 2) if hit.distance_km is not None else None,
        "address": view["address"],
        "relevance": hit.relevance,
    }


@router.get(
    "/services",
    response={200: SearchOut, **REFUSED},
    url_name="directory_search",
    summary="Search the directory: words, need, distance, day, cost, eligibility",
)
def directory_search(request, params: Query[SearchParams]):
    require(request, Permission.SEARCH_DIRECTORY, "Your roles do not include the directory.")
    if "radius_km" in params.model_fields_set and params.radius_km and not params.postcode:
        raise ValidationError(
            [
                {"type": "needs_postcode", "loc": ["query", name], "msg": DISTANCE_WITHOUT_PLACE}
                for name in ("radius_km", "postcode")
            ]
        )
    data = params.model_dump()
    page, per_page = data.pop("page"), data.pop("per_page")
    query = SearchQuery(
        text=data["q"],
        need=data["need"],
        postcode=data["postcode"],
        radius_km=data["radius_km"],
        day=data["day"],
        free_only=data["free"],
        age=data["age"],
        gender="" if data["gender"] == "any" else data["gender"],
        include_full=data["include_full"],
        language=data["language"],
        format=data["format"],
    )
    results = search(query, page=page, per_page=per_page)
    return {
        "total": results.total,
        "page": page,
        "origin": results.origin.label if results.origin else None,
        "distance_approximate": results.approximate,
        "unknown_postcode": results.unknown_postcode,
        "full_hidden": results.full_hidden,
        "results": [_result(hit, results.approximate) for hit in results.hits],
    }


def _service(request, service_id: int) -> Service:
    return service_for(request.user, service_id)


def _service_out(service: Service) -> dict:
    return {
        **_result(Hit(service, 0.0, None), False),
        "description": service.description,
        "opening_times": presenters.opening_times(service),
        "referral_email": service.referral_email,
        "referral_phone": service.referral_phone,
        "capacity_note": service.capacity_note,
        "changed_by_organisation_at": service.changed_by_organisation_at,
        "needs": [n.need for n in service.needs.all()],
    }


@router.get(
    "/services/{service_id}",
    response={200: ServiceOut, 404: ErrorOut},
    url_name="directory_service",
    summary="One service",
)
def directory_service(request, service_id: int):
    return _service_out(_service(request, service_id))


@router.post(
    "/services/{service_id}/capacity",
    response={200: ServiceOut, **WRITE},
    url_name="directory_capacity",
    summary="Set capacity: open, waiting list, full or paused",
)
def directory_capacity(request, service_id: int, payload: CapacityIn):
    service, as_organisation = editable_service(request.user, service_id)
    with service_refusals():
        service = services.set_capacity(
            service=service,
            status=payload.status,
            wait_weeks=payload.wait_weeks,
            note=payload.note,
            by=request.user,
            by_organisation=as_organisation,
            request=request,
        )
    return _service_out(service)


@router.post(
    "/services/{service_id}/verify",
    response={200: ServiceOut, **WRITE},
    url_name="directory_verify",
    summary="Record that a worker checked a service",
)
def directory_verify(request, service_id: int, payload: VerifyIn):
    require(
        request, Permission.MANAGE_DIRECTORY, "Your roles do not include keeping the directory."
    )
    service = kept_service(request.user, service_id)
    services.verify_service(service=service, by=request.user, note=payload.note, request=request)
    return _service_out(Service.objects.get(pk=service.pk))


@router.get(
    "/to-check",
    response={200: list[ServiceOut], **REFUSED},
    url_name="directory_to_check",
    summary="Services to check: stale, past review, or changed by their organisation",
    description=f"The most overdue first. {plain_list_page_words(200)}",
)
def directory_to_check(
    request,
    response: HttpResponse,
    limit: int = Query(200, ge=1, le=500),
    offset: int = Query(0, ge=0, le=LARGEST_OFFSET),
):
    require(
        request, Permission.MANAGE_DIRECTORY, "Your roles do not include keeping the directory."
    )
    services = team_to_check(request.user).order_by("last_verified_on", "name", "pk")
    page = plain_list_page(request, response, services, limit=limit, offset=offset)
    return [_service_out(service) for service in page]


@router.post(
    "/unmet-needs",
    response={201: UnmetNeedOut, **WRITE},
    url_name="unmet_needs",
    summary="Record a need no suitable service could meet",
)
def unmet_need_create(request, payload: UnmetNeedIn):
    require(request, Permission.RECORD_UNMET_NEED, "Your roles do not include recording needs.")
    case = (
        load_case(request.user, payload.case_id, Permission.CHANGE_CASE)
        if payload.case_id
        else None
    )
    with service_refusals():
        unmet = record_unmet_need(
            need=payload.need,
            reason=payload.reason,
            area=payload.area,
            note=payload.note,
            case=case,
            by=request.user,
            request=request,
        )
    return Status(
        201, {"id": unmet.pk, "need": unmet.need, "reason": unmet.reason, "area": unmet.area}
    )
