"""The GP record's reads over FHIR (decision 0082): a practice's coded messages as
Communications (a feed by date), a person's wellbeing measures as QuestionnaireResponses
and Observations, and GP summaries as Compositions and DocumentReferences.

Which records a client reaches is accounts/authorisation.py's decision, as on the pages: a
practice's messages by FILE_GP_MESSAGES; wellbeing and summaries only where the person
agreed to share the outcome with the referring practice (VIEW_REFERRAL_OUTCOME). A person
is found, and shown, by what the practice itself sent (people_as_seen), never by the
matched record. Every person shown is audited, as the pages do.
"""

from datetime import datetime, time

from django.db.models import QuerySet
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
from linkwork.interop.fhir.responses import FhirError, Problem, record_id
from linkwork.interop.fhir.routing import SearchParam
from linkwork.interop.messages import scored_responses
from linkwork.interop.models import GpMessage
from linkwork.referrals.models import Referral
from linkwork.referrals.presenters import people_as_seen

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


def communications(request, params: dict[str, str]) -> list:
    messages = visible(request.user, Permission.FILE_GP_MESSAGES, GpMessage.objects.all())
    since = _since(params)
    if since is not None:
        messages = messages.filter(created_at__gt=since)
    if "patient.identifier" in params:
        messages = messages.filter(referral__in=_referred(params))
    messages = messages.select_related("person", "practice", "referral").order_by(
        "created_at", "pk"
    )[:LIMIT]
    messages = list(messages)
    seen = people_as_seen([m.referral for m in messages], request.user)
    _audit(request, [(m, m.referral, seen[m.referral_id]) for m in messages])
    return [resources.communication(m, seen[m.referral_id]) for m in messages]


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


def _shared(request, params) -> list[tuple[Referral, object]]:
    """The person's referrals whose outcome this client may see, each with the person as
    it may see them."""
    referrals = visible(request.user, Permission.VIEW_REFERRAL_OUTCOME, _referred(params))
    referrals = list(referrals.select_related("person", "case").order_by("pk")[:LIMIT])
    seen = people_as_seen(referrals, request.user)
    return [(r, seen[r.pk]) for r in referrals]


def _responses(request, params):
    found = [
        (response, referral, person)
        for referral, person in _shared(request, params)
        for response in scored_responses(referral.case)
    ]
    _audit(request, found)
    return found


def questionnaire_responses(request, params: dict[str, str]) -> list:
    return [resources.questionnaire_response(r, p) for r, _, p in _responses(request, params)]


def observations(request, params: dict[str, str]) -> list:
    return [resources.observation(r, p) for r, _, p in _responses(request, params)]


# --- GP summaries: Composition and DocumentReference ----------------------------------


def composition(request, id: str):
    """`gp-summary-<case>`, for a client that may have it (gp_summary.case_for)."""
    pk = record_id(id.removeprefix("gp-summary-"))
    if pk is None:
        raise FhirError(404, Problem(f"There is no Composition {id}.", code="not-found"))
    case = gp_summary.case_for(request.user, pk)
    summary = gp_summary.summary_of(case, request.user)
    _audit(request, [(case, summary.referral, summary.person)])
    return resources.composition(summary)


def document_references(request, params: dict[str, str]) -> list:
    """The GP summaries of the person's closed support, each pointing at its PDF letter."""
    closed = [(r, p) for r, p in _shared(request, params) if r.case.status == CaseStatus.CLOSED]
    summaries = [gp_summary.summary_of(r.case, request.user) for r, _ in closed]
    _audit(request, [(s.case, s.referral, s.person) for s in summaries])
    return [resources.document_reference(s, _pdf_url(request, s)) for s in summaries]


def _pdf_url(request, summary) -> str:
    return request.build_absolute_uri(reverse("gp_record:summary_pdf", args=[summary.case.pk]))


def _audit(request, shown) -> None:
    """A read of each person shown (record shown, referral it was reached through)."""
    audit_people(
        request=request,
        seen=[(via.person, obj, via) for obj, via, person in shown if person is not None],
        action=AuditAction.VIEW,
    )
