"""Referral intake, triage and allocation. All referral writes come through here."""

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from linkwork.accounts.authorisation import has_permission, visible
from linkwork.accounts.roles import Permission
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record as audit_record
from linkwork.casework import services as casework
from linkwork.casework.models import Case, CaseStatus, Person
from linkwork.casework.services import PersonDetails
from linkwork.core import clock
from linkwork.core.recording import save_recorded
from linkwork.core.statements import statement
from linkwork.core.text import single_spaced
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import HostSetting, LinkWorker, Practice
from linkwork.places.services import deprivation_for
from linkwork.referrals.models import (
    WAITING_STATUSES,
    AppointmentSlot,
    PracticeIntake,
    Referral,
    ReferralReason,
    ReferralStatus,
    SafetyFlag,
    SelfReferralSubmission,
)

# A person referred again within this many days of closure gets their case reopened
# (the same episode of support); later than that, a new case.
REOPEN_WITHIN_DAYS = 90


class ReferrerMustConfirm(Exception):
    """Something the referrer must know before the referral is saved; they confirm (the
    form's or the API's `field`) or stop. `api_message` says it without a name."""

    heading = ""
    field = "confirm_open_case"
    api_message = ""


class AlreadyReferred(ReferrerMustConfirm):
    """The person is already supported, or a referral of theirs is waiting."""


class OpenCaseExists(AlreadyReferred):
    heading = "Already supported"

    def __init__(self, case: Case, typed_name: str):
        self.case = case
        worker = f" with {case.link_worker}" if case.link_worker else ""
        # The API's message has no name: a CHI number typed by mistake must not say whose.
        # The page's uses the name the referrer typed, never the record's.
        self.api_message = (
            f"This person already has an open case{worker}. To refer them again, send "
            "confirm_open_case: true; or stop and contact the link worker."
        )
        super().__init__(
            f"{typed_name} already has an open case{worker}. Tick 'Refer anyway' "
            "to send this referral too, or stop and contact the link worker."
        )


class ReferralWaiting(AlreadyReferred):
    heading = "Already referred"

    def __init__(self, referral: "Referral", typed_name: str):
        self.referral = referral
        received = f"{referral.received_on:%-d %B %Y}"
        self.api_message = (
            f"A referral for this person is already waiting (referral {referral.pk}, received "
            f"{received}). To send another, send confirm_open_case: true."
        )
        super().__init__(
            f"A referral for {typed_name} is already waiting (received "
            f"{received}). Tick 'Refer anyway' to send another, or stop: the first is in the "
            "queue."
        )


class SlotRefused(Exception):
    """A first appointment that cannot be booked; the message says what to do instead."""


class SlotTaken(SlotRefused):
    def __init__(self):
        super().__init__("That appointment has just been booked by someone else: choose another.")


# The service began well after this; an earlier date is a typing mistake.
EARLIEST_RECEIVED = date(2010, 1, 1)


def received_on_problem(received_on: date | None, date_of_birth: date | None) -> str | None:
    """What is wrong with the date a referral was received, in words that say the fix."""
    if received_on is None:
        return None
    if received_on > clock.today():
        return (
            "The date received cannot be in the future: enter the day it reached you, today or "
            "earlier"
        )
    if received_on < EARLIEST_RECEIVED:
        return f"Enter a date received on or after {EARLIEST_RECEIVED:%-d %B %Y}"
    if date_of_birth and received_on < date_of_birth:
        return "The date received cannot be before the person's date of birth"
    return None


@dataclass
class ReferralDetails:
    """Where the referral lands: a practice, or (with practice None) a host setting that
    refers people who may have no GP (decision 0074)."""

    practice: Practice | None
    route: str
    referrer_role: str
    reasons: list[str]
    reason_detail: str = ""
    what_matters: str = ""
    urgency: str = "routine"
    consent_to_referral: bool = False
    safety_flags: list[str] = field(default_factory=list)
    safety_detail: str = ""
    referrer_name: str = ""
    referrer_organisation: str = ""
    received_on: date | None = None
    legacy_ref: str = ""  # the person's reference in imported earlier records
    host_setting: HostSetting | None = None
    contact_via_practice: bool = False
    practice_contact_name: str = ""

    @property
    def hscp_id(self) -> int:
        return (self.practice or self.host_setting).hscp_id


NO_WAY_TO_REACH = (
    "Enter a way to reach the person: a phone number, an email address or an address; or "
    "tick that the link worker contacts them through {where}, and say who to ask for"
)
NO_PRACTICE_CONTACT = "Enter who at {where} the link worker should ask for"


def reach_problems(
    *,
    phone: str,
    email: str,
    address: str,
    via_practice: bool,
    contact_name: str,
    where: str = "the practice",
) -> dict[str, str]:
    """A referral needs one way to reach the person (decision 0076): their phone, email or
    address, or the referrer's place (`where`: the practice, or a host setting), naming who
    there to ask for. {field: what to do}."""
    if via_practice and not (contact_name or "").strip():
        return {"practice_contact_name": NO_PRACTICE_CONTACT.format(where=where)}
    if via_practice or any((value or "").strip() for value in (phone, email, address)):
        return {}
    return {"phone": NO_WAY_TO_REACH.format(where=where)}


OTHER_SAFETY_CONCERN = (
    "Say what the other safety concern is in safety details: a worker visiting alone needs to know"
)


URGENT_WITHOUT_WHY = (
    "Say why the referral is urgent in ‘Anything else the link worker should know’: "
    "the link worker decides from it whom to contact first"
)


def urgency_problem(urgency: str, detail: str) -> str | None:
    """'Urgent' says nothing by itself either: the worker reading the queue (or an
    urgent-only intake) needs the why to act on it. The pages ask it (decision 0150)."""
    if urgency == "urgent" and not (detail or "").strip():
        return URGENT_WITHOUT_WHY
    return None


def safety_problem(flags, detail: str) -> str | None:
    """'Other safety concern' says nothing by itself: it comes with its details."""
    if "other" in (flags or ()) and not (detail or "").strip():
        return OTHER_SAFETY_CONCERN
    return None


def find_person(
    *,
    chi: str | None = None,
    family_name: str = "",
    date_of_birth=None,
    practice,
    host_setting: HostSetting | None = None,
):
    """The referring practice's HSCP's own record of this person: by CHI number (one record
    per CHI within an HSCP), else by surname and date of birth among the practice's
    registered patients (a host setting's: among the people it referred before). Another
    HSCP's record is never found (decision 0008)."""
    people = Person.objects.filter(hscp_id=(practice or host_setting).hscp_id)
    if chi:
        return people.filter(chi=chi).first()
    if family_name and date_of_birth:
        among = (
            Q(practice=practice)
            if practice is not None
            else Q(pk__in=Referral.objects.filter(host_setting=host_setting).values("person_id"))
        )
        return people.filter(
            among,
            family_name__iexact=single_spaced(family_name),
            date_of_birth=date_of_birth,
        ).first()
    return None


def holds_record(user, person: Person | None) -> bool:
    """Whether the user already reaches this person's record (their practice's patient,
    or someone on their caseload): only then may a referral fill in its blanks or tell
    them of its open case."""
    if person is None or person.pk is None or not getattr(user, "is_authenticated", False):
        return False
    return has_permission(user, Permission.REFER_PATIENT, person) or has_permission(
        user, Permission.VIEW_CASE, person
    )


def open_case_of(person: Person | None) -> Case | None:
    if person is None or person.pk is None:
        return None
    return (
        person.cases.filter(status=CaseStatus.OPEN)
        .select_related("person", "link_worker__user")
        .first()
    )


class OpenCaseElsewhere(ValueError):
    def __init__(self):
        super().__init__(
            "This person already has an open case with another team, which you cannot see. "
            "Ask your team lead before accepting, or decline with feedback."
        )


def open_case_for(user, person: Person) -> Case | None:
    """The person's open case, if any, for someone triaging: refused (OpenCaseElsewhere)
    when it is a case they cannot see, so a referral never joins a case out of reach."""
    case = open_case_of(person)
    if case is not None and not has_permission(user, Permission.VIEW_CASE, case):
        raise OpenCaseElsewhere
    return case


def intake_of(practice: Practice | None) -> PracticeIntake:
    """The practice's intake status; a practice nobody has set is open, and so is a host
    setting (no intake is set for one: decision 0074)."""
    if practice is None:
        return PracticeIntake(status="open")
    return PracticeIntake.objects.filter(practice=practice).first() or PracticeIntake(
        practice=practice
    )


def intakes_of(practices) -> list[PracticeIntake]:
    """`intake_of` each practice, in order, in one query however many there are (a team
    lead's home lists every practice of the HSCP)."""
    practices = list(practices)
    intakes = {intake.practice_id: intake for intake in _intakes([p.pk for p in practices])}
    return [intakes.get(p.pk) or PracticeIntake(practice=p) for p in practices]


@statement
def _intakes(practice_ids):
    return PracticeIntake.objects.filter(practice__in=practice_ids)


def available_slots(practice: Practice | None, intake: PracticeIntake | None = None) -> QuerySet:
    """The open diary's free slots: none while intake is restricted, nor at a host setting
    (`intake`: the practice's, if the caller has read it already)."""
    if practice is None or (intake or intake_of(practice)).status != "open":
        return AppointmentSlot.objects.none()
    return AppointmentSlot.objects.filter(
        practice=practice, booked_for__isnull=True, starts_at__gt=timezone.now()
    ).select_related("link_worker__user")


# What a referral may add to a found record that lacks it; nothing is ever overwritten.
FILLABLE = ("chi", "postcode", "address", "phone", "email", "preferred_contact", "ethnicity")


def fill_from_referral(referral: Referral, *, by) -> Person:
    """What the referral's referrer typed that the person's record lacks (postcode, phone,
    email, address, preferred contact...), written in once someone who holds the record has
    checked the referral: a self-referral's postcode reaches the person when the practice
    verifies it or a worker accepts it. Nothing already on the record is overwritten."""
    person, typed = referral.person, referral.submitted_details or {}
    fields = {
        name: typed[name]
        for name in FILLABLE
        if typed.get(name) not in (None, "") and not getattr(person, name)
    }
    if "chi" in fields and Person.objects.filter(hscp_id=person.hscp_id, chi=fields["chi"]):
        del fields["chi"]  # another record's number: the practice checks it, not this
    if not fields:
        return person
    for name, value in fields.items():
        setattr(person, name, value)
    return save_recorded(person, by=by, audit=None)


def _person_from(details: PersonDetails, referral: ReferralDetails, by, existing: Person | None):
    """The referred person's record: found in the referrer's HSCP, or made from the details
    typed (registered at the referring practice; with no GP known when a host setting
    refers). A referral never overwrites a found record (a mistyped or invented name must not
    rename someone); its referrer, if they already hold the record, may fill in what it
    lacks. What was typed stays on the referral either way (submitted_details)."""
    if existing is None:
        person = Person(
            practice=referral.practice,
            host_setting=referral.host_setting,
            hscp_id=referral.hscp_id,
        )
        fields = vars(details)
    elif holds_record(by, existing):
        person = existing
        fields = {name: getattr(details, name) for name in FILLABLE if not getattr(existing, name)}
        if not any(fields.values()):
            return existing
    else:
        return existing
    for name, value in fields.items():
        if value not in ("", None) or name in ("safe_to_leave_message", "interpreter_needed"):
            setattr(person, name, value)
    # The referral's own audit event names the person; one event for the one change.
    return save_recorded(person, by=by, audit=None)


@transaction.atomic
def create_referral(
    *,
    person: PersonDetails,
    details: ReferralDetails,
    by=None,
    confirm_open_case: bool = False,
    confirm_intake: bool = False,
    slot: AppointmentSlot | None = None,
    status: ReferralStatus = ReferralStatus.NEW,
    request=None,
) -> Referral:
    """Record a referral from any route. Refuses (ReferrerMustConfirm) what the referrer
    must know first: restricted intake, an open case, a referral already waiting."""
    existing = find_person(
        chi=person.chi,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        practice=details.practice,
        host_setting=details.host_setting,
    )
    if not confirm_intake and intake_restricts(intake_of(details.practice), details.urgency):
        raise IntakeRestricted(intake_of(details.practice))
    if not confirm_open_case:
        typed_name = f"{person.given_name} {person.family_name}"
        _refuse_if_already_referred(by, existing, typed_name=typed_name)
    saved_person = _person_from(person, details, by, existing)
    referral = Referral(
        submitted_details=_as_submitted(person),
        person=saved_person,
        practice=details.practice,
        host_setting=details.host_setting,
        route=details.route,
        referrer_role=details.referrer_role,
        referred_by=by if getattr(by, "is_authenticated", False) else None,
        referrer_name=details.referrer_name,
        referrer_organisation=details.referrer_organisation,
        reason_detail=details.reason_detail,
        what_matters=details.what_matters,
        urgency=details.urgency,
        consent_to_referral=details.consent_to_referral,
        contact_via_practice=details.contact_via_practice,
        practice_contact_name=details.practice_contact_name,
        safety_detail=details.safety_detail,
        received_on=details.received_on or clock.today(),
        status=status,
        legacy_ref=details.legacy_ref,
        # The postcode typed counts where the record found has none (a self-referral's).
        **_deprivation_snapshot(saved_person.postcode or person.postcode),
    )
    _save(referral, AuditAction.CREATE, by=by, request=request)
    ReferralReason.objects.bulk_create(
        ReferralReason(referral=referral, need=need) for need in dict.fromkeys(details.reasons)
    )
    SafetyFlag.objects.bulk_create(
        SafetyFlag(referral=referral, flag=flag) for flag in dict.fromkeys(details.safety_flags)
    )
    if slot is not None:
        _book_slot(referral, slot)
    if status == ReferralStatus.NEW:
        _tell_cover(referral)
    return referral


def _tell_cover(referral: Referral) -> None:
    """Once it is saved, the cover of a worker on leave at the referral's practice hears
    a new one waits for them (decision 0096); not of one written as of the past (the
    demo's history, an import of earlier records), which is no news to anyone."""
    if clock.backdated_to() is not None:
        return
    practice, host_setting = referral.practice, referral.host_setting
    transaction.on_commit(
        lambda: leaves.tell_cover_of_new_referral(practice=practice, host_setting=host_setting)
    )


class IntakeRestricted(ReferrerMustConfirm):
    field = "confirm_intake"

    def __init__(self, intake: PracticeIntake):
        self.heading = f"{intake.practice.name}: {intake.get_status_display()}"
        wait = (
            f" The expected wait is {intake.expected_wait_weeks} weeks."
            if intake.expected_wait_weeks is not None
            else ""
        )
        message = (
            f"The link worker service at {intake.practice.name} is "
            f"{intake.get_status_display().lower()}.{wait}"
        )
        self.api_message = f"{message} To refer anyway, send confirm_intake: true."
        super().__init__(f"{message} Tick 'Refer anyway' to send it to wait, or stop.")


def intake_restricts(intake: PracticeIntake, urgency: str) -> bool:
    """Paused intake, or urgent-only intake for a routine referral: the referrer is told
    and confirms; nothing is offered from the open diary."""
    return intake.status == "paused" or (intake.status == "urgent_only" and urgency != "urgent")


def _refuse_if_already_referred(by, person: Person | None, *, typed_name: str) -> None:
    """Before saving: the person's open case (told only to those who hold the record;
    triage meets it anyway) or a referral of theirs already waiting that the referrer can
    see (a form sent twice, or a colleague's)."""
    if person is None:
        return
    open_case = open_case_of(person) if holds_record(by, person) else None
    if open_case is not None:
        raise OpenCaseExists(open_case, typed_name)
    waiting = person.referrals.filter(status__in=WAITING_STATUSES)
    if getattr(by, "is_authenticated", False):
        seen = visible(by, Permission.VIEW_REFERRAL, waiting).order_by("received_on").first()
        if seen is not None:
            raise ReferralWaiting(seen, typed_name)


def _as_submitted(person: PersonDetails) -> dict:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in vars(person).items()
        if value not in ("", None, False)
    }


def _deprivation_snapshot(postcode: str) -> dict:
    found = deprivation_for(postcode) if postcode else None
    if found is None:
        return {}
    return {
        "simd_decile": found.decile,
        "simd_quintile": found.quintile,
        "simd_datazone": found.datazone,
        "simd_version": found.simd_version,
    }


def _book_slot(referral: Referral, slot: AppointmentSlot) -> None:
    """The open diary: the slot is reserved for the referral, which waits for triage like
    any other. Accepting it for the slot's worker makes the booking the case's first
    planned session (`_first_appointment`). Nothing about the person decides whether a
    slot can be booked, so a booking never tells the referrer anything about a record."""
    claimed = AppointmentSlot.objects.filter(pk=slot.pk, booked_for__isnull=True).update(
        booked_for=referral
    )
    if not claimed:
        raise SlotTaken


def reserved_slot(referral: Referral) -> AppointmentSlot | None:
    return (
        AppointmentSlot.objects.filter(booked_for=referral)
        .select_related("link_worker__user")
        .first()
    )


def _first_appointment(referral: Referral, case: Case, *, by, request) -> None:
    """A slot reserved at referral becomes the case's first planned session if the case
    goes to the slot's worker; otherwise (or if the case already has it planned) the slot is
    freed for someone else."""
    slot = reserved_slot(referral)
    if slot is None:
        return
    if case.link_worker_id == slot.link_worker_id and slot.starts_at > clock.now():
        casework.record_session(
            case=case,
            by=by,
            starts_at=slot.starts_at,
            mode=slot.mode,
            duration_minutes=slot.duration_minutes,
            request=request,
        )
    else:
        _free(slot)


def _free(slot: AppointmentSlot | None) -> None:
    if slot is not None:
        AppointmentSlot.objects.filter(pk=slot.pk).update(booked_for=None)


def _audit(referral: Referral, action, *, by=None, request=None) -> None:
    casework.audit_person(
        request=request,
        person=referral.person,
        action=action,
        actor=by if getattr(by, "is_authenticated", False) else None,
        obj=referral,
        via=referral,
    )


def audit_referral_view(*, referral: Referral, request) -> None:
    _audit(referral, AuditAction.VIEW, by=request.user, request=request)


def _save(referral: Referral, action, *, by, request, expected_version=None) -> None:
    save_recorded(
        referral,
        by=by,
        expected_version=expected_version,
        label="referral",
        audit=lambda saved: _audit(saved, action, by=by, request=request),
    )


def _decide(referral: Referral, status: ReferralStatus, *, by, expected_version, request) -> None:
    referral.status = status
    referral.decided_at = clock.now()
    referral.decided_by = by
    _save(referral, AuditAction.CHANGE, by=by, request=request, expected_version=expected_version)


class IdentityToConfirm(ValueError):
    def __init__(self):
        super().__init__(
            "The CHI number matches a record this HSCP already holds under a different surname "
            "or date of birth, or of a patient registered at another practice. Check the CHI "
            "number with the referrer; accept only if it is the same person (tick to confirm), "
            "or decline so the referrer can correct it."
        )


class IdentityNeedsAColleague(IdentityToConfirm):
    def __init__(self):
        ValueError.__init__(
            self,
            "You made this referral, so a colleague must check who it is: your team lead or "
            "another link worker at the practice can confirm it and accept it.",
        )


def identity_differs(referral: Referral) -> bool:
    """Whether what the referrer typed may name someone other than the record it matched (a
    mistyped CHI number, or one used to reach someone's record): another surname or date of
    birth, or a patient registered at another practice. Given names are not compared:
    people are referred as Jim and recorded as James."""
    typed, person = referral.submitted_details, referral.person
    if not typed:
        return False
    surname = single_spaced(str(typed.get("family_name", ""))).lower()
    return (
        surname != single_spaced(person.family_name).lower()
        or typed.get("date_of_birth") != person.date_of_birth.isoformat()
        or (referral.practice_id and person.practice_id not in (None, referral.practice_id))
    )


def may_confirm_identity(user, referral: Referral) -> bool:
    """A second person confirms a doubtful identity: never the one who made the referral."""
    return referral.referred_by_id != getattr(user, "pk", None)


def _check_identity(referral: Referral, by, confirmed: bool) -> None:
    if not identity_differs(referral):
        return
    if not may_confirm_identity(by, referral):
        raise IdentityNeedsAColleague
    if not confirmed:
        raise IdentityToConfirm


def _reopenable(person: Person, by) -> Case | None:
    """The person's case closed in the last REOPEN_WITHIN_DAYS days, if the accepting
    user could already see it; otherwise the referral opens a new case (decision 0008)."""
    recent = (
        person.cases.filter(
            status=CaseStatus.CLOSED,
            closed_on__gte=clock.today() - timedelta(days=REOPEN_WITHIN_DAYS),
        )
        .order_by("-closed_on")
        .first()
    )
    if recent is None or not has_permission(by, Permission.VIEW_CASE, recent):
        return None
    return recent


@transaction.atomic
def accept_referral(
    *,
    referral: Referral,
    by,
    link_worker: LinkWorker,
    expected_version: int | None = None,
    confirm_identity: bool = False,
    request=None,
) -> Case:
    """Allocate the referral to a worker of its HSCP, joining the person's open case or
    reopening one closed in the last REOPEN_WITHIN_DAYS days, but only a case the accepting
    user could already see; otherwise a new case on the HSCP's record of the person. A
    slot reserved at referral becomes the first planned session."""
    person = referral.person
    case = open_case_for(by, person)
    _check_identity(referral, by, confirm_identity)
    person = fill_from_referral(referral, by=by)
    if case is None:
        if (recent := _reopenable(person, by)) is not None:
            case = casework.reopen_case(
                case=recent, by=by, link_worker=link_worker, request=request
            )
        else:
            case = casework.open_case(
                person=person,
                link_worker=link_worker,
                practice=referral.practice,
                host_setting=referral.host_setting,
                opened_on=clock.today(),
                by=by,
                request=request,
            )
    elif case.link_worker_id is None:
        casework.reassign_case(case=case, by=by, link_worker=link_worker, request=request)
    referral.case = case
    _decide(
        referral, ReferralStatus.ACCEPTED, by=by, expected_version=expected_version, request=request
    )
    _first_appointment(referral, case, by=by, request=request)
    return case


@transaction.atomic
def record_accepted_referral(
    *, person: PersonDetails, details: ReferralDetails, link_worker: LinkWorker | None, by=None
) -> Referral:
    """A referral from a programme's earlier records (`linkwork import-casework`), accepted
    the day it was received into a case of its own: it was triaged long ago, so nothing is
    confirmed, no open case is joined and no closed one reopened (decision 0061)."""
    referral = create_referral(
        person=person,
        details=details,
        by=by,
        confirm_open_case=True,
        confirm_intake=True,
        status=ReferralStatus.ACCEPTED,
    )
    referral.case = casework.open_case(
        person=referral.person,
        link_worker=link_worker,
        practice=details.practice,
        host_setting=details.host_setting,
        opened_on=referral.received_on,
        by=by,
    )
    referral.decided_at = clock.now()
    _save(referral, AuditAction.CHANGE, by=by, request=None)
    return referral


@transaction.atomic
def decline_referral(
    *,
    referral: Referral,
    by,
    reason: str,
    feedback: str,
    expected_version: int | None = None,
    request=None,
) -> Referral:
    """Decline with a coded reason; the feedback is what the referrer sees."""
    referral.decline_reason = reason
    referral.feedback_to_referrer = feedback
    _decide(
        referral, ReferralStatus.DECLINED, by=by, expected_version=expected_version, request=request
    )
    _free(reserved_slot(referral))
    return referral


@transaction.atomic
def mark_duplicate(
    *, referral: Referral, by, expected_version: int | None = None, request=None
) -> Referral:
    """The person already has an open case: link the referral to it."""
    case = open_case_for(by, referral.person)
    if case is None:
        raise ValueError("There is no open case for this person to link the referral to.")
    referral.case = case
    _decide(
        referral,
        ReferralStatus.DUPLICATE,
        by=by,
        expected_version=expected_version,
        request=request,
    )
    _free(reserved_slot(referral))
    return referral


# References people are given for a self-referral: no 0/O, 1/I, 2/Z, 5/S, 8/B to misread.
REFERENCE_LETTERS = "ACDEFGHJKLMNPQRTUVWXY34679"


def new_reference() -> str:
    """A fresh random reference (not the referral's number: consecutive numbers would say
    how many people asked, and one reference given twice would say the first was there)."""
    while True:
        reference = "LW-" + "".join(secrets.choice(REFERENCE_LETTERS) for _ in range(7))
        if not SelfReferralSubmission.objects.filter(reference=reference).exists():
            return reference


def _waiting_referral_of(person: PersonDetails, practice: Practice) -> Referral | None:
    """The referral waiting for this person, if the public form may join it: found by CHI
    number, or by first name, surname and date of birth at the same practice."""
    existing = find_person(
        chi=person.chi,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        practice=practice,
    )
    if existing is None:
        return None
    if (
        not person.chi
        and single_spaced(existing.given_name).lower() != single_spaced(person.given_name).lower()
    ):
        return None
    waiting = existing.referrals.filter(status__in=WAITING_STATUSES)
    if not person.chi:
        waiting = waiting.filter(practice=practice)
    return waiting.order_by("-received_on", "-pk").first()


@transaction.atomic
def self_refer(
    *, person: PersonDetails, details: ReferralDetails, request=None
) -> SelfReferralSubmission:
    """The public form (no sign-in). A new referral awaits the practice's check; but while
    one for the same person waits already, the sending joins it (their words and details
    kept with it for the practice and the worker) rather than making a second. Either way
    the sender gets a fresh reference and the same answer: nothing tells them whether a
    record exists (decision 0076)."""
    waiting = _waiting_referral_of(person, details.practice)
    joined = waiting is not None
    if waiting is None:
        waiting = create_referral(
            person=person,
            details=details,
            status=ReferralStatus.AWAITING_VERIFICATION,
            confirm_open_case=True,  # never reveal to the public who has a case
            confirm_intake=True,  # the page says so; the practice checks it anyway
            request=request,
        )
    else:
        _audit(waiting, AuditAction.CHANGE, request=request)
    submission = SelfReferralSubmission(
        referral=waiting,
        reference=new_reference(),
        what_matters=details.what_matters,
        submitted_details=_as_submitted(person),
        joined=joined,
    )
    return save_recorded(submission, by=None, audit=None)


@transaction.atomic
def verify_self_referral(
    *, referral: Referral, by, expected_version: int | None = None, request=None
) -> Referral:
    """Practice staff confirm the person is their patient; the referral joins the queue.
    Only a referral still awaiting verification: a page opened before it was decided must
    not send it back to the queue."""
    if referral.status != ReferralStatus.AWAITING_VERIFICATION:
        raise ValueError("This referral has already been checked.")
    referral.status = ReferralStatus.NEW
    _save(referral, AuditAction.CHANGE, by=by, request=request, expected_version=expected_version)
    fill_from_referral(referral, by=by)
    _tell_cover(referral)
    return referral


# What a self-referral closed by its practice says, where the referrer's feedback goes.
NOT_OUR_PATIENT = "The practice could not confirm the person as its patient."


@transaction.atomic
def not_our_patient(
    *, referral: Referral, by, expected_version: int | None = None, request=None
) -> Referral:
    """Practice staff say a self-referral is not their patient (registered elsewhere, or
    not a real request): it is declined, as outside the practice, and never reaches the
    link worker's queue. Nothing of the person's record changes (nothing was filled)."""
    if referral.status != ReferralStatus.AWAITING_VERIFICATION:
        raise ValueError("This referral has already been checked.")
    referral.decline_reason = "outside_area"
    referral.feedback_to_referrer = NOT_OUR_PATIENT
    _decide(
        referral, ReferralStatus.DECLINED, by=by, expected_version=expected_version, request=request
    )
    return referral


@transaction.atomic
def set_intake(
    *,
    practice: Practice,
    by,
    status: str,
    expected_wait_weeks: int | None = None,
    message: str = "",
    request=None,
) -> PracticeIntake:
    intake = intake_of(practice)
    intake.status = status
    intake.expected_wait_weeks = expected_wait_weeks
    intake.message = message
    intake.updated_by = by
    return save_recorded(
        intake,
        by=by,
        audit=lambda saved: audit_record(
            action=AuditAction.CHANGE,
            request=request,
            actor=by,
            obj=saved,
            hscp_id=practice.cluster.hscp_id,
            detail={"status": status},
        ),
    )


@transaction.atomic
def publish_slot(
    *,
    link_worker: LinkWorker,
    practice: Practice,
    starts_at,
    duration_minutes=60,
    mode="in_practice",
) -> AppointmentSlot:
    """A first appointment practice staff can offer: on a day the worker is at that
    practice, and not clashing with another slot of theirs."""
    slot = AppointmentSlot(
        link_worker=link_worker,
        practice=practice,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
    )
    slot.full_clean()
    errors = _slot_time_errors(slot) or _slot_day_errors(slot) or _slot_clash_errors(slot)
    if errors:
        raise ValidationError(errors)
    slot.save()
    return slot


def _slot_time_errors(slot: AppointmentSlot) -> dict[str, str]:
    return {"starts_at": "A slot must be in the future"} if slot.starts_at <= clock.now() else {}


def _slot_day_errors(slot: AppointmentSlot) -> dict[str, str]:
    attachment = slot.link_worker.attachments.filter(practice=slot.practice).first()
    days = attachment.working_days if attachment else []
    weekday = timezone.localtime(slot.starts_at).strftime("%a").lower()
    if not days or weekday in days:
        return {}
    return {
        "starts_at": f"You are at {slot.practice.name} on {attachment.working_days_label}: "
        "choose one of those days"
    }


def _slot_clash_errors(slot: AppointmentSlot) -> dict[str, str]:
    ends_at = slot.starts_at + timedelta(minutes=slot.duration_minutes)
    for other in slot.link_worker.slots.filter(
        starts_at__lt=ends_at, starts_at__gt=slot.starts_at - timedelta(hours=12)
    ).select_related("practice"):
        if other.starts_at + timedelta(minutes=other.duration_minutes) > slot.starts_at:
            return {"starts_at": f"This clashes with your slot {other} at {other.practice.name}"}
    return {}


@transaction.atomic
def withdraw_slot(*, slot: AppointmentSlot) -> None:
    """A free slot the worker can no longer offer. A booked one is a session now: cancel
    that on the case instead."""
    if slot.booked_for_id is not None and slot.booked_for.is_waiting:
        raise ValueError(
            "This slot is held for a referral waiting for triage: accept or decline it."
        )
    if slot.booked_for_id is not None:
        raise ValueError("This slot is booked: cancel the session on the person's case instead.")
    slot.delete()


def days_waited(referral: Referral, today: date | None = None) -> int:
    return ((today or timezone.localdate()) - referral.received_on).days


def waiting_list(referrals: QuerySet) -> QuerySet:
    """Waiting referrals, urgent first, then longest wait first."""
    return (
        referrals.filter(status=ReferralStatus.NEW)
        .select_related("person", "practice", "host_setting")
        .prefetch_related("reasons", "safety_flags")
        .order_by("-urgency", "received_on", "pk")
    )


def awaiting_verification(referrals: QuerySet) -> QuerySet:
    return referrals.filter(status=ReferralStatus.AWAITING_VERIFICATION).select_related("person")


def for_worker_practices(worker: LinkWorker) -> Q:
    """Referrals to the practices a worker is placed in and the host settings hosting them."""
    return Q(practice__attachments__link_worker=worker) | Q(
        host_setting__attachments__link_worker=worker
    )
