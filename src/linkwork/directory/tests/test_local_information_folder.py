"""A practice's local information folder: the directory's services near the practice by
need, with capacity, how to refer, contact and opening, read when asked for and dated; a
PDF for the practice's staff and the workers placed there (decision 0102)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from linkwork.core.codelists import codelist
from linkwork.directory import folder
from linkwork.directory.services import create_organisation, set_capacity
from linkwork.directory.tests.factories import service


@pytest.fixture
def nearby(world):
    """Near practice X (Govan): a food larder on a waiting list, a phone-only debt line;
    service_x and other_service (physical activity) are in Govan too."""
    worker = world.users["link_worker"]
    org = create_organisation(name="Elderpark Trust", hscp=world.hscp_a)
    larder = service(
        org,
        "Elderpark larder",
        needs=["food"],
        by=worker,
        referral_phone="0141 000 0000",
        how_to_refer=["self_refer"],
    )
    set_capacity(service=larder, status="waiting_list", wait_weeks=3, by=worker)
    service(org, "Debt line", needs=["debt"], postcode="", by=worker, by_phone=True)
    return larder


def test_the_folder_lists_services_near_the_practice_by_need(world, nearby):
    made = folder.build(world.practice_x)
    sections = {section.label: section for section in made.sections}
    assert made.made_on == timezone.localdate()
    assert made.near
    assert [e.service.name for e in sections["Food"].entries] == ["Elderpark larder"]
    larder = sections["Food"].entries[0]
    assert larder.capacity["text"] == "Waiting list: about 3 weeks"
    assert "0141 000 0000" in larder.contact
    assert larder.how_to_refer == "The person can refer themself"
    assert "Tuesday 10:00–12:00" in larder.opening
    assert "km" in larder.where or " m" in larder.where
    assert [e.where for e in sections["Debt"].entries] == ["Phone or online"]
    activity = {e.service.name for e in sections["Physical activity"].entries}
    assert activity == {world.service_x.name, world.other_service.name}
    assert "Housing" in made.without
    needs = [code.label for code in codelist("needs").codes]
    assert list(sections) == sorted(sections, key=needs.index)  # the need list's order


def test_the_practice_gets_its_folder_as_a_pdf(client, world, nearby):
    client.force_login(world.users["practice_staff"])
    home = client.get(reverse("home:practice")).content.decode()
    url = reverse("directory:local_information_folder", args=[world.practice_x.pk])
    assert f'href="{url}"' in home
    assert "Local information folder (PDF)" in home
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert world.practice_x.code in response["Content-Disposition"]


@pytest.mark.parametrize("username", ["practice_staff", "link_worker"])
def test_another_practices_folder_is_a_404(client, world, username):
    client.force_login(world.users[username])
    url = reverse("directory:local_information_folder", args=[world.practice_y.pk])
    assert client.get(url).status_code == 404
