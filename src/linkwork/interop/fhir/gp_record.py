"""The GP record's reads over FHIR (decision 0082): a practice's coded messages as
Communications (a feed by date), a person's wellbeing measures as QuestionnaireResponses
and Observations, and GP summaries as Compositions, DocumentReferences and the PDF letter
as a Binary.

A read by id reaches exactly what a search could have returned to the same client: it goes
through the search's own queryset and rules, narrowed to the one record (404 otherwise).

Which records a client reaches is accounts/authorisation.py's decision, as on the pages: a
practice's messages by FILE_GP_MESSAGES; wellbeing and summaries only where the person
agreed to share the outcome with the referring practice (VIEW_REFERRAL_OUTCOME). A person
is found, and shown, by what the practice itself sent (people_as_seen), never by the
matched record. Every person shown is audited, as the pages do.
"""

from datetime import datetime, time

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from linkwork.accounts.authorisation import visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.casework.models import CaseStatus
from linkwork.casework.services import audit_people
from linkwork.interop import gp_summary, resources
from linkwork.interop.fhir import codes
from linkwork.interop.fhir.responses import FHIR_JSON, FhirError, Problem, record_id
from linkwork.interop.fhir.routing import SearchParam
from linkwork.interop.messages import scored_responses
from linkwork.interop.models import GpMessage
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.referrals.models import Referral
from linkwork.referrals.presenters import people_as_seen

PDF = "application/pdf"
LIMIT = 100  # the most of one search; a feed asks again from the last one's date
PATIENT = SearchParam(
    "patient.identifier", "token", f"The person's CHI number, as {codes.CHI_SYSTEM}|0101011234."
)
COMMUNICATION_PARAMS = (
    SearchParam(
        "_lastUpdated",
        "date",
        "Messages queued after a moment, as gt2026-12-01 or gt2026-12-01T09:00:00Z (oldest "
        f"first, at most {LIMIT}: ask again from the last one's date).",
    ),
    SearchParam("_since", "date", "The same as _lastUpdated=gt<moment>."),
    PATIENT,
)


# --- Communication: the practice's messages -------------------------------------------


def _practice_messages(request) -> QuerySet:
    return visible(request.user, Permission.FILE_GP_MESSAGES, GpMessage.objects.all())


def communications(request, params: dict[str, str]) -> list:
    messages = _practice_messages(request)
    since = _since(params)
    if since is not None:
        messages = messages.filter(created_at__gt=since)
    if "patient.identifier" in params:
        messages = messages.filter(referral__in=_referred(params))
    return _as_communications(request, messages.order_by("created_at", "pk")[:LIMIT])


def communication(request, id: str):
    """One of the client's practice's messages, as its feed shows it."""
    pk = record_id(id)
    found = _as_communications(request, _practice_messages(request).filter(pk=pk)) if pk else []
    if not found:
        raise _not_found("Communication", id)
    return found[0]


def _as_communications(request, messages: QuerySet) -> list:
    messages = list(messages.select_related("person", "practice", "referral"))
    seen = people_as_seen([m.referral for m in messages], request.user)
    _audit(request, [(m, m.referral, seen[m.referral_id]) for m in messages])
    return [resources.communication(m, seen[m.referral_id]) for m in messages]


def _not_found(resource_type: str, id: str) -> FhirError:
    return FhirError(
        404,
        Problem(
            f"There is no {resource_type} {id}, or not one this client may see.", code="not-found"
        ),
    )


def _since(params: dict[str, str]):
    """The moment of `_since=`, or of `_lastUpdated=gt…` (only gt: a feed moves forward)."""
    if "_since" in params:
        return _moment(params["_since"], "_since")
    if "_lastUpdated" in params:
        value = params["_lastUpdated"]
        if not value.startswith("gt"):
            raise _bad("_lastUpdated", "Give _lastUpdated as gt<date>, e.g. gt2026-12-01.")
        return _moment(value[2:], "_lastUpdated")
    return None


def _moment(text: str, name: str) -> datetime:
    try:  # well formed but impossible (2026-13-45, 25:00, +99:00) raises, not None
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.combine(day, time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise _bad(name, f"'{text}' is not a date: give 2026-12-01 or 2026-12-01T09:00:00Z.")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _bad(name: str, words: str) -> FhirError:
    return FhirError(400, Problem(words, expression=name, code="value"))


# --- Wellbeing: QuestionnaireResponse and Observation ---------------------------------


def _referred(params: dict[str, str]) -> QuerySet:
    """The referrals of the CHI number searched for, by what the referrer sent."""
    system, _, value = params["patient.identifier"].rpartition("|")
    if system != codes.CHI_SYSTEM:
        raise _bad(
            "patient.identifier",
            f"Search patient.identifier by CHI number: {codes.CHI_SYSTEM}|<CHI>.",
        )
    return Referral.objects.filter(submitted_details__chi=value.strip())


def _shared(request, referrals: QuerySet) -> list[tuple[Referral, object]]:
    """Those of `referrals` whose outcome this client may see, each with the person as it
    may see them."""
    referrals = visible(request.user, Permission.VIEW_REFERRAL_OUTCOME, referrals)
    referrals = list(referrals.select_related("person", "case").order_by("pk")[:LIMIT])
    seen = people_as_seen(referrals, request.user)
    return [(r, seen[r.pk]) for r in referrals]


def _responses(request, referrals: QuerySet, pk: int | None = None) -> list:
    """The scored responses on the shared referrals' cases (only response `pk`, where
    given), each with the referral it was reached through and the person as seen; audited."""
    found = [
        (response, referral, person)
        for referral, person in _shared(request, referrals)
        for response in scored_responses(referral.case)
        if pk is None or response.pk == pk
    ]
    if pk is not None:  # one response reached through two referrals is read once
        found = found[:1]
    _audit(request, found)
    return found


def _response(request, resource_type: str, id: str, pk: int | None, **match):
    """The one scored response `pk` (matching `match`), as the person's search finds it:
    through the referrals of its case whose outcome the client may see."""
    found = []
    if pk is not None:
        answered = QuestionnaireResponse.objects.filter(pk=pk, **match).values("case")
        found = _responses(request, Referral.objects.filter(case__in=answered), pk)
    if not found:
        raise _not_found(resource_type, id)
    response, _, person = found[0]
    return response, person


def questionnaire_responses(request, params: dict[str, str]) -> list:
    found = _responses(request, _referred(params))
    return [resources.questionnaire_response(r, p) for r, _, p in found]


def questionnaire_response(request, id: str):
    response, person = _response(request, "QuestionnaireResponse", id, record_id(id))
    return resources.questionnaire_response(response, person)


def observations(request, params: dict[str, str]) -> list:
    return [resources.observation(r, p) for r, _, p in _responses(request, _referred(params))]


def observation(request, id: str):
    """`<instrument>-<response>`, as resources.observation names it."""
    instrument, _, number = id.rpartition("-")
    pk = record_id(number)
    response, person = _response(request, "Observation", id, pk, instrument=instrument)
    return resources.observation(response, person)


# --- GP summaries: Composition and DocumentReference ----------------------------------


def _summary(request, resource_type: str, id: str, action=AuditAction.VIEW):
    """The GP summary `gp-summary-<case>`, for a client that may have it
    (gp_summary.case_for), audited as `action`."""
    pk = record_id(id.removeprefix("gp-summary-"))
    if pk is None:
        raise _not_found(resource_type, id)
    case = gp_summary.case_for(request.user, pk)
    summary = gp_summary.summary_of(case, request.user)
    _audit(request, [(case, summary.referral, summary.person)], action=action)
    return summary


def composition(request, id: str):
    return resources.composition(_summary(request, "Composition", id))


def binary(request, id: str):
    """The GP summary's PDF letter, the web page's own: the bytes where the client asks
    for application/pdf (a FHIR Binary read's content negotiation), else a Binary resource
    holding them. Audited as an export, as the page's download is."""
    summary = _summary(request, "Binary", id, action=AuditAction.EXPORT)
    letter = gp_summary.letter_pdf(summary)
    if request.get_preferred_type([FHIR_JSON, "application/json", PDF]) == PDF:
        response = HttpResponse(letter, content_type=PDF)
        response["Content-Disposition"] = f'attachment; filename="{id}.pdf"'
        return response
    return resources.letter_binary(summary, letter)


def document_references(request, params: dict[str, str]) -> list:
    """The GP summaries of the person's closed support, each pointing at its PDF letter."""
    closed = [
        (r, p) for r, p in _shared(request, _referred(params)) if r.case.status == CaseStatus.CLOSED
    ]
    summaries = [gp_summary.summary_of(r.case, request.user) for r, _ in closed]
    _audit(request, [(s.case, s.referral, s.person) for s in summaries])
    return [resources.document_reference(s, _letter_url(request, s)) for s in summaries]


def _letter_url(request, summary) -> str:
    """The letter as a Binary, which a client fetches with its bearer token."""
    id = f"gp-summary-{summary.case.pk}"
    return request.build_absolute_uri(
        reverse("interop:fhir_read", kwargs={"resource_type": "Binary", "id": id})
    )


def _audit(request, shown, action=AuditAction.VIEW) -> None:
    """A read (or `action`) of each person shown (record shown, referral it was reached
    through)."""
    audit_people(
        request=request,
        seen=[(via.person, obj, via) for obj, via, person in shown if person is not None],
        action=action,
    )
