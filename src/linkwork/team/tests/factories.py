"""Team records on the shared world, built through the team's services."""

from datetime import timedelta

from linkwork.core import clock
from linkwork.team.supervision import AgreedAction, ask_for_debrief, record_supervision


def supervision_of_worker_a(world, *, weeks_ago: int = 1):
    """The team lead's supervision with link_worker, discussing case_x."""
    return record_supervision(
        worker=world.worker_a,
        by=world.users["team_lead"],
        held_on=clock.today() - timedelta(weeks=weeks_ago),
        notes="Talked through a hard week; plan a lighter Friday",
        cases=[world.case_x],
        actions=[AgreedAction("Book ASIST refresher", clock.today() + timedelta(days=30))],
    )


def debrief_on_case_x(world, note: str = "The home visit was hard"):
    return ask_for_debrief(case=world.case_x, by=world.users["link_worker"], note=note)
