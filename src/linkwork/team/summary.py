"""What a team lead sees of their team's wellbeing and training, on their home page and
at /team/: weeks since each worker's last supervision (overdue after
SUPERVISION_DUE_WEEKS), debriefs waiting, renewals due and what the team lacks."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Max, Q

from linkwork.accounts.authorisation import reach, visible, within
from linkwork.accounts.roles import Permission
from linkwork.core import clock
from linkwork.core.statements import statement
from linkwork.organisations.models import LinkWorker
from linkwork.team.models import DebriefRequest, DevelopmentRequest, TrainingRecord
from linkwork.team.training import renewals_due, team_gaps


@dataclass(frozen=True)
class WorkerWellbeing:
    worker: LinkWorker
    last_supervised: date | None
    weeks_since: int | None
    overdue: bool
    debriefs_waiting: int


def workers_of(user, permission: Permission):
    return _in_order(visible(user, permission, LinkWorker.objects.all()))


def _in_order(workers):
    return workers.select_related("user", "provider").order_by(
        "user__last_name", "user__first_name", "pk"
    )


def _with_supervision(workers):
    """Each worker's last supervision and debriefs waiting, as `wellbeing` reads them."""
    return workers.annotate(
        last=Max("supervisions__held_on"),
        waiting=Count(
            "debrief_requests", filter=Q(debrief_requests__held_on__isnull=True), distinct=True
        ),
    )


def wellbeing(supervised, today: date | None = None) -> list[WorkerWellbeing]:
    """`supervised`: workers as `_with_supervision` gives them."""
    today = today or clock.today()
    due_weeks = settings.SUPERVISION_DUE_WEEKS
    rows = []
    for worker in supervised:
        weeks = (today - worker.last).days // 7 if worker.last else None
        overdue = weeks is None or (today - worker.last).days > due_weeks * 7
        rows.append(WorkerWellbeing(worker, worker.last, weeks, overdue, worker.waiting))
    return rows


def team_lead_panel(user) -> dict:
    """The team lead's home page part: supervision, debriefs waiting, renewals due."""
    training = _training(reached=reach(user, Permission.VIEW_TRAINING, TrainingRecord))
    return {
        "wellbeing": wellbeing(
            _supervised(reached=reach(user, Permission.RECORD_SUPERVISION, LinkWorker))
        ),
        "debriefs_waiting": _debriefs_waiting(
            reached=reach(user, Permission.RECORD_SUPERVISION, DebriefRequest)
        ),
        "renewals_due": len(renewals_due(training)),
        "due_weeks": settings.SUPERVISION_DUE_WEEKS,
        "today": clock.today(),
    }


# The team lead's home page part: statements (decision 0151).


@statement
def _supervised(*, reached):
    return _with_supervision(_in_order(within(reached, LinkWorker.objects.all())))


@statement
def _debriefs_waiting(*, reached):
    waiting = within(reached, DebriefRequest.objects.filter(held_on__isnull=True))
    return waiting.select_related("worker__user", "case").order_by("asked_at", "pk")


@statement
def _training(*, reached):
    return within(reached, TrainingRecord.objects.all())


def team_overview(user) -> dict:
    """/team/: the workers the user sees (a team lead's team, a worker themself), their
    supervision, renewals due, the required courses they lack and development asked for."""
    workers = workers_of(user, Permission.VIEW_TRAINING)
    training = visible(user, Permission.VIEW_TRAINING, TrainingRecord.objects.all())
    training = training.select_related("worker__user")
    development = visible(user, Permission.VIEW_TRAINING, DevelopmentRequest.objects.all())
    return {
        "wellbeing": wellbeing(_with_supervision(workers)),
        "renewals": renewals_due(training),
        "gaps": team_gaps(list(workers), training),
        "development": list(development.select_related("worker__user")[:50]),
        "due_weeks": settings.SUPERVISION_DUE_WEEKS,
    }
