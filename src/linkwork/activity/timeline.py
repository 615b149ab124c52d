"""What meetings add to a case's timeline (listed in `casefile/timeline.py`): that the case
was discussed, and when; nothing else of the meeting (who attended, its note) reaches the
case."""

from linkwork.activity.models import Meeting
from linkwork.casework.models import Case
from linkwork.casework.timeline import Entry, start_of

SAID_AS = {"mdt": "MDT", "practice_meeting": "practice meeting"}


def meeting_entries(case: Case):
    meetings = Meeting.objects.filter(cases=case, activity__removed_at__isnull=True)
    for kind, on in meetings.values_list("activity__kind", "activity__on"):
        yield Entry(
            at=start_of(on),
            kind="meeting",
            title=f"Discussed at {SAID_AS[kind]} on {on:%-d %B %Y}",
            all_day=True,
        )
