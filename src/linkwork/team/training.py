"""Training and development: the courses each worker holds and when each is due for
renewal, what the team lacks of the courses every worker needs (REQUIRED_TRAINING), and
the development workers ask for (a commissioner sees only counts by topic)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count

from linkwork.accounts.authorisation import grounds
from linkwork.audit.models import Action as AuditAction
from linkwork.audit.services import record
from linkwork.casework.services import refuse
from linkwork.core import clock
from linkwork.core.recording import save_recorded
from linkwork.core.text import too_long
from linkwork.team.models import COURSES, DevelopmentRequest, TrainingRecord

DUE_WITHIN = timedelta(days=60)  # the team lead sees renewals due this soon
OTHER_TOPICS = "Other topics, in the workers' own words"


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def usual_renewal(course: str, completed_on: date) -> date | None:
    """When `course` is usually renewed after `completed_on` (the code list's months), or
    None for a course taken once."""
    code = COURSES.lookup(course)
    months = code.extra.get("renewal_months") if code else ""
    return add_months(completed_on, int(months)) if months else None


def _staff_event(obj, *, action, actor, request=None) -> None:
    """An audit event about a worker's own record (no person supported is on it)."""
    allowed = grounds(actor, obj)
    record(
        action=action,
        request=request,
        actor=actor,
        obj=obj,
        hscp_id=obj.worker.provider.hscp_id,
        detail={"role": allowed.role, "assignment": allowed.pk} if allowed else None,
    )


def record_training(
    *, worker, by, course: str, completed_on: date, renewal_due: date | None = None, request=None
) -> TrainingRecord:
    """A course `worker` completed; renewal due as given, else the course's usual one."""
    errors = {}
    if course not in COURSES:
        errors["course"] = "Select the course from the list"
    if completed_on > clock.today():
        errors["completed_on"] = "Enter the date the course was completed: not a future date"
    if renewal_due is not None and renewal_due <= completed_on:
        errors["renewal_due"] = "Enter a renewal date after the date the course was completed"
    refuse(errors)
    due = renewal_due or usual_renewal(course, completed_on)
    training = TrainingRecord(
        worker=worker, course=course, completed_on=completed_on, renewal_due=due, recorded_by=by
    )
    return save_recorded(
        training,
        by=by,
        audit=lambda saved: _staff_event(
            saved, action=AuditAction.CREATE, actor=by, request=request
        ),
    )


def latest_training(records) -> dict[tuple[int, str], TrainingRecord]:
    """Each worker's most recent record of each course: the one that counts. `records`: a
    queryset, or the rows a statement read."""
    latest = {}
    for training in sorted(records, key=lambda training: (training.completed_on, training.pk)):
        latest[(training.worker_id, training.course)] = training
    return latest


@dataclass(frozen=True)
class Renewal:
    training: TrainingRecord
    overdue: bool


def renewals_due(records, today: date | None = None) -> list[Renewal]:
    """Courses whose renewal is past or within DUE_WITHIN, soonest first."""
    today = today or clock.today()
    due = [
        Renewal(training, training.renewal_due < today)
        for training in latest_training(records).values()
        if training.renewal_due and training.renewal_due <= today + DUE_WITHIN
    ]
    return sorted(due, key=lambda r: (r.training.renewal_due, r.training.pk))


def holds(training: TrainingRecord | None, today: date) -> bool:
    return training is not None and (training.renewal_due is None or training.renewal_due >= today)


@dataclass(frozen=True)
class Gap:
    course: str
    label: str
    held_by: int
    lacking: list  # the workers without it (never taken, or lapsed)


def team_gaps(workers, records, today: date | None = None) -> list[Gap]:
    """For each course every worker needs (REQUIRED_TRAINING), who of `workers` lacks it;
    courses nobody holds first, then those fewest hold."""
    today = today or clock.today()
    latest = latest_training(records)
    gaps = []
    for course in settings.REQUIRED_TRAINING:
        if course not in COURSES:
            continue
        lacking = [w for w in workers if not holds(latest.get((w.pk, course)), today)]
        if lacking:
            held_by = len(workers) - len(lacking)
            gaps.append(Gap(course, COURSES.label(course), held_by, lacking))
    return sorted(gaps, key=lambda gap: (gap.held_by, gap.label))


def development_errors(*, course: str, topic: str, why: str) -> dict[str, str]:
    errors = {}
    if course and course not in COURSES:
        errors["course"] = "Select the course from the list"
    if not course and not topic:
        errors["course"] = "Choose a course from the list, or describe the topic in your words"
    limits = {"topic": ("topic", topic), "why": ("reason", why)}
    for field, (what, text) in limits.items():
        limit = DevelopmentRequest._meta.get_field(field).max_length
        if len(text) > limit:
            errors[field] = too_long(what, limit)
    return errors


def ask_for_development(
    *, worker, by, course: str = "", topic: str = "", why: str = "", request=None
) -> DevelopmentRequest:
    topic, why = topic.strip(), why.strip()
    refuse(development_errors(course=course, topic=topic, why=why))
    development = DevelopmentRequest(
        worker=worker, course=course, topic="" if course else topic, why=why
    )
    return save_recorded(
        development,
        by=by,
        audit=lambda saved: _staff_event(
            saved, action=AuditAction.CREATE, actor=by, request=request
        ),
    )


def development_counts(requests) -> list[tuple[str, int]]:
    """Requests counted by course, by label; topics in workers' own words counted together
    last (their words could name someone), for a commissioner's suppressed table."""
    by_course = dict(requests.values_list("course").annotate(n=Count("pk")).order_by())
    other = by_course.pop("", 0)
    rows = sorted((COURSES.label(course), n) for course, n in by_course.items())
    return rows + ([(OTHER_TOPICS, other)] if other else [])
