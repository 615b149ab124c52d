"""Onward links to community organisations as FHIR Tasks, for the organisation's own
system to follow the closed loop: only the links its partner portal shows
(links/selectors.py: partner_links_for, RESPOND_TO_LINK), showing only what the person
agreed to share, and each read audited as the portal audits it.

Task.status from the link's status (decision 0080; values from fhir-scotland.md):
  draft -> draft            sent -> requested        acknowledged -> received
  accepted -> accepted      declined -> rejected     first_attended -> in-progress
  finished -> completed     stopped -> cancelled     signposted -> completed
(A partner never sees a draft or a signpost.) businessStatus carries the link's own
status and statusReason the decline reason."""

from uuid import UUID

from fhir.resources.R4B.task import Task

from linkwork.accounts.roles import Permission
from linkwork.casework.services import audit_cases
from linkwork.core.codelists import codelist
from linkwork.interop.fhir import codes
from linkwork.interop.fhir.responses import FhirError, Problem, record_id
from linkwork.interop.fhir.routing import SearchParam
from linkwork.links.consent import shared_copy
from linkwork.links.selectors import link_for, partner_links_for

STATUS = {
    "draft": "draft",
    "sent": "requested",
    "acknowledged": "received",
    "accepted": "accepted",
    "declined": "rejected",
    "first_attended": "in-progress",
    "finished": "completed",
    "stopped": "cancelled",
    "signposted": "completed",
}
AUDIT_RELATED = ("case__link_worker__provider", "case__practice__cluster", "case__person")
SEARCH_PARAMS = (
    SearchParam(
        "owner",
        "reference",
        "The organisation the links were sent to: Organization/<id>, its directory (Open "
        "Referral UK) id.",
    ),
)


def _coding(request, relative: str, list_name: str, code: str) -> dict:
    return {
        "coding": [
            {
                "system": codes.system(request, relative),
                "code": code,
                "display": codelist(list_name).label(code),
            }
        ]
    }


def task(request, link) -> Task:
    organisation = link.organisation
    resource = {
        "id": str(link.pk),
        "identifier": [{"system": codes.system(request, codes.LINK_ID), "value": str(link.pk)}],
        "status": STATUS[link.status],
        "businessStatus": _coding(request, codes.LINK_STATUS, "link_statuses", link.status),
        "intent": "order",
        "code": {"text": "Onward referral to a community service"},
        "description": link.service.name,
        "owner": {
            "identifier": {
                "system": codes.system(request, codes.DIRECTORY_ORGANISATION_ID),
                "value": str(organisation.uuid),
            },
            "display": organisation.name,
        },
        "authoredOn": link.sent_at.isoformat() if link.sent_at else None,
        "lastModified": link.updated_at.isoformat(),
    }
    if link.decline_reason:
        resource["statusReason"] = _coding(
            request, codes.LINK_DECLINE_REASON, "link_decline_reasons", link.decline_reason
        )
    shared = shared_copy(link)  # only what the person agreed to share, and still does
    if shared.name:
        resource["for"] = {"display": shared.name}
    if note := shared.withheld or shared.reason:
        resource["note"] = [{"text": note}]
    return Task(**{k: v for k, v in resource.items() if v is not None})


def _audited(request, links) -> list[Task]:
    # Each carries what a person shared: read as the portal reads it, audited at once.
    audit_cases(request=request, shown=[(link.case, link) for link in links])
    return [task(request, link) for link in links]


def read(request, id: str) -> Task:
    pk = record_id(id)
    if pk is None:
        raise FhirError(404, Problem(f"There is no Task {id}.", code="not-found"))
    return _audited(request, [link_for(request.user, pk, Permission.RESPOND_TO_LINK)])[0]


def search(request, params: dict[str, str]) -> list[Task]:
    owner = params["owner"].removeprefix("Organization/")
    try:
        owner = UUID(owner)
    except ValueError:
        raise FhirError(
            400,
            Problem(
                "Give owner as Organization/<id>, the organisation's directory id (a uuid).",
                expression="owner",
                code="value",
            ),
        ) from None
    links = partner_links_for(request.user).select_related(*AUDIT_RELATED)
    links = links.filter(organisation__uuid=owner)
    return _audited(request, list(links.order_by("-sent_at", "-pk")[:200]))
