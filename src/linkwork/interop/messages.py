"""Coded messages for the referring practice: derived from the saved records after each
commit, never written by the domain (which does not know interop exists), once per event.

Which events and codes: codes.py. Who reads them: `SCOPES["interop.GpMessage"]` in
accounts/authorisation.py. What a practice may know follows reporting/feedback.py: the
status of its own referral (accepted, declined, first contact, closed) always, as its
referral's progress shows it; a wellbeing score only while the person agrees to share the
outcome with the practice (`Case.shares_with_practice`), as VIEW_REFERRAL_OUTCOME does.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from linkwork.audit.models import Action as AuditAction
from linkwork.casework.models import Case, CaseStatus, Session
from linkwork.casework.services import audit_person
from linkwork.core import clock
from linkwork.interop import codes
from linkwork.interop.models import Event, GpMessage
from linkwork.outcomes.models import QuestionnaireResponse
from linkwork.outcomes.models.responses import Status
from linkwork.referrals.models import Referral, ReferralStatus
from linkwork.reporting import definitions
from linkwork.reporting.feedback import closure_label

# The referral's decline reason that is the person declining (the SNOMED situation);
# any other decline is the service's decision, which the referral's status already says.
DECLINED_BY_PERSON = "no_consent"
# The statuses a referral may bring a message in (due_for): a new one, or one waiting for
# its details to be checked, brings none, so its saving asks nothing here.
STATUSES_WITH_MESSAGES = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.DECLINED})


@dataclass(frozen=True)
class Due:
    """A message that should exist: the event, where it came from and what it says."""

    event: Event
    key: str
    code: codes.Code
    occurred_on: date
    text: str = ""
    value: object = None


def records_changed(sender, records, **kwargs) -> None:
    """record_changed's receiver: a referral, or a case and what is recorded on it (a
    session, a questionnaire), may bring an event due."""
    referrals, cases = set(), set()
    for record in records:
        if isinstance(record, Referral):
            if record.status in STATUSES_WITH_MESSAGES:
                referrals.add(record.pk)
        elif isinstance(record, Case):
            cases.add(record.pk)
        elif isinstance(record, Session | QuestionnaireResponse):
            cases.add(record.case_id)
    if referrals or cases:
        queue(referrals=referrals, cases=cases)


@transaction.atomic  # all of one change's derived rows, or none (decision 0114)
def queue(*, referrals=(), cases=()) -> int:
    """Queue what is due for these referrals and cases and not yet queued; how many."""
    practice_referrals = Referral.objects.filter(practice__isnull=False).select_related("case")
    chosen = practice_referrals.filter(pk__in=referrals) | practice_referrals.filter(
        case__in=cases, status=ReferralStatus.ACCEPTED
    )
    made = 0
    for referral in definitions.with_first_contact(chosen.distinct()):
        made += _queue(referral, due_for(referral))
    return made


def queue_all() -> int:
    """Queue whatever is due for every practice's referral: after a load whose changes were
    not announced one by one (the demo, which rebuilds the reporting facts at once)."""
    referrals = Referral.objects.filter(practice__isnull=False).exclude(
        status__in=[ReferralStatus.NEW, ReferralStatus.AWAITING_VERIFICATION]
    )
    return queue(referrals=referrals.values_list("pk", flat=True))


def due_for(referral: Referral) -> list[Due]:
    """Every message the referral's practice should have by now."""
    if referral.status not in STATUSES_WITH_MESSAGES:
        return []
    if referral.status == ReferralStatus.DECLINED:
        if referral.decline_reason != DECLINED_BY_PERSON:
            return []
        return [Due(Event.DECLINED, f"referral:{referral.pk}", codes.DECLINED, _day(referral))]
    if referral.status != ReferralStatus.ACCEPTED or referral.case is None:
        return []
    case = referral.case
    due = [Due(Event.ACCEPTED, f"referral:{referral.pk}", codes.REFERRED, _day(referral))]
    if (first_contact := getattr(referral, "first_contact_on", None)) is not None:
        due.append(
            Due(Event.FIRST_CONTACT, f"referral:{referral.pk}", codes.FIRST_CONTACT, first_contact)
        )
    if case.status == CaseStatus.CLOSED and case.closed_on is not None:
        due.append(_closure(case))
    if case.shares_with_practice:
        due.extend(_score(response) for response in scored_responses(case))
    return due


def _day(referral: Referral) -> date:
    return timezone.localdate(referral.decided_at) if referral.decided_at else clock.today()


def _closure(case: Case) -> Due:
    code = codes.closure_code(case.closure_reason)
    event = {codes.DECLINED: Event.DECLINED, codes.NOT_ENGAGED: Event.NOT_ENGAGED}.get(
        code, Event.CLOSED
    )
    return Due(
        event,
        f"case:{case.pk}:{case.closed_on.isoformat()}",
        code,
        case.closed_on,
        text=f"Support ended: {closure_label(case.closure_reason)}",
    )


def scored_responses(case: Case) -> QuerySet:
    """The case's complete SWEMWBS and WEMWBS responses, scored by outcomes (never here)."""
    return QuestionnaireResponse.objects.filter(
        case=case, status=Status.COMPLETE, instrument__in=codes.SCORE_CODES
    ).order_by("completed_on", "pk")


def score_of(response: QuestionnaireResponse):
    """The score a response is filed under: SWEMWBS's metric score, WEMWBS's total."""
    return response.metric_score if response.instrument == "swemwbs" else response.raw_score


def _score(response: QuestionnaireResponse) -> Due:
    value = score_of(response)
    title = response.definition.title
    return Due(
        Event.SCORE,
        f"response:{response.pk}",
        codes.SCORE_CODES[response.instrument],
        response.completed_on,
        text=f"{title} {response.get_timepoint_display().lower()}: {value}",
        value=value,
    )


def _queue(referral: Referral, due: list[Due]) -> int:
    queued = set(GpMessage.objects.filter(key__in={d.key for d in due}).values_list("event", "key"))
    new = [
        GpMessage(
            practice_id=referral.practice_id,
            person_id=referral.person_id,
            referral=referral,
            case_id=referral.case_id,
            event=d.event,
            key=d.key,
            code_system=d.code.system,
            code=d.code.code,
            display=d.code.display,
            text=d.text[:300],
            value=d.value,
            occurred_on=d.occurred_on,
        )
        for d in due
        if (d.event, d.key) not in queued
    ]
    # Two commits deriving the same event at once: the unique constraint keeps one.
    GpMessage.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Filing -----------------------------------------------------------------------------


def already_filed(message: GpMessage) -> str:
    who = message.filed_by.get_full_name() or message.filed_by.username
    when = timezone.localtime(message.filed_at).strftime("%-d %b %Y at %H:%M")
    return f"This message was already filed by {who} on {when}: do not enter it again."


def mark_many_filed(*, messages, by, request=None) -> tuple[list, list[str]]:
    """Several messages entered into the GP record at one sitting: each filed as one is,
    each in its own transaction; those filed meanwhile by someone else are named, not
    filed again. Returns (filed, why each other was not)."""
    filed, refused = [], []
    for message in messages:
        try:
            filed.append(mark_filed(message=message, by=by, request=request))
        except ValidationError as error:
            refused.extend(error.messages)
    return filed, refused


def mark_filed(*, message: GpMessage, by, request=None) -> GpMessage:
    """Mark a message as entered into the GP record; a second filing is refused, naming
    who filed it and when, so nobody enters it twice."""
    with transaction.atomic():
        # Only the message's row is locked (PostgreSQL locks no outer-joined filer).
        locked = GpMessage.objects.select_for_update(of=("self",)).select_related("filed_by")
        message = locked.get(pk=message.pk)
        if message.is_filed:
            raise ValidationError(already_filed(message))
        message.filed_at, message.filed_by = clock.now(), by
        message.save(update_fields=["filed_at", "filed_by"])
        _audit_filing(message, by, request)
    return message


def mark_not_filed(*, message: GpMessage, by, request=None) -> GpMessage:
    """Undo a filing made by mistake: the message is to file again. Audited as filing is
    (the audit keeps who filed it and when, and who undid it)."""
    with transaction.atomic():
        message = GpMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
        if not message.is_filed:
            raise ValidationError(
                "This message is not marked as filed (someone may have undone it already): "
                "nothing to undo."
            )
        message.filed_at, message.filed_by = None, None
        message.save(update_fields=["filed_at", "filed_by"])
        _audit_filing(message, by, request)
    return message


def _audit_filing(message: GpMessage, by, request) -> None:
    audit_person(
        request=request,
        person=message.person,
        action=AuditAction.CHANGE,
        actor=by,
        obj=message,
        via=message.referral,
    )
