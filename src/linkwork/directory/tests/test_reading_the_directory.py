"""Practice and host setting staff read the directory to signpost simple needs themselves:
search and service pages, with no person, no one named and no action (decision 0102)."""

import pytest
from django.db import connection
from django.urls import reverse

from linkwork.accounts.authorisation import reads_directory_only
from linkwork.accounts.tests.writes import Writes
from linkwork.directory.services import set_capacity

# Where each action's link or form goes: linking, unmet needs, suggesting and keeping.
ACTIONS = ("/refer/", "/signpost/", "/unmet-needs/", "/suggest", "/to-check/", "/capacity/",
           "/edit/", "/verify/", "Record the unmet need")  # fmt: skip


@pytest.fixture
def staff(client, world):
    """Practice staff signed in; service_x's capacity set by its worker, who is named to
    those who keep the directory."""
    set_capacity(service=world.service_x, status="waiting_list", by=world.users["link_worker"])
    client.force_login(world.users["practice_staff"])
    return client


def test_only_practice_and_host_setting_staff_read_the_directory_only(world):
    readers = {name for name, user in world.users.items() if reads_directory_only(user)}
    assert readers == {"practice_staff", "host_setting_staff"}


@pytest.mark.parametrize("username", ["practice_staff", "host_setting_staff"])
def test_staff_search_and_see_services_with_no_action(client, world, username):
    client.force_login(world.users[username])
    response = client.get(reverse("directory:search"), {"need": "physical_activity"})
    page = response.content.decode()
    assert response.status_code == 200
    assert world.service_x.name in page
    assert "How to refer" in page
    assert "refer them to the link worker" in page
    for action in ACTIONS:
        assert action not in page, action


def test_the_service_page_names_no_one_and_offers_nothing_to_do(staff, world):
    page = staff.get(reverse("directory:service", args=[world.service_x.pk])).content.decode()
    assert world.service_x.name in page
    assert "Set by a link worker on" in page
    assert world.users["link_worker"].get_full_name() not in page
    assert ">History</h2>" not in page  # the change history panel
    for action in ACTIONS:
        assert action not in page, action


def test_a_case_in_the_address_is_a_404(staff, world):
    search = staff.get(reverse("directory:search"), {"case": world.case_x.pk, "q": "walk"})
    service = staff.get(reverse("directory:service", args=[world.service_x.pk]), {"case": 1})
    assert (search.status_code, service.status_code) == (404, 404)
    assert world.case_x.person.family_name not in search.content.decode()


def test_staff_cannot_link_signpost_record_an_unmet_need_or_suggest(staff, world):
    case, service = world.case_x.pk, world.service_x.pk
    posts = {
        reverse("links:refer", args=[case, service]): {"need": "food", "support_type": "x"},
        reverse("links:signpost", args=[case, service]): {"need": "food"},
        reverse("directory:record_unmet_need"): {"need": "food", "reason": "none_exists"},
        reverse("directory:suggest_change", args=[service]): {"note": "x"},
        reverse("directory:set_capacity", args=[service]): {"status": "full"},
    }
    for url, data in posts.items():
        writes = Writes()
        with connection.execute_wrapper(writes):
            response = staff.post(url, data)
        assert response.status_code in (403, 404), url
        assert not writes.seen, url
