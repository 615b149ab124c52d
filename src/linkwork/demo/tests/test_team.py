"""The demo's team: Morag sees Craig overdue for supervision, Aileen's debrief waiting,
a renewal due soon and one overdue, and two development requests."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import User
from linkwork.team.models import DebriefRequest, DevelopmentRequest
from linkwork.team.summary import team_lead_panel, team_overview

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_the_demo_team_lead_has_supervision_debriefs_and_training_to_act_on(client, seeded_demo):
    morag = User.objects.get(username="morag")
    panel = team_lead_panel(morag)
    overdue = [row.worker.user.username for row in panel["wellbeing"] if row.overdue]
    assert "worker1" in overdue
    assert "aileen" not in overdue
    assert [d.worker.user.username for d in panel["debriefs_waiting"]] == ["aileen"]
    assert DebriefRequest.objects.filter(held_on__isnull=True).count() == 1
    renewals = team_overview(morag)["renewals"]
    assert {(r.training.course, r.overdue) for r in renewals} == {
        ("asist", False),
        ("lone_working", True),
    }
    assert DevelopmentRequest.objects.count() == 2
    client.force_login(morag)
    assert "Debrief requests waiting" in client.get(reverse("home:team_lead")).content.decode()
