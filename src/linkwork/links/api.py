"""Links over the HTTP API: the same loads, checks and services as the pages. `router` is
mounted at the API root (/links, /cases/{id}/links)."""

from django.http import HttpResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from linkwork.accounts.authorisation import get_visible_or_404, has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_case, audit_cases, load_case
from linkwork.core.api import (
    LARGEST_OFFSET,
    REFUSED,
    WRITE,
    ErrorOut,
    coded,
    plain_list_page,
    plain_list_page_words,
    service_refusals,
)
from linkwork.directory.selectors import service_for
from linkwork.links import consent
from linkwork.links import services as link_services
from linkwork.links.models import Link
from linkwork.links.schemas import LinkIn, LinkOut, StepIn
from linkwork.links.selectors import PREFERENCES

router = Router(tags=["links"])


def _as_partner(request) -> bool:
    return not has_permission(request.user, Permission.VIEW_LINK) or not has_permission(
        request.user, Permission.CHANGE_LINK
    )


def _link_out(link: Link, *, partner: bool) -> dict:
    data = {
        "id": link.pk,
        "status": link.status,
        "status_label": link.status_label,
        "service_id": link.service_id,
        "service": link.service.name,
        "organisation": link.organisation.name,
        "sent_at": link.sent_at,
        "decline_reason": link.decline_reason,
        **_shared(link, partner=partner),
        "events": [
            {
                "status": e.status,
                "at": e.at,
                "by_organisation": e.by_organisation,
                "route": e.route,
                "reason": e.reason,
            }
            for e in link.events.all()
        ],
    }
    if not partner:
        data["case_id"] = link.case_id
        data["chased_at"] = link.chased_at
        data["support_type"] = link.support_type
        data["support_type_label"] = link.get_support_type_display()
    return data


def _shared(link: Link, *, partner: bool) -> dict:
    """The copy sent; the organisation gets it less what the person has since refused, and
    not why a link was withdrawn (`withheld` and the status say so, in neutral words)."""
    if not partner:
        return {
            "need": link.need,
            "withdrawn_because": link.withdrawn_because,
            "shared_name": link.shared_name,
            "shared_phone": link.shared_phone,
            "shared_email": link.shared_email,
            "shared_contact_preferences": link.shared_contact_preferences,
            "reason": link.reason,
            "shared_safety_flags": link.shared_safety_flags,
        }
    copy = consent.shared_copy(link)
    return {
        "need": copy.need,
        "shared_name": copy.name,
        "shared_phone": copy.phone,
        "shared_email": copy.email,
        "shared_contact_preferences": copy.contact_preferences,
        "reason": copy.reason,
        "shared_safety_flags": list(copy.safety_flags),
        "withheld": copy.withheld,
    }


def _links(request):
    permission = Permission.RESPOND_TO_LINK if _as_partner(request) else Permission.VIEW_LINK
    links = Link.objects.select_related("service", "organisation", "case__person")
    links = links.prefetch_related("events", PREFERENCES)
    return visible(request.user, permission, links), permission


@router.get(
    "/links",
    response={200: list[LinkOut], **REFUSED},
    url_name="link_list",
    summary="Links on the caller's cases, or sent to their organisation",
    description=f"The newest first. {plain_list_page_words(500)}",
)
def link_list(
    request,
    response: HttpResponse,
    status: coded("link_statuses", blank=True) = "",
    limit: int = Query(500, ge=1, le=500),
    offset: int = Query(0, ge=0, le=LARGEST_OFFSET),
):
    if not (has_permission(request.user, Permission.VIEW_LINK)):
        raise HttpError(403, "Your roles do not include onward links.")
    links, _ = _links(request)
    if status:
        links = links.filter(status=status)
    shown = plain_list_page(request, response, links.order_by("-pk"), limit=limit, offset=offset)
    # each carries what was shared of a person: each read is audited
    audit_cases(request=request, shown=[(link.case, link) for link in shown])
    return [_link_out(link, partner=_as_partner(request)) for link in shown]


def _load_link(request, link_id: int) -> Link:
    links, permission = _links(request)
    return get_visible_or_404(request.user, permission, links, pk=link_id)


@router.get(
    "/links/{link_id}",
    response={200: LinkOut, 404: ErrorOut},
    url_name="link_detail",
    summary="One link",
)
def link_detail(request, link_id: int):
    link = _load_link(request, link_id)
    audit_case(request=request, case=link.case, obj=link)
    return _link_out(link, partner=_as_partner(request))


@router.post(
    "/cases/{case_id}/links",
    response={201: LinkOut, **WRITE},
    url_name="case_links",
    summary="Refer or signpost the person to a service",
)
def case_link_create(request, case_id: int, payload: LinkIn):
    case = load_case(request.user, case_id, Permission.CHANGE_CASE)
    service = service_for(request.user, payload.service_id)
    with service_refusals():
        if payload.signpost:
            link = link_services.signpost(
                case=case, service=service, by=request.user, need=payload.need, request=request
            )
        else:
            link = link_services.create_link(
                case=case,
                service=service,
                by=request.user,
                need=payload.need,
                consent_to_share=payload.consent_to_share,
                shares_contact_details="contact_details" in payload.share,
                shares_reason="reason" in payload.share,
                shares_safety_flags="safety_flags" in payload.share,
                reason=payload.reason,
                send=payload.send,
                route="api",
                support_type=payload.support_type,
                request=request,
            )
    return Status(201, _link_out(link, partner=False))


@router.post(
    "/links/{link_id}/steps",
    response={200: LinkOut, **WRITE},
    url_name="link_steps",
    summary="The next step of a link (acknowledged, accepted, declined, first attended ...)",
)
def link_step(request, link_id: int, payload: StepIn):
    partner = _as_partner(request)
    permission = Permission.RESPOND_TO_LINK if partner else Permission.CHANGE_LINK
    queryset = Link.objects.select_related("service", "organisation")
    link = get_visible_or_404(request.user, permission, queryset, pk=link_id)
    with service_refusals():
        try:
            if payload.status == "sent":
                link = link_services.send_link(
                    link=link, by=request.user, route="api", request=request
                )
            else:
                link = link_services.advance(
                    link=link,
                    status=payload.status,
                    by=request.user,
                    route=payload.route,
                    reason=payload.reason,
                    note=payload.note,
                    by_organisation=partner,
                    request=request,
                )
        except link_services.LinkRefused as refusal:
            raise HttpError(409, str(refusal)) from refusal
    return _link_out(link, partner=partner)


@router.post(
    "/links/{link_id}/chased",
    response={200: LinkOut, **WRITE},
    url_name="link_chased",
    summary="Record that the worker chased the organisation for its answer (decision 0147)",
)
def link_chased(request, link_id: int):
    """As the link page's "I have chased them today": the answer's due date stays; 409
    once the organisation has answered."""
    queryset = Link.objects.select_related("service", "organisation")
    link = get_visible_or_404(request.user, Permission.CHANGE_LINK, queryset, pk=link_id)
    with service_refusals():
        try:
            link = link_services.record_chase(link=link, by=request.user, request=request)
        except link_services.LinkRefused as refusal:
            raise HttpError(409, str(refusal)) from refusal
    return _link_out(link, partner=False)
