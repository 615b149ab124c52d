"""What meetings add to a case's timeline (listed in `casefile/timeline.py`): that the case
was discussed, and when; nothing else of the meeting (who attended, its note) reaches the
case."""

from linkwork.activity.models import Meeting
from linkwork.casework.models import Case
from linkwork.casework.timeline import Entry, start_of
from linkwork.core.statements import statement

SAID_AS = {"mdt": "MDT", "practice_meeting": "practice meeting"}


@statement
def _meetings(case_id):
    meetings = Meeting.objects.filter(cases=case_id, activity__removed_at__isnull=True)
    return meetings.values_list("activity__kind", "activity__on")


def meeting_entries(case: Case):
    for kind, on in _meetings(case.pk):
        yield Entry(
            at=start_of(on),
            kind="meeting",
            title=f"Discussed at {SAID_AS[kind]} on {on:%-d %B %Y}",
            all_day=True,
        )
