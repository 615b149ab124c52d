"""Casework rules and writes. Views, the API, commands and tests all come through here.

Every write is one transaction, checks the version the user started from where two
people could edit at once, records who made it (history) and writes an audit event.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from linkwork.accounts.authorisation import grounds_many, has_scope, reached_or_404
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import event as audit_event
from linkwork.audit.services import record_many
from linkwork.casework import rules
from linkwork.casework.models import (
    Action,
    ActionStatus,
    Case,
    CaseNote,
    CaseStatus,
    Goal,
    IdentifiedNeed,
    Person,
    ReferralConsent,
    Session,
    SocialOutcome,
)
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.core.recording import save_recorded
from linkwork.organisations.models import LinkWorker, Practice


@dataclass
class PersonDetails:
    """Who is being referred, as the referrer typed it."""

    given_name: str
    family_name: str
    date_of_birth: date
    sex: str
    chi: str | None = None
    postcode: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    preferred_contact: str = ""
    safe_to_leave_message: bool = False
    safe_times_to_call: str = ""
    preferred_language: str = ""
    interpreter_needed: bool = False
    ethnicity: str = ""


CASE_RELATED = ("person", "practice", "link_worker__user", "link_worker__provider")


def load_case(user, pk: int, permission: Permission = Permission.VIEW_CASE) -> Case:
    """A case the user may reach, or 404."""
    return reached_or_404(user, permission, Case, pk, CASE_RELATED)


def audit_person(
    *, request=None, person: Person, action=AuditAction.VIEW, actor=None, obj=None, via=None
) -> None:
    """An audit event about a person's record or something on it, tagged with the HSCP
    that owns the record (not the viewer's) and why the actor's roles allowed it: the role
    assignment that reaches `via` (the record the actor was let in through)."""
    audit_people(request=request, seen=[(person, obj, via)], action=action, actor=actor)


def audit_people(*, request=None, seen, action=AuditAction.VIEW, actor=None) -> None:
    """`audit_person` for each (person, record shown or None, record let in through or
    None) in `seen`, written at once: an API list shows a page of people."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    seen = [(person, obj or person, via or person) for person, obj, via in seen]
    allowed = grounds_many(actor, [via for _, _, via in seen]) if actor else {}
    events = []
    for person, obj, via in seen:
        allowed_by = allowed.get(via)
        events.append(
            audit_event(
                action=action,
                request=request,
                actor=actor,
                obj=obj,
                person_id=person.pk,
                hscp_id=person.hscp_id,
                detail={"role": allowed_by.role, "assignment": allowed_by.pk}
                if allowed_by
                else None,
            )
        )
    record_many(events)


def audit_case(*, request=None, case: Case, action=AuditAction.VIEW, actor=None, obj=None) -> None:
    """An audit event about (part of) a person's case; a partner reaches a link, everyone
    else the case."""
    audit_cases(request=request, shown=[(case, obj)], action=action, actor=actor)


def audit_cases(*, request=None, shown, action=AuditAction.VIEW, actor=None) -> None:
    """`audit_case` for each (case, record on it or None) in `shown`, written at once."""
    audit_people(
        request=request,
        seen=[
            (
                case.person,
                obj if obj is not None else case,
                obj if obj is not None and has_scope(obj) else case,
            )
            for case, obj in shown
        ],
        action=action,
        actor=actor,
    )


def refuse(errors: dict[str, str]) -> None:
    """A rule's refusal, as the model would give it: forms and the API name the field."""
    if errors:
        raise ValidationError(errors)


def save_on_case(
    case: Case, instance, *, by, request, action, expected_version=None, label="record", reason=None
):
    """Save a record on the case, audited against the person whose case it is."""
    return save_recorded(
        instance,
        by=by,
        expected_version=expected_version,
        label=label,
        reason=reason,
        audit=lambda saved: audit_case(
            request=request, case=case, action=action, actor=by, obj=saved
        ),
    )


class DuplicateChi(Exception):
    def __init__(self):
        super().__init__(
            "Another person's record has this CHI number. Check the number; if they are the "
            "same person, ask your team lead to merge the records."
        )


@transaction.atomic
def update_person(
    *,
    person: Person,
    case: Case,
    by,
    expected_version: int | None = None,
    request=None,
    **fields,
) -> Person:
    """Correct or complete the person's details; earlier values stay in history."""
    chi = fields.get("chi")
    others = Person.objects.exclude(pk=person.pk).filter(hscp_id=person.hscp_id)
    if chi and others.filter(chi=chi).exists():
        raise DuplicateChi
    refused = fields.pop("refused_organisations", None)
    before = sharing_of(person)
    for name, value in fields.items():
        setattr(person, name, value)
    _stamp_sharing(person, before, refused, by)
    saved = save_on_case(
        case,
        person,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="person's details",
    )
    if refused is not None:
        saved.refused_organisations.set(refused)
    return saved


SHARING_FIELDS = ("referral_consent", "may_share_contact_details", "may_share_safety_flags")


def sharing_of(person: Person) -> dict:
    """The person's sharing preferences as they stand, to tell whether a save changes them."""
    refused = set(person.refused_organisations.values_list("pk", flat=True)) if person.pk else set()
    return {**{name: getattr(person, name) for name in SHARING_FIELDS}, "refused": refused}


def _stamp_sharing(person: Person, before: dict, refused, by) -> None:
    """When the preferences change: who recorded them and when, and the day the person
    said no to onward referrals (what links/consent.py shows an organisation since)."""
    now = {name: getattr(person, name) for name in SHARING_FIELDS}
    now["refused"] = before["refused"] if refused is None else {o.pk for o in refused}
    if now == before:
        return
    person.sharing_recorded_on = clock.today()
    person.sharing_recorded_by = by
    says_no = person.referral_consent == ReferralConsent.NO
    if says_no and before["referral_consent"] != ReferralConsent.NO:
        person.consent_withdrawn_on = clock.today()
    elif not says_no:
        person.consent_withdrawn_on = None


@transaction.atomic
def open_case(
    *,
    person: Person,
    link_worker: LinkWorker | None,
    practice: Practice | None,
    opened_on: date,
    complexity: str = "",
    host_setting=None,
    by=None,
    request=None,
) -> Case:
    case = Case(
        person=person,
        link_worker=link_worker,
        practice=practice,
        host_setting=host_setting,
        opened_on=opened_on,
        complexity=complexity,
    )
    return save_on_case(case, case, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def reopen_case(*, case: Case, by, link_worker: LinkWorker | None = None, request=None) -> Case:
    """Reopen keeps the history: the earlier closure stays in the case's history."""
    case.status = CaseStatus.OPEN
    case.closed_on = None
    case.closure_reason = ""
    case.closure_note = ""
    case.not_engaged_reason = ""
    if link_worker is not None:
        case.link_worker = link_worker
    return save_on_case(case, case, by=by, request=request, action=AuditAction.CHANGE)


@transaction.atomic
def close_case(
    *,
    case: Case,
    by,
    reason: str,
    closed_on: date,
    note: str = "",
    not_engaged_reason: str | None = None,
    expected_version: int | None = None,
    request=None,
) -> Case:
    """Close with a coded reason (and, when the person did not engage, why: decision
    0072; a caller that never asks, an import of old records, passes None). Sessions
    left with no outcome are cancelled by the service: those to come, and past ones
    nobody recorded (the close page lists both first; docs/decisions/0030). Holding
    ends with the case."""
    refuse(rules.closure_date_errors(closed_on=closed_on, opened_on=case.opened_on))
    if not_engaged_reason is not None:
        refuse(rules.not_engaged_errors(reason=reason, not_engaged_reason=not_engaged_reason))
    booked = rules.booked_sessions(case)
    case.status = CaseStatus.CLOSED
    case.closure_reason = reason
    case.closure_note = note
    case.closed_on = closed_on
    case.not_engaged_reason = (not_engaged_reason or "") if reason == rules.DID_NOT_ENGAGE else ""
    case.holding_since, case.holding_reason, case.holding_with = None, "", ""
    case.holding_review_on = None
    save_on_case(
        case,
        case,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="case",
    )
    for session in booked.past:
        _cancel_for_closure(session, rules.CLOSED_UNRECORDED_NOTE, by=by, request=request)
    for session in booked.future:
        _cancel_for_closure(session, rules.CLOSED_NOTE, by=by, request=request)
    return case


def _cancel_for_closure(session: Session, why: str, *, by, request) -> None:
    session.outcome = "cancelled_by_service"
    session.note = "\n".join(filter(None, [session.note, why]))
    save_on_case(session.case, session, by=by, request=request, action=AuditAction.CHANGE)


def _save_case(case: Case, *, by, request, expected_version: int | None) -> Case:
    """A change to the case record itself, checked against the version the user saw."""
    return save_on_case(
        case,
        case,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="case",
    )


@transaction.atomic
def set_complexity(
    *, case: Case, by, complexity: str, expected_version: int | None = None, request=None
) -> Case:
    case.complexity = complexity
    return _save_case(case, by=by, request=request, expected_version=expected_version)


@transaction.atomic
def set_practice_sharing(
    *,
    case: Case,
    by,
    shares_with_practice: bool,
    practice_summary: str = "",
    expected_version: int | None = None,
    request=None,
) -> Case:
    """Record whether the person agreed that their practice may see what came of their
    support, and in what words (at closure or any time; withdrawing it hides it again)."""
    refuse(
        rules.practice_sharing_errors(
            shares_with_practice=shares_with_practice, practice_summary=practice_summary
        )
    )
    case.shares_with_practice = shares_with_practice
    case.practice_summary = practice_summary.strip()
    return _save_case(case, by=by, request=request, expected_version=expected_version)


@transaction.atomic
def reassign_case(
    *,
    case: Case,
    by,
    link_worker: LinkWorker,
    reason: str = "",
    request=None,
    expected_version: int | None = None,
) -> Case:
    """Handover (leave, vacancy, cross-cover): the new worker sees the whole history. The
    reason, a code of handover_reasons.csv, is kept with the change in the case's history."""
    if reason and reason not in codelist("handover_reasons"):
        refuse({"reason": "Choose a reason from the handover reasons list"})
    case.link_worker = link_worker
    return save_on_case(
        case,
        case,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        reason=reason or None,
        expected_version=expected_version,
        label="case",
    )


@transaction.atomic
def hand_over(*, cases, by, link_worker: LinkWorker, reason: str, request=None) -> list[Case]:
    """Several cases to one worker at once (someone going on leave): all of them or none,
    each audited as its own change."""
    return [
        reassign_case(case=case, by=by, link_worker=link_worker, reason=reason, request=request)
        for case in cases
    ]


@transaction.atomic
def record_session(
    *,
    case: Case,
    by,
    starts_at: datetime,
    mode: str,
    duration_minutes: int | None = None,
    outcome: str = "",
    note: str = "",
    joint_agency=None,
    request=None,
    typed: bool = False,
) -> Session:
    """Book a session (no outcome yet) or record one that happened; `joint_agency`, one
    of the case's agencies, joined it (a joint visit). `typed` on a page: its slips are
    refused too (rules.typing_slip_errors)."""
    refuse(rules.closed_case_errors(case, "a session"))
    refuse(
        rules.session_timing_errors(starts_at=starts_at, outcome=outcome, is_new=True, case=case)
    )
    if typed:
        refuse(rules.typing_slip_errors(case=case, starts_at=starts_at, outcome=outcome))
    refuse(rules.joint_agency_errors(case=case, joint_agency=joint_agency))
    session = Session(
        case=case,
        starts_at=starts_at,
        mode=mode,
        duration_minutes=duration_minutes,
        outcome=outcome,
        note=note,
        joint_agency=joint_agency,
        created_by=by,
    )
    return save_on_case(case, session, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def update_session(
    *, session: Session, by, expected_version: int | None = None, request=None, **fields
) -> Session:
    for name, value in fields.items():
        setattr(session, name, value)
    if "joint_agency" in fields:
        refuse(rules.joint_agency_errors(case=session.case, joint_agency=session.joint_agency))
    refuse(
        rules.session_timing_errors(
            starts_at=session.starts_at,
            outcome=session.outcome,
            is_new=False,
            case=session.case if "starts_at" in fields else None,
        )
    )
    return save_on_case(
        session.case,
        session,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="session",
    )


@transaction.atomic
def check_in(*, session: Session, by, expected_back_at: datetime, request=None) -> Session:
    """Lone working: the worker is at the visit and expects to be back by this time. The
    pages and the API hold that time to the window in rules.py; an import may not."""
    refuse(_lone_working(session, checking_in=True))
    session.checked_in_at = clock.now()
    session.expected_back_at = expected_back_at
    session.checked_out_at = None
    session.overdue_alerted_at = None
    return save_on_case(session.case, session, by=by, request=request, action=AuditAction.CHANGE)


@transaction.atomic
def check_out(*, session: Session, by, request=None) -> Session:
    refuse(_lone_working(session, checking_in=False))
    session.checked_out_at = clock.now()
    return save_on_case(session.case, session, by=by, request=request, action=AuditAction.CHANGE)


def _lone_working(session: Session, *, checking_in: bool) -> dict[str, str]:
    refusal = rules.lone_working_refusal(session, checking_in=checking_in)
    return {"session": refusal} if refusal else {}


def overdue_check_ins(sessions, now=None):
    """Visits whose worker checked in and is past the time they expected to be back (at
    `now`, or this moment)."""
    return sessions.filter(
        checked_in_at__isnull=False,
        checked_out_at__isnull=True,
        expected_back_at__lt=now or timezone.now(),
    )


@transaction.atomic
def add_goal(*, case: Case, by, wording: str, on: date | None = None, request=None) -> Goal:
    refuse(rules.closed_case_errors(case, "a goal"))
    goal = Goal(case=case, wording=wording, created_on=on or clock.today(), created_by=by)
    return save_on_case(case, goal, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def update_goal(
    *, goal: Goal, by, expected_version: int | None = None, request=None, **fields
) -> Goal:
    for name, value in fields.items():
        setattr(goal, name, value)
    return save_on_case(
        goal.case,
        goal,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="goal",
    )


@transaction.atomic
def add_action(
    *,
    goal: Goal,
    by,
    description: str,
    owner: str,
    due_on: date | None = None,
    support_type: str = "",
    request=None,
) -> Action:
    refuse(rules.closed_case_errors(goal.case, "an action"))
    refuse(rules.action_due_errors(due_on))
    action = Action(
        goal=goal, description=description, owner=owner, due_on=due_on, support_type=support_type
    )
    return save_on_case(goal.case, action, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def update_action(
    *, action: Action, by, expected_version: int | None = None, request=None, **fields
) -> Action:
    if "due_on" in fields and fields["due_on"] != action.due_on:  # changed, not kept as it was
        refuse(rules.action_due_errors(fields["due_on"]))
    for name, value in fields.items():
        setattr(action, name, value)
    if action.status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = clock.today()
    if action.status != ActionStatus.DONE:
        action.completed_on = None
    return save_on_case(
        action.goal.case,
        action,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="action",
    )


@transaction.atomic
def add_identified_need(
    *, case: Case, by, need: str, detail: str = "", on: date | None = None, request=None
) -> IdentifiedNeed:
    existing = IdentifiedNeed.objects.filter(case=case, need=need).first()
    if existing is not None:
        return existing
    identified = IdentifiedNeed(
        case=case, need=need, detail=detail, noted_on=on or clock.today(), noted_by=by
    )
    return save_on_case(case, identified, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def add_note(*, case: Case, by, text: str, request=None) -> CaseNote:
    note = CaseNote(case=case, text=text, created_by=by)
    return save_on_case(case, note, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def correct_note(
    *, note: CaseNote, by, text: str, expected_version: int | None = None, request=None
) -> CaseNote:
    """A correction replaces the text; the original stays in the note's history."""
    note.text = text
    return save_on_case(
        note.case,
        note,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="note",
    )


OUTCOME_FIELDS = ("kind", "achieved_on", "amount", "period", "service_name", "evidence", "link")


def _outcome_checked(outcome: SocialOutcome) -> None:
    """Only an income has an amount and period, only a registration a service: what a
    changed kind leaves behind is cleared, not kept unseen."""
    if not outcome.is_income:
        outcome.amount, outcome.period = None, ""
    if outcome.kind != "registered_with_service":
        outcome.service_name = ""
    outcome.service_name = outcome.service_name.strip()
    errors = rules.social_outcome_errors(
        kind=outcome.kind,
        achieved_on=outcome.achieved_on,
        amount=outcome.amount,
        period=outcome.period,
        service_name=outcome.service_name,
        opened_on=outcome.case.opened_on,
    )
    if outcome.link_id and outcome.link.case_id != outcome.case_id:
        errors["link"] = rules.OUTCOME_MESSAGES["link"]
    refuse(errors)


@transaction.atomic
def record_social_outcome(
    *,
    case: Case,
    by,
    kind: str,
    achieved_on: date | None = None,
    amount=None,
    period: str = "",
    service_name: str = "",
    evidence: str = "",
    link=None,
    request=None,
) -> SocialOutcome:
    """What changed in the person's life, when it happened (decision 0070)."""
    outcome = SocialOutcome(
        case=case,
        kind=kind,
        achieved_on=achieved_on or clock.today(),
        amount=amount,
        period=period,
        service_name=service_name,
        evidence=evidence,
        link=link,
        created_by=by,
    )
    _outcome_checked(outcome)
    return save_on_case(case, outcome, by=by, request=request, action=AuditAction.CREATE)


@transaction.atomic
def correct_social_outcome(
    *, outcome: SocialOutcome, by, expected_version: int | None = None, request=None, **fields
) -> SocialOutcome:
    """A correction; what was recorded before stays in the outcome's history."""
    for name, value in fields.items():
        if name not in OUTCOME_FIELDS:
            raise TypeError(f"{name} is not a field of a social outcome")
        setattr(outcome, name, value)
    _outcome_checked(outcome)
    return save_on_case(
        outcome.case,
        outcome,
        by=by,
        request=request,
        action=AuditAction.CHANGE,
        expected_version=expected_version,
        label="outcome",
    )
