"""Following a link up: due some weeks after the organisation accepted it, on My day and
the onward links list for the worker and in the partner portal for the organisation; the
first answer updates the link and closes the follow-up (decision 0102)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from linkwork.core import clock
from linkwork.links import follow_up
from linkwork.links.models import Link, LinkEvent
from linkwork.links.services import LinkRefused, advance
from linkwork.links.timeline import link_entries


def accept(link, user, weeks_ago: float):
    with clock.as_of(timezone.now() - timedelta(weeks=weeks_ago)):
        return advance(link=link, status="accepted", by=user, by_organisation=True)


@pytest.fixture
def accepted(world):
    """link_x accepted seven weeks ago (its follow-up due), link_other a week ago (not)."""
    partner = world.users["community_partner"]
    accept(world.link_x, partner, 7)
    accept(world.link_other, world.users["link_worker"], 1)
    return world.link_x, world.link_other


def due_ids(links=None) -> set[int]:
    return set(follow_up.due(links or Link.objects.all()).values_list("pk", flat=True))


@pytest.fixture
def sunday_late_evening():
    """23:30 on 6 December 2026: seven weeks earlier was 00:30 on 19 October, British
    Summer Time, the day after in UTC (the test once failed in that hour alone)."""
    with time_machine.travel(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), tick=False):
        yield


def test_a_follow_up_falls_due_the_set_weeks_after_acceptance(world, accepted, settings):
    due, recent = accepted
    assert due_ids() == {due.pk}
    accepted_on = timezone.localtime(timezone.now() - timedelta(weeks=7)).date()
    assert follow_up.due_on(due) == accepted_on + timedelta(weeks=6)
    settings.LINKWORK_LINK_FOLLOW_UP_WEEKS = 8
    assert due_ids() == set()
    settings.LINKWORK_LINK_FOLLOW_UP_WEEKS = 1
    assert due_ids() == {due.pk, recent.pk}


def test_the_due_day_counts_from_the_local_day_of_acceptance(sunday_late_evening, world, accepted):
    """Accepted at 00:30 BST on 19 October (23:30 UTC on the 18th): due six weeks after the
    19th, whatever the hour now."""
    due, _ = accepted
    assert timezone.localtime(due.events.get(status="accepted").at).date() == date(2026, 10, 19)
    assert follow_up.due_on(due) == date(2026, 11, 30)


def test_the_worker_sees_links_to_follow_up_on_my_day_and_the_links_list(client, world, accepted):
    client.force_login(world.users["link_worker"])
    home = client.get(reverse("home:link_worker")).content.decode()
    section = home.split("Links to follow up")[1].split("<h2")[0]
    assert world.service_x.name in section
    assert world.other_service.name not in section
    listed = client.get("/links/", {"status": "follow_up"}).content.decode()
    assert world.service_x.name in listed
    assert world.other_service.name not in listed
    page = client.get(reverse("links:link", args=[world.link_x.pk])).content.decode()
    assert f"how is {world.case_x.person.given_name} getting on?" in page


def test_the_partner_answers_and_the_worker_sees_it(client, world, accepted):
    partner = world.users["community_partner"]
    client.force_login(partner)
    home = client.get(reverse("home:partner")).content.decode()
    assert "1 to tell the link worker how they are getting on" in home
    cards = client.get(reverse("links:partner_links")).content.decode()
    question = f"How is {world.link_x.shared_name} getting on?"
    assert question in cards
    url = reverse("links:follow_up", args=[world.link_x.pk])
    response = client.post(url, {"answer": "never_started", "note": "Came once to ask"})
    assert response.status_code == 302
    link = Link.objects.get(pk=world.link_x.pk)
    assert (link.status, link.follow_up_answer) == ("stopped", "never_started")
    event = link.events.get(follow_up="never_started")
    assert event.by_organisation
    assert event.note == "Came once to ask"
    assert question not in client.get(reverse("links:partner_links")).content.decode()

    client.force_login(world.users["link_worker"])
    page = client.get(reverse("links:link", args=[link.pk])).content.decode()
    assert "Follow-up: never started (stopped)" in page
    titles = [entry.title for entry in link_entries(world.case_x)]
    assert f"Link to {world.service_x.name}: followed up, never started" in titles
    assert "Save the follow-up" not in page
    home = client.get(reverse("home:link_worker")).content.decode()
    assert world.service_x.name not in home.split("Links to follow up")[1].split("<h2")[0]
    # The worker's answer comes too late: the first one closed it.
    client.post(url, {"answer": "attending"})
    assert Link.objects.get(pk=link.pk).status == "stopped"


def test_the_workers_answer_still_attending_marks_the_link_first_attended(client, world, accepted):
    client.force_login(world.users["link_worker"])
    url = reverse("links:follow_up", args=[world.link_x.pk])
    client.post(url, {"answer": "attending"})
    link = Link.objects.get(pk=world.link_x.pk)
    assert (link.status, link.follow_up_answer) == ("first_attended", "attending")
    assert not link.events.get(follow_up="attending").by_organisation


def test_an_answer_must_be_chosen_and_the_form_names_it(client, world, accepted):
    client.force_login(world.users["link_worker"])
    response = client.post(reverse("links:follow_up", args=[world.link_x.pk]), {"note": "x"})
    assert response.status_code == 400
    assert "Choose how they are getting on" in response.content.decode()
    assert Link.objects.get(pk=world.link_x.pk).followed_up_at is None


def test_a_follow_up_not_due_is_refused(world, accepted):
    with pytest.raises(LinkRefused):
        follow_up.answer_follow_up(
            link=world.link_other, answer="finished", by=world.users["link_worker"]
        )
    assert not LinkEvent.objects.filter(link=world.link_other, follow_up__gt="").exists()


def test_another_organisation_cannot_answer(client, world, accepted):
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.accounts.tests.factories import UserFactory

    stranger = UserFactory(username="other_partner")
    assign_role(user=stranger, role=Role.COMMUNITY_PARTNER, community_organisation=world.other_org)
    client.force_login(stranger)
    response = client.post(
        reverse("links:follow_up", args=[world.link_x.pk]), {"answer": "finished"}
    )
    assert response.status_code == 404
    assert Link.objects.get(pk=world.link_x.pk).followed_up_at is None
