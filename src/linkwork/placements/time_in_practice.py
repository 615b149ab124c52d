"""The time each worker actually spends in each practice, over a period.

Time comes from sources, each a function (workers, practices, since, until) giving
(worker id, practice id, minutes, count) rows. Sessions held face to face in the
practice are the one source here; the team lead's overview adds the practice-based time
the worker logged there (activity/time_split.py: logged_in_practices; decision 0098).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.utils import timezone

from linkwork.casework.models import Session
from linkwork.casework.rules import ATTENDED_OUTCOMES
from linkwork.organisations.models import PracticeAttachment

Source = Callable[..., Iterable[tuple[int, int, int, int]]]
PERIOD_WEEKS = 4


def in_practice_sessions(workers, practices, since: date, until: date):
    """Attended sessions in the practice, of cases registered there, by the case's worker."""
    rows = (
        Session.objects.filter(
            mode="in_practice",
            outcome__in=ATTENDED_OUTCOMES,
            starts_at__gte=_start_of(since),
            starts_at__lt=_start_of(until + timedelta(days=1)),
            case__link_worker__in=workers,
            case__practice__in=practices,
        )
        .values_list("case__link_worker_id", "case__practice_id")
        .annotate(minutes=Sum("duration_minutes"), count=Count("pk"))
    )
    return [(worker, practice, minutes or 0, count) for worker, practice, minutes, count in rows]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class TimeInPractice:
    worker: object
    practice: object
    working_days: str
    minutes: int = 0
    sessions: int = 0

    @property
    def hours(self) -> str:
        return f"{self.minutes / 60:.1f}"

    @property
    def hours_a_week(self) -> str:
        return f"{self.minutes / 60 / PERIOD_WEEKS:.1f}"


def time_in_practices(
    workers, practices, *, until: date | None = None, sources: Iterable[Source] = ()
) -> list[TimeInPractice]:
    """Each worker placed in each of `practices`, and their time there over the last
    PERIOD_WEEKS weeks to `until` (today), from the sessions and any other `sources`."""
    until = until or timezone.localdate()
    since = until - timedelta(weeks=PERIOD_WEEKS) + timedelta(days=1)
    placements = PracticeAttachment.objects.filter(
        link_worker__in=workers, practice__in=practices
    ).select_related("link_worker__user", "practice")
    rows = {
        (a.link_worker_id, a.practice_id): TimeInPractice(
            a.link_worker, a.practice, a.working_days_label
        )
        for a in placements.order_by("practice__name", "link_worker__user__last_name")
    }
    for source in (in_practice_sessions, *sources):
        for worker_id, practice_id, minutes, count in source(workers, practices, since, until):
            row = rows.get((worker_id, practice_id))
            if row is not None:  # time where a worker is not placed is not this table's
                row.minutes += minutes
                row.sessions += count
    return list(rows.values())
