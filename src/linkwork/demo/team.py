"""The team's demo records, made through the team's services: supervision (Craig overdue
for it), a debrief Aileen asked for that waits for Morag, training with one renewal due
soon and one overdue, and two development requests."""

from datetime import date, timedelta

from linkwork.accounts.models import User
from linkwork.organisations.models import LinkWorker
from linkwork.team.supervision import (
    AgreedAction,
    ask_for_debrief,
    discussable_cases,
    record_supervision,
)
from linkwork.team.training import add_months, ask_for_development, record_training

# (username, weeks since last supervision): craig (worker1) is past the six weeks.
SUPERVISED = [("aileen", 3), ("worker1", 9), ("worker2", 2), ("worker3", 5)]


def seed_team(*, today: date) -> None:
    morag = User.objects.get(username="morag")
    workers = {
        w.user.username: w
        for w in LinkWorker.objects.filter(provider__hscp__code="S37000015").select_related("user")
    }
    for username, weeks in SUPERVISED:
        _supervision(workers[username], morag, today - timedelta(weeks=weeks))
    aileen = workers["aileen"]
    heavy = discussable_cases(aileen).filter(status="open").last()
    ask_for_debrief(
        case=heavy, by=aileen.user, note="Disclosure of domestic abuse at the home visit"
    )
    _training(workers, morag, today)
    ask_for_development(
        worker=aileen,
        by=aileen.user,
        course="motivational_interviewing",
        why="People who are stuck between wanting to change and not",
    )
    ask_for_development(
        worker=workers["nadia"],
        by=workers["nadia"].user,
        topic="Working with interpreters",
        why="Most people I see speak Arabic or Tigrinya",
    )


def _supervision(worker, lead, held_on: date) -> None:
    cases = list(discussable_cases(worker).filter(status="open")[:2])
    record_supervision(
        worker=worker,
        by=lead,
        held_on=held_on,
        notes="Caseload steady. Talked through the cases below; workload manageable.",
        cases=cases,
        actions=[
            AgreedAction("Book a place on the next group work course", held_on + timedelta(weeks=4))
        ],
    )


def _training(workers, lead, today: date) -> None:
    aileen, craig = workers["aileen"], workers["worker1"]
    # Aileen's ASIST is due for renewal within the month; Craig's lone working has lapsed.
    record_training(
        worker=aileen, by=aileen.user, course="asist", completed_on=add_months(today, -35)
    )
    record_training(
        worker=aileen,
        by=aileen.user,
        course="safeguarding_adults",
        completed_on=today - timedelta(days=200),
    )
    record_training(
        worker=craig, by=lead, course="lone_working", completed_on=today - timedelta(days=400)
    )
    for worker in workers.values():
        record_training(
            worker=worker,
            by=lead,
            course="trauma_informed",
            completed_on=today - timedelta(days=300),
        )
