"""Logging a worker's time, and recording the meetings their cases were discussed at: the
only writes of activity. Decision 0092."""

from datetime import date, timedelta

from django.db import transaction

from linkwork.activity.models import MINUTES, Activity, Meeting
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record
from linkwork.casework.models import Case, CaseStatus
from linkwork.casework.services import audit_cases, refuse
from linkwork.core import clock
from linkwork.core.codelists import codelist
from linkwork.core.recording import save_recorded

KINDS = codelist("activity_kinds")
MEETING_KINDS = ("mdt", "practice_meeting")
# What the practice sees as its link worker's time with the practice team.
PRACTICE_TEAM_KINDS = tuple(c.code for c in KINDS.codes if c.extra["with_practice_team"] == "yes")

KIND_MISSING = "Choose what the time was spent on, from the list"
MEETING_KIND_MISSING = "Choose whether it was an MDT or a practice meeting"
MINUTES_OUT = f"Enter the time as a number of minutes from {MINUTES[0]} to {MINUTES[1]}"
NOT_YOUR_PRACTICE = "Choose one of your own practices, or leave the practice out"
IN_FUTURE = "The date cannot be in the future: log time once it is spent"
# Time is logged as far back as the team lead's view shows (time_split.py), no further:
# an older date is a typing slip, and would count where nobody looks.
WEEKS_LOGGED = 8
TOO_LONG_AGO = (
    f"Enter a date from {{earliest}} to today: time is logged within the last {WEEKS_LOGGED} weeks"
)
OPENED_AFTER = "Choose only cases opened by the date of the meeting: {cases} opened after it"
NOT_YOUR_CASES = "Choose only your own open cases, from the list"


def discussable_cases(worker):
    """The cases a worker may say were discussed at a meeting: their own open ones."""
    return Case.objects.filter(link_worker=worker, status=CaseStatus.OPEN)


def earliest_loggable(today: date) -> date:
    """The Monday of the earliest week the team view shows."""
    return today - timedelta(days=today.weekday(), weeks=WEEKS_LOGGED - 1)


def time_errors(
    worker, *, kind: str, on: date, minutes: int, practice, kinds=None, was_on=None
) -> dict:
    """What is wrong with an entry of time, by field, in words the form and the page show.
    `was_on`: the date a corrected entry had, which stays allowed however old it is now."""
    errors = {}
    if kind not in (kinds or KINDS):
        errors["kind"] = MEETING_KIND_MISSING if kinds else KIND_MISSING
    today = clock.today()
    if on > today:
        errors["on"] = IN_FUTURE
    elif on != was_on and on < (earliest := earliest_loggable(today)):
        errors["on"] = TOO_LONG_AGO.format(earliest=f"{earliest:%-d %B %Y}")
    if not MINUTES[0] <= minutes <= MINUTES[1]:
        errors["minutes"] = MINUTES_OUT
    if practice is not None and not worker.practices.filter(pk=practice.pk).exists():
        errors["practice"] = NOT_YOUR_PRACTICE
    return errors


def _audited(request, by):
    """The audit event of an entry of time: about the worker's work, no person's record."""

    def write(saved):
        hscp_id = saved.link_worker.provider.hscp_id if isinstance(saved, Activity) else None
        action = AuditAction.CREATE if saved.version == 1 else AuditAction.CHANGE
        record(action=action, request=request, actor=by, obj=saved, hscp_id=hscp_id)

    return write


@transaction.atomic
def log_activity(
    *, worker, by, kind: str, on: date, minutes: int, practice=None, note: str = "", request=None
) -> Activity:
    refuse(time_errors(worker, kind=kind, on=on, minutes=minutes, practice=practice))
    activity = Activity(
        link_worker=worker,
        kind=kind,
        on=on,
        minutes=minutes,
        practice=practice,
        note=note,
        created_by=by,
    )
    return save_recorded(activity, by=by, audit=_audited(request, by))


@transaction.atomic
def change_activity(
    *,
    activity: Activity,
    by,
    kind: str,
    on: date,
    minutes: int,
    practice=None,
    note: str = "",
    expected_version: int | None = None,
    request=None,
) -> Activity:
    """A correction: the entry as it was stays in its history. A meeting's time stays a
    meeting's kind."""
    kinds = MEETING_KINDS if hasattr(activity, "meeting") else None
    worker = activity.link_worker
    refuse(
        time_errors(
            worker,
            kind=kind,
            on=on,
            minutes=minutes,
            practice=practice,
            kinds=kinds,
            was_on=activity.on,
        )
    )
    activity.kind, activity.on, activity.minutes = kind, on, minutes
    activity.practice, activity.note = practice, note
    return save_recorded(
        activity,
        by=by,
        audit=_audited(request, by),
        expected_version=expected_version,
        label="entry",
    )


@transaction.atomic
def remove_activity(
    *, activity: Activity, by, expected_version: int | None = None, request=None
) -> Activity:
    """Taken out of every count (and a meeting's from the case timelines); kept, with its
    history."""
    activity.removed_at = clock.now()
    return save_recorded(
        activity,
        by=by,
        audit=lambda saved: record(
            action=AuditAction.DELETE,
            request=request,
            actor=by,
            obj=saved,
            hscp_id=saved.link_worker.provider.hscp_id,
        ),
        expected_version=expected_version,
        label="entry",
        reason="Removed",
    )


@transaction.atomic
def record_meeting(
    *,
    worker,
    by,
    kind: str,
    on: date,
    minutes: int,
    practice,
    attendees: str = "",
    cases=(),
    note: str = "",
    request=None,
) -> Meeting:
    """The meeting, the worker's time at it logged once (its activity), and the cases of
    theirs it discussed, each audited on the person's record."""
    chosen = {getattr(case, "pk", case) for case in cases}
    own = list(discussable_cases(worker).filter(pk__in=chosen).select_related("person"))
    errors = time_errors(
        worker, kind=kind, on=on, minutes=minutes, practice=practice, kinds=MEETING_KINDS
    )
    if len(own) != len(chosen):
        errors["cases"] = NOT_YOUR_CASES
    elif later := [case for case in own if case.opened_on > on]:
        errors["cases"] = OPENED_AFTER.format(cases=", ".join(str(case) for case in later))
    refuse(errors)
    activity = log_activity(
        worker=worker,
        by=by,
        kind=kind,
        on=on,
        minutes=minutes,
        practice=practice,
        note=note,
        request=request,
    )
    meeting = save_recorded(
        Meeting(activity=activity, attendees=attendees), by=by, audit=_audited(request, by)
    )
    meeting.cases.set(own)
    audit_cases(
        request=request,
        shown=[(case, meeting) for case in own],
        action=AuditAction.CREATE,
        actor=by,
    )
    return meeting
