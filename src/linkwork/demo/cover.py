"""Cover and workload in the demo (decision 0096): Craig (worker1) is on leave now and Shona
(worker2) covers his practice; Liam (worker4) carries more cases than his places."""

from datetime import date, timedelta

from linkwork.accounts.models import RoleAssignment
from linkwork.accounts.roles import Role
from linkwork.casework.models import Case, CaseStatus
from linkwork.organisations import leave as leaves
from linkwork.organisations.models import LinkWorker

# Who is on leave today in the demo: nothing else seeded has them at work during it.
ON_LEAVE = "worker1"


def seed_cover(*, today: date) -> None:
    workers = {w.user.username: w for w in LinkWorker.objects.select_related("user", "provider")}
    craig, shona, liam = workers.get(ON_LEAVE), workers.get("worker2"), workers.get("worker4")
    if craig is None or shona is None:
        return
    lead = RoleAssignment.objects.filter(role=Role.TEAM_LEAD, provider=craig.provider).first()
    leaves.record_leave(
        details=leaves.LeaveDetails(
            link_worker=craig,
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=9),
            cover=shona,
            note="Back on the Monday after; urgent questions to Morag.",
        ),
        by=lead.user if lead else None,
    )
    if liam is not None:
        _over_capacity(liam)


def _over_capacity(worker: LinkWorker) -> None:
    """Two cases more than the worker's places (their WTE is 1.00 in the demo)."""
    open_cases = Case.objects.filter(link_worker=worker, status=CaseStatus.OPEN).count()
    worker.capacity = max(open_cases - 2, 1)
    worker.full_clean()
    worker.save(update_fields=["capacity"])
