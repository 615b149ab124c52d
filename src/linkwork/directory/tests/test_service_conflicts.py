"""Two people editing one service from the same version: the second is refused, told and
shown what the first saved, keeps what they typed, and may save again once they have
read it (decision 0114). Before, the second form put the first's change back unseen."""

import html
import re

from django.urls import reverse

from linkwork.directory.models import Service
from linkwork.directory.service_forms import initial_for
from linkwork.directory.tests.test_directory_pages import _as_post


def opened(service) -> dict:
    """The edit form as it was posted back unchanged: what the page held at this version."""
    return _as_post(initial_for(Service.objects.get(pk=service.pk)))


def test_the_second_edit_is_shown_what_changed_and_nothing_is_put_back(client, world):
    service = world.service_x
    Service.objects.filter(pk=service.pk).update(description="Walks", referral_phone="")
    url = reverse("directory:edit_service", args=[service.pk])
    partner_form, worker_form = opened(service), opened(service)
    client.force_login(world.users["community_partner"])
    saved = client.post(url, partner_form | {"description": "Walks on Tuesdays and Thursdays"})
    assert saved.status_code == 302
    client.force_login(world.users["link_worker"])
    # The worker changes only the phone; their form still holds the old description.
    second = client.post(url, worker_form | {"referral_phone": "0141 496 0000"})
    assert second.status_code == 400
    page = html.unescape(second.content.decode())
    assert "Someone else changed this service while you were editing it" in page
    assert "Someone else saved “Walks on Tuesdays and Thursdays” here" in page
    assert 'value="0141 496 0000"' in page  # what they typed is kept
    service.refresh_from_db()
    assert service.description == "Walks on Tuesdays and Thursdays"
    assert service.referral_phone != "0141 496 0000"

    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    again = client.post(
        url, opened(service) | {"referral_phone": "0141 496 0000"} | {"version": version}
    )
    assert again.status_code == 302
    service.refresh_from_db()
    assert (service.description, service.referral_phone) == (
        "Walks on Tuesdays and Thursdays",
        "0141 496 0000",
    )
