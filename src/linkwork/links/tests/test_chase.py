"""Chasing an unanswered referral (decision 0147): recorded in one click on the link's
page, it takes the link off My day's "Links to chase" until the organisation has had as
long again to answer; the answer's due date, the organisation's part, stays as it was."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from linkwork.audit.models import Action, AuditEvent
from linkwork.links.models import Link
from linkwork.links.services import add_working_days, advance, response_due, to_chase

MY_DAY = reverse("home:link_worker")


def _sent_weeks_ago(world, weeks: int = 4) -> Link:
    Link.objects.filter(pk=world.link_x.pk).update(
        status="sent", sent_at=timezone.now() - timedelta(weeks=weeks)
    )
    return Link.objects.get(pk=world.link_x.pk)


def _to_chase() -> set[int]:
    return {link.pk for link in to_chase(Link.objects.all())}


def _chase(client, link):
    return client.post(reverse("links:chased", args=[link.pk]), follow=True)


def test_a_chase_takes_the_link_off_links_to_chase_until_as_long_again(client, world, settings):
    link = _sent_weeks_ago(world)
    due = response_due(link)
    assert link.pk in _to_chase()
    client.force_login(world.users["link_worker"])
    assert reverse("links:link", args=[link.pk]) in client.get(MY_DAY).content.decode()

    page = _chase(client, link).content.decode()
    assert "Chase recorded" in page
    assert "Last chased" in page
    link.refresh_from_db()
    assert (link.chased_by, link.chased_at.date()) == (
        world.users["link_worker"],
        timezone.now().date(),
    )
    assert response_due(link) == due  # the organisation's part is unchanged
    assert link.pk not in _to_chase()
    assert reverse("links:link", args=[link.pk]) not in client.get(MY_DAY).content.decode()
    assert AuditEvent.objects.filter(
        action=Action.CHANGE, object_id=str(link.pk), actor=world.users["link_worker"]
    ).exists()
    assert link.history.filter(chased_at__isnull=False).exists()

    again = add_working_days(timezone.localdate(), settings.LINK_RESPONSE_WORKING_DAYS)
    with time_machine.travel(again + timedelta(days=1, hours=12)):
        assert link.pk in _to_chase()
        client.force_login(world.users["link_worker"])  # signed out meanwhile
        assert "· chased " in client.get(MY_DAY).content.decode()


def test_a_referral_answered_has_nothing_to_chase(client, world):
    link = _sent_weeks_ago(world)
    advance(link=link, status="accepted", by=world.users["community_partner"], by_organisation=True)
    client.force_login(world.users["link_worker"])
    page = _chase(client, link).content.decode()
    assert "has answered this referral: nothing to chase" in page
    assert "I have chased them today" not in page
    link.refresh_from_db()
    assert link.chased_at is None


def test_a_worker_records_a_chase_over_http(world, api):
    link = _sent_weeks_ago(world)
    worker = api(world.users["link_worker"])
    chased = worker.post(f"/links/{link.pk}/chased", {})
    assert chased.status_code == 200
    assert chased.json()["chased_at"]
    assert link.pk not in _to_chase()
    partner = api(world.users["community_partner"])
    assert partner.post(f"/links/{link.pk}/chased", {}).status_code == 404
    assert "chased_at" not in {k for k, v in partner.get(f"/links/{link.pk}").json().items() if v}
    advance(link=link, status="accepted", by=world.users["community_partner"], by_organisation=True)
    refused = worker.post(f"/links/{link.pk}/chased", {})
    assert refused.status_code == 409
    assert "nothing to chase" in refused.json()["detail"]
