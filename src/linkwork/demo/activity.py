"""Demo time across the three domains: four weeks of logged activity for Glasgow's workers
(aileen's a full picture, her colleagues' lighter), and one MDT at which aileen discussed
two of her cases. Through the activity services, with its own random numbers so the rest
of the demo draws as before. Decision 0092."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from linkwork.activity import services
from linkwork.activity.time_split import week_of
from linkwork.core import clock
from linkwork.organisations.models import LinkWorker

WEEKS = 4
WORKERS = 6  # at any --scale: the demo's time is to look at, not to measure load with
# (weekday, kind, minutes, at their first practice?) in a typical week.
WEEK = [
    (0, "practice_meeting", 30, True),
    (1, "community_mapping", 120, False),
    (2, "network_meeting", 90, False),
    (3, "admin", 60, False),
    (3, "travel", 45, False),
    (4, "practice_development", 60, True),
]


def seed_activity(*, today: date, seed_value: int = 92) -> None:
    rng = random.Random(seed_value)  # noqa: S311 (synthetic data, not secrets)
    workers = LinkWorker.objects.filter(provider__hscp__name="Glasgow City HSCP").order_by("pk")
    for index, worker in enumerate(workers.select_related("user")[:WORKERS]):
        practice = worker.practices.order_by("name").first()
        for weeks_ago in range(WEEKS):
            monday = week_of(today) - timedelta(weeks=weeks_ago)
            for weekday, kind, minutes, at_practice in WEEK:
                on = monday + timedelta(days=weekday)
                # aileen logs every week; her colleagues skip some entries.
                if on > today or (index and rng.random() < 0.4):
                    continue
                with clock.as_of(_at(on)):
                    services.log_activity(
                        worker=worker,
                        by=worker.user,
                        kind=kind,
                        on=on,
                        minutes=minutes + 15 * rng.randrange(-1, 2),
                        practice=practice if at_practice else None,
                    )
    _mdt(workers.first(), today)


def _mdt(aileen: LinkWorker, today: date) -> None:
    """Last week's MDT at aileen's first practice, two of her open cases discussed."""
    on = week_of(today) - timedelta(days=5)  # last Wednesday
    with clock.as_of(_at(on)):
        services.record_meeting(
            worker=aileen,
            by=aileen.user,
            kind="mdt",
            on=on,
            minutes=60,
            practice=aileen.practices.order_by("name").first(),
            attendees="Dr Shah, practice nurse, district nurse, community mental health nurse",
            cases=list(services.discussable_cases(aileen).filter(opened_on__lte=on)[:2]),
            note="Monthly MDT",
        )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 0)))
