"""The support given on a link (decision 0070): asked when referring, set by a signpost,
corrected from the link's page with history, shown on the case's timeline, and in the
API for the worker but not for the organisation."""

import pytest
from django.urls import reverse

from linkwork.casefile.timeline import timeline
from linkwork.links.models import Link
from linkwork.links.tests.test_links import refer_afresh


@pytest.fixture
def worker_client(client, world):
    client.force_login(world.users["link_worker"])
    return client


def refer(client, world, **fields):
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    return client.post(url, {"need": "food", "consent_to_share": "on", "action": "send", **fields})


def test_referring_asks_what_support_was_given_with_plain_words(worker_client, world):
    refer_afresh(world)
    url = reverse("links:refer", args=[world.case_x.pk, world.service_x.pk])
    page = worker_client.get(url).content.decode()
    assert "Made the referral together with the person" in page
    assert 'value="signposted"' not in page  # a signpost is its own button
    before = Link.objects.count()
    refused = refer(worker_client, world)
    assert refused.status_code == 400
    assert "Choose the support you gave" in refused.content.decode()
    assert Link.objects.count() == before
    assert refer(worker_client, world, support_type="accompanied").status_code == 302
    assert Link.objects.get(need="food").support_type == "accompanied"


def test_a_signpost_is_recorded_as_signposting(worker_client, world):
    worker_client.post(reverse("links:signpost", args=[world.case_x.pk, world.service_x.pk]))
    assert Link.objects.get(status="signposted").support_type == "signposted"


def test_the_support_is_corrected_from_the_links_page_and_shown_on_the_timeline(
    worker_client, world
):
    link = world.link_x
    assert link.support_type == ""  # made before it was asked
    page = worker_client.get(reverse("links:link", args=[link.pk])).content.decode()
    assert "Not recorded" in page
    url = reverse("links:link_support", args=[link.pk])
    refused = worker_client.post(url, {})
    assert refused.status_code == 400
    assert "Choose the support you gave" in refused.content.decode()
    assert worker_client.post(url, {"support_type": "advocacy"}).status_code == 302
    link.refresh_from_db()
    assert link.support_type == "advocacy"
    assert list(link.history.order_by("history_id").values_list("support_type", flat=True))[
        -2:
    ] == ["", "advocacy"]
    entry = next(e for e in timeline(world.case_x) if e.href.endswith(f"/links/{link.pk}/"))
    assert "Support: advocacy" in entry.detail


def test_a_partner_may_not_set_the_support_given(client, world):
    client.force_login(world.users["community_partner"])
    url = reverse("links:link_support", args=[world.link_x.pk])
    assert client.post(url, {"support_type": "advocacy"}).status_code == 404
    world.link_x.refresh_from_db()
    assert world.link_x.support_type == ""
