"""The demo's practice relationships: practices with and without a room, a lead GP at
Govan Health Centre, one concern answered and one waiting for the team lead and Dr Shah."""

import pytest
from django.urls import reverse

from linkwork.accounts.models import User

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo")]  # the one seeding's group


def test_the_team_lead_sees_the_gaps_and_a_concern_waiting(client, seeded_demo):
    client.force_login(User.objects.get(username="morag"))
    overview = client.get(reverse("placements:overview")).content.decode()
    assert "No room on Tuesdays at " in overview
    assert "Hours a week" in overview
    home = client.get(reverse("home:team_lead")).content.decode()
    assert "Concerns waiting: 1" in home


def test_dr_shah_is_lead_gp_and_reads_both_concerns(client, seeded_demo):
    client.force_login(User.objects.get(username="drshah"))
    home = client.get(reverse("home:practice")).content.decode()
    assert "1 waiting for your answer" in home
    concerns = client.get(reverse("placements:concerns")).content.decode()
    assert "No room on Tuesdays" in concerns
    assert "Room booking clash" in concerns
    assert "Answered" in concerns


def test_the_receptionist_sees_the_lead_gp_and_cannot_change_them(client, seeded_demo):
    from linkwork.organisations.models import Practice

    client.force_login(User.objects.get(username="lorraine"))
    govan = Practice.objects.get(name="Govan Health Centre")
    page = client.get(reverse("placements:edit_relationship", args=[govan.code])).content.decode()
    assert 'name="lead_gp"' not in page
    assert "Priya Shah" in page
