"""Demo group activities: a walking group and a cooking group in Glasgow, each with a few
weekly meetings behind it and their attendance, for people from two workers' caseloads.
Built through the groups services, so each attendance is a group session on the case."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from linkwork.casework.models import Case, CaseStatus
from linkwork.core import clock
from linkwork.groups import services
from linkwork.organisations.models import LinkWorker

PAST_MEETINGS = 3
# Who came to each meeting, person by person (cycled): mostly there, sometimes not.
PATTERN = ["attended", "attended", "did_not_attend", "attended", "cancelled_by_person"]


def seed_groups(*, today: date) -> None:
    aileen = LinkWorker.objects.select_related("provider", "user").get(user__username="aileen")
    craig = LinkWorker.objects.select_related("user").get(user__username="worker1")
    walking = _group(
        aileen,
        co_worker=craig,
        name="Govan walking group",
        description="An easy hour round Elder Park, then tea. Everyone welcome at their own pace.",
        venue="Elder Park gates, Langlands Road",
        starts=_weekday_before(today, weekday=1, at=time(10, 30)),  # Tuesdays
        minutes=60,
        listed=True,
    )
    cooking = _group(
        craig,
        co_worker=None,
        name="Cook and eat together",
        description="Cooking a cheap, healthy meal together and eating it; recipes to take home.",
        venue="Pollok Community Kitchen",
        starts=_weekday_before(today, weekday=3, at=time(13, 0)),  # Thursdays
        minutes=120,
        listed=False,
    )
    for group, workers in ((walking, [aileen, craig]), (cooking, [craig, aileen])):
        _invite_and_attend(group, workers)


def _weekday_before(today: date, *, weekday: int, at: time) -> datetime:
    """The first of PAST_MEETINGS weekly meetings on `weekday`, the last before today."""
    last = today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    first = last - timedelta(weeks=PAST_MEETINGS - 1)
    return timezone.make_aware(datetime.combine(first, at))


def _group(lead, *, co_worker, name, description, venue, starts, minutes, listed):
    with clock.as_of(starts - timedelta(days=14)):
        group = services.create_group(
            lead=lead,
            co_worker=co_worker,
            name=name,
            description=description,
            venue=venue,
            postcode="G51 3TR" if listed else "",
            capacity=12,
            list_in_directory=listed,
            need="physical_activity" if listed else "",
            by=lead.user,
        )
        # Those behind it, and the next one to come.
        services.add_meetings(
            group=group,
            starts_at=starts,
            duration_minutes=minutes,
            weeks=PAST_MEETINGS + 1,
            by=lead.user,
        )
    return group


def _invite_and_attend(group, workers) -> None:
    first = group.meetings.first()
    for worker in workers:
        cases = Case.objects.filter(
            link_worker=worker, status=CaseStatus.OPEN, opened_on__lt=first.starts_at.date()
        ).order_by("pk")[:3]
        with clock.as_of(first.starts_at - timedelta(days=7)):
            services.invite(group=group, cases=list(cases), by=worker.user)
    members = list(group.members.select_related("case__person"))
    now = timezone.now()
    for number, meeting in enumerate(group.meetings.filter(starts_at__lt=now)):
        outcomes = {m: PATTERN[(number + i) % len(PATTERN)] for i, m in enumerate(members)}
        with clock.as_of(meeting.starts_at + timedelta(hours=3)):
            services.record_attendance(meeting=meeting, outcomes=outcomes, by=group.lead.user)
