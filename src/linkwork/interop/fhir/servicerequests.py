"""Referrals as FHIR ServiceRequests, as their referrer may see them.

What a referrer sees is decided where the pages decide it: `progress` (the status and
how it is going) and `people_as_seen` (the record, what was typed, or nothing: a
status-only reader gets neither the person nor the reasons), both in
referrals/presenters.py; which referrals at all by accounts/authorisation.py.

ServiceRequest.status from the referral (decision 0080):
  awaiting_verification, new (waiting)      -> active
  accepted, its case open                   -> active
  accepted, its case closed                 -> completed
  declined                                  -> revoked
  duplicate (joined the person's open case) -> revoked
The finer progress (waiting, accepted, first contact, closed, declined...) travels in the
referral-progress extension, coded as `progress` keys."""

from fhir.resources.R4B.servicerequest import ServiceRequest

from linkwork.accounts.authorisation import get_visible_or_404, visible
from linkwork.accounts.roles import Permission
from linkwork.casework.models import CaseStatus
from linkwork.core.codelists import codelist
from linkwork.interop.fhir import codes
from linkwork.interop.fhir.responses import FhirError, Problem, record_id
from linkwork.interop.fhir.routing import SearchParam
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.referrals.presenters import audit_shown, people_as_seen, progress

RELATED = ("person", "practice", "host_setting", "case__link_worker__user")
PRIORITIES = {"routine": "routine", "urgent": "urgent"}
SEARCH_PARAMS = (
    SearchParam(
        "identifier",
        "token",
        "The referral's id, as [system|]value with system https://<host>/fhir/Id/referral.",
    ),
    SearchParam(
        "patient.identifier",
        "token",
        f"The person's CHI number, as {codes.CHI_SYSTEM}|0101011234.",
    ),
)


def fhir_status(referral: Referral) -> str:
    if referral.status in (ReferralStatus.DECLINED, ReferralStatus.DUPLICATE):
        return "revoked"
    if referral.status == ReferralStatus.ACCEPTED and referral.case.status == CaseStatus.CLOSED:
        return "completed"
    return "active"


def _referrals(request):
    queryset = Referral.objects.select_related(*RELATED)
    return visible(request.user, Permission.VIEW_REFERRAL, queryset)


def as_resources(request, referrals) -> list[ServiceRequest]:
    """Each referral as this request's client may see it; audited as the pages audit a
    list (each person shown by name at least)."""
    referrals = list(referrals)
    seen = people_as_seen(referrals, request.user)
    audit_shown(request, referrals)
    return [service_request(request, r, seen[r.pk]) for r in referrals]


def _subject(referral: Referral, person) -> dict:
    if person is None:  # status only: not who
        return {"display": f"Referral {referral.pk}"}
    subject = {"display": person.full_name}
    if person.chi:
        subject["identifier"] = {"system": codes.CHI_SYSTEM, "value": person.chi}
    return subject


def _requester(referral: Referral) -> dict:
    if referral.practice_id:
        return {
            "identifier": {"system": codes.ODS_SYSTEM, "value": referral.practice.code},
            "display": referral.practice.name,
        }
    return {"display": referral.host_setting.name}


def service_request(request, referral: Referral, person) -> ServiceRequest:
    shown = progress(referral)
    resource = {
        "id": str(referral.pk),
        "identifier": [
            {"system": codes.system(request, codes.REFERRAL_ID), "value": str(referral.pk)}
        ],
        "status": fhir_status(referral),
        "intent": "order",
        "category": [{"coding": [codes.PATIENT_REFERRAL]}],
        "code": {"coding": [codes.REFERRAL_TO_SOCIAL_PRESCRIBING]},
        "priority": PRIORITIES.get(referral.urgency, "routine"),
        "subject": _subject(referral, person),
        "authoredOn": referral.received_on.isoformat(),
        "requester": _requester(referral),
        "extension": [
            {
                "url": codes.system(request, codes.PROGRESS_EXTENSION),
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": codes.system(request, codes.REFERRAL_PROGRESS),
                            "code": shown.key,
                            "display": shown.label,
                        }
                    ],
                    "text": " ".join(
                        filter(None, [shown.label, shown.detail and f"({shown.detail})"])
                    ),
                },
            }
        ],
    }
    if person is not None:  # who was referred and why, for those who may read it
        needs = codelist("needs")
        resource["reasonCode"] = [
            {
                "coding": [
                    {
                        "system": codes.system(request, codes.NEEDS),
                        "code": reason.need,
                        "display": needs.label(reason.need),
                    }
                ]
            }
            for reason in referral.reasons.order_by("pk")
        ]
        notes = [text for text in (referral.reason_detail, referral.what_matters) if text]
        if notes:
            resource["note"] = [{"text": text} for text in notes]
    return ServiceRequest(**{k: v for k, v in resource.items() if v not in ([], None)})


def read(request, id: str) -> ServiceRequest:
    pk = record_id(id)
    if pk is None:
        raise FhirError(404, Problem(f"There is no ServiceRequest {id}.", code="not-found"))
    queryset = Referral.objects.select_related(*RELATED)
    referral = get_visible_or_404(request.user, Permission.VIEW_REFERRAL, queryset, pk=pk)
    return as_resources(request, [referral])[0]


def _token(value: str) -> tuple[str | None, str]:
    system, separator, code = value.rpartition("|")
    return (system if separator else None), code.strip()


def search(request, params: dict[str, str]) -> list[ServiceRequest]:
    referrals = _referrals(request)
    if "identifier" in params:
        system, value = _token(params["identifier"])
        own = codes.system(request, codes.REFERRAL_ID)
        if system not in (None, "", own):
            raise FhirError(
                400,
                Problem(
                    f"Search identifier by linkwork's referral id ({own}|<id>).",
                    expression="identifier",
                    code="value",
                ),
            )
        pk = record_id(value)
        referrals = referrals.filter(pk=pk) if pk is not None else referrals.none()
    if "patient.identifier" in params:
        system, value = _token(params["patient.identifier"])
        if system != codes.CHI_SYSTEM:
            raise FhirError(
                400,
                Problem(
                    f"Search patient.identifier by CHI number: {codes.CHI_SYSTEM}|<CHI>. "
                    "linkwork holds no NHS number.",
                    expression="patient.identifier",
                    code="value",
                ),
            )
        # What the referrer typed, as people_as_seen shows it: never the matched record's.
        referrals = referrals.filter(submitted_details__chi=value)
    return as_resources(request, referrals.order_by("-received_on", "-pk")[:100])
