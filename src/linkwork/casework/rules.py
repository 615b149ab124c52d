"""Casework definitions that reports and pages must agree on."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from linkwork.casework.models import CaseStatus, Session
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.core.statements import statement

# Outcomes that count as the person having attended (session_outcomes.csv).
ATTENDED_OUTCOMES = frozenset(
    code.code
    for code in codelist("session_outcomes").codes
    if code.extra.get("counts_as_attended") == "yes"
)


def with_open_cases(workers: QuerySet) -> QuerySet:
    """Annotate `open_cases`: a worker's caseload, set against their places
    (`organisations/caseload.py`)."""
    return workers.annotate(open_cases=Count("cases", filter=Q(cases__status=CaseStatus.OPEN)))


def attended_sessions(sessions: QuerySet) -> QuerySet:
    return sessions.filter(outcome__in=ATTENDED_OUTCOMES)


def with_engagement(cases: QuerySet) -> QuerySet:
    """Annotate `engaged`: a case is engaged when at least one session was attended."""
    attended = Session.objects.filter(case=OuterRef("pk"), outcome__in=ATTENDED_OUTCOMES)
    return cases.annotate(engaged=Exists(attended))


def is_engaged(case) -> bool:
    return case.pk is not None and bool(_one_attended(case.pk))


@statement
def _one_attended(case_id):
    return attended_sessions(Session.objects.filter(case=case_id)).values_list("pk")[:1]


def engaged_in(sessions) -> bool:
    """`is_engaged` for a case whose sessions were all read just now (the case page's
    timeline reads them), without asking the database again."""
    return any(session.outcome in ATTENDED_OUTCOMES for session in sessions)


def with_case_engagement(referrals: QuerySet) -> QuerySet:
    """Annotate `case_engaged`: is_engaged(referral.case) for a whole list in its one query."""
    attended = Session.objects.filter(case=OuterRef("case"), outcome__in=ATTENDED_OUTCOMES)
    return referrals.annotate(case_engaged=Exists(attended))


# How far ahead a session being recorded (not booked) may start: clocks differ a little.
RECORDING_LEEWAY = timedelta(minutes=15)
# Outcomes that say whether the person came, which only a session that happened can have.
HAPPENED_OUTCOMES = ATTENDED_OUTCOMES | {"did_not_attend"}

RECORDED_IN_FUTURE = (
    "A session you are recording cannot be in the future: book it instead (on the page, "
    "Book a session; over the API, leave out the outcome) and record what happened after"
)
STILL_TO_COME = (
    "This session is still to come: record whether the person came once it has happened, "
    "or record a cancellation now"
)
# How far ahead a session may be booked: a year is more than any plan of support needs,
# and a date years out is a typing mistake.
BOOKING_AHEAD = timedelta(days=366)
BOOKED_TOO_FAR = "Book a session within a year of today: check the year of the date"
BOOKED_IN_PAST = (
    "Book a session for a time still to come: check the date and time, or use Record a "
    "session for one that has happened"
)
SAME_SESSION_TWICE = (
    "A session at {when} is already on this case: check the date and time, or open that "
    "session from the case to record or change it"
)
# An action is a step of a plan of support, due within the same year: a due date further
# out is a mistyped year, and the action would drop out of My day's overdue list unseen.
ACTION_DUE_TOO_FAR = "Enter a due date within a year of today: check the year of the date"
BEFORE_REFERRAL = (
    "A session cannot be before the referral was received ({received}): check the date"
)


def received_on(case) -> date:
    """The day the person was first referred to this case: the earliest referral joined
    to it, or the day it opened when none is (an imported case)."""
    first = case.referrals.aggregate(first=Min("received_on"))["first"] if case.pk else None
    return min(first, case.opened_on) if first else case.opened_on


def session_timing_errors(*, starts_at, outcome: str, is_new: bool, case=None) -> dict[str, str]:
    """Which dates and outcomes a session may have, for the pages and the API alike (the
    services check it). Not before the referral was received; booked no more than a year
    ahead; attendance only once it has started (cancellations may be recorded in
    advance). Keyed by the field to blame: the start, or a planned session's outcome."""
    now = timezone.now()
    if case is not None and timezone.localtime(starts_at).date() < (first := received_on(case)):
        return {"starts_at": BEFORE_REFERRAL.format(received=f"{first:%-d %B %Y}")}
    if outcome in HAPPENED_OUTCOMES and starts_at > now + RECORDING_LEEWAY:
        return {"starts_at": RECORDED_IN_FUTURE} if is_new else {"outcome": STILL_TO_COME}
    if starts_at > now + BOOKING_AHEAD:
        return {"starts_at": BOOKED_TOO_FAR}
    return {}


def typing_slip_errors(*, case, starts_at, outcome: str) -> dict[str, str]:
    """A person's slips on the session pages, beyond what every session must meet: a
    booking for a time gone by (a mistyped date, or a session that happened, to record
    instead), and the same session saved twice (Back, then Record again: the same minute
    and outcome; or a session booked for that minute recorded anew). Not the API's: a
    system's diary can reach linkwork after the time, and says which session it means
    (decision 0142)."""
    if not outcome and starts_at < timezone.now() - RECORDING_LEEWAY:
        return {"starts_at": BOOKED_IN_PAST}
    minute = starts_at.replace(second=0, microsecond=0)
    same_time = case.sessions.filter(
        starts_at__gte=minute, starts_at__lt=minute + timedelta(minutes=1)
    )
    if same_time.filter(outcome__in={outcome, ""}).exists():
        when = f"{timezone.localtime(starts_at):%H:%M on %-d %B %Y}"
        return {"starts_at": SAME_SESSION_TWICE.format(when=when)}
    return {}


def action_due_errors(due_on: date | None) -> dict[str, str]:
    if due_on is not None and due_on > clock.today() + BOOKING_AHEAD:
        return {"due_on": ACTION_DUE_TOO_FAR}
    return {}


@dataclass(frozen=True)
class Booked:
    """A case's sessions with no outcome yet, on either side of now."""

    past: tuple[Session, ...]  # the time has passed and nobody recorded what happened
    future: tuple[Session, ...]


def booked_sessions(case) -> Booked:
    planned = list(case.sessions.filter(outcome="").order_by("starts_at", "pk"))
    now = clock.now()
    return Booked(
        past=tuple(s for s in planned if s.starts_at <= now),
        future=tuple(s for s in planned if s.starts_at > now),
    )


def unrecorded_warning(count: int) -> str:
    """What the close page says of past sessions nobody recorded (docs/decisions/0030)."""
    if count == 1:
        return "1 past session has no outcome recorded: record it first or it is cancelled too"
    return (
        f"{count} past sessions have no outcome recorded: "
        "record them first or they are cancelled too"
    )


# The note on a session cancelled because its case closed; a past one says nobody knows.
CASE_CLOSED = "This case is closed: reopen it first to add {what}"


def closed_case_errors(case, what: str) -> dict[str, str]:
    """Nothing new is added to a closed case (a session, goal, action, agency, link): its
    record stays as it was closed until someone reopens it, which is itself recorded."""
    if case.status == CaseStatus.CLOSED:
        return {"__all__": CASE_CLOSED.format(what=what)}
    return {}


CLOSED_NOTE = "Case closed"
CLOSED_UNRECORDED_NOTE = "Case closed before anyone recorded what happened"


def sessions_on_day(cases: QuerySet, day: date) -> QuerySet:
    """A worker's day: sessions on open cases only. Closing a case cancels its sessions
    still to come, and those of a case closed today are no longer the day's work."""
    return sessions_between(cases, *day_of(day))


def upcoming_sessions(cases: QuerySet, start: datetime, end: datetime) -> QuerySet:
    """Sessions still to be held on the open ones of `cases`, from `start` up to `end`
    (`days_after` a day)."""
    return sessions_between(cases, start, end).filter(outcome="")


def day_of(day: date) -> tuple[datetime, datetime]:
    """The day's first moment, and the next day's."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def days_after(day: date, days: int) -> tuple[datetime, datetime]:
    """The first moment of the day after `day`, and of the day `days` after that."""
    start = day_of(day)[1]
    return start, start + timedelta(days=days)


def sessions_between(cases: QuerySet, start: datetime, end: datetime) -> QuerySet:
    """Sessions on the open ones of `cases`, from `start` up to `end`."""
    return Session.objects.filter(
        case__in=cases.filter(status=CaseStatus.OPEN), starts_at__gte=start, starts_at__lt=end
    )


# The caseload filter "no contact for at least N days": up to ten years back, so the cut-off
# is always a date the calendar (and the database) can hold.
NO_CONTACT_DAYS = (1, 3650)
NO_CONTACT_DAYS_WRONG = (
    "Enter the days with no contact as a whole number from 1 to 3,650 (10 years), "
    "or leave it empty to show every case"
)


CLOSED_IN_FUTURE = (
    "The date closed cannot be in the future: enter today's date or the day support ended"
)


def closure_date_errors(
    *, closed_on: date, opened_on: date, date_format: str = "%d/%m/%Y"
) -> dict[str, str]:
    if closed_on > timezone.localdate():
        return {"closed_on": CLOSED_IN_FUTURE}
    if closed_on < opened_on:
        opened = opened_on.strftime(date_format)
        return {"closed_on": f"The date closed cannot be before the case opened ({opened})"}
    return {}


DID_NOT_ENGAGE = "did_not_engage"
NOT_ENGAGED_MISSING = "Select why the person did not engage"


def not_engaged_errors(*, reason: str, not_engaged_reason: str) -> dict[str, str]:
    """A "did not engage" closure says why, from not_engaged_reasons.csv (decision 0072)."""
    if reason != DID_NOT_ENGAGE:
        return {}
    if not not_engaged_reason:
        return {"not_engaged_reason": NOT_ENGAGED_MISSING}
    if not_engaged_reason not in codelist("not_engaged_reasons"):
        return {"not_engaged_reason": "Select why the person did not engage, from the list"}
    return {}


def joint_agency_errors(*, case, joint_agency) -> dict[str, str]:
    """A joint visit names one of this case's agencies, not another case's."""
    if joint_agency is not None and joint_agency.case_id != case.pk:
        return {"joint_agency": "Choose one of the agencies involved in this case"}
    return {}


def practice_sharing_errors(*, shares_with_practice: bool, practice_summary: str) -> dict[str, str]:
    """Words for the practice only with the person's agreement: a summary without it would
    be shared by nobody's leave, so it is refused rather than silently kept."""
    if practice_summary.strip() and not shares_with_practice:
        return {
            "practice_summary": "Leave the summary empty, or tick that the person agreed to "
            "share it with their practice"
        }
    return {}


AMOUNT_LIMIT = Decimal("1000000")  # pounds: more is a typing slip, not a benefit award
OUTCOME_MESSAGES = {
    "kind": "Choose what the outcome was",
    "amount": "Enter the amount gained, in pounds",
    "amount_positive": "Enter an amount gained of more than £0",
    "amount_large": "Enter an amount gained of less than £1,000,000",
    "period": "Choose whether the income is paid weekly, yearly or once",
    "service_name": "Say which service the person registered with",
    "achieved_future": "The date achieved cannot be in the future: enter the day it happened, "
    "today or earlier",
    "achieved_early": "The date achieved cannot be before the case opened ({opened})",
    "link": "Choose a link made on this case",
}


def social_outcome_errors(
    *,
    kind: str,
    achieved_on: date | None,
    amount: Decimal | None,
    period: str,
    service_name: str,
    opened_on: date,
    date_format: str = "%d/%m/%Y",
) -> dict[str, str]:
    """An outcome as it can be counted: an income gained has a positive amount in pounds
    and how often it is paid; a registration says with which service; the date achieved is
    within the case, up to today (decision 0070)."""
    errors = {}
    if kind not in codelist("social_outcomes"):
        errors["kind"] = OUTCOME_MESSAGES["kind"]
    if kind == "income_gained":
        errors |= _income_errors(amount, period)
    if kind == "registered_with_service" and not service_name.strip():
        errors["service_name"] = OUTCOME_MESSAGES["service_name"]
    if achieved_on is not None and achieved_on > timezone.localdate():
        errors["achieved_on"] = OUTCOME_MESSAGES["achieved_future"]
    elif achieved_on is not None and achieved_on < opened_on:
        opened = opened_on.strftime(date_format)
        errors["achieved_on"] = OUTCOME_MESSAGES["achieved_early"].format(opened=opened)
    return errors


def _income_errors(amount: Decimal | None, period: str) -> dict[str, str]:
    errors = {}
    if amount is None:
        errors["amount"] = OUTCOME_MESSAGES["amount"]
    elif amount <= 0:
        errors["amount"] = OUTCOME_MESSAGES["amount_positive"]
    elif amount >= AMOUNT_LIMIT:
        errors["amount"] = OUTCOME_MESSAGES["amount_large"]
    if period not in codelist("income_periods"):
        errors["period"] = OUTCOME_MESSAGES["period"]
    return errors


# How much free text each field takes, in characters: pages and the API agree. Generous
# for what a worker writes, and small enough that a pasted document is caught.
TEXT_LIMITS = {
    "note": 5000,
    "session_note": 2000,
    "goal": 500,
    "progress": 2000,
    "closure_note": 2000,
    "practice_summary": 1000,
    "need_detail": 300,
    "address": 300,
    "evidence": 1000,
    # A referral's free text, typed by practice staff or by anyone on the public form.
    "what_matters": 1000,
    "reason_detail": 2000,
    "safety_detail": 1000,
}


# A session's length in minutes: at least a minute, at most a working day.
SESSION_MINUTES = (1, 480)
SESSION_TOO_SHORT = "Enter a length of at least 1 minute"
SESSION_TOO_LONG = "Enter a length of 480 minutes (8 hours) or less"

# Lone working: how far ahead a worker may say they expect to be back. Enough for a long
# visit running past midnight ("back by 01:30" then means tomorrow), short enough that
# a wrong time is caught rather than leaving the worker without cover all day.
CHECK_IN_WINDOW = timedelta(hours=12)
BACK_PASSED = "That time has passed (it is {now} now): enter a later time, within 12 hours"
BACK_TOO_FAR = (
    "Enter a time within the next 12 hours (it is {now} now): check in again if the visit "
    "runs longer"
)


def expected_back(back_by: time, now: datetime) -> datetime | None:
    """The moment a time typed at check-in means: later today, or tomorrow when that time
    has passed today and is still within the window; None when it is neither."""
    today = timezone.localtime(now).date()
    for day in (today, today + timedelta(days=1)):
        moment = timezone.make_aware(datetime.combine(day, back_by))
        if now < moment <= now + CHECK_IN_WINDOW:
            return moment
    return None


def expected_back_errors(expected_back_at: datetime, now: datetime) -> dict[str, str]:
    if now < expected_back_at <= now + CHECK_IN_WINDOW:
        return {}
    message = BACK_PASSED if expected_back_at <= now else BACK_TOO_FAR
    return {"expected_back_at": message.format(now=f"{timezone.localtime(now):%H:%M}")}


# Sessions away from the practice, where the worker may be alone with the person.
LONE_VISIT_MODES = frozenset({"home_visit", "community_venue"})


def lone_working_refusal(session, *, checking_in: bool) -> str:
    """Why a check-in or check-out cannot happen now; empty when it can."""
    if session.mode not in LONE_VISIT_MODES:
        return "Check-in is for home visits and community venue sessions only"
    if not checking_in and (session.checked_in_at is None or session.checked_out_at):
        return "You are not checked in to this visit"
    return ""
